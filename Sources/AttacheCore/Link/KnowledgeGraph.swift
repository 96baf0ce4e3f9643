/// The linked site: typed edges and their inverses, mentions from bodies,
/// facet terms. Built once all bodies are parsed; read-only afterwards.
struct KnowledgeGraph {
    struct Backlinks {
        /// Inverse label → sources, sorted by title.
        var groups: [(label: String, sources: [Int])]
    }

    let index: EntryIndex
    let relationEdges: [RelationChecker.Edge]
    /// Source → targets its body links to (deduplicated, in order of first link).
    let mentionTargets: [[Int]]
    let facets: FacetIndex

    /// Source → its typed edges, in the order written.
    private(set) var outgoing: [Int: [RelationChecker.Edge]] = [:]
    /// Target → backlinks grouped by inverse label.
    private(set) var backlinks: [Int: Backlinks] = [:]
    /// Target → sources whose bodies link to it and are not already typed backlinks.
    private(set) var mentionedIn: [Int: [Int]] = [:]

    init(index: EntryIndex, taxonomy: Taxonomy, relationEdges: [RelationChecker.Edge], mentionTargets: [[Int]], facets: FacetIndex) {
        self.index = index
        self.relationEdges = relationEdges
        self.mentionTargets = mentionTargets
        self.facets = facets

        func title(_ i: Int) -> String { index.entries[i].title.lowercased() }
        func byTitle(_ a: Int, _ b: Int) -> Bool { title(a) != title(b) ? title(a) < title(b) : index.entries[a].slug < index.entries[b].slug }

        var grouped: [Int: [String: Set<Int>]] = [:]
        var labelOrder: [Int: [String]] = [:]
        var typedNeighbours: [Int: Set<Int>] = [:]
        for edge in relationEdges {
            outgoing[edge.source, default: []].append(edge)
            let label = taxonomy.kind(index.entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? edge.relation
            if grouped[edge.target]?[label] == nil { labelOrder[edge.target, default: []].append(label) }
            grouped[edge.target, default: [:]][label, default: []].insert(edge.source)
            typedNeighbours[edge.target, default: []].insert(edge.source)
            typedNeighbours[edge.source, default: []].insert(edge.target)
        }
        for (target, labels) in grouped {
            let groups = (labelOrder[target] ?? []).sorted().map { label in
                (label: label, sources: labels[label]!.sorted(by: byTitle))
            }
            backlinks[target] = Backlinks(groups: groups)
        }
        var mentioned: [Int: Set<Int>] = [:]
        for (source, targets) in mentionTargets.enumerated() {
            for target in targets where target != source {
                // A page already listing the source as a typed relation or backlink does not list it again.
                if typedNeighbours[target]?.contains(source) == true { continue }
                mentioned[target, default: []].insert(source)
            }
        }
        mentionedIn = mentioned.mapValues { $0.sorted(by: byTitle) }
    }

    /// Entries nothing points to: no relation, no body link.
    func orphans() -> [Int] {
        var linked = Set(relationEdges.map(\.target))
        for (source, targets) in mentionTargets.enumerated() {
            for target in targets where target != source { linked.insert(target) }
        }
        return (0..<index.entries.count).filter { !linked.contains($0) }
    }
}
