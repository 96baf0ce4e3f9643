import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Runs the build's stages in order — load, parse, link, render, write — and
/// collects every problem on the way. This is the one place that lists them.
public struct SiteBuilder {
    public let options: BuildOptions
    let paths: DisplayPaths

    public init(options: BuildOptions, workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.options = options
        self.paths = DisplayPaths(workingDirectory: workingDirectory)
    }

    public func run() -> BuildReport { runKeepingState(false).report }

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
            let parsed = timed(.parse) { parse(loaded, log: &log, steps: steps) }
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
        report.stageSeconds = stages
        report.stepSeconds = steps.steps
        report.peakMemoryMiB = BuildReport.currentPeakMemoryMiB()
        state?.report = report
        return (report, state)
    }

    // MARK: load

    package struct Loaded {
        var site: SiteConfig
        var taxonomy: Taxonomy
        var templates: TemplateLibrary?
        var index: EntryIndex
        var contentRoot: String
        var templatesRoot: String
        var assetFiles: [String]
        var taxonomyPath: String
        /// Each entry's site path (see SiteURLs), worked out once for every link to it.
        var entrySitePaths: [String] = []
    }

    func load(log: inout DiagnosticLog, steps: StepTimes = StepTimes()) -> Loaded? {
        var diagnostics: [Diagnostic] = []
        defer { log.add(contentsOf: diagnostics) }
        let contentRoot = FileSystem.absolutePath(options.contentDirectory)
        let templatesRoot = FileSystem.absolutePath(options.templatesDirectory)
        guard FileSystem.isDirectory(contentRoot) else {
            diagnostics.append(.error("content folder does not exist (use --content to name it)", at: SourceLocation(path: paths.display(contentRoot)), stage: .load))
            return nil
        }

        /// A settings file's text: nil when it does not exist; an error when it is not UTF-8.
        func settingsText(_ path: String) -> String?? {
            guard let data = FileSystem.readData(atPath: path) else { return .some(nil) }
            guard case .success(let text) = SourceText.decode(data) else {
                diagnostics.append(.error("\((path as NSString).lastPathComponent) is not valid UTF-8 text", at: SourceLocation(path: paths.display(path)), stage: .load))
                return nil
            }
            return text
        }
        // Templates are read and compiled beside scanning and loading the
        // entries; their problems are reported where they always were.
        let loadedTemplates = BackgroundWork(inBackground: options.jobs > 1) { [paths] in
            var diagnostics: [Diagnostic] = []
            let templates = TemplateLibrary.load(directory: templatesRoot, paths: paths, diagnostics: &diagnostics)
            return (templates, diagnostics)
        }
        let sitePath = contentRoot + "/site.yml"
        var site: SiteConfig?
        switch settingsText(sitePath) {
        case .some(.some(let text)): site = SiteConfigLoader.load(text: text, path: paths.display(sitePath), diagnostics: &diagnostics)
        case .some(.none): diagnostics.append(.error("missing site.yml; it needs at least `title:`", at: SourceLocation(path: paths.display(sitePath)), stage: .load))
        case .none: break
        }

        let listing = steps.measure(.load, "scan") { ContentScanner(root: contentRoot, paths: paths).scan(diagnostics: &diagnostics) }
        let taxonomyPath = contentRoot + "/taxonomy.yml"
        var taxonomy: Taxonomy?
        switch settingsText(taxonomyPath) {
        case .some(.some(let text)): taxonomy = TaxonomyLoader.load(text: text, path: paths.display(taxonomyPath), diagnostics: &diagnostics)
        case .some(.none): taxonomy = TaxonomyLoader.derived(fromFolders: listing.topLevelFolders.filter(TaxonomyLoader.isSafeFolder))
        case .none: break
        }
        // The templates' problems go here in the list, whenever they arrive.
        let templateDiagnosticsAt = diagnostics.count
        func joinTemplates() -> TemplateLibrary? {
            var (templates, templateDiagnostics) = loadedTemplates.value()
            diagnostics.insert(contentsOf: templateDiagnostics, at: templateDiagnosticsAt)
            if options.rendersWithSwiftMustache { templates?.compiled = nil }
            return templates
        }
        guard var site, let taxonomy else {
            _ = joinTemplates()
            return nil
        }
        if let override = options.baseURLOverride {
            site.baseURL = override
            site.basePath = SiteConfig.path(ofBaseURL: override)
        }
        if let style = options.urlStyleOverride { site.urlStyle = style }
        checkURLCollisions(taxonomy, style: site.urlStyle, at: paths.display(taxonomyPath), diagnostics: &diagnostics)

        let loader = EntryLoader(taxonomy: taxonomy)
        let outcomes = steps.measure(.load, "entries") {
            parallelMap(listing.markdownFiles.count, jobs: options.jobs) { i in
                let relative = listing.markdownFiles[i]
                let absolute = contentRoot + "/" + relative
                return loader.load(relativePath: relative, absolutePath: absolute, displayPath: paths.display(absolute))
            }
        }
        let indexStart = ContinuousClock.now
        var entries: [Entry] = []
        var drafts = Set<Slug>()
        var failed = Set<Slug>()
        var firstPathOfSlug: [Slug: String] = [:]
        for (i, outcome) in outcomes.enumerated() {
            diagnostics.append(contentsOf: outcome.diagnostics)
            guard let entry = outcome.entry else {
                let name = String(listing.markdownFiles[i].split(separator: "/").last ?? "").dropLast(3)
                failed.insert(Slug(String(name)))
                continue
            }
            if let first = firstPathOfSlug[entry.slug] {
                diagnostics.append(.error("slug `\(entry.slug)` is already used by \(first); slugs are unique across the site", at: SourceLocation(path: entry.displayPath), stage: .load))
                continue
            }
            firstPathOfSlug[entry.slug] = entry.displayPath
            if entry.isDraft && !options.includeDrafts {
                drafts.insert(entry.slug)
                continue
            }
            entries.append(entry)
        }
        let clashes = BackgroundWork(inBackground: options.jobs > 1) { [entries] in
            var diagnostics: [Diagnostic] = []
            checkNameClashes(entries, diagnostics: &diagnostics)
            return diagnostics
        }
        let index = EntryIndex(entries: entries, excludedDrafts: drafts, failedSlugs: failed)
        let entrySitePaths = entries.map { SiteURLs.entryPath($0, in: taxonomy) }
        diagnostics.append(contentsOf: clashes.value())
        let templates = joinTemplates()
        steps.add(.load, "index", seconds: (ContinuousClock.now - indexStart).inSeconds)
        return Loaded(site: site, taxonomy: taxonomy, templates: templates, index: index, contentRoot: contentRoot,
                      templatesRoot: templatesRoot, assetFiles: listing.assetFiles, taxonomyPath: paths.display(taxonomyPath),
                      entrySitePaths: entrySitePaths)
    }

    /// Kinds and facets share the URL space below the site root.
    private func checkURLCollisions(_ taxonomy: Taxonomy, style: URLStyle, at path: String, diagnostics: inout [Diagnostic]) {
        var reserved: Set<String> = ["assets", "search", "404.html", "sitemap.xml", "feed.xml", "graph.json", "robots.txt"]
        // Files-style pages are `<name>.html` beside index.html and 404.html.
        if style == .files { reserved.formUnion(["index", "404"]) }
        for kind in taxonomy.kinds where reserved.contains(kind.folder) && kind.folder != "assets" {
            diagnostics.append(.error("kind `\(kind.id)` is published in the folder `\(kind.folder)`, a name the site reserves; set another `folder`", at: kind.location ?? SourceLocation(path: path), stage: .load))
        }
        for facet in taxonomy.facets {
            if let kind = taxonomy.kinds.first(where: { $0.folder == facet.id.rawValue }) {
                diagnostics.append(.error("facet `\(facet.id)` would be published at the same URL as kind `\(kind.id)`'s folder; rename one", at: facet.location ?? SourceLocation(path: path), stage: .load))
            }
            if reserved.contains(facet.id.rawValue) {
                diagnostics.append(.error("facet `\(facet.id)` uses a name the site reserves", at: facet.location ?? SourceLocation(path: path), stage: .load))
            }
        }
    }

    /// A title or alias shared by two entries makes `[[name]]` ambiguous: say so early.
    private func checkNameClashes(_ entries: [Entry], diagnostics: inout [Diagnostic]) {
        var owner: [String: Int] = [:]
        for i in entries.indices {
            var seen: [String] = []
            for name in CollectionOfOne(entries[i].title) + entries[i].aliases {
                let key = name.lowercased()
                guard !seen.contains(key) else { continue }
                seen.append(key)
                if let other = owner[key], entries[other].slug != entries[i].slug {
                    diagnostics.append(.warning("the name `\(name)` is also a title or alias of `\(entries[other].slug)` (\(entries[other].displayPath)); `[[\(name)]]` will be ambiguous", at: SourceLocation(path: entries[i].displayPath), stage: .load))
                } else {
                    owner[key] = i
                }
            }
        }
    }

    // MARK: parse

    package struct Parsed {
        var bodies: [RenderedMarkdown]
        var links: [[BodyLinkResolver.OutgoingLink]]
        var selfAnchors: [[(anchor: String, location: SourceLocation)]]
        var edges: [RelationChecker.Edge]
        var facets: FacetIndex
        var intro: RenderedMarkdown?
        /// Entries the home page intro links to.
        var introLinks: [Int]
        /// Problems found in each body while resolving its links.
        var bodyDiagnostics: [[Diagnostic]]
    }

    func parse(_ loaded: Loaded, log: inout DiagnosticLog, steps: StepTimes = StepTimes()) -> Parsed {
        var diagnostics: [Diagnostic] = []
        defer { log.add(contentsOf: diagnostics) }
        // Relations and facets come from front matter alone: checked beside the bodies.
        let typedLinks = BackgroundWork(inBackground: options.jobs > 1) {
            var diagnostics: [Diagnostic] = []
            let edges = RelationChecker(index: loaded.index, taxonomy: loaded.taxonomy).check(diagnostics: &diagnostics)
            let facets = FacetIndex(index: loaded.index, taxonomy: loaded.taxonomy, diagnostics: &diagnostics, taxonomyPath: loaded.taxonomyPath)
            return (edges, facets, diagnostics)
        }
        let urls = SiteURLs(site: loaded.site)
        let markdownOptions = MarkdownOptions(allowsRawHTML: loaded.site.allowsRawHTML)
        let entries = loaded.index.entries
        // Every entry's URL as bodies link to it, joined once per link root
        // (one for pretty URLs, one per page depth for `files`) rather than
        // once per link.
        let bodyURLs = entries.indices.map { urls.forPage(atFile: urls.outputFile(forSitePath: loaded.entrySitePaths[$0])) }
        var entryURLsByRoot: [String: [String]] = [:]
        for pageURLs in bodyURLs where entryURLsByRoot[pageURLs.root] == nil && entryURLsByRoot.count < 4 {
            entryURLsByRoot[pageURLs.root] = loaded.entrySitePaths.map(pageURLs.link)
        }
        let results = steps.measure(.parse, "bodies") {
            parallelMap(entries.count, jobs: options.jobs) { i in
                let (rendered, resolver) = parseBody(of: entries[i], at: i, loaded: loaded, urls: bodyURLs[i],
                                                     entryURLs: entryURLsByRoot[bodyURLs[i].root])
                return (rendered, resolver.links, resolver.selfAnchors, resolver.diagnostics)
            }
        }
        var intro: RenderedMarkdown?
        var introLinks: [Int] = []
        if let text = loaded.site.intro {
            let resolver = BodyLinkResolver(index: loaded.index, urls: urls.forPage(atFile: urls.outputFile(forSitePath: "")), entrySitePaths: loaded.entrySitePaths, sourceIndex: nil, sourceFolder: "",
                                            displayPath: paths.display(loaded.contentRoot + "/site.yml"), lineOffset: loaded.site.introFirstLine)
            intro = MarkdownRenderer.render(text, options: markdownOptions, resolver: resolver)
            diagnostics.append(contentsOf: resolver.diagnostics)
            introLinks = resolver.links.map(\.target)
        }
        let (edges, facets, typedLinkDiagnostics) = typedLinks.value()
        steps.add(.parse, "relations and facets", seconds: typedLinks.seconds, note: typedLinks.ranInBackground ? "beside bodies" : nil)
        diagnostics.append(contentsOf: typedLinkDiagnostics)
        for result in results { diagnostics.append(contentsOf: result.3) }
        return Parsed(bodies: results.map(\.0), links: results.map(\.1), selfAnchors: results.map(\.2), edges: edges, facets: facets,
                      intro: intro, introLinks: introLinks, bodyDiagnostics: results.map(\.3))
    }

    /// One entry's body: parsed, its links resolved for the entry's own page
    /// (relative in `files` style). The resolver keeps the links and problems.
    /// `urls` and `entryURLs` (every entry's URL from this page), when given, were worked out for the entry's page.
    func parseBody(of entry: Entry, at i: Int, loaded: Loaded, urls: SiteURLs? = nil, entryURLs: [String]? = nil) -> (RenderedMarkdown, BodyLinkResolver) {
        let pageURLs = urls ?? {
            let urls = SiteURLs(site: loaded.site)
            return urls.forPage(atFile: urls.outputFile(forSitePath: loaded.entrySitePaths[i]))
        }()
        let resolver = BodyLinkResolver(index: loaded.index, urls: pageURLs, entrySitePaths: loaded.entrySitePaths, entryURLs: entryURLs, sourceIndex: i,
                                        sourceFolder: Self.folder(of: entry.relativePath),
                                        displayPath: entry.displayPath, lineOffset: entry.bodyFirstLine)
        let rendered = MarkdownRenderer.render(entry.body, options: MarkdownOptions(allowsRawHTML: loaded.site.allowsRawHTML), resolver: resolver)
        return (rendered, resolver)
    }

    /// `a/b/c.md` → `a/b`; `c.md` → "" (relative paths from the scanner: no trailing or doubled slashes).
    static func folder(of relativePath: String) -> String {
        guard let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(relativePath[..<slash])
    }

    // MARK: link

    func link(_ loaded: Loaded, _ parsed: Parsed, log: inout DiagnosticLog) -> KnowledgeGraph {
        var diagnostics: [Diagnostic] = []
        defer { log.add(contentsOf: diagnostics) }
        let entries = loaded.index.entries
        let headingIDs = parsed.bodies.map { Set($0.headings.map(\.id)) }
        func checkAnchor(_ anchor: String, target: Int, at location: SourceLocation) {
            guard !headingIDs[target].contains(anchor) else { return }
            let near = Suggestions.nearest(to: anchor, among: parsed.bodies[target].headings.map(\.id), limit: 2)
            diagnostics.append(.error("entry `\(entries[target].slug)` has no heading with the id `\(anchor)`\(EntryIndex.hint(near))", at: location, stage: .link))
        }
        var mentionTargets: [[Int]] = []
        for (source, links) in parsed.links.enumerated() {
            var seen = Set<Int>()
            var targets: [Int] = []
            for link in links {
                if let anchor = link.anchor { checkAnchor(anchor, target: link.target, at: link.location) }
                if seen.insert(link.target).inserted { targets.append(link.target) }
            }
            for (anchor, location) in parsed.selfAnchors[source] { checkAnchor(anchor, target: source, at: location) }
            mentionTargets.append(targets)
        }
        let graph = KnowledgeGraph(index: loaded.index, taxonomy: loaded.taxonomy, relationEdges: parsed.edges,
                                   mentionTargets: mentionTargets, facets: parsed.facets)
        if entries.count > 1 {
            // The home page intro counts as a way in.
            let fromIntro = Set(parsed.introLinks)
            for orphan in graph.orphans() where !fromIntro.contains(orphan) {
                diagnostics.append(.warning("orphan: no relation or link points to `\(entries[orphan].slug)`", at: SourceLocation(path: entries[orphan].displayPath), stage: .link))
            }
        }
        return graph
    }

    // MARK: render

    package struct Page {
        var relativePath: String
        /// The page's site path (see SiteURLs), for the sitemap.
        var sitePath: String
        var html: String
        /// False for data files (the search index) and 404.html.
        var isListed = true
    }

    package struct Rendered {
        var pages: [Page] = []
        /// The page models (cards and chrome rendered) and the search index
        /// (nil unless asked to keep state), kept for redoing one entry's page.
        var models: PageViewModels?
        var search: SearchIndex?
        /// sitemap.xml, feed.xml and graph.json, built beside the pages.
        var dataFiles: BackgroundWork<DataFiles>?
    }

    /// The search index (nil unless kept for a live server), its files, and how long each took.
    package struct SearchOutput {
        var index: SearchIndex?
        var files: [(String, String)]
        var steps: StepTimes
    }

    func searchOutput(_ loaded: Loaded, _ parsed: Parsed, keepsState: Bool) -> SearchOutput {
        let steps = StepTimes()
        let urls = SiteURLs(site: loaded.site)
        let entries = loaded.index.entries
        let documents = entries.indices.map { searchDocument($0, entries[$0], parsed.bodies[$0], taxonomy: loaded.taxonomy, urls: urls) }
        let index = steps.measure(.render, "search index") { SearchIndex(documents: documents, jobs: options.jobs, keepsDocumentTerms: keepsState) }
        var files = steps.measure(.render, "search files") { index.files(jobs: options.jobs) }
        if urls.style == .files { files += SearchIndex.scriptFiles(for: files) }
        return SearchOutput(index: keepsState ? index : nil, files: files, steps: steps)
    }

    func render(_ loaded: Loaded, _ parsed: Parsed, _ graph: KnowledgeGraph, writer: OutputWriter?, search: BackgroundWork<SearchOutput>? = nil,
                keepsState: Bool = false, steps: StepTimes = StepTimes(), log: inout DiagnosticLog) -> Rendered {
        guard let templates = loaded.templates else { return Rendered() }
        let urls = SiteURLs(site: loaded.site)
        let taxonomy = loaded.taxonomy
        let entries = loaded.index.entries
        let titleKeys = entries.map { $0.title.lowercased() }
        var byKind: [KindID: [Int]] = [:]
        for i in entries.indices { byKind[entries[i].kind, default: []].append(i) }
        for key in byKind.keys {
            byKind[key]!.sort { (titleKeys[$0], entries[$0].slug) < (titleKeys[$1], entries[$1].slug) }
        }
        var models = PageViewModels(site: loaded.site, taxonomy: taxonomy, urls: urls, index: loaded.index, graph: graph,
                                    bodies: parsed.bodies, entriesByKind: byKind, homeIntroHTML: parsed.intro?.html,
                                    templatesUse: templates.uses, hasGraphPage: Self.hasGraphPage(loaded),
                                    hasSearchPage: Self.hasOptionalPage("search", loaded))
        enum Job { case home, kind(Kind), entry(Int), facet(Facet), term(Facet, FacetIndex.Term), kindTerm(Facet, FacetIndex.Term, Kind), graph, search, notFound }
        var jobs: [Job] = [.home]
        if Self.hasGraphPage(loaded) { jobs.append(.graph) }
        if Self.hasOptionalPage("search", loaded) { jobs.append(.search) }
        jobs += taxonomy.kinds.map(Job.kind)
        jobs += entries.indices.map(Job.entry)
        for facet in taxonomy.facets {
            jobs.append(.facet(facet))
            for term in graph.facets.terms[facet.id] ?? [] {
                jobs.append(.term(facet, term))
                let kindsUsed = Set(term.entries.map { entries[$0].kind })
                jobs += taxonomy.kinds.filter { kindsUsed.contains($0.id) }.map { Job.kindTerm(facet, term, $0) }
            }
        }
        jobs.append(.notFound)
        let templatesPath = paths.display(loaded.templatesRoot)
        /// The template and site path of a page (nil for 404.html, which hosts serve at any address).
        func target(_ job: Job) -> (template: String, sitePath: String?) {
            switch job {
            case .home: return ("home", "")
            case .kind(let kind): return ("kind", SiteURLs.kindPath(kind))
            case .entry(let e): return ("entry", models.entrySitePath(e))
            case .facet(let facet): return ("facet", SiteURLs.facetPath(facet.id))
            case .term(let facet, let term): return ("term", SiteURLs.termPath(facet.id, term.slug))
            case .kindTerm(let facet, let term, let kind): return ("term", SiteURLs.termPath(facet.id, term.slug, kind: kind))
            case .graph: return ("graph", PageViewModels.graphSitePath)
            case .search: return ("search", PageViewModels.searchSitePath)
            case .notFound: return ("404", nil)
            }
        }
        let targets = jobs.map(target)
        let files = targets.map { $0.sitePath.map(urls.outputFile(forSitePath:)) ?? "404.html" }
        // Cards appear on many pages (indexes, terms, relations, backlinks):
        // render each once through partials/card and reuse the HTML, once per
        // link root (one for pretty URLs; one per page depth for `files`).
        var seenRoots = Set<String>()
        steps.measure(.render, "cards and chrome") {
        for (target, file) in zip(targets, files) {
            let page = models.forPage(atFile: target.sitePath == nil ? nil : file)
            guard seenRoots.insert(page.urls.root).inserted else { continue }
            let pageURLs = page.urls
            models.setCards(parallelMap(entries.count, jobs: options.jobs) { i -> ModelObject in
                let entry = entries[i]
                var card = PageViewModels.cardFields(entry, url: pageURLs.entry(entry, in: taxonomy), taxonomy: taxonomy)
                card[.html] = templates.render(card, template: TemplateLibrary.cardTemplate) ?? ""
                return card
            }, forRoot: pageURLs.root)
            models.setTermSummaries(for: pageURLs)
            let sections: [(KindID?, FacetID?)] = [(nil, nil)] + taxonomy.kinds.map { ($0.id, nil) } + taxonomy.facets.map { (nil, $0.id) }
            for (kind, facet) in sections {
                let context = page.common(title: nil, description: nil, sitePath: "", currentKind: kind, currentFacet: facet)
                var parts: ModelObject = [:]
                for (key, template) in TemplateLibrary.chromeTemplates {
                    if let html = templates.render(context, template: template) { parts[key] = html }
                }
                models.chrome[page.chromeKey(kind: kind, facet: facet)] = parts
                models.sections[page.chromeKey(kind: kind, facet: facet)] = models.forPage(atFile: target.sitePath == nil ? nil : file)
                    .section(currentKind: kind, currentFacet: facet)
            }
        }
        }
        log.add(contentsOf: OutputPathRules.problems(files: files, sources: jobs.map { job -> SourceLocation in
            switch job {
            case .home, .notFound: return SourceLocation(path: paths.display(loaded.contentRoot + "/site.yml"))
            case .graph: return SourceLocation(path: paths.display(loaded.templatesRoot + "/graph.mustache"))
            case .search: return SourceLocation(path: paths.display(loaded.templatesRoot + "/search.mustache"))
            case .kind(let kind): return kind.location ?? SourceLocation(path: loaded.taxonomyPath)
            case .entry(let e): return SourceLocation(path: entries[e].displayPath)
            case .facet(let facet): return facet.location ?? SourceLocation(path: loaded.taxonomyPath)
            case .term(let facet, let term), .kindTerm(let facet, let term, _):
                return Self.firstUse(of: term, in: facet, entries: entries) ?? facet.location ?? SourceLocation(path: loaded.taxonomyPath)
            }
        }))
        if log.hasErrors { return Rendered() }
        if let writer {
            // A failure is kept by the writer and reported once, where the build ends.
            do { try steps.measure(.render, "folders") { try writer.prepareFolders(for: files, jobs: options.jobs) } } catch {
                return Rendered()
            }
        }
        // The data files need the graph and the list of pages, not the pages'
        // HTML: built and written to the staging folder beside the pages, so
        // the build does not end writing 20 MB on one thread.
        var dataFiles: BackgroundWork<DataFiles>?
        if let writer {
            let listed = targets.compactMap(\.sitePath)
            let output = paths.display(writer.output)
            dataFiles = BackgroundWork(inBackground: options.jobs > 1) {
                self.dataFiles(loaded, graph, listedSitePaths: listed, writer: writer, displayedAs: output)
            }
        }
        // The search files go to the staging folder from a thread of their
        // own as soon as the index is built, beside the pages, instead of
        // one by one on this thread after the last page.
        var searchFilesWritten: BackgroundWork<(output: SearchOutput, problem: Diagnostic?)>?
        if let writer, let search {
            let output = paths.display(writer.output)
            searchFilesWritten = BackgroundWork(inBackground: options.jobs > 1) {
                let built = search.value()
                return (built, Self.writeFiles(built.files, writer: writer, displayedAs: output))
            }
        }
        let results = steps.measure(.render, "pages") { parallelMap(jobs.count, jobs: options.jobs) { i -> (Page?, Diagnostic?) in
            let (template, sitePath) = targets[i]
            let models = models.forPage(atFile: sitePath == nil ? nil : files[i])
            let context: ModelObject
            switch jobs[i] {
            case .home: context = models.home()
            case .kind(let kind): context = models.kindIndex(kind)
            case .entry(let e): context = models.entryPage(e)
            case .facet(let facet): context = models.facetPage(facet)
            case .term(let facet, let term): context = models.termPage(facet, term)
            case .kindTerm(let facet, let term, let kind): context = models.termPage(facet, term, kind: kind)
            case .graph: context = models.graphPage()
            case .search: context = models.searchPage()
            case .notFound: context = models.notFound()
            }
            func failure() -> Diagnostic {
                .error("template `\(template)` could not be rendered", at: SourceLocation(path: templatesPath + "/" + template + ".mustache"), stage: .render)
            }
            let page = Page(relativePath: files[i], sitePath: sitePath ?? "", html: "", isListed: sitePath != nil)
            guard let writer else {
                guard let html = templates.render(context, template: template) else { return (nil, failure()) }
                return (Page(relativePath: page.relativePath, sitePath: page.sitePath, html: html, isListed: page.isListed), nil)
            }
            // Written as rendered: the page's bytes never become a String.
            guard let html = templates.renderUTF8(context, template: template) else { return (nil, failure()) }
            // A failed write is kept by the writer and reported once, where the build ends.
            do { try writer.write(html, to: files[i]) } catch { return (nil, nil) }
            return (page, nil)
        } }
        log.add(contentsOf: results.compactMap(\.1))
        var pages = results.compactMap(\.0)
        let searchOutput: SearchOutput
        if let searchFilesWritten {
            let (output, problem) = searchFilesWritten.value()
            searchOutput = output
            if let problem { log.add(problem) }
        } else {
            searchOutput = search?.value() ?? self.searchOutput(loaded, parsed, keepsState: keepsState)
            if let writer {
                if let problem = Self.writeFiles(searchOutput.files, writer: writer, displayedAs: paths.display(writer.output)) { log.add(problem) }
            } else {
                for (path, text) in searchOutput.files { pages.append(Page(relativePath: path, sitePath: "", html: text, isListed: false)) }
            }
        }
        steps.add(searchOutput.steps, note: search?.ranInBackground == true ? "beside link and pages" : nil)
        // The models go back either way: kept for a live server, or freed with the rest of the build.
        return Rendered(pages: pages, models: models, search: searchOutput.index, dataFiles: dataFiles)
    }

    /// Whether the site gets a graph page (`graph/`): when the theme has a
    /// `graph.mustache` (a theme without one is still complete) and no kind
    /// or facet already publishes at that address.
    static func hasGraphPage(_ loaded: Loaded) -> Bool { hasOptionalPage("graph", loaded) }

    /// Whether an optional page (`graph`, `search`) is written: its template
    /// is in the theme and no kind or facet publishes at its address.
    static func hasOptionalPage(_ name: String, _ loaded: Loaded) -> Bool {
        FileSystem.type(atPath: loaded.templatesRoot + "/" + name + ".mustache") == .file
            && !loaded.taxonomy.kinds.contains { $0.folder == name } && !loaded.taxonomy.facets.contains { $0.id.rawValue == name }
    }

    /// Writes files (the search index's, the data files) to the staging
    /// folder. A failure is kept by the writer and reported once, where the build ends.
    static func writeFiles(_ files: [(String, String)], writer: OutputWriter, displayedAs output: String) -> Diagnostic? {
        do {
            try writer.prepareFolders(for: files.map(\.0))
            for (path, text) in files { try writer.write(text, to: path) }
        } catch {}
        return nil
    }

    /// Where a facet term is first written: its page is named after it.
    static func firstUse(of term: FacetIndex.Term, in facet: Facet, entries: [Entry]) -> SourceLocation? {
        guard let first = term.entries.first else { return nil }
        let spellings = entries[first].facetTerms[facet.id] ?? []
        return (spellings.first { SlugRules.slugify($0.value) == term.slug.rawValue } ?? spellings.first)?.location
    }

    /// Ends a build that will not be published: waits for every thread that
    /// writes to the staging folder, reports the writes that failed (once),
    /// then removes the staging folder.
    func discard(_ writer: OutputWriter, joining dataFiles: BackgroundWork<DataFiles>?, log: inout DiagnosticLog) {
        _ = dataFiles?.value()
        reportWriteFailures(of: writer, log: &log)
        writer.discard()
    }

    func reportWriteFailures(of writer: OutputWriter, log: inout DiagnosticLog) {
        if let summary = writer.failureSummary {
            log.add(.error(summary, at: SourceLocation(path: paths.display(writer.output)), stage: .write))
        }
    }

    func searchDocument(_ i: Int, _ entry: Entry, _ body: RenderedMarkdown, taxonomy: Taxonomy, urls: SiteURLs) -> SearchIndex.Document {
        SearchIndex.Document(title: entry.title, url: urls.styled(SiteURLs.entryPath(entry, in: taxonomy)),
                             kind: taxonomy.kind(entry.kind)?.singular ?? entry.kind.rawValue,
                             summary: entry.summary, aliases: entry.aliases,
                             headings: body.headings.map(\.text), text: body.text)
    }

    // MARK: write

    /// The staging writer for this build, or nil (with a diagnostic) when the
    /// output folder may not be replaced.
    func makeWriter(_ loaded: Loaded, log: inout DiagnosticLog) -> OutputWriter? {
        let outputPath = FileSystem.absolutePath(options.outputDirectory)
        do {
            let writer = try OutputWriter(output: outputPath, protecting: .current(contentAndTemplates: [loaded.contentRoot, loaded.templatesRoot]))
            writer.removalJobs = options.jobs
            return writer
        } catch {
            log.add(.error("\(error)", at: SourceLocation(path: paths.display(outputPath)), stage: .write))
            return nil
        }
    }

    /// sitemap.xml, feed.xml, robots.txt and graph.json, written to the
    /// staging folder where they were built.
    package struct DataFiles {
        var graph: GraphExport.Document
        /// Why they could not be written, if they could not.
        var problem: Diagnostic?
    }

    /// `listedSitePaths`: every page but 404.html, in the order they are rendered.
    func dataFiles(_ loaded: Loaded, _ graph: KnowledgeGraph, listedSitePaths: [String], writer: OutputWriter, displayedAs output: String) -> DataFiles {
        let urls = SiteURLs(site: loaded.site)
        let entryList = graph.index.entries.indices.map { (entry: graph.index.entries[$0], sitePath: loaded.entrySitePaths[$0]) }
        let document = GraphExport.document(site: loaded.site, taxonomy: loaded.taxonomy, graph: graph) { i in
            urls.link(loaded.entrySitePaths[i])
        }
        let files = [
            ("sitemap.xml", Feeds.sitemap(pagePaths: listedSitePaths, urls: urls)),
            ("feed.xml", Feeds.atom(site: loaded.site, urls: urls, entries: entryList, buildDate: options.buildDate ?? Self.today())),
            ("robots.txt", Feeds.robots(urls: urls)),
            ("graph.json", document.text),
        ] + LinkPreviews.files(graph: graph, taxonomy: loaded.taxonomy, sitePaths: loaded.entrySitePaths)
        return DataFiles(graph: document, problem: Self.writeFiles(files, writer: writer, displayedAs: output))
    }

    /// Pages are already in the staging folder; add assets and data files, then swap it in.
    func write(_ loaded: Loaded, _ pages: [Page], dataFiles: BackgroundWork<DataFiles>, writer: OutputWriter,
               graphDocument: inout GraphExport.Document?, steps: StepTimes = StepTimes(), log: inout DiagnosticLog) -> Int {
        let outputPath = writer.output
        do {
            // Theme assets first, so a site's own assets/ can replace a theme file.
            try steps.measure(.write, "assets") {
                try copyAssets(from: loaded.templatesRoot + "/assets", files: listFiles(loaded.templatesRoot + "/assets"), writer: writer, log: &log)
                try copyAssets(from: loaded.contentRoot + "/assets", files: loaded.assetFiles.map { String($0.dropFirst("assets/".count)) }, writer: writer, log: &log)
            }
            // Built and written beside the pages; usually finished by now.
            let built = dataFiles.value()
            steps.add(.write, "feeds and graph.json", seconds: dataFiles.seconds, note: dataFiles.ranInBackground ? "beside pages" : nil)
            if let problem = built.problem { log.add(problem) }
            graphDocument = built.graph
            if log.hasErrors || writer.failureSummary != nil {
                discard(writer, joining: nil, log: &log)
                return 0
            }
            try steps.measure(.write, "swap into place") { try writer.commit() }
        } catch {
            // Every writer is joined: `dataFiles` above, the pages and search files in render.
            _ = dataFiles.value()
            if writer.failureSummary == nil {
                log.add(.error("\(error)", at: SourceLocation(path: paths.display(outputPath)), stage: .write))
            }
            discard(writer, joining: nil, log: &log)
            return 0
        }
        return pages.filter(\.isListed).count + 1
    }

    private func listFiles(_ folder: String) -> [String] {
        guard FileSystem.isDirectory(folder), let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if FileSystem.type(atPath: folder + "/" + relative) == .file, !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    private func copyAssets(from folder: String, files: [String], writer: OutputWriter, log: inout DiagnosticLog) throws {
        let realFolder = FileSystem.realPath(folder) ?? folder
        for file in files {
            let source = folder + "/" + file
            // Symbolic links were vetted by the scanner for Content/; check theme assets too.
            if let real = FileSystem.realPath(source), !FileSystem.isPath(real, inside: realFolder) {
                log.add(.error("asset is a link to a file outside its folder; refusing to copy it", at: SourceLocation(path: paths.display(source)), stage: .write))
                continue
            }
            do {
                try writer.copyFile(from: source, to: "assets/" + file)
            } catch OutputWriter.Failure.unreadable {
                log.add(.error("cannot read this asset: \(String(cString: strerror(errno)))", at: SourceLocation(path: paths.display(source)), stage: .write))
            }
        }
    }

    /// The feed's `updated` date: the day of `SOURCE_DATE_EPOCH` when it is
    /// set (the reproducible-builds convention), else today. Day precision:
    /// two builds of the same content on one day are identical.
    static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var date = Date()
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap({ Int64($0) }) { date = Date(timeIntervalSince1970: TimeInterval(epoch)) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date) + "T00:00:00Z"
    }
}

