/// Where a page lives relative to the site root, in pretty form: "" for the
/// home page, "strategies/", "strategies/nato/" (every other page's path
/// ends with "/"). Pages are named by it between stages; `SiteURLs` turns
/// one into an output file or a link in the site's URL style, so a site
/// path and an output file or a link (all strings before) cannot be mixed up.
public struct SitePath: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: SitePath, b: SitePath) -> Bool { a.rawValue < b.rawValue }

    /// The home page's.
    public static let home = SitePath("")
    public var isHome: Bool { rawValue.isEmpty }

    /// The page in a folder below this one: `strategies/` and `nato` make `strategies/nato/`.
    public func appending(_ folder: String) -> SitePath { SitePath(rawValue + folder + "/") }

    /// Its folder relative to the site root, without the closing "/": `strategies/nato` ("" for the home page).
    public var folder: String { rawValue.hasSuffix("/") ? String(rawValue.dropLast()) : rawValue }
}
