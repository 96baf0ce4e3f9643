import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Load: site.yml, taxonomy.yml, the content scan and every entry's front
/// matter, with the templates read beside them.
extension SiteBuilder {
    // MARK: load

    package struct Loaded {
        var site: SiteConfig
        var taxonomy: Taxonomy
        var templates: TemplateLibrary?
        var index: EntryIndex
        var contentRoot: String
        var templatesRoot: String
        var assetFiles: [String]
        /// The files links and embeds may name besides entries (see AttachmentIndex).
        var attachments: AttachmentIndex = .empty
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
        var hasSiteFile = false
        switch settingsText(sitePath) {
        case .some(.some(let text)):
            hasSiteFile = true
            site = SiteConfigLoader.load(text: text, path: paths.display(sitePath), diagnostics: &diagnostics)
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
        // A folder of notes without site.yml lets broken links through (as
        // Obsidian shows a note not yet written); a configured site fails on them.
        site.brokenLinks = options.brokenLinksOverride ?? site.brokenLinks ?? (hasSiteFile ? .error : .warn)
        diagnostics += URLSpaceRules.problems(taxonomy, style: site.urlStyle, taxonomyPath: paths.display(taxonomyPath))

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
            NameClashRules.problems(entries)
        }
        let index = EntryIndex(entries: entries, excludedDrafts: drafts, failedSlugs: failed)
        let entrySitePaths = entries.map { SiteURLs.entryPath($0, in: taxonomy) }
        diagnostics.append(contentsOf: clashes.value())
        let templates = joinTemplates()
        steps.add(.load, "index", seconds: (ContinuousClock.now - indexStart).inSeconds)
        var loaded = Loaded(site: site, taxonomy: taxonomy, templates: templates, index: index, contentRoot: contentRoot,
                            templatesRoot: templatesRoot, assetFiles: listing.assetFiles, taxonomyPath: paths.display(taxonomyPath),
                            entrySitePaths: entrySitePaths)
        loaded.attachments = AttachmentIndex(contentPaths: listing.assetFiles)
        return loaded
    }
}
