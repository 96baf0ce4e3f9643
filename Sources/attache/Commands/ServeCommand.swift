import ArgumentParser
import AttacheServe
import Foundation
import AttacheSite
import AttacheModel

struct Serve: AsyncParsableCommand {
    static let defaultPort: UInt16 = 8080

    static let configuration = CommandConfiguration(
        abstract: "Build, serve on 127.0.0.1, and rebuild and reload open pages on every change.",
        discussion: """
        Watches the content and templates folders (inotify, or polling where it is not \
        available). Drafts are shown, with a Draft badge (--no-drafts hides them). While \
        the content has errors, every open page shows the problems over it, each a link \
        that opens the file at its line in an editor; the last good build stays served. \
        Nothing is written to the output folder.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml, the entries and assets/ (default: found from the current folder up).", valueName: "dir"))
    var content: String?

    @Option(name: .long, help: ArgumentHelp("Folder whose templates and assets/ replace the built-in theme's, file by file (default: Templates/ beside the content folder, if there is one).", valueName: "dir"))
    var templates: String?

    @Option(name: .long, help: ArgumentHelp("Port to listen on; 0 picks a free one. (default: 8080)", valueName: "n"))
    var port: UInt16 = Serve.defaultPort

    @Option(name: .long, help: ArgumentHelp("Address to listen on (IPv4).", valueName: "addr"))
    var host = "127.0.0.1"

    @Flag(inversion: .prefixedNo, help: "Show entries marked `draft: true`, with a Draft badge.")
    var drafts = true

    @Flag(name: .long, help: "Open the site in the browser once the server listens (xdg-open).")
    var open = false

    @Option(name: .customLong("editor-url"), help: ArgumentHelp("""
        Where a problem in the error overlay links to: {path}, {line} and {column} are filled in; \
        `none` for no links. Also ATTACHE_EDITOR_URL. (default: \(DevServer.defaultEditorURL))
        """, valueName: "template"))
    var editorURL: String?

    @Option(name: .customLong("broken-links"), help: ArgumentHelp("`error` or `warn`; replaces site.yml's broken_links (default: error with a site.yml, warn without).", valueName: "mode"))
    var brokenLinks: BrokenLinkPolicy?

    @Option(name: .long, help: ArgumentHelp("Threads to use for each build (default: one per core).", valueName: "n"))
    var jobs: Int?

    func run() async throws {
        let location = SiteLocation(content: content, templates: templates)
        Console.siteFound(location)
        var settings = DevServer.Settings(content: location.content, templates: location.templates, host: host, port: port,
                                          includeDrafts: drafts, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        settings.templatesMustExist = location.templatesMustExist
        settings.opensBrowser = open
        settings.brokenLinks = brokenLinks
        settings.colors = Console.output
        let editor = editorURL ?? ProcessInfo.processInfo.environment["ATTACHE_EDITOR_URL"] ?? DevServer.defaultEditorURL
        settings.editorURL = editor == "none" || editor.isEmpty ? nil : editor
        let server: DevServer
        do {
            server = try DevServer(settings: settings)
        } catch let failure as PrivateFolder.Failure {
            Console.printError("\(failure)")
            throw ExitCode(1)
        }
        // A closed terminal (SIGHUP) or a closed pipe must not kill the
        // process with SIGPIPE before it has removed its folder.
        signal(SIGPIPE, SIG_IGN)
        // Line by line even when the terminal output goes to a file or a pipe.
        let task = Task {
            try await server.run { line in Console.printLine(line) }
        }
        // Ctrl-C, TERM, or the terminal closing (HUP): stop serving; `run`
        // then removes the private build folder and the command exits cleanly.
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                Console.printLine("\nStopped.")
                task.cancel()
            }
            source.resume()
            sources.append(source)
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
        } catch let failure as DevServer.Failure {
            Console.printError("\(failure)")
            throw ExitCode(1)
        }
    }
}
