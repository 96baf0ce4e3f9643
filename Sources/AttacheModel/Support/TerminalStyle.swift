import Foundation

/// Colours for a terminal: on when standard error (or output) is a
/// terminal, off when it is a file or a pipe, when `NO_COLOR` is set to
/// anything but "" (no-color.org), or when `TERM` is `dumb`.
/// `CLICOLOR_FORCE=1` turns them on for a pipe (NO_COLOR still wins).
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// The style for a file descriptor of this process.
    public static func forDescriptor(_ descriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return TerminalStyle(enabled: false) }
        if let force = environment["CLICOLOR_FORCE"], !force.isEmpty, force != "0" { return TerminalStyle(enabled: true) }
        if environment["TERM"] == "dumb" { return TerminalStyle(enabled: false) }
        return TerminalStyle(enabled: isatty(descriptor) == 1)
    }

    public func red(_ text: String) -> String { wrap(text, "1;31") }
    public func yellow(_ text: String) -> String { wrap(text, "1;33") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `PATH:LINE:COLUMN: error: MESSAGE`, with the place in bold and the
    /// severity in red or yellow.
    public func line(_ diagnostic: Diagnostic) -> String {
        guard enabled else { return diagnostic.description }
        let severity = diagnostic.severity == .error ? red("error:") : yellow("warning:")
        return bold("\(diagnostic.location):") + " " + severity + " " + diagnostic.message
    }
}

extension DiagnosticLog {
    /// `formattedText()`, coloured when the style is enabled.
    public func formattedText(_ style: TerminalStyle) -> String {
        guard style.enabled else { return formattedText() }
        return sorted.map { style.line($0) + "\n" }.joined()
    }
}
