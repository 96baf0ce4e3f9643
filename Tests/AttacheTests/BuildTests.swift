@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("Building a site")
struct BuildTests {
    @Test func buildsHomeKindIndexesEntriesAnd404() throws {
        let site = try TestSite([
            "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Keeping the peace.", body: "## History\n\nSome **bold** text."),
            "Content/organizations/nato.md": entry("NATO", "runs: [peacekeeping]"),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == ["Content/organizations/nato.md:1:1: warning: orphan: no relation or link points to `nato`"])
        // home, the graph and search pages, 3 kind indexes, 2 entries, the regions facet, 404
        #expect(report.pagesWritten == 10)
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("<h1>Test KB</h1>"))
        #expect(home.contains("href=\"/strategies/peacekeeping/\">Peacekeeping</a>"))
        #expect(home.contains("href=\"/case-studies/\">Case studies</a>"))
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        #expect(page.contains("<h1>Peacekeeping</h1>"))
        #expect(page.contains("<p class=\"lead\">Keeping the peace.</p>"))
        #expect(page.contains("<strong>bold</strong>"))
        #expect(page.contains("<h2 id=\"history\">"))
        #expect(site.exists("Output/strategies/index.html"))
        #expect(site.exists("Output/404.html"))
        #expect(site.exists("Output/sitemap.xml"))
        #expect(site.exists("Output/feed.xml"))
        #expect(site.read("Output/robots.txt") == "User-agent: *\nAllow: /\n")
        #expect(report.summaryLine.hasPrefix("Built 10 pages from 2 entries, 1 warning, in "))
    }

    @Test func gfmExtensionsAreOn() throws {
        let body = """
        | a | b |
        |---|--:|
        | 1 | 2 |

        ~~gone~~ and https://example.org and a note[^1].

        - [x] done

        [^1]: The note.
        """
        let site = try TestSite(["Content/strategies/s.md": entry("S", body: body)])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/s/index.html"))
        #expect(page.contains("<table>"))
        // Alignment as a style the page's Content-Security-Policy allows by hash (`align` is obsolete HTML).
        #expect(page.contains("<td style=\"text-align: right\">2</td>"))
        #expect(page.contains("'sha256-i0JPB0qmRu5AViJTxOIzqXnfGoiWFw+oNAm4uJd7ZQk='"))
        #expect(page.contains("<del>gone</del>"))
        #expect(page.contains("<a href=\"https://example.org\">https://example.org</a>"))
        // Task-list checkboxes are labelled by their item's text.
        #expect(page.contains("<label class=\"task\"><input type=\"checkbox\" disabled checked> done</label>"))
        #expect(page.contains("footnote"))
    }

    @Test func rawHTMLIsSanitizedUnlessAllowed() throws {
        let body = "<script>alert(1)</script>\n\nText <b>bold</b>.\n\n[x](javascript:alert(1))"
        let site = try TestSite(["Content/strategies/s.md": entry("S", body: body)])
        defer { site.remove() }
        site.build()
        let page = try #require(site.read("Output/strategies/s/index.html"))
        // The allowlist keeps <b> and drops the script with its text (SanitizerTests has the rest).
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("alert(1)"))
        #expect(page.contains("<p>Text <b>bold</b>.</p>"))
        #expect(!page.contains("javascript:"))

        try site.write("title: Test KB\nunsafe_html: true\n", to: "Content/site.yml")
        #expect(site.build().errors == [])
        let unsafePage = try #require(site.read("Output/strategies/s/index.html"))
        #expect(unsafePage.contains("<b>bold</b>"))
    }

    @Test func frontMatterValuesAreEscaped() throws {
        let site = try TestSite(["Content/strategies/s.md": entry("\"<script>alert(1)</script>\"", "summary: \"a \\\"quoted\\\" <b> & 'x'\"")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/s/index.html"))
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("content=\"a &quot;quoted&quot; &lt;b&gt; &amp; &#39;x&#39;\""))
    }

    @Test func basePathPrefixesEveryInternalURL() throws {
        let site = try TestSite([
            "Content/site.yml": "title: KB\nbase_url: https://example.org/kb/\n",
            "Content/strategies/a.md": entry("A", body: "See [[b]]."),
            "Content/strategies/b.md": entry("B", body: "See [[a]]."),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/a/index.html"))
        #expect(page.contains("href=\"/kb/strategies/b/\""))
        #expect(page.contains("href=\"/kb/assets/style.css\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/kb/strategies/a/\">"))
        #expect(!page.contains("href=\"/strategies/"))
        let sitemap = try #require(site.read("Output/sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.org/kb/strategies/a/</loc>"))
        #expect(site.read("Output/robots.txt")?.contains("Sitemap: https://example.org/kb/sitemap.xml") == true)
    }

    @Test func baseURLCanBeOverriddenForAPreview() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("Output"))
        options.baseURLOverride = "http://127.0.0.1:8000/preview/"
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().succeeded)
        let page = try #require(site.read("Output/strategies/a/index.html"))
        #expect(page.contains("href=\"/preview/assets/style.css\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8000/preview/strategies/a/\">"))
    }

    @Test func assetsFromThemeAndContentAreCopied() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A"),
            "Content/assets/img/map.svg": "<svg/>",
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.read("Output/assets/img/map.svg") == "<svg/>")
        #expect(site.exists("Output/assets/style.css"))
    }

    @Test func draftsAreLeftOutUnlessAsked() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A"),
            "Content/strategies/wip.md": entry("Work in progress", "draft: true"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(!site.exists("Output/strategies/wip/index.html"))
        #expect(site.build(drafts: true).errors == [])
        #expect(site.exists("Output/strategies/wip/index.html"))
    }

    @Test func withoutTaxonomyEveryTopLevelFolderIsAKind() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "Links to [[b]]."),
            "Content/people/b.md": entry("B", body: "Links to [[A]]."),
        ], taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.lines == [])
        #expect(site.exists("Output/notes/index.html"))
        #expect(site.exists("Output/people/b/index.html"))
        let b = try #require(site.read("Output/people/b/index.html"))
        #expect(b.contains("Mentioned in"))
        #expect(b.contains("href=\"/notes/a/\">A</a>"))
    }

    @Test func homePageListsSixEntriesPerKindUnlessSiteYMLSaysOtherwise() throws {
        var files: [String: String] = [:]
        for i in 0..<60 { files["Content/strategies/s\(i).md"] = entry(String(format: "Strategy %02d", i)) }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.read("Output/index.html")?.contains(">Strategy 05</a>") == true)
        #expect(site.read("Output/index.html")?.contains(">Strategy 06</a>") == false)
        try site.write("title: Test KB\nhome_entries_per_kind: 50\n", to: "Content/site.yml")
        #expect(site.build().errors == [])
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains(">Strategy 49</a>"))
        #expect(!home.contains(">Strategy 50</a>"))
        #expect(home.contains("<a href=\"/strategies/\">All 60 Strategy types →</a>"))
        let index = try #require(site.read("Output/strategies/index.html"))
        #expect(index.contains(">Strategy 59</a>"))
    }

    @Test func outputIsIdenticalForAnyNumberOfJobs() throws {
        var files: [String: String] = [:]
        for i in 0..<30 {
            files["Content/strategies/s\(i).md"] = entry("Strategy \(i)", "regions: [Region \(i % 3)]", body: "Links to [[s\((i + 1) % 30)]].\n\n## Part\n\nText.")
        }
        let site = try TestSite(files)
        defer { site.remove() }
        let serial = site.build(output: "one", jobs: 1)
        let parallel = site.build(output: "two", jobs: 2)
        #expect(serial.errors == [] && parallel.errors == [])
        // With two jobs the search index and the data files are built on
        // their own threads, beside linking and the pages; with one, in line.
        let steps = { (report: BuildReport) in Set(report.stepSeconds.map(\.step)) }
        #expect(steps(serial).isSuperset(of: ["search index", "search files", "feeds and graph.json", "pages"]))
        #expect(steps(parallel).isSuperset(of: ["search index (beside link and pages)", "search files (beside link and pages)",
                                                "feeds and graph.json (beside pages)", "pages"]))
        #expect(parallel.timingsTable.contains("  search index (beside link and pages)  "))
        let one = site.snapshot("one").filter { $0.key != ".attache-output" }
        let two = site.snapshot("two").filter { $0.key != ".attache-output" }
        #expect(one.count > 30)
        #expect(one == two)
    }

    /// cmark-gfm marks extension characters (`~`, table pipes) as special in a
    /// process-wide table for the length of each parse, and unmarks them when
    /// a parse ends: parallel parses must not cut into each other.
    @Test func extensionsWorkInEveryBodyOfAParallelBuild() throws {
        let paragraph = "Some ~~struck~~ text and www.example.org here.\n\n| a | b |\n|---|---|\n| ~~c~~ | d |\n\n"
        var files: [String: String] = [:]
        for i in 0..<300 {
            files["Content/strategies/s\(i).md"] = entry("Strategy \(i)", body: String(repeating: paragraph, count: 40))
        }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build(jobs: 2).errors == [])
        var broken: [Int] = []
        for i in 0..<300 {
            let page = site.read("Output/strategies/s\(i)/index.html") ?? ""
            if page.contains("~~") || page.components(separatedBy: "<del>").count != 81
                || page.components(separatedBy: "<a href=\"http://www.example.org\">").count != 41
                || page.components(separatedBy: "<table>").count != 41 { broken.append(i) }
        }
        #expect(broken == [])
        // On Debian's cmark-gfm the lock-free path must be the one in use.
        #expect(MarkdownRenderer.parsesInParallel)
    }
    /// The shipped templates read joined card HTML, so models leave the card
    /// arrays out; a theme that iterates `entries` or `mentions` gets them.
    @Test func cardListsReachThemesThatIterateThem() throws {
        let site = try TestSite([
            "Content/strategies/s.md": entry("Sea Power", body: "Mentioned by the case."),
            "Content/strategies/land.md": entry("Land Power", body: "Compare [[c]]."),
            "Content/organizations/o.md": entry("Navy Office", "runs: [s]", body: "Runs [[c]]."),
            "Content/case-studies/c.md": entry("Harbour Case", "strategies: [s]\norganizations: [o]", body: "About [[s]]."),
            "Templates/home.mustache": "{{#kinds}}{{title}}:{{#entries}}[{{title}}]{{/entries}};{{/kinds}}",
            "Templates/kind.mustache": "{{#kind}}{{#entries}}<{{title}}>{{/entries}}{{/kind}}",
            "Templates/entry.mustache": """
            {{#entry}}rel:{{#relations}}{{label}}={{#entries}}({{title}}){{/entries}} {{/relations}}\
            back:{{#backlinks}}{{label}}={{#entries}}({{title}}){{/entries}} {{/backlinks}}\
            men:{{#mentions}}({{title}}){{/mentions}}{{/entry}}
            """,
            "Templates/facet.mustache": "f", "Templates/term.mustache": "{{#term}}{{#entries}}<{{title}}>{{/entries}}{{/term}}",
            "Templates/404.mustache": "404", "Templates/partials/card.mustache": "{{title}}",
        ])
        defer { site.remove() }
        #expect(site.build(templates: "Templates").errors == [])
        #expect(site.read("Output/case-studies/c/index.html") == "rel:Strategies=(Sea Power) Organizations=(Navy Office) back:men:(Land Power)")
        #expect(site.read("Output/strategies/s/index.html") == "rel:back:Case studies=(Harbour Case) Run by=(Navy Office) men:")
        #expect(site.read("Output/strategies/index.html") == "<Land Power><Sea Power>")
        #expect(site.read("Output/index.html") == "Strategy types:[Land Power][Sea Power];Organizations:[Navy Office];Case studies:[Harbour Case];")
    }
}
