import Foundation
import AttacheModel
import AttacheBytes

/// Splits an entry into its front matter and its Markdown body by scanning
/// for the fences line by line (no whole-text searches): YAML between `---`
/// lines, or TOML between `+++` lines (Zola, Hugo).
public enum FrontMatterSplitter {
    public enum Format: Sendable, Equatable { case yaml, toml }

    public struct Split: Equatable, Sendable {
        /// The YAML (or TOML) between the fences ("" when the block is empty).
        public var yaml: String
        /// Everything after the closing fence.
        public var body: String
        /// 1-based line of the first YAML line.
        public var yamlFirstLine: Int
        /// 1-based line of the body's first line.
        public var bodyFirstLine: Int
        public var format: Format = .yaml
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The file does not start with a `---` line.
        case missingOpeningFence
        /// The opening fence is never closed.
        case unterminated
    }

    /// `text` must already have `\n` line endings and no byte-order mark.
    /// Lines are found with memchr on the text's UTF-8 bytes: every entry
    /// passes here, and walking a String.UTF8View cost more than the split.
    public static func split(_ text: String) -> Result<Split, Failure> {
        let bytes = Array(text.utf8)
        let count = bytes.count
        func lineEnd(_ start: Int) -> Int {
            guard start < count else { return count }
            return ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start) ?? count
        }
        let firstLineEnd = lineEnd(0)
        let isTOML = isRun(bytes, 0, firstLineEnd, of: 0x2B)
        guard isTOML || isRun(bytes, 0, firstLineEnd, of: 0x2D) else { return .failure(.missingOpeningFence) }
        var index = firstLineEnd == count ? count : firstLineEnd + 1
        let yamlStart = index
        var line = 2
        while index < count {
            let end = lineEnd(index)
            // `---`, or YAML's `...` document end, closes front matter; `+++` closes TOML.
            if isTOML ? isRun(bytes, index, end, of: 0x2B) : (isRun(bytes, index, end, of: 0x2D) || isRun(bytes, index, end, of: 0x2E)) {
                let bodyStart = end == count ? end : end + 1
                return .success(Split(yaml: String(decoding: bytes[yamlStart..<index], as: UTF8.self),
                                      body: String(decoding: bytes[bodyStart...], as: UTF8.self),
                                      yamlFirstLine: 2, bodyFirstLine: line + 1, format: isTOML ? .toml : .yaml))
            }
            index = end == count ? end : end + 1
            line += 1
        }
        return .failure(.unterminated)
    }

    /// Exactly three `byte`s, then only spaces and tabs.
    private static func isRun(_ bytes: [UInt8], _ start: Int, _ end: Int, of byte: UInt8) -> Bool {
        var count = 0
        var trailing = false
        for b in bytes[start..<end] {
            if b == byte && !trailing { count += 1 }
            else if b == 0x20 || b == 0x09 { trailing = true }
            else { return false }
        }
        return count == 3
    }
}
