import ArgumentParser
import AttacheServe
import Foundation
import AttacheSite
import AttacheModel

@main
struct Attache: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attache",
        abstract: "Build a cross-linked static knowledge base from a folder of Markdown entries.",
        version: "0.1.0",
        subcommands: [Build.self, Check.self, Serve.self, New.self],
        defaultSubcommand: Build.self
    )
}

/// Options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml, the entries and assets/.", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("Folder with the Mustache templates and the theme's assets/.", valueName: "dir"))
    var templates = "Templates"

    @Flag(name: .long, help: "Include entries marked `draft: true`.")
    var drafts = false

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Publish under this address instead of site.yml's base_url (for previews).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("url-style"), help: ArgumentHelp("`pretty` (folder/index.html, the default) or `files` (page.html, relative links, works from file://); replaces site.yml's url_style.", valueName: "style"))
    var urlStyle: URLStyle?

    @Option(name: .customLong("broken-links"), help: ArgumentHelp("`error` (fail the build) or `warn` (show the link as a marked span and warn); replaces site.yml's broken_links (default: error with a site.yml, warn without).", valueName: "mode"))
    var brokenLinks: BrokenLinkPolicy?

    @Option(name: .long, help: ArgumentHelp("Threads to use (default: one per core). Output is identical for any value.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func buildOptions(output: String, writesOutput: Bool) -> BuildOptions {
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
                                   includeDrafts: drafts, jobs: jobs, writesOutput: writesOutput)
        options.baseURLOverride = baseURL
        options.urlStyleOverride = urlStyle
        options.brokenLinksOverride = brokenLinks
        return options
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
        The new site is written to a temporary folder beside the output folder and \
        swapped in only when the build has no errors; otherwise the previous output \
        stays exactly as it was. Problems are printed as PATH:LINE:COLUMN: error|warning: MESSAGE.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Folder the site is written to. It is replaced as a whole.", valueName: "dir"))
    var output = "Output"

    @Flag(name: .long, help: "Print the wall time of each stage (load, parse, link, render, write).")
    var timings = false

    func run() throws {
        let report = SiteBuilder(options: site.buildOptions(output: output, writesOutput: true)).run()
        FileHandle.standardError.write(Data(report.diagnostics.formattedText().utf8))
        if timings { FileHandle.standardError.write(Data(report.timingsTable.utf8)) }
        print(report.summaryLine)
        if !report.succeeded { throw ExitCode(1) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load, link and render the site like a build, and write nothing.",
        discussion: "Exits with status 1 when there is any error. Warnings (orphans, unknown fields, unused terms) do not fail."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: "How to print diagnostics: text (PATH:LINE:COLUMN: …) or json.")
    var format: Format = .text

    func run() throws {
        let report = SiteBuilder(options: site.buildOptions(output: "", writesOutput: false)).run()
        switch format {
        case .text:
            FileHandle.standardError.write(Data(report.diagnostics.formattedText().utf8))
            let errors = report.diagnostics.errorCount
            let warnings = report.diagnostics.warningCount
            print("Checked \(report.entryCount) entries: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        case .json:
            print(report.diagnostics.formattedJSON(), terminator: "")
        }
        if !report.succeeded { throw ExitCode(1) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build, serve on 127.0.0.1, and rebuild and reload open pages on every change.",
        discussion: """
        Watches the content and templates folders (inotify, or polling where it is not \
        available). While the content has errors, the last good build stays served and \
        every open page shows the problems over it. Nothing is written to the output folder.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml, the entries and assets/.", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("Folder with the Mustache templates and the theme's assets/.", valueName: "dir"))
    var templates = "Templates"

    @Option(name: .long, help: "Port to listen on.")
    var port: UInt16 = 8080

    @Option(name: .long, help: ArgumentHelp("Address to listen on (IPv4).", valueName: "addr"))
    var host = "127.0.0.1"

    @Flag(name: .long, help: "Include entries marked `draft: true`.")
    var drafts = false

    @Option(name: .customLong("broken-links"), help: ArgumentHelp("`error` or `warn`; replaces site.yml's broken_links.", valueName: "mode"))
    var brokenLinks: BrokenLinkPolicy?

    @Option(name: .long, help: ArgumentHelp("Threads to use for each build.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let server: DevServer
        do {
            var settings = DevServer.Settings(content: content, templates: templates, host: host, port: port, includeDrafts: drafts, jobs: jobs)
            settings.brokenLinks = brokenLinks
            server = try DevServer(settings: settings)
        } catch let failure as PrivateFolder.Failure {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            throw ExitCode(1)
        }
        // A closed terminal (SIGHUP) or a closed pipe must not kill the
        // process with SIGPIPE before it has removed its folder.
        signal(SIGPIPE, SIG_IGN)
        // Line by line even when the terminal output goes to a file or a pipe.
        let task = Task {
            try await server.run { line in Self.printLine(line) }
        }
        // Ctrl-C, TERM, or the terminal closing (HUP): stop serving; `run`
        // then removes the private build folder and the command exits cleanly.
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM, SIGHUP] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler {
                Self.printLine("\nStopped.")
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
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Unbuffered, and a failed write (the terminal is gone) is ignored
    /// rather than trapping as FileHandle's write does.
    static func printLine(_ line: String) {
        var bytes = Array((line + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new entry: Content/<folder>/<slug>.md with front matter to fill in.",
        discussion: "The slug comes from the title. Refuses to overwrite a file or to reuse a slug."
    )

    @Argument(help: "The kind: its key, folder or title (for example case-study).")
    var kind: String

    @Argument(help: "The entry's title.")
    var title: String

    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml and the entries.", valueName: "dir"))
    var content = "Content"

    func run() throws {
        do {
            let path = try NewEntry.create(kind: kind, title: title, contentDirectory: content)
            print("Created \(path)")
        } catch let failure as NewEntry.Failure {
            FileHandle.standardError.write(Data("error: \(failure)\n".utf8))
            throw ExitCode(1)
        }
    }
}

extension URLStyle: ExpressibleByArgument {}
extension BrokenLinkPolicy: ExpressibleByArgument {}
