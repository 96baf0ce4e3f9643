import Foundation
import AttacheModel

/// `attache init [DIR]`: writes a small site that builds as it is, with no
/// error and no warning: `Content/site.yml`, a taxonomy with two kinds and a
/// relation (none with `--vault`), three entries that link to each other, a
/// README saying what to do next and a `.gitignore` for `Output/`. It asks
/// nothing. In a folder that is not empty it only adds files that are
/// missing: if any file it would write is there already, it writes nothing.
public enum NewSite {
    public struct Settings: Sendable {
        public var folder: String
        /// nil: made from the folder's name.
        public var title: String?
        public var baseURL: String
        /// No taxonomy.yml: every folder is a kind (a zero-config site).
        public var vault: Bool

        public init(folder: String, title: String? = nil, baseURL: String = "/", vault: Bool = false) {
            self.folder = folder
            self.title = title
            self.baseURL = baseURL
            self.vault = vault
        }
    }

    public struct Created: Sendable {
        /// The site's folder, absolute.
        public var folder: String
        /// The files written, relative to the folder, in the order written.
        public var files: [String]
        /// Files left as they were (a README.md or .gitignore that was there).
        public var kept: [String]
        public var title: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let message): return message }
        }
    }

    /// Files that are the user's if they exist: left alone, never a reason to refuse.
    static let optionalFiles: Set<String> = ["README.md", ".gitignore"]

    public static func create(_ settings: Settings) throws -> Created {
        let folder = FileSystem.absolutePath(settings.folder)
        if let type = FileSystem.type(atPath: folder), type != .directory {
            throw Failure.invalid("\(settings.folder) exists and is not a folder")
        }
        let baseURL = settings.baseURL.trimmingCharacters(in: .whitespaces)
        guard baseURL.hasPrefix("/") || baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw Failure.invalid("--base-url must be a path such as /kb/ or an address such as https://example.org/kb/, not `\(DiagnosticQuote.quote(baseURL))`")
        }
        let title = (settings.title ?? titleFromFolder(folder)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw Failure.invalid("the title must not be empty") }
        let files = contents(title: title, baseURL: baseURL, vault: settings.vault)

        // Nothing is written unless every site file is new.
        for settingsFile in ["site.yml", "Content/site.yml"] where FileSystem.type(atPath: folder + "/" + settingsFile) != nil {
            throw Failure.invalid("\(settings.folder) already holds a site (\(settingsFile)); nothing was written")
        }
        if let outer = SiteFolders.find(from: folder), FileSystem.isPath(folder, inside: outer.content) {
            throw Failure.invalid("\(settings.folder) is inside the content folder of the site in \(outer.content); its build would read the new site's files as entries. Choose a folder outside it")
        }
        let conflicts = files.map(\.path).filter { !optionalFiles.contains($0) && FileSystem.type(atPath: folder + "/" + $0) != nil }
        guard conflicts.isEmpty else {
            throw Failure.invalid("\(settings.folder) already has \(conflicts.joined(separator: ", ")); init only adds missing files, so nothing was written")
        }
        var written: [String] = []
        var kept: [String] = []
        for file in files {
            do {
                switch try NewFile.write(Array(file.text.utf8), to: folder + "/" + file.path) {
                case .written: written.append(file.path)
                case .exists: kept.append(file.path)
                }
            } catch let failure as NewFile.Failure {
                throw Failure.invalid(failure.description)
            }
        }
        return Created(folder: folder, files: written, kept: kept, title: title)
    }

    /// `my-notes` → `My notes`; the root folder or `.` of `/` → `My knowledge base`.
    static func titleFromFolder(_ folder: String) -> String {
        let name = (folder as NSString).lastPathComponent
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }).map(String.init)
        guard let first = words.first, name != "/" else { return "My knowledge base" }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The files of a new site, in the order they are written.
    static func contents(title: String, baseURL: String, vault: Bool) -> [(path: String, text: String)] {
        let site = """
        # Site settings. Only the title is required.
        title: \(quoted(title))
        description: \(quoted(title + ", a knowledge base made with Attaché."))
        base_url: \(quoted(baseURL))             # where it will be published, e.g. https://example.org/kb/
        language: en
        intro: |
          This site was started with `attache init`. Its three example entries
          show how entries link to each other: begin with [[getting-started]].

        """
        let taxonomy = """
        # The kinds of entries (one folder each) and the relations between them.
        kinds:
          topic:
            folder: topics
            title: Topics
            singular: Topic
          note:
            folder: notes
            title: Notes
            singular: Note
            relations:
              topics:              # a front-matter field of notes
                to: topic          # naming topics
                inverse: Notes     # the heading of the list on each topic's page
                min: 1             # every published note names a topic

        """
        let folderOfTopics = vault ? "notes" : "topics"
        let gettingStarted = """
        ---
        title: Getting started
        summary: How to write this knowledge base, from the first entry to publishing it.
        ---
        This site was made by `attache init`. Each page is a Markdown file in
        `Content/`, and every folder there holds one kind of entry\(vault ? "" : " (here: topics\nand notes, declared in `Content/taxonomy.yml`)").

        ## Edit

        Run `attache serve` and open the address it prints: the page reloads
        each time you save, and a problem shows on the page itself, with its
        file and line. Add an entry with

        ```sh
        attache new \(vault ? "notes" : "note") "My first note"
        ```

        ## Link

        Link to another entry with its slug or title in double brackets:
        [[links-and-relations]]. How the kinds of entries work:
        [[kinds-and-relations]].

        ## Publish

        `attache build` writes the site into `Output/`, ready for any static
        host. Set `base_url` in `Content/site.yml` to the address it will have.

        """
        let relationText = vault ? "" : """
        A **relation** is a front-matter field the taxonomy declares. This note
        names its topic in `topics:`, so [[getting-started]] lists it under
        "Notes".

        """
        let links = """
        ---
        title: Links and relations
        summary: Wiki-links between entries\(vault ? "" : ", and typed relations in the front matter").
        \(vault ? "" : "topics: [getting-started]\n")---
        A **wiki-link** such as `[[getting-started]]` becomes a link to that
        entry: [[getting-started]]. A link may have its own text,
        [[kinds-and-relations|like this one]], or point at a heading:
        [[getting-started#publish]]. Every page lists the entries that link to it.

        \(relationText)A link\(vault ? "" : " or relation") to an entry that does not exist is an error,
        reported with its file, line and column.

        """
        let kinds = """
        ---
        title: Kinds and relations
        summary: \(vault ? "Every folder of Content/ is a kind of entry." : "How taxonomy.yml declares the kinds of entries and the relations between them.")
        \(vault ? "" : "topics: [getting-started]\n")---
        \(vault ? """
        Every folder of `Content/` is a kind of entry, named after the folder.
        To give kinds their own names and declare relations between them (a
        note's topics, say), add a `Content/taxonomy.yml`; see
        [[links-and-relations]].
        """ : """
        Every folder of `Content/` holds one kind of entry, declared in
        `Content/taxonomy.yml` with its title and its relations. Here, notes
        have a `topics` relation to topics, and each note needs at least one.
        To add a kind, add it to the taxonomy and make its folder. See also
        [[links-and-relations]].
        """)

        """
        let readme = """
        # \(title)

        A knowledge base made with Attaché. Next: run `attache serve` here and
        open the address it prints; the entries are in `Content/`.

        - `attache serve`: a preview that reloads as you save
        - `attache new \(vault ? "notes" : "note") "Title"`: a new entry
        - `attache check`: report problems, write nothing
        - `attache build`: write the site to `Output/`

        """
        var files: [(path: String, text: String)] = [("Content/site.yml", site)]
        if !vault { files.append(("Content/taxonomy.yml", taxonomy)) }
        files += [
            ("Content/\(folderOfTopics)/getting-started.md", gettingStarted),
            ("Content/notes/links-and-relations.md", links),
            ("Content/notes/kinds-and-relations.md", kinds),
            ("README.md", readme),
            (".gitignore", "/Output/\n"),
        ]
        return files
    }
}
