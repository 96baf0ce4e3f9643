@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheRender
@testable import AttacheSite
@testable import AttacheServe
import Foundation
import Testing

/// Finding the site from a subfolder, a new site and a new entry that build
/// as they are, drafts in serve, and the small things in messages.
@Suite("Feel at home")
struct FeelAtHomeTests {
    @Test func theSiteIsFoundFromAnyFolderInsideIt() throws {
        let site = try TestSite(["Content/strategies/deep/a.md": entry("A")])
        defer { site.remove() }
        let root = FileSystem.absolutePath(site.root.path)
        let expected = SiteFolders(content: root + "/Content", root: root)
        #expect(SiteFolders.find(from: root) == expected)
        #expect(SiteFolders.find(from: root + "/Content") == expected)
        #expect(SiteFolders.find(from: root + "/Content/strategies/deep") == expected)
        #expect(expected.templates == root + "/Templates" && expected.output == root + "/Output")
        // A folder with site.yml in it is the content folder itself: its parent holds Output/.
        try site.write("title: Vault\n", to: "notes/site.yml")
        try site.write(entry("B"), to: "notes/ideas/b.md")
        #expect(SiteFolders.find(from: root + "/notes/ideas") == SiteFolders(content: root + "/notes", root: root))
        // Nothing above: nil (the build then reports the missing content folder).
        #expect(SiteFolders.find(from: "/proc/self") == nil)
    }

