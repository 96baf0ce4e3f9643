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
        /// The built-in theme with the templates folder's files over it.
        var theme: Theme
        var assetFiles: [String]
        var taxonomyPath: String
        /// Each entry's site path (see SiteURLs), worked out once for every link to it.
        var entrySitePaths: [SitePath] = []
        /// Files of the content folder that are not entries, copied beside the pages.
        var attachments = AttachmentIndex.empty
        /// A vault's home note (VaultLayout): its body is the home page's text
        /// unless site.yml has an `intro`. Not an entry.
        var homeNote: Entry?
        /// A vault's top-level folders' own notes: each kind's page text. Not entries.
        var kindNotes: [KindID: Entry] = [:]
        /// Where each entry's body waits for the parse when it was moved out
        /// of memory (its `body` is then empty); see `SpillFile`.
        var bodySpans: [SpillFile.Span?] = []
        var bodyFile: SpillFile?
    }

    /// `bodyFile`: where to keep the entries' bodies until they are parsed (nil: in memory).
    func load(log: inout DiagnosticLog, steps: StepTimes = StepTimes(), bodyFile: SpillFile? = nil) -> Loaded? {
        var diagnostics: [Diagnostic] = []
        defer { log.add(contentsOf: diagnostics) }
        let contentRoot = FileSystem.absolutePath(options.contentDirectory)
        guard FileSystem.isDirectory(contentRoot) else {
            diagnostics.append(.error("content folder does not exist (name it with --content, or start a site with `attache init`)", at: .whole(paths.display(contentRoot)), stage: .load))
            return nil
        }

        /// A settings file's text: nil when it does not exist; an error when it is not UTF-8.
        func settingsText(_ path: String) -> String?? {
            guard let data = FileSystem.readData(atPath: path) else { return .some(nil) }
            guard case .success(let text) = SourceText.decode(data) else {
                diagnostics.append(.error("\((path as NSString).lastPathComponent) is not valid UTF-8 text", at: .whole(paths.display(path)), stage: .load))
                return nil
            }
            return text
        }
        // Templates are read and compiled beside scanning and loading the
        // entries; their problems are reported where they always were.
        let loadedTemplates = BackgroundWork(inBackground: options.jobs > 1) { [paths, options] in
            var diagnostics: [Diagnostic] = []
            guard let theme = Theme.load(folder: options.templatesDirectory, mustExist: options.templatesDirectoryMustExist,
                                         paths: paths, diagnostics: &diagnostics) else {
                return (Theme.builtIn, nil as TemplateLibrary?, diagnostics)
            }
            let templates = TemplateLibrary.load(theme: theme, paths: paths, diagnostics: &diagnostics)
            return (theme, templates, diagnostics)
        }
        let sitePath = contentRoot + "/site.yml"
        let taxonomyPath = contentRoot + "/taxonomy.yml"
        // Without taxonomy.yml the content folder is a vault (VaultLayout), and site.yml is optional.
        let isVault = FileSystem.type(atPath: taxonomyPath) == nil
        var site: SiteConfig?
        var siteIsDefault = false
        switch settingsText(sitePath) {
        case .some(.some(let text)): site = SiteConfigLoader.load(text: text, path: paths.display(sitePath), diagnostics: &diagnostics)
        case .some(.none):
            if isVault {
                site = SiteConfig(title: (contentRoot as NSString).lastPathComponent)
                siteIsDefault = true
            } else {
                diagnostics.append(.error("missing site.yml; it needs at least `title:`", at: .whole(paths.display(sitePath)), stage: .load))
            }
        case .none: break
        }

        // The output folder is never read as content, should it lie inside it
        // (`check` writes nothing and names no output folder).
        let outputRoot = FileSystem.absolutePath(options.outputDirectory)
        let excluded = options.writesOutput && outputRoot != contentRoot && FileSystem.isPath(outputRoot, inside: contentRoot) ? [outputRoot] : []
        let listing = steps.measure(.load, "scan") {
            ContentScanner(root: contentRoot, paths: paths, excluding: excluded).scan(diagnostics: &diagnostics)
        }
        var taxonomy: Taxonomy?
        var layout: VaultLayout?
        switch settingsText(taxonomyPath) {
        case .some(.some(let text)): taxonomy = TaxonomyLoader.load(text: text, path: paths.display(taxonomyPath), diagnostics: &diagnostics)
        case .some(.none):
            let vault = VaultLayout(markdownFiles: listing.markdownFiles)
            layout = vault
            taxonomy = vault.taxonomy
            // A folder published at `tags/` takes the tags' address: the folder wins.
            if let kind = vault.taxonomy.kinds.first(where: { $0.folder == "tags" }) {
                taxonomy?.facets.removeAll { $0.isTags }
                diagnostics.append(.warning("the folder `\(kind.sourceFolder)` is published at `tags/`, so tags get no pages", at: SourceLocation(path: paths.display(contentRoot + "/" + kind.sourceFolder)), stage: .load))
            }
        case .none: break
        }
        // The templates' problems go here in the list, whenever they arrive.
        let templateDiagnosticsAt = diagnostics.count
        func joinTemplates() -> (Theme, TemplateLibrary?) {
            var (theme, templates, templateDiagnostics) = loadedTemplates.value()
            diagnostics.insert(contentsOf: templateDiagnostics, at: templateDiagnosticsAt)
            if options.rendersWithSwiftMustache { templates?.compiled = nil }
            return (theme, templates)
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
        site.brokenLinks = options.brokenLinksOverride ?? site.brokenLinks ?? (siteIsDefault ? .warn : .error)
        diagnostics += URLSpaceRules.problems(taxonomy, style: site.urlStyle, taxonomyPath: paths.display(taxonomyPath))

        let loader = EntryLoader(taxonomy: taxonomy)
        // A vault's entries are its notes but the home note and the kinds' own notes (read below).
        let entryFiles = layout.map { layout in listing.markdownFiles.filter { layout.placements[$0] != nil } } ?? listing.markdownFiles
        let outcomes = steps.measure(.load, "entries") {
            parallelMap(entryFiles.count, jobs: options.jobs) { i in
                let relative = entryFiles[i]
                let absolute = contentRoot + "/" + relative
                var outcome = loader.load(relativePath: relative, absolutePath: absolute, displayPath: paths.display(absolute), placement: layout?.placements[relative])
                // The body leaves memory as soon as it is read (in place: the entry is not shared yet).
                guard let bodyFile, let body = outcome.entry?.body, !body.isEmpty, let span = bodyFile.append(body) else {
                    return (outcome, nil as SpillFile.Span?)
                }
                outcome.entry?.body = ""
                return (outcome, span)
            }
        }
        let indexStart = ContinuousClock.now
        var homeNote: Entry?
        var kindNotes: [KindID: Entry] = [:]
        if let layout {
            /// A note that is a page's text: read as an entry is, then used for its title and body.
            func note(_ relative: String) -> Entry? {
                let absolute = contentRoot + "/" + relative
                let outcome = loader.load(relativePath: relative, absolutePath: absolute, displayPath: paths.display(absolute),
                                          placement: VaultLayout.Placement(kind: VaultLayout.defaultKind, slug: Slug(""), sitePath: .home))
                diagnostics.append(contentsOf: outcome.diagnostics)
                return outcome.entry
            }
            homeNote = layout.homeNote.flatMap(note)
            for (kind, relative) in layout.kindNotes.sorted(by: { $0.key < $1.key }) { kindNotes[kind] = note(relative) }
            if siteIsDefault, let home = homeNote {
                // The home note's own title (front matter or heading), else the folder's name.
                if home.title != home.fileStem { site.title = home.title }
                site.description = home.summary
            }
        }
        var entries: [Entry] = []
        var drafts = Set<Slug>()
        var failed = Set<Slug>()
        var unpublished = EntryIndex.Unpublished()
        var firstPathOfSlug: [Slug: String] = [:]
        var bodySpans: [SpillFile.Span?] = []
        for (i, (outcome, span)) in outcomes.enumerated() {
            diagnostics.append(contentsOf: outcome.diagnostics)
            guard let entry = outcome.entry else {
                failed.insert(Slug(layout?.placements[entryFiles[i]]?.slug.rawValue ?? Entry.fileStem(ofPath: entryFiles[i])))
                continue
            }
            if let first = firstPathOfSlug[entry.slug] {
                let message = layout == nil
                    ? "slug `\(entry.slug)` is already used by \(first); slugs are unique across the site"
                    : "this note would be published at `\(entry.slug)/`, as \(first) is (their names differ only in case or punctuation); rename one"
                diagnostics.append(.error(message, at: SourceLocation(path: entry.displayPath), stage: .load))
                continue
            }
            firstPathOfSlug[entry.slug] = entry.displayPath
            if outcome.isUnpublished {
                unpublished.add(entry)
                continue
            }
            if entry.isDraft && !options.includeDrafts {
                drafts.insert(entry.slug)
                continue
            }
            entries.append(entry)
            bodySpans.append(span)
        }
        diagnostics += PermalinkRules.problems(entries, taxonomy: taxonomy, style: site.urlStyle)
        let clashes = BackgroundWork(inBackground: options.jobs > 1) { [entries] in
            NameClashRules.problems(entries)
        }
        let index = EntryIndex(entries: entries, excludedDrafts: drafts, failedSlugs: failed, unpublished: unpublished)
        let entrySitePaths = entries.map { SiteURLs.entryPath($0, in: taxonomy) }
        diagnostics.append(contentsOf: clashes.value())
        let (theme, templates) = joinTemplates()
        steps.add(.load, "index", seconds: (ContinuousClock.now - indexStart).inSeconds)
        return Loaded(site: site, taxonomy: taxonomy, templates: templates, index: index, contentRoot: contentRoot,
                      theme: theme, assetFiles: listing.assetFiles, taxonomyPath: paths.display(taxonomyPath),
                      entrySitePaths: entrySitePaths, attachments: AttachmentIndex(contentPaths: listing.attachmentFiles),
                      homeNote: homeNote, kindNotes: kindNotes, bodySpans: bodySpans, bodyFile: bodyFile)
    }
}
