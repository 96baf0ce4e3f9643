import AttacheModel
import AttacheMarkdown
import AttacheGraph
/// `graph.json`: every entry and every edge, for reuse outside the site.
/// Its shape is documented in README ("The graph as data").
package enum GraphExport {
    static func json(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (Int) -> String) -> String {
        document(site: site, taxonomy: taxonomy, graph: graph, entryURL: entryURL).text
    }

    package static func document(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (Int) -> String) -> Document {
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
        // Written member by member (the same bytes `object` writes): a
        // members array and a nested writer per node were most of the cost.
        for (i, entry) in entries.enumerated() {
            if i > 0 { out.raw(",\n") }
            out.raw("{\"slug\":")
            out.string(entry.slug.rawValue)
            out.raw(",\"kind\":")
            out.string(entry.kind.rawValue)
            out.raw(",\"title\":")
            out.string(entry.title)
            out.raw(",\"summary\":")
            out.string(entry.summary)
            out.raw(",\"url\":")
            out.string(entryURL(i))
            out.raw(",\"aliases\":")
            out.strings(entry.aliases)
            out.raw(",\"facets\":{")
            var firstFacet = true
            for facet in taxonomy.facets {
                let positions = graph.facets.termPositions(ofEntry: i, facet: facet.id)
                guard !positions.isEmpty, let terms = graph.facets.terms[facet.id] else { continue }
                if !firstFacet { out.raw(",") }
                firstFacet = false
                out.string(facet.id.rawValue)
                out.raw(":")
                out.strings(positions.map { terms[$0].label })
            }
            out.raw("}}")
        }
        out.raw("\n],\"edges\":[\n")
        var document = Document(head: out.text, relations: [], mentions: "")
        let inverses = inverseLabels(taxonomy)
        document.relations = entries.indices.map { relationFragment(of: $0, graph: graph, inverses: inverses) }
        var mentions = JSONText()
        var first = true
        for (source, targets) in graph.mentionTargets.enumerated() {
            for target in targets where target != source {
                if !first { mentions.raw(",\n") }
                first = false
                mentions.raw("{\"type\":\"mention\",\"source\":")
                mentions.string(entries[source].slug.rawValue)
                mentions.raw(",\"target\":")
                mentions.string(entries[target].slug.rawValue)
                mentions.raw("}")
            }
        }
        document.mentions = mentions.text
        return document
    }

    /// graph.json in parts, so a live server can redo one entry's relation
    /// edges without writing the rest again.
    package struct Document {
        /// Everything up to the first edge.
        var head: String
        /// Each entry's relation edges, in the order written.
        package var relations: [String]
        var mentions: String

        /// The whole file, copied once into storage of its final size (joining
        /// and concatenating copied a large site's 16 MB three times).
        package var text: String {
            var size = head.utf8.count + 4
            for part in relations where !part.isEmpty { size += part.utf8.count + 2 }
            size += mentions.utf8.count + 2
            var text = String()
            text.reserveCapacity(size)
            text += head
            var first = true
            for part in relations where !part.isEmpty {
                if !first { text += ",\n" }
                first = false
                text += part
            }
            if !mentions.isEmpty {
                if !first { text += ",\n" }
                text += mentions
            }
            text += "\n]}\n"
            return text
        }

        /// The same bytes as `text`, handed over part by part: a build writes
        /// graph.json without first copying all of it (160 MB at 100,000 entries) into one string.
        package func forEachPart(_ body: (String) throws -> Void) rethrows {
            try body(head)
            var first = true
            for part in relations where !part.isEmpty {
                if !first { try body(",\n") }
                first = false
                try body(part)
            }
            if !mentions.isEmpty {
                if !first { try body(",\n") }
                try body(mentions)
            }
            try body("\n]}\n")
        }
    }

    package static func relationFragment(of source: Int, graph: KnowledgeGraph, inverses: [KindID: [String: String]]) -> String {
        let entries = graph.index.entries
        guard let edges = graph.outgoing[source], !edges.isEmpty else { return "" }
        let sourceInverses = inverses[entries[source].kind]
        var out = JSONText(reserving: edges.count * 160)
        for (n, edge) in edges.enumerated() {
            if n > 0 { out.raw(",\n") }
            out.raw("{\"type\":\"relation\",\"relation\":")
            out.string(edge.relation)
            out.raw(",\"inverse\":")
            out.string(sourceInverses?[edge.relation] ?? edge.relation)
            out.raw(",\"source\":")
            out.string(entries[edge.source].slug.rawValue)
            out.raw(",\"target\":")
            out.string(entries[edge.target].slug.rawValue)
            out.raw("}")
        }
        return out.text
    }

    package static func inverseLabels(_ taxonomy: Taxonomy) -> [KindID: [String: String]] {
        var inverses: [KindID: [String: String]] = [:]
        for kind in taxonomy.kinds {
            inverses[kind.id] = Dictionary(kind.relations.map { ($0.name, $0.inverseLabel) }, uniquingKeysWith: { first, _ in first })
        }
        return inverses
    }
}
