import AttacheModel
import AttacheMarkdown
/// Groups entries by facet term. Two spellings with one slug are one term;
/// the first spelling seen (or the declared one) is its label.
package struct FacetIndex {
    package struct Term {
        package var slug: TermSlug
        package var label: String
        /// Its entries, in site order.
        package var entries: [EntryID]
    }

    /// Facet → terms, declared terms first in declared order, then the rest by label.
    package private(set) var terms: [FacetID: [Term]] = [:]
    /// Facet → per entry, the positions in `terms` of its terms, in the
    /// order written (worked out once: pages, filters and graph.json all ask,
    /// and a position needs no hashing of the slug).
    private var positionsOfEntries: [FacetID: [[Int]]] = [:]

    /// `inlineTerms`: per facet, per entry, terms found in the bodies (a
    /// vault's inline `#tags`), taken after the front matter's.
    package init(index: EntryIndex, taxonomy: Taxonomy, diagnostics: inout [Diagnostic], taxonomyPath: String,
                 inlineTerms: [FacetID: [[Located<String>]]] = [:]) {
        for facet in taxonomy.facets {
            let inline = inlineTerms[facet.id]
            var bySlug: [TermSlug: Term] = [:]
            var declaredOrder: [TermSlug] = []
            var declaredAt: [TermSlug: SourceLocation] = [:]
            for (position, label) in facet.declaredTerms.enumerated() {
                let slug = TermSlug(SlugRules.slugify(label))
                if bySlug[slug] == nil {
                    bySlug[slug] = Term(slug: slug, label: label, entries: [])
                    declaredOrder.append(slug)
                    if position < facet.declaredTermLocations.count { declaredAt[slug] = facet.declaredTermLocations[position] }
                }
            }
            let declared = Set(declaredOrder)
            var slugsOfEntries: [[TermSlug]] = []
            slugsOfEntries.reserveCapacity(index.entries.count)
            // A site uses few distinct spellings many times: each is slugified once.
            var slugOfSpelling: [String: TermSlug] = [:]
            for (entryIndex, entry) in zip(index.entries.entryIDs, index.entries) {
                var seenInEntry = Set<TermSlug>()
                var slugs: [TermSlug] = []
                defer { slugsOfEntries.append(slugs) }
                var written = entry.facetTerms[facet.id] ?? []
                if let inline, entryIndex.position < inline.count { written += inline[entryIndex] }
                for term in written {
                    let slug: TermSlug
                    if let known = slugOfSpelling[term.value] {
                        slug = known
                    } else {
                        slug = TermSlug(SlugRules.termSlug(term.value, in: facet))
                        slugOfSpelling[term.value] = slug
                    }
                    if slug.rawValue.isEmpty {
                        diagnostics.append(.error("term `\(term.value)` of `\(facet.id)` has no letters or digits, so it cannot have a page", at: term.location, stage: .link))
                        continue
                    }
                    guard seenInEntry.insert(slug).inserted else {
                        // A tag may well be in front matter and in the text, or twice in the text.
                        if !facet.isTags {
                            diagnostics.append(.warning("term `\(term.value)` is listed twice in `\(facet.id)`", at: term.location, stage: .link))
                        }
                        continue
                    }
                    slugs.append(slug)
                    if let label = bySlug[slug]?.label {
                        // Tags match ignoring case, as Obsidian's do, and show as first written.
                        if label != term.value && !facet.isTags {
                            diagnostics.append(.warning("term `\(term.value)` of `\(facet.id)` is spelled `\(label)` elsewhere; using `\(label)`", at: term.location, stage: .link))
                        }
                        // Appended in place: copying the term out and back
                        // copied its whole entry list for every entry (quadratic).
                        bySlug[slug]!.entries.append(entryIndex)
                    } else {
                        if !declared.isEmpty || !facet.declaredTerms.isEmpty {
                            let near = Suggestions.nearest(to: term.value, among: facet.declaredTerms, limit: 1)
                            let hint = near.isEmpty ? "" : "; did you mean `\(near[0])`?"
                            diagnostics.append(.warning("term `\(term.value)` is not among the declared terms of `\(facet.id)` in taxonomy.yml\(hint)", at: term.location, stage: .link))
                        }
                        bySlug[slug] = Term(slug: slug, label: term.value, entries: [entryIndex])
                    }
                }
            }
            for slug in declaredOrder where bySlug[slug]?.entries.isEmpty == true {
                let at = declaredAt[slug] ?? facet.location ?? SourceLocation(path: taxonomyPath)
                diagnostics.append(.warning("declared term `\(bySlug[slug]!.label)` of facet `\(facet.id)` is used by no entry", at: at, stage: .link))
            }
            if facet.isTags { Self.addParentTags(&bySlug) }
            let undeclared = bySlug.values.filter { !declared.contains($0.slug) }.sorted { $0.label.lowercased() < $1.label.lowercased() }
            let facetTerms = declaredOrder.compactMap { bySlug[$0] }.filter { !$0.entries.isEmpty } + undeclared
            terms[facet.id] = facetTerms
            let positionOfSlug = Dictionary(uniqueKeysWithValues: facetTerms.enumerated().map { ($1.slug, $0) })
            positionsOfEntries[facet.id] = slugsOfEntries.map { $0.compactMap { positionOfSlug[$0] } }
        }
    }

    /// Nested tags: `a/b` makes the term `a` too, and `a`'s page lists the
    /// entries of `a/b` as well (as a search for `a` finds them in Obsidian).
    static func addParentTags(_ bySlug: inout [TermSlug: Term]) {
        var added: [TermSlug: Set<EntryID>] = [:]
        for slug in bySlug.keys.sorted() where slug.rawValue.contains("/") {
            let parts = slug.rawValue.split(separator: "/")
            let labelParts = bySlug[slug]!.label.split(separator: "/")
            for depth in 1..<parts.count {
                let parent = TermSlug(parts[..<depth].joined(separator: "/"))
                if bySlug[parent] == nil {
                    let label = labelParts.count == parts.count ? labelParts[..<depth].joined(separator: "/") : parent.rawValue
                    bySlug[parent] = Term(slug: parent, label: label, entries: [])
                }
                added[parent, default: []].formUnion(bySlug[slug]!.entries)
            }
        }
        for (parent, entries) in added {
            bySlug[parent]!.entries = Array(entries.union(bySlug[parent]!.entries)).sorted()
        }
    }

    /// The terms entry `i` carries for a facet, as positions in `terms[facet]`, in the order written.
    package func termPositions(ofEntry i: EntryID, facet: FacetID) -> [Int] {
        guard let entries = positionsOfEntries[facet], i.position < entries.count else { return [] }
        return entries[i]
    }
}
