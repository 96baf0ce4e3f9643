@testable import AttacheModel
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// The local graph drawn on every entry page, and the relation panel beside the body.
@Suite("Local graph and relation panel")
struct LocalGraphTests {
    /// The inline SVG of a page (from `<svg class="lg"` to its `</svg>`).
    static func svg(_ page: String) -> String? {
        guard let start = page.range(of: "<svg class=\"lg\""), let end = page.range(of: "</svg>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// The number of edges drawn: each is one `M…L…` in the edges group.
    static func edges(_ svg: String) -> Int {
        guard let start = svg.range(of: "<g class=\"lg-edges\""), let end = svg.range(of: "</g>", range: start.upperBound..<svg.endIndex) else { return 0 }
        return count("M", in: String(svg[start.upperBound..<end.lowerBound]))
    }

    @Test func aSmallNeighbourhoodAlsoShowsTheEntriesTwoHopsAway() throws {
        var files = [
            "Content/strategies/peacekeeping.md": entry("Peacekeeping"),
            "Content/organizations/au.md": entry("African Union", "runs: [peacekeeping]"),
            "Content/case-studies/amisom.md": entry("AMISOM", "organizations: [au]\nstrategies: [peacekeeping]"),
            "Content/case-studies/lone.md": entry("Lone", "organizations: [au]\nstrategies: [peacekeeping]"),
        ]
        // A strategy with many neighbours: they are drawn, their own neighbours are not.
        for n in 0..<6 { files["Content/case-studies/c\(n).md"] = entry("Case \(n)", "strategies: [busy]") }
        files["Content/strategies/busy.md"] = entry("Busy")
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        // Lone is two hops from AMISOM (through peacekeeping and through the AU), drawn once, under the first: peacekeeping.
        let amisom = try #require(site.read("Output/case-studies/amisom/index.html"))
        let svg = try #require(Self.svg(amisom))
        #expect(svg.contains("<title id=\"local-graph-title\">Graph: AMISOM and 2 connected entries, with 1 more two steps away</title>"))
        #expect(Self.count("<a href=\"/case-studies/lone/\" transform=", in: svg) == 1)
        #expect(Self.count("<path class=\"lg-hop2\" d=\"M", in: svg) == 1)
        #expect(amisom.contains("<i class=\"lg-line lg-hop2\"></i>two steps away <span class=\"count\">1</span>"))
        // The second hop hangs outside its neighbour: further from the centre, on the same side.
        func x(_ url: String) throws -> Int {
            let marker = "<a href=\"\(url)\" transform=\"translate("
            let start = try #require(svg.range(of: marker))
            return try #require(Int(svg[start.upperBound...].prefix { $0 != " " }))
        }
        let center = LocalGraph.width / 2
        let lone = try x("/case-studies/lone/"), peacekeeping = try x("/strategies/peacekeeping/")
        #expect((lone - center).signum() == (peacekeeping - center).signum())
        #expect(abs(lone - center) >= abs(peacekeeping - center) + LocalGraph.secondHopIndent)
        // Six neighbours: no second hop.
        let busyPage = try #require(site.read("Output/strategies/busy/index.html"))
        let busy = try #require(Self.svg(busyPage))
        #expect(!busy.contains("lg-hop2"))
        #expect(busy.contains("Graph: Busy and 6 connected entries</title>"))
    }

    @Test func everyNeighbourIsALinkInTheSVG() throws {
        let site = try TestSite([
            "Content/strategies/peacekeeping.md": entry("Peacekeeping"),
            "Content/organizations/au.md": entry("African Union", "runs: [peacekeeping]"),
            "Content/organizations/un.md": entry("United Nations Department of Peace Operations", "runs: [peacekeeping]"),
            "Content/case-studies/amisom.md": entry("AMISOM", "strategies: [peacekeeping]\norganizations: [au]"),
            "Content/case-studies/other.md": entry("Other <b>& case</b>", "strategies: [peacekeeping]", body: "See [[amisom]]."),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        let svg = try #require(Self.svg(page))
        #expect(svg.contains(" aria-labelledby=\"local-graph-title\"><title id=\"local-graph-title\">"))
        #expect(svg.contains("<title id=\"local-graph-title\">Graph: Peacekeeping and 4 connected entries</title>"))
        for url in ["/organizations/au/", "/organizations/un/", "/case-studies/amisom/", "/case-studies/other/"] {
            #expect(Self.count("<a href=\"\(url)\" transform=", in: svg) == 1, "one link to \(url)")
        }
        // Four neighbours and the entry itself; one edge per neighbour.
        #expect(Self.count("<a ", in: svg) == 5)
        #expect(Self.edges(svg) == 4)
        // Titles are escaped in labels and tooltips; a label over 28 characters is shortened, its title the full name.
        #expect(svg.contains("<title>United Nations Department of Peace Operations</title>"))
        #expect(svg.contains(">United Nations Department o…</text>"))
        #expect(svg.contains("Other &lt;b&gt;&amp; case&lt;/b&gt;"))
        #expect(!svg.contains("<b>"))
        // The legend names each relation drawn with its direction, and each kind.
        #expect(page.contains("← Case studies <span class=\"count\">2</span>"))
        #expect(page.contains("← Run by <span class=\"count\">2</span>"))
        #expect(page.contains("k1\"></i>Organization</li>"))
        // An entry with neighbours of its own: its relations point out (→), its mention points in (←).
        let amisom = try #require(site.read("Output/case-studies/amisom/index.html"))
        let amisomSVG = try #require(Self.svg(amisom))
        #expect(amisomSVG.contains("<a href=\"/strategies/peacekeeping/\" transform=\"translate("))
        #expect(amisom.contains("></i>Strategies → <span class=\"count\">1</span></li>"))
        #expect(amisom.contains("></i>← Mentioned in <span class=\"count\">1</span></li>"))
        // A shortened label keeps the full title as its tooltip.
        let long = try #require(site.read("Output/organizations/au/index.html"))
        #expect(!long.contains("<title>African Union</title>"))
    }

    @Test func anEntryWithNoConnectionHasNoGraph() throws {
        let site = try TestSite(["Content/strategies/alone.md": entry("Alone")])
        defer { site.remove() }
        site.build()
        let page = try #require(site.read("Output/strategies/alone/index.html"))
        #expect(!page.contains("<svg class=\"lg\""))
        #expect(!page.contains("relation-panel"))
    }

    @Test func theLayoutIsTheSameBytesOnEveryBuildAndForAnyJobs() throws {
        var files: [String: String] = ["Content/strategies/hub.md": entry("Hub")]
        for n in 0..<23 {
            files["Content/case-studies/c\(n).md"] = entry("Case \(n)", "strategies: [hub]\norganizations: [o\(n % 4)]")
        }
        for n in 0..<4 { files["Content/organizations/o\(n).md"] = entry("Org \(n)", "runs: [hub]") }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build(output: "A", jobs: 1).errors == [])
        #expect(site.build(output: "B", jobs: 4).errors == [])
        #expect(site.build(output: "C", jobs: 2).errors == [])
        let a = try #require(site.read("A/strategies/hub/index.html"))
        #expect(Self.svg(a) != nil)
        #expect(a == site.read("B/strategies/hub/index.html"))
        #expect(a == site.read("C/strategies/hub/index.html"))
        #expect(site.snapshot("A") == site.snapshot("B"))
    }

    @Test func moreThanFiftyNeighboursAreCountedNotDrawn() throws {
        var files: [String: String] = ["Content/strategies/hub.md": entry("Hub")]
        for n in 0..<60 { files["Content/case-studies/c\(String(format: "%02d", n)).md"] = entry("Case \(n)", "strategies: [hub]") }
        for n in 0..<5 { files["Content/organizations/o\(n).md"] = entry("Org \(n)", "runs: [hub]") }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/hub/index.html"))
        let svg = try #require(Self.svg(page))
        // 50 neighbours, the entry, and the "and N more" link.
        #expect(Self.edges(svg) == 50)
        #expect(Self.count("<a ", in: svg) == 52)
        #expect(svg.contains(">and 15 more</text></a>"))
        #expect(svg.contains("href=\"#all-connections\""))
        // Both groups are drawn: a long group does not push a short one out.
        #expect(Self.count("href=\"/organizations/", in: svg) == 5)
        #expect(page.contains("50 of 65 connected entries drawn"))
        // The full lists are all on the page, in the "show all" view.
        #expect(page.contains("<summary>Show all 65 connections as cards</summary>"))
        #expect(Self.count("<li class=\"card\">", in: page) == 65)
    }

    @Test func theRelationPanelSitsBesideTheBodyWithItsHeadingsInTheContents() throws {
        let site = try TestSite([
            "Content/strategies/peacekeeping.md": entry("Peacekeeping", "aliases: [Peace operations, Blue helmets]\ndate: 2024-01-02\nupdated: 2024-03-04"),
            "Content/organizations/au.md": entry("African Union", "runs: [peacekeeping]"),
            "Content/case-studies/amisom.md": entry("AMISOM", "strategies: [peacekeeping]\norganizations: [au]"),
        ], taxonomy: TestSite.minimalTaxonomy.replacingOccurrences(of: "inverse: Run by", with: "inverse: Case studies"))
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        // Aliases and dates with separators.
        #expect(page.contains("<span class=\"alias\">Peace operations · Blue helmets</span>"))
        #expect(page.contains("<time datetime=\"2024-01-02\">2024-01-02</time> · updated <time datetime=\"2024-03-04\">2024-03-04</time>"))
        // One group of mixed kinds: its heading, count, kind chips and links; the contents link to it.
        #expect(page.contains("<li class=\"toc-relation\"><a href=\"#backlinks-case-studies\">Case studies</a> <span class=\"count\">2</span></li>"))
        #expect(page.contains("<h2 id=\"backlinks-case-studies\">Case studies <span class=\"count\">2</span></h2>"))
        #expect(page.contains("<span class=\"chip k1\">Organization 1</span> <span class=\"chip k2\">Case study 1</span>"))
        #expect(page.contains("<ul class=\"relation-links\"><li><a href=\"/organizations/au/\">African Union</a></li><li><a href=\"/case-studies/amisom/\">AMISOM</a></li></ul>"))
        // Every card carries its kind.
        #expect(page.contains("<li class=\"card\"><a href=\"/case-studies/amisom/\">AMISOM</a> <span class=\"chip k2\">Case study</span>"))
        let amisom = try #require(site.read("Output/case-studies/amisom/index.html"))
        #expect(amisom.contains("<h2 id=\"relation-strategies\">Strategies <span class=\"count\">1</span></h2>"))
    }

    @Test func aTermPageGroupsMixedKindsWithLinksToEachKindsPage() throws {
        let site = try TestSite([
            "Content/strategies/peacekeeping.md": entry("Peacekeeping", "regions: [Africa]"),
            "Content/organizations/au.md": entry("African Union", "runs: [peacekeeping]\nregions: [Africa]"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/regions/africa/index.html"))
        #expect(page.contains("<h2><a href=\"/regions/africa/strategies/\">Strategy types</a> <span class=\"count\">1</span></h2>"))
        #expect(page.contains("<h2><a href=\"/regions/africa/organizations/\">Organizations</a> <span class=\"count\">1</span></h2>"))
        #expect(site.exists("Output/regions/africa/organizations/index.html"))
    }
}

/// The graph page (`graph/`): kinds as clusters, relations between kinds, the most connected entries.
@Suite("Graph page")
struct GraphPageTests {
    static let files = [
        "Content/strategies/peacekeeping.md": entry("Peacekeeping"),
        "Content/strategies/training.md": entry("Training"),
        "Content/organizations/au.md": entry("African Union", "runs: [peacekeeping, training]"),
        "Content/case-studies/amisom.md": entry("AMISOM", "strategies: [peacekeeping]\norganizations: [au]", body: "See [[training]]."),
    ]

    @Test func theGraphPageDrawsKindsAndRelationsAndListsHubs() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        let page = try #require(site.read("Output/graph/index.html"))
        // One cluster per kind, each a link to its index, sized by entries.
        #expect(page.contains("<a href=\"/strategies/\"><title>Strategy types: 2 entries</title>"))
        #expect(page.contains("<a href=\"/case-studies/\"><title>Case studies: 1 entries</title>"))
        // One curve per relation between two kinds, with its count.
        #expect(page.contains("<title>Organizations → Strategy types: Runs (2 links)</title>"))
        #expect(page.contains("<tr><td>Strategies</td><td>Case studies → Strategy types</td><td>1</td></tr>"))
        // The most connected entries: Peacekeeping has a relation from the union and one from AMISOM.
        #expect(page.contains("<li><a href=\"/strategies/peacekeeping/\">Peacekeeping</a> <span class=\"count\">2</span></li>"))
        // The explorer loads graph.json from the site, no other host.
        #expect(page.contains("data-graph=\"/graph.json\""))
        #expect(page.contains("<script src=\"/assets/graph.js\" defer></script>"))
        // With typed relations to draw, text links start unchecked (a vault's start checked).
        #expect(page.contains("<input type=\"checkbox\" name=\"relation\" value=\"mention\" data-style=\"e7\"> Text links"))
        // Every page's header links to it; the sitemap lists it.
        #expect(try #require(site.read("Output/index.html")).contains("<a href=\"/graph/\">Graph</a>"))
        #expect(try #require(site.read("Output/sitemap.xml")).contains("/graph/</loc>"))
    }

    @Test func aThemeWithoutAGraphTemplateOrAKindCalledGraphHasNoGraphPage() throws {
        let site = try TestSite(Self.files.merging(["Content/taxonomy.yml": "kinds:\n  graph:\n    folder: graph\n    title: Graphs\n    singular: Graph\n",
                                                    "Content/graph/g.md": entry("G")]) { $1 }
            .filter { !$0.key.contains("strategies") && !$0.key.contains("organizations") && !$0.key.contains("case-studies") })
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.exists("Output/graph/g/index.html"))
        #expect(!(site.read("Output/graph/index.html") ?? "").contains("explorer"))
        #expect(!(site.read("Output/index.html") ?? "").contains(">Graph</a></li>"))
    }
}
