/// A small JSON writer: keys in the order given (so output is stable without
/// sorting), strings escaped per RFC 8259. Foundation's JSONSerialization
/// bridges through NSDictionary and sorts keys with locale-aware compares,
/// which made graph.json cost as much as all Markdown parsing.
package struct JSONText {
    /// Built as UTF-8 bytes: appending many short pieces to a String costs
    /// several times more per piece.
    package private(set) var bytes: [UInt8] = []

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    package init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    package enum Value {
        case string(String)
        case int(Int)
        case bool(Bool)
        case null
        case strings([String])
        /// An object, its members in the order given.
        case object([(String, Value)])
        case array([Value])
        /// JSON text written elsewhere, copied as it is.
        case raw(String)
    }

    package mutating func object(_ members: [(String, Value)]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(key)
            bytes.append(UInt8(ascii: ":"))
            self.value(value)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func value(_ value: Value) {
        switch value {
        case .string(let s): string(s)
        case .int(let n): raw(String(n))
        case .bool(let flag): raw(flag ? "true" : "false")
        case .null: raw("null")
        case .strings(let list): strings(list)
        case .object(let members): object(members)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (i, element) in values.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .raw(let json): raw(json)
        }
    }

    package mutating func raw(_ json: String) { bytes.append(contentsOf: json.utf8) }

    /// A JSON array of strings.
    package mutating func strings(_ list: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in list.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(s)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    package mutating func string(_ value: String) { Self.append(string: value, to: &bytes) }

    /// `value` as a JSON string, appended to `bytes` (no writer needed).
    package static func append(string value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { source in
            var runStart = 0
            for (i, byte) in source.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<i]))
                runStart = i + 1
                switch byte {
                case 0x22: bytes.append(contentsOf: #"\""#.utf8)
                case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                // `<` escaped so the JSON can be embedded in a page without closing a script tag.
                case 0x3C: bytes.append(contentsOf: #"\u003c"#.utf8)
                default:
                    let hex = String(byte, radix: 16)
                    bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
