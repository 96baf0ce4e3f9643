import Foundation

/// `graph.json`: every entry and every edge, for reuse outside the site.
/// Its shape is documented in README ("The graph as data").
enum GraphExport {
    static func json(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (Int) -> String) -> Data {
        let entries = graph.index.entries
        let nodes: [[String: Any]] = entries.enumerated().map { i, entry in
            var facets: [String: Any] = [:]
            for facet in taxonomy.facets {
                let slugs = graph.facets.termSlugs(ofEntry: entry, facet: facet.id)
                if !slugs.isEmpty {
                    facets[facet.id.rawValue] = slugs.compactMap { graph.facets.term(facet.id, $0)?.label }
                }
            }
            return ["slug": entry.slug.rawValue, "kind": entry.kind.rawValue, "title": entry.title,
                    "summary": entry.summary, "url": entryURL(i), "aliases": entry.aliases, "facets": facets]
        }
        var edges: [[String: Any]] = graph.relationEdges.map { edge in
            let inverse = taxonomy.kind(entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? edge.relation
            return ["type": "relation", "relation": edge.relation, "inverse": inverse,
                    "source": entries[edge.source].slug.rawValue, "target": entries[edge.target].slug.rawValue]
        }
        for (source, targets) in graph.mentionTargets.enumerated() {
            for target in targets where target != source {
                edges.append(["type": "mention", "source": entries[source].slug.rawValue, "target": entries[target].slug.rawValue])
            }
        }
        let document: [String: Any] = [
            "version": 1,
            "site": ["title": site.title, "base_url": site.baseURL],
            "kinds": taxonomy.kinds.map { ["id": $0.id.rawValue, "title": $0.title, "singular": $0.singular, "folder": $0.folder] },
            "nodes": nodes,
            "edges": edges,
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
