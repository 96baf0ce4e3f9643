import AttacheModel

/// A `permalink` names an address the site may already use: another
/// entry's page, a kind's or facet's index, or a name the site reserves.
/// Said at the permalink, before any page is rendered.
package enum PermalinkRules {
    package static func problems(_ entries: [Entry], taxonomy: Taxonomy, style: URLStyle) -> [Diagnostic] {
        guard entries.contains(where: { $0.permalinkLocation != nil }) else { return [] }
        var diagnostics: [Diagnostic] = []
        let reserved = URLSpaceRules.reservedNames(style: style).union(["graph"])
        var owner: [SitePath: String] = [:]
        for kind in taxonomy.kinds { owner[SiteURLs.kindPath(kind)] = "the index of \(kind.title)" }
        for facet in taxonomy.facets { owner[SiteURLs.facetPath(facet.id)] = "the index of \(facet.title)" }
        // Entries without a permalink first: an entry keeps the address its file gives it.
        let ordered = entries.indices.filter { entries[$0].permalinkLocation == nil } + entries.indices.filter { entries[$0].permalinkLocation != nil }
        for i in ordered {
            let entry = entries[i]
            let sitePath = SiteURLs.entryPath(entry, in: taxonomy)
            guard let location = entry.permalinkLocation else {
                owner[sitePath] = owner[sitePath] ?? entry.displayPath
                continue
            }
            let first = String(sitePath.rawValue.split(separator: "/").first ?? "")
            if reserved.contains(first) {
                diagnostics.append(.error("`permalink` `/\(sitePath)` is in `\(first)/`, which the site itself uses; choose another address", at: location, stage: .load))
            } else if taxonomy.facets.contains(where: { $0.id.rawValue == first }) {
                diagnostics.append(.error("`permalink` `/\(sitePath)` is in `\(first)/`, where the facet's term pages are; choose another address", at: location, stage: .load))
            } else if let other = owner[sitePath] {
                diagnostics.append(.error("`permalink` `/\(sitePath)` is already the address of \(other); choose another", at: location, stage: .load))
            } else {
                owner[sitePath] = entry.displayPath
            }
        }
        return diagnostics
    }
}
