import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Runs the build's stages in order and collects every problem on the way.
/// This is the one place that lists them; each lives in a file of its own
/// under Steps/, and each stage's checks live in that stage's module:
///
/// 1. load (`Steps/LoadStep.swift`): settings, taxonomy, entries, templates;
/// 2. parse (`ParseStep`): bodies, relations, facets;
/// 3. link (`LinkStep`): the knowledge graph, anchors, orphans;
/// 4. render (`RenderStep`): every page, written to a staging folder as it
///    is made, with the search index and data files built beside it; the
///    output paths are checked before the first page (`OutputPathRules`);
/// 5. write (`WriteStep`): assets, data files, the swap into place.
///
/// `attache check` runs the same steps and writes nothing.
public struct SiteBuilder {
    public let options: BuildOptions
    let paths: DisplayPaths

    public init(options: BuildOptions, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.options = options
        self.paths = DisplayPaths(workingDirectory: workingDirectory)
    }

    public func run() -> BuildReport { runKeepingState(false).report }

    /// The cmark-gfm version the build parses with (`attache --version`).
    public static var markdownLibraryVersion: String { MarkdownRenderer.libraryVersion }

    /// A build, plus what a live server needs to redo one entry later (nil
    /// when the build failed or wrote nothing, or when not asked for: a
    /// build that keeps nothing frees the search index before writing).
    func runKeepingState(_ keepsState: Bool = true) -> (report: BuildReport, state: BuildState?) {
        var state: BuildState?
        let clock = ContinuousClock()
        let start = clock.now
        var log = DiagnosticLog()
        var pages = 0
        var entryCount = 0
        var draftsLeftOut = 0
        var stages: [(stage: BuildStage, seconds: Double)] = []
        let steps = StepTimes()
        func timed<T>(_ stage: BuildStage, _ work: () -> T) -> T {
            let stageStart = clock.now
            let result = work()
            stages.append((stage, (clock.now - stageStart).inSeconds))
            return result
        }
        // What the build made, freed after it on a thread of its own (below).
        let leftovers = Leftovers()
        if var loaded = timed(.load, { load(log: &log, steps: steps) }) {
            entryCount = loaded.index.entries.count
            draftsLeftOut = loaded.index.excludedDrafts.count
            let parsed = timed(.parse) { parse(loaded, log: &log, steps: steps) }
            // A vault whose notes have no tags has no Tags section.
            loaded.taxonomy.facets.removeAll { $0.isTags && (parsed.facets.terms[$0.id] ?? []).isEmpty }
            loaded.index = loaded.index.withoutBodies()
            // The search index needs only entries and parsed bodies: it is
            // built beside linking (one core) and rendering.
            var search: BackgroundWork<SearchOutput>?
            if !log.hasErrors, loaded.templates != nil {
                let loaded = loaded
                search = BackgroundWork(inBackground: options.jobs > 1) { searchOutput(loaded, parsed, keepsState: keepsState) }
            }
            let graph = timed(.link) { link(loaded, parsed, log: &log) }
            // Pages go straight to the staging folder as they are rendered,
            // so a build never holds the whole site in memory.
            var writer: OutputWriter?
            if !log.hasErrors, options.writesOutput { writer = makeWriter(loaded, log: &log) }
            if !log.hasErrors {
                let rendered = timed(.render) { render(loaded, parsed, graph, writer: writer, search: search, keepsState: keepsState, steps: steps, log: &log) }
                if let writer, !log.hasErrors, writer.failureSummary == nil, let dataFiles = rendered.dataFiles {
                    var graphDocument: GraphExport.Document?
                    pages = timed(.write) { write(loaded, rendered.pages, dataFiles: dataFiles, writer: writer, graphDocument: &graphDocument, steps: steps, log: &log) }
                    if let models = rendered.models, let search = rendered.search, let graphDocument, !log.hasErrors {
                        state = BuildState(builder: self, loaded: loaded, parsed: parsed, graph: graph, models: models, search: search,
                                           graphDocument: graphDocument)
                    }
                } else {
                    if let writer { discard(writer, joining: rendered.dataFiles, log: &log) }
                    pages = rendered.pages.filter(\.isListed).count + 1
                }
                leftovers.values.append(rendered)
            } else {
                writer?.discard()
            }
            leftovers.values += [loaded, parsed, graph]
        }
        // `--jobs 1` stays on one thread: its leftovers go with this frame.
        if state == nil, options.jobs > 1 { leftovers.freeInBackground() }
        var report = BuildReport(diagnostics: log, entryCount: entryCount, pagesWritten: pages, seconds: (clock.now - start).inSeconds)
        report.draftsLeftOut = draftsLeftOut
        report.stageSeconds = stages
        report.stepSeconds = steps.steps
        report.peakMemoryMiB = BuildReport.currentPeakMemoryMiB()
        state?.report = report
        return (report, state)
    }
}
