import ArgumentParser
import Foundation
import AttacheSite
import AttacheModel

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new entry: <content>/<folder>/<slug>.md, a draft with its front matter to fill in.",
        discussion: """
        The slug comes from the title. The entry builds as it is: its relations and facets \
        are empty fields with comments saying what they take, and it is a draft, which \
        `attache serve` shows and `attache build` leaves out. Refuses to overwrite a file or to reuse a slug.
        """
    )

    @Argument(help: "The kind: its key, folder or title (for example case-study).")
    var kind: String

    @Argument(help: "The entry's title.")
    var title: String

    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml and the entries (default: found from the current folder up).", valueName: "dir"))
    var content: String?

    func run() throws {
        let location = SiteLocation(content: content, templates: nil)
        do {
            let created = try NewEntry.make(kind: kind, title: title, contentDirectory: location.content)
            print("Created \(created.path) (a draft)")
            print("`attache serve` shows it at http://127.0.0.1:\(Serve.defaultPort)/\(created.sitePath)")
        } catch let failure as NewEntry.Failure {
            Console.printError(failure.description)
            throw ExitCode(1)
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a site: a folder with Content/site.yml, a taxonomy and three example entries.",
        discussion: """
        Asks nothing. The site builds as it is, with no error and no warning. In a folder \
        that is not empty, only missing files are added; if any file it would write is \
        there already, nothing is written. Then run `attache serve` in that folder.
        """
    )

    @Argument(help: ArgumentHelp("The folder to start the site in; created if missing.", valueName: "dir"))
    var folder = "."

    @Option(name: .long, help: ArgumentHelp("The site's title (default: made from the folder's name).", valueName: "text"))
    var title: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("The address the site will be published at, e.g. https://example.org/kb/.", valueName: "url"))
    var baseURL = "/"

    @Flag(name: .long, help: "No taxonomy.yml: every folder of Content/ is a kind (a zero-config site).")
    var vault = false

    func run() throws {
        do {
            let created = try NewSite.create(.init(folder: folder, title: title, baseURL: baseURL, vault: vault))
            let shown = SiteLocation.display(created.folder)
            print("Started \"\(created.title)\" in \(shown == "." ? "this folder" : shown + "/"):")
            for file in created.files { print("  " + file) }
            for file in created.kept { print("  " + file + " (already there; kept as it was)") }
            print("Next:")
            if shown != "." { print("  cd \(shown)") }
            print("  attache serve    a preview at http://127.0.0.1:\(Serve.defaultPort)/ that reloads as you save")
        } catch let failure as NewSite.Failure {
            Console.printError(failure.description)
            throw ExitCode(1)
        }
    }
}

struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme",
        abstract: "The built-in theme: write it out to edit it.",
        subcommands: [Eject.self]
    )

    struct Eject: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme's templates and assets to a folder, to edit them.",
            discussion: """
            A build uses a file of the templates folder in place of the built-in file of the \
            same path, so delete the files you do not change: they then follow new versions. \
            A file that is already there is never replaced.
            """
        )

        @Argument(help: ArgumentHelp("The folder (default: Templates/ beside the content folder).", valueName: "dir"))
        var folder: String?

        func run() throws {
            let target = folder ?? SiteFolders.find()?.templates ?? "Templates"
            do {
                let result = try ThemeEject.eject(to: target)
                let shown = SiteLocation.display(result.folder)
                print("Wrote \(result.written.count) file\(result.written.count == 1 ? "" : "s") of the built-in theme to \(shown)/"
                      + (result.identical.isEmpty ? "" : " (\(result.identical.count) already there, the same)"))
                if !result.kept.isEmpty {
                    print("Kept \(result.kept.count == 1 ? "1 file that differs" : "\(result.kept.count) files that differ") from the built-in theme:")
                    for file in result.kept { print("  \(shown)/\(file)") }
                }
            } catch let failure as ThemeEject.Failure {
                Console.printError(failure.description)
                throw ExitCode(1)
            }
        }
    }
}
