import Foundation
import AttacheModel
import AttacheBytes

/// Finds `[[target#anchor|label]]` in a run of plain text. Pure Swift, no
/// regular expressions: it is fed only cmark-gfm text nodes, so code spans
/// and code blocks never reach it.
public enum WikiLinkScanner {
    public struct Match: Equatable, Sendable {
        /// Byte offset of `[[` in the scanned text.
        public var offset: Int
        /// Byte length of the whole `[[…]]`.
        public var length: Int
        /// The entry named (slug, title or alias), trimmed; empty for `[[#anchor]]`.
        public var target: String
        /// The part after `#`, if any.
        public var anchor: String?
        /// The part after `|`, if any.
        public var label: String?
    }

    public static func scan(_ text: String) -> [Match] { scan(utf8: Array(text.utf8)) }

    /// `scan` on UTF-8 bytes (a cmark-gfm text node's, without a String in between).
    public static func scan(utf8 bytes: [UInt8]) -> [Match] {
        var matches: [Match] = []
        var i = 0
        while i + 1 < bytes.count {
            // memchr to the next `[`: text runs are long and brackets few.
            guard let bracket = ByteSearch.firstIndex(of: UInt8(ascii: "["), in: bytes, from: i, to: bytes.count - 1) else { break }
            i = bracket
            guard bytes[i + 1] == UInt8(ascii: "[") else { i += 1; continue }
            // Find the closing `]]`; a `[` or `]` before it means this is not a wiki-link.
            var j = i + 2
            var closed = false
            while j < bytes.count {
                let byte = bytes[j]
                if byte == UInt8(ascii: "]") {
                    closed = j + 1 < bytes.count && bytes[j + 1] == UInt8(ascii: "]")
                    break
                }
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\n") { break }
                j += 1
            }
            guard closed, j > i + 2 else { i += 1; continue }
            // Split and trim on bytes: `|`, `#`, spaces and tabs are ASCII.
            var referenceEnd = j
            var label: String?
            if let bar = bytes[(i + 2)..<j].firstIndex(of: UInt8(ascii: "|")) {
                label = trimmedText(bytes, bar + 1, j)
                referenceEnd = bar
            }
            var anchor: String?
            if let hash = bytes[(i + 2)..<referenceEnd].firstIndex(of: UInt8(ascii: "#")) {
                anchor = trimmedText(bytes, hash + 1, referenceEnd)
                referenceEnd = hash
            }
            let target = trimmedText(bytes, i + 2, referenceEnd)
            if target.isEmpty && (anchor ?? "").isEmpty { i = j + 2; continue }
            matches.append(Match(offset: i, length: j + 2 - i, target: target, anchor: anchor, label: label.flatMap { $0.isEmpty ? nil : $0 }))
            i = j + 2
        }
        return matches
    }

    /// The text of `bytes[start..<end]` without leading and trailing spaces and tabs.
    private static func trimmedText(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        var start = start, end = end
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    package func trimmedOfBlanks() -> String {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return String(self[start..<end])
    }
}
