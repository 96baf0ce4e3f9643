/// Every URL the site links to, in one place, so the base path and URL style
/// are applied the same way everywhere.
///
/// Pages are named by their *site path* (`SitePath`): where the page lives
/// relative to the site root in pretty form ("" for home, "strategies/",
/// "strategies/nato/"). The style turns a site path into an output file and
/// a link; `root` is what every link on the current page starts with.
public struct SiteURLs: Sendable {
    package let style: URLStyle
    let basePath: String
    /// `https://example.org` of an absolute base URL, or "" (worked out once, not per link).
    package let origin: String
    /// The start of every link on the page being rendered: the base path
    /// (links that work from any page), or in `files` style a relative way
    /// back to the site root ("", "../", "../../").
    package private(set) var root: String

    package init(site: SiteConfig) {
        self.style = site.urlStyle
        self.basePath = site.basePath
        self.root = site.basePath
        self.origin = site.origin
    }

    /// The URLs to use on the page written to `file` (relative to Output/).
    /// Pretty URLs are the same on every page; `files` links are relative.
    package func forPage(atFile file: String) -> SiteURLs {
        guard style == .files else { return self }
        var copy = self
        copy.root = String(repeating: "../", count: file.reduce(0) { $1 == "/" ? $0 + 1 : $0 })
        return copy
    }

    // MARK: site paths

    package static func kindPath(_ kind: Kind) -> SitePath { SitePath.home.appending(kind.folder) }
    package static func entryPath(folder: String, slug: Slug) -> SitePath { SitePath.home.appending(folder).appending(slug.rawValue) }
    /// An entry's page: its own site path when it has one (a vault note's
    /// folders, or a `permalink`), else its kind's folder and its slug.
    package static func entryPath(_ entry: Entry, in taxonomy: Taxonomy) -> SitePath {
        if let sitePath = entry.sitePath { return sitePath }
        return entryPath(folder: taxonomy.kind(entry.kind)?.folder ?? entry.kind.rawValue, slug: entry.slug)
    }
    package static func facetPath(_ facet: FacetID) -> SitePath { SitePath.home.appending(facet.rawValue) }
    package static func termPath(_ facet: FacetID, _ term: TermSlug) -> SitePath { facetPath(facet).appending(term.rawValue) }
    /// A term's entries of one kind.
    package static func termPath(_ facet: FacetID, _ term: TermSlug, kind: Kind) -> SitePath { termPath(facet, term).appending(kind.folder) }

    /// A site path in this style, still relative to the site root.
    package func styled(_ sitePath: SitePath) -> String {
        switch style {
        case .pretty: return sitePath.rawValue
        case .files: return sitePath.isHome ? "index.html" : String(sitePath.rawValue.dropLast()) + ".html"
        }
    }

    /// Output file (relative to Output/) of the page at a site path.
    package func outputFile(forSitePath sitePath: SitePath) -> String {
        style == .pretty ? sitePath.rawValue + "index.html" : styled(sitePath)
    }

    // MARK: links from the current page

    package func link(_ sitePath: SitePath) -> String { root + URLPathEncoding.encode(styled(sitePath)) }
    /// A page's address relative to the site root, percent-encoded (the search index's URLs).
    package func relativeLink(_ sitePath: SitePath) -> String { URLPathEncoding.encode(styled(sitePath)) }
    package var home: String { link(.home) }
    package func kind(_ kind: Kind) -> String { link(Self.kindPath(kind)) }
    func entry(folder: String, slug: Slug) -> String { link(Self.entryPath(folder: folder, slug: slug)) }
    /// An entry's page, in its kind's folder.
    package func entry(_ entry: Entry, in taxonomy: Taxonomy) -> String { link(Self.entryPath(entry, in: taxonomy)) }
    package func facet(_ facet: FacetID) -> String { link(Self.facetPath(facet)) }
    package func term(_ facet: FacetID, _ term: TermSlug) -> String { link(Self.termPath(facet, term)) }
    package func term(_ facet: FacetID, _ term: TermSlug, kind: Kind) -> String { link(Self.termPath(facet, term, kind: kind)) }
    /// A file that is not a page (assets, feed, search index).
    func file(_ path: String) -> String { root + URLPathEncoding.encode(path) }
    package func asset(_ path: String) -> String { file("assets/" + path) }

    /// An absolute URL for sitemap, feed and canonical links: the base URL's
    /// origin when it has one, otherwise the site path as is.
    package func absolute(_ sitePath: SitePath) -> String { origin + basePath + URLPathEncoding.encode(styled(sitePath)) }
    /// An absolute URL of a file that is not a page.
    package func absoluteFile(_ path: String) -> String { origin + basePath + URLPathEncoding.encode(path) }
    /// A link to a copied attachment, by its output path (see `attachmentPath`).
    package func attachment(_ outputPath: String) -> String { file(outputPath) }

    // MARK: attachments

    /// Where a file of the content folder that is not an entry (an image, a
    /// PDF) is copied, relative to Output/: each folder mapped as vault
    /// folders are (`User interface/img/pic.png` → `user-interface/img/pic.png`),
    /// the file name kept as it is. Links to it go through `attachment(_:)`,
    /// which percent-encodes what needs it.
    package static func attachmentPath(contentRelativePath path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count > 1 else { return path }
        let name = segments.removeLast()
        return (segments.map(SlugRules.segmentSlug) + [name]).joined(separator: "/")
    }
}
