/// One Markdown file of the knowledge base, with its front matter read and
/// its body not yet parsed.
///
/// The fields live in one copy-on-write object: entries are read out of
/// arrays all through a build, and copying fifteen fields retained each of
/// their strings and collections (cold in memory on a large site), where
/// copying the object retains one reference.
public struct Entry: Sendable {
    private final class Storage: @unchecked Sendable {
        // @unchecked: only written while uniquely referenced (see `unique`).
        var slug: Slug
        var kind: KindID
        var relativePath: String
        var displayPath: String
        var title: String
        var summary: String
        var aliases: [String]
        var date: EntryDate?
        var updated: EntryDate?
        var isDraft: Bool
        var relations: [String: [Located<String>]]
        var relationFieldLocations: [String: SourceLocation]
        var facetTerms: [FacetID: [Located<String>]]
        var body: String
        var bodyFirstLine: Int
        var until: PartialDate?
        var asOf: Located<PartialDate>?
        var relationSpans: [String: [RelationSpan?]] = [:]
        var source: SourceReference?
        var sitePath: SitePath?
        var permalinkLocation: SourceLocation?
        var cssClasses: [String] = []

        init(slug: Slug, kind: KindID, relativePath: String, displayPath: String, title: String, summary: String,
             aliases: [String], date: EntryDate?, updated: EntryDate?, isDraft: Bool,
             relations: [String: [Located<String>]], relationFieldLocations: [String: SourceLocation],
             facetTerms: [FacetID: [Located<String>]], body: String, bodyFirstLine: Int) {
            self.slug = slug
            self.kind = kind
            self.relativePath = relativePath
            self.displayPath = displayPath
            self.title = title
            self.summary = summary
            self.aliases = aliases
            self.date = date
            self.updated = updated
            self.isDraft = isDraft
            self.relations = relations
            self.relationFieldLocations = relationFieldLocations
            self.facetTerms = facetTerms
            self.body = body
            self.bodyFirstLine = bodyFirstLine
        }

        func copy() -> Storage {
            let copy = Storage(slug: slug, kind: kind, relativePath: relativePath, displayPath: displayPath, title: title,
                               summary: summary, aliases: aliases, date: date, updated: updated, isDraft: isDraft, relations: relations,
                               relationFieldLocations: relationFieldLocations, facetTerms: facetTerms, body: body, bodyFirstLine: bodyFirstLine)
            copy.until = until
            copy.asOf = asOf
            copy.relationSpans = relationSpans
            copy.source = source
            copy.sitePath = sitePath
            copy.permalinkLocation = permalinkLocation
            copy.cssClasses = cssClasses
            return copy
        }
    }

    private var storage: Storage

    package init(slug: Slug, kind: KindID, relativePath: String, displayPath: String, title: String, summary: String,
         aliases: [String], date: EntryDate?, updated: EntryDate?, isDraft: Bool,
         relations: [String: [Located<String>]], relationFieldLocations: [String: SourceLocation],
         facetTerms: [FacetID: [Located<String>]], body: String, bodyFirstLine: Int) {
        storage = Storage(slug: slug, kind: kind, relativePath: relativePath, displayPath: displayPath, title: title,
                          summary: summary, aliases: aliases, date: date, updated: updated, isDraft: isDraft, relations: relations,
                          relationFieldLocations: relationFieldLocations, facetTerms: facetTerms, body: body, bodyFirstLine: bodyFirstLine)
    }

