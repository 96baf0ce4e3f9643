@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("URL styles")
struct URLStyleTests {
    static let files: [String: String] = [
        "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Keeping the peace.\nregions: [Africa]",
                                                    body: "## History\n\nSee [[NATO]] and [[nato#members|its members]].[^1]\n\n[^1]: A note."),
        "Content/organizations/nato.md": entry("NATO", "runs: [peacekeeping]\nregions: [Europe, Africa]", body: "## Members\n\nMany."),
    ]

    @Test func sitePathsBecomeFilesAndLinksInEachStyle() {
        let nato = SitePath.home.appending("organizations").appending("nato")
        #expect(nato == SitePath("organizations/nato/") && nato.folder == "organizations/nato" && !nato.isHome)
        #expect(SitePath.home.isHome && SitePath.home.folder == "" && SitePath.home.rawValue == "")
        #expect(SiteURLs.termPath(FacetID("regions"), TermSlug("asia-pacific")) == SitePath("regions/asia-pacific/"))
        var config = SiteConfig(title: "x", baseURL: "https://example.org/kb/")
        let pretty = SiteURLs(site: config)
        #expect(pretty.outputFile(forSitePath: nato) == "organizations/nato/index.html" && pretty.outputFile(forSitePath: .home) == "index.html")
        #expect(pretty.link(nato) == "/kb/organizations/nato/" && pretty.absolute(.home) == "https://example.org/kb/")
        config.urlStyle = .files
        let files = SiteURLs(site: config)
        #expect(files.outputFile(forSitePath: nato) == "organizations/nato.html" && files.styled(.home) == "index.html")
        #expect(files.forPage(atFile: "organizations/nato.html").link(SitePath("strategies/")) == "../strategies.html")
    }

    @Test func filesStyleWritesPageHTMLFilesWithRelativeLinks() throws {
        let site = try TestSite(Self.files, siteYML: "title: Test KB\nbase_url: https://example.org/kb/\n")
        defer { site.remove() }
        let report = site.build(urlStyle: .files)
        #expect(report.errors == [])
        for file in ["index.html", "strategies.html", "strategies/peacekeeping.html", "organizations/nato.html",
                     "regions.html", "regions/africa.html", "regions/africa/strategies.html", "404.html"] {
            #expect(site.exists("Output/" + file), "missing \(file)")
        }
        #expect(!site.exists("Output/strategies/peacekeeping/index.html"))

        let home = try #require(site.read("Output/index.html"))
        #expect(home.contains("href=\"strategies/peacekeeping.html\">Peacekeeping</a>"))
        #expect(home.contains("href=\"assets/style.css\""))
        let page = try #require(site.read("Output/strategies/peacekeeping.html"))
        #expect(page.contains("href=\"../organizations/nato.html\">NATO</a>"))
        #expect(page.contains("href=\"../organizations/nato.html#members\">its members</a>"))
        #expect(page.contains("href=\"#fn-1\""))
        #expect(page.contains("href=\"../assets/style.css\""))
        #expect(page.contains("data-index=\"../search/\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"https://example.org/kb/strategies/peacekeeping.html\">"))
        let kindTerm = try #require(site.read("Output/regions/africa/strategies.html"))
        #expect(kindTerm.contains("href=\"../../strategies/peacekeeping.html\">Peacekeeping</a>"))
        #expect(kindTerm.contains("href=\"../../regions/africa.html\">Africa</a>"))
        // Hosts serve 404.html at any address: its links start at the base path.
        let notFound = try #require(site.read("Output/404.html"))
        #expect(notFound.contains("href=\"/kb/assets/style.css\""))

        let sitemap = try #require(site.read("Output/sitemap.xml"))
        #expect(sitemap.contains("<loc>https://example.org/kb/index.html</loc>"))
        #expect(sitemap.contains("<loc>https://example.org/kb/strategies/peacekeeping.html</loc>"))
        let feed = try #require(site.read("Output/feed.xml"))
        #expect(feed.contains("<id>https://example.org/kb/organizations/nato.html</id>"))
        // Search works from file:// through script copies of the index.
        let metaScript = try #require(site.read("Output/search/meta.js"))
        #expect(metaScript.hasPrefix("attacheSearchData(\"meta.json\",{"))
        let docs = try #require(site.read("Output/search/docs/0.json"))
        #expect(docs.contains("\"strategies/peacekeeping.html\""))

        #expect(brokenRelativeLinks(in: site.path("Output")) == [])
    }

    @Test func prettyStyleIsTheDefaultAndSearchURLsAreRelativeToTheRoot() throws {
        let site = try TestSite(Self.files, siteYML: "title: Test KB\nbase_url: /kb/\n")
        defer { site.remove() }
        #expect(site.build().errors == [])
        let page = try #require(site.read("Output/strategies/peacekeeping/index.html"))
        #expect(page.contains("href=\"/kb/organizations/nato/\">NATO</a>"))
        #expect(!site.exists("Output/search/meta.js"))
        let docs = try #require(site.read("Output/search/docs/0.json"))
        #expect(docs.contains("\"strategies/peacekeeping/\""))
    }

    @Test func siteYMLChoosesTheStyleAndRejectsUnknownOnes() throws {
        let files = try TestSite(Self.files, siteYML: "title: Test KB\nurl_style: files\n")
        defer { files.remove() }
        #expect(files.build().errors == [])
        #expect(files.exists("Output/organizations/nato.html"))

        let wrong = try TestSite(Self.files, siteYML: "title: Test KB\nurl_style: ugly\n")
        defer { wrong.remove() }
        #expect(wrong.build().errors == ["Content/site.yml:2:12: error: `url_style` must be `pretty` or `files`, not `ugly`"])
    }

    @Test func filesStyleReservesIndexAndSearchFolders() throws {
        let taxonomy = """
        kinds:
          page:
            folder: index
            title: Pages
          find:
            folder: search
            title: Finds
        """
        let site = try TestSite(["Content/index/a.md": entry("A"), "Content/search/b.md": entry("B")], taxonomy: taxonomy)
        defer { site.remove() }
        let errors = site.build(urlStyle: .files).errors
        #expect(errors == [
            "Content/taxonomy.yml:2:3: error: kind `page` is published in the folder `index`, a name the site reserves; set another `folder`",
            "Content/taxonomy.yml:5:3: error: kind `find` is published in the folder `search`, a name the site reserves; set another `folder`",
        ])
        #expect(!site.exists("Output"))
    }

    /// Relative links (and `#fragment`s) of every page that name no file or id of the output.
    func brokenRelativeLinks(in output: String) -> [String] {
        var broken: [String] = []
        let pattern = try! NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
        let enumerator = FileManager.default.enumerator(atPath: output)!
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".html"), file != "404.html",
                  let html = FileManager.default.contents(atPath: output + "/" + file).map({ String(decoding: $0, as: UTF8.self) }) else { continue }
            let folder = (file as NSString).deletingLastPathComponent
            for match in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                let link = String(html[Range(match.range(at: 1), in: html)!])
                if link.hasPrefix("/") || link.contains("://") || link.hasPrefix("#") || link.hasPrefix("mailto:") { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = ((folder as NSString).appendingPathComponent(String(parts[0])) as NSString).standardizingPath
                guard let data = FileManager.default.contents(atPath: output + "/" + target) else {
                    broken.append("\(file): \(link)")
                    continue
                }
                if parts.count == 2, !String(decoding: data, as: UTF8.self).contains("id=\"\(parts[1])\"") {
                    broken.append("\(file): \(link) (no such id)")
                }
            }
        }
        return broken.sorted()
    }
}
