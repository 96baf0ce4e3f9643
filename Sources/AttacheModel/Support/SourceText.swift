import Foundation
import AttacheBytes

/// Turns a file's bytes into text the rest of the pipeline can trust: valid
/// UTF-8, no byte-order mark, `\n` line endings.
package enum SourceText {
    package enum Failure: Error {
        /// The byte at this 1-based line and column is not valid UTF-8.
        case invalidUTF8(line: Int, column: Int)
        /// A NUL byte: almost surely a binary file with a text name.
        case binary(line: Int, column: Int)
    }

    /// A settings file read through Foundation (site.yml, taxonomy.yml, a template).
    package static func decode(_ data: Data) -> Result<String, Failure> { decode([UInt8](data)) }

    package static func decode(_ data: [UInt8]) -> Result<String, Failure> {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // memchr, not a byte-by-byte Collection scan: every entry passes here.
        if let nul = ByteSearch.firstIndex(of: 0, in: bytes) {
            let (line, column) = position(of: nul, in: bytes)
            return .failure(.binary(line: line, column: column))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8Offset(bytes)
            let (line, column) = position(of: bad, in: bytes)
            return .failure(.invalidUTF8(line: line, column: column))
        }
        return .success(ByteSearch.firstIndex(of: 0x0D, in: bytes) != nil ? normalizeLineEndings(text) : text)
    }

    /// CRLF and lone CR become LF, so every later line count agrees with editors.
    static func normalizeLineEndings(_ text: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                out.append(0x0A)
                previousWasCR = true
                continue
            }
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func position(of index: Int, in bytes: ArraySlice<UInt8>) -> (Int, Int) {
        var line = 1
        var lineStart = bytes.startIndex
        for i in bytes.startIndex..<index where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return (line, index - lineStart + 1)
    }

    /// Index of the first byte that does not start or continue a valid UTF-8 sequence.
    private static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let lead = bytes[i]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > bytes.endIndex { return i }
            let slice = bytes[i..<(i + length)]
            if String(validating: slice, as: UTF8.self) == nil { return i }
            i += length
        }
        return bytes.endIndex
    }
}

extension String {
    /// The text without leading and trailing white space, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` (or `.whitespacesAndNewlines`)
    /// trims it, without going through NSString for every field of every entry.
    package func trimmingWhiteSpace(andNewlines: Bool = false) -> String {
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            // U+200B: Foundation counts the zero-width space as a space, and so must we.
            case 0x09, 0x20, 0x200B: return true
            case 0x0A...0x0D, 0x85: return andNewlines
            case 0x21..<0x80: return false
            default:
                switch scalar.properties.generalCategory {
                case .spaceSeparator: return true
                case .lineSeparator, .paragraphSeparator: return andNewlines
                default: return false
                }
            }
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, isTrimmed(first) || isTrimmed(last) else { return self }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isTrimmed(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }
}
