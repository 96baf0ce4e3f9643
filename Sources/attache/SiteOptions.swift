import ArgumentParser
import Foundation
import AttacheSite
import AttacheModel

/// Where a command finds the site: `--content` if given; else the nearest
/// folder at or above the current one with site.yml or Content/site.yml.
/// The usual Templates/ and Output/ are beside the content folder, and a
/// missing Templates/ means the built-in theme alone.
struct SiteLocation {
    var content: String
    var templates: String?
    var templatesMustExist: Bool
    var output: String
    /// The site's folder when it was found above the current folder (said once, so a build from a subfolder is not a surprise).
    var foundAbove: String?

    init(content: String?, templates: String?, output: String? = nil) {
        templatesMustExist = templates != nil
        if let content {
            self.content = content
            self.templates = templates ?? "Templates"
            self.output = output ?? "Output"
        } else if let found = SiteFolders.find() {
            self.content = found.content
            self.templates = templates ?? found.templates
            self.output = output ?? found.output
            if found.root != FileSystem.absolutePath(".") { foundAbove = found.root }
        } else {
            // Reported by the build as a missing content folder.
            self.content = "Content"
            self.templates = templates ?? "Templates"
            self.output = output ?? "Output"
        }
    }

    /// Paths as a message shows them: relative to the current folder when inside it.
    static func display(_ path: String) -> String {
        let shown = DisplayPaths().display(FileSystem.absolutePath(path))
        return shown.isEmpty ? "." : shown
    }
}

/// Options every command that builds a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder with site.yml, taxonomy.yml, the entries and assets/ (default: found from the current folder up).", valueName: "dir"))
    var content: String?

    @Option(name: .long, help: ArgumentHelp("Folder whose templates and assets/ replace the built-in theme's, file by file (default: Templates/ beside the content folder, if there is one).", valueName: "dir"))
    var templates: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Publish under this address instead of site.yml's base_url (for previews).", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("url-style"), help: ArgumentHelp("`pretty` (folder/index.html, the default) or `files` (page.html, relative links, works from file://); replaces site.yml's url_style.", valueName: "style"))
    var urlStyle: URLStyle?

    @Option(name: .customLong("broken-links"), help: ArgumentHelp("`error` (fail the build) or `warn` (show the link as a marked span and warn); replaces site.yml's broken_links (default: error with a site.yml, warn without).", valueName: "mode"))
    var brokenLinks: BrokenLinkPolicy?

    @Option(name: .long, help: ArgumentHelp("Threads to use (default: one per core). The output is identical for any value.", valueName: "n"))
    var jobs: Int?

    func location(output: String? = nil) -> SiteLocation {
        SiteLocation(content: content, templates: templates, output: output)
    }

    func buildOptions(_ location: SiteLocation, includeDrafts: Bool, writesOutput: Bool) -> BuildOptions {
        var options = BuildOptions(contentDirectory: location.content, templatesDirectory: location.templates,
                                   outputDirectory: location.output, includeDrafts: includeDrafts,
                                   jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, writesOutput: writesOutput)
        options.templatesDirectoryMustExist = location.templatesMustExist
        options.baseURLOverride = baseURL
        options.urlStyleOverride = urlStyle
        options.brokenLinksOverride = brokenLinks
        return options
    }
}

/// What commands print: diagnostics and notes on standard error, coloured on
/// a terminal; results on standard output.
enum Console {
    static let errors = TerminalStyle.forDescriptor(STDERR_FILENO)
    static let output = TerminalStyle.forDescriptor(STDOUT_FILENO)

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((errors.red("error:") + " " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func diagnostics(_ log: DiagnosticLog) {
        FileHandle.standardError.write(Data(log.formattedText(errors).utf8))
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

    /// Says where the site is when it was found in a folder above this one.
    static func siteFound(_ location: SiteLocation) {
        if let root = location.foundAbove { note("Site: \(root)") }
    }
}
