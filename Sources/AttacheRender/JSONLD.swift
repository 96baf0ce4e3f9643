import AttacheModel
import AttacheMarkdown
import AttacheGraph

/// schema.org JSON-LD for a page's head (`<script type="application/ld+json">`):
/// the site on the home page, a collection on list pages, and on an entry's
/// page the entry as the type its kind names (`schema:` in taxonomy.yml;
/// sources are `CreativeWork`, other entries `Article` by default) with the
/// sources it cites as `citation`. JSONText escapes every `<` as `\u003c`,
/// so no text can close the script element.
package enum JSONLD {
    static let context = "https://schema.org"

    /// A JSON object written member by member, keys in the order given.
    struct Object {
        var json = JSONText(reserving: 512)
        private var empty = true

        init(type: String) {
            json.raw("{")
            add("@type", string: type)
        }

        private mutating func key(_ name: String) {
            if !empty { json.raw(",") }
            empty = false
            json.string(name)
            json.raw(":")
        }

        mutating func add(_ name: String, string value: String?) {
            guard let value, !value.isEmpty else { return }
            key(name)
            json.string(value)
        }

        mutating func add(_ name: String, strings values: [String]) {
            guard !values.isEmpty else { return }
            key(name)
            json.strings(values)
        }

        mutating func add(_ name: String, object: Object?) {
            guard let object else { return }
            key(name)
            json.raw(object.text)
        }

        mutating func add(_ name: String, objects: [Object]) {
            guard !objects.isEmpty else { return }
            key(name)
            json.raw("[" + objects.map(\.text).joined(separator: ",") + "]")
        }

        var text: String { json.text + "}" }
    }

    /// The whole document: `@context` first.
    static func document(_ object: Object) -> String {
        var text = object.text
        text.removeFirst()
        return "{\"@context\":\"\(context)\"," + text
    }

    static func website(_ site: SiteConfig, url: String) -> Object {
        var object = Object(type: "WebSite")
        object.add("name", string: site.title)
        object.add("url", string: url)
        return object
    }

    /// The home page.
    package static func home(site: SiteConfig, url: String) -> String {
        var object = website(site, url: url)
        object.add("description", string: site.description)
        object.add("inLanguage", string: site.language)
        return document(object)
    }

    /// A page listing entries (a kind, a facet, a term, the graph, the timeline, search).
    package static func collection(title: String, description: String?, url: String, site: SiteConfig, homeURL: String,
                                   type: String = "CollectionPage") -> String {
        var object = Object(type: type)
        object.add("name", string: title)
        object.add("description", string: description)
        object.add("url", string: url)
        object.add("isPartOf", object: website(site, url: homeURL))
        return document(object)
    }

    /// What an entry's JSON-LD needs of the entries around it.
    package struct Context {
        var site: SiteConfig
        var homeURL: String
        /// Whether `date` is the entry's event (a site that shows time) or its publication date (v1).
        var datesAreEvents: Bool
        /// An entry's absolute page URL.
        var pageURL: (Int) -> String
    }

    /// The schema.org type of an entry's kind.
    static func type(of kind: Kind?) -> String {
        if let type = kind?.schemaType { return type }
        return kind?.isSource == true ? "CreativeWork" : "Article"
    }

    /// An entry's page: the entry as its kind's type, with what it cites.
    package static func entry(_ i: Int, entries: [Entry], taxonomy: Taxonomy, graph: KnowledgeGraph, context: Context) -> String {
        let entry = entries[i]
        let kind = taxonomy.kind(entry.kind)
        let type = type(of: kind)
        let url = context.pageURL(i)
        var object = Object(type: type)
        object.add("@id", string: url)
        object.add("name", string: entry.title)
        if type == "Article" { object.add("headline", string: entry.title) }
        object.add("description", string: entry.summary)
        object.add("alternateName", strings: entry.aliases)
        let isCreativeWork = type == "Article" || type == "CreativeWork"
        if let source = entry.source {
            // The work itself: its address is where it can be read; this page is about it.
            object.add("url", string: source.url ?? url)
            object.add("mainEntityOfPage", string: url)
            object.add("author", strings: source.authors)
            if let publisher = source.publisher {
                var organization = Object(type: "Organization")
                organization.add("name", string: publisher)
                object.add("publisher", object: organization)
            }
            object.add("datePublished", string: source.published?.text)
            object.add("identifier", string: source.identifier)
        } else {
            object.add("url", string: url)
        }
        let date = entry.date.map { PartialDate($0).text }
        switch type {
        case "Organization":
            object.add("foundingDate", string: date)
            object.add("dissolutionDate", string: entry.until?.text)
        case "Event":
            object.add("startDate", string: date)
            object.add("endDate", string: entry.until?.text)
        case "Person":
            object.add("birthDate", string: date)
            object.add("deathDate", string: entry.until?.text)
        default:
            if isCreativeWork && entry.source == nil {
                if context.datesAreEvents {
                    // When the work is about: its event's date, or span (ISO 8601 interval).
                    object.add("temporalCoverage", string: date.map { start in entry.until.map { start + "/" + $0.text } ?? start })
                } else {
                    object.add("datePublished", string: date)
                }
            }
        }
        if isCreativeWork {
            object.add("dateModified", string: entry.updated?.day)
            if entry.source == nil { object.add("isPartOf", object: website(context.site, url: context.homeURL)) }
        }
        let citations = (graph.cites[i] ?? []).map { citation(of: $0.target, entries: entries, context: context) }
        if isCreativeWork {
            object.add("citation", objects: citations)
        } else if !citations.isEmpty {
            // `citation` belongs to creative works: the page about an organization or event cites them.
            var page = Object(type: "WebPage")
            page.add("url", string: url)
            page.add("citation", objects: citations)
            object.add("subjectOf", object: page)
        }
        return document(object)
    }

    /// A cited source, as `citation` lists it.
    static func citation(of i: Int, entries: [Entry], context: Context) -> Object {
        let entry = entries[i]
        var object = Object(type: "CreativeWork")
        object.add("@id", string: context.pageURL(i))
        object.add("name", string: entry.title)
        object.add("url", string: entry.source?.url ?? context.pageURL(i))
        object.add("author", strings: entry.source?.authors ?? [])
        object.add("datePublished", string: entry.source?.published?.text)
        object.add("identifier", string: entry.source?.identifier)
        return object
    }
}
