@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("The typed knowledge graph")
struct GraphTests {
    static let files: [String: String] = [
        "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Keeping peace.\naliases: [Peace operations]",
                                                    body: "## History\n\nText about [[amisom]].\n\n## History\n\nAgain."),
        "Content/strategies/training.md": entry("Training", "summary: Drills.", body: "Used by [[nato]]."),
        "Content/organizations/nato.md": entry("North Atlantic Treaty Organization", "aliases: [NATO]\nruns: [training, peacekeeping]"),
        "Content/organizations/au.md": entry("African Union", "aliases: [AU]\nruns: peacekeeping"),
        "Content/case-studies/amisom.md": entry("AMISOM mission", "strategies: [peacekeeping]\norganizations: [au]\nregions: [Africa]",
                                                body: "Run by [[au|the AU]], see [[Peace operations]] and [[peacekeeping#history-1]] and [its history](../strategies/peacekeeping.md#history).\n\n`[[not-a-link]]`\n\n    [[also-not]]"),
    ]

    @Test func wikiLinksOfEveryFormResolve() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        let page = try #require(site.read("Output/case-studies/amisom/index.html"))
        #expect(page.contains("Run by <a href=\"/organizations/au/\">the AU</a>"))
        #expect(page.contains("see <a href=\"/strategies/peacekeeping/\">Peacekeeping</a>"))
        #expect(page.contains("<a href=\"/strategies/peacekeeping/#history-1\">Peacekeeping</a>"))
        #expect(page.contains("<a href=\"/strategies/peacekeeping/#history\">its history</a>"))
        #expect(page.contains("<code>[[not-a-link]]</code>"))
        #expect(page.contains("[[also-not]]"))
        let training = try #require(site.read("Output/strategies/training/index.html"))
        #expect(training.contains("<a href=\"/organizations/nato/\">North Atlantic Treaty Organization</a>"))
    }

    @Test func headingsGetUniqueIDsAndAnchorLinks() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        site.build()
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        #expect(page.contains("<h2 id=\"history\">"))
        #expect(page.contains("<h2 id=\"history-1\">"))
        #expect(page.contains("<a class=\"heading-anchor\" href=\"#history-1\" aria-label=\"Link to this section: History\">#</a>"))
    }

    @Test func backlinksAreGroupedUnderTheInverseLabelSortedByTitle() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        site.build()
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        let runBy = try #require(page.range(of: "<h2 id=\"backlinks-run-by\">Run by <span class=\"count\">"))
        let after = page[runBy.upperBound...]
        let au = try #require(after.range(of: "African Union"))
        let nato = try #require(after.range(of: "North Atlantic Treaty Organization"))
        #expect(au.lowerBound < nato.lowerBound)
        #expect(page.contains("<h2 id=\"backlinks-case-studies\">Case studies <span class=\"count\">"))
        // The relation's own page lists its targets under the relation's name.
        let nat = try #require(site.read("Output/organizations/nato/index.html"))
        #expect(nat.contains("<h2 id=\"relation-runs\">Runs <span class=\"count\">"))
        // An entry with no backlinks has no empty section.
        let amisom = try #require(site.read("Output/case-studies/amisom/index.html"))
        #expect(!amisom.contains("Mentioned in"))
        #expect(!amisom.contains(">Run by</h2>"))
    }

    @Test func mentionsDoNotRepeatTypedBacklinks() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        site.build()
        // training's body links to nato, and nato also relates to training: no "Mentioned in" on nato for training.
        let nato = try #require(site.read("Output/organizations/nato/index.html"))
        #expect(!nato.contains("Mentioned in"))
        // amisom links to au in its body but au is also a typed relation: not repeated.
        let au = try #require(site.read("Output/organizations/au/index.html"))
        #expect(!au.contains("Mentioned in"))
    }

    @Test func facetsGetTermPagesAndAnIndex() throws {
        var files = Self.files
        files["Content/strategies/training.md"] = entry("Training", "regions: [africa, Europe]", body: "Used by [[nato]].")
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.warnings == ["Content/strategies/training.md:3:11: warning: term `africa` of `regions` is spelled `Africa` elsewhere; using `Africa`"])
        let index = try #require(site.read("Output/regions/index.html"))
        #expect(index.contains("<a href=\"/regions/africa/\">Africa</a> <span class=\"count\">2</span>"))
        #expect(index.contains("<a href=\"/regions/europe/\">Europe</a> <span class=\"count\">1</span>"))
        let term = try #require(site.read("Output/regions/africa/index.html"))
        #expect(term.contains("AMISOM mission"))
        #expect(term.contains("Training"))
        let page = try #require(site.read("Output/case-studies/amisom/index.html"))
        #expect(page.contains("<a class=\"term\" href=\"/regions/africa/\">Africa</a>"))
    }

    @Test func brokenReferencesAreReportedAtTheirExactPositionWithSuggestions() throws {
        var files = Self.files
        files["Content/case-studies/bad.md"] = """
        ---
        title: Bad case
        strategies: [peacekeepin, nato, bad]
        organizations:
          - au
          - au
        ---
        Intro line.

        - a list item with [[natoo]] inside
        > quoted [[peacekeeping#no-such]] and [[x|y]]

        | col |
        | --- |
        | [[missing-in-table]] |

        A [rel](../organizations/nope.md) link and [[African Union]].
        """
        files["Content/case-studies/min.md"] = entry("Min case", "organizations: [au]", body: "Links [[bad]] and [[nato]].")
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [
            "Content/case-studies/bad.md:3:14: error: `peacekeepin` in `strategies` names no entry; did you mean `peacekeeping`?",
            "Content/case-studies/bad.md:3:27: error: `nato` is an organization, but `strategies` takes `strategy`",
            "Content/case-studies/bad.md:3:33: error: entry relates to itself through `strategies`",
            "Content/case-studies/bad.md:10:20: error: wiki-link `[[natoo]]` names no entry; did you mean `nato`?",
            "Content/case-studies/bad.md:11:10: error: entry `peacekeeping` has no heading with the id `no-such`",
            "Content/case-studies/bad.md:11:39: error: wiki-link `[[x]]` names no entry; did you mean `au`?",
            "Content/case-studies/bad.md:15:3: error: wiki-link `[[missing-in-table]]` names no entry",
            "Content/case-studies/bad.md:17:3: error: link `../organizations/nope.md` names no entry (looked for organizations/nope.md)",
            "Content/case-studies/min.md:1:1: error: relation `strategies` needs at least 1 entry of kind `strategy`, found 0",
        ])
        #expect(report.warnings == [
            "Content/case-studies/bad.md:6:5: warning: `au` is listed twice in `organizations`",
            "Content/case-studies/min.md:1:1: warning: orphan: no relation or link points to `min`",
        ])
        #expect(!site.exists("Output/index.html"))
    }

    @Test func ambiguousNamesAreErrorsListingTheCandidates() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", "aliases: [Same]", body: "[[b]]"),
            "Content/strategies/b.md": entry("B", "aliases: [same]", body: "[[Same]]"),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == ["Content/strategies/b.md:5:1: error: wiki-link `[[Same]]` matches more than one entry: `a` (Content/strategies/a.md), `b` (Content/strategies/b.md); link by slug or by path instead (`[[strategies/a]]`)"])
    }

    @Test func linksToDraftsAreErrorsUnlessDraftsAreBuilt() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", body: "See [[wip]]."),
            "Content/strategies/wip.md": entry("WIP", "draft: true", body: "[[a]]"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == ["Content/strategies/a.md:4:5: error: wiki-link `[[wip]]` points to a draft, which this build leaves out (build with --drafts, or publish the draft)"])
        #expect(site.build(drafts: true).errors == [])
    }

    @Test func acyclicRelationsRejectCycles() throws {
        let taxonomy = """
        kinds:
          topic:
            folder: topics
            relations:
              part-of:
                to: topic
                inverse: Parts
                acyclic: true
        """
        let site = try TestSite([
            "Content/topics/a.md": entry("A", "part-of: [b]"),
            "Content/topics/b.md": entry("B", "part-of: [c]"),
            "Content/topics/c.md": entry("C", "part-of: [a]"),
        ], taxonomy: taxonomy)
        defer { site.remove() }
        #expect(site.build().errors == ["Content/topics/c.md:3:11: error: relation `part-of` forms a cycle: a → b → c → a"])
    }

    @Test func taxonomyErrorsPointIntoTaxonomyYML() throws {
        let taxonomy = """
        kinds:
          topic:
            folder: topics
            relations:
              about:
                to: [person]
          Bad Kind:
            folder: x
        """
        let site = try TestSite(["Content/topics/a.md": entry("A")], taxonomy: taxonomy)
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/taxonomy.yml:6:14: error: relation `about` of kind `topic` points to unknown kind `person` (kinds: topic)",
            "Content/taxonomy.yml:7:3: error: kind key `Bad Kind` must use lowercase letters, digits and hyphens only",
        ])
    }

    @Test func checkWarnsAboutOrphansAndUnusedDeclaredTerms() throws {
        let taxonomy = TestSite.minimalTaxonomy.replacingOccurrences(of: "    title: Regions", with: "    title: Regions\n    terms: [Africa, Arctic]")
        var files = Self.files
        files["Content/strategies/lonely.md"] = entry("Lonely", "regions: [Moon]", body: "Links to [[nato]].")
        let site = try TestSite(files, taxonomy: taxonomy)
        defer { site.remove() }
        let report = site.check()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/strategies/lonely.md:1:1: warning: orphan: no relation or link points to `lonely`",
            "Content/strategies/lonely.md:3:11: warning: term `Moon` is not among the declared terms of `regions` in taxonomy.yml",
            "Content/taxonomy.yml:29:21: warning: declared term `Arctic` of facet `regions` is used by no entry",
        ])
        #expect(!site.exists("Output"))
    }

    @Test func graphJSONHasEveryNodeAndEdge() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        site.build()
        let data = try #require(FileManager.default.contents(atPath: site.path("Output/graph.json")))
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["slug"] as? String ?? "" } == ["amisom", "au", "nato", "peacekeeping", "training"])
        #expect(nodes[0]["url"] as? String == "/case-studies/amisom/")
        #expect((nodes[0]["facets"] as? [String: [String]])?["regions"] == ["Africa"])
        let edges = try #require(graph["edges"] as? [[String: String]])
        let described = Set(edges.map { "\($0["type"]!) \($0["relation"] ?? "-") \($0["source"]!)→\($0["target"]!)" })
        #expect(described == [
            "relation strategies amisom→peacekeeping",
            "relation organizations amisom→au",
            "relation runs au→peacekeeping",
            "relation runs nato→training",
            "relation runs nato→peacekeeping",
            "mention - amisom→au",
            "mention - amisom→peacekeeping",
            "mention - training→nato",
            "mention - peacekeeping→amisom",
        ])
    }
}

