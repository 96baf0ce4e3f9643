import Glibc

/// Finding a byte in a long run of bytes with memchr, which reads a word at
/// a time: front matter fences, wiki-link brackets, NUL and CR in every
/// file, Obsidian's markers in every body. A byte-by-byte loop over a
/// collection was the cost of several of these scans.
///
/// Every range is checked: a range outside the bytes stops the program
/// instead of reading past them.
package enum ByteSearch {
    /// The index of the first `byte` in `bytes[start..<end]` (`end` defaults to the end), or nil.
    package static func firstIndex(of byte: UInt8, in bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        precondition(start >= 0 && start <= end && end <= bytes.count, "range outside the bytes")
        guard start < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            guard let found = memchr(base + start, Int32(byte), end - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The index of the first `byte` in `bytes` (from its `startIndex`), or nil.
    package static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty,
                  let found = memchr(base, Int32(byte), buffer.count) else { return nil }
            return bytes.startIndex + base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `text`'s UTF-8 has `byte`.
    package static func contains(_ byte: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, Int32(byte), bytes.count) != nil
        }
    }

    /// Whether `text`'s UTF-8 has `first` immediately followed by `second` (`%%`, `==`).
    package static func contains(_ first: UInt8, followedBy second: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            let count = bytes.count
            var offset = 0
            while offset + 1 < count, let found = memchr(base + offset, Int32(first), count - offset - 1) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[index + 1] == second { return true }
                offset = index + 1
            }
            return false
        }
    }

    /// Whether `text`'s UTF-8 has `second` immediately after `first` (`[!`);
    /// scans for `second`, the rarer byte of the pair.
    package static func contains(_ second: UInt8, after first: UInt8, in text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return false }
            let count = bytes.count
            var offset = 1
            while offset < count, let found = memchr(base + offset, Int32(second), count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if bytes[index - 1] == first { return true }
                offset = index + 1
            }
            return false
        }
    }
}
