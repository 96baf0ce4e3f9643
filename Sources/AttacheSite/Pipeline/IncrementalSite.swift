import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// What a build keeps so that a live server can redo one entry without
/// rebuilding the site: the loaded content, parsed bodies, the graph, the
/// page models (cards and chrome already rendered) and the search index.
package struct BuildState {
    let builder: SiteBuilder
    var loaded: SiteBuilder.Loaded
    var parsed: SiteBuilder.Parsed
    var graph: KnowledgeGraph
    var models: PageViewModels
    var search: SearchIndex
    /// graph.json in parts (see GraphExport.Document).
    var graphDocument: GraphExport.Document
    var report = BuildReport(diagnostics: DiagnosticLog(), entryCount: 0, pagesWritten: 0, seconds: 0)
    /// Entry by the file's absolute path.
    let entryAtPath: [String: EntryID]

    init(builder: SiteBuilder, loaded: SiteBuilder.Loaded, parsed: SiteBuilder.Parsed, graph: KnowledgeGraph,
         models: PageViewModels, search: SearchIndex, graphDocument: GraphExport.Document) {
        self.builder = builder
        self.graphDocument = graphDocument
        self.loaded = loaded
        self.parsed = parsed
        self.graph = graph
        self.models = models
        self.search = search
        var entryAtPath: [String: EntryID] = [:]
        for (i, entry) in zip(loaded.index.entries.entryIDs, loaded.index.entries) { entryAtPath[loaded.contentRoot + "/" + entry.relativePath] = i }
        self.entryAtPath = entryAtPath
    }
}

/// A site that is rebuilt after every change, as `attache serve` needs.
/// A change to one entry's body text or relation targets redoes only the
/// pages that show them (see `updateEntry`) and the search shards whose
/// scores moved; any other change is a full build. Either way the output
/// folder ends up byte-identical to a clean `attache build`.
public final class IncrementalSite {
    public enum Outcome: Sendable, Equatable {
        /// Only these files (relative to the output folder) were rewritten or removed.
        case updated([String])
        case fullBuild
    }

    public let options: BuildOptions
    let workingDirectory: String
    private var state: BuildState?

    public init(options: BuildOptions, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.options = options
        self.workingDirectory = workingDirectory
    }

    /// Builds the whole site.
    public func rebuild() -> BuildReport {
        let (report, state) = SiteBuilder(options: options, workingDirectory: workingDirectory).runKeepingState()
        // After a failed build the content on disk no longer matches any
        // kept state: the next change must be a full build too.
        self.state = report.succeeded ? state : nil
        return report
    }

    /// Brings the output up to date after `changedPaths` (absolute) changed.
    public func update(changedPaths: Set<String>) -> (report: BuildReport, outcome: Outcome) {
        let start = ContinuousClock.now
        let changedPaths = changedPaths.filter(isRead)
        if changedPaths.isEmpty, let report = state?.report { return (report, .updated([])) }
        if changedPaths.count == 1, let path = changedPaths.first, var state {
            // The update owns the state while it runs: with a second
            // reference here, changing one entry's body or search document
            // copied the whole site's arrays (a third of an edit's time at
            // 100,000 entries). If it cannot update, a full build makes a new state.
            self.state = nil
            if let written = Self.updateEntry(at: path, in: &state) {
                self.state = state
                var report = state.report
                report.seconds = (ContinuousClock.now - start).inSeconds
                report.pagesWritten = 1
                report.stageSeconds = []
                return (report, .updated(written))
            }
        }
        return (rebuild(), .fullBuild)
    }

