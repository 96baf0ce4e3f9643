import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

public struct BuildOptions: Sendable {
    public var contentDirectory: String
    /// A folder whose files replace the built-in theme's, file by file
    /// (see Theme); nil for the built-in theme alone.
    public var templatesDirectory: String?
    /// False when the folder is only the usual place (`Templates/` beside
    /// the content folder): if it does not exist, the built-in theme is used
    /// alone. True for a folder named with `--templates`.
    public var templatesDirectoryMustExist = true
    public var outputDirectory: String
    /// Include entries with `draft: true`.
    public var includeDrafts: Bool
    /// Threads for parsing, rendering and writing.
    public var jobs: Int
    /// False for `attache check`: load, parse, link and render, write nothing.
    public var writesOutput: Bool
    /// Replaces site.yml's `base_url` (a preview under another address).
    public var baseURLOverride: String?
    /// Replaces site.yml's `url_style`.
    public var urlStyleOverride: URLStyle?
    /// Replaces site.yml's `broken_links` (and the default without site.yml).
    public var brokenLinksOverride: BrokenLinkPolicy?
    /// The feed's `updated` date (RFC 3339); nil for today (or `SOURCE_DATE_EPOCH`'s day).
    public var buildDate: String?
    /// Render every template with swift-mustache instead of the faster
    /// interpreter (see CompiledTemplates); tests compare the two outputs,
    /// and `attache-bench --swift-mustache` times the difference.
    public var rendersWithSwiftMustache = false
    /// From this many pages on, the previous output is deleted by a detached
    /// process after the new one is swapped in, so a rebuild ends when its
    /// output is in place (see OutputWriter.removePrevious); a smaller one
    /// is deleted before the build returns. nil: never in the background.
    public var backgroundRemovalMinimumPages: Int? = 4096
    /// Called once pages can be rendered, before they are written, with a
    /// way to answer for any of them while the build goes on (`attache
    /// serve` on its first build; see EarlyPages). Not called by a build
    /// that writes nothing or fails before rendering.
    public var publishesEarlyPages: (@Sendable (EarlyPages) -> Void)?

    public init(contentDirectory: String = "Content", templatesDirectory: String? = "Templates", outputDirectory: String = "Output",
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
    /// Entries with `draft: true` this build left out (none with --drafts).
    public var draftsLeftOut = 0
    public var pagesWritten: Int
    public var seconds: Double
    /// Wall time of each stage, in the order they ran (`attache build --timings`).
    public var stageSeconds: [(stage: BuildStage, seconds: Double)] = []
    /// Wall time of the named steps inside a stage, printed under it.
    public var stepSeconds: [(stage: BuildStage, step: String, seconds: Double)] = []
    /// This process's peak resident memory so far (Linux `VmHWM`), when known.
    public var peakMemoryMiB: Double?
    public var succeeded: Bool { !diagnostics.hasErrors }

    public var timingsTable: String {
        var lines: [String] = []
        let width = stepSeconds.map(\.step.count).max().map { max($0 + 2, 22) } ?? 22
        for (stage, seconds) in stageSeconds {
            lines.append(stage.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + String(format: "%7.3f s", seconds))
            for step in stepSeconds where step.stage == stage {
                lines.append("  " + step.step.padding(toLength: width, withPad: " ", startingAt: 0) + String(format: "%7.3f s", step.seconds))
            }
        }
        if let peakMemoryMiB { lines.append(String(format: "peak memory %.1f MiB", peakMemoryMiB)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `VmHWM` from /proc/self/status: the high-water mark of this process's
    /// own memory. (getrusage's ru_maxrss also counts the parent's memory
    /// when the process was started with vfork, as posix_spawn does.)
    public static func currentPeakMemoryMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kib / 1024
    }

    /// The one line a build ends with:
    /// `Built 76 pages from 48 entries, 1 draft left out, 0 warnings, in 0.12 s`.
    public var summaryLine: String {
        let time = String(format: "%.2f s", seconds)
        if succeeded {
            return "Built \(Self.count(pagesWritten, "page")) from \(Self.count(entryCount, "entry", "entries"))\(draftsText), \(warningsText), in \(time)"
        }
        return "Build failed: \(problemsText), in \(time); Output left unchanged"
    }

    /// `attache check`'s last line: `Checked 48 entries: 0 errors, 1 warning`.
    public var checkSummaryLine: String {
        "Checked \(Self.count(entryCount, "entry", "entries"))\(draftsText): \(problemsText)"
    }

    /// `2 errors, 1 warning`.
    public var problemsText: String { Self.count(diagnostics.errorCount, "error") + ", " + warningsText }
    var warningsText: String { Self.count(diagnostics.warningCount, "warning") }
    var draftsText: String { draftsLeftOut == 0 ? "" : ", " + Self.count(draftsLeftOut, "draft") + " left out" }

    /// `1 page`, `2 pages`, `0 entries`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
    }
}
