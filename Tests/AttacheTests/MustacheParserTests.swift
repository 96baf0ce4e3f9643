@testable import AttacheModel
@testable import AttacheRender
import Foundation
import Mustache
import Testing

/// MustacheParser must parse as swift-mustache 2.x parses (it is the
/// oracle): every template either renders the same bytes through both
/// engines or is refused by both. Its own part is the error message.
@Suite("Mustache parser")
struct MustacheParserTests {
    /// What one engine made of `templates`: the rendering of `main`, or "refused".
    enum Outcome: Equatable {
        case rendered(String)
        case refused
    }

    func outcomes(_ templates: [String: String], _ context: Any = TemplateEngineTests.context) -> (oracle: Outcome, own: Outcome) {
        var library = MustacheLibrary()
        var oracleRefused = false
        var parsed: [String: CompiledTemplates.Template] = [:]
        var ownRefused = false
        for (name, text) in templates {
            if let template = try? MustacheTemplate(string: text) { library.register(template, named: name) } else { oracleRefused = true }
            if let template = try? MustacheParser.parse(text) { parsed[name] = template.template } else { ownRefused = true }
        }
        let oracle: Outcome = oracleRefused ? .refused : .rendered(library.render(context, withTemplate: "main") ?? "")
        let own: Outcome = ownRefused ? .refused : .rendered(CompiledTemplates(parsed).render(context, template: "main") ?? "")
        return (oracle, own)
    }

    func expectSame(_ templates: [String: String], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (oracle, own) = outcomes(templates)
        #expect(own == oracle, "\(templates)", sourceLocation: sourceLocation)
    }

    static let part = "<{{title}}>\n  {{#names}}\n  - {{.}}\n  {{/names}}\nend"

    /// The Mustache spec's tricky corners and swift-mustache's own quirks.
    static let snippets: [String] = [
        "", "plain", "a\n", "a\r\nb\r\n", "a\n  ", "  \n", "\n\n  x  \n",
        "{{title}}", "{{ title }}", "{{{title}}}", "{{& title}}", "{{{ title }}}", "{{{title}}", "{{title}", "{{title", "{{",
        "a{", "a{{", "{{\n}}", "{{title}}}", "{{ti tle}}", "{{#}}{{/}}", "{{}}", "{{.}}", "{{..}}", "{{site..title}}",
        "{{site.title}}", "{{.site.title}}", "{{site.nav.home}}", "{{site.missing}}", "{{#site}}{{.title}}{{/site}}",
        // Standalone tags, with LF, CRLF, blanks and tabs around them.
        "  {{#yes}}\n  in\n  {{/yes}}\n", "\t{{#yes}}\t\r\nin\r\n\t{{/yes}}\t\r\n", " {{#yes}} x\n{{/yes}}", "{{#yes}}\n{{/yes}}",
        "a {{#yes}}\nb\n {{/yes}} c", "  {{! comment }}\nx", "  {{! comment }}  x\n", "x\n  {{! c }}", "{{! a\r\nb }}\r\nc",
        "  {{^no}}\r\n  x\r\n  {{/no}}\r\n", "| {{#yes}}\n{{/yes}} |", "  {{#yes}}  \n\n  {{/yes}}  ", "{{#yes}}\r{{/yes}}\r",
        "  {{=<% %>=}}  \nx <%title%> {{title}}", "{{=| |=}}|title| |#yes|y|/yes|", "{{= <% %> =}}<%title%>", "{{=<% %>}}",
        "{{=<%%>=}}", "{{=a=}}", "{{=<% %>=}}<%! c %%> still %>x", "{{=<% %>=}}<%{title}%>}", "{{=<% %>=}}<%{title}%>",
        "{{=[[ ]]=}}[[#names]][[.]][[/names]]", "{{=<% %>=}}<%={{ }}=%>{{title}}",
        // Sections: nested, inverted, mismatched, unclosed.
        "{{#names}}{{#yes}}{{.}}{{/yes}}{{/names}}", "{{#people}}{{name}}{{#nested}}x{{/nested}}{{/people}}",
        "{{#nested}}{{#items}}{{.}}{{/items}}{{^items}}-{{/items}}{{/nested}}", "{{#a}}", "{{/a}}", "{{#a}}{{/b}}",
        "{{#a}}{{#b}}{{/a}}{{/b}}", "{{^a}}x", "{{#a.b}}{{/a.b}}", "{{# yes }}y{{/ yes }}",
        // Transforms and list positions.
        "{{uppercased(title)}}", "{{#reversed(names)}}{{.}}{{/reversed(names)}}", "{{#reversed(names)}}{{/names}}",
        "{{#names}}{{index()}}{{#first()}}F{{/first()}}{{^last()}},{{/last()}}{{/names}}", "{{a(b(title))}}", "{{a(b(title)}}",
        "{{a(title))}}", "{{title)}}", "{{(title)}}", "{{a()b}}", "{{count(names)}}", "{{lowercased(uppercased(title))}}",
        // Partials: indentation, standalone or not, missing, dynamic.
        "  {{> part}}\n", "\t{{>part}}\r\n", "x {{> part}} y\n", "{{> part}}", "  {{> missing}}\n", "{{>part}}{{>part}}",
        "  {{> part }}  \n  {{> part}}\n", "{{> a/b}}", "{{>*dynamic}}", "{{> }}",
        // Inheritance.
        "{{<parent}}{{$body}}over {{title}}{{/body}}{{/parent}}", "{{<parent}}\n  {{$body}}\n    over\n    more\n  {{/body}}\n{{/parent}}\n",
        "{{<parent}}{{/parent}}", "{{<parent}}text{{/parent}}", "{{<parent}}{{title}}{{/parent}}", "{{<parent}}{{$body}}x{{/body}}",
        "{{$body}}default{{/body}}", "  {{$body}}\n  default\n  {{/body}}\n", "{{$upper(body)}}x{{/upper(body)}}",
        "{{<parent}}{{=<% %>=}}<%$body%>x<%/body%><%/parent%>", "{{<parent}}{{! c }}{{$body}}a{{/body}}{{$body}}b{{/body}}{{/parent}}",
        // (A parent inside its own override recurses until the stack runs out, in both engines: outer overrides win.)
        "{{<missing}}{{$body}}x{{/body}}{{/missing}}", "{{<parent}}{{$body}}{{<a/b}}{{$body}}in{{/body}}{{/a/b}}{{/body}}{{/parent}}",
        // Pragmas.
        "{{%CONTENT_TYPE:TEXT}}\n{{title}}", "{{%CONTENT_TYPE:HTML}}{{title}}", "{{% CONTENT_TYPE : TEXT }}{{title}}",
        "{{%CONTENT_TYPE:XML}}", "{{%OTHER:TEXT}}", "{{%CONTENT_TYPE}}", "  {{%CONTENT_TYPE:TEXT}}  \n{{title}} {{> part}}",
        // Unicode around tags.
        "é{{title}}é\n  日本 {{#names}}«{{.}}»{{/names}}", "{\u{301}{title}}", "{{title}\u{301}}",
    ]

