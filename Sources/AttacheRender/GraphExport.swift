import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes
/// `graph.json`: every entry and every edge, for reuse outside the site.
/// Its shape is documented in README ("The graph as data").
package enum GraphExport {
    static func json(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (EntryID) -> String) -> String {
        document(site: site, taxonomy: taxonomy, graph: graph, entryURL: entryURL).text
    }

    package static func document(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (EntryID) -> String) -> Document {
        build(site: site, taxonomy: taxonomy, graph: graph, entryURL: entryURL, streamingTo: nil)
    }

    /// The bytes of graph.json (the same as `document(…).text`), handed to
    /// `sink` about a megabyte at a time as they are made: a build that keeps
    /// nothing writes the file without ever holding it (at 100,000 entries
    /// its parts and their copies were 300 MB at once).
    package static func write(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (EntryID) -> String,
                              to sink: ([UInt8]) -> Void) {
        withoutActuallyEscaping(sink) { sink in
            _ = build(site: site, taxonomy: taxonomy, graph: graph, entryURL: entryURL, streamingTo: sink)
        }
    }

    /// With a `sink`, everything goes to it and the document returned is empty.
    private static func build(site: SiteConfig, taxonomy: Taxonomy, graph: KnowledgeGraph, entryURL: (EntryID) -> String,
                              streamingTo sink: (([UInt8]) -> Void)?) -> Document {
        let entries = graph.index.entries
        let chunk = 1 << 20
        var out = JSONText(reserving: sink == nil ? entries.count * 400 : chunk + 4096)
        func flush(atLeast size: Int) {
            guard let sink, out.bytes.count >= size else { return }
            sink(out.bytes)
            out = JSONText(reserving: chunk + 4096)
        }
        // Version 2 adds sources, citations and dates; every version 1 field is as it was.
        out.raw("{\"version\":2,\"site\":")
        out.object([("title", .string(site.title)), ("base_url", .string(site.baseURL))])
        out.raw(",\"kinds\":[")
        for (i, kind) in taxonomy.kinds.enumerated() {
            if i > 0 { out.raw(",") }
            var members: [(String, JSONText.Value)] = [("id", .string(kind.id.rawValue)), ("title", .string(kind.title)),
                                                       ("singular", .string(kind.singular)), ("folder", .string(kind.folder))]
            if kind.isSource { members.append(("source", .raw("true"))) }
            if let minimum = kind.minimumSources { members.append(("min_sources", .int(minimum))) }
            out.object(members)
        }
        out.raw("],\"nodes\":[\n")
        // Written member by member (the same bytes `object` writes): a
        // members array and a nested writer per node were most of the cost.
        for (i, entry) in zip(entries.entryIDs, entries) {
            if i.position > 0 { out.raw(",\n") }
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
            out.raw("}")
            if let date = entry.date { out.raw(",\"date\":"); out.string(date.text) }
            if let until = entry.until { out.raw(",\"until\":"); out.string(until.text) }
            if let asOf = entry.asOf { out.raw(",\"as_of\":"); out.string(asOf.value.text) }
            if let source = entry.source { sourceObject(source, to: &out) }
            out.raw("}")
            flush(atLeast: chunk)
        }
        out.raw("\n],\"edges\":[\n")
        var document = Document(head: sink == nil ? out.text : "", relations: [], mentions: "", citations: "")
        let inverses = inverseLabels(taxonomy)
        // Streaming, the parts are joined as `Document.text` joins them.
        var anyRelation = false
        if sink != nil {
            for i in entries.entryIDs {
                let fragment = relationFragment(of: i, graph: graph, inverses: inverses)
                guard !fragment.isEmpty else { continue }
                if anyRelation { out.raw(",\n") }
                anyRelation = true
                out.raw(fragment)
                flush(atLeast: chunk)
            }
        } else {
            document.relations = entries.entryIDs.map { relationFragment(of: $0, graph: graph, inverses: inverses) }
        }
        var mentions = JSONText()
        var first = true
        for (source, targets) in zip(graph.mentionTargets.entryIDs, graph.mentionTargets) {
            for target in targets where target != source {
                if sink != nil {
                    if !first || anyRelation { out.raw(",\n") }
                    first = false
                    out.raw("{\"type\":\"mention\",\"source\":")
                    out.string(entries[source].slug.rawValue)
                    out.raw(",\"target\":")
                    out.string(entries[target].slug.rawValue)
                    out.raw("}")
                    flush(atLeast: chunk)
                    continue
                }
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
        var anyEdge = anyRelation || !first
        var citations = JSONText()
        for (source, cited) in graph.cites.stored {
            for citation in cited {
                if sink != nil {
                    if anyEdge { out.raw(",\n") }
                    anyEdge = true
                    out.raw("{\"type\":\"cites\",\"source\":")
                    out.string(entries[source].slug.rawValue)
                    out.raw(",\"target\":")
                    out.string(entries[citation.target].slug.rawValue)
                    out.raw(",\"locators\":")
                    out.strings(citation.locators)
                    out.raw("}")
                    flush(atLeast: chunk)
                    continue
                }
                if !citations.bytes.isEmpty { citations.raw(",\n") }
                citations.raw("{\"type\":\"cites\",\"source\":")
                citations.string(entries[source].slug.rawValue)
                citations.raw(",\"target\":")
                citations.string(entries[citation.target].slug.rawValue)
                citations.raw(",\"locators\":")
                citations.strings(citation.locators)
                citations.raw("}")
            }
        }
        if sink != nil {
            out.raw("\n]}\n")
            flush(atLeast: 0)
            return document
        }
        document.citations = citations.text
        return document
    }

    /// A source node's `"source"`: its reference, each field only when given.
    static func sourceObject(_ source: SourceReference, to out: inout JSONText) {
        var members: [(String, JSONText.Value)] = []
        if !source.authors.isEmpty { members.append(("author", .strings(source.authors))) }
        if let publisher = source.publisher { members.append(("publisher", .string(publisher))) }
        if let published = source.published { members.append(("published", .string(published.text))) }
        if let url = source.url { members.append(("url", .string(url))) }
        if let accessed = source.accessed { members.append(("accessed", .string(accessed.value.text))) }
        if let identifier = source.identifier { members.append(("identifier", .string(identifier))) }
        out.raw(",\"source\":")
        out.object(members)
    }

    /// graph.json in parts, so a live server can redo one entry's relation
    /// edges without writing the rest again.
    package struct Document {
        /// Everything up to the first edge.
        var head: String
        /// Each entry's relation edges, in the order written (indexed by entry).
        package var relations: [String]
        var mentions: String
        /// The `cites` edges, after the mentions.
        var citations: String

        /// The whole file, copied once into storage of its final size (joining
        /// and concatenating copied a large site's 16 MB three times).
        package var text: String {
            var size = head.utf8.count + 4
            for part in relations where !part.isEmpty { size += part.utf8.count + 2 }
            size += mentions.utf8.count + citations.utf8.count + 4
            var text = String()
            text.reserveCapacity(size)
            text += head
            var first = true
            for part in relations where !part.isEmpty {
                if !first { text += ",\n" }
                first = false
                text += part
            }
            for part in [mentions, citations] where !part.isEmpty {
                if !first { text += ",\n" }
                first = false
                text += part
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
            for part in [mentions, citations] where !part.isEmpty {
                if !first { try body(",\n") }
                first = false
                try body(part)
            }
            try body("\n]}\n")
        }
    }

    package static func relationFragment(of source: EntryID, graph: KnowledgeGraph, inverses: [KindID: [String: String]]) -> String {
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
            if let span = edge.span {
                if let from = span.from { out.raw(",\"from\":"); out.string(from.text) }
                if let until = span.until { out.raw(",\"until\":"); out.string(until.text) }
                if let note = span.note { out.raw(",\"note\":"); out.string(note) }
            }
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
