@testable import AttacheRender
import AttacheSite
import Foundation
import Testing

/// The fixture vaults in Tests/Fixtures/vaults, written in the conventions of
/// Obsidian, Foam, mdBook and Zola, built unchanged (no site.yml, no
/// taxonomy.yml), and their pages read.
@Suite("Fixture vaults")
struct FixtureVaultTests {
    /// A temporary site whose Content is a copy of the fixture folder.
    static func site(copying folder: String) throws -> TestSite {
        let site = try TestSite([:], siteYML: nil, taxonomy: nil)
        let source = TestSite.repositoryRoot + "/Tests/Fixtures/vaults/" + folder
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: site.path("Content/" + name))
        }
        return site
    }

    @Test func theObsidianVaultBuildsWithEveryConventionOnItsPages() throws {
        let site = try Self.site(copying: "obsidian")
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        // What the vault gets wrong on purpose, as warnings: an embed cycle, a
        // name two folders share, a note not written yet.
        let problems = report.warnings.filter { !$0.contains("orphan") }
        #expect(problems == [
            "Content/People/Field checklist.md:10:1: warning: embed `![[Ines Moreau]]` leads to a cycle of embeds (Field checklist → Ines Moreau → Field checklist); `![[Field checklist]]` is shown as a link",
            "Content/People/Ines Moreau.md:8:15: warning: wiki-link `[[Weekly sync]]` matches more than one entry: `archive/meetings/weekly-sync` (Content/Archive/Meetings/Weekly sync.md), `meetings/weekly-sync` (Content/Meetings/Weekly sync.md); link by slug or by path instead (`[[Archive/Meetings/Weekly sync]]`)",
            "Content/People/Ines Moreau.md:12:1: warning: embed `![[Field checklist]]` leads to a cycle of embeds (Ines Moreau → Field checklist → Ines Moreau); `![[Ines Moreau]]` is shown as a link",
            "Content/Projects/Tide Gauges/Tide Gauges.md:21:38: warning: wiki-link `[[Weekly sync]]` matches more than one entry: `archive/meetings/weekly-sync` (Content/Archive/Meetings/Weekly sync.md), `meetings/weekly-sync` (Content/Meetings/Weekly sync.md); link by slug or by path instead (`[[Archive/Meetings/Weekly sync]]`)",
            "Content/研究/公式.md:4:1: warning: wiki-link `[[Harbour glossary]]` names no entry",
        ])

        // The home note is the home page; its comment is gone, its callout is one.
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("<h1>Harbour Station Notebook</h1>"))
        #expect(home.contains("meet the <a href=\"/people/ines-moreau/\">station lead</a>"))
        #expect(!home.contains("TODO") && !home.contains("%%"))
        #expect(home.contains("<div class=\"callout callout-tip\" data-callout=\"tip\" role=\"note\">"))
        // A folder's own note is its page; aliases link; a foldable callout is <details>; an image embed has its size.
        let gauges = try #require(site.read("Output/projects/tide-gauges/index.html"))
        #expect(gauges.contains("<img src=\"/attachments/gauge-photo.png\" alt=\"gauge-photo.png\" width=\"240\">"))
        #expect(gauges.contains("<a href=\"/projects/tide-gauges/calibration-log/#spring-2026\">Calibration log</a>"))
        #expect(gauges.contains("<a href=\"/projects/tide-gauges/calibration-log/#%5Edrift-note\">Calibration log</a>"))
        #expect(gauges.contains("<details class=\"callout callout-warning\" data-callout=\"warning\">\n<summary class=\"callout-title\">\nKnown fault on gauge 3\n</summary>"))
        #expect(gauges.contains("<span class=\"broken-link\" title=\"more than one note is named Weekly sync\">Weekly sync</span>"))
        #expect(site.exists("Output/attachments/gauge-photo.png") && site.exists("Output/attachments/minutes.pdf"))
        // Highlights and block ids.
        let log = try #require(site.read("Output/projects/tide-gauges/calibration-log/index.html"))
        #expect(log.contains("<mark>Gauge 3 needed a new seal.</mark>"))
        #expect(log.contains("<p id=\"^drift-note\">"))
        // An embed is transcluded once; the cycle back is a link.
        let ines = try #require(site.read("Output/people/ines-moreau/index.html"))
        #expect(ines.contains("<div class=\"embed\">\n<a class=\"embed-source\" href=\"/people/field-checklist/\">Field checklist</a>"))
        #expect(ines.contains("<p><a href=\"/people/ines-moreau/\">Ines Moreau</a></p>\n</div>"))
        #expect(ines.contains("looks after the <a href=\"/projects/tide-gauges/\">tide gauges</a>"))
        // The same file name in two folders is two pages.
        #expect(site.exists("Output/meetings/weekly-sync/index.html") && site.exists("Output/archive/meetings/weekly-sync/index.html"))
        // Unicode names; punctuation in a name; a note left out with publish: false.
        #expect(try #require(site.read("Output/研究/公式/index.html")).contains("<h1>潮汐の公式</h1>"))
        #expect(try #require(site.read("Output/notes/café-crêpes-field-days/index.html")).contains("<h1>Field days café</h1>"))
        #expect(!site.exists("Output/notes/draft-idea/index.html"))
        // Raw HTML: the safe parts stay, scripts, handlers, styles and frames go.
        let map = try #require(site.read("Output/projects/station-map/index.html"))
        #expect(map.contains("<details><summary>Where the gauges are</summary>") && map.contains("<kbd>west</kbd>"))
        #expect(map.contains("<div>This text stays, its handlers go.</div>"))
        #expect(!map.contains("onclick") && !map.contains("alert(") && !map.contains("<iframe") && !map.contains("javascript:"))
        // Tags from front matter and from the text make term pages.
        #expect(try #require(site.read("Output/tags/field-work/index.html")).contains("Calibration log"))
        // Settings folders are not published.
        #expect(!site.exists("Output/.obsidian"))
        // A vault's graph is its text links, both ways: a note's page lists
        // the notes it links to beside those that mention it, and draws both.
        #expect(gauges.contains("<h2 id=\"links-to\">Links to <span class=\"count\">2</span></h2>"))
        #expect(gauges.contains("<h2 id=\"mentioned-in\">Mentioned in <span class=\"count\">3</span></h2>"))
        let svg = try #require(gauges.firstMatch(of: /<svg class="lg".*?<\/svg>/.dotMatchesNewlines()).map { String($0.0) })
        #expect(svg.contains("<a href=\"/projects/tide-gauges/calibration-log/\" transform="))
        #expect(svg.contains("with 2 more two steps away</title>"))
        // No two nodes on one side of the centre share a row (a second-hop
        // node once started the other side on its parent's row, over its label).
        let nodes = svg.matches(of: /transform="translate\((\d+) (\d+)\)"/).map { (x: Int($0.1)!, y: Int($0.2)!) }
        #expect(nodes.count == 6)
        for side in [true, false] {
            let rows = nodes.filter { ($0.x > LocalGraph.width / 2) == side }.map(\.y)
            #expect(Set(rows).count == rows.count, "nodes share a row: \(nodes)")
        }
        // A vault's graph is its text links: the explorer draws them unless asked not to.
        let graph = try #require(site.read("Output/graph/index.html"))
        #expect(graph.contains("<input type=\"checkbox\" name=\"relation\" value=\"mention\" data-style=\"e7\" checked> Text links"))
    }

    /// Foam, mdBook and Zola: their links to the home note and to folder
    /// notes (`readme.md`, `README.md`, `guide/index.md`, `@/blog/_index.md`)
    /// resolve, so nothing is left to warn about but orphans.
    @Test(arguments: [("foam", "/docs/getting-started/"), ("mdbook/src", "/guide/install/"), ("zola/content", "/blog/first-post/")])
    func otherToolsFoldersBuildWithoutBrokenLinks(_ folder: String, _ page: String) throws {
        let site = try Self.site(copying: folder)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.filter { !$0.contains("orphan") } == [])
        #expect(site.exists("Output" + page + "index.html"))
    }
}
