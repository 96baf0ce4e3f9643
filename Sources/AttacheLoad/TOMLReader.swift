import AttacheModel

/// Reads the TOML that Zola and Hugo put between `+++` lines: the part of
/// TOML 1.0 front matter uses, which is all of its values (strings in four
/// quotings with escapes, integers, floats, booleans, dates and times,
/// arrays, inline tables) and tables (`[taxonomies]`, `[extra]`, dotted keys,
/// `[[arrays of tables]]`). Written here rather than taken from a library:
/// the TOML package this machine offers wraps a C++ parser that keeps no
/// positions of values, and every problem must name its line and column.
/// Columns count bytes, as cmark-gfm's and the rest of the diagnostics do.
package struct TOMLReader {
    /// A value with where it starts in the file.
    package indirect enum Value: Sendable {
        case string(String)
        /// An integer, float, date or time, as written (underscores kept).
        case literal(String)
        case boolean(Bool)
        case array([Located<Value>])
        case table(Table)
    }

    /// Keys in the order written, each with where the key is.
    package struct Table: Sendable {
        package var keys: [Located<String>] = []
        package var values: [String: Located<Value>] = [:]
        /// Defined by a `[header]` (not only implied by a dotted key or a deeper header).
        var isExplicit = false
        /// An inline table or a value, closed to later additions.
        var isClosed = false

        package subscript(key: String) -> Located<Value>? { values[key] }
    }

    let path: String
    /// File line of the TOML text's first line.
    let firstLine: Int
    private let bytes: [UInt8]
    private var position = 0
    private var line = 0
    private var lineStart = 0

    package init(_ text: String, path: String, firstLine: Int) {
        self.bytes = Array(text.utf8)
        self.path = path
        self.firstLine = firstLine
    }

    private struct Failure: Error {
        var diagnostic: Diagnostic
    }

    /// The document as one table, or the first problem (TOML has no way to
    /// carry on after a syntax error that would not guess).
    package static func parse(_ text: String, path: String, firstLine: Int) -> Result<Table, Diagnostic> {
        var reader = TOMLReader(text, path: path, firstLine: firstLine)
        do {
            return .success(try reader.document())
        } catch let failure as Failure {
            return .failure(failure.diagnostic)
        } catch {
            return .failure(.error("invalid TOML", at: SourceLocation(path: path, line: firstLine), stage: .load))
        }
    }

    // MARK: positions

    private var here: SourceLocation { location(at: position) }

    private func location(at offset: Int) -> SourceLocation {
        SourceLocation(path: path, line: firstLine + line, column: offset - lineStart + 1)
    }

    private func fail(_ message: String, at location: SourceLocation? = nil) -> Failure {
        Failure(diagnostic: .error("invalid TOML: " + message, at: location ?? here, stage: .load))
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func peek(_ offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }

    private mutating func advanceLine() {
        line += 1
        lineStart = position
    }

    /// The character at the current position, for messages.
    private var shown: String {
        guard let byte = current else { return "the end of the front matter" }
        if byte == 0x0A { return "the end of the line" }
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "`" + String(decoding: bytes[position..<end], as: UTF8.self) + "`"
    }

    // MARK: structure

    private mutating func document() throws -> Table {
        var root = Table()
        /// The key path of the table that `key = value` lines go into.
        var currentPath: [Located<String>] = []
        while true {
            skipBlank()
            guard let byte = current else { break }
            if byte == 0x0A { position += 1; advanceLine(); continue }
            if byte == UInt8(ascii: "#") { skipComment(); continue }
            if byte == UInt8(ascii: "[") {
                let start = location(at: position)
                let isArray = peek(1) == UInt8(ascii: "[")
                position += isArray ? 2 : 1
                skipBlank()
                let keys = try keyPath()
                skipBlank()
                guard current == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else {
                    throw fail("expected `\(isArray ? "]]" : "]")` to close the table header, found \(shown)")
                }
                position += isArray ? 2 : 1
                try endOfLine()
                try openTable(keys, in: &root, isArray: isArray, at: start)
                currentPath = keys
                continue
            }
            let keys = try keyPath()
            skipBlank()
            guard current == UInt8(ascii: "=") else { throw fail("expected `=` after the key `\(keys.map(\.value).joined(separator: "."))`, found \(shown)") }
            position += 1
            skipBlank()
            let value = try self.value()
            try endOfLine()
            try insert(value, at: currentPath + keys, in: &root)
        }
        return root
    }

    /// `a`, `"a b"`, `'a'`, `a.b.c`: each part with where it is.
    private mutating func keyPath() throws -> [Located<String>] {
        var keys: [Located<String>] = []
        while true {
            skipBlank()
            let start = location(at: position)
            guard let byte = current else { throw fail("expected a key, found \(shown)") }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                let text = try quotedString(multiline: false)
                keys.append(Located(text, at: start))
            } else {
                let begin = position
                while let b = current, Self.isBareKeyByte(b) { position += 1 }
                guard position > begin else { throw fail("expected a key, found \(shown)") }
                keys.append(Located(String(decoding: bytes[begin..<position], as: UTF8.self), at: start))
            }
            skipBlank()
            guard current == UInt8(ascii: ".") else { return keys }
            position += 1
        }
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    private func dotted(_ keys: [Located<String>]) -> String { keys.map(\.value).joined(separator: ".") }

    /// Makes (or reopens, for implied tables) the table a `[header]` names.
    private func openTable(_ keys: [Located<String>], in root: inout Table, isArray: Bool, at start: SourceLocation) throws {
        try descend(into: &root, keys: keys[...], whole: keys, header: true, isArray: isArray, at: start)
    }

    private func descend(into table: inout Table, keys: ArraySlice<Located<String>>, whole: [Located<String>], header: Bool, isArray: Bool, at start: SourceLocation) throws {
        guard let key = keys.first else { return }
        let rest = keys.dropFirst()
        if rest.isEmpty && isArray {
            // `[[x]]`: a new table appended to the array `x`.
            var list: [Located<Value>] = []
            if let existing = table.values[key.value] {
                guard case .array(let items) = existing.value, items.allSatisfy({ if case .table = $0.value { return true } else { return false } }) else {
                    throw fail("`\(dotted(whole))` is already a value, not an array of tables", at: key.location)
                }
                list = items
            } else {
                table.keys.append(key)
            }
            var fresh = Table()
            fresh.isExplicit = true
            list.append(Located(.table(fresh), at: start))
            table.values[key.value] = Located(.array(list), at: key.location)
            return
        }
        var child: Table
        var childLocation = key.location
        if let existing = table.values[key.value] {
            switch existing.value {
            case .table(let found):
                if found.isClosed { throw fail("`\(dotted(whole))` is an inline table, which cannot be extended", at: key.location) }
                if rest.isEmpty && header && found.isExplicit { throw fail("the table `[\(dotted(whole))]` is defined twice", at: key.location) }
                child = found
                childLocation = existing.location
            case .array(var items):
                // A header under `[[x]]` goes into x's last table.
                guard case .table(var last)? = items.last?.value else { throw fail("`\(dotted(whole))` is already a value, not a table", at: key.location) }
                try descend(into: &last, keys: rest, whole: whole, header: header, isArray: isArray, at: start)
                items[items.count - 1] = Located(.table(last), at: items[items.count - 1].location)
                table.values[key.value] = Located(.array(items), at: existing.location)
                return
            default:
                throw fail("`\(dotted(whole))` is already a value, not a table", at: key.location)
            }
        } else {
            child = Table()
            table.keys.append(key)
        }
        if rest.isEmpty { child.isExplicit = true }
        try descend(into: &child, keys: rest, whole: whole, header: header, isArray: isArray, at: start)
        table.values[key.value] = Located(.table(child), at: childLocation)
    }

    /// Puts `key.path = value` into the document.
    private func insert(_ value: Located<Value>, at keys: [Located<String>], in root: inout Table) throws {
        try insert(value, keys: keys[...], whole: keys, into: &root)
    }

    private func insert(_ value: Located<Value>, keys: ArraySlice<Located<String>>, whole: [Located<String>], into table: inout Table) throws {
        guard let key = keys.first else { return }
        let rest = keys.dropFirst()
        if rest.isEmpty {
            if table.values[key.value] != nil { throw fail("the key `\(dotted(whole))` is given twice", at: key.location) }
            table.keys.append(key)
            table.values[key.value] = value
            return
        }
        var child = Table()
        var childLocation = key.location
        if let existing = table.values[key.value] {
            switch existing.value {
            case .table(let found) where !found.isClosed:
                child = found
                childLocation = existing.location
            case .array(var items):
                guard case .table(var last)? = items.last?.value else { throw fail("`\(key.value)` is already a value, not a table", at: key.location) }
                try insert(value, keys: rest, whole: whole, into: &last)
                items[items.count - 1] = Located(.table(last), at: items[items.count - 1].location)
                table.values[key.value] = Located(.array(items), at: existing.location)
                return
            default:
                throw fail("`\(key.value)` is already a value, not a table", at: key.location)
            }
        } else {
            table.keys.append(key)
        }
        try insert(value, keys: rest, whole: whole, into: &child)
        table.values[key.value] = Located(.table(child), at: childLocation)
    }

    // MARK: values

    private mutating func value() throws -> Located<Value> {
        let start = here
        guard let byte = current, byte != 0x0A else { throw fail("expected a value, found \(shown)") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let multiline = peek(1) == byte && peek(2) == byte
            return Located(.string(try quotedString(multiline: multiline)), at: start)
        case UInt8(ascii: "["):
            return Located(.array(try array()), at: start)
        case UInt8(ascii: "{"):
            return Located(.table(try inlineTable()), at: start)
        default:
            let begin = position
            // A bare value runs to a delimiter; dates may hold one space (`1979-05-27 07:32:00`).
            while let b = current, b != 0x0A, b != UInt8(ascii: ","), b != UInt8(ascii: "]"), b != UInt8(ascii: "}"), b != UInt8(ascii: "#") {
                if b == 0x20 || b == 0x09 {
                    let isDateTimeSpace = b == 0x20 && Self.isDate(bytes[begin..<position]) && (peek(1).map(Self.isDigit) ?? false)
                    if !isDateTimeSpace { break }
                }
                position += 1
            }
            let text = String(decoding: bytes[begin..<position], as: UTF8.self)
            if text == "true" { return Located(.boolean(true), at: start) }
            if text == "false" { return Located(.boolean(false), at: start) }
            guard Self.isLiteral(text) else {
                if text.isEmpty { throw fail("expected a value, found \(shown)", at: start) }
                throw fail("`\(DiagnosticQuote.quote(text))` is not a TOML value (text needs quotes: \"…\")", at: start)
            }
            return Located(.literal(text), at: start)
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `YYYY-MM-DD` exactly.
    private static func isDate(_ text: ArraySlice<UInt8>) -> Bool {
        let b = Array(text)
        guard b.count == 10 else { return false }
        return b.indices.allSatisfy { i in i == 4 || i == 7 ? b[i] == UInt8(ascii: "-") : isDigit(b[i]) }
    }

    /// Integers (decimal with `_`, 0x, 0o, 0b), floats (with exponent, `inf`, `nan`), dates and times.
    static func isLiteral(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard let first = b.first else { return false }
        var body = b[...]
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { body = b.dropFirst() }
        let word = String(decoding: body, as: UTF8.self)
        if word == "inf" || word == "nan" { return true }
        if body.count > 2, body.first == UInt8(ascii: "0"), body.count == b.count {
            let prefix = body[body.startIndex + 1]
            let digits = body.dropFirst(2)
            func all(_ test: (UInt8) -> Bool) -> Bool { !digits.isEmpty && digits.allSatisfy { test($0) || $0 == UInt8(ascii: "_") } }
            switch prefix {
            case UInt8(ascii: "x"): return all { isDigit($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f")) }
            case UInt8(ascii: "o"): return all { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            case UInt8(ascii: "b"): return all { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
            default: break
            }
        }
        // Dates and times: digits with `-`, `:`, `T`, `Z`, `.`, `+` and one space.
        if b.count >= 8, isDigit(b[0]), b.contains(UInt8(ascii: "-")) || b.contains(UInt8(ascii: ":")),
           b.allSatisfy({ isDigit($0) || "-:TtZz.+ ".utf8.contains($0) }) {
            return true
        }
        // Numbers: digits, `_` between digits, one `.`, an exponent.
        var sawDigit = false
        var previous: UInt8 = 0
        for byte in body {
            if isDigit(byte) { sawDigit = true }
            else if byte == UInt8(ascii: "_") { guard isDigit(previous) else { return false } }
            else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { guard isDigit(previous) else { return false } }
            else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { guard previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false } }
            else { return false }
            previous = byte
        }
        return sawDigit && isDigit(previous)
    }

    private mutating func array() throws -> [Located<Value>] {
        let open = here
        position += 1
        var items: [Located<Value>] = []
        while true {
            try skipBlankLinesAndComments(inside: "array", openedAt: open)
            if current == UInt8(ascii: "]") { position += 1; return items }
            items.append(try value())
            try skipBlankLinesAndComments(inside: "array", openedAt: open)
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "]") { position += 1; return items }
            throw fail("expected `,` or `]` in the array, found \(shown)")
        }
    }

    private mutating func inlineTable() throws -> Table {
        position += 1
        var table = Table()
        skipBlank()
        if current == UInt8(ascii: "}") { position += 1; table.isClosed = true; return table }
        while true {
            skipBlank()
            let keys = try keyPath()
            skipBlank()
            guard current == UInt8(ascii: "=") else { throw fail("expected `=` after the key `\(dotted(keys))`, found \(shown)") }
            position += 1
            skipBlank()
            let item = try value()
            try insert(item, keys: keys[...], whole: keys, into: &table)
            skipBlank()
            if current == UInt8(ascii: ",") { position += 1; continue }
            if current == UInt8(ascii: "}") { position += 1; table.isClosed = true; return table }
            throw fail("expected `,` or `}` in the inline table (which must stay on one line), found \(shown)")
        }
    }

    /// A string in `"…"`, `'…'`, `"""…"""` or `'''…'''`, its escapes read.
    private mutating func quotedString(multiline: Bool) throws -> String {
        let open = here
        let quote = bytes[position]
        let isLiteral = quote == UInt8(ascii: "'")
        position += multiline ? 3 : 1
        // A newline right after the opening quotes is not part of the string.
        if multiline, current == 0x0A { position += 1; advanceLine() }
        var out: [UInt8] = []
        while true {
            guard let byte = current else {
                throw fail("this string is never closed", at: open)
            }
            if byte == quote {
                if !multiline { position += 1; return String(decoding: out, as: UTF8.self) }
                if peek(1) == quote && peek(2) == quote {
                    // Up to two more quotes just before the closing three belong to the string.
                    var extra = 0
                    while peek(3 + extra) == quote && extra < 2 { extra += 1 }
                    out.append(contentsOf: repeatElement(quote, count: extra))
                    position += 3 + extra
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(byte)
                position += 1
                continue
            }
            if byte == 0x0A {
                guard multiline else { throw fail("this string is never closed on its line", at: open) }
                out.append(byte)
                position += 1
                advanceLine()
                continue
            }
            if byte < 0x20 && byte != 0x09 || byte == 0x7F {
                throw fail("a control character must be written as an escape in a string")
            }
            if byte == UInt8(ascii: "\\") && !isLiteral {
                let escape = here
                position += 1
                guard let code = current else { throw fail("this string is never closed", at: open) }
                switch code {
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let count = code == UInt8(ascii: "u") ? 4 : 8
                    guard position + count < bytes.count,
                          let value = UInt32(String(decoding: bytes[(position + 1)...(position + count)], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(value) else {
                        throw fail("`\\\(code == UInt8(ascii: "u") ? "u" : "U")` must be followed by \(count) hex digits of a Unicode scalar", at: escape)
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    position += count
                case 0x0A, 0x20, 0x09:
                    // A line-ending backslash: the newline and the blanks after it are dropped.
                    guard multiline else { throw fail("unknown escape (a backslash before a blank ends a line only in a multi-line string)", at: escape) }
                    while let b = current, b == 0x20 || b == 0x09 { position += 1 }
                    guard current == 0x0A else { throw fail("only blanks may follow a line-ending backslash", at: escape) }
                    while let b = current, b == 0x20 || b == 0x09 || b == 0x0A {
                        position += 1
                        if b == 0x0A { advanceLine() }
                    }
                    continue
                default:
                    throw fail("unknown escape `\\\(shown.dropFirst().dropLast())` (use `\\\\` for a backslash)", at: escape)
                }
                position += 1
                continue
            }
            out.append(byte)
            position += 1
        }
    }

    // MARK: blanks

    private mutating func skipBlank() {
        while let b = current, b == 0x20 || b == 0x09 { position += 1 }
    }

    private mutating func skipComment() {
        while let b = current, b != 0x0A { position += 1 }
    }

    private mutating func skipBlankLinesAndComments(inside what: String, openedAt open: SourceLocation) throws {
        while true {
            skipBlank()
            guard let byte = current else { throw fail("this \(what) is never closed", at: open) }
            if byte == UInt8(ascii: "#") { skipComment(); continue }
            if byte == 0x0A { position += 1; advanceLine(); continue }
            return
        }
    }

    /// Only blanks and a comment may follow a value or a header on its line.
    private mutating func endOfLine() throws {
        skipBlank()
        if current == UInt8(ascii: "#") { skipComment() }
        guard current == nil || current == 0x0A else { throw fail("expected the end of the line, found \(shown)") }
    }
}
