@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import PropertyBased
import Testing

/// Property-based fuzzing of the front-matter splitter, the wiki-link scanner
/// and the whole load-and-render path. Inputs are real entries from the
/// shipped knowledge base with random edits that favour the characters our
/// parsers care about. `ATTACHE_FUZZ_COUNT` sets how many cases each property
/// runs (CI raises it); a crash found here becomes a regression test below.
@Suite("Fuzzing")
struct FuzzTests {
    static let count = Int(ProcessInfo.processInfo.environment["ATTACHE_FUZZ_COUNT"] ?? "") ?? 200

    /// Seeds: every shipped entry, plus a few hand-made awkward ones.
    static let seeds: [String] = {
        var texts = ["---\n---\n", "---\ntitle: x\n---", "", "---\ntitle: A\n...\n[[a|b#c]]", "[[", "]]", "---\ntitle: |\n  multi\n---\n"]
        let root = TestSite.repositoryRoot + "/Content"
        if let paths = FileManager.default.enumerator(atPath: root)?.allObjects as? [String] {
            for path in paths.sorted() where path.hasSuffix(".md") {
                if let text = try? String(contentsOfFile: root + "/" + path, encoding: .utf8) { texts.append(text) }
            }
        }
        return texts
    }()

    static let tokens = ["---", "\n", "\r\n", "[[", "]]", "|", "#", ":", " ", "`", "```", "\t", "\u{FEFF}", "- ", "> ", "* ",
                         "[x](../a.md)", "[[nato]]", "title:", "{", "[", "]", "\"", "'", "&", "<script>", "\u{0}", "é", "…", "\\", "%", "!"]

    /// (seed, [(position, token, action)]) → a mutated text.
    static func mutate(_ seed: Int, _ edits: [(Int, Int, Int)]) -> String {
        var bytes = Array(seeds[seed % seeds.count].utf8)
        for (position, token, action) in edits {
            let at = bytes.isEmpty ? 0 : position % (bytes.count + 1)
            let insert = Array(tokens[token % tokens.count].utf8)
            switch action % 4 {
            case 0: bytes.insert(contentsOf: insert, at: at)
            case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + token % 8)) }
            case 2: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: position &* 31 &+ token) }
            default: bytes.insert(contentsOf: bytes[at...].prefix(token % 64), at: at)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let edits = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 0...1_000), Gen.int(in: 0...3)).array(of: 0...12)
    static let input = zip(Gen.int(in: 0...10_000), edits)

    @Test func frontMatterSplitterKeepsEveryByte() async {
        await propertyCheck(count: Self.count, input: Self.input) { seed, edits in
            let text = SourceTextForTests.normalize(Self.mutate(seed, edits))
            switch FrontMatterSplitter.split(text) {
            case .success(let split):
                // The YAML and the body are exactly what lies between and after the fences.
                #expect(text.hasPrefix("---"))
                #expect(text.hasSuffix(split.body))
                #expect(split.yaml.isEmpty || text.contains(split.yaml))
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(split.bodyFirstLine >= 3 && split.bodyFirstLine <= lines.count + 1)
            case .failure(.missingOpeningFence):
                #expect(!text.hasPrefix("---\n"))
            case .failure(.unterminated):
                #expect(text.hasPrefix("---"))
            }
        }
    }

    @Test func wikiLinkScannerFindsWellFormedRanges() async {
        await propertyCheck(count: Self.count, input: Self.input) { seed, edits in
            let text = Self.mutate(seed, edits)
            let bytes = Array(text.utf8)
            var previousEnd = 0
            for match in WikiLinkScanner.scan(text) {
                #expect(match.offset >= previousEnd)
                #expect(match.offset + match.length <= bytes.count)
                #expect(bytes[match.offset] == UInt8(ascii: "[") && bytes[match.offset + 1] == UInt8(ascii: "["))
                #expect(bytes[match.offset + match.length - 1] == UInt8(ascii: "]"))
                #expect(!match.target.contains("|") && !match.target.contains("#") && !match.target.contains("\n"))
                previousEnd = match.offset + match.length
            }
        }
    }

    /// Whole builds of a two-entry site whose second entry is fuzzed: the build
    /// must end with either pages or diagnostics that point into the files.
    @Test func loadAndRenderNeverCrashes() async throws {
        let site = try TestSite([
            "Content/organizations/nato.md": entry("NATO", "aliases: [North Atlantic Treaty Organization]", body: "## History\n\nText [[fuzzed]]."),
        ])
        defer { site.remove() }
        await propertyCheck(count: max(20, Self.count / 5), input: Self.input) { seed, edits in
            let text = Self.mutate(seed, edits)
            try? site.write(text, to: "Content/case-studies/fuzzed.md")
            let report = site.build(output: "Output")
            for diagnostic in report.diagnostics.sorted {
                #expect(diagnostic.location.path.hasPrefix("Content/") || diagnostic.location.path.hasPrefix("Output"))
                #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
            }
            if report.succeeded {
                #expect(site.exists("Output/case-studies/fuzzed/index.html"))
            }
        }
    }
}

/// The same normalisation the loader applies (BOM dropped, CRLF → LF).
enum SourceTextForTests {
    static func normalize(_ text: String) -> String {
        var result = text
        if result.hasPrefix("\u{FEFF}") { result.removeFirst() }
        return result.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
