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
        /// The page's site path (see SiteURLs); nil for 404.html and data files.
        var sitePath: SitePath?
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

    /// The search index and how long it took.
    package struct SearchOutput {
        var index: SearchIndex
        var steps: StepTimes
    }

    func searchOutput(_ loaded: Loaded, _ parsed: Parsed, keepsState: Bool) -> SearchOutput {
        let steps = StepTimes()
        let urls = SiteURLs(site: loaded.site)
        let entries = loaded.index.entries
        // Scored while parsing: the index needs each entry's title, URL, kind, summary and aliases only.
        let (scored, excerpts, excerptSpans) = parsed.searchTerms.take()
        let documents = entries.entryIDs.map { i in
            // The body's words are gone (parsed.bodies[i].text is empty): its snippet was made before.
            var document = searchDocument(i, entries[i], parsed.bodies[i], taxonomy: loaded.taxonomy, urls: urls)
            document.excerpt = excerpts[i]
            return document
        }
        var index = steps.measure(.render, "search index") {
            SearchIndex(documents: documents, scored: scored, terms: parsed.searchTerms.collector.terms, keepsDocumentTerms: keepsState)
        }
        if let file = parsed.htmlFile, !excerptSpans.isEmpty {
            // Snippets kept out of memory come back as their files are written.
            index.excerptSource = { i in excerptSpans[i].flatMap(file.read).map { String(decoding: $0, as: UTF8.self) } }
        }
        return SearchOutput(index: index, steps: steps)
    }

    /// The search index's files (and, for `files` URLs, the same as scripts).
    func searchFiles(_ index: SearchIndex, style: URLStyle) -> [(String, String)] {
        let files = index.files(jobs: options.jobs)
        return style == .files ? files + SearchIndex.scriptFiles(for: files) : files
    }

    /// Writes the search index's files to the staging folder as they are
    /// made (a failure is kept by the writer and reported once, where the build ends).
    func writeSearchFiles(_ index: SearchIndex, style: URLStyle, writer: OutputWriter, steps: StepTimes) {
        steps.measure(.render, "search files") {
            do { try writer.prepareFolders(for: SearchIndex.folders.map { $0 + "/-" }) } catch { return }
            index.forEachFile(jobs: options.jobs) { path, text in
                try? writer.write(text, to: path)
                if style == .files {
                    for (script, text) in SearchIndex.scriptFiles(for: [(path, text)]) { try? writer.write(text, to: script) }
                }
            }
        }
    }

    func render(_ loaded: Loaded, _ parsed: Parsed, _ graph: KnowledgeGraph, writer: OutputWriter?, search: BackgroundWork<SearchOutput>? = nil,
                keepsState: Bool = false, steps: StepTimes = StepTimes(), log: inout DiagnosticLog) -> Rendered {
        guard let templates = loaded.templates else { return Rendered() }
        let urls = SiteURLs(site: loaded.site)
        let taxonomy = loaded.taxonomy
        let entries = loaded.index.entries
        let titleKeys = entries.map { $0.title.lowercased() }
        var byKind: [KindID: [EntryID]] = [:]
        for i in entries.entryIDs { byKind[entries[i].kind, default: []].append(i) }
        for key in byKind.keys {
            byKind[key]!.sort { (titleKeys[$0], entries[$0].slug) < (titleKeys[$1], entries[$1].slug) }
        }
        var models = PageViewModels(site: loaded.site, taxonomy: taxonomy, urls: urls, index: loaded.index, graph: graph,
                                    bodies: parsed.bodies, entriesByKind: byKind, homeIntroHTML: parsed.intro?.html,
                                    kindIntroHTML: parsed.kindIntros.mapValues(\.html),
                                    templatesUse: templates.uses, hasGraphPage: Self.hasGraphPage(loaded),
                                    hasSearchPage: Self.hasOptionalPage("search", loaded),
                                    hasTimelinePage: Self.hasOptionalPage("timeline", loaded))
        // The cases that carry a kind, a facet or a term are boxed: a job
        // is then a few bytes, not the largest payload (about 500 bytes),
        // and there is one per page (50 MB at 100,000 entries).
        enum Job {
            case home, entry(EntryID), graph, search, timeline, notFound
            indirect case kind(Kind), facet(Facet), term(Facet, FacetIndex.Term), kindTerm(Facet, FacetIndex.Term, Kind)
        }
        var jobs: [Job] = [.home]
        if Self.hasGraphPage(loaded) { jobs.append(.graph) }
        if Self.hasOptionalPage("search", loaded) { jobs.append(.search) }
        if models.hasTimelinePage { jobs.append(.timeline) }
        if models.showsTime, let location = URLSpaceRules.optionalPageTaken("timeline", in: taxonomy) {
            log.add(.warning("`timeline` is the address of the timeline page, and a kind or facet is published there; this site gets no timeline page (give it another folder or key)",
                             at: location ?? SourceLocation(path: loaded.taxonomyPath), stage: .render))
        }
        jobs += taxonomy.kinds.map(Job.kind)
        jobs += entries.entryIDs.map(Job.entry)
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
        func target(_ job: Job) -> (template: String, sitePath: SitePath?) {
            switch job {
            case .home: return ("home", .home)
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
            let entryURLs = entries.map { pageURLs.entry($0, in: taxonomy) }
            models.setCards(html: parallelMap(entries.count, jobs: options.jobs) { i -> String in
                let card = PageViewModels.cardFields(entries[i], url: entryURLs[i], taxonomy: taxonomy)
                return templates.render(card, template: TemplateLibrary.cardTemplate) ?? ""
            }, urls: entryURLs, forRoot: pageURLs.root)
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
                    rootModels.referenceViewModel(EntryID(i)).flatMap { templates.render($0, template: TemplateLibrary.referenceTemplate) } ?? ""
                }, forRoot: pageURLs.root)
            }
            let sections: [(KindID?, FacetID?)] = [(nil, nil)] + taxonomy.kinds.map { ($0.id, nil) } + taxonomy.facets.map { (nil, $0.id) }
            for (kind, facet) in sections {
                let context = page.common(title: nil, description: nil, sitePath: .home, currentKind: kind, currentFacet: facet)
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
        // Nothing below changes the jobs or the models: pages are rendered
        // from these, on the page threads and, for a live server, on demand.
        let pageJobs = jobs
        let pageModels = models
        /// The context a page's template renders (or why it cannot be made).
        func pageContext(_ i: Int) -> (ModelObject?, Diagnostic?) {
            let sitePath = targets[i].sitePath
            let models = pageModels.forPage(atFile: sitePath == nil ? nil : files[i])
            var context: ModelObject
            switch pageJobs[i] {
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
            // A body's HTML kept out of memory since its parse comes back for its page only.
            if case .entry(let e) = pageJobs[i], parsed.htmlFile != nil, var entry = context[.entry] as? ModelObject {
                guard let html = parsed.html(e) else {
                    return (nil, .error("cannot read this entry's HTML back from the build's scratch file: \(FileSystem.errorDescription(errno))",
                                        at: SourceLocation(path: entries[e].displayPath), stage: .render))
                }
                entry[.body] = html
                context[.entry] = entry
            }
            return (context, nil)
        }
        if let writer {
            // Assets and attachments before the pages: a page served while
            // the build runs (see EarlyPages) finds its stylesheet.
            copyStaticFiles(loaded, writer: writer, steps: steps, log: &log)
        }
        if let writer, let publish = options.publishesEarlyPages {
            // A live server answers requests from here while the pages are
            // written. Published before the page folders exist: on a disk,
            // making 100,000 of them takes seconds, and a page rendered on
            // demand needs none.
            let staticFiles = Set(loaded.theme.assetFiles.map { "assets/" + $0 } + loaded.assetFiles
                                  + loaded.attachments.contentPaths.map { loaded.attachments.outputPath(ofContentPath: $0) ?? $0 })
            publish(EarlyPages(stagingFolder: writer.staging, files: files, staticFiles: staticFiles) { i in
                pageContext(i).0.flatMap { templates.renderUTF8($0, template: targets[i].template) }
            })
        }
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
                self.dataFiles(loaded, graph, listedSitePaths: listed, writer: writer, displayedAs: output, keepsDocument: keepsState)
            }
        }
        // The search files go to the staging folder from a thread of their
        // own as soon as the index is built, beside the pages, instead of
        // one by one on this thread after the last page.
        var searchFilesWritten: BackgroundWork<SearchOutput>?
        if let writer, let search {
            searchFilesWritten = BackgroundWork(inBackground: options.jobs > 1) {
                let built = search.value()
                self.writeSearchFiles(built.index, style: urls.style, writer: writer, steps: built.steps)
                return built
            }
        }
        let results = steps.measure(.render, "pages") { parallelMap(pageJobs.count, jobs: options.jobs) { i -> (Page?, Diagnostic?) in
            let (template, sitePath) = targets[i]
            func failure() -> Diagnostic {
                .error("template `\(template)` could not be rendered", at: .whole(loaded.theme.displayPath(of: template + ".mustache", paths: paths)), stage: .render)
            }
            let (made, problem) = pageContext(i)
            guard let context = made else { return (nil, problem) }
            let page = Page(relativePath: files[i], sitePath: sitePath, html: "", isListed: sitePath != nil)
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
            searchOutput = searchFilesWritten.value()
        } else {
            searchOutput = search?.value() ?? self.searchOutput(loaded, parsed, keepsState: keepsState)
            if let writer {
                writeSearchFiles(searchOutput.index, style: urls.style, writer: writer, steps: searchOutput.steps)
            } else {
                for (path, text) in searchFiles(searchOutput.index, style: urls.style) {
                    pages.append(Page(relativePath: path, sitePath: nil, html: text, isListed: false))
                }
            }
        }
        steps.add(searchOutput.steps, note: search?.ranInBackground == true ? "beside link and pages" : nil)
        // The models go back either way: kept for a live server, or freed with the rest of the build.
        return Rendered(pages: pages, models: pageModels, search: keepsState ? searchOutput.index : nil, dataFiles: dataFiles)
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

    func searchDocument(_ i: EntryID, _ entry: Entry, _ body: RenderedMarkdown, taxonomy: Taxonomy, urls: SiteURLs) -> SearchIndex.Document {
        SearchIndex.Document(title: entry.title, url: urls.relativeLink(SiteURLs.entryPath(entry, in: taxonomy)),
                             kind: taxonomy.kind(entry.kind)?.singular ?? entry.kind.rawValue,
                             summary: entry.summary, aliases: entry.aliases,
                             headings: body.headings.map(\.text), text: body.text)
    }
}
