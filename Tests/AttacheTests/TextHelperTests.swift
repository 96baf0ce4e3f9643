@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing
import AttacheBytes

@Suite("Text helpers")
struct TextHelperTests {
    /// `count` texts, each some of `pieces` (a number in `parts`) picked at random and joined.
    static func randomJoins(of pieces: [String], count: Int, parts: ClosedRange<Int>, separator: String = "") -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            (0..<Int.random(in: parts, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: separator)
        }
    }

    /// The native trim must agree with Foundation's, which it replaces on a hot path.
    @Test func trimmingAgreesWithFoundation() {
        let pieces = ["", " ", "\t", "\n", "\r\n", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{200B}",
                      "a", "Ü", "é", "e\u{301}", "日本", "-", "x y", "\u{FEFF}", "\u{1680}", "\u{180E}", "\u{2000}", "\u{200A}",
                      "\u{202F}", "\u{205F}", "\u{0B}", "\u{0C}", "\r", "\u{200C}", "\u{2060}"]
        for text in pieces + Self.randomJoins(of: pieces, count: 3_000, parts: 1...6) {
            #expect(text.trimmingWhiteSpace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.trimmingWhiteSpace(andNewlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        }
    }

    /// JSON strings are escaped on bytes: every string must read back as
    /// itself, with `<` and control characters as `\u` escapes.
    @Test func jsonStringsReadBackAsWritten() throws {
        let pieces = ["", "a", "\"", "\\", "/", "<", "</script>", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
                      "é", "日本", "\u{2028}", "😀", "e\u{301}", "&", "'"]
        for text in pieces + Self.randomJoins(of: pieces, count: 2_000, parts: 1...8) {
            var json = JSONText()
            json.raw("[")
            json.string(text)
            json.raw("]")
            let written = json.text
            #expect(!written.dropFirst().dropLast().contains("<"))
            #expect(!written.unicodeScalars.contains { $0.value < 0x20 })
            let read = try JSONSerialization.jsonObject(with: Data(written.utf8)) as? [String]
            #expect(read == [text], "\(Array(text.unicodeScalars))")
        }
        var object = JSONText()
        object.object([("a", .string("x\ny")), ("n", .int(-3)), ("list", .strings(["<b>", ""])), ("raw", .raw("true"))])
        #expect(object.text == #"{"a":"x\ny","n":-3,"list":["\u003cb>",""],"raw":true}"#)
    }

    /// The byte paths for ASCII text must agree with the Character paths they short-cut.
    @Test func asciiSlugsAndHeadingIDsAgreeWithTheGeneralRules() {
        let alphabet = Array("aZ09 -_.,:;!?'\"()[]{}#&/\\\t\r\n~`|@*+=<>%$^")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(SlugRules.slugify(text) == SlugRules.slugifyCharacters(text), "\(text.debugDescription)")
            #expect(HeadingIDs.baseID(for: text) == HeadingIDs.baseIDOfCharacters(text), "\(text.debugDescription)")
        }
    }

    @Test func relativeLinksJoinTheSourceFolder() {
        #expect(BodyLinkResolver.join(folder: "strategies", relative: "nato.md") == "strategies/nato.md")
        #expect(BodyLinkResolver.join(folder: "", relative: "strategies/nato.md") == "strategies/nato.md")
        #expect(BodyLinkResolver.join(folder: "case-studies/africa", relative: "../../strategies/nato.md") == "strategies/nato.md")
        #expect(BodyLinkResolver.join(folder: "strategies", relative: "./nato.md") == "strategies/nato.md")
        #expect(BodyLinkResolver.join(folder: "strategies", relative: "a//b/./c.md") == "strategies/a/b/c.md")
        #expect(BodyLinkResolver.join(folder: "strategies", relative: ".../x.md") == "strategies/.../x.md")
        #expect(BodyLinkResolver.join(folder: "strategies", relative: "../../x.md") == nil)
        #expect(BodyLinkResolver.join(folder: "", relative: "..") == nil)
        #expect(BodyLinkResolver.join(folder: "a", relative: "../..") == nil)
        #expect(BodyLinkResolver.join(folder: "a/b", relative: "../../c.md") == "c.md")
        #expect(BodyLinkResolver.join(folder: "a/b", relative: "..") == "a")
    }

    /// The byte join agrees with joining split components, on random paths.
    @Test func relativeLinkJoinAgreesWithComponentJoin() {
        func reference(_ folder: String, _ relative: String) -> String? {
            var parts = folder.split(separator: "/").map(String.init)
            for component in relative.split(separator: "/", omittingEmptySubsequences: true) {
                switch component {
                case ".": continue
                case "..":
                    guard !parts.isEmpty else { return nil }
                    parts.removeLast()
                default: parts.append(String(component))
                }
            }
            return parts.joined(separator: "/")
        }
        let pieces = ["a", "bc", "ü", ".", "..", "...", "", ".x", "x.md"]
        let folders = Self.randomJoins(of: pieces, count: 3_000, parts: 0...3, separator: "/")
        for (folderPath, relative) in zip(folders, Self.randomJoins(of: pieces, count: 3_000, parts: 0...5, separator: "/")) {
            let folder = folderPath.split(separator: "/").filter { $0 != "." && $0 != ".." }.joined(separator: "/")
            #expect(BodyLinkResolver.join(folder: folder, relative: relative) == reference(folder, relative), "\(folder) + \(relative)")
        }
    }

    @Test func wikiLinksSplitOnBytes() {
        let matches = WikiLinkScanner.scan("See [[ NATO # history | the alliance ]], [[#local]], [[Ünïcode|ü]] and [[ ]] or [[a[b]].")
        #expect(matches.map(\.target) == ["NATO", "", "Ünïcode"])
        #expect(matches.map(\.anchor) == ["history", "local", nil])
        #expect(matches.map(\.label) == ["the alliance", nil, "ü"])
        #expect(matches.first?.offset == 4)
        #expect(matches.first?.length == "[[ NATO # history | the alliance ]]".utf8.count)
    }
}

