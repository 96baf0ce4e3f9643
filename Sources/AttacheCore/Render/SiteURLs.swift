/// Every URL the site links to, in one place, so the base path and URL style
/// are applied the same way everywhere.
public struct SiteURLs: Sendable {
    public enum Style: String, Sendable {
        /// `/kb/strategies/nato/` served from `…/nato/index.html`.
        case pretty
    }

    let basePath: String
    let site: SiteConfig

    init(site: SiteConfig) {
        self.site = site
        self.basePath = site.basePath
    }

    var home: String { basePath }
    func kind(_ kind: Kind) -> String { basePath + kind.folder + "/" }
    func entry(folder: String, slug: Slug) -> String { basePath + folder + "/" + slug.rawValue + "/" }
    /// An entry's page, in its kind's folder.
    func entry(_ entry: Entry, in taxonomy: Taxonomy) -> String {
        self.entry(folder: taxonomy.kind(entry.kind)?.folder ?? entry.kind.rawValue, slug: entry.slug)
    }
    func facet(_ facet: FacetID) -> String { basePath + facet.rawValue + "/" }
    func term(_ facet: FacetID, _ term: TermSlug) -> String { basePath + facet.rawValue + "/" + term.rawValue + "/" }
    func asset(_ path: String) -> String { basePath + "assets/" + path }

    /// Output file for a page URL (pretty URLs: a folder with index.html).
    func outputFile(forPageURL url: String) -> String {
        let relative = String(url.dropFirst(basePath.count))
        return relative + "index.html"
    }

    /// An absolute URL for sitemap, feed and canonical links: the base URL's
    /// origin when it has one, otherwise the site path as is.
    func absolute(_ path: String) -> String { site.origin + path }
}
