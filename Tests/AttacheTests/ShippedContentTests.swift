@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// Quality gates for the knowledge base the project ships: a content edit
/// that breaks it fails the test suite.
@Suite("The shipped knowledge base")
struct ShippedContentTests {
    static let requiredKinds = ["overview", "strategy", "concept", "organization", "grouping", "mission", "agreement", "exercise",
                                "forum", "policy", "programme", "state", "case", "challenge", "impact", "trend", "source"]

    @Test func buildsWithoutAnyErrorOrWarningAndIsWellConnected() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-shipped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/Content", templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: output, jobs: 2)
        let report = SiteBuilder(options: options, workingDirectory: TestSite.repositoryRoot).run()
        #expect(report.lines == [])
        #expect(report.entryCount >= 45)

        // The sample summary lines in README and docs are this build's, not made up.
        let real = report.summaryLine.replacingOccurrences(of: #" in [0-9.]+ s$"#, with: " in ", options: .regularExpression)
        for document in ["README.md", "docs/command-line.md"] {
            let text = try String(contentsOfFile: TestSite.repositoryRoot + "/" + document, encoding: .utf8)
            let samples = text.matches(of: #/Built [0-9]+ pages from [0-9]+ entries[^`]* in /#).map { String($0.output) }
            #expect(!samples.isEmpty, "\(document) shows no summary line")
            for sample in samples { #expect(sample == real, "\(document) says `\(sample)…`; a build of Content/ says `\(real)…`") }
        }

        let data = try #require(FileManager.default.contents(atPath: output + "/graph.json"))
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        let edges = try #require(graph["edges"] as? [[String: Any]])
        var outgoing: [String: Set<String>] = [:]
        var incoming: [String: Set<String>] = [:]
        for edge in edges {
            let source = edge["source"] as? String ?? "", target = edge["target"] as? String ?? ""
            outgoing[source, default: []].insert(target)
            incoming[target, default: []].insert(source)
        }
        for node in nodes {
            let slug = node["slug"] as? String ?? ""
            // Sources are references that entries cite; they link to nothing themselves.
            if node["kind"] as? String != "source" {
                #expect(outgoing[slug, default: []].count >= 2, "\(slug) links to fewer than two entries")
            }
            #expect(!incoming[slug, default: []].isEmpty, "nothing links to \(slug)")
        }
        let kinds = Set(nodes.compactMap { $0["kind"] as? String })
        for kind in Self.requiredKinds {
            #expect(kinds.contains(kind), "no entries of kind \(kind)")
        }
    }

    @Test func everyEntryHasASummaryAndEnoughWords() throws {
        let root = TestSite.repositoryRoot + "/Content"
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        let sourceFolders = ShippedContent.sourceFolders(taxonomyText: try String(contentsOfFile: root + "/taxonomy.yml", encoding: .utf8))
        var count = 0
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".md"), !path.hasPrefix("assets/") else { continue }
            // Source entries are references: their body is an optional annotation.
            if let folder = path.split(separator: "/").first, sourceFolders.contains(String(folder)) { continue }
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            guard case .success(let split) = FrontMatterSplitter.split(text) else {
                Issue.record("\(path) has no front matter")
                continue
            }
            count += 1
            #expect(split.yaml.contains("\nsummary:") || split.yaml.hasPrefix("summary:"), "\(path) has no summary")
            let words = split.body.split(whereSeparator: { $0.isWhitespace }).count
            #expect(words >= 150, "\(path) has \(words) words")
            let wikiLinks = WikiLinkScanner.scan(split.body).count
            #expect(wikiLinks >= 2, "\(path) has \(wikiLinks) wiki-links")
        }
        #expect(count >= 110)
    }