@Suite("Output paths")
struct OutputPathTests {
    /// The writer refuses absolute paths and `..` components, read on
    /// bytes; it must agree with splitting the path into components.
    @Test func climbingOutAgreesWithSplittingIntoComponents() {
        let pieces = ["a", "b.html", "/", "//", ".", "..", "...", ".a", "a.", "é", "..é", "x/..", "../", "index.html", ""]
        for path in pieces + TextHelperTests.randomJoins(of: pieces, count: 3_000, parts: 1...6) {
            let expected = path.hasPrefix("/") || path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
                .contains { $0.elementsEqual("..".utf8) }
            #expect(OutputWriter.climbsOut(path) == expected, "\(path)")
        }
    }
}

@Suite("Reading files")
struct ReadingFileTests {
    /// Entries are read with open/fstat/read: whole files of any size, empty
    /// ones, and nil for what cannot be read as a file.
    @Test func bytesAreReadWholeOrNotAtAll() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attache-read-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for size in [0, 1, 4095, 4096, 65_536, 65_537, 300_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = folder + "/file-\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(FileSystem.readBytes(atPath: path) == bytes, "size \(size)")
        }
        #expect(FileSystem.readBytes(atPath: folder) == nil)
        #expect(FileSystem.readBytes(atPath: folder + "/missing") == nil)
    }
}

