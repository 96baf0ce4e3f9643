import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Render: every page through its template, written to the staging folder
/// as it is made; the search index and data files built beside the pages.
extension SiteBuilder {
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
                                    kindIntroHTML: parsed.kindIntros.mapValues(\.html),
                                    templatesUse: templates.uses, hasGraphPage: Self.hasGraphPage(loaded),
                                    hasSearchPage: Self.hasOptionalPage("search", loaded),
                                    hasTimelinePage: Self.hasOptionalPage("timeline", loaded))
        enum Job { case home, kind(Kind), entry(Int), facet(Facet), term(Facet, FacetIndex.Term), kindTerm(Facet, FacetIndex.Term, Kind), graph, search, timeline, notFound }
        var jobs: [Job] = [.home]
        if Self.hasGraphPage(loaded) { jobs.append(.graph) }
        if Self.hasOptionalPage("search", loaded) { jobs.append(.search) }
        if models.hasTimelinePage { jobs.append(.timeline) }
        if models.showsTime, let location = URLSpaceRules.optionalPageTaken("timeline", in: taxonomy) {
            log.add(.warning("`timeline` is the address of the timeline page, and a kind or facet is published there; this site gets no timeline page (give it another folder or key)",
                             at: location ?? SourceLocation(path: loaded.taxonomyPath), stage: .render))
        }
        jobs += taxonomy.kinds.map(Job.kind)
        jobs += entries.indices.map(Job.entry)
        for facet in taxonomy.facets {
            jobs.append(.facet(facet))
            for term in graph.facets.terms[facet.id] ?? [] {
                jobs.append(.term(facet, term))
                guard facet.hasKindPages else { continue }
                let kindsUsed = Set(term.entries.map { entries[$0].kind })
                jobs += taxonomy.kinds.filter { kindsUsed.contains($0.id) }.map { Job.kindTerm(facet, term, $0) }
            }
        }
        jobs.append(.notFound)
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
            case .timeline: return ("timeline", PageViewModels.timelineSitePath)
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
            // Timeline events and sources' references appear on many pages: rendered once per root, joined per page.
            let rootModels = models.forPage(atFile: target.sitePath == nil ? nil : file)
            if rootModels.showsTime {
                models.setEventHTML(parallelMap(rootModels.eventViewCount, jobs: options.jobs) { n in
                    rootModels.eventViewModel(n).flatMap { templates.render($0, template: TemplateLibrary.eventTemplate) } ?? ""
                }, forRoot: pageURLs.root)
            }
            if !taxonomy.sourceKinds.isEmpty {
                models.setReferenceHTML(parallelMap(entries.count, jobs: options.jobs) { i in
                    rootModels.referenceViewModel(i).flatMap { templates.render($0, template: TemplateLibrary.referenceTemplate) } ?? ""
                }, forRoot: pageURLs.root)
            }
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
        // Attachments are files of the site too: checked with the pages.
        let attachmentFiles = loaded.attachments.contentPaths.map { loaded.attachments.outputPath(ofContentPath: $0) ?? $0 }
        let attachmentSources = loaded.attachments.contentPaths.map { SourceLocation(path: paths.display(loaded.contentRoot + "/" + $0)) }
        log.add(contentsOf: OutputPathRules.problems(files: files + attachmentFiles, sources: attachmentSources.isEmpty ? jobSources() : jobSources() + attachmentSources))
        func jobSources() -> [SourceLocation] { jobs.map { job -> SourceLocation in
            switch job {
            case .home, .notFound: return SourceLocation(path: paths.display(loaded.contentRoot + "/site.yml"))
            case .graph: return .whole(loaded.theme.displayPath(of: "graph.mustache", paths: paths))
            case .search: return .whole(loaded.theme.displayPath(of: "search.mustache", paths: paths))
            case .timeline: return .whole(loaded.theme.displayPath(of: "timeline.mustache", paths: paths))
            case .kind(let kind): return kind.location ?? SourceLocation(path: loaded.taxonomyPath)
            case .entry(let e): return SourceLocation(path: entries[e].displayPath)
            case .facet(let facet): return facet.location ?? SourceLocation(path: loaded.taxonomyPath)
            case .term(let facet, let term), .kindTerm(let facet, let term, _):
                return Self.firstUse(of: term, in: facet, entries: entries) ?? facet.location ?? SourceLocation(path: loaded.taxonomyPath)
            }
        } }
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
            case .timeline: context = models.timelinePage()
            case .notFound: context = models.notFound()
            }
            func failure() -> Diagnostic {
                .error("template `\(template)` could not be rendered", at: .whole(loaded.theme.displayPath(of: template + ".mustache", paths: paths)), stage: .render)
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

    /// Writes files (the search index's, the data files) to the staging
    /// folder. A failure is kept by the writer and reported once, where the build ends.
    /// Whether the site gets a graph page (`graph/`): when the theme has a
    /// `graph.mustache` (a theme without one is still complete) and no kind
    /// or facet already publishes at that address.
    static func hasGraphPage(_ loaded: Loaded) -> Bool { hasOptionalPage("graph", loaded) }

    /// Whether an optional page (`graph`, `search`, `timeline`) is written: its template
    /// is in the theme and no kind or facet publishes at its address.
    static func hasOptionalPage(_ name: String, _ loaded: Loaded) -> Bool {
        loaded.theme.has(name + ".mustache") && URLSpaceRules.optionalPageTaken(name, in: loaded.taxonomy) == nil
    }

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
        return (spellings.first { SlugRules.termSlug($0.value, in: facet) == term.slug.rawValue } ?? spellings.first)?.location
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
            log.add(.error(summary, at: .whole(paths.display(writer.output)), stage: .write))
        }
    }

    func searchDocument(_ i: Int, _ entry: Entry, _ body: RenderedMarkdown, taxonomy: Taxonomy, urls: SiteURLs) -> SearchIndex.Document {
        SearchIndex.Document(title: entry.title, url: urls.relativeLink(SiteURLs.entryPath(entry, in: taxonomy)),
                             kind: taxonomy.kind(entry.kind)?.singular ?? entry.kind.rawValue,
                             summary: entry.summary, aliases: entry.aliases,
                             headings: body.headings.map(\.text), text: body.text)
    }
}
