import AttacheModel

/// Where each note of a site without taxonomy.yml goes: a folder of Markdown
/// as Obsidian, Foam, mdBook or Zola keep it, built as it is.
///
/// - Every top-level folder holding Markdown (at any depth) is a kind,
///   labelled as written (`User interface`), published at its name made a
///   slug (`user-interface/`). Folders holding only other files are not kinds.
/// - Notes at the top level are entries of the kind `notes` ("Notes").
/// - A note's address is its folders and its file name, each made a slug:
///   `Projects/Tide Gauges/Calibration log.md` → `projects/tide-gauges/calibration-log/`;
///   top-level notes go under `notes/`. So two `Note.md` in two folders are
///   two pages. Its slug (its identity in graph.json and filters) is that
///   address without the final `/`.
/// - The top-level `index.md`, `_index.md`, `README.md` or `Home.md` (the
///   first there is, in that order; names compared ignoring case) is the home
///   page's text. A top-level `404.md` (Jekyll's and Hugo's not-found page) is
///   left out: the site has its own.
/// - A folder's own note (`index.md`, `_index.md`, `README.md`, or a note
///   named like the folder: `Tide Gauges/Tide Gauges.md`) is, for a
///   top-level folder, its kind's page text; for a deeper folder, an entry
///   published at the folder's address (`projects/tide-gauges/`), unless a
///   note beside the folder already has that address.
package struct VaultLayout: Sendable {
    /// Where a Markdown file's page goes.
    package struct Placement: Sendable, Equatable {
        package var kind: KindID
        package var slug: Slug
        package var sitePath: SitePath

        package init(kind: KindID, slug: Slug, sitePath: SitePath) {
            self.kind = kind
            self.slug = slug
            self.sitePath = sitePath
        }
    }

    /// The kind of top-level notes.
    package static let defaultKind = KindID("notes")

    package private(set) var taxonomy: Taxonomy
    /// The note whose text is the home page's, relative to the content folder.
    package private(set) var homeNote: String?
    /// Each kind's own note (its page's text).
    package private(set) var kindNotes: [KindID: String] = [:]
    /// Every other Markdown file: an entry, and where its page goes.
    package private(set) var placements: [String: Placement] = [:]
    /// Markdown files left out on purpose (a top-level `404.md`).
    package private(set) var skipped: [String] = []

    static let homeNames = ["index", "_index", "readme", "home"]
    static let folderNoteNames = ["index", "_index", "readme"]

    /// `markdownFiles`: relative to the content folder, sorted (as ContentScanner lists them).
    package init(markdownFiles: [String]) {
        // Files by folder ("" for the top level), in order.
        var filesByFolder: [String: [String]] = [:]
        var folderOrder: [String] = []
        for file in markdownFiles {
            let folder = Self.folder(of: file)
            if filesByFolder[folder] == nil { folderOrder.append(folder) }
            filesByFolder[folder, default: []].append(file)
        }
        // The home note, then each folder's own note.
        let topLevel = filesByFolder[""] ?? []
        let home = Self.ownNote(among: topLevel, names: Self.homeNames)
        let notFound = topLevel.filter { Entry.fileStem(ofPath: $0) == "404" }
        homeNote = home
        skipped = notFound
        var folderNotes: [String: String] = [:]
        for folder in folderOrder where !folder.isEmpty {
            let name = folder.split(separator: "/").last.map(String.init) ?? folder
            if let note = Self.ownNote(among: filesByFolder[folder] ?? [], names: Self.folderNoteNames + [name.lowercased()]) {
                folderNotes[folder] = note
            }
        }

        // Kinds: the default one for top-level notes (first), then one per
        // top-level folder with Markdown, in name order; two folders whose
        // names make the same slug (`Ideas`, `ideas`) are one kind.
        var kinds: [Kind] = []
        var kindOfFolder: [String: KindID] = [:]
        let hasTopLevelNotes = topLevel.contains { $0 != home && !notFound.contains($0) }
        var topFolders: [String] = []
        for folder in folderOrder where !folder.isEmpty {
            let top = String(folder.split(separator: "/")[0])
            if !topFolders.contains(top) { topFolders.append(top) }
        }
        topFolders.sort()
        if hasTopLevelNotes {
            kinds.append(Kind(id: Self.defaultKind, folder: Self.defaultKind.rawValue, title: "Notes", singular: "Note"))
            kinds[0].sourceFolder = ""
        }
        for folder in topFolders {
            let slug = SlugRules.segmentSlug(folder)
            let id = KindID(slug)
            kindOfFolder[folder] = id
            if let existing = kinds.firstIndex(where: { $0.id == id }) {
                // The default kind takes a `Notes/` folder's name as written.
                if kinds[existing].sourceFolder.isEmpty { kinds[existing].title = folder; kinds[existing].sourceFolder = folder }
                continue
            }
            let title = SlugRules.isValidSlug(folder) ? Taxonomy.label(forKey: folder) : folder
            var kind = Kind(id: id, folder: slug, title: title, singular: title)
            kind.sourceFolder = folder
            kinds.append(kind)
        }
        var tags = Facet(id: FacetID("tags"), title: "Tags")
        tags.isTags = true
        taxonomy = Taxonomy(kinds: kinds, facets: [tags], isDeclared: false)

        // Addresses: a kind's note is its page's text, a deeper folder's
        // note is published at its folder's address unless a note beside the
        // folder has it already.
        for (folder, note) in folderNotes where !folder.contains("/") {
            if let kind = kindOfFolder[folder], kindNotes[kind] == nil { kindNotes[kind] = note }
        }
        let kindNoteSet = Set(kindNotes.values)
        var taken = Set<String>()
        var deferred: [(file: String, placement: Placement)] = []
        for file in markdownFiles where file != home && !notFound.contains(file) && !kindNoteSet.contains(file) {
            let folders = Self.folder(of: file).split(separator: "/").map(String.init)
            let kind = folders.first.flatMap { kindOfFolder[$0] } ?? Self.defaultKind
            var segments = folders.map(SlugRules.segmentSlug)
            if folders.isEmpty { segments = [Self.defaultKind.rawValue] }
            let isFolderNote = folders.count >= 2 && folderNotes[folders.joined(separator: "/")] == file
            if !isFolderNote { segments.append(SlugRules.segmentSlug(Entry.fileStem(ofPath: file))) }
            let path = segments.joined(separator: "/")
            let placement = Placement(kind: kind, slug: Slug(path), sitePath: SitePath(path + "/"))
            if isFolderNote {
                deferred.append((file, placement))
            } else {
                taken.insert(path)
                placements[file] = placement
            }
        }
        for (file, placement) in deferred {
            if taken.contains(placement.slug.rawValue) {
                // `A/B.md` beside `A/B/B.md`: the inner note is an entry in its folder.
                let path = placement.slug.rawValue + "/" + SlugRules.segmentSlug(Entry.fileStem(ofPath: file))
                placements[file] = Placement(kind: placement.kind, slug: Slug(path), sitePath: SitePath(path + "/"))
            } else {
                placements[file] = placement
            }
        }
    }

    /// The first of `names` (in that order) among these files' stems, compared ignoring case.
    static func ownNote(among files: [String], names: [String]) -> String? {
        for name in names {
            if let file = files.first(where: { Entry.fileStem(ofPath: $0).lowercased() == name }) { return file }
        }
        return nil
    }

    static func folder(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }
}