    /// The storage, copied first when another entry shares it.
    private var unique: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            return storage
        }
    }

    public var slug: Slug {
        get { storage.slug }
        _modify { yield &unique.slug }
    }
    public var kind: KindID {
        get { storage.kind }
        _modify { yield &unique.kind }
    }
    /// Path relative to the content folder (`case-studies/amisom.md`).
    public var relativePath: String {
        get { storage.relativePath }
        _modify { yield &unique.relativePath }
    }
    /// Path as shown in diagnostics.
    public var displayPath: String {
        get { storage.displayPath }
        _modify { yield &unique.displayPath }
    }
    public var title: String {
        get { storage.title }
        _modify { yield &unique.title }
    }
    public var summary: String {
        get { storage.summary }
        _modify { yield &unique.summary }
    }
    public var aliases: [String] {
        get { storage.aliases }
        _modify { yield &unique.aliases }
    }
    public var date: EntryDate? {
        get { storage.date }
        _modify { yield &unique.date }
    }
    public var updated: EntryDate? {
        get { storage.updated }
        _modify { yield &unique.updated }
    }
    public var isDraft: Bool {
        get { storage.isDraft }
        _modify { yield &unique.isDraft }
    }
    /// Relation field → the slugs it lists, each with where it was written.
    public var relations: [String: [Located<String>]] {
        get { storage.relations }
        _modify { yield &unique.relations }
    }
    /// Where each relation field's key was written (for count errors).
    public var relationFieldLocations: [String: SourceLocation] {
        get { storage.relationFieldLocations }
        _modify { yield &unique.relationFieldLocations }
    }
    /// Facet → the terms it lists, as written.
    public var facetTerms: [FacetID: [Located<String>]] {
        get { storage.facetTerms }
        _modify { yield &unique.facetTerms }
    }
    /// The Markdown body, after the front matter.
    public var body: String {
        get { storage.body }
        _modify { yield &unique.body }
    }
    /// Line of the body's first line in the file (front matter lines skipped).
    public var bodyFirstLine: Int {
        get { storage.bodyFirstLine }
        _modify { yield &unique.bodyFirstLine }
    }
    /// The page's own site path (`projects/tide-gauges/`), when it is not
    /// its kind's folder and its slug: a vault note (its folders are part of
    /// its address) or an entry with a `permalink`.
    public var sitePath: SitePath? {
        get { storage.sitePath }
        _modify { yield &unique.sitePath }
    }
    /// Where `permalink` was written, when it set `sitePath`.
    public var permalinkLocation: SourceLocation? {
        get { storage.permalinkLocation }
        _modify { yield &unique.permalinkLocation }
    }
    /// Front matter `cssclasses`: classes added to the entry's page.
    public var cssClasses: [String] {
        get { storage.cssClasses }
        _modify { yield &unique.cssClasses }
    }

    // What link resolution by name and path needs (Obsidian resolves
    // `[[Note]]` by file name, nearest folder first).

    /// The file name without its Markdown extension (`Weekly sync`).
    public var fileStem: String { Entry.fileStem(ofPath: relativePath) }
    /// The folder of the file relative to the content folder (`Archive/Meetings`; "" at the top).
    public var folderPath: String {
        guard let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(relativePath[..<slash])
    }

    /// `a/B c.md` → `B c`; a name without a Markdown extension stays whole.
    public static func fileStem(ofPath path: String) -> String {
        let utf8 = path.utf8
        let name = utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[utf8.index(after: $0)...]) } ?? path
        let lowered = name.lowercased()
        for suffix in [".md", ".markdown"] where lowered.hasSuffix(suffix) && lowered.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
    /// The end of the entry's own event (`until`), when `date` starts one.
    public var until: PartialDate? {
        get { storage.until }
        _modify { yield &unique.until }
    }
    /// When the entry's facts were last checked (`as_of`), with where it was written.
    public var asOf: Located<PartialDate>? {
        get { storage.asOf }
        _modify { yield &unique.asOf }
    }
    /// Relation field → the dates of each value, parallel to `relations`;
    /// a field is here only when some value of it is a mapping.
    public var relationSpans: [String: [RelationSpan?]] {
        get { storage.relationSpans }
        _modify { yield &unique.relationSpans }
    }
    /// The reference of an entry of a source kind (nil for other kinds).
    public var source: SourceReference? {
        get { storage.source }
        _modify { yield &unique.source }
    }
}

