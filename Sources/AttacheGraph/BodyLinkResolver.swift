import Foundation
import AttacheModel
import AttacheMarkdown

/// Resolves the links of one entry's body against the entry index and the
/// attachments, and remembers where they point, for anchor checks, mentions
/// and the graph. One instance per body; it is used by a single thread.
package final class BodyLinkResolver: MarkdownLinkResolving {
    package struct OutgoingLink {
        package var target: EntryID
        /// The anchor as written after `#` (`History`, `A#B`, `^block-id`).
        package var anchor: String?
        package var location: SourceLocation
        /// The fragment the link was written with (see `HeadingAnchors.guessedID`).
        package var fragment: String?
        /// `![[…]]`: the target's text is shown in this page.
        package var isEmbed = false
    }

    /// A `[[@source|locator]]` in the body.
    package struct Citation: Equatable {
        package var target: EntryID
        package var locator: String?
        package var location: SourceLocation
    }

    /// What every body of a build resolves against.
    package struct Site {
        package var index: EntryIndex
        package var attachments: AttachmentIndex
        /// Each entry's site path, by entry.
        package var entrySitePaths: [SitePath]
        package var brokenLinks: BrokenLinkPolicy
        /// Every entry's headings, when known: links by heading text then
        /// get the heading's id straight away (see the parse step's second pass).
        package var headings: [[RenderedHeading]]?
        /// Entry `i`'s Markdown when the index does not hold it (a build
        /// keeps bodies out of memory until they are parsed); an embed reads it.
        package var bodyOf: ((EntryID) -> String?)?
        /// The home note and kinds' own notes, which links may name too.
        package var pageNotes: PageNotes = .empty

        package init(index: EntryIndex, attachments: AttachmentIndex = .empty, entrySitePaths: [SitePath],
                     brokenLinks: BrokenLinkPolicy = .error, headings: [[RenderedHeading]]? = nil) {
            self.index = index
            self.attachments = attachments
            self.entrySitePaths = entrySitePaths
            self.brokenLinks = brokenLinks
            self.headings = headings
        }
    }

    let site: Site
    var index: EntryIndex { site.index }
    let urls: SiteURLs
    /// Each entry's URL from this body's page, when worked out beforehand.
    let entryURLs: [String]?
    /// The entry whose body this is (nil for the home page intro).
    let sourceIndex: EntryID?
    /// Folder of the source file relative to Content/ ("" for the top level).
    let sourceFolder: String
    /// Site path of the page the body is shown on (for links written relative to the page).
    let pageSitePath: SitePath
    let displayPath: String
    /// Line of the body's first line in its file.
    let lineOffset: Int
    /// Resolves a note embedded into another page: the note's own problems
    /// are reported with the note, and its links are not the page's.
    let isEmbedded: Bool
    package private(set) var links: [OutgoingLink] = []
    package private(set) var selfAnchors: [(anchor: String, location: SourceLocation)] = []
    package private(set) var citations: [Citation] = []
    package private(set) var diagnostics: [Diagnostic] = []
    /// The taxonomy, for what a citation may name (nil: no citations; every `[[@…]]` is reported).
    let taxonomy: Taxonomy?
    /// Inline `#tags` (see BodyLinkResolver+Tags.swift): where they link, and those found.
    package var tagLinks: TagLinks?
    var foundTags: [Located<String>] = []

    package init(site: Site, urls: SiteURLs, entryURLs: [String]? = nil, sourceIndex: EntryID?, sourceFolder: String,
                 pageSitePath: SitePath? = nil, displayPath: String, lineOffset: Int, isEmbedded: Bool = false, taxonomy: Taxonomy? = nil) {
        self.site = site
        self.taxonomy = taxonomy
        self.urls = urls
        self.entryURLs = entryURLs
        self.sourceIndex = sourceIndex
        self.sourceFolder = sourceFolder
        self.pageSitePath = pageSitePath ?? sourceIndex.map { site.entrySitePaths[$0] } ?? .home
        self.displayPath = displayPath
        self.lineOffset = lineOffset
        self.isEmbedded = isEmbedded
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: displayPath, line: line + lineOffset - 1, column: column)
    }

    func url(ofEntry target: EntryID) -> String {
        entryURLs?[target] ?? urls.link(site.entrySitePaths[target])
    }

    package var embedKey: String { sourceIndex.map { "entry:\($0)" } ?? "" }
    package var embedTitle: String { sourceIndex.map { index.entries[$0].title } ?? "home page" }

    // MARK: problems

    private func record(_ diagnostic: Diagnostic) {
        if !isEmbedded { diagnostics.append(diagnostic) }
    }

    /// A link that names nothing: an error, or with `broken_links: warn` a
    /// warning. True when the link is to be shown as a broken-link span.
    private func reportBroken(_ message: String, at location: SourceLocation) -> Bool {
        switch site.brokenLinks {
        case .error:
            record(.error(message, at: location, stage: .link))
            return false
        case .warn:
            record(.warning(message, at: location, stage: .link))
            return true
        }
    }

    package func report(_ problem: MarkdownProblem) {
        let at = location(line: problem.line, column: problem.column)
        record(problem.isError ? .error(problem.message, at: at, stage: .parse) : .warning(problem.message, at: at, stage: .parse))
    }

    // MARK: wiki-links

    package func resolve(_ link: WikiLinkReference) -> WikiLinkResolution {
        let at = location(line: link.line, column: link.column)
        if link.target.isEmpty, let anchor = link.anchor {
            if !isEmbedded { selfAnchors.append((anchor, at)) }
            // The tree points heading links at the heading's id once it knows
            // the ids. In an embedded note they lead to the note's own page.
            let page = isEmbedded ? sourceIndex.map(url(ofEntry:)) ?? "" : ""
            return .link(url: page + "#" + HeadingAnchors.guessedID(for: anchor), text: link.label ?? anchor)
        }
        // `[[@slug]]` cites a source, unless `@…` is an entry's own title or alias (a link, as before
        // citations). A vault (no taxonomy.yml) has no sources: its `[[@note]]` links are as they were.
        if !isEmbedded, link.target.utf8.first == UInt8(ascii: "@"), taxonomy?.isDeclared == true, !index.hasName(link.target) {
            return cite(link, at: at)
        }
        // A note embedded into another page cites nothing there: its numbers and
        // reference list are its own page's. The citation becomes a link to the
        // source, `[Title, locator]`; its problems are reported with the note.
        if isEmbedded, link.target.utf8.first == UInt8(ascii: "@"), taxonomy?.isDeclared == true, !index.hasName(link.target) {
            guard case .found(let target) = index.lookup(String(link.target.dropFirst()).trimmedOfBlanks(), from: sourceFolder),
                  link.anchor == nil else { return .unresolved }
            let title = index.entries[target].title
            return .link(url: url(ofEntry: target), text: "[" + (link.label.map { title + ", " + $0 } ?? title) + "]")
        }
        // Only a link that fails needs its quote (most links resolve).
        func written() -> String { "wiki-link `[[\(DiagnosticQuote.quote(link.target))]]`" }
        if isAttachmentName(link.target) {
            switch lookupAttachment(link.target) {
            case .found(let path):
                return .link(url: attachmentURL(path) + (link.anchor.map { "#" + $0 } ?? ""), text: link.label ?? link.target)
            case .ambiguous(let paths):
                return reportBroken("\(written()) matches more than one file: \(Self.list(paths)); write its folder to choose (`[[folder/\(LinkPaths.lastComponent(link.target))]]`)", at: at)
                    ? .broken(text: link.label ?? link.target, reason: "more than one file is named \(link.target)") : .unresolved
            case .missing:
                if case .found = index.lookup(link.target, from: sourceFolder) { break }
                return reportBroken("\(written()) names no file", at: at)
                    ? .broken(text: link.label ?? link.target, reason: "no file named \(link.target)") : .unresolved
            }
        }
        switch entryTarget(link, written: written(), at: at) {
        case .found(let target):
            let fragment = fragment(for: link.anchor, in: target)
            if !isEmbedded { links.append(OutgoingLink(target: target, anchor: link.anchor, location: at, fragment: fragment)) }
            return .link(url: url(ofEntry: target) + (fragment.map { "#" + $0 } ?? ""), text: link.label ?? index.entries[target].title)
        case .page(let page):
            let fragment = link.anchor.flatMap { $0.isEmpty ? nil : HeadingAnchors.guessedID(for: $0) }
            return .link(url: urls.link(page.sitePath) + (fragment.map { "#" + $0 } ?? ""), text: link.label ?? page.title)
        case .failed(let resolution):
            return resolution
        }
    }

    /// `[[@source]]` or `[[@source|p. 12]]`: a numbered reference to an entry of a source kind.
    private func cite(_ link: WikiLinkReference, at: SourceLocation) -> WikiLinkResolution {
        let name = String(link.target.dropFirst()).trimmedOfBlanks()
        let written = "[[@" + DiagnosticQuote.quote(name) + (link.anchor.map { "#" + DiagnosticQuote.quote($0) } ?? "") + "]]"
        func problem(_ message: String) -> WikiLinkResolution {
            record(.error(message, at: at, stage: .link))
            return .unresolved
        }
        guard sourceIndex != nil else {
            return problem("citation `\(written)` is outside an entry body; only entries have a reference list to cite into")
        }
        guard !name.isEmpty else { return problem("citation `\(written)` names no source; write `[[@slug]]` or `[[@slug|p. 12]]`") }
        guard link.anchor == nil else {
            return problem("citation `\(written)` names a heading; a citation names a source, with an optional locator after `|` (`[[@\(DiagnosticQuote.quote(name))|p. 12]]`)")
        }
        let sourceKinds = taxonomy?.sourceKinds ?? []
        switch index.lookup(name, from: sourceFolder) {
        case .found(let target):
            let kind = index.entries[target].kind
            guard sourceKinds.contains(where: { $0.id == kind }) else {
                let singular = taxonomy?.kind(kind)?.singular.lowercased() ?? kind.rawValue
                let allowed = sourceKinds.isEmpty ? "this taxonomy declares no source kind (`source: true`)"
                    : "citations name entries of a source kind (" + sourceKinds.map { "`\($0.id)`" }.joined(separator: ", ") + "); link to it with `[[\(DiagnosticQuote.quote(name))]]`"
                return problem("citation `\(written)` names `\(index.entries[target].slug)`, \(EnglishArticle.with(singular)), not a source; \(allowed)")
            }
            citations.append(Citation(target: target, locator: link.label, location: at))
            return .citation(source: target, locator: link.label)
        case .ambiguous(let matches):
            let names = matches.map { "`\(index.entries[$0].slug)` (\(index.entries[$0].displayPath))" }.joined(separator: ", ")
            return problem("citation `\(written)` matches more than one entry: \(names); cite by slug instead")
        case .draft:
            return problem("citation `\(written)` names a draft, which this build leaves out (build with --drafts, or publish the draft)")
        case .failedToLoad, .unpublished:
            return .unresolved
        case .missing(let suggestions):
            return problem("citation `\(written)` names no entry\(EntryIndex.hint(suggestions))")
        }
    }

    private enum EntryTarget {
        case found(EntryID)
        /// The home note or a kind's own note: a page, not an entry.
        case page(PageNotes.Page)
        /// Reported already; shown as this.
        case failed(WikiLinkResolution)
    }

    /// The entry a wiki-link or embed names, or what to show when it names none.
    private func entryTarget(_ link: WikiLinkReference, written: @autoclosure () -> String, at: SourceLocation) -> EntryTarget {
        switch index.lookup(link.target, from: sourceFolder) {
        case .found(let target):
            return .found(target)
        case .ambiguous(let matches):
            let names = matches.map { "`\(index.entries[$0].slug)` (\(index.entries[$0].displayPath))" }.joined(separator: ", ")
            let path = LinkPaths.withoutMarkdownExtension(index.entries[matches[0]].relativePath)
            return .failed(reportBroken("\(written()) matches more than one entry: \(names); link by slug or by path instead (`[[\(DiagnosticQuote.quote(path))]]`)", at: at)
                ? .broken(text: link.label ?? link.target, reason: "more than one note is named \(link.target)") : .unresolved)
        case .draft:
            return .failed(reportBroken("\(written()) points to a draft, which this build leaves out (build with --drafts, or publish the draft)", at: at)
                ? .broken(text: link.label ?? link.target, reason: "\(link.target) is a draft") : .unresolved)
        case .failedToLoad:
            return .failed(.unresolved)
        case .unpublished:
            // `publish: false`: left out on purpose, not a broken link; its text stays.
            return .failed(.broken(text: link.label ?? link.target, reason: "not published"))
        case .missing(let suggestions):
            if let page = site.pageNotes.page(named: link.target) { return .page(page) }
            return .failed(reportBroken("\(written()) names no entry\(EntryIndex.hint(suggestions))", at: at)
                ? .broken(text: link.label ?? link.target, reason: "no note named \(link.target)") : .unresolved)
        }
    }

    /// The fragment of a link to `target`'s heading or block: the heading's
    /// id when the headings are known, else the id its text would get.
    private func fragment(for anchor: String?, in target: EntryID) -> String? {
        guard let anchor, !anchor.isEmpty else { return nil }
        if let headings = site.headings, let id = HeadingAnchors.id(of: anchor, in: headings[target]) { return id }
        return HeadingAnchors.guessedID(for: anchor)
    }

    // MARK: embeds

    package func embed(_ link: WikiLinkReference) -> EmbedResolution {
        let at = location(line: link.line, column: link.column)
        let written = "`![[\(DiagnosticQuote.quote(link.target + (link.anchor.map { "#" + $0 } ?? "")))]]`"

        if link.target.isEmpty, let anchor = link.anchor {
            // `![[#Heading]]`: a part of this very note.
            guard let source = sourceIndex else { return .unresolved }
            if !isEmbedded { links.append(OutgoingLink(target: source, anchor: anchor, location: at, fragment: fragment(for: anchor, in: source), isEmbed: true)) }
            return .note(noteEmbed(of: source, anchor: anchor))
        }
        if isAttachmentName(link.target) {
            switch lookupAttachment(link.target) {
            case .found(let path):
                return media(path, link)
            case .ambiguous(let paths):
                return reportBroken("embed \(written) matches more than one file: \(Self.list(paths)); write its folder to choose", at: at)
                    ? .broken(text: link.label ?? link.target, reason: "more than one file is named \(link.target)") : .unresolved
            case .missing:
                if case .found = index.lookup(link.target, from: sourceFolder) { break }
                return reportBroken("embed \(written) names no file", at: at)
                    ? .broken(text: link.label ?? link.target, reason: "no file named \(link.target)") : .unresolved
            }
        }
        switch entryTarget(link, written: "embed " + written, at: at) {
        case .found(let target):
            if !isEmbedded { links.append(OutgoingLink(target: target, anchor: link.anchor, location: at, fragment: fragment(for: link.anchor, in: target), isEmbed: true)) }
            return .note(noteEmbed(of: target, anchor: link.anchor))
        case .page(let page):
            // The home page and kinds' pages are lists as much as text: linked, not transcluded.
            return .link(url: urls.link(page.sitePath), text: link.label ?? page.title)
        case .failed(.broken(let text, let reason)):
            return .broken(text: text, reason: reason)
        case .failed:
            return .unresolved
        }
    }

    private func noteEmbed(of target: EntryID, anchor: String?) -> NoteEmbed {
        let part: NoteEmbed.Part
        if let anchor, !anchor.isEmpty {
            let name = HeadingAnchors.lastSegment(anchor)
            part = name.hasPrefix("^") ? .block(String(name.dropFirst())) : .heading(anchor)
        } else {
            part = .whole
        }
        let entry = index.entries[target]
        let resolver = BodyLinkResolver(site: site, urls: urls, entryURLs: entryURLs, sourceIndex: target,
                                        sourceFolder: String(NearestByFolder.folder(of: entry.relativePath)), pageSitePath: pageSitePath,
                                        displayPath: entry.displayPath, lineOffset: entry.bodyFirstLine, isEmbedded: true, taxonomy: taxonomy)
        resolver.tagLinks = tagLinks
        return NoteEmbed(markdown: site.bodyOf?(target) ?? entry.body, part: part, title: entry.title, url: url(ofEntry: target), resolver: resolver)
    }

    /// An attachment shown in the page: by its kind, with the size and
    /// alternative text written after `|` (`|200`, `|100x145`, `|a map|200`).
    private func media(_ path: String, _ link: WikiLinkReference) -> EmbedResolution {
        let url = attachmentURL(path)
        let name = LinkPaths.lastComponent(path)
        var text = name
        var width: Int?, height: Int?
        if let label = link.label {
            var parts = label.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmedOfBlanks() }
            if let size = parts.last.flatMap(Self.size) {
                (width, height) = size
                parts.removeLast()
            }
            let alt = parts.joined(separator: "|")
            if !alt.isEmpty { text = alt }
        }
        let fragment = link.anchor.map { "#" + $0 } ?? ""
        switch AttachmentKinds.kind(ofExtension: LinkPaths.fileExtension(path)) {
        case .image: return .media(MediaEmbed(kind: .image, url: url, text: text, width: width, height: height))
        case .audio: return .media(MediaEmbed(kind: .audio, url: url, text: text))
        case .video: return .media(MediaEmbed(kind: .video, url: url + fragment, text: text, width: width, height: height))
        case .pdf: return .media(MediaEmbed(kind: .pdf, url: url + fragment, text: text, width: width, height: height))
        case nil: return .link(url: url, text: link.label ?? name)
        }
    }

    /// `200` → (200, nil); `100x145` → (100, 145); anything else nil.
    static func size(_ text: String) -> (Int?, Int?)? {
        let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        guard let width = Int(parts[0]), width > 0, width < 100_000 else { return nil }
        guard parts.count == 2 else { return (width, nil) }
        guard let height = Int(parts[1]), height > 0, height < 100_000 else { return nil }
        return (width, height)
    }

    // MARK: attachments

    enum FileLookup {
        case found(String)
        case ambiguous([String])
        case missing
    }

    /// A wiki-link target that names a file rather than a note: it has an
    /// extension that is not Markdown's, and a file has that name or the
    /// extension is one of a file (`[[v2.0]]`, `[[Mr. Smith]]` are notes).
    private func isAttachmentName(_ target: String) -> Bool {
        guard target.utf8.contains(UInt8(ascii: ".")) else { return false }
        let ext = LinkPaths.fileExtension(target)
        guard !ext.isEmpty, !LinkPaths.markdownExtensions.contains(ext) else { return false }
        return AttachmentKinds.isKnown(ext) || !site.attachments.contentPaths(named: LinkPaths.lastComponent(target)).isEmpty
    }

    /// A file named by a wiki-link: by its name anywhere (the nearest by
    /// folder when several have it), or by a path as a note would be.
    func lookupAttachment(_ written: String) -> FileLookup {
        let named = site.attachments.contentPaths(named: LinkPaths.lastComponent(written))
        guard written.utf8.contains(UInt8(ascii: "/")) else { return choose(named) }
        if written.hasPrefix("./") || written.hasPrefix("../") {
            guard let joined = Self.join(folder: sourceFolder, relative: written) else { return .missing }
            return choose(named.filter { $0.lowercased() == joined.lowercased() })
        }
        let path = String(written.drop { $0 == "/" }).lowercased()
        if let exact = named.first(where: { $0.lowercased() == path }) { return .found(exact) }
        if let joined = Self.join(folder: sourceFolder, relative: path), let exact = named.first(where: { $0.lowercased() == joined.lowercased() }) {
            return .found(exact)
        }
        return choose(named.filter { $0.lowercased().hasSuffix("/" + path) })
    }

    private func choose(_ paths: [String]) -> FileLookup {
        let near = NearestByFolder.nearest(paths, to: sourceFolder) { NearestByFolder.folder(of: $0) }
        switch near.count {
        case 0: return .missing
        case 1: return .found(near[0])
        default: return .ambiguous(near)
        }
    }

    func attachmentURL(_ contentPath: String) -> String {
        urls.attachment(site.attachments.outputPath(ofContentPath: contentPath) ?? contentPath)
    }

    static func list(_ paths: [String]) -> String { paths.map { "`\(DiagnosticQuote.quote($0))`" }.joined(separator: ", ") }

    // MARK: Markdown links

    /// Relative links to Markdown files (`other.md`, `../Folder/other.md#part`,
    /// mdBook's `other.html`, Zola's `@/folder/other.md`) point at the entry's
    /// page; relative links to other files point at the file's copy. A link
    /// of either shape that resolves to nothing is reported. External links,
    /// site-root paths (`/about/`) and `#anchors` are left as written.
    package func rewrite(_ link: MarkdownLinkReference) -> MarkdownLinkRewrite {
        let written = link.url
        // Split and test on bytes (`#`, `:`, `/` are ASCII): walking a URL
        // Character by Character was most of this method's cost.
        enum Shape { case keep, contentPath, relative }
        let shape: Shape = {
            let bytes = written.utf8
            guard let first = bytes.first else { return .keep }
            if first == UInt8(ascii: "@"), bytes.dropFirst().first == UInt8(ascii: "/") { return .contentPath }
            if first == UInt8(ascii: "/") || first == UInt8(ascii: "#") || first == UInt8(ascii: "?") { return .keep }
            // A scheme (`https:`, `mailto:`) before any `/`, `?` or `#`.
            for byte in bytes {
                if byte == UInt8(ascii: ":") { return .keep }
                if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            }
            return .relative
        }()
        if shape == .keep { return .keep }
        let hash = written.utf8.firstIndex(of: UInt8(ascii: "#"))
        var path = String(written[..<(hash ?? written.endIndex)])
        let fragment = hash.map { String(written[written.utf8.index(after: $0)...]) }
        if let query = path.utf8.firstIndex(of: UInt8(ascii: "?")) { path = String(path[..<query]) }
        if shape == .contentPath { path = String(path.dropFirst(2)) }
        let ext = LinkPaths.fileExtension(path)
        let isMarkdown = LinkPaths.markdownExtensions.contains(ext)
        let at = location(line: link.line, column: link.column)
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path
        let resolved = Self.join(folder: shape == .contentPath ? "" : sourceFolder, relative: decoded)
        // An entry: the Markdown file itself, or the page another tool makes of it.
        var target: EntryID?
        if let resolved {
            if isMarkdown {
                target = index.index(ofPath: resolved) ?? index.index(ofPathIgnoringCase: resolved)
            } else if LinkPaths.pageExtensions.contains(ext) || ext.isEmpty {
                target = entry(forPageLink: resolved)
            }
        }
        if target == nil, isMarkdown || LinkPaths.pageExtensions.contains(ext), let resolved, let page = site.pageNotes.page(atPath: resolved) {
            return .url(urls.link(page.sitePath) + (fragment.map { "#" + $0 } ?? ""))
        }
        if let target {
            let anchor = fragment.flatMap { $0.isEmpty ? nil : $0.utf8.contains(UInt8(ascii: "%")) ? $0.removingPercentEncoding ?? $0 : $0 }
            let linkFragment = self.fragment(for: anchor, in: target)
            if !isEmbedded { links.append(OutgoingLink(target: target, anchor: anchor, location: at, fragment: linkFragment)) }
            return .url(url(ofEntry: target) + (linkFragment.map { "#" + $0 } ?? ""))
        }
        // Links without an extension (`../tags/`) may name pages this build makes: left as written.
        if ext.isEmpty, shape == .relative { return .keep }
        guard let resolved else {
            if shape == .relative, !isMarkdown, worksFromPage(decoded) { return .keep }
            return reportBroken("link `\(DiagnosticQuote.quote(link.url))` points outside the content folder", at: at) ? .broken(reason: "outside the content folder") : .url("#")
        }
        if isMarkdown {
            if index.unpublished.paths.contains(resolved) { return .broken(reason: "not published") }
            let slug = LinkPaths.withoutMarkdownExtension(LinkPaths.lastComponent(resolved))
            if index.excludedDrafts.contains(Slug(slug)) {
                return reportBroken("link `\(DiagnosticQuote.quote(link.url))` points to a draft, which this build leaves out", at: at) ? .broken(reason: "a draft") : .url("#")
            }
            if index.failedSlugs.contains(Slug(slug)) { return .url("#") }
            var hint = ""
            if let found = index.index(of: Slug(slug)) { hint = "; the entry `\(slug)` is at \(index.entries[found].relativePath)" }
            return reportBroken("link `\(DiagnosticQuote.quote(link.url))` names no entry (looked for \(DiagnosticQuote.quote(resolved)))\(hint)", at: at)
                ? .broken(reason: "no note at \(resolved)") : .url("#")
        }
        // A file: the copy of an attachment (or of a file in `assets/`).
        let file = site.attachments.outputPath(ofContentPath: resolved) != nil ? resolved
            : site.attachments.contentPaths(named: LinkPaths.lastComponent(resolved)).first { $0.lowercased() == resolved.lowercased() }
        if let file { return .url(attachmentURL(file) + (fragment.map { "#" + $0 } ?? "")) }
        if shape == .relative, worksFromPage(decoded) { return .keep }
        let what = LinkPaths.pageExtensions.contains(ext) ? "names no entry or file" : "names no file"
        return reportBroken("link `\(DiagnosticQuote.quote(link.url))` \(what) (looked for \(DiagnosticQuote.quote(resolved)))", at: at)
            ? .broken(reason: "no file at \(resolved)") : .keep
    }

    /// A link written relative to the page's address rather than to the
    /// Markdown file (`../../assets/map.svg` on `strategies/nato/`) that
    /// reaches a copied file: it works as written.
    private func worksFromPage(_ path: String) -> Bool {
        guard let fromPage = Self.join(folder: pageSitePath.folder, relative: path) else { return false }
        return site.attachments.contentPaths.contains { site.attachments.outputPath(ofContentPath: $0) == fromPage }
    }

    /// The entry a page link of another tool means: `chapter.html` →
    /// `chapter.md`, `folder/index.html` or `folder/` → `folder/index.md`
    /// (or its `README.md`, `_index.md`).
    private func entry(forPageLink resolved: String) -> EntryID? {
        let ext = LinkPaths.fileExtension(resolved)
        var stems: [String] = []
        if LinkPaths.pageExtensions.contains(ext) {
            let stem = String(resolved.dropLast(ext.count + 1))
            stems.append(stem)
            if LinkPaths.lastComponent(stem) == "index" {
                let folder = String(stem.dropLast("index".count))
                stems += [folder + "README", folder + "_index"]
            }
        } else if !resolved.isEmpty {
            stems += [resolved, resolved + "/index", resolved + "/README", resolved + "/_index"]
        }
        for stem in stems {
            for markdown in LinkPaths.markdownExtensions.sorted() {
                if let found = index.index(ofPathIgnoringCase: stem + "." + markdown) { return found }
            }
        }
        return nil
    }

    /// `a/b` + `../c/d.md` → `a/c/d.md`; nil when it climbs above the root.
    /// Empty and `.` components are dropped. Worked on bytes: most links in
    /// a body are relative, many with `..`.
    static func join(folder: String, relative: String) -> String? {
        var path: [UInt8] = Array(folder.utf8)
        path.reserveCapacity(path.count + relative.utf8.count + 1)
        /// Where each component of `path` starts, so `..` can cut back to it.
        var starts: [Int] = []
        func add(_ component: ArraySlice<UInt8>) -> Bool {
            if component.isEmpty || component.elementsEqual(CollectionOfOne(UInt8(ascii: "."))) { return true }
            if component.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
                guard let last = starts.popLast() else { return false }
                path.removeSubrange((last == 0 ? 0 : last - 1)...)
                return true
            }
            starts.append(path.isEmpty ? 0 : path.count + 1)
            if !path.isEmpty { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: component)
            return true
        }
        let folderBytes = path
        path.removeAll(keepingCapacity: true)
        for component in folderBytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) { _ = add(component) }
        for component in Array(relative.utf8).split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard add(component) else { return nil }
        }
        return String(decoding: path, as: UTF8.self)
    }
}
