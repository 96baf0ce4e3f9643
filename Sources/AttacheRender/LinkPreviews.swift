import AttacheModel
import AttacheGraph
import AttacheBytes

/// What a link preview shows (`assets/preview.js`): each entry's title,
/// kind, summary and the size of each of its connection groups, in
/// `previews/<n>.json`. Entries are spread over a power of two of shards
/// (one per 48 entries, at most 256) by a hash of their site path, so a
/// page hovering links downloads one small file per shard it touches, once,
/// instead of a request per hover or the data of every entry:
///
///     previews/3.json   {"strategies/nato":["NATO","Organization","One sentence.",[["Runs",2],["Case studies",10]]],…}
///
/// preview.js finds a link's shard with the same hash (FNV-1a, 32 bits, of
/// the site path without its trailing `/` or `.html`), given the shard count
/// on its script tag.
package enum LinkPreviews {
    /// How many shards a site of `entries` entries gets.
    package static func shardCount(entries: Int) -> Int {
        var count = 1
        while count * 48 < entries && count < 256 { count *= 2 }
        return count
    }

    /// An entry's key: its site path without the trailing slash (`strategies/nato`).
    static func key(sitePath: SitePath) -> String {
        sitePath.folder
    }

    /// FNV-1a over the key's UTF-8 bytes (keys are ASCII: folders and slugs).
    static func hash(_ key: String) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for byte in key.utf8 { h = (h ^ UInt32(byte)) &* 16_777_619 }
        return h
    }

    package static func shard(ofSitePath sitePath: SitePath, shards: Int) -> Int { Int(hash(key(sitePath: sitePath)) % UInt32(shards)) }

    /// The size of each of an entry's connection groups, as its page lists them.
    /// `relations`: each kind's relations, name and label, worked out once.
    static func groups(of i: EntryID, graph: KnowledgeGraph, relations: [(name: String, label: String)]) -> [(String, Int)] {
        var groups: [(String, Int)] = []
        let outgoing = graph.outgoing[i] ?? []
        if !outgoing.isEmpty {
            for relation in relations {
                let count = outgoing.reduce(0) { $0 + ($1.relation == relation.name ? 1 : 0) }
                if count > 0 { groups.append((relation.label, count)) }
            }
        }
        for group in graph.backlinks[i]?.groups ?? [] { groups.append((group.label, group.sources.count)) }
        if let mentions = graph.mentionedIn[i], !mentions.isEmpty { groups.append(("Mentioned in", mentions.count)) }
        if let links = graph.linksTo[i], !links.isEmpty { groups.append(("Links to", links.count)) }
        return groups
    }

    /// Every shard's file, or only those holding `only` (entries), in shard order.
    package static func files(graph: KnowledgeGraph, taxonomy: Taxonomy, sitePaths: [SitePath], only: [EntryID]? = nil) -> [(String, String)] {
        let entries = graph.index.entries
        let shards = shardCount(entries: entries.count)
        var members = [[EntryID]](repeating: [], count: shards)
        for i in entries.entryIDs { members[shard(ofSitePath: sitePaths[i], shards: shards)].append(i) }
        let wanted = only.map { Set($0.map { shard(ofSitePath: sitePaths[$0], shards: shards) }) }
        var singular: [KindID: String] = [:]
        var relations: [KindID: [(name: String, label: String)]] = [:]
        for kind in taxonomy.kinds {
            singular[kind.id] = kind.singular
            relations[kind.id] = kind.relations.map { ($0.name, Taxonomy.label(forKey: $0.name)) }
        }
        var files: [(String, String)] = []
        for (n, list) in members.enumerated() where wanted?.contains(n) ?? true {
            var json = JSONText(reserving: list.count * 220)
            json.raw("{")
            for (position, i) in list.enumerated() {
                let entry = entries[i]
                if position > 0 { json.raw(",\n") }
                json.string(key(sitePath: sitePaths[i]))
                json.raw(":[")
                json.string(entry.title)
                json.raw(",")
                json.string(singular[entry.kind] ?? entry.kind.rawValue)
                json.raw(",")
                json.string(entry.summary)
                json.raw(",[")
                for (g, (label, count)) in groups(of: i, graph: graph, relations: relations[entry.kind] ?? []).enumerated() {
                    if g > 0 { json.raw(",") }
                    json.raw("[")
                    json.string(label)
                    json.raw(",\(count)]")
                }
                json.raw("]]")
            }
            json.raw("}\n")
            files.append(("previews/\(n).json", json.text))
        }
        return files
    }
}
