import Foundation
import AttacheBytes

/// Debian's cmark-gfm 0.29.0.gfm.6 takes quadratic time on a few shapes of
/// input that later upstream releases fixed, and a 1 MB body of one of them
/// parses for minutes. This linear pre-scan of the body's bytes finds those
/// shapes before cmark-gfm sees them; a body that passes a limit is reported
/// and left out instead. Each limit is far beyond what written text has:
/// the scan counts the exact construct that is slow, never the body's size.
package enum MarkdownLimits {
    /// `|` cell separators in one table row (header, delimiter or body row). cmark-gfm
    /// appends each cell to a linked list by walking it, so a row of n cells
    /// costs n² (and the renderer walks it again per cell).
    package static let maximumTableCells = 256
    /// Nesting deeper than this (quotes, list items) is only a problem
    /// together with many inline markers, see `maximumNestingWork`.
    package static let ordinaryNesting = 32
    /// Every emphasis, strikethrough or link node cmark-gfm (and the wiki-link
    /// rewriting) inserts checks that it is not an ancestor of itself by
    /// walking up to the document: nesting depth × inline markers.
    package static let maximumNestingWork = 20_000_000
    /// Each link that closes walks back over every unclosed `![` before it in
    /// the same paragraph: links × unclosed image openers.
    package static let maximumBracketWork = 10_000_000

    package struct Exceeded: Equatable, Sendable {
        /// 1-based line and byte column in the body.
        package var line: Int
        package var column: Int
        package var message: String
    }

    package static func check(_ markdown: String) -> Exceeded? {
        let bytes = Array(markdown.utf8)
        // Most bodies have no `![` (so no bracket work) and nest shallowly
        // (so their inline markers do not matter): their lines are read
        // only at the start and, where a `|` is, for table rows. A body
        // that turns out deep, or holds `![`, is read byte by byte.
        if !ByteSearch.contains(UInt8(ascii: "!"), followedBy: UInt8(ascii: "["), in: markdown) {
            var quick = Scan(bytes: bytes, countsInlineMarkers: false, hasDefinitions: false)
            let exceeded = quick.run()
            if exceeded != nil || quick.deepest <= ordinaryNesting { return exceeded }
        }
        return byteByByte(markdown, bytes)
    }

    /// The byte-by-byte reading alone, which `check` skips where it can:
    /// the two must agree on every body.
    static func checkByteByByte(_ markdown: String) -> Exceeded? { byteByByte(markdown, Array(markdown.utf8)) }

    private static func byteByByte(_ markdown: String, _ bytes: [UInt8]) -> Exceeded? {
        // Only the byte-by-byte reading weighs brackets.
        var scan = Scan(bytes: bytes, countsInlineMarkers: true,
                        hasDefinitions: ByteSearch.contains(UInt8(ascii: "]"), followedBy: UInt8(ascii: ":"), in: markdown))
        return scan.run()
    }

    private struct Scan {
        let bytes: [UInt8]
        // Nesting: the deepest line and the body's inline markers.
        var deepest = 0
        var deepestLine = 1
        var markers = 0
        // Tables: inside one from its delimiter row to the next blank line.
        var inTable = false
        var previousLineHadPipe = false
        var previousLineStart = 0
        var previousLineEnd = 0
        // Brackets: unclosed openers of the current paragraph, true for `![`.
        var openers: [Bool] = []
        var imageOpeners = 0
        var bracketWork = 0
        /// Whether a `]` not followed by `(` can still close a link: only
        /// when the body defines references (`[label]: …`, footnotes too).
        let hasDefinitions: Bool
        /// False: lines without a `|` (or a table row above them) are not
        /// read past their indentation, so `markers` and bracket work stay
        /// zero; right for a body without `![` that nests at most
        /// `ordinaryNesting` deep, the only bodies the caller lets it decide.
        let countsInlineMarkers: Bool

        init(bytes: [UInt8], countsInlineMarkers: Bool, hasDefinitions: Bool) {
            self.bytes = bytes
            self.countsInlineMarkers = countsInlineMarkers
            self.hasDefinitions = hasDefinitions
        }

        mutating func run() -> Exceeded? {
            var start = 0
            var line = 1
            while start <= bytes.count {
                let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start) ?? bytes.count
                if let exceeded = scanLine(start, end, line) { return exceeded }
                if end == bytes.count { break }
                start = end + 1
                line += 1
            }
            if deepest > ordinaryNesting, deepest * markers > maximumNestingWork {
                return Exceeded(line: deepestLine, column: 1, message:
                    "Markdown nested \(deepest) levels deep (quotes or list items) with \(markers) emphasis, strikethrough or link markers in the same body: the parser's time grows with depth × markers (limit \(maximumNestingWork.formatted)); nest at most \(ordinaryNesting) levels deep")
            }
            return nil
        }

        mutating func scanLine(_ start: Int, _ end: Int, _ line: Int) -> Exceeded? {
            var blank = true
            for i in start..<end where bytes[i] != 0x20 && bytes[i] != 0x09 && bytes[i] != 0x0D { blank = false; break }
            if blank {
                inTable = false
                openers.removeAll(keepingCapacity: true)
                imageOpeners = 0
                previousLineHadPipe = false
                return nil
            }
            // Nesting: markers that open a container at the line's start, and
            // indentation (a nested list item is at least two columns further in).
            var i = start
            var depth = 0
            var indent = 0
            while i < end {
                let byte = bytes[i]
                if byte == 0x20 { indent += 1; i += 1; continue }
                if byte == 0x09 { indent += 4; i += 1; continue }
                if byte == UInt8(ascii: ">") { depth += 1; i += 1; continue }
                if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "*"),
                   i + 1 < end, bytes[i + 1] == 0x20 || bytes[i + 1] == 0x09 {
                    depth += 1; i += 1; continue
                }
                var digits = i
                while digits < end, digits - i < 9, bytes[digits] >= 0x30, bytes[digits] <= 0x39 { digits += 1 }
                if digits > i, digits + 1 < end, bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")"),
                   bytes[digits + 1] == 0x20 || bytes[digits + 1] == 0x09 {
                    depth += 1; i = digits + 1; continue
                }
                break
            }
            depth += indent / 2
            if depth > deepest { deepest = depth; deepestLine = line }

            if !countsInlineMarkers, !previousLineHadPipe,
               ByteSearch.firstIndex(of: UInt8(ascii: "|"), in: bytes, from: start, to: end) == nil {
                // No `|` and no row above: neither a delimiter row nor one to count.
                previousLineHadPipe = false
                previousLineStart = start
                previousLineEnd = end
                return nil
            }

            // Inline markers, pipes and brackets, in one pass over the line.
            var pipes = 0
            var onlyDelimiterBytes = true
            var hasDash = false
            var index = start
            while index < end {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\\"):
                    onlyDelimiterBytes = false
                    index += 2
                    continue
                case UInt8(ascii: "|"): pipes += 1
                case UInt8(ascii: "-"): hasDash = true
                case UInt8(ascii: ":"), 0x20, 0x09, 0x0D, UInt8(ascii: ">"): break
                case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                    markers += 1
                    onlyDelimiterBytes = false
                case UInt8(ascii: "["):
                    markers += 1
                    onlyDelimiterBytes = false
                    let isImage = index > start && bytes[index - 1] == UInt8(ascii: "!")
                    openers.append(isImage)
                    if isImage { imageOpeners += 1 }
                case UInt8(ascii: "]"):
                    onlyDelimiterBytes = false
                    if let wasImage = openers.popLast() {
                        if wasImage { imageOpeners -= 1 }
                        let formsLink = !wasImage && (hasDefinitions || (index + 1 < end && bytes[index + 1] == UInt8(ascii: "(")))
                        if formsLink {
                            bracketWork += imageOpeners
                            if bracketWork > maximumBracketWork {
                                return Exceeded(line: line, column: index - start + 1, message:
                                    "\(imageOpeners) unclosed `![` before links in one paragraph: the parser's time grows with unclosed openers × links (limit \(maximumBracketWork.formatted)); close the brackets or escape them as `\\[`")
                            }
                        }
                    }
                default:
                    onlyDelimiterBytes = false
                }
                index += 1
            }

            // Tables: a delimiter row (`|---|:-:|`) under a line starts one.
            let isDelimiterRow = onlyDelimiterBytes && hasDash && (pipes > 0 || previousLineHadPipe)
            if !inTable && isDelimiterRow {
                inTable = true
                if let exceeded = checkCells(previousLineStart, previousLineEnd, line - 1) { return exceeded }
            }
            if inTable, pipes > maximumTableCells, let exceeded = checkCells(start, end, line) { return exceeded }
            previousLineHadPipe = pipes > 0
            previousLineStart = start
            previousLineEnd = end
            return nil
        }

        func checkCells(_ start: Int, _ end: Int, _ line: Int) -> Exceeded? {
            var pipes = 0
            var index = start
            while index < end {
                if bytes[index] == UInt8(ascii: "\\") { index += 2; continue }
                if bytes[index] == UInt8(ascii: "|") { pipes += 1 }
                index += 1
            }
            guard pipes > maximumTableCells else { return nil }
            return Exceeded(line: max(line, 1), column: 1, message:
                "table row has \(pipes) `|` cell separators; table rows are limited to \(maximumTableCells), because the parser's time grows with the square of a row's cells")
        }
    }
}

private extension Int {
    /// `20,000,000`: limits are easier to read with thousands separated.
    var formatted: String {
        let digits = Array(String(self))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
