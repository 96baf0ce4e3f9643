import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes

/// The view models of sources and time: an entry's reference list, a
/// source's full reference and what cites it, the spans beside relation
/// links, an entry's timeline and the timeline page.
extension PageViewModels {
    /// The label of the group listing the entries that cite a source.
    static let citedByLabel = "Cited by"
    /// Where the timeline page is published.
    package static let timelineSitePath = SitePath("timeline/")
    /// The filter group of the timeline page that chooses kinds.
    static let timelineKindGroup = "kind"

    var timeline: Timeline? { box.shared.timeline }

    // MARK: spans

    /// A span beside a link: `since 1952`, `2007–2022 (suspended 2021)`; nil without dates or note.
    static func spanText(_ span: RelationSpan?) -> String? {
        guard let span else { return nil }
        var text = PartialDate.shortSpan(from: span.from, until: span.until)
        if let note = span.note, !note.isEmpty { text += text.isEmpty ? note : " (" + note + ")" }
        return text.isEmpty ? nil : text
    }

    /// A relation panel's first links, each with its spans: `<li><a href="…">Japan</a> <span class="span">since 1952</span></li>`.
    func spannedLinksHTML(_ members: [EntryID], spans: [EntryID: [String]]) -> String {
        var html = ""
        for member in members.prefix(Self.panelLinkLimit) {
            html += "<li><a href=\"" + HTMLEscaping.escape(entryURL(member)) + "\">" + HTMLEscaping.escape(index.entries[member].title) + "</a>"
            if let texts = spans[member], !texts.isEmpty {
                html += " <span class=\"span\">" + HTMLEscaping.escape(texts.joined(separator: ", ")) + "</span>"
            }
            html += "</li>"
        }
        return html
    }

    // MARK: references

    /// A source's reference, as `partials/reference` shows it: `title`,
    /// `source_url` (its page, unless `linked` is false), `authors`, `publisher`,
    /// `published`, `identifier`, `link` (where the work can be read),
    /// `accessed`.
    func reference(of source: EntryID, linked: Bool) -> ModelObject {
        let entry = index.entries[source]
        var model: ModelObject = [.title: entry.title]
        if linked { model[.sourceURL] = entryURL(source) }
        guard let reference = entry.source else { return model }
        if !reference.authors.isEmpty { model[.authors] = reference.authors.joined(separator: "; ") }
        if let publisher = reference.publisher { model[.publisher] = publisher }
        if let published = reference.published { model[.published] = published.longText }
        if let identifier = reference.identifier { model[.identifier] = identifier }
        if let url = reference.url { model[.link] = url }
        if let accessed = reference.accessed { model[.accessed] = accessed.value.longText }
        return model
    }

    /// An entry's reference list: one item per source its body cites, in
    /// the order of their numbers, with the locators given and a way back
    /// to each citation.
    func references(_ i: EntryID) -> [ModelObject] {
        let marks = bodies[i].citations
        guard !marks.isEmpty else { return [] }
        var bySource: [(source: EntryID, locators: [String], anchors: [String])] = []
        for mark in marks {
            if mark.number > bySource.count { bySource.append((mark.source, [], [])) }
            let n = mark.number - 1
            if let locator = mark.locator, !bySource[n].locators.contains(locator) { bySource[n].locators.append(locator) }
            bySource[n].anchors.append(mark.anchorID)
        }
        let html = rootParts.referenceHTML
        return bySource.enumerated().map { n, cited in
            // The reference itself was rendered once per source (`setReferenceHTML`).
            var model: ModelObject = [.title: index.entries[cited.source].title, .sourceURL: entryURL(cited.source),
                                      .referenceHTML: html.isEmpty ? "" : html.joined([cited.source])]
            model[.number] = n + 1
            model[.id] = CitationMark.referenceID(n + 1)
            model[.locators] = cited.locators.joined(separator: "; ")
            model[.hasLocators] = !cited.locators.isEmpty
            let number = String(n + 1)
            model[.backrefs] = cited.anchors.enumerated().map { use, anchor -> ModelObject in
                guard cited.anchors.count > 1 else { return [.id: anchor, .label: "↩", .description: "Back to citation " + number] }
                let label = use < Self.backrefLetters.count ? Self.backrefLetters[use] : String(use + 1)
                return [.id: anchor, .label: label, .description: "Back to citation " + number + ", use " + String(use + 1)]
            }
            return model
        }
    }

