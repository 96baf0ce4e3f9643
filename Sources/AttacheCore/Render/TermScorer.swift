/// Interns search terms: each distinct term's bytes are stored once and
/// named by a small integer. Tokens are hashed (FNV-1a) and compared as
/// bytes while they are read, so scoring a document creates a `String` only
/// for a term it has not seen before, never one per word: hashing a `String`
/// per word into a `Dictionary` was most of the search index's cost.
struct TermTable {
    /// Every term's bytes, one after another.
    private var storage: [UInt8] = []
    private var starts: [Int] = []
    private var hashes: [UInt64] = []
    /// Open addressing, linear probing: a term id, or -1 for an empty slot.
    private var slots = [Int32](repeating: -1, count: 1024)
    /// Whether each term is a stop word (decided once per term, not per use).
    private(set) var isStopWord: [Bool] = []

    var count: Int { starts.count }

    func term(_ id: Int) -> String {
        let end = id + 1 < starts.count ? starts[id + 1] : storage.count
        return String(decoding: storage[starts[id]..<end], as: UTF8.self)
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The id of these bytes, added when new.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = Int(slots[slot])
            if id < 0 { break }
            if hashes[id] == hash, equals(id, bytes) { return id }
            slot = (slot + 1) & mask
        }
        let id = starts.count
        starts.append(storage.count)
        storage.append(contentsOf: bytes)
        hashes.append(hash)
        isStopWord.append(bytes.count <= 5 && SearchIndex.stopWords.contains(String(decoding: bytes, as: UTF8.self)))
        slots[slot] = Int32(id)
        if starts.count * 2 > slots.count {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for (other, otherHash) in hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: otherHash) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(other)
            }
        }
        return id
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id]
        let end = id + 1 < starts.count ? starts[id + 1] : storage.count
        guard end - start == bytes.count else { return false }
        return storage.withUnsafeBufferPointer { stored in
            for i in 0..<bytes.count where stored[start + i] != bytes[i] { return false }
            return true
        }
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
        forEachTerm(in: document.text) { id, scorer in scorer.uses[id] += 1 }
        for id in touched { scores[id] = min(uses[id], 10) }
        for heading in document.headings { raise(in: heading, to: 10) }
        raise(in: document.summary, to: 20)
        for alias in document.aliases { raise(in: alias, to: 80) }
        raise(in: document.title, to: 100)
        var result: [(term: Int, score: Int)] = []
        result.reserveCapacity(touched.count)
        for id in touched {
            result.append((id, Int(scores[id])))
            uses[id] = 0
            scores[id] = 0
        }
        return result
    }

    private mutating func raise(in text: String, to weight: Int32) {
        forEachTerm(in: text) { id, scorer in scorer.scores[id] = max(scorer.scores[id], weight) }
    }

    /// Calls `use` with the id of each indexed word of `text`: lowercased
    /// words of two or more characters, stop words dropped. ASCII is handled
    /// byte by byte; any non-ASCII byte counts as part of a word (so accented
    /// and non-Latin words are kept whole). search.js splits the same way.
    private mutating func forEachTerm(in text: String, _ use: (Int, inout TermScorer) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            // Lowercased ASCII words go here; no word is longer than the text.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { lowered in
                var start = -1
                var nonASCII = false
                for index in 0...bytes.count {
                    let byte = index < bytes.count ? bytes[index] : 0
                    switch byte {
                    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
                        if start < 0 { start = index }
                        continue
                    case 0x80...0xFF:
                        if start < 0 { start = index }
                        nonASCII = true
                        continue
                    default:
                        break
                    }
                    defer { start = -1; nonASCII = false }
                    guard start >= 0, index - start >= 2 else { continue }
                    let id: Int
                    if nonASCII {
                        let folded = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).lowercased()
                        guard folded.unicodeScalars.count >= 2 else { continue }
                        id = Array(folded.utf8).withUnsafeBufferPointer { intern($0) }
                    } else {
                        for offset in 0..<(index - start) {
                            let byte = bytes[start + offset]
                            lowered[offset] = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                        }
                        id = intern(UnsafeBufferPointer(rebasing: lowered[0..<(index - start)]))
                    }
                    if table.isStopWord[id] { continue }
                    if stamps[id] != stamp {
                        stamps[id] = stamp
                        touched.append(id)
                    }
                    use(id, &self)
                }
            }
        }
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let id = table.intern(bytes, hash: TermTable.hash(bytes))
        if id == uses.count {
            uses.append(0)
            scores.append(0)
            stamps.append(0)
        }
        return id
    }
}