@Suite("Search postings")
struct SearchPostingTests {
    /// The one-pass cut keeps exactly what sorting by score (ties: earlier entry) would keep.
    @Test func bestPostingsMatchASortedCut() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 0...300, using: &generator)
            let list = (0..<count).map { SearchIndex.Posting(doc: $0 * 2, score: [1, 2, 10, 20, 80, 100, 101, 110].randomElement(using: &generator)!) }
            let cap = Int.random(in: 1...max(1, count + 5), using: &generator)
            let expected = Array(list.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(cap)).sorted { $0.doc < $1.doc }
            let actual = SearchIndex.best(list, cap)
            #expect(actual.map(\.doc) == expected.map(\.doc))
            #expect(actual.map(\.score) == expected.map(\.score))
        }
    }

    /// Posting lists are written as `String` writes their numbers.
    @Test func postingsAreWrittenAsStringWritesThem() {
        var generator = SeededGenerator()
        let postings = (0..<500).map { _ in SearchIndex.Posting(doc: Int.random(in: 0...99_999, using: &generator), score: Int.random(in: -5...100, using: &generator)) }
            + [SearchIndex.Posting(doc: Int(Int32.max), score: Int(Int32.min))]
        for count in [0, 1, 2, 501] {
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            SearchIndex.appendPostings(Array(postings.prefix(count)), to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == "[" + postings.prefix(count).map { "\($0.doc),\($0.score)" }.joined(separator: ","), "\(generator.replay)")
        }
    }

    /// The search scorer splits, folds and hashes words on bytes in one
    /// pass; it must score exactly as the rule reads on Strings: words are
    /// runs of ASCII letters and digits or non-ASCII bytes, lowercased, at
    /// least two bytes and two characters, stop words dropped; body uses
    /// count up to 10, then headings, summary, aliases and title raise.
    @Test func searchScoresAgreeWithTheRuleOnStrings() {
        // Terms are bytes: "é" and "e\u{301}" are equal Strings but different terms.
        func words(_ text: String) -> [[UInt8]] {
            var result: [[UInt8]] = []
            var word: [UInt8] = []
            func flush() {
                defer { word = [] }
                guard word.count >= 2 else { return }
                let folded = String(decoding: word, as: UTF8.self).lowercased()
                guard folded.unicodeScalars.count >= 2, !SearchIndex.stopWords.contains(folded) else { return }
                result.append(Array(folded.utf8))
            }
            for byte in text.utf8 {
                if byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) {
                    word.append(byte)
                } else {
                    flush()
                }
            }
            flush()
            return result
        }
        func expected(_ document: SearchIndex.Document) -> [[UInt8]: Int] {
            var scores: [[UInt8]: Int] = [:]
            for word in words(String(decoding: document.text, as: UTF8.self)) { scores[word, default: 0] = min(scores[word, default: 0] + 1, 10) }
            func raise(_ text: String, _ weight: Int) { for word in words(text) { scores[word] = max(scores[word] ?? 0, weight) } }
            document.headings.forEach { raise($0, 10) }
            raise(document.summary, 20)
            document.aliases.forEach { raise($0, 80) }
            raise(document.title, 100)
            return scores
        }
        let pieces = ["a", "I", "Ab", "NATO", "nato", "the", "The", "of", "x1", "42", " ", "  ", "-", ".", "\n", "<b>", "İstanbul",
                      "ÉTÉ", "été", "日本", "é", "ß", "Σ", "straße", "ﬁ", "e\u{301}", "😀", "a😀", "_", "'s", "UN", "eu"]
        var scorer = TermScorer()
        for _ in 0..<400 {
            let texts = TextHelperTests.randomJoins(of: pieces, count: 5, parts: 0...40)
            let document = SearchIndex.Document(title: texts[0], url: "u", kind: "k", summary: texts[1], aliases: [texts[2]],
                                                headings: [texts[3]], text: Array(texts[4].utf8))
            let scored = scorer.score(document)
            var actual: [[UInt8]: Int] = [:]
            for (term, score) in scored { actual[Array(scorer.table.string(term).utf8)] = score }
            #expect(scored.count == actual.count, "a term scored twice")
            #expect(actual == expected(document), "\(texts)")
        }
    }
}

@Suite("Removing the previous output")
struct FolderRemovalTests {
    /// Every file and folder goes; a link to a folder elsewhere is removed, never followed.
    @Test func removesTheWholeTreeAndNoLinkTarget() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attache-removal-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let root = base + "/old-output", outside = base + "/keep"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: outside + "/file.txt"))
        for kind in ["a", "b", "c"] {
            for entry in 0..<40 {
                let folder = "\(root)/\(kind)/entry-\(entry)/deeper"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/index.html"))
                try Data("y".utf8).write(to: URL(fileURLWithPath: "\(root)/\(kind)/entry-\(entry)/index.html"))
            }
            try Data("z".utf8).write(to: URL(fileURLWithPath: "\(root)/\(kind)/index.html"))
        }
        try Data("top".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        try FileManager.default.createSymbolicLink(atPath: root + "/a/link", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/top-link", withDestinationPath: outside)
        FolderRemoval.remove(root, jobs: 2)
        #expect(!FileManager.default.fileExists(atPath: root))
        #expect(FileManager.default.contents(atPath: outside + "/file.txt") == Data("precious".utf8))
    }
}

