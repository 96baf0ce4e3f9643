import AttacheBytes
import Foundation
import Testing

/// AttacheBytes is the one module with pointer code: each helper is checked
/// here against the plain Swift it stands for, on fixed cases and on seeded
/// random input (`ATTACHE_TEST_SEED` replays a failure).
@Suite("Byte helpers")
struct BytesTests {
    static func randomBytes(_ count: Int, from alphabet: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
    }

    @Test func firstIndexFindsWhatALoopFinds() {
        var generator = SeededGenerator()
        let alphabet: [UInt8] = [0, 0x0A, 0x0D, UInt8(ascii: "["), UInt8(ascii: "a"), 0xC3, 0xA9]
        for _ in 0..<2_000 {
            let bytes = Self.randomBytes(Int.random(in: 0...80, using: &generator), from: alphabet, using: &generator)
            let start = Int.random(in: 0...bytes.count, using: &generator)
            let end = Int.random(in: start...bytes.count, using: &generator)
            let byte = alphabet.randomElement(using: &generator)!
            let expected = bytes[start..<end].firstIndex(of: byte)
            #expect(ByteSearch.firstIndex(of: byte, in: bytes, from: start, to: end) == expected, "\(generator.replay)")
            #expect(ByteSearch.firstIndex(of: byte, in: bytes[start..<end]) == expected, "\(generator.replay)")
            if end == bytes.count {
                #expect(ByteSearch.firstIndex(of: byte, in: bytes, from: start) == expected, "\(generator.replay)")
            }
        }
        #expect(ByteSearch.firstIndex(of: 1, in: []) == nil)
        #expect(ByteSearch.firstIndex(of: 7, in: [7, 7], from: 2) == nil)
        #expect(ByteSearch.firstIndex(of: 7, in: [1, 7, 7], from: 0, to: 1) == nil)
        #expect(ByteSearch.firstIndex(of: 7, in: [1, 2, 7, 7][1...]) == 2)
    }

    @Test func pairsAreFoundAsAStringSearchFindsThem() {
        var generator = SeededGenerator()
        let pieces = ["%", "=", "[", "!", "^", "a", " ", "\n", "é", "日"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(ByteSearch.contains(UInt8(ascii: "%"), followedBy: UInt8(ascii: "%"), in: text) == text.contains("%%"), "\(text.debugDescription) \(generator.replay)")
            #expect(ByteSearch.contains(UInt8(ascii: "="), followedBy: UInt8(ascii: "="), in: text) == text.contains("=="), "\(text.debugDescription) \(generator.replay)")
            #expect(ByteSearch.contains(UInt8(ascii: "!"), after: UInt8(ascii: "["), in: text) == text.contains("[!"), "\(text.debugDescription) \(generator.replay)")
            #expect(ByteSearch.contains(UInt8(ascii: "^"), in: text) == text.contains("^"), "\(text.debugDescription) \(generator.replay)")
        }
        #expect(!ByteSearch.contains(UInt8(ascii: "%"), followedBy: UInt8(ascii: "%"), in: "%"))
        #expect(!ByteSearch.contains(UInt8(ascii: "!"), after: UInt8(ascii: "["), in: "!["))
        #expect(ByteSearch.contains(UInt8(ascii: "!"), after: UInt8(ascii: "["), in: "[!"))
    }

