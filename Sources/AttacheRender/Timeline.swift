import AttacheModel
import AttacheMarkdown
import AttacheGraph

/// Every dated event of the site, in chronological order: each entry's own
/// event (`date`, with `until` its end) and each dated relation value
/// (`{to:, from:, until:}`), once, at its start (or its end when only that
/// is known). The timeline page lists them all; an entry's page lists the
/// ones it takes part in.
package struct Timeline: Sendable {
    package struct Event: Sendable {
        package var start: PartialDate?
        package var end: PartialDate?
        /// The entry whose own event it is, or the relation's source.
        package var entry: EntryID
        /// The relation, for a dated relation value.
        package var edge: RelationChecker.Edge?

        /// Where it sits in time: its start, else its end.
        var anchor: PartialDate { start ?? end ?? PartialDate(year: 0) }
        /// The entries it involves (one or two).
        var entries: [EntryID] { edge.map { [$0.source, $0.target] } ?? [entry] }
    }

    /// In chronological order; ties by the first entry's title, then the other's, then the relation.
    package let events: [Event]
    /// Entry → positions in `events` of its own events and its dated relations (either way), in order.
    private let involving: [[Int]]
    /// Entry → positions of its own events (`date`).
    private let own: [[Int]]

    /// Whether the site shows time: site.yml's `timeline`, else whether the
    /// content uses what only time gives meaning to (a dated relation,
    /// `until`, `as_of`). A v1 site, whose `date` is a publication date, has none.
    package static func isShown(site: SiteConfig, graph: KnowledgeGraph, entries: [Entry]) -> Bool {
        site.timeline ?? (graph.hasDatedRelations || entries.contains { $0.until != nil || $0.asOf != nil })
    }

    /// `titleRanks`: each entry's place in title order.
    package init(graph: KnowledgeGraph, entries: [Entry], titleRanks: [Int]) {
        var events: [Event] = []
        for (i, entry) in zip(entries.entryIDs, entries) {
            if let date = entry.date { events.append(Event(start: PartialDate(date), end: entry.until, entry: i)) }
        }
        for edge in graph.relationEdges {
            guard let span = edge.span, span.isDated else { continue }
            events.append(Event(start: span.from, end: span.until, entry: edge.source, edge: edge))
        }
        events.sort { a, b in
            let (x, y) = (a.anchor, b.anchor)
            if x != y { return PartialDate.chronological(x, y) }
            if a.entry != b.entry { return (titleRanks[a.entry], a.entry) < (titleRanks[b.entry], b.entry) }
            // An entry's own event (no target) before relation values.
            let (ta, tb) = (a.edge?.target, b.edge?.target)
            if ta != tb {
                guard let ta else { return true }
                guard let tb else { return false }
                return (titleRanks[ta], ta) < (titleRanks[tb], tb)
            }
            return (a.edge?.relation ?? "", a.end?.text ?? "") < (b.edge?.relation ?? "", b.end?.text ?? "")
        }
        self.events = events
        var involving = [[Int]](repeating: [], count: entries.count)
        var own = [[Int]](repeating: [], count: entries.count)
        for (position, event) in events.enumerated() {
            if let edge = event.edge {
                involving[edge.source].append(position)
                if edge.target != edge.source { involving[edge.target].append(position) }
            } else {
                involving[event.entry].append(position)
                own[event.entry].append(position)
            }
        }
        self.involving = involving
        self.own = own
    }

    /// Whether an entry gets a timeline section: it has a `date`, or a dated
    /// relation in either direction.
    package static func hasOwnTimeline(_ i: EntryID, entry: Entry, graph: KnowledgeGraph) -> Bool {
        entry.date != nil || graph.datedIncoming[i] != nil || (graph.outgoing[i] ?? []).contains { $0.span?.isDated == true }
    }

    /// The events an entry's timeline shows, as positions in `events`, in
    /// order: its own, its dated relations both ways, and the own events of
    /// the entries it is related to (either way).
    package func positions(of i: EntryID, graph: KnowledgeGraph) -> [Int] {
        var positions = Set(involving[i])
        for edge in graph.outgoing[i] ?? [] { positions.formUnion(own[edge.target]) }
        for group in graph.backlinks[i]?.groups ?? [] {
            for source in group.sources { positions.formUnion(own[source]) }
        }
        return positions.sorted()
    }
}
