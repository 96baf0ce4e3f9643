import ArgumentParser
import AttacheServe
import Foundation
import AttacheSite
import AttacheModel

@main
struct Attache: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "attache",
        abstract: "Build a cross-linked static knowledge base from a folder of Markdown entries.",
        discussion: """
        Run inside a site (any folder below the one with site.yml or Content/site.yml) \
        or name its content folder with --content. `attache` alone is `attache build`. \
        Start a site with `attache init`.
        """,
        version: "attache \(version) (cmark-gfm \(SiteBuilder.markdownLibraryVersion))",
        subcommands: [Init.self, Build.self, Check.self, Serve.self, New.self, ThemeCommand.self],
        defaultSubcommand: Build.self
    )

    /// A mistyped command (`attache biuld`) gets the nearest one suggested
    /// before ArgumentParser, which would take it for an argument of the
    /// default command, sees it. Options are left to ArgumentParser, which
    /// suggests the nearest option itself.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = CommandSuggestions.problem(in: arguments, root: Attache.self) {
            let style = TerminalStyle.forDescriptor(STDERR_FILENO)
            FileHandle.standardError.write(Data((style.red("error:") + " " + message + "\n").utf8))
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        await main(arguments)
    }
}

extension URLStyle: ExpressibleByArgument {}
extension BrokenLinkPolicy: ExpressibleByArgument {}
