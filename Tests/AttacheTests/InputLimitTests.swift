@testable import AttacheMarkdown
@testable import AttacheModel
@testable import AttacheSite
import Foundation
import Testing

/// Inputs that made Debian's cmark-gfm 0.29.0.gfm.6 or Yams run for minutes
/// end in an error naming the limit (see MarkdownLimits, YAMLAliasKeys).
/// Sizes prove each guard without making the debug build slow; the 1 MB
/// versions are timed by hand against a release binary.
@Suite("Input limits")
struct InputLimitTests {
    func errors(_ body: String) throws -> [String] {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: body)])
        defer { site.remove() }
        return site.check().errors
    }

    /// `check` reads most lines only at their start; it must find what the
    /// byte-by-byte reading finds, on bodies made of the bytes that matter
    /// (pipes, dashes, brackets, quotes, list markers, escapes, line breaks),
    /// including bodies past each limit.
    @Test func theQuickReadingAgreesWithTheByteByByteOne() {
        var random = SeededGenerator()
        let pieces = ["|", "|", "-", "-|", ":", " ", "a", "*", "_", "~", "[", "]", "](x)", "!", "![", "\\", ">", "- ", "1. ", "  ", "\n", "\n", "\n\n", "]:"]
        var limitsReached = 0
        for round in 0..<400 {
            var body = ""
            // Now and then a long row, deep nesting or many openers, so limits are reached too.
            switch round % 8 {
            case 0: body += "| a |\n|---|\n" + String(repeating: "|", count: Int.random(in: 200...300, using: &random)) + "\n"
            case 1: body += String(repeating: ">", count: Int.random(in: 20...5_000, using: &random)) + String(repeating: "a*", count: Int.random(in: 1...5_000, using: &random))
            case 2: body += String(repeating: "![[]()", count: Int.random(in: 1...5_000, using: &random))
            case 3: body += String(repeating: "a|", count: Int.random(in: 200...300, using: &random)) + "\n" + ["---", ":-:", "- -"].randomElement(using: &random)! + "\n"
            default: break
            }
            for _ in 0..<Int.random(in: 0...300, using: &random) { body += pieces.randomElement(using: &random)! }
            let quick = MarkdownLimits.check(body), full = MarkdownLimits.checkByteByByte(body)
            if full != nil { limitsReached += 1 }
            #expect(quick == full, "round \(round): \(random.replay)")
        }
        #expect(limitsReached > 20, "the bodies should reach the limits now and then (\(random.replay))")
    }

    @Test func aTableRowWithTooManyCellsIsRefused() throws {
        let columns = 300
        let table = "|" + String(repeating: "a|", count: columns) + "\n|" + String(repeating: "-|", count: columns) + "\n"
        #expect(try errors(table) == [
            "Content/strategies/a.md:4:1: error: table row has 301 `|` cell separators; table rows are limited to 256, because the parser's time grows with the square of a row's cells; this body is left out",
        ])
    }

    @Test func pipesAfterADelimiterRowAreRefused() throws {
        #expect(try errors("| a |\n|---|\n" + String(repeating: "|", count: 50_000)) == [
            "Content/strategies/a.md:6:1: error: table row has 50000 `|` cell separators; table rows are limited to 256, because the parser's time grows with the square of a row's cells; this body is left out",
        ])
    }

    @Test func deepQuotesFullOfEmphasisAreRefused() throws {
        let body = String(repeating: ">", count: 5_000) + String(repeating: "a*", count: 5_000)
        #expect(try errors(body) == [
            "Content/strategies/a.md:4:1: error: Markdown nested 5000 levels deep (quotes or list items) with 5000 emphasis, strikethrough or link markers in the same body: the parser's time grows with depth × markers (limit 20,000,000); nest at most 32 levels deep; this body is left out",
        ])
    }

    @Test func unclosedImageOpenersBeforeLinksAreRefused() throws {
        let errors = try errors(String(repeating: "![[]()", count: 5_000))
        #expect(errors == [
            "Content/strategies/a.md:4:26830: error: 4472 unclosed `![` before links in one paragraph: the parser's time grows with unclosed openers × links (limit 10,000,000); close the brackets or escape them as `\\[`; this body is left out",
        ])
    }

    @Test func ordinaryTablesQuotesAndLinksStillBuild() throws {
        let table = "| a | b |\n|---|:-:|\n" + String(repeating: "| *x* | [y](b.md) |\n", count: 2_000)
        let quotes = "> > > *deep* quote with [a link](https://example.com) and ![an image](../assets/x.png)\n"
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: table + "\n" + quotes + "\n[[b]] *x* [[b]] _y_ [[b]]\n"),
                                 "Content/strategies/b.md": entry("B"), "Content/assets/x.png": "png"])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let html = site.read("Output/strategies/a/index.html") ?? ""
        #expect(html.contains("<blockquote>"))
        #expect(html.components(separatedBy: "<td><em>x</em></td>").count == 2_001)
        #expect(html.components(separatedBy: ">B</a>").count == 4)
    }

    @Test func manyWikiLinksOnOneLineStayLinear() throws {
        // Each wiki-link between emphasis is its own text node; finding its
        // column used to rescan the whole line for every node.
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: String(repeating: "[[b]] *x* ", count: 20_000)),
                                 "Content/strategies/b.md": entry("B")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect((site.read("Output/strategies/a/index.html") ?? "").components(separatedBy: ">B</a>").count == 20_001)
    }

    static let laughs = (["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + (1..<12).map { level in
        "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
    }).joined(separator: "\n") + "\n"

    @Test func anAliasAsAKeyIsAnErrorAtItsLine() throws {
        let site = try TestSite([
            "Content/strategies/a.md": "---\ntitle: A\n" + Self.laughs + "*a11 : 1\n---\nBody\n",
            "Content/strategies/b.md": "---\ntitle: B\n" + Self.laughs + "{*a11: 1}: 2\n---\nBody\n",
            "Content/strategies/c.md": "---\ntitle: C\n" + Self.laughs + "? [*a11]\n: 3\n---\nBody\n",
        ])
        defer { site.remove() }
        let message = "error: a YAML alias (`*a11`) is used in a mapping key; keys must be written out (expanding aliases in keys can take forever)"
        #expect(site.check().errors == [
            "Content/strategies/a.md:15:1: " + message,
            "Content/strategies/b.md:15:2: " + message,
            "Content/strategies/c.md:15:4: " + message,
        ])
    }

    @Test func anAliasAsAKeyInSiteAndTaxonomyFiles() throws {
        let site = try TestSite([:], siteYML: "title: T\n" + Self.laughs + "*a11: 1\n", taxonomy: Self.laughs + "*a11: 1\nkinds:\n  note: {}\n")
        defer { site.remove() }
        let message = "error: a YAML alias (`*a11`) is used in a mapping key; keys must be written out (expanding aliases in keys can take forever)"
        #expect(site.check().errors == [
            "Content/site.yml:14:1: " + message,
            "Content/taxonomy.yml:13:1: " + message,
        ])
    }

    @Test func asterisksInTextAndAliasesAsValuesAreNotKeys() throws {
        let siteYML = "title: T\nintro: |\n  *Note*: the intro.\n  - *x*: y\ndescription: \"*a: b\" # *c: d\nbase_url: &u /\n"
        let site = try TestSite(["Content/strategies/a.md": "---\ntitle: A\nsummary: '*x: y'\naliases: &list [one]\nregions: *list\n---\nBody\n"],
                                siteYML: siteYML)
        defer { site.remove() }
        #expect(site.check().errors == [])
    }
}
