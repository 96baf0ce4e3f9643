import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Parse: every body through cmark-gfm with its links resolved, and the
/// relations and facets read from front matter beside them.
extension SiteBuilder {
    // MARK: parse

    package struct Parsed {
        var bodies: [RenderedMarkdown]
        var links: [[BodyLinkResolver.OutgoingLink]]
        var selfAnchors: [[(anchor: String, location: SourceLocation)]]
        /// Each body's citations (`[[@source]]`), in document order.
        var citations: [[BodyLinkResolver.Citation]]
        var edges: [RelationChecker.Edge]
        var facets: FacetIndex
        var intro: RenderedMarkdown?
        /// Entries the home page intro links to.
        var introLinks: [EntryID]
        /// Problems found in each body while resolving its links.
        var bodyDiagnostics: [[Diagnostic]]
        /// A vault's kinds' page texts (their folders' own notes).
        var kindIntros: [KindID: RenderedMarkdown] = [:]
        /// Where each body's HTML waits for its page when it was moved out of
        /// memory (its `html` is then empty); see `SpillFile`.
        var htmlSpans: [SpillFile.Span?] = []
        var htmlFile: SpillFile?
        /// Each entry scored for the search index as it was parsed (its
        /// `text` is then empty); taken once, by the search index.
        var searchTerms = ScoredEntries()

        /// Body `i`'s HTML, from memory or read back from `htmlFile` (nil when that read fails).
        func html(_ i: EntryID) -> HTMLFragment? {
            guard let span = htmlSpans.isEmpty ? nil : htmlSpans[i], let htmlFile else { return bodies[i].html }
            return htmlFile.read(span).map(HTMLFragment.init(bytes:))
        }
    }

    /// The search index's input, made during the parse and handed over once.
    package final class ScoredEntries: @unchecked Sendable {
        // @unchecked: `scored` is set by the parsing thread before any other
        // thread sees this object, and emptied by the one that builds the index.
        let collector = SearchTermCollector()
        var scored: [SearchTermCollector.Scored] = []
        /// Each entry's result snippet (`SearchIndex.excerpt`), made from its words before they go.
        var excerpts: [String] = []
        /// Where each snippet waits in the build's HTML file when it was
        /// moved out of memory (its `excerpts` entry is then empty).
        var excerptSpans: [SpillFile.Span?] = []

        func take() -> (scored: [SearchTermCollector.Scored], excerpts: [String], excerptSpans: [SpillFile.Span?]) {
            defer { (scored, excerpts, excerptSpans) = ([], [], []) }
            return (scored, excerpts, excerptSpans)
        }
    }

