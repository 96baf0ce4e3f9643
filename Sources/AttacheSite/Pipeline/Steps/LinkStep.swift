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
                                   mentionTargets: parsed.links.map(GraphChecks.uniqueTargets), facets: parsed.facets)
        log.add(contentsOf: GraphChecks.orphanWarnings(graph, entries: entries, introLinks: parsed.introLinks))
        return graph
    }
}