    /// Whether a build reads this path: what the content scanner and the
    /// template loader look at, not editor backups (`a.md~`, `.a.md.swp`,
    /// vim's `4913`) or other files. New folders count.
    func isRead(_ path: String) -> Bool {
        let content = FileSystem.absolutePath(options.contentDirectory) + "/"
        // No templates folder: nothing matches it (paths are absolute).
        let templates = options.templatesDirectory.map { FileSystem.absolutePath($0) + "/" } ?? "\0"
        let relative: Substring
        let isContent: Bool
        if path.hasPrefix(content) { relative = path.dropFirst(content.count); isContent = true }
        else if path.hasPrefix(templates) { relative = path.dropFirst(templates.count); isContent = false }
        else { return true }
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return false }
        if relative.hasPrefix("assets/") || FileSystem.isDirectory(path) { return true }
        // Any other file of the content folder is an attachment, copied into the site.
        if isContent { return !relative.hasSuffix("~") && relative.split(separator: "/").last != "4913" }
        return relative.hasSuffix(".mustache")
    }

    /// Redoes one changed entry; nil when the change reaches beyond what
    /// this handles (the caller then builds everything). Handled: new body
    /// text, and new relation targets, when neither brings a problem, moves
    /// a heading id, changes the entries the body links to, or changes which
    /// entries are orphans. Pages redone: the entry's own, and for relation
    /// changes the pages of its old and new targets (backlinks, mentions)
    /// and of their neighbours (the second hop of their local graphs), its
    /// kind's index (filters) and graph.json.
    private static func updateEntry(at path: String, in state: inout BuildState) -> [String]? {
        // A vault (no taxonomy.yml): a note's tags, title heading and
        // address can follow from its text, so every change is a full build.
        guard state.loaded.taxonomy.isDeclared, let i = state.entryAtPath[path], let templates = state.loaded.templates else { return nil }
        let loaded = state.loaded
        let old = loaded.index.entries[i]
        let outcome = EntryLoader(taxonomy: loaded.taxonomy).load(relativePath: old.relativePath, absolutePath: path, displayPath: old.displayPath)
        let previousLoadDiagnostics = state.report.diagnostics.diagnostics.filter { $0.location.path == old.displayPath && $0.stage == .load }
        guard var new = outcome.entry, !outcome.isUnpublished, Set(outcome.diagnostics) == Set(previousLoadDiagnostics),
              sameFrontMatterButRelations(old, new), state.parsed.bodyDiagnostics[i].isEmpty else { return nil }

        let urls = SiteURLs(site: loaded.site)
        let (body, resolver) = state.builder.parseBody(of: new, at: i, loaded: loaded,
                                                       site: SiteBuilder.linkSite(loaded, headings: state.parsed.bodies.map(\.headings)))
        let oldBody = state.parsed.bodies[i]
        // Citations show on the sources' pages ("Cited by", with locators) and in graph.json: a change to them is a full build.
        guard resolver.diagnostics.isEmpty,
              resolver.citations.map({ [String($0.target.position), $0.locator ?? ""] }) == state.parsed.citations[i].map({ [String($0.target.position), $0.locator ?? ""] }),
              GraphChecks.uniqueTargets(resolver.links) == GraphChecks.uniqueTargets(state.parsed.links[i]),
              Set(body.headings.map(\.id)) == Set(oldBody.headings.map(\.id)), body.headings.map(\.text) == oldBody.headings.map(\.text),
              body.blockIDs == oldBody.blockIDs else { return nil }
        // An embed shows another note's text in a page (the kept index has
        // no bodies to show), and a note embedded elsewhere shows in other
        // pages: either way a full build.
        guard !resolver.links.contains(where: \.isEmbed), !state.parsed.links[i].contains(where: \.isEmbed),
              !state.parsed.links.contains(where: { $0.contains { $0.isEmbed && $0.target == i } }) else { return nil }
        // Anchors this body points at must exist (its own included), with the fragment the page was written with.
        func exists(_ anchor: String, in target: EntryID, fragment: String?) -> Bool {
            let page = target == i ? body : state.parsed.bodies[target]
            let name = HeadingAnchors.lastSegment(anchor)
            if name.hasPrefix("^") { return page.blockIDs.contains(String(name.dropFirst())) }
            guard let id = HeadingAnchors.id(of: anchor, in: page.headings) else { return false }
            return fragment == nil || fragment == id
        }
        for link in resolver.links {
            if let anchor = link.anchor, !exists(anchor, in: link.target, fragment: link.fragment) { return nil }
        }
        for (anchor, _) in resolver.selfAnchors where !exists(anchor, in: i, fragment: nil) { return nil }

        // Relations: check them again, rebuild the graph, and find the pages that show them.
        var pages = [i]
        var kindIndex: Kind?
        let relationsChanged = old.relations.mapValues { $0.map(\.value) } != new.relations.mapValues { $0.map(\.value) }
            || old.relationSpans != new.relationSpans
        // Dated relations reach timelines on other pages and the timeline page: those changes are full builds.
        if relationsChanged, state.models.showsTime || !old.relationSpans.isEmpty || !new.relationSpans.isEmpty { return nil }
        new.body = ""
        let index = loaded.index.replacingEntry(i, with: new)
        if relationsChanged {
            // The entry's own checks, before and after, and cycles when a relation forbids them.
            var oldDiagnostics: [Diagnostic] = [], newDiagnostics: [Diagnostic] = []
            let oldChecker = RelationChecker(index: loaded.index, taxonomy: loaded.taxonomy)
            let checker = RelationChecker(index: index, taxonomy: loaded.taxonomy)
            _ = oldChecker.checkEntry(i, diagnostics: &oldDiagnostics)
            let edges = checker.checkEntry(i, diagnostics: &newDiagnostics)
            guard oldDiagnostics.isEmpty, newDiagnostics.isEmpty else { return nil }
            var graph = state.graph
            let orphansBefore = graph.orphans()
            let touched = graph.replaceRelationEdges(of: i, with: edges, index: index, taxonomy: loaded.taxonomy)
            guard graph.orphans() == orphansBefore else { return nil }
            // Local graphs show a second hop: the neighbours of every entry
            // whose edges changed, before and after, draw those edges too.
            var reached = Set(touched)
            pages = touched
            for page in touched {
                for next in state.graph.neighbours(of: page) + graph.neighbours(of: page) where reached.insert(next).inserted { pages.append(next) }
            }
            if checker.checksCycles, !checker.cycleDiagnostics(graph.relationEdges).isEmpty { return nil }
            kindIndex = loaded.taxonomy.kind(new.kind)
            state.parsed.edges = graph.relationEdges
            state.graph = graph
            state.models.graph = graph
            state.graphDocument.relations[i] = GraphExport.relationFragment(of: i, graph: graph, inverses: GraphExport.inverseLabels(loaded.taxonomy))
        }
        state.loaded.index = index
        state.models.index = index
        // The page models share the bodies array: let go of it first, so it changes in place.
        state.models.bodies = []
        state.parsed.bodies[i] = body
        state.models.bodies = state.parsed.bodies
        state.parsed.links[i] = resolver.links
        state.parsed.selfAnchors[i] = resolver.selfAnchors
        state.parsed.citations[i] = resolver.citations

        let output = FileSystem.absolutePath(state.builder.options.outputDirectory)
        var written: [String] = []
        do {
            for page in pages {
                let file = urls.outputFile(forSitePath: SiteURLs.entryPath(index.entries[page], in: loaded.taxonomy))
                guard let html = templates.render(state.models.forPage(atFile: file).entryPage(page), template: "entry") else { return nil }
                try OutputWriter.replaceFile(in: output, relativePath: file, with: html)
                written.append(file)
            }
            if let kind = kindIndex {
                let file = urls.outputFile(forSitePath: SiteURLs.kindPath(kind))
                guard let html = templates.render(state.models.forPage(atFile: file).kindIndex(kind), template: "kind") else { return nil }
                try OutputWriter.replaceFile(in: output, relativePath: file, with: html)
                try OutputWriter.replaceFile(in: output, relativePath: "graph.json", with: state.graphDocument.text)
                written += [file, "graph.json"]
                // Link previews count each entry's connections.
                for (path, text) in LinkPreviews.files(graph: state.graph, taxonomy: loaded.taxonomy, sitePaths: loaded.entrySitePaths, only: pages) {
                    try OutputWriter.replaceFile(in: output, relativePath: path, with: text)
                    written.append(path)
                }
                // The graph page counts relations and connections.
                if SiteBuilder.hasGraphPage(loaded) {
                    let graphFile = urls.outputFile(forSitePath: PageViewModels.graphSitePath)
                    guard let html = templates.render(state.models.forPage(atFile: graphFile).graphPage(), template: "graph") else { return nil }
                    try OutputWriter.replaceFile(in: output, relativePath: graphFile, with: html)
                    written.append(graphFile)
                }
            }
            let document = state.builder.searchDocument(i, new, body, taxonomy: loaded.taxonomy, urls: urls)
            var (write, delete) = state.search.replaceDocument(of: i, with: document)
            if urls.style == .files {
                write += SearchIndex.scriptFiles(for: write)
                delete += delete.map { String($0.dropLast(".json".count)) + ".js" }
            }
            for (path, text) in write { try OutputWriter.replaceFile(in: output, relativePath: path, with: text) }
            for path in delete { OutputWriter.removeFile(in: output, relativePath: path) }
            written += write.map(\.0) + delete
        } catch {
            return nil
        }
        return written
    }

    /// Everything other pages, the graph, feeds and indexes take from an
    /// entry, but its relations.
    private static func sameFrontMatterButRelations(_ a: Entry, _ b: Entry) -> Bool {
        a.slug == b.slug && a.kind == b.kind && a.title == b.title && a.summary == b.summary && a.aliases == b.aliases
            && a.date == b.date && a.updated == b.updated && a.isDraft == b.isDraft
            && a.until == b.until && a.asOf == b.asOf && a.source == b.source
            && a.facetTerms.mapValues { $0.map(\.value) } == b.facetTerms.mapValues { $0.map(\.value) }
            && a.sitePath == b.sitePath && a.cssClasses == b.cssClasses
    }
}
