@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// The simple front-matter reader must give exactly what Yams gives (values,
/// quoting, booleans, positions) for every text it accepts.
@Suite("Simple front-matter reader")
struct FrontMatterReaderTests {
    static let fieldLines: [[String]] = [
        ["title: Plain title"], ["title: \"Quoted: title\""], ["title: 'single quoted'"], ["title:   spaced   out   "],
        ["title: Ünïcödé tïtle — 日本"], ["title: yes"], ["title: 2024"], ["title: a:b"], ["title: Women's rights"],
        ["title: x \"y\" z"], ["title: ~"], ["title: null"], ["title: \"\""], ["title: -5"], ["title: [not, text]"],
        ["summary: One sentence. Another one!"], ["summary: Ça va? Très bien."], ["summary: Some, text with [brackets]"],
        ["summary: with # comment"], ["summary: \"escaped \\\" quote\""], ["summary: 'it''s'"], ["summary: ends with:"],
        ["aliases: [A, B c, \"D e\", 'F']"], ["aliases: []"], ["aliases: [ spaced , items ]"], ["aliases: [é, ü]"],
        ["aliases:", "  - x", "  - \"y z\""], ["aliases:", "- indentless", "- items"], ["aliases: single"], ["aliases: ~"],
        ["aliases:"], ["aliases: [a, [b]]"], ["aliases: [a,, b]"], ["aliases:", "  - a", "    - b"], ["aliases:", "  -"],
        ["draft: true"], ["draft: \"true\""], ["draft: no"], ["draft: 'off'"], ["draft: TRUE"], ["draft: maybe"], ["draft: [true]"],
        ["date: 2024-05-01"], ["date: 2024-05-01T10:00:00Z"], ["updated: 2024-06-30 12:00"],
        ["regions: [Africa, Middle East]"], ["regions: Europe"], ["regions:", "  - Ünïon", "  - 'Asia Pacific'"],
        ["runs: [nato, un-peacekeeping]"], ["strategies:", "  - defence-diplomacy"],
        ["unknown_field: value"], ["x-key_2: value"], ["nested:", "  key: value"], ["anchor: &a value"], ["tab:\tvalue"],
        ["folded: >", "  text"], ["title: first", "  continued"],
        // Sources and time: plain values the simple reader reads, mappings it leaves to Yams.
        ["until: 2022"], ["as_of: 2025-11"], ["published: 1949-04-04"], ["url: https://example.org/a/b?c=d"],
        ["url: https://example.org/page#part"], ["author: [A, B C]"], ["author:", "  - Parties to the Treaty"],
        ["identifier: \"UNTS vol. 34, p. 243\""], ["identifier: S/RES/1744 (2007)"], ["publisher: NATO"],
        ["runs:", "  - {to: nato, from: 1952}"], ["runs:", "  - to: nato", "    from: 1952"], ["runs: [{to: nato}]"],
        ["runs: {to: nato, until: 2022-03-31, note: \"x\"}"],
        // Dated relation values the simple reader reads, and shapes it must leave to Yams.
        ["members:", "  - united-states", "  - {to: japan, from: 1952}", "  - {to: south-sudan, from: 2011-07, until: 2022-03-31, note: \"suspended 2021\"}"],
        ["members:", "- {to: a,from: 1952}", "- {to: b , until: 2001 }", "- { to: c }"],
        ["members:", "  - to: germany", "    from: 1955-05", "    note: as West Germany until 1990", "  - france"],
        ["members:", "  - to: a", "    from: 1952", "  - to: b", "    until: 2001-02-03"],
        ["members: {to: japan, from: 1952}"], ["members: {to: japan}"], ["members: {}"], ["members: {to: a, to: b}"],
        ["members:", "  - {to: a, note: 'x, y'}"], ["members:", "  - {to: a, note: \"x}y\"}"], ["members:", "  - {to: a, note: x: y}"],
        ["members:", "  - {to: a, from: [1952]}"], ["members:", "  - {to: {a: b}}"], ["members:", "  - {to: a} extra"],
        ["members:", "  - {to: a,}"], ["members:", "  - {to:a}"], ["members:", "  - {to: -a}"], ["members:", "  - {to: a}, b"],
        ["members:", "  - to: a", "      from: 1952"], ["members:", "  - to: a", "   from: 1952"], ["members:", "  - to: a", "    from:"],
        ["members:", "  - to: a", "    from: {b: c}"], ["members:", "  - to: a", "    to: b"], ["members:", "  - to: a # x"],
        ["members:", "  - to: a", "", "    from: 1952"], ["members:", "  - a # comment"], ["members:", "  - to: a", "    - b"],
        ["title: a {b} c"], ["title: \"a {b} c\""], ["title: {a: b}"], ["aliases: [a, {b: c}]"], ["aliases:", "  - {x: y}"],
    ]

