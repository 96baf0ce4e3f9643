import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// `attache new KIND "Title"`: writes a new entry in its kind's folder with
/// front matter listing the kind's relations and the site's facets, ready to
/// fill in. Never overwrites a file or reuses a slug.
public enum NewEntry {
    public enum Failure: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let message): return message }
        }
    }

    /// Creates the entry and returns its path.
    public static func create(kind name: String, title: String, contentDirectory: String) throws -> String {
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
        let wanted = name.lowercased()
        guard let kind = taxonomy.kinds.first(where: {
            $0.id.rawValue == wanted || $0.folder.lowercased() == wanted || $0.title.lowercased() == wanted || $0.singular.lowercased() == wanted
        }) else {
            let kinds = taxonomy.kinds.map(\.id.rawValue).joined(separator: ", ")
            throw Failure.invalid("no kind `\(name)`; the kinds are: \(kinds)")
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
        let folder = root + "/" + kind.folder
        let path = folder + "/" + slug + ".md"
        var text = "---\ntitle: \(yamlQuoted(trimmedTitle))\nsummary: \"\"\n"
        text += "draft: true                 # remove when the entry is ready\n"
        if kind.isSource {
            // A source's reference; left empty, each is ignored (a draft needs neither url nor identifier yet).
            for (field, note) in [("author", "a name, or a list of names"), ("publisher", ""), ("published", "1949, 1949-04 or 1949-04-04"),
                                  ("url", "https://… (url or identifier is required)"), ("accessed", "the day url was read"),
                                  ("identifier", "DOI, ISBN, document symbol, treaty series…")] {
                let line = field + ": \"\""
                text += line + (note.isEmpty ? "" : String(repeating: " ", count: max(1, 28 - line.count)) + "# \(note)") + "\n"
            }
        }
        for relation in kind.relations {
            let targets = relation.targetKinds.map(\.rawValue).joined(separator: ", ")
            var note = "slugs of \(targets) entries"
            if relation.isDated { note += ", or {to: slug, from: 1952, until: 2022}" }
            if let minimum = relation.minimum, minimum > 0 { note += ", at least \(minimum)" }
            text += "\(relation.name): []" + String(repeating: " ", count: max(1, 24 - relation.name.count - 4)) + "# \(note)\n"
        }
        for facet in taxonomy.facets {
            var note = facet.title
            if !facet.declaredTerms.isEmpty { note += ": " + facet.declaredTerms.joined(separator: ", ") }
            text += "\(facet.id): []" + String(repeating: " ", count: max(1, 24 - facet.id.rawValue.count - 4)) + "# \(note)\n"
        }
        text += "---\nWrite the entry here. Link to other entries with [[slug]] or [[slug|text]]"
        text += taxonomy.sourceKinds.isEmpty ? ".\n" : "; cite sources with [[@slug]] or [[@slug|p. 12]].\n"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // O_EXCL: never replace a file, even one created a moment ago.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            throw Failure.invalid(errno == EEXIST ? "\(path) already exists" : "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw Failure.invalid("cannot write \(path)")
        }
        return FileManager.default.currentDirectoryPath == root ? path : DisplayPaths().display(path)
    }

    static func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
