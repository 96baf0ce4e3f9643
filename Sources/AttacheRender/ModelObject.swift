import Mustache
import AttacheModel
import AttacheMarkdown
import AttacheGraph

/// A name view models offer to templates (the keys docs/templates.md lists
/// under "View models"). A template's names are matched to keys once, when it is
/// compiled; while a page renders, a key is a small number compared, not a
/// string hashed.
package enum ModelKey: UInt8, CaseIterable, Sendable {
    case aliases, aliasesText, backlinks, base, body, canonical, chrome, count, current, date, description, entries, entriesHTML
    case entry, facet, facetTitle, facetURL, facets, filterData, filters, footer, fullTitle, generator, hasAliases
    case hasConnections, hasFacets, hasFilters, hasMentions, hasMore, hasToc, header, homeURL, html, id, intro, isHome
    case key, kind, kindSingular, kindTitle, kindURL, kinds, label, language, level, mentions, mentionsHTML, more
    case name, nav, nested, next, options, page, previous, relations, singular, site, slug, stylesheet, summary, term
    case termURL, terms, text, title, toc, updated, url, value
    case connectionCount, connections, groups, hasGroups, hasKinds, hasSide, links, localGraph, style
    case dataURL, graph, graphURL, hasGraph, overview, previewShards, searchURL, hasSearchPage
    case dense, hasRecent, recent, linksHTML
    case eventsHTML, referenceHTML, hasCitations, sourceURL, isSelf, accessed, asOf, asOfISO, authors, backrefs, citedBy, citedByCount, datetime, events, from, hasCitedBy, hasEvents, hasJSONLD, hasLocators, hasReferences, hasTimeline, hasWhen, identifier, isRelation, isSource, jsonLD, link, locators, note, number, otherTitle, otherURL, published, publisher, references, relation, source, timeline, timelineURL, until, when
    case cssClasses
    case isDraft

    /// The name templates use (`entries_html`).
    var name: String {
        switch self {
        case .aliases: return "aliases"
        case .backlinks: return "backlinks"
        case .base: return "base"
        case .body: return "body"
        case .canonical: return "canonical"
        case .chrome: return "chrome"
        case .count: return "count"
        case .current: return "current"
        case .date: return "date"
        case .description: return "description"
        case .entries: return "entries"
        case .entriesHTML: return "entries_html"
        case .entry: return "entry"
        case .facet: return "facet"
        case .facetTitle: return "facet_title"
        case .facetURL: return "facet_url"
        case .facets: return "facets"
        case .filterData: return "filter_data"
        case .filters: return "filters"
        case .footer: return "footer"
        case .fullTitle: return "full_title"
        case .generator: return "generator"
        case .hasAliases: return "has_aliases"
        case .hasConnections: return "has_connections"
        case .hasFacets: return "has_facets"
        case .hasFilters: return "has_filters"
        case .hasMentions: return "has_mentions"
        case .hasMore: return "has_more"
        case .hasToc: return "has_toc"
        case .header: return "header"
        case .homeURL: return "home_url"
        case .html: return "html"
        case .id: return "id"
        case .intro: return "intro"
        case .isHome: return "is_home"
        case .key: return "key"
        case .kind: return "kind"
        case .kindSingular: return "kind_singular"
        case .kindTitle: return "kind_title"
        case .kindURL: return "kind_url"
        case .kinds: return "kinds"
        case .label: return "label"
        case .language: return "language"
        case .level: return "level"
        case .mentions: return "mentions"
        case .mentionsHTML: return "mentions_html"
        case .more: return "more"
        case .name: return "name"
        case .nav: return "nav"
        case .nested: return "nested"
        case .next: return "next"
        case .options: return "options"
        case .page: return "page"
        case .previous: return "previous"
        case .relations: return "relations"
        case .singular: return "singular"
        case .site: return "site"
        case .slug: return "slug"
        case .stylesheet: return "stylesheet"
        case .summary: return "summary"
        case .term: return "term"
        case .termURL: return "term_url"
        case .terms: return "terms"
        case .text: return "text"
        case .title: return "title"
        case .toc: return "toc"
        case .updated: return "updated"
        case .url: return "url"
        case .value: return "value"
        case .aliasesText: return "aliases_text"
        case .connectionCount: return "connection_count"
        case .connections: return "connections"
        case .groups: return "groups"
        case .hasGroups: return "has_groups"
        case .hasKinds: return "has_kinds"
        case .hasSide: return "has_side"
        case .links: return "links"
        case .localGraph: return "local_graph"
        case .style: return "style"
        case .dataURL: return "data_url"
        case .graph: return "graph"
        case .graphURL: return "graph_url"
        case .overview: return "overview"
        case .hasGraph: return "has_graph"
        case .previewShards: return "preview_shards"
        case .searchURL: return "search_url"
        case .hasSearchPage: return "has_search_page"
        case .dense: return "dense"
        case .hasRecent: return "has_recent"
        case .recent: return "recent"
        case .linksHTML: return "links_html"
        case .eventsHTML: return "events_html"
        case .referenceHTML: return "reference_html"
        case .hasCitations: return "has_citations"
        case .sourceURL: return "source_url"
        case .isSelf: return "is_self"
        case .accessed: return "accessed"
        case .asOf: return "as_of"
        case .asOfISO: return "as_of_iso"
        case .authors: return "authors"
        case .backrefs: return "backrefs"
        case .citedBy: return "cited_by"
        case .citedByCount: return "cited_by_count"
        case .datetime: return "datetime"
        case .events: return "events"
        case .from: return "from"
        case .hasCitedBy: return "has_cited_by"
        case .hasEvents: return "has_events"
        case .hasJSONLD: return "has_json_ld"
        case .hasLocators: return "has_locators"
        case .hasReferences: return "has_references"
        case .hasTimeline: return "has_timeline"
        case .hasWhen: return "has_when"
        case .identifier: return "identifier"
        case .isRelation: return "is_relation"
        case .isSource: return "is_source"
        case .jsonLD: return "json_ld"
        case .link: return "link"
        case .locators: return "locators"
        case .note: return "note"
        case .number: return "number"
        case .otherTitle: return "other_title"
        case .otherURL: return "other_url"
        case .published: return "published"
        case .publisher: return "publisher"
        case .references: return "references"
        case .relation: return "relation"
        case .source: return "source"
        case .timeline: return "timeline"
        case .timelineURL: return "timeline_url"
        case .until: return "until"
        case .when: return "when"
        case .cssClasses: return "css_classes"
        case .isDraft: return "is_draft"
        }
    }

    private static let byName: [String: ModelKey] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

    /// The key templates call `name`; nil for a name no view model offers.
    init?(name: String) {
        guard let key = Self.byName[name] else { return nil }
        self = key
    }
}

