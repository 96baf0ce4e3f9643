/// One Markdown file of the knowledge base, with its front matter read and
/// its body not yet parsed.
public struct Entry: Sendable {
    public var slug: Slug
    public var kind: KindID
    /// Path relative to the content folder (`case-studies/amisom.md`).
    public var relativePath: String
    /// Path as shown in diagnostics.
    public var displayPath: String
    public var title: String
    public var summary: String
    public var aliases: [String]
    public var date: EntryDate?
    public var updated: EntryDate?
    public var isDraft: Bool
    /// Relation field → the slugs it lists, each with where it was written.
    public var relations: [String: [Located<String>]]
    /// Where each relation field's key was written (for count errors).
    public var relationFieldLocations: [String: SourceLocation]
    /// Facet → the terms it lists, as written.
    public var facetTerms: [FacetID: [Located<String>]]
    /// The Markdown body, after the front matter.
    public var body: String
    /// Line of the body's first line in the file (front matter lines skipped).
    public var bodyFirstLine: Int
}

/// A value with the place it was written.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// A calendar date or date-time from front matter, kept as written and as a sortable key.
public struct EntryDate: Sendable, Comparable {
    /// As written, ISO 8601 (`2024-05-01` or `2024-05-01T10:00:00Z`).
    public var text: String
    /// `YYYY-MM-DD`.
    public var day: String

    public static func < (a: EntryDate, b: EntryDate) -> Bool { a.text < b.text }

    /// The RFC 3339 timestamp Atom wants.
    public var rfc3339: String {
        text.count == 10 ? text + "T00:00:00Z" : text
    }

    /// Accepts `YYYY-MM-DD`, optionally followed by `T` or a space and a time.
    public static func parse(_ text: String) -> EntryDate? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
        guard digits(0..<4), bytes[4] == 0x2D, digits(5..<7), bytes[7] == 0x2D, digits(8..<10) else { return nil }
        let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)) ?? 0
        let day = Int(String(decoding: bytes[8..<10], as: UTF8.self)) ?? 0
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        if bytes.count > 10 {
            guard bytes[10] == 0x54 || bytes[10] == 0x20, bytes.count >= 16 else { return nil }
            let normalized = text.replacingFirstSpaceWithT()
            let hasZone = normalized.hasSuffix("Z") || normalized.dropFirst(16).contains("+") || normalized.dropFirst(16).contains("-")
            return EntryDate(text: hasZone ? normalized : normalized + "Z", day: String(text.prefix(10)))
        }
        return EntryDate(text: text, day: text)
    }
}

private extension String {
    func replacingFirstSpaceWithT() -> String {
        var copy = self
        if let index = copy.firstIndex(of: " ") { copy.replaceSubrange(index...index, with: "T") }
        return copy
    }
}
