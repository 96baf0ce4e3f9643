import AttacheModel
import AttacheMarkdown
/// Checks typed relations against the taxonomy: targets exist and have an
/// allowed kind, counts are within bounds, no self-links, no duplicates, no
/// cycles where a relation forbids them.
package struct RelationChecker {
    let index: EntryIndex
    let taxonomy: Taxonomy

    package init(index: EntryIndex, taxonomy: Taxonomy) {
        self.index = index
        self.taxonomy = taxonomy
    }

    package struct Edge: Hashable {
        package var source: EntryID
        package var relation: String
        package var target: EntryID
        /// Its dates and note, when the value was written as a mapping.
        package var span: RelationSpan?

        package init(source: EntryID, relation: String, target: EntryID, span: RelationSpan? = nil) {
            self.source = source
            self.relation = relation
            self.target = target
            self.span = span
        }
    }

    package func check(diagnostics: inout [Diagnostic]) -> [Edge] {
        var edges: [Edge] = []
        for sourceIndex in index.entries.entryIDs { edges += checkEntry(sourceIndex, diagnostics: &diagnostics) }
        reportCycles(edges, diagnostics: &diagnostics)
        return edges
    }

    /// True when some relation forbids cycles: then a change to one entry's
    /// relations needs `cycleDiagnostics` over all edges.
    package var checksCycles: Bool { taxonomy.kinds.contains { $0.relations.contains { !$0.allowsCycles } } }

    package func cycleDiagnostics(_ edges: [Edge]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        reportCycles(edges, diagnostics: &diagnostics)
        return diagnostics
    }

    /// One entry's relations: its edges, in the order written, and its problems.
    package func checkEntry(_ sourceIndex: EntryID, diagnostics: inout [Diagnostic]) -> [Edge] {
        var edges: [Edge] = []
        let entry = index.entries[sourceIndex]
        guard let kind = taxonomy.kind(entry.kind) else { return [] }
        for relation in kind.relations {
            let listed = entry.relations[relation.name] ?? []
            let fieldLocation = entry.relationFieldLocations[relation.name] ?? SourceLocation(path: entry.displayPath, line: 1, column: 1)
            if let minimum = relation.minimum, listed.count < minimum {
                let where_ = entry.relationFieldLocations[relation.name] == nil ? SourceLocation(path: entry.displayPath, line: 1, column: 1) : fieldLocation
                let message = "relation `\(relation.name)` needs at least \(minimum) entr\(minimum == 1 ? "y" : "ies") of kind \(kindList(relation)), found \(listed.count)"
                // A draft is work in progress (`attache new` writes required
                // relations empty): a warning until it is published.
                if entry.isDraft {
                    diagnostics.append(.warning(message + "; allowed while the entry is a draft, an error once it is published", at: where_, stage: .link))
                } else {
                    diagnostics.append(.error(message, at: where_, stage: .link))
                }
            }
            if let maximum = relation.maximum, listed.count > maximum {
                diagnostics.append(.error("relation `\(relation.name)` allows at most \(maximum) entr\(maximum == 1 ? "y" : "ies"), found \(listed.count)", at: fieldLocation, stage: .link))
            }
            // The same entry may be listed again with other dates (a member that left and came back).
            var seen = Set<String>()
            var seenSpans: [String: [RelationSpan?]] = [:]
            let spans = entry.relationSpans[relation.name]
            for (position, item) in listed.enumerated() {
                let span = spans.flatMap { position < $0.count ? $0[position] : nil }
                if !seen.insert(item.value).inserted {
                    guard let span, span.isDated, !(seenSpans[item.value] ?? []).contains(span) else {
                        diagnostics.append(.warning("`\(item.value)` is listed twice in `\(relation.name)`", at: item.location, stage: .link))
                        continue
                    }
                }
                if spans != nil { seenSpans[item.value, default: []].append(span) }
                guard let targetIndex = resolve(item, relation: relation, diagnostics: &diagnostics) else { continue }
                if targetIndex == sourceIndex {
                    diagnostics.append(.error("entry relates to itself through `\(relation.name)`", at: item.location, stage: .link))
                    continue
                }
                let target = index.entries[targetIndex]
                guard relation.targetKinds.contains(target.kind) else {
                    diagnostics.append(.error("`\(item.value)` is \(EnglishArticle.with(kindName(target.kind))), but `\(relation.name)` takes \(kindList(relation))", at: item.location, stage: .link))
                    continue
                }
                edges.append(Edge(source: sourceIndex, relation: relation.name, target: targetIndex, span: span))
            }
        }
        return edges
    }

    private func resolve(_ item: Located<String>, relation: Relation, diagnostics: inout [Diagnostic]) -> EntryID? {
        if let found = index.index(of: Slug(item.value)) { return found }
        if index.excludedDrafts.contains(Slug(item.value)) {
            diagnostics.append(.error("`\(item.value)` in `\(relation.name)` is a draft, which this build leaves out (build with --drafts)", at: item.location, stage: .link))
            return nil
        }
        if index.failedSlugs.contains(Slug(item.value)) { return nil }
        // A relation names slugs; a title or alias is a near miss worth naming.
        var hint = EntryIndex.hint(index.suggestions(for: item.value))
        if case .found(let i) = index.lookup(item.value) {
            hint = "; relations list slugs: use `\(index.entries[i].slug)`"
        }
        diagnostics.append(.error("`\(item.value)` in `\(relation.name)` names no entry\(hint)", at: item.location, stage: .link))
        return nil
    }

    private func kindName(_ kind: KindID) -> String {
        taxonomy.kind(kind)?.singular.lowercased() ?? kind.rawValue
    }

    private func kindList(_ relation: Relation) -> String {
        relation.targetKinds.map { "`\($0)`" }.joined(separator: " or ")
    }

    /// Depth-first search per acyclic relation; each cycle reported once, at
    /// the edge that closes it.
    private func reportCycles(_ edges: [Edge], diagnostics: inout [Diagnostic]) {
        let acyclicRelations = Set(taxonomy.kinds.flatMap(\.relations).filter { !$0.allowsCycles }.map(\.name))
        for name in acyclicRelations.sorted() {
            var next: [EntryID: [EntryID]] = [:]
            for edge in edges where edge.relation == name { next[edge.source, default: []].append(edge.target) }
            // Per entry: 0 not seen, 1 visiting, 2 done (an array: every
            // entry with an edge is visited, and a dictionary hashed each visit).
            var state = [UInt8](repeating: 0, count: index.entries.count)
            var stack: [(node: EntryID, child: Int)] = []
            var path: [EntryID] = []
            for start in next.keys.sorted() where state[start] == 0 {
                stack.removeAll(keepingCapacity: true)
                path.removeAll(keepingCapacity: true)
                stack.append((start, 0))
                path.append(start)
                state[start] = 1
                while let top = stack.last {
                    let children = next[top.node] ?? []
                    if top.child < children.count {
                        stack[stack.count - 1].child += 1
                        let child = children[top.child]
                        if state[child] == 1 {
                            let cycleStart = path.firstIndex(of: child) ?? 0
                            let cycle = (path[cycleStart...] + [child]).map { index.entries[$0].slug.rawValue }.joined(separator: " → ")
                            let source = index.entries[top.node]
                            let at = source.relations[name]?.first { $0.value == index.entries[child].slug.rawValue }?.location
                                ?? SourceLocation(path: source.displayPath)
                            diagnostics.append(.error("relation `\(name)` forms a cycle: \(cycle)", at: at, stage: .link))
                        } else if state[child] == 0 {
                            state[child] = 1
                            stack.append((child, 0))
                            path.append(child)
                        }
                    } else {
                        state[top.node] = 2
                        stack.removeLast()
                        path.removeLast()
                    }
                }
            }
        }
    }
}
