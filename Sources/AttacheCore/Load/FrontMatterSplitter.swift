/// Splits an entry into its YAML front matter and its Markdown body by
/// scanning for the `---` fences line by line (no whole-text searches).
public enum FrontMatterSplitter {
    public struct Split: Equatable, Sendable {
        /// The YAML between the fences ("" when the block is empty).
        public var yaml: String
        /// Everything after the closing fence.
        public var body: String
        /// 1-based line of the first YAML line.
        public var yamlFirstLine: Int
        /// 1-based line of the body's first line.
        public var bodyFirstLine: Int
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The file does not start with a `---` line.
        case missingOpeningFence
        /// The opening fence is never closed.
        case unterminated
    }

    /// `text` must already have `\n` line endings and no byte-order mark.
    public static func split(_ text: String) -> Result<Split, Failure> {
        let bytes = text.utf8
        var index = bytes.startIndex
        guard let firstLineEnd = lineEnd(bytes, from: index), isFence(bytes[index..<firstLineEnd]) else {
            return .failure(.missingOpeningFence)
        }
        index = firstLineEnd == bytes.endIndex ? firstLineEnd : bytes.index(after: firstLineEnd)
        let yamlStart = index
        var line = 2
        while index < bytes.endIndex {
            let end = lineEnd(bytes, from: index) ?? bytes.endIndex
            if isFence(bytes[index..<end]) || isDocumentEnd(bytes[index..<end]) {
                let yaml = String(text[yamlStart..<index])
                let bodyStart = end == bytes.endIndex ? end : bytes.index(after: end)
                return .success(Split(yaml: yaml, body: String(text[bodyStart...]), yamlFirstLine: 2, bodyFirstLine: line + 1))
            }
            index = end == bytes.endIndex ? end : bytes.index(after: end)
            line += 1
        }
        return .failure(.unterminated)
    }

    private static func lineEnd(_ bytes: String.UTF8View, from start: String.UTF8View.Index) -> String.UTF8View.Index? {
        guard start <= bytes.endIndex else { return nil }
        return bytes[start...].firstIndex(of: 0x0A) ?? bytes.endIndex
    }

    /// `---`, allowing trailing spaces.
    private static func isFence(_ line: String.UTF8View.SubSequence) -> Bool { isRun(Substring(line).utf8, of: 0x2D) }
    /// YAML's `...` document end also closes front matter.
    private static func isDocumentEnd(_ line: String.UTF8View.SubSequence) -> Bool { isRun(Substring(line).utf8, of: 0x2E) }

    private static func isRun(_ line: Substring.UTF8View, of byte: UInt8) -> Bool {
        var count = 0
        var trailing = false
        for b in line {
            if b == byte && !trailing { count += 1 }
            else if b == 0x20 || b == 0x09 { trailing = true }
            else { return false }
        }
        return count == 3
    }
}
