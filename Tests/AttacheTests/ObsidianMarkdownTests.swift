@testable import AttacheModel
@testable import AttacheMarkdown
@testable import AttacheSite
import Foundation
import Testing

/// Obsidian's Markdown (callouts, comments, highlights, block ids, escaped
/// wiki-links), built as whole sites and checked on the exact HTML.
@Suite("Obsidian Markdown")
struct ObsidianMarkdownTests {
    /// A site of notes in `notes/` (kinds from the folders), with `body` as the note `a`.
    func site(_ body: String, more: [String: String] = [:]) throws -> TestSite {
        var files = ["Content/notes/a.md": entry("A", body: body), "Content/notes/b.md": entry("B", body: "See [[a]].")]
        files.merge(more) { $1 }
        return try TestSite(files, taxonomy: nil)
    }

    @Test func aFoldableCalloutIsADetailsElementOpenForPlus() throws {
        let site = try site("""
        > [!tip]+ Use *this* title
        > Body of the tip
        > on two lines.
        >
        > A second paragraph.

        > [!faq]- Closed
        > Hidden until opened.
        """)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <details class="callout callout-tip" data-callout="tip" open>
        <summary class="callout-title">
        Use <em>this</em> title
        </summary>
        <p>Body of the tip
        on two lines.</p>
        <p>A second paragraph.</p>
        </details>
        <details class="callout callout-question" data-callout="faq">
        <summary class="callout-title">
        Closed
        </summary>
        <p>Hidden until opened.</p>
        </details>
        """)
    }

    @Test func aCalloutWithoutTitleIsTitledByItsTypeAndUnknownTypesLookLikeNotes() throws {
        let site = try site("""
        > [!WARNING]
        > Careful.

        > [!recipe]
        > Flour.

        > [!note] Outer
        > > [!hint] Inner
        > > Nested.

        > [!not a callout]
        > A quote.
        """)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <div class="callout callout-warning" data-callout="warning" role="note">
        <p class="callout-title">
        Warning
        </p>
        <p>Careful.</p>
        </div>
        <div class="callout callout-note" data-callout="recipe" role="note">
        <p class="callout-title">
        Recipe
        </p>
        <p>Flour.</p>
        </div>
        <div class="callout callout-note" data-callout="note" role="note">
        <p class="callout-title">
        Outer
        </p>
        <div class="callout callout-tip" data-callout="hint" role="note">
        <p class="callout-title">
        Inner
        </p>
        <p>Nested.</p>
        </div>
        </div>
        <blockquote>
        <p>[!not a callout]
        A quote.</p>
        </blockquote>
        """)
    }

    @Test func commentsAreNeverPublishedInlineOrAcrossParagraphs() throws {
        let site = try site("""
        Shown %%hidden inline%% and shown.

        %%
        A hidden paragraph with the word zanzibarword.

        - a hidden list

        ```
        hidden code
        ```
        %%

        Code keeps its marks: `%%not a comment%%`.

        ```
        %% neither here %%
        ```
        """)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p>Shown  and shown.</p>
        <p>Code keeps its marks: <code>%%not a comment%%</code>.</p>
        <pre><code>%% neither here %%
        </code></pre>
        """)
        // Not in the search index either.
        #expect(!site.anyFile(under: "Output/search", contains: "zanzibarword"))
        #expect(site.anyFile(under: "Output/search", contains: "shown"))
    }

    @Test func aCommentThatNeverClosesHidesTheRestAndIsReported() throws {
        let site = try site("Before.\n\nOpen %%here\n\nand never closed.")
        defer { site.remove() }
        let report = site.build()
        #expect(report.warnings.contains("Content/notes/a.md:6:6: warning: `%%` opens a comment that is never closed; the rest of the note is hidden"))
        #expect(site.body("Output/notes/a/index.html") == "<p>Before.</p>\n<p>Open </p>")
    }

    @Test func linksInsideCommentsAreNeitherLinksNorProblems() throws {
        let site = try site("Text %%see [[missing]]%% end.")
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == "<p>Text  end.</p>")
    }

    @Test func highlightsAreMarkElements() throws {
        let site = try site("A ==highlighted *em* and [[b]]== word, a == b, ===x===, and ==  spaced ==.\n\n# ==Title==")
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p>A <mark>highlighted <em>em</em> and <a href="/notes/b/">B</a></mark> word, a == b, ===x===, and ==  spaced ==.</p>
        <h1 id="title">
        <mark>Title</mark>
         <a class="heading-anchor" href="#title" aria-label="Link to this section: Title">#</a></h1>
        """)
    }

    @Test func blockIDsBecomeAnchorsAndAreNotShown() throws {
        let site = try site("""
        A paragraph. ^para-1

        - one ^item
        - two

        | a |
        |---|
        | 1 |

        ^table

        Cost x^2 stays.
        """)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p id="^para-1">
        A paragraph.
        </p>
        <ul>
        <li><span id="^item">one</span></li>
        <li>two</li>
        </ul>
        <div id="^table">
        <table>
        <thead>
        <tr>
        <th>a</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>1</td>
        </tr>
        </tbody>
        </table>
        </div>
        <p>Cost x^2 stays.</p>
        """)
    }

    @Test func escapedWikiLinksStayTextAndAreNotReported() throws {
        let site = try site("Write \\[\\[not a link\\]\\] or \\[[half]] but [[b]] links.\n\n> quoted \\[\\[also not\\]\\]")
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p>Write [[not a link]] or [[half]] but <a href="/notes/b/">B</a> links.</p>
        <blockquote>
        <p>quoted [[also not]]</p>
        </blockquote>
        """)
    }

    @Test func obsidianSyntaxInCodeIsLeftAlone() throws {
        let site = try site("`==x== %%y%% [[z]] ^id`\n\n```\n> [!tip]\n==x==\n```")
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p><code>==x== %%y%% [[z]] ^id</code></p>
        <pre><code>&gt; [!tip]
        ==x==
        </code></pre>
        """)
    }
}
