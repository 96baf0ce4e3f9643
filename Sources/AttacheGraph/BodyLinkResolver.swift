import Foundation
import AttacheModel
import AttacheMarkdown

/// Resolves the links of one entry's body against the entry index and
/// remembers where they point, for anchor checks, mentions and the graph.
/// One instance per body; it is used by a single thread.
package final class BodyLinkResolver: MarkdownLinkResolving {
    package struct OutgoingLink {
        package var target: Int
        package var anchor: String?
        package var location: SourceLocation
    }

    /// A `[[@source|locator]]` in the body.
    package struct Citation: Equatable {
        package var target: Int
        package var locator: String?
        package var location: SourceLocation
    }

    let index: EntryIndex
    let urls: SiteURLs
    /// Each entry's site path, by entry index.
    let entrySitePaths: [String]
    /// Each entry's URL from this body's page, when worked out beforehand.
    let entryURLs: [String]?
    /// Index of the entry whose body this is (nil for the home page intro).
    let sourceIndex: Int?
    /// Folder of the source file relative to Content/ ("" for the top level).
    let sourceFolder: String
    let displayPath: String
    /// Line of the body's first line in its file.
    let lineOffset: Int
    package private(set) var links: [OutgoingLink] = []
    package private(set) var selfAnchors: [(anchor: String, location: SourceLocation)] = []
    package private(set) var citations: [Citation] = []
    package private(set) var diagnostics: [Diagnostic] = []
    /// The taxonomy, for what a citation may name (nil: no citations; every `[[@…]]` is reported).
    let taxonomy: Taxonomy?
    /// Inline `#tags` (see BodyLinkResolver+Tags.swift): where they link, and those found.
    package var tagLinks: TagLinks?
    var foundTags: [Located<String>] = []

    package init(index: EntryIndex, urls: SiteURLs, entrySitePaths: [String], entryURLs: [String]? = nil, sourceIndex: Int?,
         sourceFolder: String, displayPath: String, lineOffset: Int, taxonomy: Taxonomy? = nil) {
        self.taxonomy = taxonomy
        self.index = index
        self.urls = urls
        self.entrySitePaths = entrySitePaths
        self.entryURLs = entryURLs
        self.sourceIndex = sourceIndex
        self.sourceFolder = sourceFolder
        self.displayPath = displayPath
        self.lineOffset = lineOffset
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(path: displayPath, line: line + lineOffset - 1, column: column)
    }

    func url(ofEntry target: Int) -> String {
        entryURLs?[target] ?? urls.link(entrySitePaths[target])
    }

    package func resolve(_ link: WikiLinkReference) -> WikiLinkResolution {
        let at = location(line: link.line, column: link.column)
        if link.target.isEmpty, let anchor = link.anchor {
            selfAnchors.append((anchor, at))
            return .link(url: "#" + anchor, text: link.label ?? anchor)
        }
        // `[[@slug]]` cites a source, unless `@…` is an entry's own title or alias (a link, as before
        // citations). A vault (no taxonomy.yml) has no sources: its `[[@note]]` links are as they were.
        if link.target.utf8.first == UInt8(ascii: "@"), taxonomy?.isDeclared == true, !index.hasName(link.target) {
            return cite(link, at: at)
        }
        switch index.lookup(link.target) {
        case .found(let target):
            links.append(OutgoingLink(target: target, anchor: link.anchor, location: at))
            var url = url(ofEntry: target)
            if let anchor = link.anchor, !anchor.isEmpty { url += "#" + anchor }
            return .link(url: url, text: link.label ?? index.entries[target].title)
        case .ambiguous(let matches):
            let names = matches.map { "`\(index.entries[$0].slug)` (\(index.entries[$0].displayPath))" }.joined(separator: ", ")
            diagnostics.append(.error("wiki-link `[[\(DiagnosticQuote.quote(link.target))]]` matches more than one entry: \(names); link by slug instead", at: at, stage: .link))
        case .draft:
            diagnostics.append(.error("wiki-link `[[\(DiagnosticQuote.quote(link.target))]]` points to a draft, which this build leaves out (build with --drafts, or publish the draft)", at: at, stage: .link))
        case .failedToLoad, .unpublished:
            break
        case .missing(let suggestions):
            diagnostics.append(.error("wiki-link `[[\(DiagnosticQuote.quote(link.target))]]` names no entry\(EntryIndex.hint(suggestions))", at: at, stage: .link))
        }
        return .unresolved
    }

    /// `[[@source]]` or `[[@source|p. 12]]`: a numbered reference to an entry of a source kind.
    private func cite(_ link: WikiLinkReference, at: SourceLocation) -> WikiLinkResolution {
        let name = String(link.target.dropFirst()).trimmedOfBlanks()
        let written = "[[@" + DiagnosticQuote.quote(name) + (link.anchor.map { "#" + DiagnosticQuote.quote($0) } ?? "") + "]]"
        func problem(_ message: String) -> WikiLinkResolution {
            diagnostics.append(.error(message, at: at, stage: .link))
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
        switch index.lookup(name) {
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

    package func report(_ problem: MarkdownProblem) {
        let at = location(line: problem.line, column: problem.column)
        diagnostics.append(problem.isError ? .error(problem.message, at: at, stage: .parse) : .warning(problem.message, at: at, stage: .parse))
    }

    package func rewrite(_ link: MarkdownLinkReference) -> String? {
        // Only relative links to Markdown files are ours to rewrite. A URL is
        // split and tested on bytes (`#`, `:` and `/` are ASCII): walking it
        // Character by Character was most of this method's cost.
        var written = link.url
        let split: (path: String, fragment: String?)? = written.withUTF8 { bytes in
            let hash = bytes.firstIndex(of: UInt8(ascii: "#")) ?? bytes.count
            let path = UnsafeBufferPointer(rebasing: bytes[..<hash])
            guard path.count >= 3, path[path.count - 3] == UInt8(ascii: "."), path[path.count - 2] == UInt8(ascii: "m"),
                  path[path.count - 1] == UInt8(ascii: "d"), !path.contains(UInt8(ascii: ":")), path[0] != UInt8(ascii: "/") else { return nil }
            let fragment = hash < bytes.count ? String(decoding: UnsafeBufferPointer(rebasing: bytes[(hash + 1)...]), as: UTF8.self) : nil
            return (String(decoding: path, as: UTF8.self), fragment)
        }
        guard let (path, fragment) = split else { return nil }
        let at = location(line: link.line, column: link.column)
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? path.removingPercentEncoding ?? path : path
        guard let resolved = Self.join(folder: sourceFolder, relative: decoded) else {
            diagnostics.append(.error("link `\(DiagnosticQuote.quote(link.url))` points outside the content folder", at: at, stage: .link))
            return "#"
        }
        guard let target = index.index(ofPath: resolved) else {
            let slug = String(resolved.split(separator: "/").last ?? "").replacingSuffix(".md", with: "")
            if index.unpublished.paths.contains(resolved) {
                // `publish: false`: left out on purpose, not a broken link.
            } else if index.excludedDrafts.contains(Slug(slug)) {
                diagnostics.append(.error("link `\(DiagnosticQuote.quote(link.url))` points to a draft, which this build leaves out", at: at, stage: .link))
            } else if !index.failedSlugs.contains(Slug(slug)) {
                var hint = ""
                if let found = index.index(of: Slug(slug)) { hint = "; the entry `\(slug)` is at \(index.entries[found].relativePath)" }
                diagnostics.append(.error("link `\(DiagnosticQuote.quote(link.url))` names no entry (looked for \(DiagnosticQuote.quote(resolved)))\(hint)", at: at, stage: .link))
            }
            return "#"
        }
        let anchor = fragment
        links.append(OutgoingLink(target: target, anchor: anchor?.isEmpty == true ? nil : anchor, location: at))
        var url = url(ofEntry: target)
        if let anchor, !anchor.isEmpty { url += "#" + anchor }
        return url
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

private extension String {
    func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
