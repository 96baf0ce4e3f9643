@testable import AttacheModel
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// What the theme's scripts read: link previews, the search page, the
/// search index's aliases; and the pages they work on.
@Suite("Previews, search page, filters")
struct ReaderFeaturesTests {
    static let files = [
        "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Keeping the peace."),
        "Content/organizations/nato.md": entry("North Atlantic Treaty Organization", "aliases: [NATO]\nruns: [peacekeeping]\nsummary: An alliance."),
        "Content/case-studies/partners.md": entry("NATO Partnership Frameworks", "strategies: [peacekeeping]\norganizations: [nato]\nregions: [Europe]",
                                                  body: "See [[nato]]."),
    ]

    @Test func previewsHoldEachEntrysTitleKindSummaryAndConnectionCounts() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        // Three entries: one shard. The page tells preview.js how many there are.
        #expect(LinkPreviews.shardCount(entries: 3) == 1)
        let shard = try #require(site.read("Output/previews/0.json"))
        #expect(shard.contains("\"strategies/peacekeeping\":[\"Peacekeeping\",\"Strategy type\",\"Keeping the peace.\",[[\"Case studies\",1],[\"Run by\",1]]]"))
        #expect(shard.contains("\"organizations/nato\":[\"North Atlantic Treaty Organization\",\"Organization\",\"An alliance.\",[[\"Runs\",1],[\"Case studies\",1]]]"))
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        #expect(page.contains("<script src=\"/assets/preview.js\" data-root=\"/\" data-shards=\"1\" defer></script>"))
    }

    @Test func previewShardsFollowTheHashPreviewJSComputes() {
        // FNV-1a, 32 bits, as preview.js computes it (Math.imul): 1165117409 for this key.
        #expect(LinkPreviews.hash("strategies/nato") == 1_165_117_409)
        #expect(LinkPreviews.shard(ofSitePath: SitePath("strategies/nato/"), shards: 4) == 1)
        #expect(LinkPreviews.shardCount(entries: 10_000) == 256)
        #expect(LinkPreviews.shardCount(entries: 1_000) == 32)
    }

    @Test func theSearchPageAndTheNotFoundPageOfferSearch() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let search = try #require(site.read("Output/search/index.html"))
        #expect(search.contains("<ul id=\"search-page-results\" class=\"search-results search-page-results\"></ul>"))
        // The index lives beside it, unchanged.
        #expect(site.exists("Output/search/meta.json"))
        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("<form class=\"search\" role=\"search\" action=\"/search/\" data-search-page=\"/search/\">"))
        let notFound = try #require(site.read("Output/404.html"))
        #expect(notFound.contains("<form class=\"not-found-search\" role=\"search\" action=\"/search/\">"))
        #expect(notFound.contains("<input type=\"search\" id=\"not-found-query\" name=\"q\">"))
    }

    @Test func aTitleShardCarriesAliasesSoAnExactAliasRanksFirst() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        // "na": the shard of `nato`; both entries hold it in a title or alias.
        let shard = try #require(site.read("Output/search/terms/6e61.json"))
        #expect(shard.contains("\"1\":[\"North Atlantic Treaty Organization\",\"organizations/nato/\",\"Organization\",[\"NATO\"]]"))
        #expect(shard.contains("\"0\":[\"NATO Partnership Frameworks\",\"case-studies/partners/\",\"Case study\"]"))
    }

    @Test func theFilterPanelFoldsAndFilterJSKeepsItsLinksWithoutJavaScript() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let kind = try #require(site.read("Output/case-studies/index.html"))
        #expect(kind.contains("<details class=\"filters\" open>\n  <summary><h2 id=\"filters-heading\">Browse Case studies</h2></summary>"))
        #expect(kind.contains("<a href=\"/regions/europe/case-studies/\" data-filter-value=\"regions=europe\">Europe</a>"))
    }
}

/// Home, long lists and facet pages that stay readable at any size.
@Suite("Home and lists that scale")
struct ListsThatScaleTests {
    @Test func theHomePageShowsAFewEntriesPerKindAndTheRecentlyUpdated() throws {
        var files: [String: String] = [:]
        for n in 0..<30 {
            files["Content/strategies/s\(String(format: "%02d", n)).md"] = entry("Strategy \(String(format: "%02d", n))", "date: 2024-01-\(String(format: "%02d", n % 28 + 1))")
        }
        files["Content/organizations/late.md"] = entry("Late", "date: 2023-01-01\nupdated: 2025-06-01\nruns: [s00]")
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let home = try #require(site.read("Output/index.html"))
        // Six strategies, then a link to all 30.
        #expect(home.contains("<a href=\"/strategies/s05/\">Strategy 05</a>"))
        #expect(!home.contains("<a href=\"/strategies/s06/\">Strategy 06</a>"))
        #expect(home.contains("<p class=\"more\"><a href=\"/strategies/\">All 30 Strategy types →</a></p>"))
        // Recently updated: the newest `updated` (else `date`) first.
        let recent = try #require(home.range(of: "<h2>Recently updated</h2>"))
        let after = String(home[recent.upperBound...])
        let late = try #require(after.range(of: ">Late</a>"))
        let s27 = try #require(after.range(of: ">Strategy 27</a>"))
        #expect(late.lowerBound < s27.lowerBound)
        // A long list is dense: one line per entry.
        let index = try #require(site.read("Output/strategies/index.html"))
        #expect(index.contains("<ul class=\"cards dense\">"))
    }

    @Test func aFacetPageShowsEachTermsCountAndSampleEntries() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("Alpha", "regions: [Africa]"),
            "Content/strategies/b.md": entry("Bravo", "regions: [Africa]"),
            "Content/strategies/c.md": entry("Charlie", "regions: [Africa]"),
            "Content/strategies/d.md": entry("Delta", "regions: [Africa, Europe]"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/regions/index.html"))
        #expect(page.contains("<li><h2><a href=\"/regions/africa/\">Africa</a> <span class=\"count\">4</span></h2><p><a href=\"/strategies/a/\">Alpha</a> · <a href=\"/strategies/b/\">Bravo</a> · <a href=\"/strategies/c/\">Charlie</a> · <a href=\"/regions/africa/\">1 more →</a></p></li>"))
        #expect(page.contains("<li><h2><a href=\"/regions/europe/\">Europe</a> <span class=\"count\">1</span></h2><p><a href=\"/strategies/d/\">Delta</a> · <a href=\"/regions/europe/\">all →</a></p></li>"))
    }
}