    @Test func snippetsRenderAsSwiftMustacheRendersThem() {
        for snippet in Self.snippets {
            expectSame(["main": snippet, "part": Self.part, "parent": "<{{$body}}default{{/body}}>\n  {{$body}}again{{/body}}\n", "a/b": "ab"])
        }
    }

    /// Templates put together at random from tags, text and line breaks:
    /// most are well formed, some are not, and both engines must agree on which.
    @Test func randomTemplatesRenderAsSwiftMustacheRendersThem() {
        var generator = SplitMix(seed: 20_250_101)
        let pieces = ["{{title}}", "{{{html}}}", "{{& title}}", "  ", "\t", "\n", "\r\n", "x", "{{! note }}", "{{> part}}", "{{names}}",
                      "{{.}}", "{{count}}", "{{uppercased(title)}}", "{{#names}}", "{{/names}}", "{{^nothing}}", "{{/nothing}}",
                      "{{#people}}", "{{name}}", "{{/people}}", "{{=<% %>=}}", "<%title%>", "<%={{ }}=%>", "{{$body}}", "{{/body}}",
                      "{{first()}}", "{{#first()}}", "{{/first()}}", "{", "}}", "{{%CONTENT_TYPE:TEXT}}"]
        var agreed = 0
        for _ in 0..<1500 {
            var template = ""
            for _ in 0..<Int(generator.next() % 14) { template += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let (oracle, own) = outcomes(["main": template, "part": Self.part, "parent": "{{$body}}d{{/body}}"])
            #expect(own == oracle, "\(template.debugDescription)")
            if own == oracle { agreed += 1 }
        }
        #expect(agreed == 1500)
    }

    // MARK: errors

    func failure(_ text: String) -> MustacheParser.Failure? {
        do {
            _ = try MustacheParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func anUnclosedSectionIsReportedWhereItOpens() throws {
        let error = try #require(failure("<ul>\n  {{#entries}}\n  <li>{{title}}</li>\n</ul>\n"))
        #expect(error == .init(message: "section `entries` is never closed: expected `{{/entries}}` before the end of the template", line: 2, column: 3))
    }

    @Test func aMismatchedCloseNamesTheSectionItShouldClose() throws {
        let error = try #require(failure("a\n{{#entries}}\n{{#terms}}\nx\n  {{/entries}}\n{{/terms}}"))
        #expect(error == .init(message: "`{{/entries}}` does not close the section opened at line 3, column 1; expected `{{/terms}}`", line: 5, column: 6))
        let stray = try #require(failure("one\ntwo {{/entries}}"))
        #expect(stray == .init(message: "`{{/entries}}` closes no section: none is open here", line: 2, column: 8))
        let transformed = try #require(failure("{{#reversed(names)}}{{/names}}"))
        #expect(transformed.message.contains("expected `{{/reversed(names)}}`"))
    }

    @Test func otherErrorsSayWhatAndWhere() throws {
        #expect(failure("x\n  {{title") == .init(message: "unexpected end of template inside a tag", line: 2, column: 10))
        #expect(failure("é {{ti tle}}")?.line == 1)
        #expect(failure("é {{ti tle}}")?.column == 9, "columns count UTF-8 bytes")
        #expect(failure("a\r\nb\r\n{{=<%>=}}") == .init(message: "invalid set-delimiter tag: expected `{{=START END=}}`", line: 3, column: 1))
        #expect(failure("{{%CONTENT_TYPE:XML}}")?.message == "unknown content type `XML`: expected HTML or TEXT")
        #expect(failure("{{! never closed")?.message == "comment is never closed: expected `}}`")
        #expect(failure("{{<parent}}{{title}}{{/parent}}")?.message == "only blocks (`{{$name}}…{{/name}}`) may stand inside `{{<parent}}`")
        #expect(failure("{{$upper(body)}}{{/upper(body)}}")?.message == "a block (`{{$body}}`) cannot apply a transform")
    }

    @Test func aSyntaxErrorInAThemeIsADiagnosticWithItsPlace() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attache-parser-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: TestSite.defaultTemplates, toPath: folder)
        try "<main>\n  {{#entries}}\n</main>\n".write(toFile: folder + "/home.mustache", atomically: true, encoding: .utf8)
        var diagnostics: [Diagnostic] = []
        #expect(TemplateLibrary.load(directory: folder, paths: DisplayPaths(workingDirectory: folder), diagnostics: &diagnostics) == nil)
        #expect(diagnostics.map(\.description) == [
            "home.mustache:2:3: error: template syntax error: section `entries` is never closed: expected `{{/entries}}` before the end of the template",
        ])
    }

    // MARK: names no view model offers

    @Test func aTagNamingNoModelKeyIsAWarningWithASuggestion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attache-parser-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: TestSite.defaultTemplates, toPath: folder)
        let entry = try String(contentsOfFile: folder + "/entry.mustache", encoding: .utf8)
        let lines = entry.split(separator: "\n", omittingEmptySubsequences: false).count
        try (entry + "<p>\n    {{entry.titel}} {{#uppercased(descripton)}}{{/uppercased(descripton)}} {{zzzzqqq}} {{.}} {{first()}}</p>\n")
            .write(toFile: folder + "/entry.mustache", atomically: true, encoding: .utf8)
        var diagnostics: [Diagnostic] = []
        #expect(TemplateLibrary.load(directory: folder, paths: DisplayPaths(workingDirectory: folder), diagnostics: &diagnostics) != nil)
        #expect(diagnostics.map(\.description) == [
            "entry.mustache:\(lines + 1):13: warning: no view model offers `titel`; did you mean `title`?",
            "entry.mustache:\(lines + 1):35: warning: no view model offers `descripton`; did you mean `description`?",
            "entry.mustache:\(lines + 1):78: warning: no view model offers `zzzzqqq` (it renders as nothing)",
        ])
    }

    @Test func theShippedThemeNamesOnlyModelKeys() throws {
        var diagnostics: [Diagnostic] = []
        _ = TemplateLibrary.load(directory: TestSite.defaultTemplates, paths: DisplayPaths(workingDirectory: "/"), diagnostics: &diagnostics)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
    }
}

/// A small deterministic random number generator, so a failing template can be found again.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
