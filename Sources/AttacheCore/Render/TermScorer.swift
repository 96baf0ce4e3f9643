import Foundation

/// Interns search terms: each distinct term's bytes are stored once and
/// named by a small integer. Tokens are hashed (FNV-1a) while they are read
/// and compared as bytes, so scoring a document creates a `String` only for
/// a term it has not seen before, never one per word: hashing a `String`
/// per word into a `Dictionary` was most of the search index's cost.
struct TermTable {
    /// Every term's bytes, one after another; term `id` is
    /// `storage[starts[id]..<starts[id + 1]]` (`starts` ends with `storage.count`).
    private var storage: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: a term id, or -1 for an empty slot.
    private var slots = [Int32](repeating: -1, count: 1024)
    /// Whether each term is a stop word (decided once per term, not per use).
    private(set) var isStopWord: [Bool] = []

    var count: Int { hashes.count }

    func term(_ id: Int) -> String {
        String(decoding: storage[starts[id]..<starts[id + 1]], as: UTF8.self)
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
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
        slots.withUnsafeBufferPointer { slots -> Int? in
            hashes.withUnsafeBufferPointer { hashes in
                starts.withUnsafeBufferPointer { starts in
                    storage.withUnsafeBufferPointer { storage in
                        let mask = slots.count - 1
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        while true {
                            let id = Int(slots[slot])
                            if id < 0 { return nil }
                            if hashes[id] == hash, starts[id + 1] - starts[id] == bytes.count,
                               bytes.count == 0 || memcmp(storage.baseAddress! + starts[id], bytes.baseAddress!, bytes.count) == 0 {
                                return id
                            }
                            slot = (slot + 1) & mask
                        }
                    }
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
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for other in hashes.indices { place(other) }
        } else {
            place(id)
        }
        return id
    }

    private mutating func place(_ id: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[id]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(id)
    }
}

/// Scores the terms of documents one after another, reusing its term table
/// and scratch arrays. Scores follow `SearchIndex`: body words one per use
/// up to 10, then headings 10, summary 20, aliases 80 and title 100, each
/// raising a term's score to at least its weight.
struct TermScorer {
    private(set) var table = TermTable()
    private var uses: [Int32] = []
    private var scores: [Int32] = []
    /// The document number (plus one) that last touched each term.
    private var stamps: [Int32] = []
    private var touched: [Int] = []
    private var stamp: Int32 = 0

    /// One document's terms (ids into `table`) and scores, in first-use order.
    mutating func score(_ document: SearchIndex.Document) -> [(term: Int, score: Int)] {
        stamp += 1
        touched.removeAll(keepingCapacity: true)
        forEachTerm(in: document.text, .count)
        for id in touched { scores[id] = min(uses[id], 10) }
        for heading in document.headings { forEachTerm(in: heading, .raise(10)) }
        forEachTerm(in: document.summary, .raise(20))
        for alias in document.aliases { forEachTerm(in: alias, .raise(80)) }
        forEachTerm(in: document.title, .raise(100))
        var result: [(term: Int, score: Int)] = []
        result.reserveCapacity(touched.count)
        for id in touched {
            result.append((id, Int(scores[id])))
            uses[id] = 0
            scores[id] = 0
        }
        return result
    }

    /// What a word does to its term: counted (body text), or its score raised to a weight.
    private enum Use {
        case count
        case raise(Int32)
    }

    /// Byte classes for splitting words: 0 ends a word, 1 is a lowercase
    /// ASCII letter or digit, 2 an uppercase ASCII letter, 3 a non-ASCII byte.
    private static let byteClasses: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x30...0x39, 0x61...0x7A: return 1
        case 0x41...0x5A: return 2
        case 0x80...0xFF: return 3
        default: return 0
        }
    }

    /// Applies `use` to each indexed word of `text`: lowercased words of two
    /// or more characters, stop words dropped. Each word is classified,
    /// lowercased and hashed in one pass over its bytes; any non-ASCII byte
    /// counts as part of a word (so accented and non-Latin words are kept
    /// whole, and lowercased by Unicode rules). search.js splits the same way.
    private mutating func forEachTerm(in text: String, _ use: Use) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            Self.byteClasses.withUnsafeBufferPointer { classes in
                // Lowercased ASCII words go here; no word is longer than the text.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(count, 1)) { lowered in
                    let loweredBase = lowered.baseAddress!
                    var index = 0
                    while index < count {
                        while index < count, classes[Int(base[index])] == 0 { index += 1 }
                        guard index < count else { break }
                        let start = index
                        var hash = TermTable.hashStart
                        var nonASCII = false
                        while index < count {
                            let byte = base[index]
                            let byteClass = classes[Int(byte)]
                            if byteClass == 0 { break }
                            let folded = byteClass == 2 ? byte | 0x20 : byte
                            loweredBase[index - start] = folded
                            hash = (hash ^ UInt64(folded)) &* TermTable.hashFactor
                            nonASCII = nonASCII || byteClass == 3
                            index += 1
                        }
                        let length = index - start
                        guard length >= 2 else { continue }
                        let id: Int
                        if nonASCII {
                            let folded = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self).lowercased()
                            guard folded.unicodeScalars.count >= 2 else { continue }
                            id = Array(folded.utf8).withUnsafeBufferPointer { intern($0, hash: TermTable.hash($0)) }
                        } else {
                            id = intern(UnsafeBufferPointer(start: loweredBase, count: length), hash: hash)
                        }
                        if table.isStopWord[id] { continue }
                        if stamps[id] != stamp {
                            stamps[id] = stamp
                            touched.append(id)
                        }
                        switch use {
                        case .count: uses[id] += 1
                        case .raise(let weight): scores[id] = max(scores[id], weight)
                        }
                    }
                }
            }
        }
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = table.intern(bytes, hash: hash)
        if id == uses.count {
            uses.append(0)
            scores.append(0)
            stamps.append(0)
        }
        return id
    }
}
