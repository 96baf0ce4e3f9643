import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Link: the knowledge graph, with the checks that need all of it.
extension SiteBuilder {
    // MARK: link

    func link(_ loaded: Loaded, _ parsed: Parsed, log: inout DiagnosticLog) -> KnowledgeGraph {
        let entries = loaded.index.entries
        log.add(contentsOf: GraphChecks.anchorProblems(links: parsed.links, selfAnchors: parsed.selfAnchors, headings: parsed.bodies.map(\.headings),
                                                       blockIDs: parsed.bodies.map(\.blockIDs), entries: entries,
                                                       brokenLinks: loaded.site.brokenLinks ?? .error))
        let graph = KnowledgeGraph(index: loaded.index, taxonomy: loaded.taxonomy, relationEdges: parsed.edges,
                                   mentionTargets: parsed.links.map(GraphChecks.uniqueTargets), facets: parsed.facets,
                                   citations: parsed.citations)
        let sourceKinds = Set(loaded.taxonomy.sourceKinds.map(\.id))
        log.add(contentsOf: GraphChecks.orphanWarnings(graph, entries: entries, introLinks: parsed.introLinks, sourceKinds: sourceKinds))
        log.add(contentsOf: SourceChecks.problems(graph, taxonomy: loaded.taxonomy, entries: entries, buildDay: buildDay,
                                                  staleAfter: loaded.site.staleAfter))
        return graph
    }

    /// The day the build counts from (`accessed`, `as_of`): `--build-date`'s,
    /// else `SOURCE_DATE_EPOCH`'s, else today's (UTC).
    var buildDay: PartialDate {
        let text = options.buildDate ?? Self.today()
        if case .success(let date) = EntryDate.parse(text) { return PartialDate(date) }
        if case .success(let date) = PartialDate.parse(String(text.prefix(10))) { return date }
        return PartialDate(year: 1970, month: 1, day: 1)
    }
}
