import AttacheModel
/// GitHub's heading ids: lowercase, punctuation dropped, spaces as hyphens,
/// `-1`, `-2`, … for repeats within one page.
public struct HeadingIDs {
    private var used: [String: Int] = [:]

    public init() {}

    /// The base id of a heading text, before making it unique.
    public static func baseID(for text: String) -> String {
        // ASCII headings (most of them): the same rules on bytes.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 0x20)
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): bytes.append(byte)
                case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return baseIDOfCharacters(text)
    }

    /// An ASCII byte `baseID` keeps as it is (a lowercase letter, a digit, `-`, `_`).
    @inline(__always)
    package static func keepsASCII(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// `baseID` for any text, one Character at a time.
    static func baseIDOfCharacters(_ text: String) -> String {
        var id = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                id.append(character)
            } else if character == " " {
                id.append("-")
            }
        }
        return id
    }

    /// A unique id for the next heading with this text.
    public mutating func next(for text: String) -> String {
        var base = Self.baseID(for: text)
        if base.isEmpty { base = "section" }
        // The first heading with this base (most headings): one lookup and one insert.
        if used[base] == nil {
            used[base] = 0
            return base
        }
        var candidate = base
        var count = used[base, default: 0]
        while used[candidate] != nil {
            count += 1
            candidate = "\(base)-\(count)"
        }
        used[base] = count
        used[candidate, default: 0] += 0
        return candidate
    }
}