    func yamsFields(_ yaml: String) -> [FrontMatterField]? {
        let reader = YAMLReader(path: "x.md", firstLine: 2)
        guard case .success(let mapping) = reader.parseMapping(yaml, what: "front matter") else { return nil }
        return FrontMatterField.fields(of: mapping, reader: reader)
    }

    func describe(_ fields: [FrontMatterField]) -> [String] {
        fields.map { field in
            let value: String
            switch field.value {
            case .scalar(let text, let isPlain, let boolean, let at):
                value = "scalar \(text.debugDescription) plain=\(isPlain) bool=\(String(describing: boolean)) at \(at.line):\(at.column)"
            case .list(let items, let at):
                value = "list at \(at.line):\(at.column) " + items.map { "\($0.value.debugDescription)@\($0.location.line):\($0.location.column)" }.joined(separator: " ")
            case .items(let items, let isList, let at, _):
                value = "items list=\(isList) at \(at.line):\(at.column) " + items.map { item -> String in
                    switch item {
                    case .scalar(let slug): return "\(slug.value.debugDescription)@\(slug.location.line):\(slug.location.column)"
                    case .mapping(let pairs, let at):
                        return "{@\(at.line):\(at.column) " + pairs.map {
                            "\($0.key.value)@\($0.key.location.line):\($0.key.location.column)=\($0.value.value.debugDescription)@\($0.value.location.line):\($0.value.location.column)"
                        }.joined(separator: " ") + "}"
                    }
                }.joined(separator: " ")
            case .node:
                value = "node"
            case .structured(let what, _):
                value = what
            }
            return "\(field.key)@\(field.keyLocation.line):\(field.keyLocation.column) = \(value)"
        }
    }

    @Test func agreesWithYamsOnEveryTextItAccepts() {
        var generator = SeededGenerator()
        var accepted = 0
        var samples: [String] = Self.fieldLines.map { $0.joined(separator: "\n") + "\n" }
        for _ in 0..<2_000 {
            var keys = Set<String>()
            var lines: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let field = Self.fieldLines.randomElement(using: &generator)!
                let key = String(field[0].prefix { $0 != ":" })
                guard keys.insert(key).inserted else { continue }
                lines += field
                if Int.random(in: 0..<6, using: &generator) == 0 { lines.append("") }
            }
            samples.append(lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : ""))
        }
        samples += ["", "\n\n", "title: a\ntitle: b\n", "- a\n- b\n", "just text\n", "title: a\n\n  - b\n", "title:x\n", "title : x\n"]
        for yaml in samples {
            guard let simple = SimpleFrontMatter.fields(yaml, path: "x.md", firstLine: 2) else { continue }
            accepted += 1
            guard let yams = yamsFields(yaml) else {
                Issue.record("accepted text Yams rejects: \(yaml.debugDescription); \(generator.replay)")
                continue
            }
            #expect(describe(simple) == describe(yams), "\(yaml.debugDescription); \(generator.replay)")
        }
        // Most samples are simple: the comparison must not be vacuous.
        #expect(accepted > samples.count / 4, "\(generator.replay)")
    }

    /// An entry that the simple reader declines or that has a problem is read
    /// by Yams, so its messages are the usual ones.
    @Test func problemsAreReportedAsYamsReadsThem() throws {
        let site = try TestSite([
            "Content/strategies/a.md": "---\ntitle: A\ndraft: \"true\"\n---\nBody.\n",
            "Content/strategies/b.md": "---\ntitle: B # comment\naliases: [x, y]\nfoo: bar\n---\n[[a]]\n",
            "Content/strategies/c.md": "---\ntitle: C\ndate: 2024-02-30\n---\n[[b]]\n",
        ])
        defer { site.remove() }
        let errors = site.build().errors
        #expect(errors.contains("Content/strategies/a.md:3:8: error: `draft` must be true or false"))
        #expect(errors.contains { $0.hasPrefix("Content/strategies/c.md:3:7: error: `date`") })
        let warnings = site.build().warnings
        #expect(warnings.contains { $0.hasPrefix("Content/strategies/b.md:4:1: warning: unknown front-matter field `foo`") })
    }
}
