import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Write: the staging folder, assets, data files, and the swap into place.
extension SiteBuilder {
    // MARK: write

    /// The staging writer for this build, or nil (with a diagnostic) when the
    /// output folder may not be replaced.
    func makeWriter(_ loaded: Loaded, log: inout DiagnosticLog) -> OutputWriter? {
        let outputPath = FileSystem.absolutePath(options.outputDirectory)
        do {
            let writer = try OutputWriter(output: outputPath, protecting: .current(contentAndTemplates: [loaded.contentRoot] + (loaded.theme.folder.map { [$0] } ?? [])))
            writer.removalJobs = options.jobs
            return writer
        } catch {
            log.add(.error("\(error)", at: .whole(paths.display(outputPath)), stage: .write))
            return nil
        }
    }

    /// sitemap.xml, feed.xml, robots.txt and graph.json, written to the
    /// staging folder where they were built.
    package struct DataFiles {
        /// graph.json in parts, kept for a live server only.
        var graph: GraphExport.Document?
        /// Why they could not be written, if they could not.
        var problem: Diagnostic?
    }

    /// `listedSitePaths`: every page but 404.html, in the order they are rendered.
    /// Each file is written as soon as it is made and dropped, so they are
    /// never all in memory at once (at 100,000 entries they are 250 MB).
    func dataFiles(_ loaded: Loaded, _ graph: KnowledgeGraph, listedSitePaths: [SitePath], writer: OutputWriter, displayedAs output: String,
                   keepsDocument: Bool = true) -> DataFiles {
        let urls = SiteURLs(site: loaded.site)
        let entryURL = { (i: EntryID) in urls.link(loaded.entrySitePaths[i]) }
        var document: GraphExport.Document?
        do {
            try writer.write(Feeds.sitemap(pagePaths: listedSitePaths, urls: urls), to: "sitemap.xml")
            let entryList = graph.index.entries.indices.map { (entry: graph.index.entries[$0], sitePath: loaded.entrySitePaths[$0]) }
            try writer.write(Feeds.atom(site: loaded.site, urls: urls, entries: entryList, buildDate: options.buildDate ?? Self.today()), to: "feed.xml")
            try writer.write(Feeds.robots(urls: urls), to: "robots.txt")
            if keepsDocument {
                // A live server keeps graph.json in parts, to redo one entry's edges.
                let parts = GraphExport.document(site: loaded.site, taxonomy: loaded.taxonomy, graph: graph, entryURL: entryURL)
                document = parts
                try writer.write(to: "graph.json") { append in
                    var buffer: [UInt8] = []
                    buffer.reserveCapacity(1 << 20)
                    try parts.forEachPart { part in
                        buffer.append(contentsOf: part.utf8)
                        if buffer.count >= 1 << 20 {
                            try append(buffer)
                            buffer.removeAll(keepingCapacity: true)
                        }
                    }
                    try append(buffer)
                }
            } else {
                // Otherwise it goes to the file as it is made, a megabyte at a time.
                try writer.write(to: "graph.json") { append in
                    var failure: Error?
                    GraphExport.write(site: loaded.site, taxonomy: loaded.taxonomy, graph: graph, entryURL: entryURL) { bytes in
                        guard failure == nil else { return }
                        do { try append(bytes) } catch { failure = error }
                    }
                    if let failure { throw failure }
                }
            }
        } catch {}
        let previews = LinkPreviews.files(graph: graph, taxonomy: loaded.taxonomy, sitePaths: loaded.entrySitePaths)
        return DataFiles(graph: document, problem: Self.writeFiles(previews, writer: writer, displayedAs: output))
    }

    /// Pages, assets and attachments are already in the staging folder; add the data files, then swap it in.
    func write(_ loaded: Loaded, _ pages: [Page], dataFiles: BackgroundWork<DataFiles>, writer: OutputWriter,
               graphDocument: inout GraphExport.Document?, steps: StepTimes = StepTimes(), log: inout DiagnosticLog) -> Int {
        let outputPath = writer.output
        do {
            // Built and written beside the pages; usually finished by now.
            let built = dataFiles.value()
            steps.add(.write, "feeds and graph.json", seconds: dataFiles.seconds, note: dataFiles.ranInBackground ? "beside pages" : nil)
            if let problem = built.problem { log.add(problem) }
            graphDocument = built.graph
            if log.hasErrors || writer.failureSummary != nil {
                discard(writer, joining: nil, log: &log)
                return 0
            }
            if let minimum = options.backgroundRemovalMinimumPages { writer.removesPreviousInBackground = pages.count >= minimum }
            try steps.measure(.write, "swap into place") { try writer.commit() }
        } catch {
            // Every writer is joined: `dataFiles` above, the pages and search files in render.
            _ = dataFiles.value()
            if writer.failureSummary == nil {
                log.add(.error("\(error)", at: .whole(paths.display(outputPath)), stage: .write))
            }
            discard(writer, joining: nil, log: &log)
            return 0
        }
        return pages.filter(\.isListed).count + 1
    }

    /// Assets and attachments, copied to the staging folder before the
    /// pages. A failed write is kept by the writer and reported where the
    /// build ends; anything else is an error here.
    func copyStaticFiles(_ loaded: Loaded, writer: OutputWriter, steps: StepTimes, log: inout DiagnosticLog) {
        do {
            // Theme assets first, so a site's own assets/ can replace a theme file.
            try steps.measure(.write, "assets") {
                try copyThemeAssets(loaded.theme, writer: writer, log: &log)
                try copyAssets(from: loaded.contentRoot + "/assets", files: loaded.assetFiles.map { String($0.dropFirst("assets/".count)) }, writer: writer, log: &log)
            }
            try steps.measure(.write, "attachments") { try copyAttachments(loaded, writer: writer, log: &log) }
        } catch {
            if writer.failureSummary == nil {
                log.add(.error("\(error)", at: .whole(paths.display(writer.output)), stage: .write))
            }
        }
    }

    /// The theme's assets: the built-in ones, and the templates folder's in their place.
    func copyThemeAssets(_ theme: Theme, writer: OutputWriter, log: inout DiagnosticLog) throws {
        var fromFolder: [String] = []
        try writer.prepareFolders(for: theme.assetFiles.map { "assets/" + $0 })
        for file in theme.assetFiles {
            if case .folder = theme.files["assets/" + file] { fromFolder.append(file); continue }
            guard let bytes = theme.contents(of: "assets/" + file) else { continue }
            try writer.write(bytes, to: "assets/" + file)
        }
        if let folder = theme.folder {
            try copyAssets(from: folder + "/assets", files: fromFolder, writer: writer, log: &log)
        }
    }

    func copyAssets(from folder: String, files: [String], writer: OutputWriter, log: inout DiagnosticLog) throws {
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
                log.add(.error("cannot read this asset: \(FileSystem.errorDescription(errno))", at: SourceLocation(path: paths.display(source)), stage: .write))
            }
        }
    }

    /// Every file of the content folder that is not an entry, to where
    /// `SiteURLs.attachmentPath` puts it. The scanner already refused links
    /// out of the content folder.
    func copyAttachments(_ loaded: Loaded, writer: OutputWriter, log: inout DiagnosticLog) throws {
        for path in loaded.attachments.contentPaths {
            let source = loaded.contentRoot + "/" + path
            do {
                try writer.copyFile(from: source, to: loaded.attachments.outputPath(ofContentPath: path) ?? path)
            } catch OutputWriter.Failure.unreadable {
                log.add(.error("cannot read this file: \(FileSystem.errorDescription(errno))", at: SourceLocation(path: paths.display(source)), stage: .write))
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
