import ArgumentParser
import AttacheCore
import Foundation

@main
struct Attache: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attache",
        abstract: "Build a cross-linked static knowledge base from a folder of Markdown entries.",
        version: "0.1.0",
        subcommands: [Build.self, Check.self],
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

    @Option(name: .long, help: ArgumentHelp("Threads to use (default: one per core). Output is identical for any value.", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func buildOptions(output: String, writesOutput: Bool) -> BuildOptions {
        var options = BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
                                   includeDrafts: drafts, jobs: jobs, writesOutput: writesOutput)
        options.baseURLOverride = baseURL
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
