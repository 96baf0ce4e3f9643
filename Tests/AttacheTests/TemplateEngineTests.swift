@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Mustache
import Testing

/// Attaché's template engine (MustacheParser and CompiledTemplates) must
/// render exactly what swift-mustache renders: the same templates and
/// contexts go through both.
@Suite("Template interpreter")
struct TemplateEngineTests {
    /// Renders `name` through both engines.
    func both(_ templates: [String: String], _ context: Any, name: String = "main") throws -> (swiftMustache: String?, compiled: String?) {
        var library = MustacheLibrary()
        var parsed: [String: CompiledTemplates.Template] = [:]
        for (templateName, text) in templates {
            library.register(try MustacheTemplate(string: text), named: templateName)
            parsed[templateName] = try MustacheParser.parse(text).template
        }
        return (library.render(context, withTemplate: name), CompiledTemplates(parsed).render(context, template: name))
    }

    func expectSame(_ templates: [String: String], _ context: Any, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let (expected, actual) = try both(templates, context)
        #expect(expected != nil, sourceLocation: sourceLocation)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    nonisolated(unsafe) static let context: [String: Any] = [
        "title": "Fish & <Chips> \"quoted\" 'single'",
        "empty": "",
        "count": 3,
        "zero": 0,
        "yes": true,
        "no": false,
        "names": ["Ada", "Grace", "<Linus>"],
        "nothing": [String](),
        "people": [["name": "Ada", "role": "engineer"], ["name": "Grace"], ["name": "Linus", "title": "inner title"]] as [[String: Any]],
        "site": ["title": "Site", "nav": ["home": "/", "depth": ["deeper": "deep"]] as [String: Any]] as [String: Any],
        "lines": "one\ntwo\nthree",
        "html": "<b>bold</b>",
        "numbers": [3, 1, 2],
        "nested": [["items": ["a", "b"]], ["items": [String]()]] as [[String: Any]],
    ]

    @Test func variablesAndEscaping() throws {
        try expectSame(["main": "{{title}}|{{{title}}}|{{& title}}|{{count}}|{{zero}}|{{yes}}|{{no}}|{{missing}}|{{empty}}|{{html}}|{{{html}}}"], Self.context)
        try expectSame(["main": "{{names}}|{{people.0}}|{{site.title}}|{{site.nav.home}}|{{site.nav.depth.deeper}}|{{site.missing.home}}"], Self.context)
        try expectSame(["main": "{{ title }}|{{  site.title  }}"], Self.context)
    }

    @Test func sectionsOfEveryValueType() throws {
        try expectSame(["main": "{{#names}}<{{.}}>{{/names}}|{{#nothing}}x{{/nothing}}|{{#yes}}Y{{title}}{{/yes}}|{{#no}}N{{/no}}"], Self.context)
        try expectSame(["main": "{{#empty}}E{{.}}E{{/empty}}|{{#count}}C{{.}}{{/count}}|{{#zero}}Z{{/zero}}|{{#missing}}M{{/missing}}"], Self.context)
        try expectSame(["main": "{{#site}}{{title}} {{nav.home}}{{/site}}|{{#site.nav}}{{home}}{{#depth}}{{deeper}}{{title}}{{/depth}}{{/site.nav}}"], Self.context)
        try expectSame(["main": "{{#people}}{{name}}:{{role}}:{{title}};{{/people}}"], Self.context)
        try expectSame(["main": "{{#nested}}[{{#items}}{{.}}{{/items}}{{^items}}none{{/items}}]{{/nested}}"], Self.context)
    }