    /// `htmlFile`: where to keep the bodies' HTML until their pages are rendered (nil: in memory).
    func parse(_ loaded: Loaded, log: inout DiagnosticLog, steps: StepTimes = StepTimes(), htmlFile: SpillFile? = nil) -> Parsed {
        var diagnostics: [Diagnostic] = []
        defer { log.add(contentsOf: diagnostics) }
        // Relations and facets come from front matter alone: checked beside the
        // bodies. A vault's tags come from the bodies too: its facets wait for them.
        let tagFacet = loaded.taxonomy.facets.first(where: \.isTags)?.id
        let typedLinks = BackgroundWork(inBackground: options.jobs > 1) {
            var diagnostics: [Diagnostic] = []
            let edges = RelationChecker(index: loaded.index, taxonomy: loaded.taxonomy).check(diagnostics: &diagnostics)
            let facets = tagFacet != nil ? nil : FacetIndex(index: loaded.index, taxonomy: loaded.taxonomy, diagnostics: &diagnostics, taxonomyPath: loaded.taxonomyPath)
            return (edges, facets, diagnostics)
        }
        let urls = SiteURLs(site: loaded.site)
        let markdownOptions = MarkdownOptions(allowsRawHTML: loaded.site.allowsRawHTML)
        let entries = loaded.index.entries
        // Every entry's URL as bodies link to it, joined once per link root
        // (one for pretty URLs, one per page depth for `files`) rather than
        // once per link.
        let bodyURLs = entries.entryIDs.map { urls.forPage(atFile: urls.outputFile(forSitePath: loaded.entrySitePaths[$0])) }
        var entryURLsByRoot: [String: [String]] = [:]
        for pageURLs in bodyURLs where entryURLsByRoot[pageURLs.root] == nil && entryURLsByRoot.count < 4 {
            entryURLsByRoot[pageURLs.root] = loaded.entrySitePaths.map(pageURLs.link)
        }
        let searchTerms = ScoredEntries()
        var linkSite = Self.linkSite(loaded)
        /// Per body: what main's parse returns (0 to 5), then where its HTML
        /// waits (6), its search terms (7) and its snippet, in memory (8) or
        /// waiting beside the HTML (9).
        typealias BodyResult = (RenderedMarkdown, [BodyLinkResolver.OutgoingLink], [(anchor: String, location: SourceLocation)], [Diagnostic],
                                [Located<String>], [BodyLinkResolver.Citation], SpillFile.Span?, SearchTermCollector.Scored, String, SpillFile.Span?)
        func parseBodies(_ indices: [EntryID]) -> [BodyResult] {
            parallelMap(indices.count, jobs: options.jobs) { [linkSite] k -> BodyResult in
                let i = indices[k]
                var entry = entries[i]
                var unreadable: Diagnostic?
                // A body kept out of memory since loading comes back for its parse only.
                if let span = loaded.bodySpans.isEmpty ? nil : loaded.bodySpans[i], let file = loaded.bodyFile {
                    if let bytes = file.read(span) {
                        entry.body = String(decoding: bytes, as: UTF8.self)
                    } else {
                        unreadable = .error("cannot read this entry's body back from the build's scratch file: \(FileSystem.errorDescription(errno))",
                                            at: SourceLocation(path: entry.displayPath), stage: .parse)
                    }
                }
                var (rendered, resolver) = parseBody(of: entry, at: i, loaded: loaded, site: linkSite, urls: bodyURLs[i],
                                                     entryURLs: entryURLsByRoot[bodyURLs[i].root])
                // Scored for search now: its words need not wait for the index.
                let scored = searchTerms.collector.score(searchDocument(i, entry, rendered, taxonomy: loaded.taxonomy, urls: urls))
                var excerpt = SearchIndex.excerpt(rendered.text)
                rendered.text = []
                // The snippet waits beside the HTML (1.2 KB an entry) until the search files are written.
                var excerptSpan: SpillFile.Span?
                if let htmlFile, let span = htmlFile.append(excerpt) {
                    excerptSpan = span
                    excerpt = ""
                }
                // The HTML leaves memory until its page is written.
                var span: SpillFile.Span?
                if let htmlFile {
                    span = htmlFile.append(rendered.html.bytes)
                    if span != nil { rendered.html = HTMLFragment(bytes: []) }
                }
                return (rendered, resolver.links, resolver.selfAnchors, (unreadable.map { [$0] } ?? []) + resolver.diagnostics, resolver.inlineTags,
                        resolver.citations, span, scored, excerpt, excerptSpan)
            }
        }
        var results = steps.measure(.parse, "bodies") { parseBodies(Array(entries.entryIDs)) }
        // A link by a heading's text was written with the id that text
        // would get; where the heading has another (a repeated heading, a
        // text that makes another id), the body is parsed again with every
        // heading known. Most sites have none.
        let headings = results.map(\.0.headings)
        linkSite.headings = headings
        let again = entries.entryIDs.filter { GraphChecks.needsHeadingIDs(results[$0].1, headings: headings) }
        if !again.isEmpty {
            let redone = steps.measure(.parse, "bodies linking headings by text") { parseBodies(again) }
            for (k, i) in again.enumerated() { results[i] = redone[k] }
        }
        let (edges, typedFacets, typedLinkDiagnostics) = typedLinks.value()
        steps.add(.parse, "relations and facets", seconds: typedLinks.seconds, note: typedLinks.ranInBackground ? "beside bodies" : nil)
        diagnostics.append(contentsOf: typedLinkDiagnostics)
        var facets: FacetIndex
        if let typedFacets {
            facets = typedFacets
        } else {
            facets = FacetIndex(index: loaded.index, taxonomy: loaded.taxonomy, diagnostics: &diagnostics, taxonomyPath: loaded.taxonomyPath,
                                inlineTerms: tagFacet.map { [$0: results.map { $0.4 }] } ?? [:])
        }
        // The home page's and kinds' texts link only to tags some entry has (they are not entries themselves).
        let knownTags = tagFacet.map { TagLinks(facet: $0, known: Set((facets.terms[$0] ?? []).map(\.slug))) }
        var intro: RenderedMarkdown?
        var introLinks: [EntryID] = []
        /// A page's text (the home page's, a kind's), its links resolved from that page.
        func pageText(_ text: String, sitePath: SitePath, folder: String, displayPath: String, firstLine: Int) -> RenderedMarkdown {
            let resolver = BodyLinkResolver(site: linkSite, urls: urls.forPage(atFile: urls.outputFile(forSitePath: sitePath)), sourceIndex: nil,
                                            sourceFolder: folder, pageSitePath: sitePath, displayPath: displayPath, lineOffset: firstLine,
                                            taxonomy: loaded.taxonomy)
            resolver.tagLinks = knownTags
            let rendered = MarkdownRenderer.render(text, options: markdownOptions, resolver: resolver)
            diagnostics.append(contentsOf: resolver.diagnostics)
            introLinks += resolver.links.map(\.target)
            return rendered
        }
        if let text = loaded.site.intro {
            intro = pageText(text, sitePath: .home, folder: "", displayPath: paths.display(loaded.contentRoot + "/site.yml"), firstLine: loaded.site.introFirstLine)
        } else if let home = loaded.homeNote {
            intro = pageText(home.body, sitePath: .home, folder: "", displayPath: home.displayPath, firstLine: home.bodyFirstLine)
        }
        var kindIntros: [KindID: RenderedMarkdown] = [:]
        for kind in loaded.taxonomy.kinds {
            guard let note = loaded.kindNotes[kind.id] else { continue }
            kindIntros[kind.id] = pageText(note.body, sitePath: SiteURLs.kindPath(kind), folder: note.folderPath, displayPath: note.displayPath, firstLine: note.bodyFirstLine)
        }
        for result in results { diagnostics.append(contentsOf: result.3) }
        searchTerms.scored = results.map { $0.7 }
        searchTerms.excerpts = results.map { $0.8 }
        if htmlFile != nil { searchTerms.excerptSpans = results.map { $0.9 } }
        return Parsed(bodies: results.map { $0.0 }, links: results.map { $0.1 }, selfAnchors: results.map { $0.2 }, citations: results.map { $0.5 },
                      edges: edges, facets: facets, intro: intro, introLinks: introLinks, bodyDiagnostics: results.map { $0.3 }, kindIntros: kindIntros,
                      htmlSpans: htmlFile == nil ? [] : results.map { $0.6 }, htmlFile: htmlFile, searchTerms: searchTerms)
    }

