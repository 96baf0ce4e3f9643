import Foundation

public struct BuildOptions: Sendable {
    public var contentDirectory: String
    public var templatesDirectory: String
    public var outputDirectory: String
    /// Include entries with `draft: true`.
    public var includeDrafts: Bool
    /// Threads for parsing, rendering and writing.
    public var jobs: Int
    /// False for `attache check`: load, parse, link and render, write nothing.
    public var writesOutput: Bool
    /// Replaces site.yml's `base_url` (a preview under another address).
    public var baseURLOverride: String?

    public init(contentDirectory: String = "Content", templatesDirectory: String = "Templates", outputDirectory: String = "Output",
                includeDrafts: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount, writesOutput: Bool = true) {
        self.contentDirectory = contentDirectory
        self.templatesDirectory = templatesDirectory
        self.outputDirectory = outputDirectory
        self.includeDrafts = includeDrafts
        self.jobs = max(1, jobs)
        self.writesOutput = writesOutput
    }
}

public struct BuildReport: Sendable {
    public var diagnostics: DiagnosticLog
    public var entryCount: Int
    public var pagesWritten: Int
    public var seconds: Double
    /// Wall time of each stage, in the order they ran (`attache build --timings`).
    public var stageSeconds: [(stage: BuildStage, seconds: Double)] = []
    public var succeeded: Bool { !diagnostics.hasErrors }

    public var timingsTable: String {
        stageSeconds.map { $0.stage.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%7.3f s", $0.seconds) }.joined(separator: "\n") + "\n"
    }

    /// The one line a build ends with.
    public var summaryLine: String {
        let time = String(format: "%.2f s", seconds)
        let warnings = diagnostics.warningCount
        let warningText = "\(warnings) warning\(warnings == 1 ? "" : "s")"
        if succeeded {
            return "Built \(pagesWritten) pages from \(entryCount) entries, \(warningText), in \(time)"
        }
        let errors = diagnostics.errorCount
        return "Build failed: \(errors) error\(errors == 1 ? "" : "s"), \(warningText), in \(time); Output left unchanged"
    }
}
