/// Which heading an anchor names. Obsidian links name a heading by its text
/// (`[[Note#Regional Cooperation]]`), may chain headings (`[[Note#A#B]]`:
/// the last counts), and name blocks as `^id`; GitHub-style links give the
/// heading's id (`[[note#regional-cooperation]]`). All of them work.
public enum HeadingAnchors {
    /// The heading an anchor names: `A#B` → `B`.
    public static func lastSegment(_ anchor: String) -> String {
        // Most anchors are one id, with nothing to cut: checked on bytes.
        let utf8 = anchor.utf8
        guard let hash = utf8.lastIndex(of: UInt8(ascii: "#")) else {
            guard let first = utf8.first, let last = utf8.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 else { return anchor.trimmedOfBlanks() }
            return anchor
        }
        return String(anchor[utf8.index(after: hash)...]).trimmedOfBlanks()
    }

    /// `^id`: a block id, not a heading.
    public static func isBlock(_ anchor: String) -> Bool { lastSegment(anchor).hasPrefix("^") }

    /// The fragment a link writes before it knows its target's headings:
    /// the id a heading with this text would get first. An id already is
    /// its own guess (ids are what `HeadingIDs.baseID` leaves unchanged),
    /// so links by id come out as they always did.
    public static func guessedID(for anchor: String) -> String {
        let name = lastSegment(anchor)
        // An id is its own guess (most links are written with one).
        if name.utf8.allSatisfy({ HeadingIDs.keepsASCII($0) }) || name.hasPrefix("^") { return name }
        let id = HeadingIDs.baseID(for: name)
        return id.isEmpty ? name : id
    }

    /// The heading an anchor names, by its id, else by its text (ignoring
    /// case and runs of spaces), else by the id its text would have; the
    /// first such heading when several match.
    public static func index(of anchor: String, in headings: [RenderedHeading]) -> Int? {
        let name = lastSegment(anchor)
        guard !name.isEmpty, !name.hasPrefix("^") else { return nil }
        if let index = headings.firstIndex(where: { $0.id == name }) { return index }
        let text = normalized(name)
        if let index = headings.firstIndex(where: { normalized($0.text) == text }) { return index }
        let base = HeadingIDs.baseID(for: name)
        guard !base.isEmpty else { return nil }
        return headings.firstIndex { HeadingIDs.baseID(for: $0.text) == base }
    }

    /// The id of the heading an anchor names, if there is one.
    public static func id(of anchor: String, in headings: [RenderedHeading]) -> String? {
        index(of: anchor, in: headings).map { headings[$0].id }
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