    /// What every body's links resolve against: the entries, and the files
    /// copied into the site (attachments and `assets/`, which keeps its path).
    static func linkSite(_ loaded: Loaded, headings: [[RenderedHeading]]? = nil) -> BodyLinkResolver.Site {
        let files = loaded.assetFiles.isEmpty ? loaded.attachments : AttachmentIndex(contentPaths: loaded.attachments.contentPaths + loaded.assetFiles)
        var site = BodyLinkResolver.Site(index: loaded.index, attachments: files, entrySitePaths: loaded.entrySitePaths,
                                         brokenLinks: loaded.site.brokenLinks ?? .error, headings: headings)
        var notes: [(relativePath: String, sitePath: SitePath, title: String)] = []
        if let home = loaded.homeNote { notes.append((home.relativePath, .home, home.title)) }
        for kind in loaded.taxonomy.kinds {
            if let note = loaded.kindNotes[kind.id] { notes.append((note.relativePath, SiteURLs.kindPath(kind), kind.title)) }
        }
        if !notes.isEmpty { site.pageNotes = PageNotes(notes) }
        // Bodies kept out of memory are read back for the notes that embed them.
        if let file = loaded.bodyFile, !loaded.bodySpans.isEmpty {
            let spans = loaded.bodySpans
            site.bodyOf = { i in spans[i].flatMap(file.read).map { String(decoding: $0, as: UTF8.self) } }
        }
        return site
    }

    /// One entry's body: parsed, its links resolved for the entry's own page
    /// (relative in `files` style). The resolver keeps the links and problems.
    /// `urls` and `entryURLs` (every entry's URL from this page), when given, were worked out for the entry's page.
    func parseBody(of entry: Entry, at i: EntryID, loaded: Loaded, site: BodyLinkResolver.Site? = nil, urls: SiteURLs? = nil,
                   entryURLs: [String]? = nil) -> (RenderedMarkdown, BodyLinkResolver) {
        let pageURLs = urls ?? {
            let urls = SiteURLs(site: loaded.site)
            return urls.forPage(atFile: urls.outputFile(forSitePath: loaded.entrySitePaths[i]))
        }()
        let resolver = BodyLinkResolver(site: site ?? Self.linkSite(loaded), urls: pageURLs, entryURLs: entryURLs, sourceIndex: i,
                                        sourceFolder: Self.folder(of: entry.relativePath),
                                        displayPath: entry.displayPath, lineOffset: entry.bodyFirstLine, taxonomy: loaded.taxonomy)
        if let tags = loaded.taxonomy.facets.first(where: \.isTags) { resolver.tagLinks = TagLinks(facet: tags.id) }
        let rendered = MarkdownRenderer.render(entry.body, options: MarkdownOptions(allowsRawHTML: loaded.site.allowsRawHTML), resolver: resolver)
        return (rendered, resolver)
    }

    /// `a/b/c.md` → `a/b`; `c.md` → "" (relative paths from the scanner: no trailing or doubled slashes).
    static func folder(of relativePath: String) -> String {
        guard let slash = relativePath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(relativePath[..<slash])
    }
}
