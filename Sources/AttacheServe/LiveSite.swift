import AttacheCore
import Foundation

/// The site being edited: rebuilt on every change into a private output
/// folder, which keeps the last good build while the content has errors.
public actor LiveSite {
    public let options: BuildOptions
    /// Goes up by one with every successful build; pages reload when it does.
    public private(set) var version = 0
    public private(set) var lastReport: BuildReport?

    public init(options: BuildOptions) {
        self.options = options
    }

    /// A full build (the same code as `attache build`), so what is served is
    /// always exactly what a clean build of the same content produces.
    @discardableResult
    public func rebuild() -> BuildReport {
        let report = SiteBuilder(options: options).run()
        if report.succeeded { version += 1 }
        lastReport = report
        return report
    }

    /// What the browser is told after a build: reload, or show these problems.
    public func message() -> String {
        guard let report = lastReport, !report.succeeded else {
            return "{\"type\":\"reload\",\"version\":\(version)}"
        }
        let diagnostics = report.diagnostics.formattedJSON()
        return "{\"type\":\"errors\",\"version\":\(version),\"report\":\(diagnostics)}"
    }
}
