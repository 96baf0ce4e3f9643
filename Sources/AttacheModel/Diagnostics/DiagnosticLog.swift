import Foundation
import AttacheBytes

/// Collects every problem of a run so they can be reported together, in a
/// stable order, instead of stopping at the first.
public struct DiagnosticLog: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func add(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// Sorted by file, then position, then message: the same input always
    /// prints the same report, whatever order parallel work finished in.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics
            .filter { seen.insert($0).inserted }
            .sorted { a, b in
                if a.location != b.location { return a.location < b.location }
                if a.severity != b.severity { return a.severity < b.severity }
                return a.message < b.message
            }
    }

    /// One `PATH:LINE:COLUMN: severity: message` line per problem.
    public func formattedText() -> String {
        sorted.map { $0.description + "\n" }.joined()
    }

    /// The JSON shape documented in README (`attache check --format json`):
    /// keys in alphabetical order, one diagnostic a line, through the one
    /// JSON writer the site's data files use.
    public func formattedJSON() -> String {
        var json = JSONText()
        json.raw("{\n  \"diagnostics\": [")
        for (i, d) in sorted.enumerated() {
            json.raw(i == 0 ? "\n    " : ",\n    ")
            // A whole file or folder has no position: null, not a made-up 1:1.
            let column: JSONText.Value = d.location.hasPosition ? .int(d.location.column) : .null
            let line: JSONText.Value = d.location.hasPosition ? .int(d.location.line) : .null
            json.object([
                ("column", column), ("line", line), ("message", .string(d.message)),
                ("path", .string(d.location.path)), ("severity", .string(d.severity.rawValue)), ("stage", .string(d.stage.rawValue)),
            ])
        }
        json.raw(sorted.isEmpty ? "],\n" : "\n  ],\n")
        json.raw("  \"errors\": \(errorCount),\n  \"warnings\": \(warningCount)\n}\n")
        return json.text
    }
}
