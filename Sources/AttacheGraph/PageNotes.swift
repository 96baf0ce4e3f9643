import AttacheModel

/// Notes that are pages without being entries: the home note (`Home.md`,
/// `README.md`, `index.md`, `_index.md`) and each kind's own note
/// (`Ideas/Ideas.md`, mdBook's `guide/index.md`, Zola's `blog/_index.md`).
/// Vaults link to them all the time (`[[Home]]`, `[README](../README.md)`,
/// `@/blog/_index.md`); such links lead to the home page or the kind's page.
/// Entries come first: a note of the same name that is an entry wins.
package struct PageNotes: Sendable {
    package struct Page: Sendable, Equatable {
        package var sitePath: SitePath
        package var title: String
    }

    /// By content path without its Markdown extension, lowercased (`guide/index`).
    private var byPath: [String: Page] = [:]
    /// By file name without its extension, or a kind note's folder name, lowercased
    /// (`home`, `guide`), for names only one such note has.
    private var byName: [String: Page] = [:]

    package static let empty = PageNotes()

    private init() {}

    /// `notes`: each note's path relative to the content folder, where its
    /// page is, and its title; the home note first.
    package init(_ notes: [(relativePath: String, sitePath: SitePath, title: String)]) {
        var names: [String: [Page]] = [:]
        for (index, note) in notes.enumerated() {
            let page = Page(sitePath: note.sitePath, title: note.title)
            let path = LinkPaths.withoutMarkdownExtension(note.relativePath).lowercased()
            byPath[path] = page
            // mdBook writes the top-level README as index.html.
            if index == 0, note.sitePath.isHome, byPath["index"] == nil { byPath["index"] = page }
            names[LinkPaths.lastComponent(path), default: []].append(page)
            // A kind's note is also named by its folder (`[[guide]]` for `guide/index.md`).
            let folder = path.split(separator: "/").dropLast().last.map(String.init)
            if let folder, folder != LinkPaths.lastComponent(path) { names[folder, default: []].append(page) }
        }
        for (name, pages) in names where pages.count == 1 { byName[name] = pages[0] }
    }

    /// The page a wiki-link's target (`Home`, `Ideas/Ideas`, `README.md`) names.
    package func page(named target: String) -> Page? {
        let key = LinkPaths.withoutMarkdownExtension(target).lowercased()
        return key.contains("/") ? byPath[key] : byName[key] ?? byPath[key]
    }

    /// The page a relative link's resolved content path (`guide/index.md`,
    /// `README.html`) names.
    package func page(atPath resolved: String) -> Page? {
        let ext = LinkPaths.fileExtension(resolved)
        let stem = ext.isEmpty ? resolved : String(resolved.dropLast(ext.utf8.count + 1))
        return byPath[stem.lowercased()]
    }
}