    /// A section over a string, number, flag or other value pushes it; names
    /// inside are looked up through it before the levels below. The
    /// interpreter sorts values by their exact type, so other types
    /// (optionals, `[String: String]`, `Int8`, NSNull) must still take
    /// swift-mustache's general path.
    @Test func namesInsideSectionsOverEveryValueType() throws {
        let context: [String: Any] = [
            "title": "root", "word": "text", "count": 3, "yes": true,
            "labels": ["a": "A", "title": "labels' own"] as [String: String],
            "maybe": String?.some("optional") as Any, "small": Int8(4), "null": NSNull(),
            "mixed": ["plain", 5, ["title": "in a list"] as [String: Any]] as [Any],
        ]
        try expectSame(["main": "{{#word}}{{title}}{{count}}{{.}}{{/word}}|{{#count}}{{title}}{{word}}{{.}}{{/count}}|{{#yes}}{{title}}{{/yes}}"], context)
        try expectSame(["main": "{{#labels}}{{a}}{{title}}{{count}}{{/labels}}|{{^labels}}none{{/labels}}|{{labels.a}}"], context)
        try expectSame(["main": "{{#maybe}}{{.}}{{title}}{{/maybe}}|{{maybe}}|{{#small}}{{.}}{{title}}{{/small}}|{{small}}"], context)
        try expectSame(["main": "{{#null}}N{{/null}}{{^null}}n{{/null}}|{{null}}|{{#mixed}}[{{.}}|{{title}}]{{/mixed}}"], context)
    }

    @Test func invertedSections() throws {
        try expectSame(["main": "{{^names}}A{{/names}}|{{^nothing}}B{{.}}{{/nothing}}|{{^yes}}C{{/yes}}|{{^no}}D{{/no}}|{{^missing}}E{{title}}{{/missing}}|{{^empty}}F{{/empty}}|{{^zero}}G{{/zero}}"], Self.context)
    }

    @Test func lookupClimbsTheStackButDottedNamesDoNot() throws {
        // `title` inside an item without one comes from the root; `site.title` found
        // on an item that has `site` but no `title` stops there.
        let context: [String: Any] = ["title": "root", "site": ["title": "root site"] as [String: Any],
                                      "items": [["site": ["name": "item site"] as [String: Any]], ["title": "own"]] as [[String: Any]]]
        try expectSame(["main": "{{#items}}{{title}}/{{site.title}}/{{site.name}}/{{.title}};{{/items}}"], context)
    }

    @Test func transformsAndListPositions() throws {
        try expectSame(["main": "{{uppercased(title)}}|{{lowercased(title)}}|{{capitalized(empty)}}|{{#reversed(names)}}{{.}}{{/reversed(names)}}"], Self.context)
        try expectSame(["main": "{{#names}}{{index()}}{{#first()}}F{{/first()}}{{#last()}}L{{/last()}}{{#even()}}e{{/even()}}{{#odd()}}o{{/odd()}}{{^first()}}-{{/first()}};{{/names}}"], Self.context)
        try expectSame(["main": "{{count(names)}}|{{#empty(nothing)}}none{{/empty(nothing)}}|{{#sorted(numbers)}}{{.}}{{/sorted(numbers)}}|{{unknown(title)}}"], Self.context)
    }

    @Test func standaloneLinesCommentsAndDelimiters() throws {
        let template = """
        Begin
          {{#names}}
          - {{.}}
          {{/names}}
        {{! a comment
        over lines }}
          {{^nothing}}
        none
          {{/nothing}}
        {{=<% %>=}}
        <% title %> {{not a tag}}
        <%={{ }}=%>
        End {{title}}

        """
        try expectSame(["main": template], Self.context)
        try expectSame(["main": "a\r\n  {{#yes}}\r\nb\r\n  {{/yes}}\r\nc {{title}}\r\n"], Self.context)
    }

    @Test func partialsKeepTheirIndentation() throws {
        let templates = [
            "main": "<ul>\n  {{> item}}\n    {{> lines}}\n{{#people}}\n  {{> person}}\n{{/people}}\nx {{> inline}} y\n</ul>\n",
            "item": "<li>{{title}}</li>\n<li>second</li>\n",
            "lines": "{{{lines}}}\n{{lines}}\nlast\n",
            "person": "<p>\n  {{name}}\n  {{> role}}\n</p>\n",
            "role": "{{#role}}[{{.}}]\n{{/role}}{{^role}}none\n{{/role}}",
            "inline": "in{{title}}line",
        ]
        try expectSame(templates, Self.context)
    }

