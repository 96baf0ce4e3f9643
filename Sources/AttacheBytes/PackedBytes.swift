/// Many short byte strings kept one after another in one array, each named
/// by its number: the cards of every entry, the drawn nodes of the local
/// graphs. Pages copy them in by number; no String per part is kept alive,
/// so threads building pages at once share no reference counts.
package struct PackedBytes: Sendable {
    private var bytes: [UInt8] = []
    /// Part `i` is `bytes[starts[i]..<starts[i + 1]]`; the part being written runs from `starts.last`.
    private var starts: [Int] = [0]

    package init() {}

    package init(_ texts: [String]) {
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
        starts.reserveCapacity(texts.count + 1)
        for text in texts {
            bytes.append(contentsOf: text.utf8)
            endPart()
        }
    }

    /// The number of finished parts.
    package var count: Int { starts.count - 1 }

    /// The byte count of part `i`.
    package func length(of i: Int) -> Int { starts[i + 1] - starts[i] }

    /// Part `i`'s bytes.
    package subscript(i: Int) -> ArraySlice<UInt8> { bytes[starts[i]..<starts[i + 1]] }

    /// Appends to the part being written.
    package mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    package mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }
    package mutating func append(literal text: StaticString) { bytes.append(literal: text) }
    package mutating func appendEscapingHTML(_ text: String) { HTMLEscaping.append(text, to: &bytes) }

    /// Ends the part being written: what was appended since the last end is part `count - 1`.
    package mutating func endPart() { starts.append(bytes.count) }

    /// Appends part `i` to `out`.
    package func append(part i: Int, to out: inout [UInt8]) {
        out.append(contentsOf: bytes[starts[i]..<starts[i + 1]])
    }

    /// These parts, in this order, as one string, copied straight into the
    /// string's storage.
    package func joined(_ parts: [Int]) -> String {
        var total = 0
        for i in parts { total += starts[i + 1] - starts[i] }
        guard total > 0 else { return "" }
        return bytes.withUnsafeBufferPointer { source in
            String(unsafeUninitializedCapacity: total) { target in
                var offset = 0
                for i in parts {
                    let count = starts[i + 1] - starts[i]
                    UnsafeMutableRawPointer(target.baseAddress! + offset).copyMemory(from: source.baseAddress! + starts[i], byteCount: count)
                    offset += count
                }
                return total
            }
        }
    }
}
