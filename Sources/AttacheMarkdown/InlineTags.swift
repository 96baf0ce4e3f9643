/// An inline `#tag` found in body text, at its position in the body.
public struct InlineTagReference: Sendable, Equatable {
    /// As written, without `#` (`inbox/to-read`).
    public var name: String
    /// 1-based line and byte column of the `#` within the Markdown body.
    public var line: Int
    public var column: Int
}

/// Finds Obsidian's inline tags in a run of plain text: `#` after a blank
/// (or where the text starts after one), then letters, digits, `_`, `-`,
/// `/` for nesting, other scripts' letters and emoji; at least one
/// character that is not a digit (`#1984` is not a tag). It is fed only
/// cmark-gfm text nodes outside links, so code spans, code blocks, link
/// texts and URLs never reach it, nor a heading's own `#` marks.
public enum InlineTagScanner {
    public struct Match: Equatable, Sendable {
        /// Byte offset of `#` in the scanned text.
        public var offset: Int
        /// Byte length of the tag with its `#`.
        public var length: Int
        public var name: String
    }

    /// `atBoundary`: whether the text starts after a blank or at the start of a line.
    public static func scan(utf8 bytes: [UInt8], atBoundary: Bool) -> [Match] {
        var matches: [Match] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "#") else { i += 1; continue }
            let afterBlank = i == 0 ? atBoundary : isBlank(bytes[i - 1])
            guard afterBlank else { i += 1; continue }
            var j = i + 1
            var hasNonDigit = false
            while j < bytes.count {
                let byte = bytes[j]
                if byte < 0x80 {
                    guard isTagByte(byte) else { break }
                    if isLetter(byte) || byte == UInt8(ascii: "_") { hasNonDigit = true }
                    j += 1
                } else {
                    let (scalar, length) = decode(bytes, at: j)
                    guard let scalar, isTagScalar(scalar) else { break }
                    hasNonDigit = true
                    j += length
                }
            }
            // A tag does not end with `/` (`#a/` is `a`).
            var end = j
            while end > i + 1, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            if hasNonDigit, end > i + 1, bytes[i + 1] != UInt8(ascii: "/") {
                matches.append(Match(offset: i, length: end - i, name: String(decoding: bytes[(i + 1)..<end], as: UTF8.self)))
            }
            i = max(j, i + 1)
        }
        return matches
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    static func isTagByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
    }

    /// Letters and digits of any script, emoji and what joins them (marks,
    /// the zero-width joiner, variation selectors); not punctuation or spaces.
    static func isTagScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil || properties.isEmoji { return true }
        if scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The scalar of the UTF-8 sequence at `index`, and its length (nil for a broken sequence).
    static func decode(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar?, Int) {
        let first = bytes[index]
        let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
        guard index + length <= bytes.count, length > 1 else { return (nil, 1) }
        var value = UInt32(first) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let byte = bytes[index + k]
            guard byte & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }
}
