@testable import AttacheModel
@testable import AttacheSite
import Foundation
import Testing

@Suite("Clear messages")
struct ClearMessageTests {
    @Test func aTemplateWithASyntaxErrorIsNotAlsoMissing() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A"),
            "Templates/home.mustache": "{{> partials/card}}", "Templates/kind.mustache": "k", "Templates/entry.mustache": "{{#a}}",
            "Templates/facet.mustache": "f", "Templates/term.mustache": "t", "Templates/404.mustache": "n",
            "Templates/partials/card.mustache": "{{/b}}",
        ])
        defer { site.remove() }
        let errors = site.build(templates: "Templates").errors
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.contains("template syntax error") })
        #expect(errors.first?.hasPrefix("Templates/entry.mustache:") == true)
        #expect(errors.last?.hasPrefix("Templates/partials/card.mustache:") == true)
    }

    @Test func upperCaseAndLongMarkdownExtensionsAreEntries() throws {
        let site = try TestSite([
            "Content/strategies/upper.MD": entry("Upper", body: "[[long]]"),
            "Content/strategies/long.markdown": entry("Long", body: "[[upper]]"),
            "Content/strategies/twice.md": entry("Twice one"),
            "Content/strategies/twice.markdown": entry("Twice two"),
        ])
        defer { site.remove() }
        let errors = site.build().errors
        #expect(errors == ["Content/strategies/twice.md:1:1: error: slug `twice` is already used by Content/strategies/twice.markdown; slugs are unique across the site"])
        let fixed = try TestSite([
            "Content/strategies/upper.MD": entry("Upper", body: "[[long]]"),
            "Content/strategies/long.markdown": entry("Long", body: "[[upper]]"),
        ])
        defer { fixed.remove() }
        #expect(fixed.build().errors == [])
        #expect(fixed.read("Output/strategies/upper/index.html")?.contains(">Long</a>") == true)
        #expect(fixed.read("Output/strategies/long/index.html")?.contains(">Upper</a>") == true)
    }

    @Test func quotedSourceIsCutToEightyCharacters() throws {
        let long = String(repeating: "x", count: 200)
        let site = try TestSite(["Content/strategies/a.md": entry("A", "date: \(long)", body: "[[\(long)]]")])
        defer { site.remove() }
        let cut = String(repeating: "x", count: 80) + "…"
        let errors = site.check().errors
        #expect(errors.contains { $0.contains("(got `\(cut)`)") })
        #expect(DiagnosticQuote.quote(long) == cut)
        #expect(DiagnosticQuote.quote("short") == "short")
        #expect(DiagnosticQuote.quote(String(repeating: "é", count: 81)) == String(repeating: "é", count: 80) + "…")
    }

    @Test func aLongWikiLinkTargetIsCut() throws {
        let long = String(repeating: "y", count: 120)
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "[[\(long)]]")])
        defer { site.remove() }
        #expect(site.check().errors == ["Content/strategies/a.md:4:1: error: wiki-link `[[\(String(repeating: "y", count: 80))…]]` names no entry"])
    }
}
