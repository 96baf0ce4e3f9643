import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// `attache new KIND "Title"`: writes a new entry in its kind's folder, a
/// draft that builds as it is: the kind's relations and the site's facets
/// as empty fields, each with a comment saying what it takes (a required
/// relation says so; left empty, it is a warning while the entry is a
/// draft), and the body's hints in an HTML comment, which no page shows.
/// Never overwrites a file or reuses a slug.
public enum NewEntry {
    public enum Failure: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let message): return message }
        }
    }

    public struct Created: Sendable {
        /// The file, relative to the current folder when it is inside it.
        public var path: String
        /// The page's path from the site root in the site's URL style
        /// (`strategies/nato/`, or `strategies/nato.html`): `attache serve`
        /// shows it at `http://127.0.0.1:8080/` followed by this.
        public var sitePath: String
    }

    /// Creates the entry and returns its path.
    public static func create(kind name: String, title: String, contentDirectory: String) throws -> String {
        try make(kind: name, title: title, contentDirectory: contentDirectory).path
    }

    /// Creates the entry; its path and where serve shows it.
    public static func make(kind name: String, title: String, contentDirectory: String) throws -> Created {
        let root = FileSystem.absolutePath(contentDirectory)
        guard FileSystem.isDirectory(root) else { throw Failure.invalid("content folder \(contentDirectory) does not exist") }
        var diagnostics: [Diagnostic] = []
        let listing = ContentScanner(root: root, paths: DisplayPaths()).scan(diagnostics: &diagnostics)
        let taxonomy: Taxonomy
        if let data = FileSystem.readData(atPath: root + "/taxonomy.yml"), case .success(let text) = SourceText.decode(data) {
            guard let loaded = TaxonomyLoader.load(text: text, path: contentDirectory + "/taxonomy.yml", diagnostics: &diagnostics) else {
                throw Failure.invalid("taxonomy.yml has errors; run `attache check` first:\n" + diagnostics.map(\.description).joined(separator: "\n"))
            }
            taxonomy = loaded
        } else {
            taxonomy = TaxonomyLoader.derived(fromFolders: listing.topLevelFolders)
        }
        var site = SiteConfig(title: "")
        if let data = FileSystem.readData(atPath: root + "/site.yml"), case .success(let text) = SourceText.decode(data),
           let loaded = SiteConfigLoader.load(text: text, path: "site.yml", diagnostics: &diagnostics) {
            site.urlStyle = loaded.urlStyle
        }
        let wanted = name.lowercased()
        guard let kind = taxonomy.kinds.first(where: {
            $0.id.rawValue == wanted || $0.folder.lowercased() == wanted || $0.title.lowercased() == wanted || $0.singular.lowercased() == wanted
        }) else {
            let kinds = taxonomy.kinds.map(\.id.rawValue)
            let near = Suggestions.nearest(to: name, among: kinds + taxonomy.kinds.map(\.folder), limit: 1)
            let hint = near.first.map { "did you mean `\($0)`? " } ?? ""
            throw Failure.invalid(kinds.isEmpty
                ? "no kind `\(name)`: the site has no kinds yet (add one to taxonomy.yml, or make a folder in \(contentDirectory))"
                : "no kind `\(name)`; \(hint)the kinds are: \(kinds.joined(separator: ", "))")
        }
        let trimmedTitle = title.trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = SlugRules.asciiSlug(trimmedTitle)
        guard !trimmedTitle.isEmpty, !slug.isEmpty else {
            throw Failure.invalid("the title must contain letters or digits to make a slug")
        }
        // Any entry file counts: `a.markdown` or `A.MD` already has the slug `a`'s file would take.
        if let existing = listing.markdownFiles.first(where: { EntryFileNames.stem(of: ($0 as NSString).lastPathComponent) == slug }) {
            throw Failure.invalid("slug `\(slug)` is already used by \(contentDirectory)/\(existing); choose another title")
        }
        let path = root + "/" + kind.folder + "/" + slug + ".md"
        let text = frontMatter(title: trimmedTitle, kind: kind, taxonomy: taxonomy, listing: listing)
        let outcome: NewFile.Outcome
        do {
            outcome = try NewFile.write(Array(text.utf8), to: path)
        } catch let failure as NewFile.Failure {
            throw Failure.invalid(failure.description)
        }
        guard outcome == .written else { throw Failure.invalid("\(path) already exists") }
        let shown = FileManager.default.currentDirectoryPath == root ? path : DisplayPaths().display(path)
        let sitePath = SiteURLs(site: site).styled(SiteURLs.entryPath(folder: kind.folder, slug: Slug(slug)))
        return Created(path: shown, sitePath: sitePath)
    }

    /// Pads a field to the column its comment starts at.
    static func field(_ line: String, _ comment: String) -> String {
        line + String(repeating: " ", count: max(1, 28 - line.count)) + "# " + comment + "\n"
    }

    static func frontMatter(title: String, kind: Kind, taxonomy: Taxonomy, listing: ContentScanner.Listing) -> String {
        var text = "---\ntitle: \(yamlQuoted(title))\n"
        text += field("summary: \"\"", "one sentence for cards, search results and the page's description")
        text += field("draft: true", "serve shows drafts, build leaves them out; remove this line when it is ready")
        if kind.isSource {
            // A source's reference; left empty, each is ignored (a draft needs neither url nor identifier yet).
            for (name, note) in [("author", "a name, or a list of names"), ("publisher", "who published it"),
                                 ("published", "1949, 1949-04 or 1949-04-04"), ("url", "https://… (url or identifier is required)"),
                                 ("accessed", "the day url was read"), ("identifier", "DOI, ISBN, document symbol, treaty series…")] {
                text += field(name + ": \"\"", note)
            }
        }
        for relation in kind.relations {
            let targets = relation.targetKinds.map { taxonomy.kind($0)?.singular.lowercased() ?? $0.rawValue }
            let folders = Set(relation.targetKinds.compactMap { taxonomy.kind($0)?.folder })
            // Two slugs of the target kinds, as an example of what to write.
            let examples = listing.markdownFiles
                .filter { file in folders.contains(where: { file.hasPrefix($0 + "/") }) }
                .compactMap { EntryFileNames.stem(of: ($0 as NSString).lastPathComponent) }
                .sorted().prefix(2)
            let example = examples.isEmpty ? "" : " such as " + examples.joined(separator: ", ")
            var what = "slugs of \(targets.joined(separator: " or ")) entries\(example)"
            if relation.isDated { what += ", or {to: slug, from: 1952, until: 2022}" }
            if let minimum = relation.minimum, minimum > 0 {
                text += "# `\(relation.name)` is required: at least \(minimum) (\(what)).\n"
                text += "# Left empty it is a warning while this is a draft, and an error once it is published.\n"
                text += "\(relation.name): []\n"
            } else {
                text += field("\(relation.name): []", what)
            }
        }
        for facet in taxonomy.facets {
            var note = facet.title
            if !facet.declaredTerms.isEmpty { note += ": " + facet.declaredTerms.joined(separator: ", ") }
            text += field("\(facet.id): []", note)
        }
        text += """
        ---
        <!-- Write the entry here, in Markdown. Link to another entry with
             [[its-slug]] or [[its-slug|other text]], to a heading with
             [[its-slug#heading]]. This comment does not show on the page. -->

        """
        if !taxonomy.sourceKinds.isEmpty {
            text += "<!-- Cite a source with [[@its-slug]], or [[@its-slug|p. 12]] with a locator. -->\n"
        }
        return text
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
