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

/// An entry's position in the loaded site's entry list (`EntryIndex.entries`),
/// stable for one build (and for the live updates that keep its entry
/// list): how stages name an entry without copying it or hashing its slug.
/// Never written to the output; another build may number entries differently.
///
/// A plain integer in a struct (no optional, no class), so lists and sets of
/// entries take as much memory as lists of `Int`; everything is inlinable,
/// so a hot loop in another module compiles to the integer code.
@frozen
public struct EntryID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let position: Int
    @inlinable public init(_ position: Int) { self.position = position }
    @inlinable public var description: String { String(position) }
    @inlinable public static func == (a: EntryID, b: EntryID) -> Bool { a.position == b.position }
    @inlinable public static func < (a: EntryID, b: EntryID) -> Bool { a.position < b.position }
    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(position) }
}

/// The identifiers of a list of entries, in site order: `0..<count` as
/// `EntryID`s, without an array (`map` and `filter` on it make arrays).
@frozen
public struct EntryIDs: RandomAccessCollection, Sendable {
    public typealias Index = Int
    public typealias Indices = Range<Int>
    public let count: Int
    @inlinable public init(count: Int) { self.count = count }
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var indices: Range<Int> { 0..<count }
    @inlinable public subscript(position: Int) -> EntryID { EntryID(position) }
}

extension Array {
    /// The element for an entry, in a list indexed by entry (the site's
    /// entries, or anything worked out per entry in the same order).
    @inlinable public subscript(id: EntryID) -> Element {
        get { self[id.position] }
        _modify { yield &self[id.position] }
    }

    /// The identifiers of this list's positions, when it is indexed by entry.
    @inlinable public var entryIDs: EntryIDs { EntryIDs(count: count) }
}
