/// A small JSON writer: keys in the order given (so output is stable without
/// sorting), strings escaped per RFC 8259. Foundation's JSONSerialization
/// bridges through NSDictionary and sorts keys with locale-aware compares,
/// which made graph.json cost as much as all Markdown parsing.
struct JSONText {
    private(set) var text = ""

    init(reserving capacity: Int = 0) { text.reserveCapacity(capacity) }

    enum Value {
        case string(String)
        case int(Int)
        case strings([String])
        case raw(String)
    }

    mutating func object(_ members: [(String, Value)]) {
        text += "{"
        for (index, (key, value)) in members.enumerated() {
            if index > 0 { text += "," }
            string(key)
            text += ":"
            switch value {
            case .string(let s): string(s)
            case .int(let n): text += String(n)
            case .strings(let list):
                text += "["
                for (i, s) in list.enumerated() {
                    if i > 0 { text += "," }
                    string(s)
                }
                text += "]"
            case .raw(let json): text += json
            }
        }
        text += "}"
    }

    mutating func raw(_ json: String) { text += json }

    mutating func string(_ value: String) {
        text += "\""
        var needsEscape = false
        for byte in value.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x3C {
            needsEscape = true
            break
        }
        guard needsEscape else {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            // `<` escaped so the JSON can be embedded in a page without closing a script tag.
            case "<": text += "\\u003c"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    static func encode(_ members: [(String, Value)]) -> String {
        var writer = JSONText()
        writer.object(members)
        return writer.text
    }
}
