/// One problem found in a build, pointing at the source that caused it.
public struct Diagnostic: Hashable, Sendable {
    public enum Severity: String, Sendable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool {
            a == .error && b == .warning
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// The pipeline stage that found it (load, parse, link, render, write).
    public var stage: BuildStage

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, stage: BuildStage) {
        self.severity = severity
        self.location = location
        self.message = message
        self.stage = stage
    }

    public static func error(_ message: String, at location: SourceLocation, stage: BuildStage) -> Diagnostic {
        Diagnostic(.error, at: location, message, stage: stage)
    }

    public static func warning(_ message: String, at location: SourceLocation, stage: BuildStage) -> Diagnostic {
        Diagnostic(.warning, at: location, message, stage: stage)
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `PATH:LINE:COLUMN: error: MESSAGE`, the form editors and CI logs understand.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// The stages of a build, in the order they run.
public enum BuildStage: String, Sendable, CaseIterable {
    case load, parse, link, render, write
}

extension Diagnostic: Error {}
