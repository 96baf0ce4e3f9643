import Yams
import AttacheModel

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
    /// Anything else (mappings, nested lists, aliases), for YAMLReader's own messages.
    case node(Node)
    /// A TOML table or a list holding tables or lists, which no field takes:
    /// what it is (`a table`), for the message.
    case structured(String, at: SourceLocation)
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
                guard case .scalar(let scalar) = item else { return .node(node) }
                items.append(Located(scalar.string, at: reader.location(of: item)))
            }
            return .list(items, at: reader.location(of: node))
        case .mapping, .alias:
            return .node(node)
        }
    }
}

extension YAMLReader {
    /// A string scalar (numbers and booleans are read as written).
    func string(_ value: FrontMatterValue, field: String) -> Result<String, Diagnostic> {
        switch value {
        case .scalar(let text, _, _, _): return .success(text)
        case .list(_, let location): return .failure(.error("`\(field)` must be text, not a list", at: location, stage: stage))
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
        case .node(let node): return stringList(node, field: field)
        case .structured(let what, let location): return .failure(.error("`\(field)` must be a value or a list of values, not \(what)", at: location, stage: stage))
        }
    }

    func bool(_ value: FrontMatterValue, field: String) -> Result<Bool, Diagnostic> {
        switch value {
        case .scalar(_, _, .some(let boolean), _): return .success(boolean)
        case .scalar(_, _, .none, let location), .list(_, let location):
            return .failure(.error("`\(field)` must be true or false", at: location, stage: stage))
        case .node(let node): return bool(node, field: field)
        case .structured(_, let location): return .failure(.error("`\(field)` must be true or false", at: location, stage: stage))
        }
    }

    func location(of value: FrontMatterValue) -> SourceLocation {
        switch value {
        case .scalar(_, _, _, let location), .list(_, let location): return location
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
        var yaml = yaml
        return yaml.withUTF8 { bytes -> [FrontMatterField]? in
            var reader = Reader(bytes: bytes, path: path, firstLine: firstLine)
            return reader.read()
        }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let path: String
        let firstLine: Int
        var fields: [FrontMatterField] = []

        init(bytes: UnsafeBufferPointer<UInt8>, path: String, firstLine: Int) {
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
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                lines.append(Line(start: start, end: index, number: number))
                start = index + 1
                number += 1
            }
            // A final newline leaves an empty last line.
            if let last = lines.last, last.start == last.end { lines.removeLast() }
            var position = 0
            while position < lines.count {
                let line = lines[position]
                position += 1
                for index in line.start..<line.end {
                    // Comments, tabs, carriage returns and the characters that start
                    // anchors, tags, block scalars or directives: leave them to Yams.
                    switch bytes[index] {
                    case UInt8(ascii: "#"), 0x09, 0x0D, UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
                         UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"),
                         UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\\"):
                        return nil
                    default: continue
                    }
                }
                if isBlank(line.start, line.end) { continue }
                // A field: `key:` at the start of the line.
                var cursor = line.start
                guard isKeyStart(bytes[cursor]) else { return nil }
                while cursor < line.end, isKeyByte(bytes[cursor]) { cursor += 1 }
                guard cursor < line.end, bytes[cursor] == UInt8(ascii: ":") else { return nil }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[line.start..<cursor]), as: UTF8.self)
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
                    // `key:` then `- item` lines, or nothing (an empty value).
                    var items: [Located<String>] = []
                    var listLocation: SourceLocation?
                    var indent: Int?
                    while position < lines.count {
                        let itemLine = lines[position]
                        var dash = itemLine.start
                        while dash < itemLine.end, bytes[dash] == 0x20 { dash += 1 }
                        guard dash < itemLine.end, bytes[dash] == UInt8(ascii: "-") else { break }
                        guard indent == nil || indent == dash - itemLine.start else { return nil }
                        indent = dash - itemLine.start
                        guard dash + 1 < itemLine.end, bytes[dash + 1] == 0x20 else { return nil }
                        var itemStart = dash + 1
                        while itemStart < itemLine.end, bytes[itemStart] == 0x20 { itemStart += 1 }
                        guard let item = scalar(itemLine, from: itemStart, inList: false) else { return nil }
                        listLocation = listLocation ?? location(itemLine, dash)
                        items.append(Located(item.text, at: item.location))
                        position += 1
                    }
                    if let listLocation {
                        value = .list(items, at: listLocation)
                    } else {
                        // An empty value: Yams places it where the next token starts; only
                        // the error paths use that position, and those go to Yams anyway.
                        value = .scalar("", isPlain: true, boolean: nil, at: location(line, line.end))
                    }
                } else if bytes[cursor] == UInt8(ascii: "[") {
                    guard let list = flowList(line, from: cursor) else { return nil }
                    value = list
                } else {
                    guard let item = scalar(line, from: cursor, inList: false) else { return nil }
                    value = .scalar(item.text, isPlain: item.isPlain, boolean: item.isPlain ? Self.boolean(item.text) : nil, at: item.location)
                }
                fields.append(FrontMatterField(key: key, keyLocation: keyLocation, value: value))
            }
            return fields
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
                case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","):
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
            String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
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