    @Test func everyEntryIsWithinTwoClicksOfTheHomePage() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-clicks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/Content", templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: output, jobs: 2)
        #expect(SiteBuilder(options: options, workingDirectory: TestSite.repositoryRoot).run().succeeded)
        let home = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
        let data = try #require(FileManager.default.contents(atPath: output + "/graph.json"))
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let urls = (graph["nodes"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        // The home page shows a few entries per kind and links each kind's index, which lists them all.
        let kindIndexes = (graph["kinds"] as? [[String: Any]] ?? []).compactMap { $0["folder"] as? String }.map { folder -> String in
            #expect(home.contains("href=\"/\(folder)/\""), "the kind index \(folder)/ is not linked from the home page")
            return (try? String(contentsOfFile: output + "/" + folder + "/index.html", encoding: .utf8)) ?? ""
        }
        for url in urls {
            #expect(home.contains("href=\"\(url)\"") || kindIndexes.contains { $0.contains("href=\"\(url)\"") },
                    "\(url) is not linked from the home page or a kind index it links")
        }
    }
}

/// Reads the shipped Content/ folder directly, without the generator, so the
/// quality gates below hold whatever the build supports: taxonomy.yml gives
/// each folder its kind and marks the source kind (`source: true`); each
/// entry's front matter and body are split as the loader splits them.
enum ShippedContent {
    struct Kind: Equatable {
        var id: String
        var folder: String
        var isSource = false
    }

    struct Entry {
        var path: String
        var slug: String
        var kind: String
        var yaml: String
        var body: String
        var title: String
    }

    static var root: String { TestSite.repositoryRoot + "/Content" }