/// One object of a view model (`entry`, a card, `site` …): its fields in the
/// order given. Objects hold a handful of fields, found by comparing keys one
/// after another: a `[String: Any]` hashed every key on every insertion and
/// on every lookup of every level a template searched, a tenth of rendering.
///
/// swift-mustache renders it too (as a `MustacheParent`), with the
/// transforms it offers a dictionary.
package struct ModelObject: ExpressibleByDictionaryLiteral, @unchecked Sendable {
    // @unchecked: values are text, numbers, flags and other models, never changed once built.
    /// Keys apart from values: a lookup scans bytes, and never copies a
    /// key-value pair through the runtime's generic tuple copy.
    private(set) var keys: [ModelKey]
    private(set) var values: [Any]

    package init(dictionaryLiteral fields: (ModelKey, Any)...) {
        // Each pair is read in place; `map` copied and destroyed every pair
        // through the runtime's generic tuple witnesses.
        keys = []
        values = []
        keys.reserveCapacity(fields.count)
        values.reserveCapacity(fields.count)
        for position in fields.indices {
            keys.append(fields[position].0)
            values.append(fields[position].1)
        }
    }

    var isEmpty: Bool { keys.isEmpty }

    package subscript(key: ModelKey) -> Any? {
        get {
            guard let position = keys.firstIndex(of: key) else { return nil }
            return values[position]
        }
        set {
            switch (keys.firstIndex(of: key), newValue) {
            case (let position?, let value?): values[position] = value
            case (let position?, nil):
                keys.remove(at: position)
                values.remove(at: position)
            case (nil, let value?):
                keys.append(key)
                values.append(value)
            case (nil, nil): break
            }
        }
    }
}

extension ModelObject: MustacheParent, MustacheTransformable {
    package func child(named name: String) -> Any? {
        ModelKey(name: name).flatMap { self[$0] }
    }

    /// `count`, `empty`, `enumerated` and `sorted`, as swift-mustache offers them on dictionaries.
    package func transform(_ name: String) -> Any? {
        switch name {
        case "count": return keys.count
        case "empty": return keys.isEmpty
        case "enumerated": return zip(keys, values).map { (key: $0.name, value: $1) }
        case "sorted": return zip(keys, values).map { (key: $0.name, value: $1) }.sorted { $0.key < $1.key }
        default: return nil
        }
    }
}

/// swift-mustache renders a fragment as its text and finds nothing inside
/// it, as it does a `String`; transforms are a string's.
extension HTMLFragment: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    public var renderText: String { text }
    public var isNull: Bool { false }
    public func child(named: String) -> Any? { nil }
    public func transform(_ name: String) -> Any? { text.transform(name) }
}
