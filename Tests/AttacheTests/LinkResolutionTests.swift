@testable import AttacheModel
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheSite
import Foundation
import Testing

/// Where links lead: headings by text, blocks, names by folder, paths,
/// links written for mdBook and Zola, files; and what a link to nothing does.
@Suite("Link resolution")
struct LinkResolutionTests {
    static let target = """
    Intro.

    ## Regional Cooperation

    Text. ^key-point

    ## C++

    ## C

    ### Details

    ## Notes

    ### Details
    """

    @Test func headingsAreNamedByTextOrIDAndChainsTakeTheLast() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: """
            [[b#Regional Cooperation]] [[b#regional cooperation]] [[b#regional-cooperation]] [[b#Notes#Details]] \
            [[b#C]] [[b#^key-point]] [[#Here Below]]

            ## Here Below
            """),
            "Content/notes/b.md": entry("B", body: Self.target),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        // `C` is the second heading whose text makes the id `c`: its id is `c-1`,
        // known only once b is parsed (a's body is parsed again for it).
        #expect(site.body("Output/notes/a/index.html")?.hasPrefix("""
        <p><a href="/notes/b/#regional-cooperation">B</a> <a href="/notes/b/#regional-cooperation">B</a> \
        <a href="/notes/b/#regional-cooperation">B</a> <a href="/notes/b/#details">B</a> \
        <a href="/notes/b/#c-1">B</a> <a href="/notes/b/#%5Ekey-point">B</a> <a href="#here-below">Here Below</a></p>
        """) == true)
    }

    @Test func missingHeadingsAndBlocksAreReportedAtTheLink() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "[[b#Regional Cooperaton]] [[b#^key-pont]] [[b#no-such]]"),
            "Content/notes/b.md": entry("B", body: Self.target + "\n\n[[a]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/notes/a.md:4:1: error: entry `notes/b` has no heading `Regional Cooperaton`; did you mean `regional-cooperation`?",
            "Content/notes/a.md:4:27: error: entry `notes/b` has no block `^key-pont`; did you mean `^key-point`?",
            "Content/notes/a.md:4:43: error: entry `notes/b` has no heading with the id `no-such`",
        ])
    }

    @Test func aNameSeveralNotesShareGoesToTheNearestByFolderElseIsAmbiguous() throws {
        let site = try TestSite([
            "Content/notes/work/meeting.md": entry("Meeting", body: "Work meeting."),
            "Content/notes/home/meeting-notes.md": entry("Meeting", body: "Home meeting."),
            "Content/notes/work/plan.md": entry("Plan", body: "[[Meeting]] and [[home/meeting-notes]] and [[Home/Meeting-Notes.md|at home]]"),
            "Content/notes/work/deep/sub.md": entry("Sub", body: "[[Meeting]]"),
            "Content/notes/other.md": entry("Other", body: "[[Meeting]] [[plan]] [[sub]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        let report = site.check()
        #expect(report.errors == [
            "Content/notes/other.md:4:1: error: wiki-link `[[Meeting]]` matches more than one entry: `notes/home/meeting-notes` (Content/notes/home/meeting-notes.md), `notes/work/meeting` (Content/notes/work/meeting.md); link by slug or by path instead (`[[notes/home/meeting-notes]]`)",
        ])
        // Two folders may each have a `Meeting`: no warning about the name itself.
        #expect(!report.warnings.contains { $0.contains("will be ambiguous") })
        try site.write(entry("Other", body: "[[work/meeting]] [[plan]] [[sub]]"), to: "Content/notes/other.md")
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/work/plan/index.html") == """
        <p><a href="/notes/work/meeting/">Meeting</a> and <a href="/notes/home/meeting-notes/">Meeting</a> and <a href="/notes/home/meeting-notes/">at home</a></p>
        """)
        // From a folder below, the closest folder above wins.
        #expect(site.body("Output/notes/work/deep/sub/index.html") == "<p><a href=\"/notes/work/meeting/\">Meeting</a></p>")
        #expect(site.body("Output/notes/other/index.html")?.hasPrefix("<p><a href=\"/notes/work/meeting/\">Meeting</a>") == true)
    }

    @Test func linksWrittenForMdBookAndZolaLeadToTheEntry() throws {
        let site = try TestSite([
            "Content/book/intro.md": entry("Intro", body: """
            [md](chapter-1.md) [html](chapter-1.html#setup) [up](../book/chapter-1.md#Setup) \
            [zola](@/book/chapter-1.md#setup) [spaces](<chapter-1.md>) [folder](part/) [folder index](part/index.html)
            """),
            "Content/book/chapter-1.md": entry("Chapter 1", body: "## Setup\n\n[[intro]] [[part]]"),
            "Content/book/part/index.md": entry("Part", body: "[[intro]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/book/intro/index.html") == """
        <p><a href="/book/chapter-1/">md</a> <a href="/book/chapter-1/#setup">html</a> <a href="/book/chapter-1/#setup">up</a> \
        <a href="/book/chapter-1/#setup">zola</a> <a href="/book/chapter-1/">spaces</a> <a href="/book/part/">folder</a> \
        <a href="/book/part/">folder index</a></p>
        """)
    }

    @Test func linksToFilesAreRewrittenAndChecked() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", body: """
            ![map](../assets/img/map.png) [doc](../assets/files/a.pdf) ![[map.png]] [[a.pdf]] [page-relative](../../assets/img/map.png)

            ![gone](../assets/img/gone.png) [gone](missing.pdf) [[nothing.pdf]] [outside](../../../x.png)
            """),
            "Content/assets/img/map.png": "png",
            "Content/assets/files/a.pdf": "pdf",
        ])
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/strategies/a.md:6:1: error: link `../assets/img/gone.png` names no file (looked for assets/img/gone.png)",
            "Content/strategies/a.md:6:33: error: link `missing.pdf` names no file (looked for strategies/missing.pdf)",
            "Content/strategies/a.md:6:53: error: wiki-link `[[nothing.pdf]]` names no file",
            "Content/strategies/a.md:6:69: error: link `../../../x.png` points outside the content folder",
        ])
        try site.write(entry("A", body: "![map](../assets/img/map.png) [doc](../assets/files/a.pdf) ![[map.png]] [[a.pdf]] [page-relative](../../assets/img/map.png)"),
                       to: "Content/strategies/a.md")
        #expect(site.build(urlStyle: .files).errors == [])
        #expect(site.body("Output/strategies/a.html") == """
        <p><img src="../assets/img/map.png" alt="map" /> <a href="../assets/files/a.pdf">doc</a> \
        <img src="../assets/img/map.png" alt="map.png"> <a href="../assets/files/a.pdf">a.pdf</a> \
        <a href="../../assets/img/map.png">page-relative</a></p>
        """)
    }

    @Test func externalLinksAnchorsAndSiteRootPathsAreLeftAsWritten() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", body: "[x](https://example.org/a.md) [y](mailto:a@b.c) [z](#top) [r](/about/) [t](../tags/)"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/strategies/a/index.html") == """
        <p><a href="https://example.org/a.md">x</a> <a href="mailto:a@b.c">y</a> <a href="#top">z</a> <a href="/about/">r</a> <a href="../tags/">t</a></p>
        """)
    }

    static let broken: [String: String] = [
        "Content/notes/a.md": entry("A", body: "[[Nowhere]], [[Nowhere|shown]], [gone](gone.md), ![[gone.png]] and [[b#Missing]].\n\n| cell |\n|---|\n| [[Nowhere]] ==lit== |"),
        "Content/notes/b.md": entry("B", body: "[[a]]"),
    ]

    @Test func brokenLinksAreErrorsByDefaultWithASiteYML() throws {
        let site = try TestSite(Self.broken, taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [
            "Content/notes/a.md:4:1: error: wiki-link `[[Nowhere]]` names no entry",
            "Content/notes/a.md:4:14: error: wiki-link `[[Nowhere]]` names no entry",
            "Content/notes/a.md:4:33: error: link `gone.md` names no entry (looked for notes/gone.md)",
            "Content/notes/a.md:4:50: error: embed `![[gone.png]]` names no file",
            "Content/notes/a.md:4:68: error: entry `notes/b` has no heading `Missing`",
            "Content/notes/a.md:8:3: error: wiki-link `[[Nowhere]]` names no entry",
        ])
        #expect(!site.exists("Output"))
    }

    @Test func withWarnBrokenLinksAreMarkedSpansAndWarnings() throws {
        var files = Self.broken
        files["Content/site.yml"] = "title: Vault\nbroken_links: warn\n"
        let site = try TestSite(files, taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/notes/a.md:4:1: warning: wiki-link `[[Nowhere]]` names no entry",
            "Content/notes/a.md:4:14: warning: wiki-link `[[Nowhere]]` names no entry",
            "Content/notes/a.md:4:33: warning: link `gone.md` names no entry (looked for notes/gone.md)",
            "Content/notes/a.md:4:50: warning: embed `![[gone.png]]` names no file",
            "Content/notes/a.md:4:68: warning: entry `notes/b` has no heading `Missing`",
            "Content/notes/a.md:8:3: warning: wiki-link `[[Nowhere]]` names no entry",
        ])
        #expect(site.body("Output/notes/a/index.html") == """
        <p><span class="broken-link" title="no note named Nowhere">Nowhere</span>, \
        <span class="broken-link" title="no note named Nowhere">shown</span>, \
        <span class="broken-link" title="no note at notes/gone.md">gone</span>, \
        <span class="broken-link" title="no file named gone.png">gone.png</span> and <a href="/notes/b/#missing">B</a>.</p>
        <table>
        <thead>
        <tr>
        <th>cell</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td><span class="broken-link" title="no note named Nowhere">Nowhere</span> <mark>lit</mark></td>
        </tr>
        </tbody>
        </table>
        """)
    }

    @Test func aVaultWithoutSiteYMLWarnsAboutBrokenLinksByDefault() throws {
        let site = try TestSite(["Content/Ideas.md": "See [[Not written yet]] and [[Plans]].\n", "Content/Plans.md": "Back to [[Ideas]].\n"],
                                siteYML: nil, taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.contains("Content/Ideas.md:1:5: warning: wiki-link `[[Not written yet]]` names no entry"))
        #expect(site.body("Output/notes/ideas/index.html")
                == "<p>See <span class=\"broken-link\" title=\"no note named Not written yet\">Not written yet</span> and <a href=\"/notes/plans/\">Plans</a>.</p>")
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("Strict"), jobs: 2)
        options.brokenLinksOverride = .error
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().errors
                == ["Content/Ideas.md:1:5: error: wiki-link `[[Not written yet]]` names no entry"])
    }

    @Test func theCommandLineSettingReplacesSiteYMLs() throws {
        var files = Self.broken
        files["Content/site.yml"] = "title: Vault\nbroken_links: error\n"
        let site = try TestSite(files, taxonomy: nil)
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("Output"), jobs: 2)
        options.brokenLinksOverride = .warn
        let report = SiteBuilder(options: options, workingDirectory: site.root.path).run()
        #expect(report.succeeded)
        #expect(report.warnings.count == 6)
        options.brokenLinksOverride = .error
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().errors.count == 6)
    }

    @Test func anUnknownBrokenLinksValueIsAnError() throws {
        let site = try TestSite(["Content/notes/a.md": entry("A")], siteYML: "title: T\nbroken_links: maybe\n", taxonomy: nil)
        defer { site.remove() }
        #expect(site.check().errors == ["Content/site.yml:2:15: error: `broken_links` must be `error` or `warn`, not `maybe`"])
    }

    @Test func nearestByFolderPrefersTheOwnFolderThenTheClosestAbove() {
        let folders = ["a/b", "a", "c", ""]
        #expect(NearestByFolder.nearest(folders, to: "a/b/c") { Substring($0) } == ["a/b"])
        #expect(NearestByFolder.nearest(["a", "c"], to: "a/b/c") { Substring($0) } == ["a"])
        #expect(NearestByFolder.nearest(["x/y", "c"], to: "a/b") { Substring($0) } == ["x/y", "c"])
        #expect(NearestByFolder.nearest(["x/y", ""], to: "a/b") { Substring($0) } == [""])
        #expect(NearestByFolder.nearest(["a", "a"], to: "a") { Substring($0) } == ["a", "a"])
    }
}
