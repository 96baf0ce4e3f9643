import Foundation
import AttacheSite
import AttacheModel

/// Generates a corpus, builds it in-process twice into the same output
/// folder (a first build, then a rebuild that replaces it) and measures both.
public struct BenchmarkRun {
    /// One build's measurements.
    public struct Build {
        public var pages: Int
        public var wallSeconds: Double
        public var cpuSeconds: Double
        /// This build's own peak resident memory: the high-water mark is
        /// reset before it starts, so generating the corpus or an earlier
        /// build does not count.
        public var peakResidentMiB: Double
        public var errors: Int
    }

    public struct Result {
        public var entries: Int
        public var build: Build
        /// The same build again into the output the first one wrote.
        public var rebuild: Build?
        public var errors: Int { build.errors + (rebuild?.errors ?? 0) }

        public var pages: Int { build.pages }
        public var wallSeconds: Double { build.wallSeconds }
        public var cpuSeconds: Double { build.cpuSeconds }
        public var peakResidentMiB: Double { build.peakResidentMiB }

        public var report: String {
            func line(_ name: String, _ run: Build) -> String {
                String(format: "%@: wall %.3f s, CPU %.3f s, %.0f entries/s, peak RSS %.1f MiB%@", name,
                       run.wallSeconds, run.cpuSeconds, Double(entries) / max(run.wallSeconds, 1e-9), run.peakResidentMiB,
                       run.errors == 0 ? "" : ", \(run.errors) ERRORS")
            }
            var lines = ["\(entries) entries, \(build.pages) pages", line("build", build)]
            if let rebuild {
                lines.append(line("rebuild", rebuild) + String(format: " (%.2f× the build)", rebuild.wallSeconds / max(build.wallSeconds, 1e-9)))
            }
            return lines.joined(separator: "\n")
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
    /// Also time a second build into the first one's output.
    public let rebuilds: Bool

    public init(entryCount: Int, templates: String, jobs: Int, workDirectory: String, vault: Bool = false, rendersWithSwiftMustache: Bool = false,
                rebuilds: Bool = true) {
        self.entryCount = entryCount
        self.templates = templates
        self.jobs = jobs
        self.workDirectory = workDirectory
        self.vault = vault
        self.rendersWithSwiftMustache = rendersWithSwiftMustache
        self.rebuilds = rebuilds
    }

    /// Generates the corpus (once per N) and times a build of it, then a rebuild.
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
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output, jobs: jobs)
        options.rendersWithSwiftMustache = rendersWithSwiftMustache
        let first = Self.measure(options)
        let second = rebuilds ? Self.measure(options) : nil
        return Result(entries: first.entries, build: first.build, rebuild: second?.build)
    }

    static func measure(_ options: BuildOptions) -> (entries: Int, build: Build) {
        resetPeakResident()
        let cpuBefore = cpuSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        let report = SiteBuilder(options: options).run()
        let elapsed = clock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (report.entryCount, Build(pages: report.pagesWritten, wallSeconds: wall, cpuSeconds: cpuSeconds() - cpuBefore,
                                         peakResidentMiB: BuildReport.currentPeakMemoryMiB() ?? peakResidentMiB(),
                                         errors: report.diagnostics.errorCount))
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Resets this process's high-water mark of resident memory (`VmHWM`) to
    /// what it holds now (Linux: `5` written to /proc/self/clear_refs).
    static func resetPeakResident() {
        guard let file = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        file.write(Data("5".utf8))
        try? file.close()
    }

    /// Peak resident memory of this process so far (Linux reports KiB), where `VmHWM` cannot be read.
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
