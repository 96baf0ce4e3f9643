import ArgumentParser
import Foundation
import AttacheSite
import AttacheModel

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site into the output folder.",
        discussion: """
        The new site is written to a temporary folder beside the output folder and \
        swapped in only when the build has no errors; otherwise the previous output \
        stays exactly as it was. Problems are printed as PATH:LINE:COLUMN: error|warning: MESSAGE. \
        Entries marked `draft: true` are left out unless --drafts is given.
        """
    )

    @OptionGroup var site: SiteOptions

    @Flag(name: .long, help: "Include entries marked `draft: true`.")
    var drafts = false

    @Option(name: .long, help: ArgumentHelp("Folder the site is written to; it is replaced as a whole (default: Output/ beside the content folder).", valueName: "dir"))
    var output: String?

    @Flag(name: .long, help: "Print the wall time of each stage (load, parse, link, render, write).")
    var timings = false

    func run() throws {
        let location = site.location(output: output)
        Console.siteFound(location)
        let report = SiteBuilder(options: site.buildOptions(location, includeDrafts: drafts, writesOutput: true)).run()
        Console.diagnostics(report.diagnostics)
        if timings { FileHandle.standardError.write(Data(report.timingsTable.utf8)) }
        print(report.succeeded ? report.summaryLine : Console.output.red(report.summaryLine))
        if !report.succeeded { throw ExitCode(1) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load, link and render the site like a build, and write nothing.",
        discussion: """
        Exits with status 1 when there is any error, or with --strict any warning \
        (orphans, unknown fields, unused terms, terms spelled two ways).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var site: SiteOptions

    @Flag(name: .long, help: "Include entries marked `draft: true`.")
    var drafts = false

    @Option(name: .long, help: "How to print diagnostics: text (PATH:LINE:COLUMN: …) or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Fail (exit status 1) on warnings too, as CI may want.")
    var strict = false

    func run() throws {
        let location = site.location()
        if format == .text { Console.siteFound(location) }
        let report = SiteBuilder(options: site.buildOptions(location, includeDrafts: drafts, writesOutput: false)).run()
        let failed = !report.succeeded || (strict && report.diagnostics.warningCount > 0)
        switch format {
        case .text:
            Console.diagnostics(report.diagnostics)
            let line = report.checkSummaryLine + (strict && report.succeeded && failed ? " (--strict: warnings fail)" : "")
            print(failed ? Console.output.red(line) : line)
        case .json:
            print(report.diagnostics.formattedJSON(), terminator: "")
        }
        if failed { throw ExitCode(1) }
    }
}