    @Test func inheritanceWithBlocksAndDefaults() throws {
        let templates = [
            "main": "{{<layout}}\n{{$body}}\n  <p>{{title}}</p>\n  {{> item}}\n{{/body}}\n{{$aside}}overridden {{count}}{{/aside}}\n{{/layout}}\n",
            "layout": "<html>\n  {{$head}}<title>default {{title}}</title>{{/head}}\n  <main>\n    {{$body}}no body{{/body}}\n  </main>\n  {{> sidebar}}\n</html>\n",
            "sidebar": "<aside>{{$aside}}default aside{{/aside}}</aside>\n",
            "item": "<i>{{#names}}{{.}} {{/names}}</i>\n",
            "grandchild": "{{<main}}{{$aside}}from the grandchild{{/aside}}{{/main}}",
        ]
        try expectSame(templates, Self.context)
        let (expected, actual) = try both(templates, Self.context, name: "grandchild")
        #expect(actual == expected)
    }

    @Test func contentTypePragmas() throws {
        let templates = [
            "main": "{{title}}\n{{%CONTENT_TYPE:TEXT}}\n{{title}} {{> part}} {{title}}\n{{#people}}{{name}}&{{/people}}",
            "part": "{{title}}",
        ]
        try expectSame(templates, Self.context)
    }

    @Test func unicodeTextIsKept() throws {
        try expectSame(["main": "Ünïcödé {{word}} — 日本 {{#list}}«{{.}}»{{/list}}"], ["word": "café <é>", "list": ["α", "β"]] as [String: Any])
    }

