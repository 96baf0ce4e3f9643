import Yams
import AttacheModel
import AttacheBytes

/// One `key: value` line of an entry's front matter.
package struct FrontMatterField {
    var key: String
    var keyLocation: SourceLocation
    var value: FrontMatterValue
}

/// A front-matter value as EntryLoader reads it.
package enum FrontMatterValue {
    /// A scalar: its text, whether it was written unquoted, its value as a
    /// YAML boolean when it is one, and where it starts.
    case scalar(String, isPlain: Bool, boolean: Bool?, at: SourceLocation)
    /// A list of scalars.
    case list([Located<String>], at: SourceLocation)
    /// A list whose items are scalars or mappings of scalars, or one mapping
    /// of scalars alone (`isList` false): dated relation values. `node` is
    /// Yams' node, for the messages of fields that take no mappings (nil
    /// from the simple reader, whose problems Yams reads again anyway).
    case items([FrontMatterItem], isList: Bool, at: SourceLocation, node: Node?)
    /// Anything else (nested lists, deeper mappings, aliases), for YAMLReader's own messages.
    case node(Node)
    /// A TOML table or a list holding tables or lists, which no field takes:
    /// what it is (`a table`), for the message.
    case structured(String, at: SourceLocation)
}

/// An item of `FrontMatterValue.items`.
package enum FrontMatterItem {
    case scalar(Located<String>)
    /// Its keys and values in the order written, and where the mapping starts.
    case mapping([(key: Located<String>, value: Located<String>)], at: SourceLocation)
}

extension FrontMatterField {
    /// The fields of a mapping read by Yams.
    static func fields(of mapping: Node.Mapping, reader: YAMLReader) -> [FrontMatterField] {
        mapping.compactMap { keyNode, valueNode in
            guard let key = keyNode.string else { return nil }
            return FrontMatterField(key: key, keyLocation: reader.location(of: keyNode), value: value(of: valueNode, reader: reader))
        }
    }

    private static func value(of node: Node, reader: YAMLReader) -> FrontMatterValue {
        switch node {
        case .scalar(let scalar):
            return .scalar(scalar.string, isPlain: scalar.style == .plain, boolean: Bool.construct(from: scalar), at: reader.location(of: node))
        case .sequence(let sequence):
            var items: [Located<String>] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else { return mixedItems(node, reader: reader) }
                items.append(Located(scalar.string, at: reader.location(of: item)))
            }
            return .list(items, at: reader.location(of: node))
        case .mapping(let mapping):
            guard let item = scalarMapping(mapping, at: node, reader: reader) else { return .node(node) }
            return .items([item], isList: false, at: reader.location(of: node), node: node)
        case .alias:
            return .node(node)
        }
    }

    /// A list of scalars and mappings of scalars, or `.node` for anything deeper.
    private static func mixedItems(_ node: Node, reader: YAMLReader) -> FrontMatterValue {
        guard case .sequence(let sequence) = node else { return .node(node) }
        var items: [FrontMatterItem] = []
        for item in sequence {
            switch item {
            case .scalar(let scalar): items.append(.scalar(Located(scalar.string, at: reader.location(of: item))))
            case .mapping(let mapping):
                guard let mapped = scalarMapping(mapping, at: item, reader: reader) else { return .node(node) }
                items.append(mapped)
            case .sequence, .alias: return .node(node)
            }
        }
        return .items(items, isList: true, at: reader.location(of: node), node: node)
    }

    private static func scalarMapping(_ mapping: Node.Mapping, at node: Node, reader: YAMLReader) -> FrontMatterItem? {
        var pairs: [(key: Located<String>, value: Located<String>)] = []
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let key) = keyNode, case .scalar(let value) = valueNode else { return nil }
            pairs.append((Located(key.string, at: reader.location(of: keyNode)), Located(value.string, at: reader.location(of: valueNode))))
        }
        return .mapping(pairs, at: reader.location(of: node))
    }
}

