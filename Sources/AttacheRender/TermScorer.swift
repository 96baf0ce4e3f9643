import Foundation
import AttacheModel
import AttacheMarkdown
import AttacheGraph

/// Interns search terms: each distinct term's bytes are stored once and
/// named by a small integer. Tokens are hashed (FNV-1a) while they are read
/// and compared as bytes, so scoring a document creates a `String` only for
/// a term it has not seen before, never one per word: hashing a `String`
/// per word into a `Dictionary` was most of the search index's cost.
package struct TermTable {
    /// Every term's bytes, one after another; term `id` is
    /// `storage[starts[id]..<starts[id + 1]]` (`starts` ends with `storage.count`).
    private var storage: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// A slot of the open-addressing table (linear probing). It carries what
    /// a lookup compares, so a known word costs one slot read and one memcmp
    /// instead of reads in four arrays.
    private struct Slot {
        /// The term's hash, high half (the low bits chose the slot).
        var tag: UInt32
        /// The term id, or -1 for an empty slot.
        var id: Int32
        var start: Int32
        var length: Int32
    }
    private var slots = [Slot](repeating: Slot(tag: 0, id: -1, start: 0, length: 0), count: 1024)
    /// Whether each term is a stop word (decided once per term, not per use).
    private(set) var isStopWord: [Bool] = []

    var count: Int { hashes.count }

    func term(_ id: Int) -> String {
        String(decoding: storage[starts[id]..<starts[id + 1]], as: UTF8.self)
    }

    /// The id of term `id` of another table, added to this one when new.
    mutating func intern(_ id: Int, of other: TermTable) -> Int {
        other.storage.withUnsafeBufferPointer { storage in
            intern(UnsafeBufferPointer(rebasing: storage[other.starts[id]..<other.starts[id + 1]]), hash: other.hashes[id])
        }
    }

    static let hashStart: UInt64 = 0xcbf2_9ce4_8422_2325
    static let hashFactor: UInt64 = 0x100_0000_01b3

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = hashStart
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* hashFactor }
        return hash
    }

    /// The id of these bytes, added when new. `hash` is `TermTable.hash(bytes)`.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        if let id = find(bytes, hash: hash) { return id }
        return add(bytes, hash: hash)
    }

    /// The id of a known term: only reads, so the arrays are not checked for
    /// uniqueness (nearly every word of a document is a known term).
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        return slots.withUnsafeBufferPointer { slots -> Int? in
            storage.withUnsafeBufferPointer { storage in
                let mask = slots.count - 1
                var index = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let slot = slots[index]
                    if slot.id < 0 { return nil }
                    if slot.tag == tag, Int(slot.length) == bytes.count,
                       bytes.count == 0 || memcmp(storage.baseAddress! + Int(slot.start), bytes.baseAddress!, bytes.count) == 0 {
                        return Int(slot.id)
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = hashes.count
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        hashes.append(hash)
        isStopWord.append(bytes.count <= 5 && SearchIndex.stopWords.contains(String(decoding: bytes, as: UTF8.self)))
        if hashes.count * 2 > slots.count {
            slots = [Slot](repeating: Slot(tag: 0, id: -1, start: 0, length: 0), count: slots.count * 2)
            for other in hashes.indices { place(other) }
        } else {
            place(id)
        }
        return id
    }

    private mutating func place(_ id: Int) {
        let mask = slots.count - 1
        var index = Int(truncatingIfNeeded: hashes[id]) & mask
        while slots[index].id >= 0 { index = (index + 1) & mask }
        slots[index] = Slot(tag: UInt32(truncatingIfNeeded: hashes[id] >> 32), id: Int32(id),
                            start: Int32(starts[id]), length: Int32(starts[id + 1] - starts[id]))
    }
}

/// Scores the terms of documents one after another, reusing its term table
/// and scratch state. Scores follow `SearchIndex`: body words one per use
/// up to 10, then headings 10, summary 20, aliases 80 and title 100, each
/// raising a term's score to at least its weight.
package struct TermScorer {
    private(set) var table = TermTable()

    /// What one document did to a term so far; one array of these, so a
    /// word costs one checked array access, not one per field.
    private struct TermState {
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
    private enum Use {
        case count
        case raise(Int32)
    }

    /// Each byte as it goes into a term: ASCII letters lowercased, digits and
    /// non-ASCII bytes as they are, 0 for a byte that ends a word (NUL is
    /// never part of one).
    private static let foldedBytes: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x30...0x39, 0x61...0x7A, 0x80...0xFF: return UInt8(byte)
        case 0x41...0x5A: return UInt8(byte + 0x20)
        default: return 0
        }
    }

    /// Applies `use` to each indexed word of `text`: lowercased words of two
    /// or more characters, stop words dropped. Each word is split, folded
    /// and hashed in one pass over its bytes; any non-ASCII byte counts as
    /// part of a word (so accented and non-Latin words are kept whole, and
    /// lowercased by Unicode rules). search.js splits the same way.
    private mutating func forEachTerm(in text: String, _ use: Use) {
        var text = text
        text.withUTF8 { forEachTerm(in: $0, use) }
    }

    private mutating func forEachTerm(in text: [UInt8], _ use: Use) {
        text.withUnsafeBufferPointer { forEachTerm(in: $0, use) }
    }

    private mutating func forEachTerm(in bytes: UnsafeBufferPointer<UInt8>, _ use: Use) {
        guard let base = bytes.baseAddress else { return }
        let end = base + bytes.count
        Self.foldedBytes.withUnsafeBufferPointer { folding in
            let fold = folding.baseAddress!
            // Folded words go here; no word is longer than the text.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { scratch in
                let word = scratch.baseAddress!
                var cursor = base
                while cursor < end {
                    while cursor < end, fold[Int(cursor.pointee)] == 0 { cursor += 1 }
                    guard cursor < end else { break }
                    let start = cursor
                    var hash = TermTable.hashStart
                    var bits: UInt8 = 0
                    var out = word
                    while cursor < end {
                        let folded = fold[Int(cursor.pointee)]
                        if folded == 0 { break }
                        out.pointee = folded
                        out += 1
                        hash = (hash ^ UInt64(folded)) &* TermTable.hashFactor
                        bits |= folded
                        cursor += 1
                    }
                    let length = cursor - start
                    guard length >= 2 else { continue }
                    let id: Int
                    if bits & 0x80 != 0 {
                        let folded = String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self).lowercased()
                        guard folded.unicodeScalars.count >= 2 else { continue }
                        id = Array(folded.utf8).withUnsafeBufferPointer { intern($0, hash: TermTable.hash($0)) }
                    } else {
                        id = intern(UnsafeBufferPointer(start: word, count: length), hash: hash)
                    }
                    let stamp = self.stamp
                    let isNew = states.withUnsafeMutableBufferPointer { states -> Bool? in
                        if states[id].isStopWord { return nil }
                        let isNew = states[id].stamp != stamp
                        states[id].stamp = stamp
                        switch use {
                        case .count: states[id].uses += 1
                        case .raise(let weight): states[id].score = max(states[id].score, weight)
                        }
                        return isNew
                    }
                    if isNew == true { touched.append(id) }
                }
            }
        }
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = table.intern(bytes, hash: hash)
        if id == states.count { states.append(TermState(isStopWord: table.isStopWord[id])) }
        return id
    }
}
