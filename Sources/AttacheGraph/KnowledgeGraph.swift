import AttacheModel
import AttacheMarkdown
/// The linked site: typed edges and their inverses, mentions from bodies,
/// facet terms. Built once all bodies are parsed; read-only afterwards.
package struct KnowledgeGraph {
    package struct Backlinks {
        /// Inverse label → sources, sorted by title.
        package var groups: [(label: String, sources: [EntryID])]
    }

    package private(set) var index: EntryIndex
    package private(set) var relationEdges: [RelationChecker.Edge]
    /// Source → targets its body links to (deduplicated, in order of first link).
    package let mentionTargets: [[EntryID]]
    package let facets: FacetIndex

    /// Source → its typed edges, in the order written.
    package private(set) var outgoing = EntryTable<[RelationChecker.Edge]>()
    /// Target → backlinks grouped by inverse label.
    package private(set) var backlinks = EntryTable<Backlinks>()
    /// Target → sources whose bodies link to it and are not already typed backlinks.
    package private(set) var mentionedIn = EntryTable<[EntryID]>()
    /// Source → the entries its body links to, sorted by title; only in a
    /// site without taxonomy.yml (a vault), where text links are the whole
    /// graph and a note's page shows where it leads as well as what leads to it.
    package private(set) var linksTo = EntryTable<[EntryID]>()

    /// One source an entry's body cites, with the locators it gives.
    package struct CitedSource: Equatable, Sendable {
        package var target: EntryID
        /// Each locator once, in the order written (`p. 12`, `art. 5`).
        package var locators: [String]
    }
    /// Entry → the sources its body cites, each once, in order of first citation.
    package private(set) var cites = EntryTable<[CitedSource]>()
    /// Source → the entries citing it, sorted by title.
    package private(set) var citedBy = EntryTable<[EntryID]>()
    /// Target → the relation edges with dates that point to it (its backlinks' spans, its timeline).
    package private(set) var datedIncoming = EntryTable<[RelationChecker.Edge]>()
    /// Whether some relation value carries a date.
    package private(set) var hasDatedRelations = false

    package init(index: EntryIndex, taxonomy: Taxonomy, relationEdges: [RelationChecker.Edge], mentionTargets: [[EntryID]], facets: FacetIndex,
                 citations: [[BodyLinkResolver.Citation]] = []) {
        self.index = index
        self.relationEdges = relationEdges
        self.mentionTargets = mentionTargets
        self.facets = facets

        // Each entry's place in (lowercased title, slug) order, worked out
        // once: sorting thousands of backlink lists then compares integers.
        let rank = Self.titleOrderRanks(index)
        func byTitle(_ a: EntryID, _ b: EntryID) -> Bool { rank[a] < rank[b] }

        var grouped = EntryTable<[String: Set<EntryID>]>()
        var labelOrder = EntryTable<[String]>()
        var typedNeighbours = EntryTable<Set<EntryID>>()
        for edge in relationEdges {
            outgoing[edge.source, default: []].append(edge)
            let label = taxonomy.kind(index.entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? edge.relation
            if grouped[edge.target]?[label] == nil { labelOrder[edge.target, default: []].append(label) }
            grouped[edge.target, default: [:]][label, default: []].insert(edge.source)
            typedNeighbours[edge.target, default: []].insert(edge.source)
            typedNeighbours[edge.source, default: []].insert(edge.target)
        }
        for (target, labels) in grouped.stored {
            let groups = (labelOrder[target] ?? []).sorted().map { label in
                (label: label, sources: labels[label]!.sorted(by: byTitle))
            }
            backlinks[target] = Backlinks(groups: groups)
        }
        var mentioned = EntryTable<Set<EntryID>>()
        for (source, targets) in zip(mentionTargets.entryIDs, mentionTargets) {
            for target in targets where target != source {
                // A page already listing the source as a typed relation or backlink does not list it again.
                if typedNeighbours[target]?.contains(source) == true { continue }
                mentioned[target, default: []].insert(source)
            }
        }
        for (target, sources) in mentioned.stored { mentionedIn[target] = sources.sorted(by: byTitle) }
        if !taxonomy.isDeclared {
            for (source, targets) in zip(mentionTargets.entryIDs, mentionTargets) {
                let others = targets.filter { $0 != source }
                if !others.isEmpty { linksTo[source] = others.sorted(by: byTitle) }
            }
        }

        var citing = EntryTable<Set<EntryID>>()
        for (entry, list) in zip(citations.entryIDs, citations) where !list.isEmpty {
            var cited: [CitedSource] = []
            for citation in list {
                if let position = cited.firstIndex(where: { $0.target == citation.target }) {
                    if let locator = citation.locator, !cited[position].locators.contains(locator) { cited[position].locators.append(locator) }
                } else {
                    cited.append(CitedSource(target: citation.target, locators: citation.locator.map { [$0] } ?? []))
                }
                citing[citation.target, default: []].insert(entry)
            }
            cites[entry] = cited
        }
        for (source, entries) in citing.stored { citedBy[source] = entries.sorted(by: byTitle) }
        for edge in relationEdges where edge.span?.isDated == true {
            datedIncoming[edge.target, default: []].append(edge)
            hasDatedRelations = true
        }
    }

    /// Entry → its position when entries are sorted by lowercased title,
    /// then slug (slugs are unique, so no two share a position).
    static func titleOrderRanks(_ index: EntryIndex) -> [Int] {
        let order = index.entries.entryIDs.sorted(by: titleOrder(index))
        var rank = [Int](repeating: 0, count: order.count)
        for (position, entry) in order.enumerated() { rank[entry] = position }
        return rank
    }

    /// The order of backlink and mention lists: lowercased title, then slug.
    static func titleOrder(_ index: EntryIndex) -> (EntryID, EntryID) -> Bool {
        let titles = index.entries.map { $0.title.lowercased() }
        return { a, b in titles[a] != titles[b] ? titles[a] < titles[b] : index.entries[a].slug < index.entries[b].slug }
    }

    /// The graph after one entry's relations changed (the index carries its
    /// new front matter; titles and everything else are as before): only the
    /// entries on either end of its old and new edges are worked out again.
    /// Returns those entries, whose pages show the change.
    package mutating func replaceRelationEdges(of source: EntryID, with edges: [RelationChecker.Edge], index: EntryIndex, taxonomy: Taxonomy) -> [EntryID] {
        self.index = index
        let old = outgoing[source] ?? []
        // Edges are in source order: swap this source's run.
        let start = relationEdges.firstIndex { $0.source >= source } ?? relationEdges.count
        let end = relationEdges[start...].firstIndex { $0.source != source } ?? relationEdges.count
        relationEdges.replaceSubrange(start..<end, with: edges)
        outgoing[source] = edges.isEmpty ? nil : edges

        var affected = [source]
        var seen: Set<EntryID> = [source]
        for edge in old + edges where seen.insert(edge.target).inserted { affected.append(edge.target) }
        // A few lists to sort: the comparison itself, not ranks of every entry.
        let byTitle = Self.titleOrder(index)
        for entry in affected {
            var labels: [String: Set<EntryID>] = [:]
            var typed = Set<EntryID>()
            for edge in relationEdges {
                if edge.target == entry {
                    let label = taxonomy.kind(index.entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? edge.relation
                    labels[label, default: []].insert(edge.source)
                    typed.insert(edge.source)
                } else if edge.source == entry {
                    typed.insert(edge.target)
                }
            }
            backlinks[entry] = labels.isEmpty ? nil : Backlinks(groups: labels.keys.sorted().map { (label: $0, sources: labels[$0]!.sorted(by: byTitle)) })
            var mentioning: [EntryID] = []
            for (other, targets) in zip(mentionTargets.entryIDs, mentionTargets) where other != entry && targets.contains(entry) && !typed.contains(other) {
                mentioning.append(other)
            }
            mentionedIn[entry] = mentioning.isEmpty ? nil : mentioning.sorted(by: byTitle)
            let dated = relationEdges.filter { $0.target == entry && $0.span?.isDated == true }
            datedIncoming[entry] = dated.isEmpty ? nil : dated
        }
        hasDatedRelations = relationEdges.contains { $0.span?.isDated == true }
        return affected
    }

    /// The entries one hop from `entry` as its local graph draws them: its
    /// relation targets, the sources of its backlinks, the entries whose
    /// text links to it, and in a vault the entries its text links to; each
    /// once, in that order.
    package func neighbours(of entry: EntryID) -> [EntryID] {
        var seen: Set<EntryID> = [entry]
        var result: [EntryID] = []
        for edge in outgoing[entry] ?? [] where seen.insert(edge.target).inserted { result.append(edge.target) }
        for group in backlinks[entry]?.groups ?? [] { for source in group.sources where seen.insert(source).inserted { result.append(source) } }
        for source in mentionedIn[entry] ?? [] where seen.insert(source).inserted { result.append(source) }
        for target in linksTo[entry] ?? [] where seen.insert(target).inserted { result.append(target) }
        return result
    }

    /// Entries nothing points to: no relation, no body link, no citation.
    package func orphans() -> [EntryID] {
        var linked = Set(relationEdges.map(\.target))
        for (source, targets) in zip(mentionTargets.entryIDs, mentionTargets) {
            for target in targets where target != source { linked.insert(target) }
        }
        for (source, _) in citedBy.stored { linked.insert(source) }
        return index.entries.entryIDs.filter { !linked.contains($0) }
    }
}

/// Values by entry, kept in an array: the graph's lists were keyed by entry
/// in dictionaries, and every page hashed entry numbers to read them.
package struct EntryTable<Value> {
    private var values: [Value?] = []

    package subscript(id: EntryID) -> Value? {
        get { let entry = id.position; return entry >= 0 && entry < values.count ? values[entry] : nil }
        set {
            let entry = id.position
            if entry >= values.count {
                guard newValue != nil else { return }
                values.append(contentsOf: repeatElement(nil, count: entry + 1 - values.count))
            }
            values[entry] = newValue
        }
    }

    subscript(id: EntryID, default value: @autoclosure () -> Value) -> Value {
        get { self[id] ?? value() }
        _modify {
            let entry = id.position
            if entry >= values.count { values.append(contentsOf: repeatElement(nil, count: entry + 1 - values.count)) }
            if values[entry] == nil { values[entry] = value() }
            yield &values[entry]!
        }
    }

    /// The entries that have a value, in entry order, with their values.
    package var stored: [(entry: EntryID, value: Value)] {
        values.indices.compactMap { entry in values[entry].map { (EntryID(entry), $0) } }
    }
}

extension EntryTable: Sendable where Value: Sendable {}
