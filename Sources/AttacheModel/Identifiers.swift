/// An entry's identifier: its file name without `.md`, unique across the site.
public struct Slug: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Slug, b: Slug) -> Bool { a.rawValue < b.rawValue }
}

/// A kind's key in taxonomy.yml (`case-study`).
public struct KindID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: KindID, b: KindID) -> Bool { a.rawValue < b.rawValue }
}

/// A facet's key in taxonomy.yml (`regions`).
public struct FacetID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: FacetID, b: FacetID) -> Bool { a.rawValue < b.rawValue }
}

/// A facet term's URL form: `Asia-Pacific` becomes `asia-pacific`.
public struct TermSlug: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: TermSlug, b: TermSlug) -> Bool { a.rawValue < b.rawValue }
}
