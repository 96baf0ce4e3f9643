import AttacheModel

/// Kinds and facets share the URL space below the site root with the
/// files every site has: a kind or facet may not take one of those names,
/// nor each other's.
package enum URLSpaceRules {
    /// Names the site itself publishes at its root.
    package static func reservedNames(style: URLStyle) -> Set<String> {
        var reserved: Set<String> = ["assets", "search", "404.html", "sitemap.xml", "feed.xml", "graph.json", "robots.txt", "previews"]
        // Files-style pages are `<name>.html` beside index.html and 404.html.
        if style == .files { reserved.formUnion(["index", "404"]) }
        return reserved
    }

    /// Pages a theme may add at the root when it has their template: a kind
    /// or facet of the same name keeps its address, and the page is left out,
    /// so sites made before the page existed build as they did. The timeline
    /// page is reserved the same way; the render step warns when a site that
    /// shows time loses it.
    package static let optionalPages: Set<String> = ["graph", "search", "timeline"]

    /// Where a kind or facet takes an optional page's address (`.some(nil)`
    /// when it has no location), or nil when the address is free.
    package static func optionalPageTaken(_ name: String, in taxonomy: Taxonomy) -> SourceLocation?? {
        if let kind = taxonomy.kinds.first(where: { $0.folder == name }) { return .some(kind.location) }
        if let facet = taxonomy.facets.first(where: { $0.id.rawValue == name }) { return .some(facet.location) }
        return nil
    }

    package static func problems(_ taxonomy: Taxonomy, style: URLStyle, taxonomyPath path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let reserved = reservedNames(style: style)
        for kind in taxonomy.kinds where reserved.contains(kind.folder) && kind.folder != "assets" {
            diagnostics.append(.error("kind `\(kind.id)` is published in the folder `\(kind.folder)`, a name the site reserves; set another `folder`", at: kind.location ?? SourceLocation(path: path), stage: .load))
        }
        for facet in taxonomy.facets {
            if let kind = taxonomy.kinds.first(where: { $0.folder == facet.id.rawValue }) {
                diagnostics.append(.error("facet `\(facet.id)` would be published at the same URL as kind `\(kind.id)`'s folder; rename one", at: facet.location ?? SourceLocation(path: path), stage: .load))
            }
            if reserved.contains(facet.id.rawValue) {
                diagnostics.append(.error("facet `\(facet.id)` uses a name the site reserves", at: facet.location ?? SourceLocation(path: path), stage: .load))
            }
        }
        return diagnostics
    }
}