/// What a source entry says about the work it stands for.
public struct SourceReference: Sendable, Hashable {
    public var authors: [String] = []
    public var publisher: String?
    public var published: PartialDate?
    /// Where the work can be read (an absolute URL).
    public var url: String?
    /// When `url` was last read, with where it was written.
    public var accessed: Located<PartialDate>?
    /// DOI, ISBN, UN document symbol, treaty series…
    public var identifier: String?

    public init() {}
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

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A calendar date or date-time from front matter, checked and kept in
/// RFC 3339 form (what Atom requires), with its instant for ordering.
public struct EntryDate: Sendable, Comparable {
    /// `2024-05-01`, or a full RFC 3339 date-time such as `2024-05-01T10:00:00Z`.
    public var text: String
    /// `YYYY-MM-DD`, as written.
    public var day: String
    /// Seconds since 1970-01-01 UTC (a date alone counts as midnight UTC), so
    /// times in different zones sort correctly.
    public var instant: Int64

    public static func < (a: EntryDate, b: EntryDate) -> Bool { (a.instant, a.text) < (b.instant, b.text) }

    /// The RFC 3339 timestamp Atom wants.
    public var rfc3339: String {
        text.count == 10 ? text + "T00:00:00Z" : text
    }

    /// Accepts `YYYY-MM-DD`, optionally followed by `T` (or a space), a time
    /// `HH:MM` with optional `:SS` and fraction, and an optional zone (`Z`,
    /// `+02:00` or `+0200`; none means UTC). Returns why it is not one otherwise.
    public static func parse(_ text: String) -> Result<EntryDate, ParseProblem> {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            position += count
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }
        let shape = ParseProblem(nil)
        guard let year = number(4), skip(0x2D), let month = number(2), skip(0x2D), let day = number(2) else { return .failure(shape) }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return .failure(ParseProblem("\(text.prefix(10)) is not a day of the calendar"))
        }
        let dayText = String(text.prefix(10))
        let days = daysSince1970(year: year, month: month, day: day)
        if position == bytes.count { return .success(EntryDate(text: dayText, day: dayText, instant: days * 86_400)) }

        guard skip(0x54) || skip(0x74) || skip(0x20), let hour = number(2), skip(0x3A), let minute = number(2) else { return .failure(shape) }
        var second = 0
        var fraction = ""
        if skip(0x3A) {
            guard let value = number(2) else { return .failure(shape) }
            second = value
            if skip(0x2E) {
                let start = position
                while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 { position += 1 }
                guard position > start else { return .failure(shape) }
                fraction = "." + String(decoding: bytes[start..<position], as: UTF8.self)
            }
        }
        guard hour <= 23, minute <= 59, second <= 60 else {
            return .failure(ParseProblem("\(String(format: "%02d:%02d:%02d", hour, minute, second)) is not a time of day"))
        }
        var zone = "Z"
        var offset = 0
        if skip(0x5A) || skip(0x7A) || position == bytes.count {
            zone = "Z"
        } else if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D {
            let sign = bytes[position] == 0x2B ? 1 : -1
            position += 1
            guard let zoneHours = number(2) else { return .failure(shape) }
            _ = skip(0x3A)
            guard let zoneMinutes = number(2), zoneHours <= 23, zoneMinutes <= 59 else { return .failure(shape) }
            offset = sign * (zoneHours * 3600 + zoneMinutes * 60)
            zone = (sign > 0 ? "+" : "-") + String(format: "%02d:%02d", zoneHours, zoneMinutes)
        }
        guard position == bytes.count else { return .failure(shape) }
        let normalized = dayText + String(format: "T%02d:%02d:%02d", hour, minute, second) + fraction + zone
        let instant = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return .success(EntryDate(text: normalized, day: dayText, instant: instant))
    }

    /// Why a text is not a date: nil when it does not have a date's shape at
    /// all, otherwise which part is out of range.
    public struct ParseProblem: Error, Sendable {
        public var reason: String?
        init(_ reason: String?) { self.reason = reason }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
    /// (Howard Hinnant's days_from_civil).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
