import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes
/// Builds the model objects templates see. Templates never see domain types:
/// only these keys (`ModelKey`, documented in docs/templates.md), every text value
/// escaped by Mustache's `{{…}}`, only bodies meant for `{{{…}}}`.
package struct PageViewModels {
    /// What every page's models share. It sits behind one reference, so the
    /// copy `forPage` makes for each page retains one object instead of
    /// every array and string below (that copy was a sixth of all retains).
    package struct Shared {
        let site: SiteConfig
        let taxonomy: Taxonomy
        var index: EntryIndex
        var graph: KnowledgeGraph
        /// Parsed bodies; a live server replaces one when only its text changed.
        var bodies: [RenderedMarkdown]
        /// Each entry's place in title order (lowercased titles; equal titles
        /// share a place), so lists sort by comparing integers, not strings.
        let titleRanks: [Int]
        /// Entries per kind, sorted by title.
        let entriesByKind: [KindID: [EntryID]]
        /// Each entry's site path (its kind and slug never change while a
        /// server keeps these models), joined once instead of per link.
        let entrySitePaths: [SitePath]
        let homeIntroHTML: HTMLFragment?
        /// A vault's kinds' page texts (their folders' own notes).
        let kindIntroHTML: [KindID: HTMLFragment]
        /// What every page linking from one root shares, keyed by `urls.root`:
        /// relative (`files`) links differ with a page's depth.
        var byRoot: [String: RootParts] = [:]
        /// Relation names as list headings ("Led by"), worked out once.
        let relationLabels: [String: String]
        /// Each entry's place in `entriesByKind` (for previous and next), so a
        /// page does not search its kind's whole list.
        let positionInKind: [Int?]
        /// Rendered header and footer partials per section and root (see
        /// `chromeKey`): they are the same on every page of a section, so they
        /// are rendered once per section instead of once per page.
        var chrome: [String: ModelObject] = [:]
        /// `section(…)` per section and root, once chrome is rendered: built once, not per page.
        var sections: [String: ModelObject] = [:]
        /// Whether any template reads `entries` (a list's cards) or `mentions`:
        /// the shipped templates use the joined `entries_html` and
        /// `mentions_html` instead, and an array of cards per list was a
        /// fifth of building an entry page's models.
        let offersCardLists: Bool
        let offersMentionCards: Bool
        /// Whether a template reads `events` (models) rather than the joined `events_html`.
        let offersEventLists: Bool
        /// Each kind's place in the taxonomy: its colour and shape in graphs, its chip.
        let kindPositions: [KindID: Int]
        /// Each entry's kind's place in the taxonomy (kinds never change while a server keeps these models).
        let entryKindPositions: [Int]
        /// Each connection label's edge style in local graphs (labels in
        /// sorted order), so a relation looks the same on every page.
        let edgeStyles: [String: Int]
        /// Whether the site has a graph page (`graph/`): the header links to it.
        let hasGraphPage: Bool
        /// Whether the site has a search page (`search/?q=…`): the search box submits to it.
        let hasSearchPage: Bool
        /// Every dated event, when the site shows time (see `Timeline.isShown`); nil otherwise.
        var timeline: Timeline?
        /// Whether the site has a timeline page (`timeline/`): the header links to it.
        let hasTimelinePage: Bool
        /// JSON-LD written once: the site (`isPartOf`), and each source as a `citation` (indexed by entry; "" for others).
        let jsonLDWebsite: String
        let jsonLDCitations: [String]
    }

    /// Immutable: a change makes a new box, so pages rendering in parallel
    /// read it without locks or exclusivity checks.
    final class Box {
        let shared: Shared
        init(_ shared: Shared) { self.shared = shared }
    }

    private(set) var box: Box
    /// Links as seen from the page being rendered (see `forPage(atFile:)`).
    package private(set) var urls: SiteURLs
    /// The cards for `urls.root`, looked up once per page by `forPage`.
    /// Parts built once per link root and shared by every page linking from it.
    package struct RootParts {
        /// Each entry rendered through partials/card.mustache, for joining
        /// lists without a lookup per card.
        var cardHTML = CardHTML([])
        /// Per facet (in taxonomy order), every term's summary (`label`, `url`,
        /// `count`), the same on every entry page. Nil until built, and again
        /// once the graph changes (pages then build their own).
        var termSummaries: [[ModelObject]]?
        /// Each entry as a node of local graphs, escaped once (see `LocalGraph.NodeText`).
        var graphNodes: LocalGraph.NodeTexts?
        /// Each entry as an item of a relation panel, `<li><a href="…">Title</a></li>`, joined per list like cards.
        var linkHTML = CardHTML([])
        /// Each timeline event in each view, through partials/event (see `eventViewModel`).
        var eventHTML = CardHTML([])
        /// Each source's reference, through partials/reference (indexed by entry).
        var referenceHTML = CardHTML([])
    }
    /// The parts for `urls.root`, looked up once per page by `forPage`.
    var pageParts: (root: String, parts: RootParts)?

    /// `templatesUse` tells whether a template looks up a name; models leave
    /// out the costly keys no template reads.
    package init(site: SiteConfig, taxonomy: Taxonomy, urls: SiteURLs, index: EntryIndex, graph: KnowledgeGraph,
         bodies: [RenderedMarkdown], entriesByKind: [KindID: [EntryID]], homeIntroHTML: HTMLFragment?, kindIntroHTML: [KindID: HTMLFragment] = [:],
         templatesUse: (String) -> Bool = { _ in true }, hasGraphPage: Bool = false, hasSearchPage: Bool = false,
         hasTimelinePage: Bool = false) {
        var relationLabels: [String: String] = [:]
        for kind in taxonomy.kinds {
            for relation in kind.relations { relationLabels[relation.name] = Taxonomy.label(forKey: relation.name) }
        }
        var labels = Set([Self.mentionedInLabel])
        // Only a vault lists the notes a note links to: typed sites' edge styles stay as they were.
        if !taxonomy.isDeclared { labels.insert(Self.linksToLabel) }
        // Only a taxonomy with sources has the label: other sites' edge styles stay as they were.
        if !taxonomy.sourceKinds.isEmpty { labels.insert(Self.citedByLabel) }
        for kind in taxonomy.kinds {
            for relation in kind.relations {
                labels.insert(Taxonomy.label(forKey: relation.name))
                labels.insert(relation.inverseLabel)
            }
        }
        var edgeStyles: [String: Int] = [:]
        for (position, label) in labels.sorted().enumerated() { edgeStyles[label] = position }
        var kindPositions: [KindID: Int] = [:]
        for (position, kind) in taxonomy.kinds.enumerated() { kindPositions[kind.id] = position }
        var positionInKind = [Int?](repeating: nil, count: index.entries.count)
        for list in entriesByKind.values {
            for (position, entry) in list.enumerated() where entry.position < positionInKind.count { positionInKind[entry] = position }
        }
        self.urls = urls
        let titleRanks = Self.titleRanks(index.entries)
        let timeline = Timeline.isShown(site: site, graph: graph, entries: index.entries)
            ? Timeline(graph: graph, entries: index.entries, titleRanks: titleRanks) : nil
        self.box = Box(Shared(site: site, taxonomy: taxonomy, index: index, graph: graph, bodies: bodies,
                              titleRanks: titleRanks, entriesByKind: entriesByKind,
                              entrySitePaths: index.entries.map { SiteURLs.entryPath($0, in: taxonomy) },
                              homeIntroHTML: homeIntroHTML, kindIntroHTML: kindIntroHTML, relationLabels: relationLabels, positionInKind: positionInKind,
                              offersCardLists: templatesUse("entries"), offersMentionCards: templatesUse("mentions"),
                              offersEventLists: templatesUse("events"),
                              kindPositions: kindPositions, entryKindPositions: index.entries.map { kindPositions[$0.kind] ?? 0 },
                              edgeStyles: edgeStyles, hasGraphPage: hasGraphPage,
                              hasSearchPage: hasSearchPage, timeline: timeline, hasTimelinePage: hasTimelinePage && timeline != nil,
                              jsonLDWebsite: JSONLD.website(site, url: urls.absolute(.home)),
                              jsonLDCitations: index.entries.map { entry in
                                  entry.source == nil ? "" : JSONLD.citation(of: entry, pageURL: urls.absolute(SiteURLs.entryPath(entry, in: taxonomy)))
                              }))
    }

    /// Changes the shared part (setting up a build, or a live server's edit; never per page).
    mutating func update(_ change: (inout Shared) -> Void) {
        var shared = box.shared
        change(&shared)
        box = Box(shared)
    }

    /// Whether the site has a timeline page (`timeline/`).
    package var hasTimelinePage: Bool { box.shared.hasTimelinePage }
    /// Whether the site shows time (see `Timeline.isShown`).
    package var showsTime: Bool { box.shared.timeline != nil }

    // Borrowed, not copied: a page reads these many times.
    var site: SiteConfig { _read { yield box.shared.site } }
    var taxonomy: Taxonomy { _read { yield box.shared.taxonomy } }
    var titleRanks: [Int] { _read { yield box.shared.titleRanks } }

    /// Dense ranks of the lowercased titles: sorting (stably) by rank gives
    /// the order sorting by the titles themselves gives.
    private static func titleRanks(_ entries: [Entry]) -> [Int] {
        let keys = entries.map { $0.title.lowercased() }
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        var ranks = [Int](repeating: 0, count: keys.count)
        var rank = 0
        for (position, entry) in order.enumerated() {
            if position > 0, keys[order[position - 1]] < keys[entry] { rank += 1 }
            ranks[entry] = rank
        }
        return ranks
    }
    var entriesByKind: [KindID: [EntryID]] { _read { yield box.shared.entriesByKind } }
    private var homeIntroHTML: HTMLFragment? { _read { yield box.shared.homeIntroHTML } }
    private var relationLabels: [String: String] { _read { yield box.shared.relationLabels } }
    private var positionInKind: [Int?] { _read { yield box.shared.positionInKind } }
    package var index: EntryIndex {
        _read { yield box.shared.index }
        set { update { $0.index = newValue } }
    }
    package var graph: KnowledgeGraph {
        _read { yield box.shared.graph }
        set {
            update {
                $0.graph = newValue
                for root in $0.byRoot.keys { $0.byRoot[root]?.termSummaries = nil }
                if $0.timeline != nil { $0.timeline = Timeline(graph: newValue, entries: $0.index.entries, titleRanks: $0.titleRanks) }
            }
            pageParts = nil
        }
    }
    package var bodies: [RenderedMarkdown] {
        _read { yield box.shared.bodies }
        set { update { $0.bodies = newValue } }
    }
    package var chrome: [String: ModelObject] {
        _read { yield box.shared.chrome }
        set { update { $0.chrome = newValue } }
    }
    package var sections: [String: ModelObject] {
        _read { yield box.shared.sections }
        set { update { $0.sections = newValue } }
    }

    /// Sets every entry's card (`cardHTML[i]`: the entry rendered through
    /// partials/card.mustache) for pages whose links start with `root`,
    /// where `urls[i]` is the link to entry `i`.
    package mutating func setCards(html cardHTML: [String], urls: [String], forRoot root: String) {
        let texts = graphNodeTexts(urls: urls)
        let links = CardHTML(index.entries.indices.map { i in
            "<li><a href=\"" + HTMLEscaping.escape(urls[i]) + "\">" + HTMLEscaping.escape(index.entries[i].title) + "</a></li>"
        })
        // Only the cards' HTML is kept, packed: `card(_:)` makes the few
        // card objects a page shows from the entry (an object per entry
        // cost 100 MB at 100,000 entries).
        let html = CardHTML(cardHTML)
        update {
            $0.byRoot[root, default: RootParts()].cardHTML = html
            $0.byRoot[root, default: RootParts()].graphNodes = texts
            $0.byRoot[root, default: RootParts()].linkHTML = links
        }
        pageParts = nil
    }

    /// Builds every facet term's summary once for pages whose links start with `pageURLs.root`.
    package mutating func setTermSummaries(for pageURLs: SiteURLs) {
        var page = self
        page.urls = pageURLs
        let summaries = taxonomy.facets.map { facet in
            (graph.facets.terms[facet.id] ?? []).map { page.termSummary(facet.id, $0) }
        }
        update { $0.byRoot[pageURLs.root, default: RootParts()].termSummaries = summaries }
        pageParts = nil
    }

    func relationLabel(_ name: String) -> String { relationLabels[name] ?? Taxonomy.label(forKey: name) }

    /// The models for the page written to `file`; nil means a page that may
    /// be served at any address (404.html), which links from the base path.
    package func forPage(atFile file: String?) -> PageViewModels {
        var copy = self
        copy.urls = file.map(urls.forPage(atFile:)) ?? SiteURLs(site: site)
        let root = copy.urls.root
        copy.pageParts = (root, box.shared.byRoot[root] ?? RootParts())
        return copy
    }

    /// The shared parts for this page's root (looked up once by `forPage`).
    var rootParts: RootParts {
        if let pageParts, pageParts.root == urls.root { return pageParts.parts }
        return box.shared.byRoot[urls.root] ?? RootParts()
    }

    private var cardHTML: CardHTML { rootParts.cardHTML }

    package func chromeKey(kind: KindID?, facet: FacetID?) -> String {
        if let kind { return urls.root + "|kind:" + kind.rawValue }
        if let facet { return urls.root + "|facet:" + facet.rawValue }
        return urls.root + "|"
    }

    func entryURL(_ i: EntryID) -> String { urls.link(box.shared.entrySitePaths[i]) }
    package func entrySitePath(_ i: EntryID) -> SitePath { box.shared.entrySitePaths[i] }

    /// An entry's card: the fields `setCards` rendered it from, and its HTML.
    func card(_ i: EntryID) -> ModelObject {
        let entry = index.entries[i]
        var card = Self.cardFields(entry, url: urls.entry(entry, in: taxonomy), taxonomy: taxonomy)
        card[.html] = cardHTML.joined([i])
        return card
    }

    /// `model` with these entries' cards as `entries`, when a template reads that key.
    private func withCardList(_ indexes: [EntryID], _ model: ModelObject) -> ModelObject {
        guard box.shared.offersCardLists else { return model }
        var model = model
        model[.entries] = indexes.map(card)
        return model
    }

    /// The cards of these entries joined into one HTML string. Lists use it
    /// as `entries_html`: one lookup per list instead of one per card keeps
    /// template rendering linear and cheap on 10,000-entry sites.
    func cardsHTML(_ indexes: [EntryID]) -> String { cardHTML.joined(indexes) }

    /// The fields of an entry card, before its HTML is rendered.
    package static func cardFields(_ entry: Entry, url: String, taxonomy: Taxonomy) -> ModelObject {
        let position = taxonomy.kinds.firstIndex { $0.id == entry.kind } ?? 0
        var card: ModelObject = [.title: entry.title, .url: url, .summary: entry.summary,
                                 .kind: taxonomy.kind(entry.kind)?.singular ?? entry.kind.rawValue, .style: "k\(position % LocalGraph.kindStyles)"]
        // Only drafts carry the key (a build with --drafts, `attache serve`).
        if entry.isDraft { card[.isDraft] = true }
        return card
    }

    /// What every page shares: the site, navigation to each kind and facet.
    /// `sitePath` names the page for its canonical link (nil for 404.html).
    /// `jsonLD`: false for entry pages, which write their own.
    package func common(title: String?, description: String?, sitePath: SitePath?, currentKind: KindID? = nil, currentFacet: FacetID? = nil,
                        jsonLD: Bool = true) -> ModelObject {
        var context = sections[chromeKey(kind: currentKind, facet: currentFacet)] ?? section(currentKind: currentKind, currentFacet: currentFacet)
        var page: ModelObject = [
            .title: title ?? site.title,
            .fullTitle: title.map { "\($0) · \(site.title)" } ?? site.title,
            .description: description ?? site.description,
            .canonical: sitePath.map(urls.absolute) ?? urls.absoluteFile("404.html"),
            .isHome: title == nil,
        ]
        // JSON-LD: the site on the home page, a collection on other pages; entry pages put their own (404.html has none).
        if jsonLD, let sitePath {
            page[.jsonLD] = title == nil ? JSONLD.home(site: site, url: urls.absolute(sitePath))
                : JSONLD.collection(title: title ?? site.title, description: description, url: urls.absolute(sitePath),
                                    website: box.shared.jsonLDWebsite)
            page[.hasJSONLD] = true
        }
        context[.page] = page
        return context
    }

    /// The part of `common` that is the same on every page of a section:
    /// `site`, `nav`, `generator` and the rendered `chrome`.
    package func section(currentKind: KindID?, currentFacet: FacetID?) -> ModelObject {
        let kinds: [ModelObject] = taxonomy.kinds.map { kind in
            [.title: kind.title, .url: urls.kind(kind), .count: entriesByKind[kind.id]?.count ?? 0, .current: kind.id == currentKind]
        }
        let facets: [ModelObject] = taxonomy.facets.map { facet in
            [.title: facet.title, .url: urls.facet(facet.id), .count: graph.facets.terms[facet.id]?.count ?? 0, .current: facet.id == currentFacet]
        }
        var context: ModelObject = [
            .site: [
                .title: site.title, .description: site.description, .language: site.language,
                .base: urls.root, .homeURL: urls.home, .stylesheet: urls.asset("style.css"),
                .graphURL: urls.link(Self.graphSitePath), .hasGraph: box.shared.hasGraphPage,
                .previewShards: LinkPreviews.shardCount(entries: index.entries.count),
                .searchURL: urls.link(Self.searchSitePath), .hasSearchPage: box.shared.hasSearchPage,
                .timelineURL: urls.link(Self.timelineSitePath), .hasTimeline: box.shared.hasTimelinePage,
            ] as ModelObject,
            .nav: [.kinds: kinds, .facets: facets] as ModelObject,
        ]
        context[.generator] = "Attaché"
        if let rendered = chrome[chromeKey(kind: currentKind, facet: currentFacet)] { context[.chrome] = rendered }
        return context
    }

    package func home() -> ModelObject {
        var context = common(title: nil, description: nil, sitePath: .home)
        context[.kinds] = taxonomy.kinds.map { kind -> ModelObject in
            // A few entries per kind (site.yml's `home_entries_per_kind`, else
            // `homeEntriesDefault`), so the home page stays a page at any size;
            // the kind's own index lists them all.
            let all = entriesByKind[kind.id] ?? []
            let entries = Array(all.prefix(site.homeEntriesPerKind ?? Self.homeEntriesDefault))
            return withCardList(entries, [
                .title: kind.title, .singular: kind.singular, .url: urls.kind(kind), .count: all.count,
                .entriesHTML: cardsHTML(entries), .more: max(0, all.count - entries.count), .hasMore: all.count > entries.count])
        }
        context[.facets] = facetList()
        // Recently updated: the newest `updated` (else `date`), newest first, ties by title.
        let dated = index.entries.entryIDs.compactMap { i -> (EntryID, EntryDate)? in
            (index.entries[i].updated ?? index.entries[i].date).map { (i, $0) }
        }
        let recent = dated.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : titleRanks[$0.0] < titleRanks[$1.0] }.prefix(Self.recentCount).map(\.0)
        context[.recent] = [.entriesHTML: cardsHTML(Array(recent)), .count: recent.count] as ModelObject
        context[.hasRecent] = !recent.isEmpty
        if let homeIntroHTML { context[.intro] = homeIntroHTML }
        return context
    }

    func facetList() -> [ModelObject] {
        taxonomy.facets.map { facet -> ModelObject in
            let terms = graph.facets.terms[facet.id] ?? []
            return [.title: facet.title, .url: urls.facet(facet.id), .terms: terms.map { termSummary(facet.id, $0) }]
        }
    }

    func termSummary(_ facet: FacetID, _ term: FacetIndex.Term) -> ModelObject {
        [.label: term.label, .url: urls.term(facet, term.slug), .count: term.entries.count]
    }

    /// Entries per kind on the home page unless site.yml says otherwise.
    static let homeEntriesDefault = 6
    /// Entries under "Recently updated" on the home page.
    static let recentCount = 6
    /// Lists longer than this use the dense style (one line per entry).
    static let denseListThreshold = 24

    /// At most this many options per filter group on a kind's index (the most used first).
    static let filterOptionLimit = 50

    package func kindIndex(_ kind: Kind) -> ModelObject {
        var context = common(title: kind.title, description: "\(kind.title) in \(site.title)", sitePath: SiteURLs.kindPath(kind), currentKind: kind.id)
        let entries = entriesByKind[kind.id] ?? []
        let (filters, filterData) = kindFilters(kind, entries: entries)
        context[.kind] = withCardList(entries, [
            .title: kind.title, .singular: kind.singular, .url: urls.kind(kind), .count: entries.count,
            .entriesHTML: cardsHTML(entries), .filters: filters, .hasFilters: !filters.isEmpty, .filterData: filterData,
            .dense: entries.count > Self.denseListThreshold])
        if let intro = box.shared.kindIntroHTML[kind.id] { context[.kind] = { var kind = context[.kind] as! ModelObject; kind[.intro] = intro; return kind }() }
        return context
    }

    /// Faceted browsing of a kind's index. Without JavaScript every option is
    /// a link: a facet term to its page for this kind, a related entry to its
    /// backlink list. `filter_data` (JSON, in list order) lets filter.js filter
    /// the list in place: each entry's values as `group=value`.
    func kindFilters(_ kind: Kind, entries: [EntryID]) -> ([ModelObject], String) {
        var groups: [ModelObject] = []
        var values = Array(repeating: [String](), count: entries.count)
        for facet in taxonomy.facets {
            // Counted and named by term position: each `facet=slug` value is
            // joined once per term, not once per entry that carries it.
            let terms = graph.facets.terms[facet.id] ?? []
            let termValues = terms.map { facet.id.rawValue + "=" + $0.slug.rawValue }
            var counts = [Int](repeating: 0, count: terms.count)
            for (position, i) in entries.enumerated() {
                for term in graph.facets.termPositions(ofEntry: i, facet: facet.id) {
                    counts[term] += 1
                    values[position].append(termValues[term])
                }
            }
            let options: [ModelObject] = counts.indices.filter { counts[$0] > 0 }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : terms[$0].slug < terms[$1].slug }
                .prefix(Self.filterOptionLimit).map { term in
                    [.label: terms[term].label,
                     .url: facet.hasKindPages ? urls.term(facet.id, terms[term].slug, kind: kind) : urls.term(facet.id, terms[term].slug), .count: counts[term],
                     .value: termValues[term]]
                }
            if !options.isEmpty { groups.append([.title: facet.title, .key: facet.id.rawValue, .options: options]) }
        }
        for relation in kind.relations {
            // Each target's `relation=slug` value is joined once, not once
            // per entry that points to it.
            var counts: [EntryID: Int] = [:]
            var valueOfTarget: [EntryID: String] = [:]
            for (position, i) in entries.enumerated() {
                for edge in graph.outgoing[i] ?? [] where edge.relation == relation.name {
                    counts[edge.target, default: 0] += 1
                    let value: String
                    if let known = valueOfTarget[edge.target] {
                        value = known
                    } else {
                        value = relation.name + "=" + index.entries[edge.target].slug.rawValue
                        valueOfTarget[edge.target] = value
                    }
                    values[position].append(value)
                }
            }
            // Ties in count and title go by entry order, so the list never depends on hashing.
            let options: [ModelObject] = counts.sorted { a, b in
                if a.value != b.value { return a.value > b.value }
                let (titleA, titleB) = (index.entries[a.key].title, index.entries[b.key].title)
                return titleA != titleB ? titleA < titleB : a.key < b.key
            }.prefix(Self.filterOptionLimit).map { target, count in
                [.label: index.entries[target].title, .url: entryURL(target) + "#" + Self.backlinkAnchor(relation.inverseLabel),
                 .count: count, .value: valueOfTarget[target] ?? ""]
            }
            if !options.isEmpty {
                groups.append([.title: relationLabel(relation.name), .key: relation.name, .options: options])
            }
        }
        var json = JSONText()
        json.raw("[")
        for (position, list) in values.enumerated() {
            if position > 0 { json.raw(",") }
            json.raw("[")
            for (n, value) in list.enumerated() {
                if n > 0 { json.raw(",") }
                json.string(value)
            }
            json.raw("]")
        }
        json.raw("]")
        return (groups, json.text)
    }

    /// The id of a backlink group's heading on an entry page.
    static func backlinkAnchor(_ label: String) -> String { "backlinks-" + SlugRules.slugify(label) }

    /// A term's entries of one kind (`/<facet>/<term>/<kind folder>/`).
    package func termPage(_ facet: Facet, _ term: FacetIndex.Term, kind: Kind) -> ModelObject {
        let url = urls.term(facet.id, term.slug, kind: kind)
        var context = common(title: "\(facet.title): \(term.label) · \(kind.title)", description: "\(kind.title) with the \(facet.title.lowercased()) term \(term.label)",
                             sitePath: SiteURLs.termPath(facet.id, term.slug, kind: kind), currentKind: kind.id)
        let entries = term.entries.filter { index.entries[$0].kind == kind.id }
            .sorted { titleRanks[$0] < titleRanks[$1] }
        context[.term] = withCardList(entries, [
            .label: term.label, .url: url, .termURL: urls.term(facet.id, term.slug), .facetTitle: facet.title, .facetURL: urls.facet(facet.id),
            .kindTitle: kind.title, .kindURL: urls.kind(kind), .count: entries.count, .entriesHTML: cardsHTML(entries),
            .dense: entries.count > Self.denseListThreshold])
        return context
    }

    package func entryPage(_ i: EntryID) -> ModelObject {
        let entry = index.entries[i]
        let kind = taxonomy.kind(entry.kind)
        var context = common(title: entry.title, description: entry.summary.isEmpty ? nil : entry.summary, sitePath: entrySitePath(i), currentKind: entry.kind,
                             jsonLD: false)
        let body = bodies[i]

        // The entry's connections, one group per label: its relations (taxonomy
        // order), its backlinks (by label), the entries whose text links to it.
        var groups: [LocalGraph.Group] = []
        var relations: [ModelObject] = []
        for relation in kind?.relations ?? [] {
            let edges = (graph.outgoing[i] ?? []).filter { $0.relation == relation.name }
            if !edges.isEmpty {
                // A target listed again with other dates is one link with both spans.
                var targets: [EntryID] = []
                var spans: [EntryID: [String]] = [:]
                for edge in edges {
                    if !targets.contains(edge.target) { targets.append(edge.target) }
                    if let text = Self.spanText(edge.span) { spans[edge.target, default: []].append(text) }
                }
                let label = relationLabel(relation.name)
                groups.append(LocalGraph.Group(label: label, outgoing: true, style: box.shared.edgeStyles[label] ?? 0, members: targets))
                relations.append(withCardList(targets, connection(label: label, id: "relation-" + SlugRules.slugify(relation.name), targets,
                                                                  spans: spans.isEmpty ? nil : spans)))
            }
        }
        let incomingSpans = graph.datedIncoming[i] ?? []
        let backlinks: [ModelObject] = (graph.backlinks[i]?.groups ?? []).map { group in
            groups.append(LocalGraph.Group(label: group.label, outgoing: false, style: box.shared.edgeStyles[group.label] ?? 0, members: group.sources))
            var spans: [EntryID: [String]] = [:]
            for edge in incomingSpans where inverseLabel(of: edge) == group.label {
                if let text = Self.spanText(edge.span) { spans[edge.source, default: []].append(text) }
            }
            return withCardList(group.sources, connection(label: group.label, id: Self.backlinkAnchor(group.label), group.sources,
                                                          spans: spans.isEmpty ? nil : spans))
        }
        let citing = graph.citedBy[i] ?? []
        var connections = relations + backlinks
        if !citing.isEmpty {
            groups.append(LocalGraph.Group(label: Self.citedByLabel, outgoing: false, style: box.shared.edgeStyles[Self.citedByLabel] ?? 0, members: citing))
            connections.append(connection(label: Self.citedByLabel, id: Self.backlinkAnchor(Self.citedByLabel), citing))
        }
        let mentionIndexes = graph.mentionedIn[i] ?? []
        if !mentionIndexes.isEmpty {
            groups.append(LocalGraph.Group(label: Self.mentionedInLabel, outgoing: false, style: box.shared.edgeStyles[Self.mentionedInLabel] ?? 0,
                                           members: mentionIndexes))
            connections.append(connection(label: Self.mentionedInLabel, id: "mentioned-in", mentionIndexes))
        }
        let linkedIndexes = graph.linksTo[i] ?? []
        if !linkedIndexes.isEmpty {
            groups.append(LocalGraph.Group(label: Self.linksToLabel, outgoing: true, style: box.shared.edgeStyles[Self.linksToLabel] ?? 0,
                                           members: linkedIndexes))
            connections.append(connection(label: Self.linksToLabel, id: "links-to", linkedIndexes))
        }
        let (drawn, more) = LocalGraph.selection(groups, center: i)
        // The nodes escaped once per root; built here only where no cards were set up (a model used on its own).
        let texts = rootParts.graphNodes.flatMap { $0.count == index.entries.count ? $0 : nil }
            ?? graphNodeTexts(urls: index.entries.entryIDs.map(entryURL))
        let secondHop = LocalGraph.secondHop(center: i, nodes: drawn, more: more, neighbours: graph.neighbours(of:))
        let localGraph = LocalGraph.html(center: i, title: entry.title, groups: groups, nodes: drawn, more: more, secondHop: secondHop,
                                         texts: texts, moreURL: "#all-connections")
        let summaries = rootParts.termSummaries
        let facets: [ModelObject] = taxonomy.facets.enumerated().compactMap { facetPosition, facet in
            let positions = graph.facets.termPositions(ofEntry: i, facet: facet.id)
            guard !positions.isEmpty, let facetTerms = graph.facets.terms[facet.id] else { return nil }
            let terms: [ModelObject] = positions.map { summaries?[facetPosition][$0] ?? termSummary(facet.id, facetTerms[$0]) }
            return [.title: facet.title, .url: urls.facet(facet.id), .terms: terms]
        }
        let toc: [ModelObject] = body.headings.filter { $0.level <= 3 }.map { [.text: $0.text, .id: $0.id, .level: $0.level, .nested: $0.level == 3] }

        var model: ModelObject = [
            .title: entry.title,
            .slug: entry.slug.rawValue,
            .summary: entry.summary,
            .url: entryURL(i),
            .kindTitle: kind?.title ?? entry.kind.rawValue,
            .kindSingular: kind?.singular ?? entry.kind.rawValue,
            .kindURL: kind.map(urls.kind) ?? urls.home,
            .body: body.html,
            .aliases: entry.aliases,
            .aliasesText: entry.aliases.joined(separator: " · "),
            .hasAliases: !entry.aliases.isEmpty,
            .relations: relations,
            .backlinks: backlinks,
            .hasMentions: !mentionIndexes.isEmpty,
            .mentionsHTML: cardsHTML(mentionIndexes),
            .hasFacets: !facets.isEmpty,
            .facets: facets,
            .toc: toc,
            .hasToc: toc.count > 2,
            .hasConnections: !connections.isEmpty,
            .connections: connections,
            .connectionCount: connections.reduce(0) { $0 + ($1[.count] as? Int ?? 0) },
            .localGraph: localGraph,
            .hasSide: toc.count > 2 || !connections.isEmpty,
        ]
        if box.shared.offersMentionCards { model[.mentions] = mentionIndexes.map(card) }
        if !entry.cssClasses.isEmpty { model[.cssClasses] = entry.cssClasses.joined(separator: " ") }
        if entry.isDraft { model[.isDraft] = true }
        if let date = entry.date { model[.date] = date.day }
        if let updated = entry.updated { model[.updated] = updated.day }
        // Sources and time: only entries that have them get these keys.
        if timeline != nil, let date = entry.date {
            model[.when] = PartialDate.event(PartialDate(date), until: entry.until)
            model[.hasWhen] = true
        }
        if let asOf = entry.asOf {
            model[.asOf] = asOf.value.longText
            model[.asOfISO] = asOf.value.text
        }
        let references = references(i)
        if !references.isEmpty {
            model[.references] = references
            model[.hasReferences] = true
        }
        if entry.source != nil {
            model[.isSource] = true
            model[.source] = reference(of: i, linked: false)
            let citedBy = citedBy(i)
            model[.citedBy] = citedBy
            model[.hasCitedBy] = !citedBy.isEmpty
            model[.citedByCount] = citing.count
        }
        let events = entryEventViews(i)
        if !events.isEmpty {
            model[.eventsHTML] = eventsHTML(events)
            if box.shared.offersEventLists {
                model[.events] = events.compactMap { n in timeline.map { eventModel($0.events[n / Self.eventViews], view: EventView(rawValue: n % Self.eventViews) ?? .neutral) } }
            }
            model[.hasEvents] = true
        }
        let siblings = entriesByKind[entry.kind] ?? []
        if let position = positionInKind[i] {
            if position > 0 { model[.previous] = card(siblings[position - 1]) }
            if position + 1 < siblings.count { model[.next] = card(siblings[position + 1]) }
        }
        context[.entry] = model
        if var page = context[.page] as? ModelObject {
            let citations = box.shared.jsonLDCitations
            page[.jsonLD] = JSONLD.entry(entry, kind: kind, pageURL: urls.absolute(entrySitePath(i)), website: box.shared.jsonLDWebsite,
                                         cited: (graph.cites[i] ?? []).map(\.target), citations: { citations[$0] }, datesAreEvents: timeline != nil)
            page[.hasJSONLD] = true
            context[.page] = page
        }
        return context
    }

    /// The heading of the list of entries whose text links to an entry (and that are not typed backlinks).
    static let mentionedInLabel = "Mentioned in"
    static let linksToLabel = "Links to"
    static let kindStyleNames = (0..<LocalGraph.kindStyles).map { "k\($0)" }
    /// At most this many links per group in an entry's relation panel; the rest are in the full list below it.
    static let panelLinkLimit = 10

    /// One group of an entry's connections: the compact panel's label,
    /// count, kind chips and first links, and the full list's cards.
    func connection(label: String, id: String, _ members: [EntryID], spans: [EntryID: [String]]? = nil) -> ModelObject {
        var perKind = [Int](repeating: 0, count: taxonomy.kinds.count)
        for member in members where box.shared.entryKindPositions[member] < perKind.count { perKind[box.shared.entryKindPositions[member]] += 1 }
        // Chips only for a list of several kinds (the templates show them only then).
        let mixed = perKind.lazy.filter { $0 > 0 }.count > 1
        let kinds: [ModelObject] = !mixed ? [] : perKind.indices.filter { perKind[$0] > 0 }.map { k in
            [.label: taxonomy.kinds[k].singular, .count: perKind[k], .style: Self.kindStyleNames[k % LocalGraph.kindStyles]]
        }
        let first = Array(members.prefix(Self.panelLinkLimit))
        let more = max(0, members.count - Self.panelLinkLimit)
        let linksHTML = spans.map { spannedLinksHTML(first, spans: $0) } ?? (rootParts.linkHTML.isEmpty
            ? first.map { "<li><a href=\"" + HTMLEscaping.escape(entryURL($0)) + "\">" + HTMLEscaping.escape(index.entries[$0].title) + "</a></li>" }.joined()
            : rootParts.linkHTML.joined(first))
        return [.label: label, .id: id, .count: members.count, .kinds: kinds, .hasKinds: kinds.count > 1, .linksHTML: linksHTML,
                .more: more, .hasMore: more > 0, .entriesHTML: cardsHTML(members)]
    }

    /// Every entry as a node of local graphs, from its card (title and link as this root sees them).
    func graphNodeTexts(urls: [String]) -> LocalGraph.NodeTexts {
        var texts = LocalGraph.NodeTexts(kindNames: taxonomy.kinds.map(\.singular))
        for (i, entry) in index.entries.enumerated() {
            texts.append(title: entry.title, url: urls[i], kind: box.shared.entryKindPositions[i])
        }
        return texts
    }

    package func facetPage(_ facet: Facet) -> ModelObject {
        var context = common(title: facet.title, description: "\(facet.title) in \(site.title)", sitePath: SiteURLs.facetPath(facet.id), currentFacet: facet.id)
        let terms = graph.facets.terms[facet.id] ?? []
        // Each term with its count and its first entries by title, as a sample.
        let withSamples: [ModelObject] = terms.map { term in
            var summary = termSummary(facet.id, term)
            let sample = term.entries.sorted { titleRanks[$0] < titleRanks[$1] }.prefix(Self.termSampleCount)
            summary[.links] = sample.map { [.title: index.entries[$0].title, .url: entryURL($0)] as ModelObject }
            summary[.more] = max(0, term.entries.count - sample.count)
            summary[.hasMore] = term.entries.count > sample.count
            return summary
        }
        context[.facet] = [.title: facet.title, .url: urls.facet(facet.id), .terms: withSamples] as ModelObject
        return context
    }

    /// Sample entries per term on a facet's page.
    static let termSampleCount = 3

    package func termPage(_ facet: Facet, _ term: FacetIndex.Term) -> ModelObject {
        let url = urls.term(facet.id, term.slug)
        var context = common(title: "\(facet.title): \(term.label)", description: "Entries with the \(facet.title.lowercased()) term \(term.label)", sitePath: SiteURLs.termPath(facet.id, term.slug), currentFacet: facet.id)
        let entries = term.entries.sorted { titleRanks[$0] < titleRanks[$1] }
        // Mixed kinds are listed kind by kind, each with a link to the term's page for that kind.
        let groups: [ModelObject] = taxonomy.kinds.compactMap { kind in
            let ofKind = entries.filter { index.entries[$0].kind == kind.id }
            guard !ofKind.isEmpty else { return nil }
            return [.title: kind.title, .url: facet.hasKindPages ? urls.term(facet.id, term.slug, kind: kind) : urls.kind(kind),
                    .count: ofKind.count, .entriesHTML: cardsHTML(ofKind)]
        }
        context[.term] = withCardList(entries, [.label: term.label, .url: url, .facetTitle: facet.title, .facetURL: urls.facet(facet.id),
                                                 .count: entries.count, .entriesHTML: cardsHTML(entries), .groups: groups,
                                                 .hasGroups: groups.count > 1, .dense: entries.count > Self.denseListThreshold])
        return context
    }

    /// Where the graph page is published.
    package static let graphSitePath = SitePath("graph/")

    /// The graph page: the kinds and the relations between them drawn at
    /// build time, the most connected entries of each kind, and what
    /// graph.js needs to explore every entry (`data_url`: graph.json).
    package func graphPage() -> ModelObject {
        var context = common(title: "Graph", description: "How the entries of \(site.title) connect", sitePath: Self.graphSitePath)
        let kindPositions = box.shared.kindPositions
        let flows = GraphOverview.flows(graph: graph, taxonomy: taxonomy, kindPositions: kindPositions, label: relationLabel)
        let kindCounts = taxonomy.kinds.map { (title: $0.title, url: urls.kind($0), count: entriesByKind[$0.id]?.count ?? 0) }
        let edgeStyles = box.shared.edgeStyles
        let svg = GraphOverview.svg(kinds: kindCounts, flows: flows) { edgeStyles[$0] ?? 0 }
        let degrees = GraphOverview.degrees(graph)
        let kinds: [ModelObject] = taxonomy.kinds.enumerated().map { k, kind in
            let top = (entriesByKind[kind.id] ?? []).sorted { degrees[$0] != degrees[$1] ? degrees[$0] > degrees[$1] : titleRanks[$0] < titleRanks[$1] }
                .prefix(GraphOverview.topPerKind)
            let links: [ModelObject] = top.map { [.title: index.entries[$0].title, .url: entryURL($0), .count: degrees[$0]] }
            return [.title: kind.title, .key: kind.id.rawValue, .url: urls.kind(kind), .count: kindCounts[k].count,
                    .style: "k\(k % LocalGraph.kindStyles)", .links: links]
        }
        var relationNames: [String] = []
        for flow in flows where !relationNames.contains(flow.relation) { relationNames.append(flow.relation) }
        let relations: [ModelObject] = flows.map { flow in
            [.label: flow.label, .name: flow.relation, .title: "\(kindCounts[flow.source].title) → \(kindCounts[flow.target].title)",
             .count: flow.count, .style: "e\((edgeStyles[flow.label] ?? 0) % LocalGraph.edgeStyles)"]
        }
        let filters: [ModelObject] = relationNames.map { name in
            let label = relationLabel(name)
            return [.label: label, .name: name, .style: "e\((edgeStyles[label] ?? 0) % LocalGraph.edgeStyles)"]
        }
        context[.graph] = [.overview: svg, .kinds: kinds, .relations: relations, .filters: filters, .dataURL: urls.root + "graph.json",
                           .count: index.entries.count, .hasCitations: !graph.citedBy.stored.isEmpty] as ModelObject
        return context
    }

    /// Where the search page is published (beside the index files in search/).
    package static let searchSitePath = SitePath("search/")

    /// The search page: search.js fills it from the address's `?q=`.
    package func searchPage() -> ModelObject {
        var context = common(title: "Search", description: "Search \(site.title)", sitePath: Self.searchSitePath)
        if var page = context[.page] as? ModelObject {
            page[.jsonLD] = JSONLD.collection(title: "Search", description: "Search \(site.title)", url: urls.absolute(Self.searchSitePath),
                                              website: box.shared.jsonLDWebsite, type: "SearchResultsPage")
            context[.page] = page
        }
        return context
    }

    package func notFound() -> ModelObject {
        common(title: "Page not found", description: nil, sitePath: nil)
    }
}

/// Every entry's card HTML, one after another in one buffer. Joining a list
/// copies bytes and retains nothing per card: when pages on both threads
/// retained the same cards' strings, their reference counts bounced between
/// the cores.
package struct CardHTML: Sendable {
    private let cards: PackedBytes

    init(_ cards: [String]) { self.cards = PackedBytes(cards) }

    var isEmpty: Bool { cards.count == 0 }

    /// The cards of these entries, in this order, as one string ("" before any card is set).
    func joined(_ entries: [EntryID]) -> String {
        guard cards.count > 0 else { return "" }
        return cards.joined(entries.map(\.position))
    }

    /// The parts at these positions (event views), in this order, as one string.
    func joined(positions: [Int]) -> String {
        guard cards.count > 0 else { return "" }
        return cards.joined(positions)
    }
}