    @Test func decimalsAreWrittenAsStringWritesThem() {
        var generator = SeededGenerator()
        let values = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 10_000, 99_999, Int.max, -1, -9, -10, Int.min]
            + (0..<2_000).map { _ in Int.random(in: Int.min...Int.max, using: &generator) >> Int.random(in: 0...63, using: &generator) }
        for value in values {
            var bytes: [UInt8] = [UInt8(ascii: "x")]
            bytes.appendDecimal(value)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + String(value), "\(generator.replay)")
        }
        for count in [0, 1, 2, 3, values.count] {
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            bytes.appendDecimals(count: count, separator: UInt8(ascii: ";")) { values[$0] }
            #expect(String(decoding: bytes, as: UTF8.self) == "[" + values.prefix(count).map(String.init).joined(separator: ";"), "\(generator.replay)")
        }
        var literal: [UInt8] = [0x41]
        literal.append(literal: "<text x=\"1\">é")
        #expect(String(decoding: literal, as: UTF8.self) == "A<text x=\"1\">é")
    }

    @Test func packedPartsComeBackWholeAndInOrder() {
        var packed = PackedBytes(["<li>A</li>", "", "<li>Ünïcödé — 日本</li>"])
        packed.append(literal: "<b>")
        packed.appendEscapingHTML("a < b & \"c\"")
        packed.append([0x21])
        packed.append("</b>")
        packed.endPart()
        #expect(packed.count == 4)
        #expect(packed.length(of: 1) == 0 && packed.length(of: 0) == 10)
        #expect(String(decoding: packed[3], as: UTF8.self) == "<b>a &lt; b &amp; &quot;c&quot;!</b>")
        #expect(packed.joined([3, 0, 1, 2, 0]) == "<b>a &lt; b &amp; &quot;c&quot;!</b><li>A</li><li>Ünïcödé — 日本</li><li>A</li>")
        #expect(packed.joined([1]) == "" && packed.joined([]) == "")
        var out: [UInt8] = [0x3E]
        packed.append(part: 2, to: &out)
        packed.append(part: 1, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "><li>Ünïcödé — 日本</li>")
    }

    @Test func htmlEscapingReplacesTheFiveAndKeepsTheRest() {
        #expect(HTMLEscaping.escape(#"<a href="x">Tom & Jerry's</a>"#) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(HTMLEscaping.escape("plain — 日本") == "plain — 日本")
        var bytes: [UInt8] = Array("x".utf8)
        HTMLEscaping.append("é<", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "xé&lt;")
    }

    @Test func jsonValuesNestInTheOrderGiven() throws {
        var json = JSONText()
        json.object([("b", .bool(true)), ("a", .null), ("list", .array([.int(-1), .bool(false), .string("<"), .object([])])),
                     ("o", .object([("k", .strings(["x", "\"y\""])), ("r", .raw("[1]"))])), ("e", .array([]))])
        #expect(json.text == #"{"b":true,"a":null,"list":[-1,false,"\u003c",{}],"o":{"k":["x","\"y\""],"r":[1]},"e":[]}"#)
        let read = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        #expect(read["b"] as? Bool == true && read["a"] is NSNull && (read["list"] as? [Any])?.count == 4)
    }

    @Test func internedKeysKeepTheirIdsAndBytes() {
        var generator = SeededGenerator()
        var interner = ByteInterner()
        var ids: [String: Int] = [:]
        // Enough distinct keys to grow the table several times.
        for _ in 0..<6_000 {
            let key = String((0..<Int.random(in: 0...6, using: &generator)).map { _ in "abcdeé日".randomElement(using: &generator)! })
            let id = interner.intern(key)
            if let known = ids[key] {
                #expect(id == known, "\(key.debugDescription) \(generator.replay)")
            } else {
                #expect(id == ids.count, "ids are given in order; \(generator.replay)")
                ids[key] = id
            }
        }
        #expect(interner.count == ids.count)
        for (key, id) in ids {
            #expect(interner.string(id) == key && interner.length(of: id) == key.utf8.count, "\(generator.replay)")
        }
        var other = ByteInterner()
        #expect(other.intern("zz") == 0)
        for (key, id) in ids.sorted(by: { $0.value < $1.value }) {
            let copied = other.intern(id, of: interner)
            #expect(other.string(copied) == key && other.intern(key) == copied, "\(generator.replay)")
        }
    }

    @Test func wordsAreSplitFoldedAndInternedAsTheRuleReads() {
        var generator = SeededGenerator()
        let words = WordBytes { byte in
            switch byte {
            case 0x30...0x39, 0x61...0x7A, 0x80...0xFF: return byte
            case 0x41...0x5A: return byte + 0x20
            default: return 0
            }
        }
        func nonASCII(_ word: String) -> String? {
            let folded = word.lowercased()
            return folded.unicodeScalars.count >= 2 ? folded : nil
        }
        /// The rule on Strings: runs of ASCII letters and digits or non-ASCII characters.
        func expected(_ text: String) -> [String] {
            var result: [String] = []
            var word: [UInt8] = []
            func flush() {
                defer { word = [] }
                guard word.count >= 2 else { return }
                let text = String(decoding: word, as: UTF8.self)
                if word.contains(where: { $0 >= 0x80 }) {
                    if let folded = nonASCII(text) { result.append(folded) }
                } else {
                    result.append(text.lowercased())
                }
            }
            for byte in text.utf8 {
                let isWordByte = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte >= 0x80
                if isWordByte { word.append(byte) } else { flush() }
            }
            flush()
            return result
        }
        let pieces = ["a", "B", "z", "Q", "0", "9", " ", "-", "'", "\n", "É", "é", "ß", "日本", "İ", "x\u{301}", "ΣΑ", "_"]
        var interner = ByteInterner()
        // A key interned another way first: its state is made when a word needs a later one.
        #expect(interner.intern("zz") == 0)
        var uses: [Int] = []
        var newStates: [String] = []
        var expectedUses: [String: Int] = [:]
        for _ in 0..<1_500 {
            let text = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var fromString: [Int] = []
            interner.internWords(in: text, words, minimumLength: 2, nonASCII: nonASCII, states: &uses,
                                 newState: { newStates.append($0); return 0 }, visited: &fromString) { $0 += 1; return true }
            var fromBytes: [Int] = [-1]
            interner.internWords(in: Array(text.utf8), words, minimumLength: 2, nonASCII: nonASCII, states: &uses,
                                 newState: { newStates.append($0); return 0 }, visited: &fromBytes) { $0 += 1; return true }
            #expect(fromString.map(interner.string) == expected(text), "\(text.debugDescription) \(generator.replay)")
            #expect(fromBytes == [-1] + fromString, "\(text.debugDescription) \(generator.replay)")
            for word in expected(text) { expectedUses[word, default: 0] += 2 }
            // `visit` returning false leaves the id out, and still updates the state.
            var none: [Int] = []
            interner.internWords(in: text, words, minimumLength: 2, nonASCII: nonASCII, states: &uses,
                                 newState: { _ in 0 }, visited: &none) { $0 += 0; return false }
            #expect(none.isEmpty)
        }
        #expect(uses.count == interner.count && newStates == (0..<interner.count).map(interner.string), "\(generator.replay)")
        #expect((0..<interner.count).allSatisfy { uses[$0] == expectedUses[interner.string($0), default: 0] }, "\(generator.replay)")
    }

    @Test func exactTypeCastsOnlyToTheValuesOwnType() {
        class Base {}
        final class Derived: Base {}
        let number: Any = 3
        func cast<U>(_ value: Any, to type: U.Type) -> U? {
            func open<T>(_ value: T) -> U? { ExactType.cast(value, to: U.self) }
            return _openExistential(value, do: open)
        }
        #expect(cast(number, to: Int.self) == 3)
        #expect(cast(number, to: Int32.self) == nil)
        #expect(cast(number, to: Int?.self) == nil)
        #expect(cast("text", to: String.self) == "text")
        #expect(cast(["a": 1] as [String: Any], to: [String: Any].self)?["a"] as? Int == 1)
        #expect(cast(["a": 1] as [String: Int], to: [String: Any].self) == nil)
        #expect(cast(Derived(), to: Base.self) == nil)
        #expect(cast(Derived(), to: Derived.self) != nil)
        #expect(ExactType.cast(Optional(1), to: Int.self) == nil)
    }
}