    /// The back-links of a source cited several times: a, b, c …
    static let backrefLetters = (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) }

    /// The entries citing a source, kind by kind (taxonomy order), each with the locators it gives.
    func citedBy(_ i: EntryID) -> [ModelObject] {
        let citing = graph.citedBy[i] ?? []
        guard !citing.isEmpty else { return [] }
        return taxonomy.kinds.compactMap { kind in
            let ofKind = citing.filter { index.entries[$0].kind == kind.id }
            guard !ofKind.isEmpty else { return nil }
            let links: [ModelObject] = ofKind.map { entry in
                let locators = graph.cites[entry]?.first { $0.target == i }?.locators ?? []
                var link: ModelObject = [.title: index.entries[entry].title, .url: entryURL(entry)]
                if !locators.isEmpty { link[.locators] = locators.joined(separator: "; ") }
                return link
            }
            return [.title: kind.title, .count: ofKind.count, .links: links]
        }
    }

    // MARK: time

    /// Who tells an event: the timeline page (`neutral`), the relation's
    /// source or the entry whose own event it is (`source`: "Members:
    /// Japan", the entry's own title unlinked), the relation's target
    /// (`target`: "Member of: NATO"). Each event is rendered once per view
    /// and link root (`eventViewModel`) and pages join the HTML.
    package enum EventView: Int, CaseIterable {
        case neutral, source, target
    }

    /// Views per event in `eventViewModel`'s numbering.
    static let eventViews = EventView.allCases.count

    /// Event views to render once per link root: `eventViews` per event.
    package var eventViewCount: Int { (timeline?.events.count ?? 0) * Self.eventViews }

    /// View `n % eventViews` of event `n / eventViews`, or nil for a view
    /// no page shows (an entry's own event has no target side).
    package func eventViewModel(_ n: Int) -> ModelObject? {
        guard let timeline, let view = EventView(rawValue: n % Self.eventViews) else { return nil }
        let event = timeline.events[n / Self.eventViews]
        if event.edge == nil && view == .target { return nil }
        return eventModel(event, view: view)
    }

    /// An event as `partials/event` shows it, told from one side (see `EventView`).
    func eventModel(_ event: Timeline.Event, view: EventView) -> ModelObject {
        let anchor = event.start ?? event.end
        let when = event.edge == nil && event.start != nil ? PartialDate.event(event.start!, until: event.end)
            : PartialDate.longSpan(from: event.start, until: event.end)
        var model: ModelObject = [.when: when, .datetime: anchor?.text ?? ""]
        func describe(_ entry: EntryID, linked: Bool) {
            model[.title] = index.entries[entry].title
            model[.isSelf] = !linked
            if linked { model[.url] = entryURL(entry) }
            let position = box.shared.entryKindPositions[entry]
            model[.kind] = taxonomy.kinds.indices.contains(position) ? taxonomy.kinds[position].singular : index.entries[entry].kind.rawValue
            model[.style] = Self.kindStyleNames[position % LocalGraph.kindStyles]
        }
        guard let edge = event.edge else {
            describe(event.entry, linked: view != .source)
            return model
        }
        model[.isRelation] = true
        if let note = edge.span?.note, !note.isEmpty { model[.note] = note }
        switch view {
        case .target:
            model[.relation] = inverseLabel(of: edge)
            describe(edge.source, linked: true)
        case .source:
            model[.relation] = relationLabel(edge.relation)
            describe(edge.target, linked: true)
        case .neutral:
            describe(edge.source, linked: true)
            model[.relation] = relationLabel(edge.relation)
            model[.otherTitle] = index.entries[edge.target].title
            model[.otherURL] = entryURL(edge.target)
        }
        return model
    }

    func inverseLabel(of edge: RelationChecker.Edge) -> String {
        taxonomy.kind(index.entries[edge.source].kind)?.relation(named: edge.relation)?.inverseLabel ?? relationLabel(edge.relation)
    }

    /// An entry's timeline, as event views (`position * eventViews + view`),
    /// when the site shows time and the entry has a `date` or a dated relation.
    func entryEventViews(_ i: EntryID) -> [Int] {
        guard let timeline, Timeline.hasOwnTimeline(i, entry: index.entries[i], graph: graph) else { return [] }
        return timeline.positions(of: i, graph: graph).map { position in
            let event = timeline.events[position]
            let view: EventView
            if let edge = event.edge {
                view = edge.source == i ? .source : edge.target == i ? .target : .neutral
            } else {
                view = event.entry == i ? .source : .neutral
            }
            return position * Self.eventViews + view.rawValue
        }
    }

    /// Event views joined as HTML (rendered once per root by the build; "" before).
    func eventsHTML(_ views: [Int]) -> String { rootParts.eventHTML.joined(positions: views) }

    /// Each event view's HTML for pages whose links start with `root` (see `eventViewModel`).
    package mutating func setEventHTML(_ html: [String], forRoot root: String) {
        update { $0.byRoot[root, default: RootParts()].eventHTML = CardHTML(html) }
        pageParts = nil
    }

    /// Each source's reference, rendered through `partials/reference` (indexed by entry; nil for other entries).
    package func referenceViewModel(_ i: EntryID) -> ModelObject? {
        index.entries[i].source == nil ? nil : reference(of: i, linked: true)
    }

    package mutating func setReferenceHTML(_ html: [String], forRoot root: String) {
        update { $0.byRoot[root, default: RootParts()].referenceHTML = CardHTML(html) }
        pageParts = nil
    }

    /// The timeline page: every dated event, with filters by kind and facet
    /// terms (links without JavaScript, checkboxes with filter.js).
    package func timelinePage() -> ModelObject {
        var context = common(title: "Timeline", description: "Every dated event in \(site.title)", sitePath: Self.timelineSitePath)
        let events = timeline?.events ?? []
        let kindGroup = taxonomy.facets.contains { $0.id.rawValue == Self.timelineKindGroup } ? "entry-kind" : Self.timelineKindGroup
        // Each event's filter values: the kinds and facet terms of the entries it involves.
        let kindValues = taxonomy.kinds.map { kindGroup + "=" + $0.id.rawValue }
        var kindCounts = [Int](repeating: 0, count: taxonomy.kinds.count)
        let facetTerms = taxonomy.facets.map { graph.facets.terms[$0.id] ?? [] }
        let termValues = taxonomy.facets.indices.map { f in facetTerms[f].map { taxonomy.facets[f].id.rawValue + "=" + $0.slug.rawValue } }
        var termCounts = facetTerms.map { [Int](repeating: 0, count: $0.count) }
        var json = JSONText(reserving: events.count * 48)
        json.raw("[")
        for (n, event) in events.enumerated() {
            if n > 0 { json.raw(",") }
            json.raw("[")
            var first = true
            func add(_ value: String) {
                if !first { json.raw(",") }
                first = false
                json.string(value)
            }
            let involved = event.entries
            var kindsSeen: [Int] = []
            for entry in involved {
                let k = box.shared.entryKindPositions[entry]
                guard k < kindValues.count, !kindsSeen.contains(k) else { continue }
                kindsSeen.append(k)
                kindCounts[k] += 1
                add(kindValues[k])
            }
            for f in taxonomy.facets.indices {
                var termsSeen: [Int] = []
                for entry in involved {
                    for term in graph.facets.termPositions(ofEntry: entry, facet: taxonomy.facets[f].id) where !termsSeen.contains(term) {
                        termsSeen.append(term)
                        termCounts[f][term] += 1
                        add(termValues[f][term])
                    }
                }
            }
            json.raw("]")
        }
        json.raw("]")
        var filters: [ModelObject] = []
        let kindOptions: [ModelObject] = taxonomy.kinds.indices.filter { kindCounts[$0] > 0 }.map { k in
            [.label: taxonomy.kinds[k].title, .url: urls.kind(taxonomy.kinds[k]), .count: kindCounts[k], .value: kindValues[k]]
        }
        if kindOptions.count > 1 { filters.append([.title: "Kinds", .key: kindGroup, .options: kindOptions]) }
        for (f, facet) in taxonomy.facets.enumerated() {
            let options: [ModelObject] = termCounts[f].indices.filter { termCounts[f][$0] > 0 }
                .sorted { termCounts[f][$0] != termCounts[f][$1] ? termCounts[f][$0] > termCounts[f][$1] : facetTerms[f][$0].slug < facetTerms[f][$1].slug }
                .prefix(Self.filterOptionLimit).map { term in
                    [.label: facetTerms[f][term].label, .url: urls.term(facet.id, facetTerms[f][term].slug), .count: termCounts[f][term],
                     .value: termValues[f][term]]
                }
            if !options.isEmpty { filters.append([.title: facet.title, .key: facet.id.rawValue, .options: options]) }
        }
        let first = events.first.map { ($0.start ?? $0.end)?.longText ?? "" } ?? ""
        let last = events.map { ($0.end ?? $0.start)?.lastDay ?? 0 }.max()
        let lastText = events.first { (($0.end ?? $0.start)?.lastDay ?? 0) == last }.map { ($0.end ?? $0.start)?.longText ?? "" } ?? ""
        var model: ModelObject = [
            .count: events.count, .eventsHTML: eventsHTML(events.indices.map { $0 * Self.eventViews }),
            .filters: filters, .hasFilters: !filters.isEmpty, .filterData: json.text,
            .from: first, .until: lastText,
        ]
        if box.shared.offersEventLists { model[.events] = events.map { eventModel($0, view: .neutral) } }
        context[.timeline] = model
        return context
    }
}
