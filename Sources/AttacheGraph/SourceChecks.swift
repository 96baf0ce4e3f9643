import AttacheModel

/// The link stage's rules about sources and time: entries that cite too few
/// sources (`min_sources`), sources nothing cites, `accessed` dates after
/// the build date, and `as_of` dates older than site.yml's `stale_after`.
package enum SourceChecks {
    package static func problems(_ graph: KnowledgeGraph, taxonomy: Taxonomy, entries: [Entry], buildDay: PartialDate,
                                 staleAfter: StaleAge?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let today = buildDay.firstDay
        for (i, entry) in zip(entries.entryIDs, entries) {
            guard let kind = taxonomy.kind(entry.kind) else { continue }
            if let minimum = kind.minimumSources, minimum > 0 {
                let cited = graph.cites[i]?.count ?? 0
                if cited < minimum {
                    let found = cited == 0 ? "none" : String(cited)
                    let singular = kind.singular.lowercased()
                    let message = "\(EnglishArticle.with(singular)) entry cites at least \(minimum) source\(minimum == 1 ? "" : "s") (`min_sources` of kind `\(kind.id)`); this one cites \(found): add `[[@source-slug]]` where a claim needs one"
                    // A draft is work in progress, as for a relation's `min`: a warning until it is published.
                    diagnostics.append(entry.isDraft
                        ? .warning(message + "; allowed while the entry is a draft, an error once it is published", at: SourceLocation(path: entry.displayPath), stage: .link)
                        : .error(message, at: SourceLocation(path: entry.displayPath), stage: .link))
                }
            }
            if kind.isSource {
                if entries.count > 1, graph.citedBy[i] == nil {
                    diagnostics.append(.warning("source `\(entry.slug)` is cited by nothing; cite it with `[[@\(entry.slug)]]` or remove it",
                                                at: SourceLocation(path: entry.displayPath), stage: .link))
                }
                // A day of slack: an author east of UTC may write a day the build's UTC date has not reached.
                if let accessed = entry.source?.accessed, accessed.value.firstDay > today + 1 {
                    diagnostics.append(.error("`accessed` \(accessed.value.text) is after the build date \(buildDay.text); a source cannot have been read in the future",
                                              at: accessed.location, stage: .link))
                }
            }
            if let staleAfter, let asOf = entry.asOf, staleAfter.lastFreshDay(after: asOf.value.lastDay) < today {
                diagnostics.append(.warning("`as_of` \(asOf.value.text) is older than `stale_after` (\(staleAfter.text)) allows at the build date \(buildDay.text); check the facts and update `as_of`",
                                            at: asOf.location, stage: .link))
            }
        }
        return diagnostics
    }
}
