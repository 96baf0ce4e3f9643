/// A date known to a year, a month or a day (`1952`, `2011-07`,
/// `2022-03-31`): what relation spans, `until`, `as_of`, `published` and
/// `accessed` take. History is often known only to the year.
public struct PartialDate: Sendable, Hashable {
    public enum Precision: UInt8, Sendable, Comparable {
        case year, month, day
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    public let year: Int
    /// 1…12 when known.
    public let month: Int?
    /// 1…31 when known (then `month` is known too).
    public let day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
    }

    public var precision: Precision { day != nil ? .day : month != nil ? .month : .year }

    /// `1952`, `2011-07`, `2022-03-31`: ISO 8601 at the precision written.
    public var text: String {
        var out = String(year)
        while out.utf8.count < 4 { out = "0" + out }
        if let month { out += month < 10 ? "-0\(month)" : "-\(month)" }
        if let day { out += day < 10 ? "-0\(day)" : "-\(day)" }
        return out
    }

    /// Days since 1970-01-01 of the first day the date names.
    public var firstDay: Int64 { EntryDate.daysSince1970(year: year, month: month ?? 1, day: day ?? 1) }

    /// Days since 1970-01-01 of the last day the date names.
    public var lastDay: Int64 {
        let month = self.month ?? 12
        return EntryDate.daysSince1970(year: year, month: month, day: day ?? EntryDate.daysIn(month: month, year: year))
    }

    /// Compared at the precision both have: `2011` and `2011-07` are the
    /// same year, so neither is before the other.
    public func isBefore(_ other: PartialDate) -> Bool {
        let common = min(precision, other.precision)
        return Self.key(self, common) < Self.key(other, common)
    }

    private static func key(_ date: PartialDate, _ precision: Precision) -> (Int, Int, Int) {
        switch precision {
        case .year: return (date.year, 0, 0)
        case .month: return (date.year, date.month ?? 0, 0)
        case .day: return (date.year, date.month ?? 0, date.day ?? 0)
        }
    }

    /// Chronological order for lists: by first day, a year before the
    /// months and days in it.
    public static func chronological(_ a: PartialDate, _ b: PartialDate) -> Bool {
        (a.firstDay, a.precision.rawValue) < (b.firstDay, b.precision.rawValue)
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil reason when the text has none
    /// of these shapes, otherwise which part is out of range.
    public static func parse(_ text: String) -> Result<PartialDate, EntryDate.ParseProblem> {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let shape = EntryDate.ParseProblem(nil)
        guard let year = number(0, 4) else { return .failure(shape) }
        if bytes.count == 4 { return .success(PartialDate(year: year)) }
        guard bytes.count == 7 || bytes.count == 10, bytes[4] == 0x2D, let month = number(5, 2) else { return .failure(shape) }
        guard (1...12).contains(month) else { return .failure(EntryDate.ParseProblem("\(text.prefix(7)) is not a month of the calendar")) }
        if bytes.count == 7 { return .success(PartialDate(year: year, month: month)) }
        guard bytes[7] == 0x2D, let day = number(8, 2) else { return .failure(shape) }
        guard day >= 1, day <= EntryDate.daysIn(month: month, year: year) else {
            return .failure(EntryDate.ParseProblem("\(text) is not a day of the calendar"))
        }
        return .success(PartialDate(year: year, month: month, day: day))
    }

    /// The day of a full date (`date:`, the build date), read from its
    /// `YYYY-MM-DD` bytes (every entry page with a timeline asks for many).
    public init(_ date: EntryDate) {
        var fields = (0, 0, 0)
        var field = 0
        for byte in date.day.utf8 {
            if byte == 0x2D { field += 1; continue }
            let digit = Int(byte &- 0x30)
            switch field {
            case 0: fields.0 = fields.0 * 10 + digit
            case 1: fields.1 = fields.1 * 10 + digit
            default: fields.2 = fields.2 * 10 + digit
            }
        }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// As a reader says it: `1952`, `July 2011`, `31 March 2022`.
    public var longText: String {
        guard let month else { return String(year) }
        let name = Self.monthNames[month - 1]
        guard let day else { return "\(name) \(year)" }
        return "\(day) \(name) \(year)"
    }

    /// A span beside a link, in years: `since 1952`, `until 2022`,
    /// `2007–2022`, `2011` (both ends in one year).
    public static func shortSpan(from: PartialDate?, until: PartialDate?) -> String {
        switch (from, until) {
        case (let from?, let until?): return from.year == until.year ? String(from.year) : "\(from.year)–\(until.year)"
        case (let from?, nil): return "since \(from.year)"
        case (nil, let until?): return "until \(until.year)"
        case (nil, nil): return ""
        }
    }

    /// An entry's own event: its day (`4 April 1949`), or the span to its
    /// end (`19 January 2007 – 31 March 2022`).
    public static func event(_ start: PartialDate, until: PartialDate?) -> String {
        until.map { longSpan(from: start, until: $0) } ?? start.longText
    }

    /// A span in a timeline, at the precision written: `since July 2011`,
    /// `4 April 1949`, `July 2011 – 31 March 2022`.
    public static func longSpan(from: PartialDate?, until: PartialDate?) -> String {
        switch (from, until) {
        case (let from?, let until?):
            if from == until { return from.longText }
            let separator = from.precision == .year && until.precision == .year ? "–" : " – "
            return from.longText + separator + until.longText
        case (let from?, nil): return "since " + from.longText
        case (nil, let until?): return "until " + until.longText
        case (nil, nil): return ""
        }
    }
}

/// The dates a relation value may carry: `{to: japan, from: 1952, until: …, note: …}`.
public struct RelationSpan: Sendable, Hashable {
    public var from: PartialDate?
    public var until: PartialDate?
    public var note: String?

    public init(from: PartialDate? = nil, until: PartialDate? = nil, note: String? = nil) {
        self.from = from
        self.until = until
        self.note = note
    }

    /// Has a date (a note alone puts nothing on a timeline).
    public var isDated: Bool { from != nil || until != nil }
}

/// How old an `as_of` date may get before `check` warns (`stale_after:
/// 3y` or `18m` in site.yml).
public struct StaleAge: Sendable, Equatable {
    public var months: Int
    /// As written, for messages.
    public var text: String

    public init(months: Int, text: String) {
        self.months = months
        self.text = text
    }

    /// `3y`, `18m` (a whole number of years or months).
    public static func parse(_ text: String) -> StaleAge? {
        guard let unit = text.last, unit == "y" || unit == "m", text.count >= 2,
              text.dropLast().allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(text.dropLast()), count > 0, count < 10_000 else { return nil }
        return StaleAge(months: unit == "y" ? count * 12 : count, text: text)
    }

    /// The last day (days since 1970) on which facts checked on `day` are
    /// still fresh.
    public func lastFreshDay(after day: Int64) -> Int64 {
        // Add whole months to the day's calendar date, keeping its day of the month where it exists.
        let (year, month, dayOfMonth) = EntryDate.civil(fromDays: day)
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12, newMonth = total % 12 + 1
        return EntryDate.daysSince1970(year: newYear, month: newMonth, day: min(dayOfMonth, EntryDate.daysIn(month: newMonth, year: newYear)))
    }
}

extension EntryDate {
    /// The calendar date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
