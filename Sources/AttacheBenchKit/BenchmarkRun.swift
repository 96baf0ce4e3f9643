import Foundation
import AttacheSite
import AttacheModel

/// Generates a corpus, builds it in-process and measures the build.
public struct BenchmarkRun {
    public struct Result {
        public var entries: Int
        public var pages: Int
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var peakResidentMiB: Double
        public var errors: Int

        public var report: String {
            String(format: "%d entries, %d pages: wall %.3f s, CPU %.3f s, %.0f entries/s, peak RSS %.1f MiB%@",
                   entries, pages, wallSeconds, cpuSeconds, Double(entries) / max(wallSeconds, 1e-9), peakResidentMiB,
                   errors == 0 ? "" : ", \(errors) ERRORS")
        }
    }

    public let entryCount: Int
    public let templates: String
    public let jobs: Int
    public let workDirectory: String
    /// Build the vault corpus (VaultCorpusGenerator: no site.yml, no taxonomy.yml) instead of the typed one.
    public let vault: Bool
    /// Renders through swift-mustache (the tests' oracle) instead of Attaché's own engine.
    public let rendersWithSwiftMustache: Bool

    public init(entryCount: Int, templates: String, jobs: Int, workDirectory: String, vault: Bool = false, rendersWithSwiftMustache: Bool = false) {
        self.entryCount = entryCount
        self.templates = templates
        self.jobs = jobs
        self.workDirectory = workDirectory
        self.vault = vault
        self.rendersWithSwiftMustache = rendersWithSwiftMustache
    }

    /// Generates the corpus (once per N) and times one build of it.
    public func run() throws -> Result {
        let content = workDirectory + (vault ? "/vault-\(entryCount)" : "/content-\(entryCount)")
        let complete = content + (vault ? "/Home.md" : "/site.yml")
        if !FileManager.default.fileExists(atPath: complete) {
            try? FileManager.default.removeItem(atPath: content)
            if vault {
                try VaultCorpusGenerator(noteCount: entryCount).write(to: content)
            } else {
                try CorpusGenerator(entryCount: entryCount).write(to: content)
            }
        }
        let output = workDirectory + (vault ? "/vault-output-\(entryCount)" : "/output-\(entryCount)")
        try? FileManager.default.removeItem(atPath: output)
        let cpuBefore = Self.cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output, jobs: jobs)
        options.rendersWithSwiftMustache = rendersWithSwiftMustache
        let report = SiteBuilder(options: options).run()
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(entries: report.entryCount, pages: report.pagesWritten, wallSeconds: wall,
                      cpuSeconds: Self.cpuSeconds() - cpuBefore, peakResidentMiB: Self.peakResidentMiB(),
                      errors: report.diagnostics.errorCount)
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident memory of this process so far (Linux reports KiB).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