extension YAMLReader {
    /// A string scalar (numbers and booleans are read as written).
    func string(_ value: FrontMatterValue, field: String) -> Result<String, Diagnostic> {
        switch value {
        case .scalar(let text, _, _, _): return .success(text)
        case .list(_, let location): return .failure(.error("`\(field)` must be text, not a list", at: location, stage: stage))
        case .items(_, let isList, let location, let node):
            if let node { return string(node, field: field) }
            return .failure(.error("`\(field)` must be text, not a \(isList ? "list" : "mapping")", at: location, stage: stage))
        case .node(let node): return string(node, field: field)
        case .structured(let what, let location): return .failure(.error("`\(field)` must be text, not \(what)", at: location, stage: stage))
        }
    }

    /// A scalar or a list of scalars, each with its own location.
    func stringList(_ value: FrontMatterValue, field: String) -> Result<[Located<String>], Diagnostic> {
        switch value {
        case .scalar(let text, let isPlain, _, let location):
            if Self.isNull(text, isPlain: isPlain) { return .success([]) }
            return .success([Located(text, at: location)])
        case .list(let items, _): return .success(items)
        case .items(let items, let isList, let location, let node):
            if let node { return stringList(node, field: field) }
            let mapping = items.first { if case .mapping = $0 { return true } else { return false } }
            guard isList, case .mapping(_, let at)? = mapping else {
                return .failure(.error("`\(field)` must be a value or a list of values, not a mapping", at: location, stage: stage))
            }
            return .failure(.error("`\(field)` must be a list of plain values; this item is a mapping", at: at, stage: stage))
        case .node(let node): return stringList(node, field: field)
        case .structured(let what, let location): return .failure(.error("`\(field)` must be a value or a list of values, not \(what)", at: location, stage: stage))
        }
    }

    func bool(_ value: FrontMatterValue, field: String) -> Result<Bool, Diagnostic> {
        switch value {
        case .scalar(_, _, .some(let boolean), _): return .success(boolean)
        case .scalar(_, _, .none, let location), .list(_, let location), .items(_, _, let location, nil):
            return .failure(.error("`\(field)` must be true or false", at: location, stage: stage))
        case .items(_, _, _, let node?): return bool(node, field: field)
        case .node(let node): return bool(node, field: field)
        case .structured(_, let location): return .failure(.error("`\(field)` must be true or false", at: location, stage: stage))
        }
    }

    func location(of value: FrontMatterValue) -> SourceLocation {
        switch value {
        case .scalar(_, _, _, let location), .list(_, let location), .items(_, _, let location, _): return location
        case .node(let node): return location(of: node)
        case .structured(_, let location): return location
        }
    }
}

