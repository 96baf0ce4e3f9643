/// `graph.json`: every entry and every edge, for reuse outside the site.
/// Its shape is documented in README ("The graph as data").
enum GraphExport {
    static func json(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (Int) -> String) -> String {
        let entries = graph.index.entries
        var out = JSONText(reserving: entries.count * 400)
        out.raw("{\"version\":1,\"site\":")
        out.object([("title", .string(site.title)), ("base_url", .string(site.baseURL))])
        out.raw(",\"kinds\":[")
        for (i, kind) in taxonomy.kinds.enumerated() {
            if i > 0 { out.raw(",") }
            out.object([("id", .string(kind.id.rawValue)), ("title", .string(kind.title)),
                        ("singular", .string(kind.singular)), ("folder", .string(kind.folder))])
        }
        out.raw("],\"nodes\":[\n")
        for (i, entry) in entries.enumerated() {
            if i > 0 { out.raw(",\n") }
            var facets: [(String, JSONText.Value)] = []
            for facet in taxonomy.facets {
                let slugs = graph.facets.termSlugs(ofEntry: entry, facet: facet.id)
                if !slugs.isEmpty {
                    facets.append((facet.id.rawValue, .strings(slugs.compactMap { graph.facets.term(facet.id, $0)?.label })))
                }
            }
            out.object([
                ("slug", .string(entry.slug.rawValue)), ("kind", .string(entry.kind.rawValue)),
                ("title", .string(entry.title)), ("summary", .string(entry.summary)), ("url", .string(entryURL(i))),
                ("aliases", .strings(entry.aliases)), ("facets", .raw(JSONText.encode(facets))),
            ])
        }
        out.raw("\n],\"edges\":[\n")
        var first = true
        func separator() {
            if !first { out.raw(",\n") }
            first = false
        }
        for edge in graph.relationEdges {
            let inverse = taxonomy.kind(entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? edge.relation
            separator()
            out.object([("type", .string("relation")), ("relation", .string(edge.relation)), ("inverse", .string(inverse)),
                        ("source", .string(entries[edge.source].slug.rawValue)), ("target", .string(entries[edge.target].slug.rawValue))])
        }
        for (source, targets) in graph.mentionTargets.enumerated() {
            for target in targets where target != source {
                separator()
                out.object([("type", .string("mention")), ("source", .string(entries[source].slug.rawValue)),
                            ("target", .string(entries[target].slug.rawValue))])
            }
        }
        out.raw("\n]}\n")
        return out.text
    }
}