    /// Both kinds of new site build with no error and no warning, with the built-in theme.
    @Test(arguments: [false, true]) func aNewSiteBuildsWithoutAnyProblem(vault: Bool) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attache-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let created = try NewSite.create(.init(folder: folder + "/my-notes", vault: vault))
        #expect(created.title == "My notes")
        #expect(created.files.contains("Content/taxonomy.yml") == !vault)
        var options = BuildOptions(contentDirectory: folder + "/my-notes/Content", templatesDirectory: nil, outputDirectory: folder + "/Output", jobs: 2)
        options.writesOutput = true
        let report = SiteBuilder(options: options, workingDirectory: folder).run()
        #expect(report.lines == [])
        #expect(report.entryCount == 3)
        let page = try String(contentsOfFile: folder + "/Output/notes/links-and-relations/index.html", encoding: .utf8)
        #expect(page.contains("href=\"/\(vault ? "notes" : "topics")/getting-started/#publish\""))
        // A second init in the same folder writes nothing.
        #expect(throws: NewSite.Failure.self) { try NewSite.create(.init(folder: folder + "/my-notes")) }
    }

    @Test func initRefusesABadBaseURLAndAFolderInsideAnotherSitesContent() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        #expect(throws: NewSite.Failure.self) { try NewSite.create(.init(folder: site.path("new"), baseURL: "example.org")) }
        #expect(throws: NewSite.Failure.self) { try NewSite.create(.init(folder: site.path("Content/strategies/inner"))) }
        #expect(!site.exists("new") && !site.exists("Content/strategies/inner"))
    }

    /// `attache new` writes a draft that builds: with drafts shown (as serve
    /// does) its empty required relation and its being an orphan are
    /// warnings; its body's hints are a comment no page shows.
    @Test func aNewEntryBuildsAsItIsAndServeShowsItAsADraft() throws {
        let site = try TestSite(["Content/strategies/peacekeeping.md": entry("Peacekeeping", body: "See [[barkhane]] and [[other]]."),
                                 "Content/strategies/other.md": entry("Other", body: "See [[peacekeeping]].")],
                                siteYML: "title: Test KB\nurl_style: files\n")
        defer { site.remove() }
        let created = try NewEntry.make(kind: "case-study", title: "Barkhane", contentDirectory: site.path("Content"))
        #expect(created.sitePath == "case-studies/barkhane.html")
        let text = try #require(site.read("Content/case-studies/barkhane.md"))
        #expect(text.contains("# `strategies` is required: at least 1 (slugs of strategy type entries such as other, peacekeeping)."))
        #expect(text.contains("\norganizations: []") && text.contains("# slugs of organization entries\n"))
        #expect(text.contains("<!-- Write the entry here"))
        let shown = site.build(drafts: true)
        #expect(shown.errors == [])
        #expect(shown.warnings == [
            "Content/case-studies/barkhane.md:7:1: warning: relation `strategies` needs at least 1 entry of kind `strategy`, found 0; allowed while the entry is a draft, an error once it is published",
        ])
        let page = try #require(site.read("Output/case-studies/barkhane.html"))
        #expect(page.contains("<p class=\"kind-label\">Case study <span class=\"draft-badge\">Draft</span></p>"))
        #expect(!page.contains("its-slug"), "the hints are a comment, not text")
        #expect(site.read("Output/case-studies.html")?.contains("<span class=\"draft-badge\">Draft</span>") == true, "cards of drafts say so")
        // Published without filling it in: an error, as before.
        try site.write(text.replacingOccurrences(of: "draft: true", with: "draft: false"), to: "Content/case-studies/barkhane.md")
        #expect(site.build().errors == ["Content/case-studies/barkhane.md:7:1: error: relation `strategies` needs at least 1 entry of kind `strategy`, found 0"])
    }

    @Test func buildSaysHowManyDraftsItLeftOut() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", body: "[[B]]"), "Content/strategies/b.md": entry("B", body: "[[A]]"),
            "Content/strategies/c.md": entry("C", "draft: true"), "Content/strategies/d.md": entry("D", "draft: true"),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.draftsLeftOut == 2)
        #expect(report.summaryLine.contains(" pages from 2 entries, 2 drafts left out, 0 warnings, in "), "\(report.summaryLine)")
        #expect(!(site.read("Output/strategies/a/index.html") ?? "").contains("draft-badge"))
        let withDrafts = site.build(drafts: true).summaryLine
        #expect(withDrafts.contains(" pages from 4 entries, 2 warnings, in "), "\(withDrafts)")
    }

    @Test func messagesUseTheArticleTheNounTakesAndCountInWords() {
        #expect(EnglishArticle.with("organization") == "an organization")
        #expect(EnglishArticle.with("strategy type") == "a strategy type")
        #expect(EnglishArticle.with("unit") == "a unit")
        #expect(EnglishArticle.with("hour") == "an hour")
        var report = BuildReport(diagnostics: DiagnosticLog(), entryCount: 1, pagesWritten: 0, seconds: 0.5)
        report.diagnostics.add(.error("x", at: SourceLocation(path: "a"), stage: .load))
        report.diagnostics.add(.error("y", at: SourceLocation(path: "b"), stage: .load))
        report.diagnostics.add(.warning("z", at: SourceLocation(path: "c"), stage: .load))
        #expect(report.summaryLine == "Build failed: 2 errors, 1 warning, in 0.50 s; Output left unchanged")
        #expect(report.checkSummaryLine == "Checked 1 entry: 2 errors, 1 warning")
    }

    /// The overlay's message: each problem with its source line, where the
    /// caret goes, and a link that opens the file at the line in the editor.
    @Test func theOverlayQuotesTheSourceLineAndLinksToTheEditor() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "Café [[missing]] here.")])
        defer { site.remove() }
        let report = site.build()
        let text = OverlayMessage.errors(report, version: 0, editorURL: "vscode://file{path}:{line}:{column}",
                                         readableFolders: [site.path("Content")], workingDirectory: site.root.path)
        let message = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(message["type"] as? String == "errors")
        #expect(message["first"] as? Bool == true)
        let problems = try #require((message["report"] as? [String: Any])?["diagnostics"] as? [[String: Any]])
        let problem = try #require(problems.first { ($0["message"] as? String)?.contains("[[missing]]") == true })
        #expect(problem["line"] as? Int == 4)
        #expect(problem["column"] as? Int == 7)
        #expect(problem["source"] as? String == "Café [[missing]] here.")
        // Column 7 counts bytes (é is two); the caret counts characters.
        #expect(problem["caret"] as? Int == 5)
        let root = FileSystem.absolutePath(site.root.path)
        #expect(problem["editor"] as? String == "vscode://file\(root)/Content/strategies/a.md:4:7")
        #expect(OverlayMessage.link("idea://open?file={path}&line={line}", path: "/a b/c.md", line: 3, column: 1) == "idea://open?file=/a%20b/c.md&line=3")
        // Nothing is quoted from outside the content and templates folders.
        let outside = OverlayMessage.errors(report, version: 0, editorURL: nil, readableFolders: [site.path("Elsewhere")], workingDirectory: site.root.path)
        #expect(!outside.contains("\"source\"") && !outside.contains("\"editor\""))
    }
}
