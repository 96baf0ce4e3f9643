/// A place in a source file: 1-based line and column (columns count UTF-8 bytes,
/// as cmark-gfm and most compilers do), or a whole file or folder (`whole`),
/// which has no position to make up.
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var path: String
    /// 0 for a whole file or folder; else 1-based.
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    /// A file or folder as a whole (one that is missing, or refused as a
    /// whole): printed as `PATH: error: …`, without a line and column.
    public static func whole(_ path: String) -> SourceLocation {
        var location = SourceLocation(path: path)
        location.line = 0
        location.column = 0
        return location
    }

    /// False for `whole`: there is no line to show or jump to.
    public var hasPosition: Bool { line > 0 }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

extension SourceLocation: CustomStringConvertible {
    public var description: String { hasPosition ? "\(path):\(line):\(column)" : path }
}
