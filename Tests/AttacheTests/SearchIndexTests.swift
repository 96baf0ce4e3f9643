@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("Search index")
struct SearchIndexTests {
    func json(_ site: TestSite, _ path: String) throws -> Any {
        let data = try #require(FileManager.default.contents(atPath: site.path("Output/search/" + path)), "missing \(path)")
        return try JSONSerialization.jsonObject(with: data)
    }

    func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    @Test func bodyExcerptsForSnippetsComeInSmallChunksCutAtASpace() throws {
        let long = (0..<400).map { "word\($0)" }.joined(separator: " ")
        var files: [String: String] = ["Content/strategies/long.md": entry("Long", body: "Mandates é \(long)")]
        for i in 0..<21 { files["Content/strategies/e\(i).md"] = entry("Entry \(i)", body: "Body of entry \(i) with `code`.") }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let meta = try #require(try json(site, "meta.json") as? [String: Any])
        #expect(meta["textChunk"] as? Int == SearchIndex.textChunkSize)
        // 22 entries: e0, e1, e10 … e19, e2, e20, e3 … e9, long (site order), in chunks of 20.
        let first = try #require(try json(site, "text/0.json") as? [String])
        let second = try #require(try json(site, "text/1.json") as? [String])
        #expect(first.count == 20 && second.count == 2)
        #expect(first[0] == "Body of entry 0 with code.")
        let excerpt = try #require(second.last)
        #expect(excerpt.hasPrefix("Mandates é word0 word1"))
        #expect(excerpt.utf8.count <= SearchIndex.excerptLength)
        #expect(excerpt.utf8.count > SearchIndex.excerptLength - 12)
        // Cut before a space: the last word is whole.
        let lastWord = try #require(excerpt.split(separator: " ").last)
        #expect(long.contains(" \(lastWord) "))
        #expect(!FileManager.default.fileExists(atPath: site.path("Output/search/text/2.json")))
    }

    @Test func anExcerptNeverEndsInsideAUTF8Sequence() {
        let text = Array(String(repeating: "é", count: 2_000).utf8)
        let excerpt = SearchIndex.excerpt(text)
        #expect(excerpt.utf8.count <= SearchIndex.excerptLength)
        #expect(excerpt == String(repeating: "é", count: SearchIndex.excerptLength / 2))
    }

    @Test func termsPointAtTheirEntriesWithTitlesRankedFirst() throws {
        let site = try TestSite([
            "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Blue helmets.\naliases: [Peace operations]", body: "## Mandates\n\nText."),
            "Content/strategies/other.md": entry("Other", body: "A body that mentions peacekeeping twice: peacekeeping. And `codeword`."),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let meta = try #require(try json(site, "meta.json") as? [String: Any])
        #expect(meta["count"] as? Int == 2)
        let shards = try #require(meta["shards"] as? [String])
        #expect(shards.contains("pe"))
        let peShard = try #require(try json(site, "terms/\(hex("pe")).json") as? [String: Any])
        // Entries whose titles or aliases hold a term of the shard travel with it.
        // Aliases come fourth when there are any, so search.js can rank an exact alias first.
        let titled = try #require(peShard["_docs"] as? [String: [Any]])
        #expect(titled.keys.sorted() == ["1"])
        #expect(titled["1"]?.prefix(3).compactMap { $0 as? String } == ["Peacekeeping", "strategies/peacekeeping/", "Strategy type"])
        #expect(titled["1"]?.last as? [String] == ["Peace operations"])
        let pe = peShard.compactMapValues { $0 as? [Int] }
        // Entries are numbered in site order: other (0), peacekeeping (1).
        #expect(pe["peacekeeping"] == [0, 2, 1, 100])
        #expect(pe["peace"] == [1, 80])
        let bo = try #require(try json(site, "terms/\(hex("bl")).json") as? [String: Any]).compactMapValues { $0 as? [Int] }
        #expect(bo["blue"] == [1, 20])
        let ma = try #require(try json(site, "terms/\(hex("ma")).json") as? [String: Any]).compactMapValues { $0 as? [Int] }
        #expect(ma["mandates"] == [1, 10])
        let co = try #require(try json(site, "terms/\(hex("co")).json") as? [String: Any]).compactMapValues { $0 as? [Int] }
        #expect(co["codeword"] == [0, 1])
        // Stop words are not indexed.
        #expect(!shards.contains("an"))
        let docs = try #require(try json(site, "docs/0.json") as? [[String]])
        #expect(docs[1] == ["Peacekeeping", "strategies/peacekeeping/", "Strategy type", "Blue helmets."])
    }

    @Test func wordsAreLowercasedWholeAndCountedPerUse() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("Alpha", body: "ÉLYSÉE talks: Élysée, élysée. Naïve x ü 42 NATO nato Nato nato nato nato nato nato nato nato nato nato."),
            "Content/strategies/b.md": entry("Beta", body: "Café [[a]] and the NATO."),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [])
        func shard(_ key: String) throws -> [String: [Int]] {
            try #require(try json(site, "terms/\(hex(key)).json") as? [String: Any]).compactMapValues { $0 as? [Int] }
        }
        // Non-ASCII words are lowercased as a whole; each use counts.
        #expect(try shard("él")["élysée"] == [0, 3])
        #expect(try shard("na")["naïve"] == [0, 1])
        #expect(try shard("ca")["café"] == [1, 1])
        // Twelve uses score 10; one-letter words and stop words are dropped.
        #expect(try shard("na")["nato"] == [0, 10, 1, 1])
        #expect(try shard("42")["42"] == [0, 1])
        let shards = try #require(try json(site, "meta.json") as? [String: Any])["shards"] as? [String]
        #expect(shards?.contains("ü") == false)
        #expect(shards?.contains("x") == false)
        #expect(shards?.contains("th") == false)
    }

    @Test func indexTextCannotCloseAScriptElement() throws {
        let site = try TestSite(["Content/strategies/x.md": entry("\"</script><script>alert(1)</script>\"")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let raw = try #require(site.read("Output/search/docs/0.json"))
        #expect(!raw.contains("</script>"))
        #expect(raw.contains("\\u003c/script>"))
    }

    @Test func everyPageHasTheSearchBoxAndScript() throws {
        let site = try TestSite(["Content/strategies/x.md": entry("X")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        for page in ["Output/index.html", "Output/strategies/index.html", "Output/strategies/x/index.html", "Output/404.html"] {
            let html = try #require(site.read(page))
            #expect(html.contains("<input type=\"search\" id=\"search-input\""), "\(page)")
            #expect(html.contains("<label for=\"search-input\">"), "\(page)")
            #expect(html.contains("<script src=\"/assets/search.js\" data-index=\"/search/\" defer></script>"), "\(page)")
        }
        #expect(site.exists("Output/assets/search.js"))
    }
}
