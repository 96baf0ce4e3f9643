import AttacheModel
import AttacheMarkdown

/// Where a vault's inline `#tags` link: the `tags` facet's term pages.
package struct TagLinks: Sendable {
    package var facet: FacetID
    /// When set, only these term slugs link (the home and kind page texts,
    /// read once every entry's tags are known); every tag otherwise.
    package var known: Set<TermSlug>?

    package init(facet: FacetID, known: Set<TermSlug>? = nil) {
        self.facet = facet
        self.known = known
    }
}

extension BodyLinkResolver {
    package var linksInlineTags: Bool { tagLinks != nil }

    /// Inline tags found in this body, each with where it is written.
    package var inlineTags: [Located<String>] { foundTags }

    package func resolveTag(_ tag: InlineTagReference) -> String? {
        guard let tagLinks else { return nil }
        let name = TagNames.normalize(tag.name)
        let slug = TermSlug(SlugRules.tagSlug(name))
        guard !slug.rawValue.isEmpty, tagLinks.known?.contains(slug) ?? true else { return nil }
        foundTags.append(Located(name, at: SourceLocation(path: displayPath, line: tag.line + lineOffset - 1, column: tag.column)))
        return urls.link(SiteURLs.termPath(tagLinks.facet, slug))
    }
}

enum TagNames {
    /// Without `/` at either end.
    static func normalize(_ name: String) -> String {
        var text = Substring(name)
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