/// Reads the front matter most entries have without Yams: one `key: value`
/// per line, values that are plain or simply quoted scalars, `[a, b]` lists
/// and `- item` lists, no comments. It returns nil for anything else, and
/// Yams reads that text instead, so every error message and position still
/// comes from a full YAML parser. Composing a YAML document was the largest
/// cost of loading an entry; a test reads many front matters both ways and
/// compares the fields and their positions.
package enum SimpleFrontMatter {
    static func fields(_ yaml: String, path: String, firstLine: Int) -> [FrontMatterField]? {
        var reader = Reader(bytes: Array(yaml.utf8), path: path, firstLine: firstLine)
        return reader.read()
    }

    private struct Reader {
        let bytes: [UInt8]
        let path: String
        let firstLine: Int
        var fields: [FrontMatterField] = []

        init(bytes: [UInt8], path: String, firstLine: Int) {
            self.bytes = bytes
            self.path = path
            self.firstLine = firstLine
        }

        /// A line: where it starts and ends (without the newline), and its number from 0.
        struct Line {
            var start: Int
            var end: Int
            var number: Int
        }

        mutating func read() -> [FrontMatterField]? {
            var lines: [Line] = []
            var start = 0
            var number = 0
            while start <= bytes.count {
                let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start) ?? bytes.count
                lines.append(Line(start: start, end: end, number: number))
                start = end + 1
                number += 1
            }
            // A final newline leaves an empty last line.
            if let last = lines.last, last.start == last.end { lines.removeLast() }
            var position = 0
            while position < lines.count {
                let line = lines[position]
                position += 1
                guard isSimple(line) else { return nil }
                if isBlank(line.start, line.end) { continue }
                // A field: `key:` at the start of the line.
                var cursor = line.start
                guard isKeyStart(bytes[cursor]) else { return nil }
                while cursor < line.end, isKeyByte(bytes[cursor]) { cursor += 1 }
                guard cursor < line.end, bytes[cursor] == UInt8(ascii: ":") else { return nil }
                let key = String(decoding: bytes[line.start..<cursor], as: UTF8.self)
                // A linear search: front matter has a dozen keys, and hashing
                // each into a set cost more than comparing them. Longer front
                // matter is left to Yams, so this stays linear.
                guard fields.count < 32, !fields.contains(where: { $0.key == key }) else { return nil }
                let keyLocation = location(line, line.start)
                cursor += 1
                if cursor < line.end, bytes[cursor] != 0x20 { return nil }
                while cursor < line.end, bytes[cursor] == 0x20 { cursor += 1 }
                let value: FrontMatterValue
                if cursor == line.end {
                    // `key:` then `- item` lines, or nothing (an empty value). An
                    // item is a scalar, a flow mapping `{to: a, from: 1952}`, or a
                    // block mapping `to: a` with its other keys on the lines below.
                    var items: [Located<String>] = []
                    var mixed: [FrontMatterItem] = []
                    var hasMapping = false
                    var listLocation: SourceLocation?
                    var indent: Int?
                    while position < lines.count {
                        let itemLine = lines[position]
                        var dash = itemLine.start
                        while dash < itemLine.end, bytes[dash] == 0x20 { dash += 1 }
                        guard dash < itemLine.end, bytes[dash] == UInt8(ascii: "-") else { break }
                        guard isSimple(itemLine) else { return nil }
                        guard indent == nil || indent == dash - itemLine.start else { return nil }
                        indent = dash - itemLine.start
                        guard dash + 1 < itemLine.end, bytes[dash + 1] == 0x20 else { return nil }
                        var itemStart = dash + 1
                        while itemStart < itemLine.end, bytes[itemStart] == 0x20 { itemStart += 1 }
                        listLocation = listLocation ?? location(itemLine, dash)
                        position += 1
                        if itemStart < itemLine.end, bytes[itemStart] == UInt8(ascii: "{") {
                            guard let mapping = flowMapping(itemLine, from: itemStart) else { return nil }
                            mixed.append(mapping)
                            hasMapping = true
                        } else if let item = scalar(itemLine, from: itemStart, inList: false) {
                            items.append(Located(item.text, at: item.location))
                            mixed.append(.scalar(Located(item.text, at: item.location)))
                        } else {
                            guard let mapping = blockMapping(itemLine, from: itemStart, lines: lines, position: &position) else { return nil }
                            mixed.append(mapping)
                            hasMapping = true
                        }
                    }
                    if let listLocation {
                        value = hasMapping ? .items(mixed, isList: true, at: listLocation, node: nil) : .list(items, at: listLocation)
                    } else {
                        // An empty value: Yams places it where the next token starts; only
                        // the error paths use that position, and those go to Yams anyway.
                        value = .scalar("", isPlain: true, boolean: nil, at: location(line, line.end))
                    }
                } else if bytes[cursor] == UInt8(ascii: "[") {
                    guard let list = flowList(line, from: cursor) else { return nil }
                    value = list
                } else if bytes[cursor] == UInt8(ascii: "{") {
                    guard let mapping = flowMapping(line, from: cursor) else { return nil }
                    value = .items([mapping], isList: false, at: location(line, cursor), node: nil)
                } else {
                    guard let item = scalar(line, from: cursor, inList: false) else { return nil }
                    value = .scalar(item.text, isPlain: item.isPlain, boolean: item.isPlain ? Self.boolean(item.text) : nil, at: item.location)
                }
                fields.append(FrontMatterField(key: key, keyLocation: keyLocation, value: value))
            }
            return fields
        }

        /// Whether a line has none of what only Yams reads: comments, tabs,
        /// carriage returns and the characters that start anchors, tags,
        /// block scalars or directives. (Braces are read only as the flow
        /// mappings of dated relation values.) Every line read is checked,
        /// list items and mapping lines included.
        func isSimple(_ line: Line) -> Bool {
            for index in line.start..<line.end {
                switch bytes[index] {
                case UInt8(ascii: "#"), 0x09, 0x0D, UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
                     UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"),
                     UInt8(ascii: "\\"):
                    return false
                default: continue
                }
            }
            return true
        }

        /// YAML 1.1 booleans, as Yams reads an unquoted scalar.
        static func boolean(_ text: String) -> Bool? {
            // Titles and summaries are never one of these: skip lowercasing them.
            guard text.utf8.count <= 5 else { return nil }
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: return nil
            }
        }

        /// `{key: value, key: value}` up to the end of the line: keys
        /// key-shaped, values plain or quoted scalars with no comma, brace,
        /// bracket, `: ` or `#` in them. Nil for anything else.
        func flowMapping(_ line: Line, from open: Int) -> FrontMatterItem? {
            var end = line.end
            while end > open, bytes[end - 1] == 0x20 { end -= 1 }
            guard end - open >= 2, bytes[end - 1] == UInt8(ascii: "}") else { return nil }
            let close = end - 1
            var pairs: [(key: Located<String>, value: Located<String>)] = []
            var cursor = open + 1
            while cursor < close, bytes[cursor] == 0x20 { cursor += 1 }
            while true {
                guard cursor < close, isKeyStart(bytes[cursor]) else { return nil }
                let keyStart = cursor
                while cursor < close, isKeyByte(bytes[cursor]) { cursor += 1 }
                guard cursor + 1 < close, bytes[cursor] == UInt8(ascii: ":"), bytes[cursor + 1] == 0x20 else { return nil }
                let key = text(keyStart, cursor)
                guard !pairs.contains(where: { $0.key.value == key }) else { return nil }
                cursor += 1
                while cursor < close, bytes[cursor] == 0x20 { cursor += 1 }
                var valueEnd = cursor
                while valueEnd < close, bytes[valueEnd] != UInt8(ascii: ",") { valueEnd += 1 }
                guard let value = scalar(Line(start: line.start, end: valueEnd, number: line.number), from: cursor, inList: true),
                      value.isPlain || !(cursor..<valueEnd).contains(where: { bytes[$0] == UInt8(ascii: ",") }) else { return nil }
                pairs.append((Located(key, at: location(line, keyStart)), Located(value.text, at: value.location)))
                if valueEnd == close { break }
                cursor = valueEnd + 1
                while cursor < close, bytes[cursor] == 0x20 { cursor += 1 }
            }
            return .mapping(pairs, at: location(line, open))
        }

        /// A list item `key: value` (at `start`) and the `key: value` lines
        /// below it indented to the same column: a block mapping of scalars.
        /// Moves `position` past its lines; nil for anything else.
        func blockMapping(_ first: Line, from start: Int, lines: [Line], position: inout Int) -> FrontMatterItem? {
            let column = start - first.start
            var pairs: [(key: Located<String>, value: Located<String>)] = []
            func pair(_ line: Line, at keyStart: Int) -> Bool {
                var cursor = keyStart
                guard cursor < line.end, isKeyStart(bytes[cursor]) else { return false }
                while cursor < line.end, isKeyByte(bytes[cursor]) { cursor += 1 }
                guard cursor + 1 < line.end, bytes[cursor] == UInt8(ascii: ":"), bytes[cursor + 1] == 0x20 else { return false }
                let key = text(keyStart, cursor)
                guard !pairs.contains(where: { $0.key.value == key }) else { return false }
                cursor += 1
                while cursor < line.end, bytes[cursor] == 0x20 { cursor += 1 }
                guard cursor < line.end, bytes[cursor] != UInt8(ascii: "{"),
                      let value = scalar(line, from: cursor, inList: false) else { return false }
                pairs.append((Located(key, at: location(line, keyStart)), Located(value.text, at: value.location)))
                return true
            }
            guard pair(first, at: start) else { return nil }
            while position < lines.count {
                let line = lines[position]
                var indent = line.start
                while indent < line.end, bytes[indent] == 0x20 { indent += 1 }
                // The next item, the next field or a blank line ends the mapping; deeper lines are not ours.
                guard indent - line.start >= column, indent < line.end else { break }
                guard indent - line.start == column, isSimple(line), pair(line, at: indent) else { return nil }
                position += 1
            }
            return .mapping(pairs, at: location(first, start))
        }

        /// `[a, b, "c"]` up to the end of the line.
        func flowList(_ line: Line, from open: Int) -> FrontMatterValue? {
            var end = line.end
            while end > open, bytes[end - 1] == 0x20 { end -= 1 }
            guard end - open >= 2, bytes[end - 1] == UInt8(ascii: "]") else { return nil }
            let close = end - 1
            var items: [Located<String>] = []
            var cursor = open + 1
            while cursor < close, bytes[cursor] == 0x20 { cursor += 1 }
            if cursor == close { return .list([], at: location(line, open)) }
            while true {
                // An item runs to the next comma (quoted items contain none here).
                var itemEnd = cursor
                while itemEnd < close, bytes[itemEnd] != UInt8(ascii: ",") { itemEnd += 1 }
                guard let item = scalar(Line(start: line.start, end: itemEnd, number: line.number), from: cursor, inList: true) else { return nil }
                items.append(Located(item.text, at: item.location))
                if itemEnd == close { break }
                cursor = itemEnd + 1
                while cursor < close, bytes[cursor] == 0x20 { cursor += 1 }
                guard cursor < close else { return nil }
            }
            return .list(items, at: location(line, open))
        }

        /// A scalar from `start` to the end of `line` (trailing spaces dropped):
        /// plain, or in quotes without escapes. Nil for anything else.
        func scalar(_ line: Line, from start: Int, inList: Bool) -> (text: String, isPlain: Bool, location: SourceLocation)? {
            var end = line.end
            while end > start, bytes[end - 1] == 0x20 { end -= 1 }
            guard end > start else { return nil }
            let first = bytes[start]
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                guard end - start >= 2, bytes[end - 1] == first else { return nil }
                for index in (start + 1)..<(end - 1) where bytes[index] == first { return nil }
                return (text(start + 1, end - 1), false, location(line, start))
            }
            switch first {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"):
                return nil
            default: break
            }
            for index in start..<end {
                switch bytes[index] {
                case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: "}"):
                    return nil
                case UInt8(ascii: ":"):
                    // `a: b` inside a value would be a nested mapping; a value may not end with `:`.
                    if index + 1 == end || bytes[index + 1] == 0x20 { return nil }
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if inList { return nil }
                default: continue
                }
            }
            return (text(start, end), true, location(line, start))
        }

        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: bytes[start..<end], as: UTF8.self)
        }

        func isBlank(_ start: Int, _ end: Int) -> Bool {
            (start..<end).allSatisfy { bytes[$0] == 0x20 }
        }

        func isKeyStart(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "_")
        }

        func isKeyByte(_ byte: UInt8) -> Bool {
            isKeyStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }

        /// Yams counts columns in Unicode scalars, from 1.
        func location(_ line: Line, _ index: Int) -> SourceLocation {
            var column = 1
            for offset in line.start..<index where bytes[offset] & 0xC0 != 0x80 { column += 1 }
            return SourceLocation(path: path, line: firstLine + line.number, column: column)
        }
    }
}
