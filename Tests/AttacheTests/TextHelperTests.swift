@testable import AttacheCore
import Foundation
import Testing

@Suite("Text helpers")
struct TextHelperTests {
    /// The native trim must agree with Foundation's, which it replaces on a hot path.
    @Test func trimmingAgreesWithFoundation() {
        let pieces = ["", " ", "\t", "\n", "\r\n", "\u{85}", "\u{A0}", "\u{2003}", "\u{2028}", "\u{2029}", "\u{3000}", "\u{200B}",
                      "a", "Ü", "é", "e\u{301}", "日本", "-", "x y", "\u{FEFF}", "\u{1680}", "\u{180E}", "\u{2000}", "\u{200A}",
                      "\u{202F}", "\u{205F}", "\u{0B}", "\u{0C}", "\r", "\u{200C}", "\u{2060}"]
        var generator = SystemRandomNumberGenerator()
        var texts: [String] = pieces
        for _ in 0..<3_000 {
            texts.append((0..<Int.random(in: 1...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in texts {
            #expect(text.trimmingWhiteSpace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
            #expect(text.trimmingWhiteSpace(andNewlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        }
    }
}
