/// A place in a source file: 1-based line and column (columns count UTF-8 bytes,
/// as cmark-gfm and most compilers do).
public struct SourceLocation: Hashable, Sendable, Comparable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

extension SourceLocation: CustomStringConvertible {
    public var description: String { "\(path):\(line):\(column)" }
}
