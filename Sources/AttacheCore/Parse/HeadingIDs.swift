/// GitHub's heading ids: lowercase, punctuation dropped, spaces as hyphens,
/// `-1`, `-2`, … for repeats within one page.
public struct HeadingIDs {
    private var used: [String: Int] = [:]

    public init() {}

    /// The base id of a heading text, before making it unique.
    public static func baseID(for text: String) -> String {
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
