import Foundation
import AttacheSite
import AttacheModel

/// The site being edited: rebuilt on every change into a private output
/// folder, which keeps the last good build while the content has errors.
public actor LiveSite {
    public private(set) var options: BuildOptions
    /// Goes up by one with every successful build; pages reload when it does.
    public private(set) var version = 0
    public private(set) var lastReport: BuildReport?
    private var site: IncrementalSite
    private var stopped = false
    /// The overlay's link for each problem (see DevServer.Settings.editorURL).
    let editorURL: String?

    public init(options: BuildOptions, editorURL: String? = nil) {
        self.options = options
        self.editorURL = editorURL
        site = IncrementalSite(options: options)
    }

    /// Before the first build: the address pages are served at (`--port 0`
    /// learns its port only once it is bound).
    func serve(atBaseURL baseURL: String) {
        options.baseURLOverride = baseURL
        site = IncrementalSite(options: options)
    }

    /// Before the first build: where it hands its pages while it writes them.
    func publishEarlyPages(to receive: @escaping @Sendable (EarlyPages) -> Void) {
        options.publishesEarlyPages = receive
        site = IncrementalSite(options: options)
    }

    /// A full build (the same code as `attache build`).
    @discardableResult
    public func rebuild() -> BuildReport {
        record(site.rebuild())
    }

    /// Brings the site up to date after these files changed: only the
    /// entry's own page and search shards when just its body text changed,
    /// a full build otherwise. The result is identical either way.
    @discardableResult
    public func update(changedPaths: Set<String>) -> (report: BuildReport, outcome: IncrementalSite.Outcome) {
        let (report, outcome) = site.update(changedPaths: changedPaths)
        return (record(report), outcome)
    }

    /// Brings the site up to date after a change: a full build when the
    /// changed paths are not known (nil). Returns nil once `stop()` was
    /// called, without building.
    public func refresh(changedPaths: Set<String>?) -> (report: BuildReport, outcome: IncrementalSite.Outcome?)? {
        guard !stopped else { return nil }
        guard let changedPaths else { return (rebuild(), nil) }
        let (report, outcome) = update(changedPaths: changedPaths)
        return (report, outcome)
    }

    /// No build runs after this: the server is removing the folder builds
    /// write into, and a late build would create it again. Being an actor
    /// method, it returns only after a build in progress has finished.
    public func stop() { stopped = true }

    private func record(_ report: BuildReport) -> BuildReport {
        if report.succeeded { version += 1 }
        lastReport = report
        return report
    }

    /// True while the last build failed (the overlay shows).
    var hasProblems: Bool { lastReport.map { !$0.succeeded } ?? false }

    /// What the browser is told after a build: reload, or show these problems.
    public func message() -> String {
        guard let report = lastReport, !report.succeeded else {
            return ReloadMessage.reload(version: version)
        }
        return OverlayMessage.errors(report, version: version, editorURL: editorURL, readableFolders: readableFolders)
    }

    /// What a page that just connected is told: its problems, or the
    /// version it should show (an older page reloads).
    func greeting() -> String {
        hasProblems ? message() : ReloadMessage.hello(version: version)
    }

    /// The folders the overlay may quote source lines from: the content and templates.
    var readableFolders: [String] {
        [FileSystem.absolutePath(options.contentDirectory)] + (options.templatesDirectory.map { [FileSystem.absolutePath($0)] } ?? [])
    }
}