    /// Page models are ModelObjects and bodies HTMLFragments: both engines
    /// must find the same values through them (swift-mustache as a
    /// MustacheParent), in sections, lists, dotted and top-only names,
    /// transforms and names no model offers.
    @Test func modelObjectsRenderAsDictionariesDo() throws {
        let card: ModelObject = [.title: "Fish & <Chips>", .url: "/fish/", .count: 2, .current: true]
        let empty: [ModelObject] = []
        let context: ModelObject = [
            .site: [.title: "Site", .homeURL: "/"] as ModelObject,
            .entries: [card, [.title: "Second", .current: false] as ModelObject],
            .options: empty, .aliases: ["A", "<B>"], .page: card, .summary: "",
            .body: HTMLFragment("<p>A & B</p>"),
        ]
        let templates = [
            "{{site.title}}|{{#entries}}{{title}}@{{url}}{{#current}}!{{/current}}{{site.home_url}}{{^current}}-{{/current}}{{/entries}}",
            "{{#page}}{{.title}}/{{count}}/{{nothing}}{{/page}}{{^options}}none{{/options}}{{#options}}x{{/options}}",
            "{{count(entries)}} {{count(page)}} {{empty(page)}} {{#first(entries)}}{{title}}{{/first(entries)}}",
            "{{#aliases}}[{{.}}]{{/aliases}}{{^summary}}no summary{{/summary}}{{#page.current}}on{{/page.current}}{{{page.title}}}",
            "{{#site}}{{#page}}{{home_url}}{{title}}{{/page}}{{/site}}{{unknown_key}}{{#sorted(page)}}{{key}}={{value}};{{/sorted(page)}}",
            "{{{body}}}|{{body}}|{{#body}}[{{.}}{{bytes}}]{{/body}}{{^body}}none{{/body}}|{{uppercased(body)}}",
        ]
        for template in templates { try expectSame(["main": template], context) }
        #expect(try templates.map { try both(["main": $0], context).compiled ?? "nil" } == [
            "Site|Fish &amp; &lt;Chips&gt;@/fish/!/Second@/-",
            "Fish &amp; &lt;Chips&gt;/2/none",
            "2 4 false Fish &amp; &lt;Chips&gt;",
            "[A][&lt;B&gt;]onFish & <Chips>",
            "/Fish &amp; &lt;Chips&gt;count=2;current=true;title=Fish &amp; &lt;Chips&gt;;url=/fish/;",
            "<p>A & B</p>|&lt;p&gt;A &amp; B&lt;/p&gt;|[&lt;p&gt;A &amp; B&lt;/p&gt;]|&lt;P&gt;A &amp; B&lt;/P&gt;",
        ])
        var changed = card
        changed[.title] = "New"
        changed[.count] = nil
        changed[.label] = "Added"
        #expect(changed[.title] as? String == "New" && changed[.count] == nil && changed[.label] as? String == "Added")
        #expect(card[.title] as? String == "Fish & <Chips>" && card[.count] as? Int == 2)
        #expect(ModelKey(name: "entries_html") == .entriesHTML && ModelKey.entriesHTML.name == "entries_html" && ModelKey(name: "nope") == nil)
        #expect(Set(ModelKey.allCases.map(\.name)).count == ModelKey.allCases.count)
    }

    /// View models leave out keys no template names, so the names must be
    /// every part of every tag, in sections, blocks and inherited overrides.
    @Test func namesAreEveryPartOfEveryTag() throws {
        var parsed: [String: CompiledTemplates.Template] = [:]
        parsed["main"] = try MustacheParser.parse("""
            {{a.b}}{{{raw}}}{{#section}}{{inner}}{{^inverted}}{{deep}}{{/inverted}}{{/section}}{{.}}{{#list}}{{first()}}{{/list}}\
            {{uppercase(shout)}}{{.top.only}}{{<parent}}{{$block}}{{override}}{{/block}}{{/parent}}
            """).template
        parsed["parent"] = try MustacheParser.parse("{{$block}}{{fallback}}{{/block}}{{> partial}}").template
        parsed["partial"] = try MustacheParser.parse("{{fromPartial}}").template
        let compiled = CompiledTemplates(parsed)
        #expect(compiled.names == ["a", "b", "raw", "section", "inner", "inverted", "deep", "list", "shout", "top", "only",
                                   "override", "fallback", "fromPartial"])
    }

    @Test func theDefaultThemeCompiles() throws {
        var diagnostics: [Diagnostic] = []
        let library = try #require(TemplateLibrary.load(theme: .builtIn, paths: DisplayPaths(workingDirectory: "/"), diagnostics: &diagnostics))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(library.compiled != nil)
    }

    /// The shipped knowledge base, and the fixture that uses sources, citations and dates
    /// (references, timelines, the timeline page), built with each engine: every file must be identical.
    @Test(arguments: [URLStyle.pretty, .files], ["Content", "Tests/Fixtures/sources-site/Content"])
    func theShippedSiteIsIdenticalWithEitherEngine(style: URLStyle, content: String) throws {
        var outputs: [String] = []
        defer { for output in outputs { try? FileManager.default.removeItem(atPath: output) } }
        for swiftMustache in [false, true] {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-engine-\(UUID().uuidString)").path
            outputs.append(output)
            var options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/" + content, templatesDirectory: TestSite.defaultTemplates,
                                       outputDirectory: output, jobs: 2)
            options.urlStyleOverride = style
            options.rendersWithSwiftMustache = swiftMustache
            let report = SiteBuilder(options: options).run()
            #expect(report.succeeded)
        }
        let files = try #require(FileManager.default.subpaths(atPath: outputs[0])).sorted()
        let minimum = content == "Content" ? 100 : 30
        #expect(files.count > minimum)
        #expect(try #require(FileManager.default.subpaths(atPath: outputs[1])).sorted() == files)
        var compared = 0
        for file in files where file.hasSuffix(".html") {
            let a = FileManager.default.contents(atPath: outputs[0] + "/" + file)
            let b = FileManager.default.contents(atPath: outputs[1] + "/" + file)
            #expect(a == b, "\(file) differs")
            compared += 1
        }
        #expect(compared > minimum)
    }
}
