import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes
/// sitemap.xml, feed.xml (Atom) and graph.json: data files built from the
/// graph, not from templates.
package enum Feeds {
    package static func sitemap(pagePaths: [SitePath], urls: SiteURLs) -> String {
        var out = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n".utf8)
        out.reserveCapacity(out.count + pagePaths.count * 80)
        for path in pagePaths {
            out.append(contentsOf: "  <url><loc>".utf8)
            HTMLEscaping.append(urls.absolute(path), to: &out)
            out.append(contentsOf: "</loc></url>\n".utf8)
        }
        out.append(contentsOf: "</urlset>\n".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Allows every crawler; names the sitemap when base_url has a host
    /// (the robots.txt format wants an absolute sitemap URL).
    package static func robots(urls: SiteURLs) -> String {
        var text = "User-agent: *\nAllow: /\n"
        if !urls.origin.isEmpty { text += "Sitemap: \(urls.absoluteFile("sitemap.xml"))\n" }
        return text
    }

    /// Atom, newest `updated`/`date` first; entries without a date follow in title order.
    package static func atom(site: SiteConfig, urls: SiteURLs, entries: [(entry: Entry, sitePath: SitePath)], buildDate: String) -> String {
        func date(_ entry: Entry) -> EntryDate? { entry.updated ?? entry.date }
        func stamp(_ entry: Entry) -> String? { date(entry)?.rfc3339 }
        // Sort positions, not the (entry, path) pairs: moving 10,000 entries
        // through a merge sort was most of the feed's cost.
        let keys = entries.map { (date: date($0.entry), title: $0.entry.title) }
        let order = keys.indices.sorted { i, j in
            switch (keys[i].date, keys[j].date) {
            case let (da?, db?) where da != db: return da > db
            case (.some, .none): return true
            case (.none, .some): return false
            default: return keys[i].title < keys[j].title
            }
        }
        let sorted = order.lazy.map { entries[$0] }
        let newest = sorted.compactMap { stamp($0.entry) }.first ?? buildDate
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "  <title>\(HTMLEscaping.escape(site.title))</title>\n"
        if !site.description.isEmpty { out += "  <subtitle>\(HTMLEscaping.escape(site.description))</subtitle>\n" }
        out += "  <id>\(HTMLEscaping.escape(urls.absolute(.home)))</id>\n"
        out += "  <link href=\"\(HTMLEscaping.escape(urls.absolute(.home)))\"/>\n"
        out += "  <link rel=\"self\" href=\"\(HTMLEscaping.escape(urls.absoluteFile("feed.xml")))\"/>\n"
        out += "  <updated>\(newest)</updated>\n  <author><name>\(HTMLEscaping.escape(site.title))</name></author>\n"
        // The entries are written as bytes: interpolating a dozen pieces per
        // entry into a String cost more than everything else in the feed.
        var bytes = Array(out.utf8)
        bytes.reserveCapacity(bytes.count + entries.count * 400)
        for (entry, sitePath) in sorted {
            var absolute: [UInt8] = []
            HTMLEscaping.append(urls.absolute(sitePath), to: &absolute)
            bytes.append(contentsOf: "  <entry>\n    <title>".utf8)
            HTMLEscaping.append(entry.title, to: &bytes)
            bytes.append(contentsOf: "</title>\n    <id>".utf8)
            bytes.append(contentsOf: absolute)
            bytes.append(contentsOf: "</id>\n    <link href=\"".utf8)
            bytes.append(contentsOf: absolute)
            bytes.append(contentsOf: "\"/>\n    <updated>".utf8)
            bytes.append(contentsOf: (stamp(entry) ?? newest).utf8)
            bytes.append(contentsOf: "</updated>\n".utf8)
            if !entry.summary.isEmpty {
                bytes.append(contentsOf: "    <summary>".utf8)
                HTMLEscaping.append(entry.summary, to: &bytes)
                bytes.append(contentsOf: "</summary>\n".utf8)
            }
            bytes.append(contentsOf: "  </entry>\n".utf8)
        }
        bytes.append(contentsOf: "</feed>\n".utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
