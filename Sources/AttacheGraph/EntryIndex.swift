import AttacheModel
import AttacheMarkdown
/// Looks entries up by the names a writer may use: slug first, then title or
/// alias ignoring case (the spec's rule), then the file's name without its
/// extension, or a path (`[[Folder/Note]]`); a name several entries answer
/// to goes to the nearest one by folder (see `NearestByFolder`).
package struct EntryIndex: Sendable {
    package private(set) var entries: [Entry]
    private let bySlug: [Slug: EntryID]
    private let byName: [String: [EntryID]]
    private let byPath: [String: EntryID]
    /// Names and paths of the files (`Weekly sync`, `archive/weekly sync`), lowercased, without `.md`.
    private let byFileName: [String: [EntryID]]
    private let byPathWithoutExtension: [String: EntryID]
    /// Slugs of files that exist but were left out (drafts) or failed to load:
    /// links to them are reported once, not as "unknown".
    package let excludedDrafts: Set<Slug>
    let failedSlugs: Set<Slug>
    /// Notes left out with `publish: false`: links to them are no error (see `Unpublished`).
    package let unpublished: Unpublished

    /// What a link to a note left out with `publish: false` is matched by:
    /// its content-relative path, its file name (lowercased, without
    /// extension), its title and aliases (lowercased).
    package struct Unpublished: Sendable {
        package var paths: Set<String> = []
        package var names: Set<String> = []
        package init() {}
        package mutating func add(_ entry: Entry) {
            paths.insert(entry.relativePath)
            names.insert(entry.fileStem.lowercased())
            names.insert(entry.title.lowercased())
            for alias in entry.aliases { names.insert(alias.lowercased()) }
        }
    }

    package init(entries: [Entry], excludedDrafts: Set<Slug>, failedSlugs: Set<Slug>, unpublished: Unpublished = Unpublished()) {
        self.entries = entries
        self.unpublished = unpublished
        var bySlug: [Slug: EntryID] = [:]
        var byName: [String: [EntryID]] = [:]
        var byPath: [String: EntryID] = [:]
        var byFileName: [String: [EntryID]] = [:]
        var byPathWithoutExtension: [String: EntryID] = [:]
        bySlug.reserveCapacity(entries.count)
        byName.reserveCapacity(entries.count)
        byPath.reserveCapacity(entries.count)
        for index in entries.entryIDs {
            bySlug[entries[index].slug] = index
            byPath[entries[index].relativePath] = index
            let pathWithoutExtension = LinkPaths.lowercased(LinkPaths.withoutMarkdownExtension(entries[index].relativePath))
            byPathWithoutExtension[pathWithoutExtension] = index
            byFileName[LinkPaths.lastComponent(pathWithoutExtension), default: []].append(index)
            // Each name once per entry, in the order written (an array: most entries have one or two).
            var names = [entries[index].title.lowercased()]
            for alias in entries[index].aliases {
                let name = alias.lowercased()
                if !names.contains(name) { names.append(name) }
            }
            for name in names { byName[name, default: []].append(index) }
        }
        self.bySlug = bySlug
        self.byName = byName
        self.byPath = byPath
        self.byFileName = byFileName
        self.byPathWithoutExtension = byPathWithoutExtension
        self.excludedDrafts = excludedDrafts
        self.failedSlugs = failedSlugs
    }

    /// The same index with one entry replaced. Its slug, path, title and
    /// aliases (all the lookups use) must be the same.
    package func replacingEntry(_ i: EntryID, with entry: Entry) -> EntryIndex {
        var copy = self
        copy.entries[i] = entry
        return copy
    }

    /// The same index without the Markdown bodies, which nothing needs after
    /// parsing (they are most of a large site's memory).
    package func withoutBodies() -> EntryIndex {
        // The lookups do not involve bodies: they are kept, not rebuilt.
        var copy = self
        for i in copy.entries.indices { copy.entries[i].body = "" }
        return copy
    }

    func index(of slug: Slug) -> EntryID? { bySlug[slug] }
    /// Whether some entry has this title or alias (ignoring case); cheap, no suggestions.
    func hasName(_ name: String) -> Bool { byName[name.lowercased()] != nil }
    /// The entry of the file at this content-relative path (`Projects/Tide Gauges/Calibration log.md`).
    package func index(ofPath relativePath: String) -> EntryID? { byPath[relativePath] }
    /// The entries whose file is named `stem` (`Weekly sync`, compared ignoring case), in site order.
    package func entries(withFileStem stem: String) -> [EntryID] { byFileName[LinkPaths.lowercased(stem)] ?? [] }
    /// The entry whose file has this content-relative path, ignoring case and the Markdown extension's spelling.
    func index(ofPathIgnoringCase relativePath: String) -> EntryID? { byPathWithoutExtension[LinkPaths.lowercased(LinkPaths.withoutMarkdownExtension(relativePath))] }

    package enum Lookup {
        case found(EntryID)
        case ambiguous([EntryID])
        case draft
        /// A note left out with `publish: false`: the link stays text, without a problem.
        case unpublished
        case failedToLoad
        case missing(suggestions: [String])
    }

    /// The entry a link names, from a note in `folder` (content-relative,
    /// "" for the top): by slug, by title or alias, by file name, or by
    /// path (from the content folder, from `folder`, or the end of a path).
    func lookup(_ written: String, from folder: String = "") -> Lookup {
        let name = written.utf8.contains(UInt8(ascii: ".")) ? LinkPaths.withoutMarkdownExtension(written) : written
        // Every loaded entry's slug is valid (others fail to load), so a
        // name that is not slug-shaped (most titles) skips a hash lookup that would miss.
        if SlugRules.isValidSlug(name), let index = bySlug[Slug(name)] { return .found(index) }
        if name.utf8.contains(UInt8(ascii: "/")) {
            if let found = lookupPath(name, from: folder) { return found }
        } else {
            let key = name.lowercased()
            if let matches = byName[key] ?? byFileName[LinkPaths.lowercased(name)] { return nearest(matches, to: folder) }
        }
        if excludedDrafts.contains(Slug(name)) { return .draft }
        if !unpublished.names.isEmpty,
           unpublished.names.contains(name.lowercased()) || unpublished.names.contains(LinkPaths.lastComponent(name).lowercased()) { return .unpublished }
        if failedSlugs.contains(Slug(name)) { return .failedToLoad }
        return .missing(suggestions: suggestions(for: name))
    }

    /// `Folder/Note`, `./Note`, `../Other/Note`, `/Folder/Note`: a path from
    /// the content folder, else from the linking note's folder, else the end
    /// of one or more entries' paths (the shortest path Obsidian writes).
    private func lookupPath(_ name: String, from folder: String) -> Lookup? {
        if name.hasPrefix("./") || name.hasPrefix("../") {
            guard let joined = BodyLinkResolver.join(folder: folder, relative: name) else { return nil }
            return byPathWithoutExtension[LinkPaths.lowercased(joined)].map { .found($0) }
        }
        let path = LinkPaths.lowercased(name.hasPrefix("/") ? String(name.drop { $0 == "/" }) : name)
        if let index = byPathWithoutExtension[path] { return .found(index) }
        if !folder.isEmpty, let joined = BodyLinkResolver.join(folder: LinkPaths.lowercased(folder), relative: path), let index = byPathWithoutExtension[joined] {
            return .found(index)
        }
        guard let last = path.split(separator: "/").last, let named = byFileName[String(last)] else { return nil }
        let suffix = "/" + path
        let matches = named.filter { LinkPaths.lowercased(LinkPaths.withoutMarkdownExtension(entries[$0].relativePath)).hasSuffix(suffix) }
        return matches.isEmpty ? nil : nearest(matches, to: folder)
    }

    private func nearest(_ matches: [EntryID], to folder: String) -> Lookup {
        let near = NearestByFolder.nearest(matches, to: folder) { NearestByFolder.folder(of: entries[$0].relativePath) }
        return near.count == 1 ? .found(near[0]) : .ambiguous(near)
    }

    /// Slugs of the entries whose slug, title or alias is closest to `name`.
    func suggestions(for name: String) -> [String] {
        var candidates = entries.map(\.slug.rawValue)
        candidates += entries.map(\.title)
        candidates += entries.flatMap(\.aliases)
        var slugs: [String] = []
        for near in Suggestions.nearest(to: name, among: candidates, limit: 6) {
            // Not through `lookup`: a vault's slugs (`notes/a`) are no names, and a miss would suggest again.
            guard let i = bySlug[Slug(near)] ?? byName[near.lowercased()].flatMap({ $0.count == 1 ? $0[0] : nil }) else { continue }
            let slug = entries[i].slug.rawValue
            if !slugs.contains(slug) { slugs.append(slug) }
        }
        return Array(slugs.prefix(3))
    }

    /// "did you mean `nato`?" or "" when nothing is close.
    package static func hint(_ suggestions: [String]) -> String {
        guard !suggestions.isEmpty else { return "" }
        return "; did you mean " + suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?"
    }
}