@Suite("Faceted browsing on kind indexes")
struct FacetedBrowsingTests {
    @Test func kindIndexOffersFacetAndRelationFiltersThatWorkWithoutJavaScript() throws {
        let site = try TestSite(GraphTests.files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let index = try #require(site.read("Output/case-studies/index.html"))
        // A facet term leads to that term's entries of this kind.
        #expect(index.contains("<a href=\"/regions/africa/case-studies/\" data-filter-value=\"regions=africa\">Africa</a> <span class=\"count\">1</span>"))
        // A related entry leads to its backlink list for this relation.
        #expect(index.contains("<a href=\"/strategies/peacekeeping/#backlinks-case-studies\" data-filter-value=\"strategies=peacekeeping\">Peacekeeping</a>"))
        #expect(index.contains("<script type=\"application/json\" id=\"filter-data\">[[\"regions=africa\",\"strategies=peacekeeping\",\"organizations=au\"]]</script>"))
        let scoped = try #require(site.read("Output/regions/africa/case-studies/index.html"))
        #expect(scoped.contains("AMISOM mission"))
        #expect(scoped.contains("<h1>Africa: Case studies</h1>"))
        let target = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        #expect(target.contains("<h2 id=\"backlinks-case-studies\">Case studies <span class=\"count\">"))
    }
}
