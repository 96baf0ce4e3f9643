import Foundation
import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes

/// Scores the terms of documents one after another, reusing its term table
/// and scratch state. Scores follow `SearchIndex`: body words one per use
/// up to 10, then headings 10, summary 20, aliases 80 and title 100, each
/// raising a term's score to at least its weight.
package struct TermScorer {
    private(set) var table = ByteInterner()

    /// What one document did to a term so far; one array of these, so a
    /// word costs one checked array access, not one per field.
    fileprivate struct TermState {
        var uses: Int32 = 0
        var score: Int32 = 0
        /// The document number that last touched the term.
        var stamp: Int32 = 0
        var isStopWord: Bool
    }

    private var states: [TermState] = []
    private var touched: [Int] = []
    private var stamp: Int32 = 0

    /// One document's terms (ids into `table`) and scores, in first-use order.
    mutating func score(_ document: SearchIndex.Document) -> [(term: Int, score: Int)] {
        stamp += 1
        touched.removeAll(keepingCapacity: true)
        forEachTerm(in: document.text, .count)
        for id in touched { states[id].score = min(states[id].uses, 10) }
        for heading in document.headings { forEachTerm(in: heading, .raise(10)) }
        forEachTerm(in: document.summary, .raise(20))
        for alias in document.aliases { forEachTerm(in: alias, .raise(80)) }
        forEachTerm(in: document.title, .raise(100))
        var result: [(term: Int, score: Int)] = []
        result.reserveCapacity(touched.count)
        for id in touched {
            result.append((id, Int(states[id].score)))
            states[id].uses = 0
            states[id].score = 0
        }
        return result
    }

    /// What a word does to its term: counted (body text), or its score raised to a weight.
    fileprivate enum Use {
        case count
        case raise(Int32)
    }

    /// Each byte as it goes into a term: ASCII letters lowercased, digits and
    /// non-ASCII bytes as they are, 0 for a byte that ends a word.
    private static let words = WordBytes { byte in
        switch byte {
        case 0x30...0x39, 0x61...0x7A, 0x80...0xFF: return byte
        case 0x41...0x5A: return byte + 0x20
        default: return 0
        }
    }

    /// A word with non-ASCII bytes, lowercased by Unicode rules; nil when
    /// that leaves fewer than two characters.
    private static func foldNonASCII(_ word: String) -> String? {
        let folded = word.lowercased()
        return folded.unicodeScalars.count >= 2 ? folded : nil
    }

    /// Applies `use` to each indexed word of `text`: lowercased words of two
    /// or more characters, stop words dropped. Any non-ASCII byte counts as
    /// part of a word (so accented and non-Latin words are kept whole, and
    /// lowercased by Unicode rules). search.js splits the same way.
    private mutating func forEachTerm(in text: String, _ use: Use) {
        let stamp = self.stamp
        table.internWords(in: text, Self.words, minimumLength: 2, nonASCII: Self.foldNonASCII,
                          states: &states, newState: Self.newState, visited: &touched) { $0.apply(use, stamp: stamp) }
    }

    private mutating func forEachTerm(in text: [UInt8], _ use: Use) {
        let stamp = self.stamp
        table.internWords(in: text, Self.words, minimumLength: 2, nonASCII: Self.foldNonASCII,
                          states: &states, newState: Self.newState, visited: &touched) { $0.apply(use, stamp: stamp) }
    }

    private static func newState(_ term: String) -> TermState {
        TermState(isStopWord: term.utf8.count <= 5 && SearchIndex.stopWords.contains(term))
    }
}

extension TermScorer.TermState {
    /// Applies `use` for document `stamp`; true when this is the document's first use of the term.
    mutating func apply(_ use: TermScorer.Use, stamp: Int32) -> Bool {
        if isStopWord { return false }
        let isNew = self.stamp != stamp
        self.stamp = stamp
        switch use {
        case .count: uses += 1
        case .raise(let weight): score = max(score, weight)
        }
        return isNew
    }
}
