@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// Folders of Markdown kept with Obsidian, Foam, mdBook or Zola, built with
/// no site.yml, no taxonomy.yml and (mostly) no front matter.
@Suite("Vaults: loading and structure")
struct VaultTests {
    /// A vault: no settings files.
    func vault(_ files: [String: String]) throws -> TestSite {
        try TestSite(files, siteYML: nil, taxonomy: nil)
    }

    @Test func aZeroConfigVaultBuildsWithFoldersAsKindsAndNotesAsEntries() throws {
        let site = try vault([
            "Content/Home.md": "# Harbour Notebook\n\nWelcome. Start with [[Ideas]].\n",
            "Content/Ideas.md": "Plain text, no front matter.\n",
            "Content/User interface/Buttons and Menus.md": "# Buttons & menus\n\nHow buttons look.\n",
            "Content/User interface/User interface.md": "Everything about the **interface**.\n",
            "Content/Projects/Deep/Deep.md": "The deep project.\n",
            "Content/Projects/Deep/Child.md": "A child note.\n",
            "Content/研究/公式.md": "# 潮汐の公式\n\nA formula.\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        // The home note is the home page's text, and its heading the site's title.
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("<h1>Harbour Notebook</h1>"))
        #expect(home.contains("<div class=\"intro prose\"><p>Welcome. Start with <a href=\"/notes/ideas/\">Ideas</a>.</p>"))
        #expect(!site.exists("Output/notes/home/index.html"))
        // Top-level notes are Notes; a title is the file name without a heading.
        let ideas = try #require(site.read("Output/notes/ideas/index.html"))
        #expect(ideas.contains("<h1>Ideas</h1>"))
        #expect(ideas.contains("<p class=\"kind-label\">Note</p>"))
        // A folder with spaces is a kind labelled as written, published at its slug, with its own note as its text.
        let kind = try #require(site.read("Output/user-interface/index.html"))
        #expect(kind.contains("<h1>User interface</h1>"))
        #expect(kind.contains("<div class=\"intro prose\"><p>Everything about the <strong>interface</strong>.</p>"))
        #expect(!site.exists("Output/user-interface/user-interface/index.html"))
        // The leading heading is the title, shown once.
        let buttons = try #require(site.read("Output/user-interface/buttons-and-menus/index.html"))
        #expect(buttons.contains("<h1>Buttons &amp; menus</h1>"))
        #expect(buttons.components(separatedBy: "Buttons &amp; menus</h1>").count == 2)
        #expect(!buttons.contains("<h1 id="))
        // A deeper folder's own note is published at the folder's address; its notes below it.
        #expect(try #require(site.read("Output/projects/deep/index.html")).contains("<h1>Deep</h1>"))
        #expect(try #require(site.read("Output/projects/deep/child/index.html")).contains("<h1>Child</h1>"))
        // Non-Latin names keep their letters; links to them are percent-encoded.
        #expect(try #require(site.read("Output/研究/公式/index.html")).contains("<h1>潮汐の公式</h1>"))
        let sitemap = try #require(site.read("Output/sitemap.xml"))
        #expect(sitemap.contains("<loc>/%E7%A0%94%E7%A9%B6/%E5%85%AC%E5%BC%8F/</loc>"))
        #expect(!sitemap.contains("研究"))
        let graph = try #require(site.read("Output/graph.json"))
        #expect(graph.contains("\"url\":\"/%E7%A0%94%E7%A9%B6/%E5%85%AC%E5%BC%8F/\""))
        #expect(graph.contains("\"slug\":\"研究/公式\""))
    }

    @Test func theSiteTitleIsTheFoldersNameWithoutAHomeHeading() throws {
        let site = try vault(["Content/a.md": "Text.\n"])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(try #require(site.read("Output/index.html")).contains("<h1>Content</h1>"))
    }

    @Test func theSameFileNameInTwoFoldersIsTwoPages() throws {
        let site = try vault([
            "Content/Meetings/Weekly sync.md": "Current.\n",
            "Content/Archive/Meetings/Weekly sync.md": "Old.\n",
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(try #require(site.read("Output/meetings/weekly-sync/index.html")).contains("<p>Current.</p>"))
        #expect(try #require(site.read("Output/archive/meetings/weekly-sync/index.html")).contains("<p>Old.</p>"))
        // What link resolution by name needs: each entry's file stem, path and folder.
        var log = DiagnosticLog()
        let loaded = try #require(SiteBuilder(options: BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                                                   outputDirectory: site.path("Output"))).load(log: &log))
        let matches = loaded.index.entries(withFileStem: "weekly SYNC")
        #expect(matches.map { loaded.index.entries[$0].folderPath } == ["Archive/Meetings", "Meetings"])
        #expect(loaded.index.index(ofPath: "Meetings/Weekly sync.md").map { loaded.index.entries[$0].fileStem } == "Weekly sync")
    }

    @Test func namesThatMakeOneAddressAreReported() throws {
        let site = try vault(["Content/Notes A.md": "One.\n", "Content/notes-a.md": "Two.\n"])
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/notes-a.md:1:1: error: this note would be published at `notes/notes-a/`, as Content/Notes A.md is (their names differ only in case or punctuation); rename one",
        ])
    }

    @Test func folderNotesAndHomeNotesOfOtherTools() throws {
        // mdBook's README.md and a folder's index.md; Zola's _index.md.
        let site = try vault([
            "Content/README.md": "# Handbook\n\nIntro.\n",
            "Content/guide/index.md": "# Guide\n\nTwo chapters.\n",
            "Content/guide/install.md": "# Installing\n",
            "Content/blog/_index.md": "+++\ntitle = \"Blog\"\n+++\nAll posts.\n",
            "Content/blog/first.md": "+++\ntitle = \"First\"\n+++\nText.\n",
            "Content/404.md": "---\npermalink: /404.html\n---\nNot found (Jekyll's).\n",
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(try #require(site.read("Output/index.html")).contains("<h1>Handbook</h1>"))
        #expect(try #require(site.read("Output/guide/index.html")).contains("<p>Two chapters.</p>"))
        #expect(try #require(site.read("Output/blog/index.html")).contains("<p>All posts.</p>"))
        #expect(site.exists("Output/guide/install/index.html"))
        #expect(!site.exists("Output/notes/404/index.html"))
        #expect(!site.exists("Output/notes/index.html"), "no top-level notes, no Notes kind")
    }

    @Test func linksToTheHomeNoteAndFolderNotesLeadToTheirPages() throws {
        // Obsidian's [[Home]] and [[Folder]], mdBook's README.md and guide/index.md
        // (and their .html), Zola's @/blog/_index.md: pages, not entries.
        let site = try vault([
            "Content/README.md": "# Handbook\n\nStart with [the guide](guide/index.md) or the [[blog#Latest]].\n",
            "Content/guide/index.md": "# Guide\n\nBack to [the start](../README.md), [as a page](../index.html).\n",
            "Content/guide/install.md": "See [[Guide]], [[README]], [the blog](@/blog/_index.md#latest) and ![[guide/index]].\n",
            "Content/blog/_index.md": "+++\ntitle = \"Blog\"\n+++\n## Latest\n",
            "Content/blog/first.md": "Home is [[Handbook]]: no note has that name.\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.filter { !$0.contains("orphan") } == ["Content/blog/first.md:1:9: warning: wiki-link `[[Handbook]]` names no entry"])
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("<a href=\"/guide/\">the guide</a> or the <a href=\"/blog/#latest\">Blog</a>"))
        let guide = try #require(site.read("Output/guide/index.html"))
        #expect(guide.contains("<a href=\"/\">the start</a>, <a href=\"/\">as a page</a>"))
        let install = try #require(site.read("Output/guide/install/index.html"))
        #expect(install.contains("See <a href=\"/guide/\">Guide</a>, <a href=\"/\">Handbook</a>, <a href=\"/blog/#latest\">the blog</a>"))
        // A kind's page is a list as much as text: an embed of its note is a link.
        #expect(install.contains("and <a href=\"/guide/\">Guide</a>."))
    }

    @Test func foldersWithOnlyAttachmentsAreNotKindsAndFilesAreCopied() throws {
        let site = try vault([
            "Content/Home.md": "Hi.\n",
            "Content/User interface/Screens.md": "Screens.\n",
            "Content/.obsidian/app.json": "{}",
            "Content/_layouts/page.html": "<html></html>",
            "Content/_config.yml": "title: x",
            "Content/Draft.md~": "backup",
        ])
        defer { site.remove() }
        try site.write(Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]), to: "Content/User interface/img/pic one.png")
        try site.write(Data("%PDF-1.4".utf8), to: "Content/Attachments/Minutes.pdf")
        #expect(site.build().errors == [])
        #expect(FileManager.default.contents(atPath: site.path("Output/user-interface/img/pic one.png")) == Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]))
        #expect(site.read("Output/attachments/Minutes.pdf") == "%PDF-1.4")
        #expect(!site.exists("Output/attachments/index.html"), "a folder of files only is not a kind")
        #expect(!site.exists("Output/.obsidian"))
        #expect(!site.exists("Output/_layouts"))
        #expect(!site.exists("Output/_config.yml"))
        #expect(!site.exists("Output/Draft.md~"))
        // One mapping for the link stage: content path → output path, and a link that is a valid URL.
        #expect(SiteURLs.attachmentPath(contentRelativePath: "User interface/img/pic one.png") == "user-interface/img/pic one.png")
        let index = AttachmentIndex(contentPaths: ["User interface/img/pic one.png", "Attachments/Minutes.pdf"])
        #expect(index.outputPath(ofContentPath: "Attachments/Minutes.pdf") == "attachments/Minutes.pdf")
        #expect(index.contentPaths(named: "PIC ONE.png") == ["User interface/img/pic one.png"])
        #expect(SiteURLs(site: SiteConfig(title: "x")).attachment("user-interface/img/pic one.png") == "/user-interface/img/pic%20one.png")
    }

    @Test func settingsFilesAreNeverCopied() throws {
        let site = try TestSite(["Content/a/b.md": "Text.\n"], siteYML: "title: Mine\n", taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(!site.exists("Output/site.yml"))
        #expect(try #require(site.read("Output/index.html")).contains("<h1>Mine</h1>"))
    }

    @Test func tagsFromFrontMatterAndTextMakeATagsFacet() throws {
        let body = """
        Filed under #inbox/to-read and #Field-Work, not #1984.
        Not in code: `#code`, nor in a URL https://example.org/#frag, nor mid-word a#b.

        ```
        #block
        ```

        ## Heading with #heading-tag
        """
        let site = try vault([
            "Content/One.md": "---\ntags: [Alpha, \"#beta\"]\n---\n" + body,
            "Content/Two.md": "---\ntags: gamma, field-work\n---\nText.\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.filter { $0.contains("term") } == [])
        let one = try #require(site.read("Output/notes/one/index.html"))
        #expect(one.contains("<a class=\"tag\" href=\"/tags/inbox/to-read/\">#inbox/to-read</a>"))
        #expect(one.contains("<a class=\"tag\" href=\"/tags/field-work/\">#Field-Work</a>"))
        #expect(one.contains("not #1984."))
        #expect(one.contains("<code>#code</code>"))
        #expect(one.contains("a#b"))
        #expect(one.contains("#block"))
        #expect(!one.contains("href=\"/tags/frag/\""))
        #expect(one.contains("<a class=\"tag\" href=\"/tags/heading-tag/\">#heading-tag</a>"))
        for term in ["alpha", "beta", "gamma", "inbox", "inbox/to-read", "field-work"] {
            #expect(site.exists("Output/tags/\(term)/index.html"), "tags/\(term)")
        }
        #expect(!site.exists("Output/tags/1984/index.html"))
        // Tags match ignoring case: both notes are under field-work, shown as first written.
        let fieldWork = try #require(site.read("Output/tags/field-work/index.html"))
        #expect(fieldWork.contains("href=\"/notes/one/\"") && fieldWork.contains("href=\"/notes/two/\""))
        // A parent tag lists its children's notes.
        #expect(try #require(site.read("Output/tags/inbox/index.html")).contains("href=\"/notes/one/\""))
        #expect(try #require(site.read("Output/tags/index.html")).contains("Tags"))
        // No pages per kind for tags: a nested tag's page is where they would be.
        #expect(!site.exists("Output/tags/alpha/notes/index.html"))
    }

    @Test func aVaultWithoutTagsHasNoTagsSection() throws {
        let site = try vault(["Content/a.md": "No tags here.\n"])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(!site.exists("Output/tags/index.html"))
        #expect(!(try #require(site.read("Output/index.html"))).contains("/tags/"))
    }

    @Test func tomlFrontMatterIsRead() throws {
        let site = try vault([
            "Content/blog/first.md": """
            +++
            title = "First post"
            date = 2026-01-05
            description = "What the station is for."
            draft = false
            [taxonomies]
            tags = ["news", "quay"]
            [extra]
            author = "Ines"
            +++
            Body.
            """,
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/blog/first/index.html"))
        #expect(page.contains("<h1>First post</h1>"))
        #expect(page.contains("<p class=\"lead\">What the station is for.</p>"))
        #expect(page.contains("<time datetime=\"2026-01-05\">"))
        #expect(site.exists("Output/tags/quay/index.html"))
    }

    @Test func badTOMLIsAnErrorAtItsLineAndColumn() throws {
        let site = try vault([
            "Content/a.md": "+++\ntitle = \"fine\"\ndate = 2026-01-05\ntags = [\"a\", b]\n+++\nText.\n",
            "Content/b.md": "+++\ntitle = \"never closed\n+++\nText.\n",
            "Content/c.md": "+++\ntitle = \"one\"\ntitle = \"two\"\n+++\n",
        ])
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/a.md:4:14: error: invalid TOML: `b` is not a TOML value (text needs quotes: \"…\")",
            "Content/b.md:2:9: error: invalid TOML: this string is never closed on its line",
            "Content/c.md:3:1: error: invalid TOML: the key `title` is given twice",
        ])
    }

    @Test func publishFalseLeavesANoteOutWithoutBrokenLinks() throws {
        let site = try vault([
            "Content/Secret.md": "---\npublish: false\n---\nPrivate.\n",
            "Content/Open.md": "See [[Secret]] and [it](Secret.md).\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(!site.exists("Output/notes/secret/index.html"))
        #expect(!(try #require(site.read("Output/search/meta.json"))).isEmpty)
        #expect(!(try #require(site.read("Output/graph.json"))).contains("Secret"))
    }

    @Test func permalinkSetsTheAddressAndCollisionsAreReported() throws {
        let site = try vault([
            "Content/a.md": "---\npermalink: /guides/setup/\n---\nA.\n",
            "Content/Sub/b.md": "---\ntitle: B\npermalink: guides/setup\n---\nB.\n",
            "Content/c.md": "---\npermalink: /search/x\n---\nC.\n",
            "Content/d.md": "---\npermalink: /../up\n---\nD.\n",
        ])
        defer { site.remove() }
        // Files in path order: `Sub/b.md` comes first and keeps the address.
        #expect(site.check().errors == [
            "Content/a.md:2:12: error: `permalink` `/guides/setup/` is already the address of Content/Sub/b.md; choose another",
            "Content/c.md:2:12: error: `permalink` `/search/x/` is in `search/`, which the site itself uses; choose another address",
            "Content/d.md:2:12: error: `permalink`: a path may not climb with `.` or `..` (got `/../up`)",
        ])
        try site.write("---\npermalink: /guides/other.html\n---\nB.\n", to: "Content/Sub/b.md")
        try site.write("C.\n", to: "Content/c.md")
        try site.write("D.\n", to: "Content/d.md")
        #expect(site.build().errors == [])
        #expect(try #require(site.read("Output/guides/setup/index.html")).contains("<p>A.</p>"), "once b.md moves elsewhere")
        #expect(try #require(site.read("Output/guides/other/index.html")).contains("<p>B.</p>"))
    }

    @Test func obsidianFieldsAreUnderstoodAndOthersAccepted() throws {
        let site = try vault([
            "Content/Café & Crêpes — Field Days.md": """
            ---
            title: Field days café
            alias: Café
            aliases: [Crêpes]
            description: Where the team eats.
            cssclasses: [wide, "no-toc"]
            publish: true
            kanban-plugin: basic
            created: yesterday
            ---
            # Field days café

            Text.
            """,
            "Content/Other.md": "Links to [[Café]].\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.filter { $0.contains("front-matter") } == [])
        let page = try #require(site.read("Output/notes/café-crêpes-field-days/index.html"))
        #expect(page.contains("<article class=\"entry has-side wide no-toc\""))
        #expect(page.contains("<p class=\"lead\">Where the team eats.</p>"))
        #expect(page.contains("Café · Crêpes"))
        #expect(page.components(separatedBy: "Field days café</h1>").count == 2, "the heading repeating the title is not shown twice")
        #expect(try #require(site.read("Output/notes/other/index.html")).contains("href=\"/notes/caf%C3%A9-cr%C3%AApes-field-days/\""))
    }

    @Test func valuesOfTheWrongShapeAreWarningsInAVault() throws {
        let site = try vault(["Content/a.md": "---\ndate: next week\ncssclasses: [\"9lives\"]\n---\nText.\n"])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/a.md:2:7: warning: `date` must be a date such as 2024-05-01 or a date and time such as 2024-05-01T10:00:00Z (got `next week`); ignored",
            "Content/a.md:3:14: warning: `9lives` in `cssclasses` is not a CSS class name (letters, digits, `-`, `_`); left out",
        ])
    }

    @Test func unclosedFrontMatterIsReadAsMarkdown() throws {
        let site = try vault(["Content/a.md": "---\n\nA thematic break, then text.\n"])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.contains("Content/a.md:1:1: warning: front matter is never closed (no second `---` or `+++` line); the whole file is read as Markdown"))
        #expect(try #require(site.read("Output/notes/a/index.html")).contains("<p>A thematic break, then text.</p>"))
    }

    @Test func checkReadsEveryNoteWhateverOutputItNames() throws {
        let site = try vault(["Content/a.md": "A.\n", "Content/B/c.md": "C.\n"])
        defer { site.remove() }
        // `attache check` names no output folder: the current one, which holds the content.
        let options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("."), writesOutput: false)
        let report = SiteBuilder(options: options).run()
        #expect(report.entryCount == 2)
    }

    /// The fixture vaults build with no problem of loading; what is left
    /// are links the Markdown half of vault support resolves.
    @Test(arguments: ["obsidian", "foam", "mdbook/src", "zola/content"])
    func fixtureVaultsLoadCleanly(_ folder: String) throws {
        var options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/Tests/Fixtures/vaults/" + folder,
                                   templatesDirectory: TestSite.defaultTemplates, outputDirectory: "/nonexistent", writesOutput: false)
        options.jobs = 2
        let report = SiteBuilder(options: options).run()
        let loadProblems = report.diagnostics.sorted.filter { $0.stage == .load }
        #expect(loadProblems.map(\.description) == [])
        #expect(report.entryCount > 0)
    }
}

@Suite("TOML front matter")
struct TOMLReaderTests {
    func parse(_ text: String) -> Result<TOMLReader.Table, Diagnostic> { TOMLReader.parse(text, path: "x.md", firstLine: 2) }

    func describe(_ value: TOMLReader.Value) -> String {
        switch value {
        case .string(let text): return "s:" + text
        case .literal(let text): return "l:" + text
        case .boolean(let flag): return "b:\(flag)"
        case .array(let items): return "[" + items.map { describe($0.value) }.joined(separator: ",") + "]"
        case .table(let table): return "{" + table.keys.map { $0.value + "=" + describe(table[$0.value]!.value) }.joined(separator: ",") + "}"
        }
    }

    @Test func readsEveryKindOfValue() throws {
        let text = #"""
        a = "tab\there \u00e9 \"q\""
        b = 'C:\path'
        c = """
        two \
          lines"""
        d = '''raw\n'''
        e = 1_000
        f = -3.5e2
        g = 0xff
        h = true
        i = 1979-05-27T07:32:00Z
        j = 1979-05-27 07:32:00
        k = 2026-01-05
        l = [1, "two", [3], { x = 1 }, ] # comment
        m = { name = "x", deep.er = 2 }
        n.o = "dotted"
        [extra]
        p = "in extra"
        [[list]]
        q = 1
        [[list]]
        q = 2
        """#
        let table = try parse(text).get()
        #expect(describe(.table(table)) == "{a=s:tab\there é \"q\",b=s:C:\\path,c=s:two lines,d=s:raw\\n,e=l:1_000,f=l:-3.5e2,g=l:0xff,h=b:true,"
            + #"i=l:1979-05-27T07:32:00Z,j=l:1979-05-27 07:32:00,k=l:2026-01-05,l=[l:1,s:two,[l:3],{x=l:1}],m={name=s:x,deep={er=l:2}},"#
            + #"n={o=s:dotted},extra={p=s:in extra},list=[{q=l:1},{q=l:2}]}"#)
        #expect(table["e"]?.location == SourceLocation(path: "x.md", line: 8, column: 5))
    }

    @Test(arguments: [
        ("a = ", "x.md:2:5: error: invalid TOML: expected a value, found the end of the front matter"),
        ("a = 1\nb = [1, 2", "x.md:3:5: error: invalid TOML: this array is never closed"),
        ("a = 1 2", "x.md:2:7: error: invalid TOML: expected the end of the line, found `2`"),
        ("[t]\na = 1\n[t]", "x.md:4:2: error: invalid TOML: the table `[t]` is defined twice"),
        ("a = \"bad \\q\"", "x.md:2:10: error: invalid TOML: unknown escape `\\q` (use `\\\\` for a backslash)"),
        ("a = { b = 1 }\na.c = 2", "x.md:3:1: error: invalid TOML: `a` is already a value, not a table"),
        ("= 1", "x.md:2:1: error: invalid TOML: expected a key, found `=`"),
        ("a = nope", "x.md:2:5: error: invalid TOML: `nope` is not a TOML value (text needs quotes: \"…\")"),
    ])
    func problemsAreReportedAtTheirLineAndColumn(_ text: String, _ message: String) {
        guard case .failure(let diagnostic) = parse(text) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(diagnostic.description == message)
    }

    @Test func splitsTOMLFrontMatter() throws {
        let split = try FrontMatterSplitter.split("+++\ntitle = \"x\"\n+++\nBody\n").get()
        #expect(split.format == .toml)
        #expect(split.yaml == "title = \"x\"\n")
        #expect(split.body == "Body\n")
        #expect(split.bodyFirstLine == 4)
        // `---` does not close TOML, nor `+++` YAML.
        #expect(throws: FrontMatterSplitter.Failure.unterminated) { try FrontMatterSplitter.split("+++\na = 1\n---\n").get() }
    }
}

@Suite("Inline tags")
struct InlineTagScannerTests {
    func names(_ text: String, atBoundary: Bool = true) -> [String] {
        InlineTagScanner.scan(utf8: Array(text.utf8), atBoundary: atBoundary).map(\.name)
    }

    @Test func findsTagsAsObsidianDoes() {
        #expect(names("#a #b/c #d-e_f #é #🌊 #tag.") == ["a", "b/c", "d-e_f", "é", "🌊", "tag"])
        #expect(names("#1984 #2024/q1 #12a") == ["2024/q1", "12a"])
        #expect(names("x#y (#z) ## # #/a #a/") == ["a"])
        #expect(names("#start", atBoundary: false) == [])
        #expect(names("line\n#next") == ["next"])
    }
}

@Suite("Names as addresses")
struct VaultNameTests {
    @Test func slugsOfAnyName() {
        #expect(SlugRules.segmentSlug("Create a base") == "create-a-base")
        #expect(SlugRules.segmentSlug("Café & Crêpes — Field Days") == "café-crêpes-field-days")
        #expect(SlugRules.segmentSlug("公式") == "公式")
        #expect(SlugRules.segmentSlug("🌊") == "f09f8c8a")
        #expect(SlugRules.tagSlug("Instruments/Sensors") == "instruments/sensors")
    }

    @Test func linksArePercentEncodedOnlyWhereNeeded() {
        #expect(URLPathEncoding.encode("strategies/nato/") == "strategies/nato/")
        #expect(URLPathEncoding.encode("notes/café/") == "notes/caf%C3%A9/")
        #expect(URLPathEncoding.encode("img/a b#c?.png") == "img/a%20b%23c%3F.png")
        #expect(URLPathEncoding.encode("a:b") == "a%3Ab")
    }

    @Test func permalinksAreSitePaths() throws {
        #expect(try Permalink.sitePath("/guides/setup/").get() == SitePath("guides/setup/"))
        #expect(try Permalink.sitePath("guides/setup.html").get() == SitePath("guides/setup/"))
        #expect(try Permalink.sitePath("/a/index.html").get() == SitePath("a/"))
        #expect((try? Permalink.sitePath("/").get()) == nil)
        #expect((try? Permalink.sitePath("a//b").get()) == nil)
        #expect((try? Permalink.sitePath("a/.hidden").get()) == nil)
    }

    @Test func leadingHeadings() {
        #expect(LeadingHeading.find(in: "\n# Title #\n\nText")?.title == "Title")
        #expect(LeadingHeading.find(in: "\n# Title #\n\nText")?.bodyWithout == "\n\n\nText")
        #expect(LeadingHeading.find(in: "Text\n# Later") == nil)
        #expect(LeadingHeading.find(in: "## Two") == nil)
        #expect(LeadingHeading.find(in: "    # code") == nil)
        #expect(LeadingHeading.find(in: "#nospace") == nil)
    }
}
