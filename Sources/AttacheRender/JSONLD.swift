import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes

/// schema.org JSON-LD for a page's head (`<script type="application/ld+json">`):
/// the site on the home page, a collection on list pages, and on an entry's
/// page the entry as the type its kind names (`schema:` in taxonomy.yml;
/// sources are `CreativeWork`, other entries `Article` by default) with the
/// sources it cites as `citation`. JSONText escapes every `<` as `\u003c`,
/// so no text can close the script element. Every URL is absolute (as
/// absolute as `base_url`), so the parts that are the same on every page
/// (the site, each cited source) are written once per build.
package enum JSONLD {
    static let context = "https://schema.org"

    /// Writes one JSON document, objects nested in place, into one buffer.
    struct Writer {
        var json = JSONText(reserving: 1024)
        /// Whether the object being written has a member yet, and how deep it is.
        private var filled = false
        private var depth = 0

        /// `{"@context":…,"@type":…` for the document, `{"@type":…` inside it.
        mutating func open(type: String) {
            json.raw("{")
            filled = false
            depth += 1
            if depth == 1 { member("@context", context) }
            member("@type", type)
        }

        mutating func close() {
            json.raw("}")
            depth -= 1
            filled = true
        }

        /// `"name":`, after a comma when needed (names are ASCII without quotes: written as they are).
        mutating func key(_ name: String) {
            json.raw(filled ? ",\"" : "\"")
            filled = true
            json.raw(name)
            json.raw("\":")
        }

        mutating func member(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            key(name)
            json.string(value)
        }

        mutating func member(_ name: String, strings values: [String]) {
            guard !values.isEmpty else { return }
            key(name)
            json.strings(values)
        }

        /// A member whose value is JSON written beforehand.
        mutating func member(_ name: String, json text: String) {
            key(name)
            json.raw(text)
        }

        mutating func object(_ name: String, type: String, _ body: (inout Writer) -> Void) {
            key(name)
            open(type: type)
            body(&self)
            close()
        }

        var text: String { json.text }
    }

    /// The site, as other objects' `isPartOf` (written once per build).
    package static func website(_ site: SiteConfig, url: String) -> String {
        var writer = Writer()
        writer.json.raw("{")
        writer.json.string("@type")
        writer.json.raw(":\"WebSite\",\"name\":")
        writer.json.string(site.title)
        writer.json.raw(",\"url\":")
        writer.json.string(url)
        writer.json.raw("}")
        return writer.text
    }

    /// The home page.
    package static func home(site: SiteConfig, url: String) -> String {
        var writer = Writer()
        writer.open(type: "WebSite")
        writer.member("name", site.title)
        writer.member("url", url)
        writer.member("description", site.description)
        writer.member("inLanguage", site.language)
        writer.close()
        return writer.text
    }

    /// A page listing entries (a kind, a facet, a term, the graph, the timeline) or search results.
    package static func collection(title: String, description: String?, url: String, website: String,
                                   type: String = "CollectionPage") -> String {
        var writer = Writer()
        writer.open(type: type)
        writer.member("name", title)
        writer.member("description", description)
        writer.member("url", url)
        writer.member("isPartOf", json: website)
        writer.close()
        return writer.text
    }

    /// The schema.org type of an entry's kind.
    static func type(of kind: Kind?) -> String {
        if let type = kind?.schemaType { return type }
        return kind?.isSource == true ? "CreativeWork" : "Article"
    }

    /// A cited source, as `citation` lists it (written once per build).
    package static func citation(of entry: Entry, pageURL: String) -> String {
        var writer = Writer()
        writer.json.raw("{\"@type\":\"CreativeWork\"")
        writer.json.raw(",\"@id\":")
        writer.json.string(pageURL)
        writer.json.raw(",\"name\":")
        writer.json.string(entry.title)
        writer.json.raw(",\"url\":")
        writer.json.string(entry.source?.url ?? pageURL)
        if let authors = entry.source?.authors, !authors.isEmpty {
            writer.json.raw(",\"author\":")
            writer.json.strings(authors)
        }
        if let published = entry.source?.published {
            writer.json.raw(",\"datePublished\":")
            writer.json.string(published.text)
        }
        if let identifier = entry.source?.identifier {
            writer.json.raw(",\"identifier\":")
            writer.json.string(identifier)
        }
        writer.json.raw("}")
        return writer.text
    }

    /// An entry's page: the entry as its kind's type, with what it cites.
    /// `citations` gives each cited source's JSON (see `citation(of:pageURL:)`).
    package static func entry(_ entry: Entry, kind: Kind?, pageURL url: String, website: String, cited: [EntryID],
                              citations: (EntryID) -> String, datesAreEvents: Bool) -> String {
        let type = type(of: kind)
        var writer = Writer()
        writer.open(type: type)
        writer.member("@id", url)
        writer.member("name", entry.title)
        if type == "Article" { writer.member("headline", entry.title) }
        writer.member("description", entry.summary)
        writer.member("alternateName", strings: entry.aliases)
        let isCreativeWork = type == "Article" || type == "CreativeWork"
        if let source = entry.source {
            // The work itself: its address is where it can be read; this page is about it.
            writer.member("url", source.url ?? url)
            writer.member("mainEntityOfPage", url)
            writer.member("author", strings: source.authors)
            if let publisher = source.publisher {
                writer.object("publisher", type: "Organization") { $0.member("name", publisher) }
            }
            writer.member("datePublished", source.published?.text)
            writer.member("identifier", source.identifier)
        } else {
            writer.member("url", url)
        }
        let date = entry.date.map { PartialDate($0).text }
        switch type {
        case "Organization":
            writer.member("foundingDate", date)
            writer.member("dissolutionDate", entry.until?.text)
        case "Event":
            writer.member("startDate", date)
            writer.member("endDate", entry.until?.text)
        case "Person":
            writer.member("birthDate", date)
            writer.member("deathDate", entry.until?.text)
        default:
            if isCreativeWork && entry.source == nil {
                if datesAreEvents {
                    // When the work is about: its event's date, or span (an ISO 8601 interval).
                    writer.member("temporalCoverage", date.map { start in entry.until.map { start + "/" + $0.text } ?? start })
                } else {
                    writer.member("datePublished", date)
                }
            }
        }
        if isCreativeWork {
            writer.member("dateModified", entry.updated?.day)
            if entry.source == nil { writer.member("isPartOf", json: website) }
        }
        if !cited.isEmpty {
            let list = "[" + cited.map(citations).joined(separator: ",") + "]"
            if isCreativeWork {
                writer.member("citation", json: list)
            } else {
                // `citation` belongs to creative works: the page about an organization or event cites them.
                writer.object("subjectOf", type: "WebPage") {
                    $0.member("url", url)
                    $0.member("citation", json: list)
                }
            }
        }
        writer.close()
        return writer.text
    }
}