    /// The kinds declared under `kinds:` in taxonomy.yml, read line by line
    /// (two-space keys, four-space `folder:` and `source:` settings).
    static func kinds(taxonomyText: String) -> [Kind] {
        var kinds: [Kind] = []
        var inKinds = false
        for rawLine in taxonomyText.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if !line.hasPrefix(" ") {
                inKinds = line.hasPrefix("kinds:")
                continue
            }
            guard inKinds else { continue }
            if line.hasPrefix("  "), !line.hasPrefix("   "), line.hasSuffix(":") {
                let id = String(line.dropFirst(2).dropLast())
                kinds.append(Kind(id: id, folder: id))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), !kinds.isEmpty {
                let setting = line.trimmingCharacters(in: .whitespaces)
                if setting.hasPrefix("folder:") {
                    kinds[kinds.count - 1].folder = setting.dropFirst("folder:".count).trimmingCharacters(in: .whitespaces)
                } else if setting == "source: true" {
                    kinds[kinds.count - 1].isSource = true
                }
            }
        }
        return kinds
    }

    static func sourceFolders(taxonomyText: String) -> Set<String> {
        Set(kinds(taxonomyText: taxonomyText).filter(\.isSource).map(\.folder))
    }

    static func taxonomyKinds() throws -> [Kind] {
        kinds(taxonomyText: try String(contentsOfFile: root + "/taxonomy.yml", encoding: .utf8))
    }

    /// Every entry in a kind's folder, sorted by path.
    static func entries() throws -> [Entry] {
        let kindByFolder = Dictionary(try taxonomyKinds().map { ($0.folder, $0.id) }, uniquingKeysWith: { first, _ in first })
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var entries: [Entry] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".md"), let folder = path.split(separator: "/").first, let kind = kindByFolder[String(folder)] else { continue }
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            guard case .success(let split) = FrontMatterSplitter.split(text) else {
                Issue.record("\(path) has no front matter")
                continue
            }
            let slug = String(path.split(separator: "/").last!.dropLast(3))
            entries.append(Entry(path: path, slug: slug, kind: kind, yaml: split.yaml, body: split.body,
                                 title: scalar("title", in: split.yaml) ?? slug))
        }
        return entries.sorted { $0.path < $1.path }
    }

    /// A top-level scalar field of the front matter, unquoted.
    static func scalar(_ name: String, in yaml: String) -> String? {
        for line in yaml.split(separator: "\n") where line.hasPrefix(name + ":") {
            var value = line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    static let wikiLink = try! NSRegularExpression(pattern: #"\[\[([^\[\]]+?)\]\]"#)

    /// The targets of `[[...]]` links, as written (citations keep their `@`).
    static func links(in body: String) -> [String] {
        let range = NSRange(body.startIndex..., in: body)
        // Inside a table cell the bar is escaped (`[[slug\\|label]]`).
        return wikiLink.matches(in: body, range: range).compactMap { Range($0.range(at: 1), in: body).map { String(body[$0]).replacingOccurrences(of: "\\|", with: "|") } }
    }

    /// Slugs cited with `[[@slug]]` or `[[@slug|locator]]`.
    static func citations(in body: String) -> [String] {
        links(in: body).filter { $0.hasPrefix("@") }.map { target in
            String(target.dropFirst().split(separator: "|", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
        }
    }

    /// The body as a reader sees it: citations become superscript numbers
    /// (no words), `[[slug|label]]` shows the label, `[[slug]]` the title.
    static func visibleText(_ body: String, titles: [String: String]) -> String {
        let range = NSRange(body.startIndex..., in: body)
        var result = ""
        var last = body.startIndex
        for match in wikiLink.matches(in: body, range: range) {
            guard let whole = Range(match.range, in: body), let inner = Range(match.range(at: 1), in: body) else { continue }
            result += body[last..<whole.lowerBound]
            let target = String(body[inner]).replacingOccurrences(of: "\\|", with: "|")
            if target.hasPrefix("@") {
                // cited: nothing visible
            } else if let bar = target.firstIndex(of: "|") {
                result += target[target.index(after: bar)...]
            } else {
                let slug = String(target.split(separator: "#").first ?? "")
                result += titles[slug] ?? target
            }
            last = whole.upperBound
        }
        result += body[last...]
        return result
    }

    static let year = try! NSRegularExpression(pattern: #"(?<![\p{L}\p{N}/.-])(?:18|19|20)[0-9]{2}(?![\p{L}\p{N}])"#)

    /// Whether the text, as a reader sees it, states a year from 1800 to
    /// 2099. A `[[slug]]` link names an entry and states nothing, so it is
    /// dropped; a label shows; a citation is not text. Decades ("1980s")
    /// and identifiers ("S/RES/2719") are not years.
    static func statesAYear(_ text: some StringProtocol) -> Bool {
        let text = String(text).replacingOccurrences(of: "\\|", with: "|")
        let range = NSRange(text.startIndex..., in: text)
        var shown = ""
        var last = text.startIndex
        for match in wikiLink.matches(in: text, range: range) {
            guard let whole = Range(match.range, in: text), let inner = Range(match.range(at: 1), in: text) else { continue }
            shown += text[last..<whole.lowerBound]
            let target = text[inner]
            if !target.hasPrefix("@"), let bar = target.firstIndex(of: "|") { shown += target[target.index(after: bar)...] }
            last = whole.upperBound
        }
        shown += text[last...]
        return year.firstMatch(in: shown, range: NSRange(shown.startIndex..., in: shown)) != nil
    }

    /// The sentences of a body that state a year with no citation near
    /// them: not in the sentence, nor in its paragraph or list item; for a
    /// table row, not in the row nor in the paragraph right after the
    /// table. Headings and code blocks are exempt.
    static func uncitedDatedSentences(_ body: String) -> [String] {
        enum Block { case heading, table([String]), list([String]), paragraph(String) }
        var blocks: [Block] = []
        var paragraph: [String] = [], rows: [String] = [], items: [String] = []
        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
            if !rows.isEmpty { blocks.append(.table(rows)) }
            if !items.isEmpty { blocks.append(.list(items)) }
            paragraph = []; rows = []; items = []
        }
        var inCode = false
        for rawLine in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") || line.hasPrefix("~~~") { flush(); inCode.toggle(); continue }
            if inCode { continue }
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("#") { flush(); blocks.append(.heading); continue }
            if line.hasPrefix("|") {
                if rows.isEmpty { flush() }
                rows.append(line)
                continue
            }
            if !rows.isEmpty { flush() }
            if line.firstMatch(of: /^([-*+]|[0-9]+[.)])\s/) != nil {
                if items.isEmpty { flush() }
                items.append(line)
            } else if !items.isEmpty, rawLine.hasPrefix(" ") {
                items[items.count - 1] += " " + line
            } else {
                if !items.isEmpty { flush() }
                paragraph.append(line)
            }
        }
        flush()

        func dated(_ text: String) -> [String] {
            guard !text.contains("[[@") else { return [] }
            var sentences: [String] = [], current = ""
            for character in text {
                if character.isWhitespace, let end = current.last, ".!?".contains(end) {
                    sentences.append(current)
                    current = ""
                } else if !(character.isWhitespace && current.isEmpty) {
                    current.append(character)
                }
            }
            sentences.append(current)
            return sentences.filter { statesAYear($0) }
        }
        var found: [String] = []
        for (index, block) in blocks.enumerated() {
            switch block {
            case .heading: continue
            case .paragraph(let text): found += dated(text)
            case .list(let items): found += items.flatMap(dated)
            case .table(let rows):
                if index + 1 < blocks.count, case .paragraph(let after) = blocks[index + 1], after.contains("[[@") { continue }
                found += rows.filter { !$0.contains("[[@") && statesAYear($0) }
            }
        }
        return found
    }

    /// Whitespace-separated tokens with at least one ASCII letter or digit
    /// (table rules, dashes and bullets are not words).
    static func words(_ text: some StringProtocol) -> [Substring] {
        text.split(whereSeparator: \.isWhitespace).map { Substring($0) }
            .filter { $0.contains { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// Sentences of the visible text, normalised (lower case, outer
    /// punctuation trimmed), split at line breaks and after . ! or ?.
    static func sentences(_ text: String) -> [String] {
        let markup: Set<Character> = ["#", "*", "|", "`", ">", "_"]
        let plain = String(text.map { markup.contains($0) ? " " : $0 })
        var pieces: [String] = []
        var current = ""
        var previous: Character = " "
        for character in plain {
            if character == "\n" || (character.isWhitespace && ".!?".contains(previous)) {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        pieces.append(current)
        let trim = CharacterSet(charactersIn: ".,;:!?()\"'")
        return pieces.map { piece in
            words(piece).map { $0.lowercased().trimmingCharacters(in: trim) }.joined(separator: " ")
        }
    }
}

/// Depth, sourcing and originality gates for the shipped knowledge base.
/// They read Content/ only, so they hold with or without the build features
/// that render citations and dates.
@Suite("The shipped knowledge base: sources and depth")
struct ShippedContentQualityGates {
    /// Body words (as a reader sees them) each kind must reach; every
    /// non-source kind must be listed here.
    static let wordFloors: [String: Int] = [
        "overview": 600, "strategy": 600, "organization": 600, "state": 600,
        "concept": 350, "grouping": 350, "mission": 350, "agreement": 350, "exercise": 350, "forum": 350,
        "policy": 350, "programme": 350, "case": 350, "challenge": 350, "impact": 350, "trend": 350,
    ]
    static let minimumEntries = 110
    static let selfReference = ["knowledge base", "this reference", "covered here", "in this entry", "this wiki"]

    @Test func thereAreAtLeast110EntriesBesidesSources() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        let sourceKinds = Set(kinds.filter(\.isSource).map(\.id))
        #expect(!sourceKinds.isEmpty, "taxonomy.yml marks no kind with `source: true`")
        let entries = try ShippedContent.entries().filter { !sourceKinds.contains($0.kind) }
        #expect(entries.count >= Self.minimumEntries, "only \(entries.count) entries besides sources")
    }

    @Test func everyEntryCitesASourceAndEveryCitationNamesASource() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        let sourceKinds = Set(kinds.filter(\.isSource).map(\.id))
        let entries = try ShippedContent.entries()
        let sources = Set(entries.filter { sourceKinds.contains($0.kind) }.map(\.slug))
        for entry in entries where !sourceKinds.contains(entry.kind) {
            let cited = ShippedContent.citations(in: entry.body)
            #expect(!cited.isEmpty, "\(entry.path) cites no source")
            for slug in cited {
                #expect(sources.contains(slug), "\(entry.path) cites [[@\(slug)]], which is not a source entry")
            }
        }
    }

    @Test func everySourceIsCitedAndIdentifiable() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        let sourceKinds = Set(kinds.filter(\.isSource).map(\.id))
        let entries = try ShippedContent.entries()
        let cited = Set(entries.flatMap { ShippedContent.citations(in: $0.body) })
        for source in entries where sourceKinds.contains(source.kind) {
            #expect(cited.contains(source.slug), "\(source.path) is cited by no entry")
            let url = ShippedContent.scalar("url", in: source.yaml), identifier = ShippedContent.scalar("identifier", in: source.yaml)
            #expect(url != nil || identifier != nil, "\(source.path) has neither url nor identifier")
            for field in ["publisher", "published", "accessed"] {
                #expect(ShippedContent.scalar(field, in: source.yaml) != nil, "\(source.path) has no \(field)")
            }
        }
    }

    @Test func noEntryIsBelowTheWordFloorOfItsKind() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        for kind in kinds where !kind.isSource {
            #expect(Self.wordFloors[kind.id] != nil, "kind \(kind.id) has no word floor in the test")
        }
        let entries = try ShippedContent.entries()
        let titles = Dictionary(entries.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        for entry in entries {
            guard let floor = Self.wordFloors[entry.kind] else { continue }
            let count = ShippedContent.words(ShippedContent.visibleText(entry.body, titles: titles)).count
            #expect(count >= floor, "\(entry.path) has \(count) words; a \(entry.kind) needs \(floor)")
        }
    }

    @Test func noSentenceOfEightWordsOrMoreIsRepeatedAcrossEntries() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        let sourceKinds = Set(kinds.filter(\.isSource).map(\.id))
        let entries = try ShippedContent.entries()
        let titles = Dictionary(entries.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        var owners: [String: Set<String>] = [:]
        for entry in entries where !sourceKinds.contains(entry.kind) {
            for sentence in ShippedContent.sentences(ShippedContent.visibleText(entry.body, titles: titles))
            where sentence.split(separator: " ").count >= 8 {
                owners[sentence, default: []].insert(entry.slug)
            }
        }
        for (sentence, slugs) in owners where slugs.count > 1 {
            Issue.record("repeated in \(slugs.sorted()): \(sentence)")
        }
    }

    /// Issue 23: claims with dates carry a citation.
    @Test func everyDatedSentenceCitesASource() throws {
        let kinds = try ShippedContent.taxonomyKinds()
        let sourceKinds = Set(kinds.filter(\.isSource).map(\.id))
        for entry in try ShippedContent.entries() where !sourceKinds.contains(entry.kind) {
            for sentence in ShippedContent.uncitedDatedSentences(entry.body) {
                Issue.record("\(entry.path) states a year without a citation in the sentence or paragraph: \(sentence)")
            }
        }
    }

    @Test func theDatedSentenceRuleFindsWhatItShould() {
        let body = """
        ## Founded in 1949

        The treaty was signed in 1949 [[@treaty]]. It has grown since.

        The alliance met in 2024. Allies agreed to spend more.

        In the mid-1980s a dispute began; see [[steadfast-defender-2024]] and S/RES/2719.

        | Year | Event |
        |---|---|
        | 1952 | Entry into force [[@treaty]] |
        | 1986 | Suspension |

        | 2001 | Invocation |

        Both rows above are sourced here [[@statement]].

        - A list item from 2010 without a source.
        - A list item from 2011 [[@report]].
        """
        #expect(ShippedContent.uncitedDatedSentences(body) == [
            "The alliance met in 2024.", "| 1986 | Suspension |", "- A list item from 2010 without a source.",
        ])
    }

    @Test func nothingTalksAboutTheSiteItself() throws {
        let entries = try ShippedContent.entries()
        for entry in entries {
            let text = (entry.body + " " + (ShippedContent.scalar("summary", in: entry.yaml) ?? "")).lowercased()
            for phrase in Self.selfReference {
                #expect(!text.contains(phrase), "\(entry.path) says “\(phrase)”")
            }
        }
        let site = try String(contentsOfFile: ShippedContent.root + "/site.yml", encoding: .utf8).lowercased()
        for phrase in Self.selfReference {
            #expect(!site.contains(phrase), "site.yml says “\(phrase)”")
        }
    }
}
