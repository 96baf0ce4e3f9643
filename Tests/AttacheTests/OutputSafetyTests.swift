@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// A build replaces only a folder it wrote, keeps every hidden entry of it,
/// cannot be pointed around the checks by a symbolic link, and leaves
/// nothing behind when writing fails.
@Suite("Output folder safety")
struct OutputSafetyTests {
    static let binary = TestSite.repositoryRoot + "/.build/debug/attache"

    /// Runs the real executable; its exit status and what it printed on standard error.
    static func run(_ arguments: [String], environment: [String: String] = [:], shellPrefix: String? = nil,
                    in folder: String? = nil) throws -> (status: Int32, errors: String) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the attache executable first (swift build)")
        let process = Process()
        if let shellPrefix {
            // `exec` keeps the shell's limits and ignored signals for the build.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shellPrefix + "; exec \"$0\" \"$@\"", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        process.environment = merged
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func buildArguments(_ site: TestSite, output: String) -> [String] {
        ["build", "--content", site.path("Content"), "--templates", TestSite.defaultTemplates, "--output", output]
    }

    static func stagingLeftovers(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".staging-") }
    }

    static let pages = ["Content/strategies/a.md": entry("A", body: "See [[B]]."), "Content/strategies/b.md": entry("B", body: "See [[A]].")]

    // MARK: end to end, the real binary

    @Test func aHomeFolderIsNeverReplaced() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        try site.write("key\n", to: "home/.ssh/id_rsa")
        // Even a marker (say, from a dotfiles repository) does not make a home folder an output.
        try site.write("x\n", to: "home/.attache-output")
        let result = try Self.run(Self.buildArguments(site, output: site.path("home")), environment: ["HOME": site.path("home")])
        #expect(result.status == 1)
        #expect(result.errors.contains("is your home folder; refusing to replace it"), "\(result.errors)")
        #expect(site.read("home/.ssh/id_rsa") == "key\n")
        #expect(!site.exists("home/index.html"))
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
    }

    @Test func aFolderOfOnlyHiddenEntriesIsRefused() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        try site.write("key\n", to: "h/.ssh/id_rsa")
        try site.write("[core]\n", to: "h/.config/app")
        let result = try Self.run(Self.buildArguments(site, output: site.path("h")))
        #expect(result.status == 1)
        #expect(result.errors.contains("holds files Attaché did not write (`.config`, `.ssh`); refusing to replace it"), "\(result.errors)")
        #expect(site.read("h/.ssh/id_rsa") == "key\n")
        #expect(site.read("h/.config/app") == "[core]\n")
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
    }

    @Test func aFreshGitRepositoryIsRefusedAndAGhPagesWorktreeKeepsItsGit() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        // `git init` without the marker: somebody's repository.
        try site.write("ref: refs/heads/main\n", to: "repo/out/.git/HEAD")
        let refused = try Self.run(Self.buildArguments(site, output: site.path("repo/out")))
        #expect(refused.status == 1)
        #expect(refused.errors.contains("holds files Attaché did not write (`.git`)"), "\(refused.errors)")
        #expect(site.read("repo/out/.git/HEAD") == "ref: refs/heads/main\n")

        // A gh-pages worktree whose branch holds an earlier build (and so the marker).
        let first = try Self.run(Self.buildArguments(site, output: site.path("pages")))
        #expect(first.status == 0, "\(first.errors)")
        try site.write("gitdir: ../.git/worktrees/pages\n", to: "pages/.git")
        try site.write("canary\n", to: "pages/.github/workflows/deploy.yml")
        try site.write("", to: "pages/.nojekyll")
        for _ in 0..<2 {
            let again = try Self.run(Self.buildArguments(site, output: site.path("pages")))
            #expect(again.status == 0, "\(again.errors)")
            #expect(site.read("pages/.git") == "gitdir: ../.git/worktrees/pages\n")
            #expect(site.read("pages/.github/workflows/deploy.yml") == "canary\n")
            #expect(site.exists("pages/.nojekyll"))
            #expect(site.exists("pages/strategies/a/index.html"))
        }
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
    }

    /// A write that fails (a file-size limit stands in for a full disk) is
    /// one error, the previous output stays, and no staging folder is left,
    /// however the background writers were timed.
    @Test func aFailedWriteIsOneErrorAndLeavesNothingBehind() throws {
        let site = try TestSite(Self.pages.merging((0..<40).map { ("Content/strategies/s\($0).md", entry("S\($0)", body: "[[A]]")) }) { $1 })
        defer { site.remove() }
        let first = try Self.run(Self.buildArguments(site, output: site.path("Output")))
        #expect(first.status == 0, "\(first.errors)")
        let before = site.snapshot("Output")
        for _ in 0..<4 {
            let result = try Self.run(Self.buildArguments(site, output: site.path("Output")), shellPrefix: "trap '' XFSZ; ulimit -f 2")
            #expect(result.status == 1)
            let errors = result.errors.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(errors.count == 1, "\(result.errors)")
            #expect(errors.first?.contains("File too large (and ") == true, "\(result.errors)")
            #expect(errors.first?.contains("more files not written)") == true, "\(result.errors)")
            #expect(Self.stagingLeftovers(in: site.root.path) == [])
            #expect(site.snapshot("Output") == before)
        }
    }

    // MARK: the checks, in process

    @Test func aFolderOfOnlyPlaceholdersCountsAsEmptyAndKeepsThem() throws {
        let site = try TestSite(Self.pages.merging(["Output/.gitignore": "*\n!.gitignore\n"]) { $1 })
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.read("Output/.gitignore") == "*\n!.gitignore\n")
        #expect(site.exists("Output/.attache-output"))
        #expect(site.exists("Output/index.html"))
    }

    @Test func everyHiddenEntryOfAPreviousOutputIsKept() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        #expect(site.build().errors == [])
        try site.write("ref: refs/heads/gh-pages\n", to: "Output/.git/HEAD")
        try site.write("proof\n", to: "Output/.well-known/security.txt")
        try site.write("example.org\n", to: "Output/.domains")
        try FileManager.default.createSymbolicLink(atPath: site.path("Output/.shared"), withDestinationPath: site.path("Content"))
        // Not hidden: a build owns every other name in its folder.
        try site.write("stale\n", to: "Output/stale.html")
        #expect(site.build().errors == [])
        #expect(site.read("Output/.git/HEAD") == "ref: refs/heads/gh-pages\n")
        #expect(site.read("Output/.well-known/security.txt") == "proof\n")
        #expect(site.read("Output/.domains") == "example.org\n")
        #expect(FileSystem.type(atPath: site.path("Output/.shared")) == .symlink)
        #expect(site.exists("Content/site.yml"), "the link's target is untouched")
        #expect(!site.exists("Output/stale.html"))
    }

    /// A large previous output is deleted by a detached process once the new
    /// one is in place: the rebuild returns with the new output complete,
    /// the old tree goes away on its own, and a link inside it is removed,
    /// never followed.
    @Test func aLargePreviousOutputIsRemovedInTheBackground() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("Output"), jobs: 2)
        options.backgroundRemovalMinimumPages = 0
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().errors == [])
        try site.write("keep\n", to: "elsewhere/canary.txt")
        try FileManager.default.createSymbolicLink(atPath: site.path("Output/strategies/a/elsewhere"), withDestinationPath: site.path("elsewhere"))
        try site.write("stale\n", to: "Output/strategies/stale/index.html")
        let rebuilt = SiteBuilder(options: options, workingDirectory: site.root.path).run()
        #expect(rebuilt.errors == [])
        #expect(site.exists("Output/strategies/a/index.html"))
        #expect(site.exists("Output/.attache-output"))
        #expect(!site.exists("Output/strategies/stale/index.html"))
        #expect(FileSystem.type(atPath: site.path("Output/strategies/a/elsewhere")) == nil)
        // The remover runs on its own; give it up to 20 seconds.
        let deadline = Date().addingTimeInterval(20)
        while !Self.stagingLeftovers(in: site.root.path).isEmpty, Date() < deadline { usleep(20_000) }
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
        #expect(site.read("elsewhere/canary.txt") == "keep\n", "the link's target is untouched")
    }

    @Test func aFolderWithoutTheMarkerIsRefusedAndUntouched() throws {
        let site = try TestSite(Self.pages.merging(["Output/notes.txt": "mine\n"]) { $1 })
        defer { site.remove() }
        let errors = site.build().errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Output: error: output folder \(site.path("Output")) holds files Attaché did not write (`notes.txt`); refusing to replace it. Choose a new or empty folder") == true, "\(errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path("Output")) == ["notes.txt"])
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
    }

    @Test func aSymbolicLinkAboveTheOutputDoesNotHideTheContentFolder() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.path("lc"), withDestinationPath: site.path("Content"))
        let errors = site.build(output: "lc/out").errors
        #expect(errors == ["lc/out: error: output folder \(site.path("lc/out")) is inside \(site.path("Content")) (through a symbolic link); choose an output folder outside the content and templates"])
        #expect(!site.exists("Content/out"))
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: site.path("Content"))) ?? []).contains { $0.contains("staging") })
    }

    @Test func theHomeAndWorkingFoldersAndTheirAncestorsAreRefusedEvenWithTheMarker() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        try site.write("x\n", to: "w/.attache-output")
        try site.write("x\n", to: "w/sub/.attache-output")
        let places = OutputFolderPolicy.ProtectedPlaces(contentAndTemplates: [site.path("Content")], workingDirectory: site.path("w/sub/deeper"),
                                                        homeDirectory: site.path("w/sub"))
        #expect(throws: OutputFolderPolicy.Refusal.self) { try OutputFolderPolicy.check(site.path("w/sub"), protecting: places) }
        #expect(throws: OutputFolderPolicy.Refusal.self) { try OutputFolderPolicy.check(site.path("w"), protecting: places) }
        #expect(throws: OutputFolderPolicy.Refusal.self) { try OutputFolderPolicy.check("/", protecting: places) }
        let messages = ["w/sub", "w"].map { path -> String in
            do { _ = try OutputFolderPolicy.check(site.path(path), protecting: places); return "" } catch { return "\(error)" }
        }
        #expect(messages[0].contains("is your home folder"), "\(messages[0])")
        #expect(messages[1].contains("is a parent of your home folder"), "\(messages[1])")
        let working = OutputFolderPolicy.ProtectedPlaces(contentAndTemplates: [], workingDirectory: site.path("w/sub"), homeDirectory: nil)
        do { _ = try OutputFolderPolicy.check(site.path("w"), protecting: working); Issue.record("an ancestor of the current folder was accepted") } catch {
            #expect("\(error)".contains("is a parent of the current folder"))
        }
        // The site's root holds Content: refused as its parent, marker or not.
        try site.write("x\n", to: ".attache-output")
        #expect(site.build(output: ".").errors.first?.contains("is a parent of \(site.path("Content"))") == true)
        #expect(try OutputFolderPolicy.check(site.path("w/sub/new"), protecting: working) == .absent)
    }

    /// A build killed after moving `.git` into its staging folder: the next
    /// build puts it back instead of deleting the staging folder.
    @Test func hiddenEntriesInAKilledBuildsStagingFolderGoBack() throws {
        let site = try TestSite(Self.pages)
        defer { site.remove() }
        #expect(site.build().errors == [])
        // No process has this number (above Linux's pid_max ceiling of 2^22).
        try site.write("ref: refs/heads/gh-pages\n", to: ".Output.staging-4194305-7/.git/HEAD")
        try site.write("x\n", to: ".Output.staging-4194305-7/.attache-output")
        #expect(site.build().errors == [])
        #expect(site.read("Output/.git/HEAD") == "ref: refs/heads/gh-pages\n")
        #expect(Self.stagingLeftovers(in: site.root.path) == [])
    }

    @Test func aParentThatCannotBeCreatedSaysWhy() throws {
        let site = try TestSite(Self.pages.merging(["afile": "x"]) { $1 })
        defer { site.remove() }
        #expect(site.build(output: "afile/out").errors == ["afile/out: error: cannot create \(site.path("afile")), the output folder's parent: Not a directory"])
    }

    // MARK: check finds what build would fail on

    @Test func checkFindsPagesWhoseFoldersCollideAndNamesTooLong() throws {
        let taxonomy = """
        kinds:
          note:
            folder: index.html
            title: Notes
          thing:
            folder: things
            title: Things
        facets:
          tags:
            title: Tags
        """
        let long = String(repeating: "x", count: 300)
        let site = try TestSite(["Content/index.html/a.md": entry("A", body: "[[B]]"),
                                 "Content/things/b.md": entry("B", "tags: [\(long)]", body: "[[A]]")], taxonomy: taxonomy)
        defer { site.remove() }
        let errors = site.check().errors
        #expect(errors.contains("Content/taxonomy.yml:2:3: error: this page would be written to `index.html/index.html`, which needs a folder where the page from Content/site.yml:1:1 is written (`index.html`); rename the folder, slug or term"), "\(errors)")
        #expect(errors.contains { $0.hasPrefix("Content/index.html/a.md:1:1: error: this page would be written to `index.html/a/index.html`") }, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("Content/things/b.md:3:8: error: the page `tags/xxxx") && $0.hasSuffix("would have a name of 300 bytes, and file systems allow 255; shorten the name it is made from") }, "\(errors)")
        #expect(errors.allSatisfy { $0.count < 400 }, "messages quote at most 80 characters of a path")
        // The build fails the same way, before anything is written.
        #expect(site.build().errors == errors)
        #expect(!site.exists("Output"))
    }
}
