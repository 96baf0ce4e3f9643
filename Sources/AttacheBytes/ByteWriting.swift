/// Appending fixed text and numbers to bytes being written (pages, SVG,
/// search shards) without a String per piece: a page is thousands of short
/// pieces, and a search shard hundreds of thousands of numbers.
extension Array where Element == UInt8 {
    /// Appends a literal's UTF-8 bytes.
    @inlinable
    package mutating func append(literal text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends `value` in decimal (`-` before a negative number).
    @inlinable
    package mutating func appendDecimal(_ value: Int) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude < 10 { append(UInt8(ascii: "0") + UInt8(magnitude)); return }
        // Written backwards into a small buffer on the stack, then copied.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var start = 24
        Swift.withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            append(contentsOf: buffer[start..<24])
        }
    }

    /// Appends `value(0)`, `value(1)` … `value(count - 1)` in decimal with
    /// `separator` between them, written through one scratch buffer and
    /// appended at once: appending digit by digit checked the array's
    /// uniqueness and capacity for every digit.
    @inlinable
    package mutating func appendDecimals(count: Int, separator: UInt8, _ value: (Int) -> Int) {
        guard count > 0 else { return }
        // A sign, at most 20 digits and a separator per number.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 22) { scratch in
            let start = scratch.baseAddress!
            var cursor = start
            for n in 0..<count {
                if n > 0 { cursor.pointee = separator; cursor += 1 }
                let number = value(n)
                if number < 0 { cursor.pointee = UInt8(ascii: "-"); cursor += 1 }
                var rest = number.magnitude
                var digits = 1
                var probe = rest
                while probe >= 10 { probe /= 10; digits += 1 }
                let end = cursor + digits
                cursor = end
                repeat {
                    cursor -= 1
                    cursor.pointee = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                } while rest > 0
                cursor = end
            }
            append(contentsOf: UnsafeBufferPointer(start: start, count: cursor - start))
        }
    }
}
