import Glibc

/// Interns byte strings: each distinct one is stored once and named by a
/// small integer, given out in order (0, 1, 2 …). Keys are hashed (FNV-1a)
/// and compared as bytes, so interning a word of a text creates no `String`,
/// and a known one costs one slot read and one memcmp: hashing a `String`
/// per word into a `Dictionary` was most of the search index's cost.
///
/// Public, not `package`, like `ExactType`: Swift 6.3 specialized a generic
/// `@inlinable` method for another module only when it was public, and
/// `internWords` unspecialized cost 5% more instructions for a whole build.
public struct ByteInterner: Sendable {
    /// Every key's bytes, one after another; key `id` is
    /// `storage[starts[id]..<starts[id + 1]]` (`starts` ends with `storage.count`).
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var starts: [Int] = [0]
    @usableFromInline var hashes: [UInt64] = []
    /// A slot of the open-addressing table (linear probing). It carries what
    /// a lookup compares, so a lookup reads one slot instead of four arrays.
    @usableFromInline struct Slot: Sendable {
        /// The key's hash, high half (the low bits chose the slot).
        @usableFromInline var tag: UInt32
        /// The key's id, or -1 for an empty slot.
        @usableFromInline var id: Int32
        @usableFromInline var start: Int32
        @usableFromInline var length: Int32

        @usableFromInline init(tag: UInt32, id: Int32, start: Int32, length: Int32) {
            self.tag = tag
            self.id = id
            self.start = start
            self.length = length
        }
    }
    @usableFromInline var slots = [Slot](repeating: Slot(tag: 0, id: -1, start: 0, length: 0), count: 1024)

    public init() {}

    /// How many distinct keys there are; the next new one gets this id.
    public var count: Int { hashes.count }

    /// Key `id` as text.
    public func string(_ id: Int) -> String {
        String(decoding: storage[starts[id]..<starts[id + 1]], as: UTF8.self)
    }

    /// The byte count of key `id`.
    public func length(of id: Int) -> Int { starts[id + 1] - starts[id] }

    /// The id of `text`'s UTF-8 bytes, added when new.
    @inlinable
    public mutating func intern(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { intern($0, hash: Self.hash($0)) }
    }

    /// The id here of key `id` of another interner, added when new.
    public mutating func intern(_ id: Int, of other: ByteInterner) -> Int {
        other.storage.withUnsafeBufferPointer { storage in
            intern(UnsafeBufferPointer(rebasing: storage[other.starts[id]..<other.starts[id + 1]]), hash: other.hashes[id])
        }
    }

    @usableFromInline static let hashStart: UInt64 = 0xcbf2_9ce4_8422_2325
    @usableFromInline static let hashFactor: UInt64 = 0x100_0000_01b3

    @inlinable static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = hashStart
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* hashFactor }
        return hash
    }

    /// The id of these bytes, added when new. `hash` is `ByteInterner.hash(bytes)`.
    @inlinable mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        if let id = find(bytes, hash: hash) { return id }
        return add(bytes, hash: hash)
    }

    /// The id of a known key: only reads, so the arrays are not checked for
    /// uniqueness (nearly every word of a document is a known one).
    @inlinable @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
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

    @usableFromInline mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let id = hashes.count
        storage.append(contentsOf: bytes)
        starts.append(storage.count)
        hashes.append(hash)
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

/// What makes a word: each byte as it goes into one (ASCII letters folded,
/// say), or 0 for a byte that ends a word.
public struct WordBytes: Sendable {
    @usableFromInline let folded: [UInt8]

    /// `fold(byte)` for every byte; 0 ends a word (so NUL is never part of one).
    public init(_ fold: (UInt8) -> UInt8) {
        folded = (0...255).map { fold(UInt8($0)) }
    }
}

extension ByteInterner {
    /// Interns the words of `text`, in order, and lets `visit` update each
    /// one's state: `states[id]` belongs to key `id` (`newState` makes it
    /// from the key's text when the key is new), and `visit` returns true
    /// to have the id appended to `visited`. A word is a run of bytes that
    /// `words` does not map to 0. Each is split, folded and hashed in one
    /// pass over its bytes, with no String; one of fewer than
    /// `minimumLength` bytes is skipped. A word with a folded byte at or
    /// above 0x80 is handed as written to `nonASCII`, which returns the text
    /// to intern (lowercased by Unicode rules, say) or nil to skip it.
    ///
    /// Inlinable, so the closures are compiled into the loop: this is the
    /// inner loop of the search index, once per word of every entry.
    @inlinable
    public mutating func internWords<State>(in text: String, _ words: WordBytes, minimumLength: Int, nonASCII: (String) -> String?,
                                             states: inout [State], newState: (String) -> State,
                                             visited: inout [Int], _ visit: (inout State) -> Bool) {
        var text = text
        text.withUTF8 { bytes in
            internWords(in: bytes, words, minimumLength: minimumLength, nonASCII: nonASCII,
                        states: &states, newState: newState, visited: &visited, visit)
        }
    }

    /// `internWords` on UTF-8 bytes.
    @inlinable
    public mutating func internWords<State>(in text: [UInt8], _ words: WordBytes, minimumLength: Int, nonASCII: (String) -> String?,
                                             states: inout [State], newState: (String) -> State,
                                             visited: inout [Int], _ visit: (inout State) -> Bool) {
        text.withUnsafeBufferPointer { bytes in
            internWords(in: bytes, words, minimumLength: minimumLength, nonASCII: nonASCII,
                        states: &states, newState: newState, visited: &visited, visit)
        }
    }

    @inlinable
    mutating func internWords<State>(in bytes: UnsafeBufferPointer<UInt8>, _ words: WordBytes, minimumLength: Int, nonASCII: (String) -> String?,
                                     states: inout [State], newState: (String) -> State,
                                     visited: inout [Int], _ visit: (inout State) -> Bool) {
        guard let base = bytes.baseAddress else { return }
        let end = base + bytes.count
        words.folded.withUnsafeBufferPointer { folding in
            let fold = folding.baseAddress!
            // Folded words go here; no word is longer than the text.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { scratch in
                let word = scratch.baseAddress!
                var cursor = base
                while cursor < end {
                    while cursor < end, fold[Int(cursor.pointee)] == 0 { cursor += 1 }
                    guard cursor < end else { break }
                    let start = cursor
                    var hash = Self.hashStart
                    var bits: UInt8 = 0
                    var out = word
                    while cursor < end {
                        let folded = fold[Int(cursor.pointee)]
                        if folded == 0 { break }
                        out.pointee = folded
                        out += 1
                        hash = (hash ^ UInt64(folded)) &* Self.hashFactor
                        bits |= folded
                        cursor += 1
                    }
                    let length = cursor - start
                    guard length >= minimumLength else { continue }
                    let id: Int
                    if bits & 0x80 != 0 {
                        guard let text = nonASCII(String(decoding: UnsafeBufferPointer(start: start, count: length), as: UTF8.self)) else { continue }
                        id = intern(text)
                    } else {
                        id = intern(UnsafeBufferPointer(start: word, count: length), hash: hash)
                    }
                    // Keys interned some other way get their states now, so `id` is always in range.
                    while states.count <= id { states.append(newState(string(states.count))) }
                    let isVisited = states.withUnsafeMutableBufferPointer { visit(&$0[id]) }
                    if isVisited { visited.append(id) }
                }
            }
        }
    }
}
