/// Finds a YAML alias (`*name`) used as a mapping key, or inside one.
/// Yams compares keys by their whole value, alias expanded, to find
/// duplicates: a "billion laughs" of nested aliases in keys takes forever
/// there, before any of our code sees a node. Attaché's keys are plain
/// names, so an alias in a key is refused up front instead; aliases as
/// values are left to Yams (they are never expanded by comparing).
///
/// A linear scan of the text that knows just enough YAML to find keys:
/// comments, quoted scalars, block scalars (`|`, `>`), flow collections
/// and complex keys (`? `).
enum YAMLAliasKeys {
    struct Found: Equatable {
        /// 1-based line and column of the `*`.
        var line: Int
        var column: Int
        var alias: String
    }

    static func find(in yaml: String) -> Found? {
        var scan = Scan(bytes: Array(yaml.utf8))
        return scan.run()
    }

    private struct Scan {
        let bytes: [UInt8]
        /// Indentation of the line that opened a block scalar; deeper lines are its text.
        var blockScalarIndent: Int?
        var flowDepth = 0
        /// The first alias inside the current top flow collection, which is a key if `:` follows it.
        var aliasInFlow: Found?
        /// Inside a quoted scalar that continues on the next line.
        var openQuote: UInt8?

        init(bytes: [UInt8]) { self.bytes = bytes }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        static func isFlowIndicator(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
        }

        mutating func run() -> Found? {
            var start = 0
            var line = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                if let found = scanLine(start, end, line) { return found }
                start = end + 1
                line += 1
            }
            return nil
        }

        /// Past `:` at `index` when it is a key's colon (followed by a space, the line's end or, in flow, an indicator).
        func isKeyColon(_ index: Int, _ end: Int) -> Bool {
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return false }
            return index + 1 == end || Self.isSpace(bytes[index + 1]) || (flowDepth > 0 && Self.isFlowIndicator(bytes[index + 1]))
        }

        func skippingSpaces(_ index: Int, _ end: Int) -> Int {
            var index = index
            while index < end, Self.isSpace(bytes[index]) { index += 1 }
            return index
        }

        /// The end of a quoted scalar starting at `index` (past its closing quote), or nil when it runs on.
        func endOfQuote(_ quote: UInt8, from index: Int, _ end: Int) -> Int? {
            var i = index
            while i < end {
                if quote == UInt8(ascii: "\""), bytes[i] == UInt8(ascii: "\\") { i += 2; continue }
                if bytes[i] == quote {
                    if quote == UInt8(ascii: "'"), i + 1 < end, bytes[i + 1] == quote { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return nil
        }

        mutating func scanLine(_ start: Int, _ end: Int, _ line: Int) -> Found? {
            let indentEnd = skippingSpaces(start, end)
            let indent = indentEnd - start
            if let blockIndent = blockScalarIndent {
                if indentEnd == end || indent > blockIndent { return nil }
                blockScalarIndent = nil
            }
            var i = start
            // At a key's place: a line's first token, after `- `, `? `, `{` or `,`.
            var atKey = true
            if let quote = openQuote {
                guard let closed = endOfQuote(quote, from: start, end) else { return nil }
                openQuote = nil
                i = closed
                atKey = false
            }
            var complexKey = false
            while i < end {
                let byte = bytes[i]
                if Self.isSpace(byte) { i += 1; continue }
                switch byte {
                case UInt8(ascii: "#"):
                    if i == start || Self.isSpace(bytes[i - 1]) { return nil }
                    i += 1
                    atKey = false
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    guard let closed = endOfQuote(byte, from: i + 1, end) else { openQuote = byte; return nil }
                    i = closed
                    atKey = false
                case UInt8(ascii: "-") where i + 1 == end || Self.isSpace(bytes[i + 1]):
                    atKey = true
                    i += 1
                case UInt8(ascii: "?") where i + 1 == end || Self.isSpace(bytes[i + 1]):
                    complexKey = true
                    atKey = true
                    i += 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    flowDepth += 1
                    atKey = true
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    flowDepth = max(flowDepth - 1, 0)
                    i += 1
                    if flowDepth == 0, let alias = aliasInFlow {
                        aliasInFlow = nil
                        // `{…}: value` or `[…]: value`: the collection is a key.
                        if isKeyColon(skippingSpaces(i, end), end) { return alias }
                    }
                    atKey = false
                case UInt8(ascii: ","):
                    atKey = flowDepth > 0
                    i += 1
                case UInt8(ascii: ":") where isKeyColon(i, end):
                    atKey = false
                    i += 1
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    // A block scalar: the rest of this line is its header.
                    if flowDepth == 0 { blockScalarIndent = indent; return nil }
                    i += 1
                case UInt8(ascii: "*"):
                    var nameEnd = i + 1
                    while nameEnd < end, !Self.isSpace(bytes[nameEnd]), !Self.isFlowIndicator(bytes[nameEnd]) { nameEnd += 1 }
                    // Yams' names stop before a `:` that ends the key.
                    var cut = nameEnd
                    if cut > i + 1, bytes[cut - 1] == UInt8(ascii: ":") { cut -= 1 }
                    let found = Found(line: line, column: i - start + 1,
                                      alias: String(decoding: bytes[(i + 1)..<cut], as: UTF8.self))
                    if complexKey || (atKey && (cut < nameEnd || isKeyColon(skippingSpaces(nameEnd, end), end))) { return found }
                    if flowDepth > 0, aliasInFlow == nil { aliasInFlow = found }
                    i = nameEnd
                    atKey = false
                default:
                    // A plain scalar: up to `: `, ` #` or, in flow, an indicator.
                    while i < end {
                        if isKeyColon(i, end) { break }
                        if bytes[i] == UInt8(ascii: "#"), Self.isSpace(bytes[i - 1]) { break }
                        if flowDepth > 0, Self.isFlowIndicator(bytes[i]) { break }
                        i += 1
                    }
                    atKey = false
                }
            }
            return nil
        }
    }
}