@Suite("Entries as values")
struct EntryValueTests {
    /// Entries share one storage object until one of them changes.
    @Test func changingACopyLeavesTheOriginal() {
        let original = Entry(slug: Slug("a"), kind: KindID("strategy"), relativePath: "strategies/a.md", displayPath: "Content/strategies/a.md",
                             title: "A", summary: "", aliases: ["First"], date: nil, updated: nil, isDraft: false,
                             relations: ["runs": [Located("b", at: SourceLocation(path: "x", line: 2, column: 7))]],
                             relationFieldLocations: [:], facetTerms: [:], body: "Body.", bodyFirstLine: 4)
        var copy = original
        copy.title = "Changed"
        copy.aliases.append("Second")
        copy.relations["runs", default: []].append(Located("c", at: SourceLocation(path: "x", line: 3, column: 7)))
        copy.body = ""
        #expect(original.title == "A" && original.aliases == ["First"] && original.body == "Body.")
        #expect(original.relations["runs"]?.map(\.value) == ["b"])
        #expect(copy.title == "Changed" && copy.aliases == ["First", "Second"] && copy.body == "")
        #expect(copy.relations["runs"]?.map(\.value) == ["b", "c"])
        #expect(copy.slug == original.slug && copy.bodyFirstLine == 4)
    }
}

@Suite("Joined card HTML")
struct CardHTMLTests {
    @Test func listsJoinTheirCardsInOrder() {
        let cards = CardHTML(["<li>A</li>", "", "<li>Ünïcödé — 日本</li>", "<li>D</li>"])
        #expect(cards.joined([3, 0, 2, 0].map(EntryID.init)) == "<li>D</li><li>A</li><li>Ünïcödé — 日本</li><li>A</li>")
        #expect(cards.joined([EntryID(1)]) == "")
        #expect(cards.joined([EntryID]()) == "")
        #expect(CardHTML([]).joined([EntryID]()) == "")
        #expect(cards.joined(positions: [3, 1, 0]) == "<li>D</li><li>A</li>")
        #expect(CardHTML([]).joined(positions: [0]) == "")
    }
}

@Suite("Entry tables")
struct EntryTableTests {
    @Test func valuesByEntryGrowAndDefault() {
        var table = EntryTable<[Int]>()
        #expect(table[EntryID(3)] == nil && table[EntryID(-1)] == nil && table.stored.isEmpty)
        table[EntryID(5), default: []].append(1)
        table[EntryID(5), default: []].append(2)
        table[EntryID(2)] = [7]
        table[EntryID(9)] = nil
        #expect(table[EntryID(5)] == [1, 2] && table[EntryID(2)] == [7] && table[EntryID(4)] == nil && table[EntryID(9)] == nil)
        #expect(table.stored.map(\.entry) == [EntryID(2), EntryID(5)] && table.stored.map(\.value) == [[7], [1, 2]])
        table[EntryID(2)] = nil
        #expect(table[EntryID(2)] == nil && table.stored.map(\.entry) == [EntryID(5)])
    }

    @Test func entryIDsAreTheListsPositions() {
        let titles = ["a", "b", "c"]
        #expect(Array(titles.entryIDs) == [EntryID(0), EntryID(1), EntryID(2)])
        #expect(titles.entryIDs.map { titles[$0] } == titles)
        #expect([String]().entryIDs.isEmpty)
        var ranks = [10, 20, 30]
        ranks[EntryID(1)] += 5
        #expect(ranks == [10, 25, 30])
        #expect(EntryID(1) < EntryID(2) && Set([EntryID(4), EntryID(4)]).count == 1 && "\(EntryID(7))" == "7")
        // As compact as the integers it replaces.
        #expect(MemoryLayout<EntryID>.size == MemoryLayout<Int>.size && MemoryLayout<EntryID>.stride == MemoryLayout<Int>.stride)
    }
}
