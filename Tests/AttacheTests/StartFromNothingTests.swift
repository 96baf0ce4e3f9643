@testable import AttacheModel
@testable import AttacheSite
@testable import AttacheRender
@testable import AttacheServe
import Foundation
import Testing

/// A new user's first session, with the real `attache` executable, in an
/// empty temporary folder and with no Templates/ folder anywhere:
/// `init`, `build`, `new`, `check`, and `serve` with an edit.
@Suite("Start from nothing")
struct StartFromNothingTests {
    /// The executable's exit status and what it printed.
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func attache(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws -> Run {
        try #require(FileManager.default.isExecutableFile(atPath: OutputSafetyTests.binary), "build the attache executable first (swift build)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: OutputSafetyTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var merged = ProcessInfo.processInfo.environment
        merged["NO_COLOR"] = nil
        merged["CLICOLOR_FORCE"] = nil
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes drained at once: a full pipe would block the child.
        let errorData = LockedData()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !errorData.isSet { Thread.sleep(forTimeInterval: 0.01) }
        return Run(status: process.terminationStatus, output: outputText, errors: String(decoding: errorData.data, as: UTF8.self))
    }

    static func emptyFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attache-start-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func initBuildNewCheckAndServeWithAnEditFromAnEmptyFolder() async throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let started = try Self.attache(["init", "kb", "--title", "Field notes"], in: folder)
        #expect(started.status == 0, "\(started.errors)")
        #expect(started.errors == "")
        #expect(started.output.hasPrefix("Started \"Field notes\" in kb/:\n  Content/site.yml\n  Content/taxonomy.yml\n"))
        #expect(started.output.contains("Next:\n  cd kb\n  attache serve"))
        let site = folder + "/kb"
        #expect(!FileManager.default.fileExists(atPath: site + "/Templates"))
        #expect(FileManager.default.fileExists(atPath: site + "/README.md"))

        // Zero errors and zero warnings, with the built-in theme.
        let built = try Self.attache(["build"], in: site)
        #expect(built.status == 0)
        #expect(built.errors == "")
        #expect(built.output.hasPrefix("Built 9 pages from 3 entries, 0 warnings, in "), "\(built.output)")
        let home = try String(contentsOfFile: site + "/Output/index.html", encoding: .utf8)
        #expect(home.contains("Field notes"))
        #expect(FileManager.default.fileExists(atPath: site + "/Output/assets/style.css"))
        let topic = try String(contentsOfFile: site + "/Output/topics/getting-started/index.html", encoding: .utf8)
        #expect(topic.contains("href=\"/notes/links-and-relations/\""), "the examples link to each other")

        // From a subfolder of the content, the site is found; the output goes beside the content as before.
        let new = try Self.attache(["new", "note", "First steps"], in: site + "/Content/notes")
        #expect(new.status == 0, "\(new.errors)")
        #expect(new.output == "Created first-steps.md (a draft)\n`attache serve` shows it at http://127.0.0.1:8080/notes/first-steps/\n")
        let written = try String(contentsOfFile: site + "/Content/notes/first-steps.md", encoding: .utf8)
        #expect(written.contains("# `topics` is required: at least 1 (slugs of topic entries such as getting-started)."))
        #expect(written.contains("\ntopics: []\n"))

        let rebuilt = try Self.attache(["build"], in: site + "/Content/notes")
        #expect(rebuilt.status == 0, "\(rebuilt.errors)")
        #expect(rebuilt.output.hasPrefix("Built 9 pages from 3 entries, 1 draft left out, 0 warnings, in "), "\(rebuilt.output)")
        #expect(!FileManager.default.fileExists(atPath: site + "/Content/notes/Output"))

        let checked = try Self.attache(["check"], in: site)
        #expect(checked.status == 0)
        #expect(checked.output == "Checked 3 entries, 1 draft left out: 0 errors, 0 warnings\n")
        // With the draft: its empty required relation and its being an orphan are warnings, not errors.
        let withDraft = try Self.attache(["check", "--drafts"], in: site)
        #expect(withDraft.status == 0)
        #expect(withDraft.errors.contains("Content/notes/first-steps.md:7:1: warning: relation `topics` needs at least 1 entry of kind `topic`, found 0; allowed while the entry is a draft"), "\(withDraft.errors)")
        #expect(try Self.attache(["check", "--drafts", "--strict"], in: site).status == 1)

        // serve: the draft is shown with its badge, an edit reaches the page,
        // and --open hands the address to xdg-open.
        let bin = folder + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"\(folder)/opened\"\n".write(toFile: bin + "/xdg-open", atomically: true, encoding: .utf8)
        chmod(bin + "/xdg-open", 0o755)
        let server = try ServedBinary(["serve", "--port", "0", "--open"], in: site,
                                      environment: ["PATH": bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        defer { server.stop() }
        let port = try #require(server.waitForPort(), "serve did not start: \(server.lines.all)")
        let page = try await server.get("/notes/first-steps/", port: port)
        #expect(page.status == 200)
        #expect(page.body.contains("<span class=\"draft-badge\">Draft</span>"))
        #expect(page.body.contains("/__attache/live.js"))
        var opened = ""
        for _ in 0..<100 where opened.isEmpty {
            opened = (try? String(contentsOfFile: folder + "/opened", encoding: .utf8)) ?? ""
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(opened == "http://127.0.0.1:\(port)/\n")
        try (written + "Edited while serving.\n")
            .write(toFile: site + "/Content/notes/first-steps.md", atomically: true, encoding: .utf8)
        var edited = false
        for _ in 0..<200 where !edited {
            edited = (try? await server.get("/notes/first-steps/", port: port))?.body.contains("Edited while serving.") ?? false
            if !edited { try await Task.sleep(for: .milliseconds(25)) }
        }
        #expect(edited, "the edit did not reach the page: \(server.lines.all)")
        #expect(server.stop() == 0)
        #expect(server.lines.all.contains { $0.hasPrefix("Serving on http://127.0.0.1:\(port)/ (watching Content; the built-in theme;") }, "\(server.lines.all)")
    }

    @Test func aMistypedCommandOrOptionGetsTheNearestSuggested() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let command = try Self.attache(["biuld"], in: folder)
        #expect(command.status == 64)
        #expect(command.errors.hasPrefix("error: unknown command `biuld`; did you mean `attache build`?\n"), "\(command.errors)")
        let nested = try Self.attache(["theme", "ejcet"], in: folder)
        #expect(nested.errors.hasPrefix("error: unknown command `ejcet`; did you mean `attache theme eject`?"), "\(nested.errors)")
        let option = try Self.attache(["build", "--drafs"], in: folder)
        #expect(option.status == 64)
        #expect(option.errors.contains("Did you mean '--drafts'?"), "\(option.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/Output"))
    }

    @Test func versionNamesCmarkGFMAndHelpShowsOneDefaultForJobs() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let version = try Self.attache(["--version"], in: folder)
        #expect(version.output.hasPrefix("attache 0."), "\(version.output)")
        #expect(version.output.hasSuffix(" (cmark-gfm \(MarkdownVersion.linked))\n"), "\(version.output)")
        #expect(MarkdownVersion.linked.first?.isNumber == true)
        let help = try Self.attache(["build", "--help"], in: folder)
        let jobs = help.output.components(separatedBy: "  --jobs <n>").dropFirst().first?.components(separatedBy: "  --").first ?? ""
        #expect(jobs.contains("default: one per core"))
        #expect(jobs.components(separatedBy: "default").count == 2, "one default: \(jobs)")
        let completion = try Self.attache(["--generate-completion-script", "bash"], in: folder)
        #expect(completion.status == 0)
        #expect(completion.output.contains("_attache") && completion.output.contains("eject"))
    }

    @Test func coloursOnlyWhenAskedForAndNeverWithNoColor() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Standard error is a pipe here: no colours.
        let plain = try Self.attache(["build"], in: folder)
        #expect(plain.status == 1)
        #expect(plain.errors.contains("Content: error: content folder does not exist (name it with --content, or start a site with `attache init`)"), "\(plain.errors)")
        #expect(!plain.errors.contains("\u{1B}["))
        let forced = try Self.attache(["build"], in: folder, environment: ["CLICOLOR_FORCE": "1"])
        #expect(forced.errors.contains("\u{1B}[1mContent:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m content folder"), "\(forced.errors)")
        let noColor = try Self.attache(["build"], in: folder, environment: ["CLICOLOR_FORCE": "1", "NO_COLOR": "1"])
        #expect(!noColor.errors.contains("\u{1B}["))
    }

    @Test func initOnlyAddsMissingFilesAndNeverOverwrites() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A folder with the user's README and notes: init adds the site beside them.
        try "# Mine\n".write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        try "todo\n".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
        let first = try Self.attache(["init"], in: folder)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("  README.md (already there; kept as it was)"))
        #expect(try String(contentsOfFile: folder + "/README.md", encoding: .utf8) == "# Mine\n")
        // Run again: it is a site now, and nothing is touched.
        let before = try String(contentsOfFile: folder + "/Content/site.yml", encoding: .utf8)
        let again = try Self.attache(["init", "--title", "Other"], in: folder)
        #expect(again.status == 1)
        #expect(again.errors.contains("already holds a site (Content/site.yml); nothing was written"), "\(again.errors)")
        #expect(try String(contentsOfFile: folder + "/Content/site.yml", encoding: .utf8) == before)

        // One file in the way: nothing at all is written.
        let other = folder + "/other"
        try FileManager.default.createDirectory(atPath: other + "/Content/notes", withIntermediateDirectories: true)
        try "mine\n".write(toFile: other + "/Content/notes/kinds-and-relations.md", atomically: true, encoding: .utf8)
        let refused = try Self.attache(["init", "other"], in: folder)
        #expect(refused.status == 1)
        #expect(refused.errors.contains("other already has Content/notes/kinds-and-relations.md; init only adds missing files, so nothing was written"), "\(refused.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: other).sorted() == ["Content"])
        #expect(try String(contentsOfFile: other + "/Content/notes/kinds-and-relations.md", encoding: .utf8) == "mine\n")
    }

    @Test func themeEjectWritesTheBuiltInThemeAndNeverReplacesAFile() throws {
        let folder = try Self.emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.attache(["init", "--vault"], in: folder).status == 0)
        let ejected = try Self.attache(["theme", "eject"], in: folder + "/Content")
        #expect(ejected.status == 0, "\(ejected.errors)")
        #expect(ejected.output.hasPrefix("Wrote \(BuiltInThemeFiles.count) files of the built-in theme to "), "\(ejected.output)")
        #expect(Theme.listFiles(folder + "/Templates") == Theme.listFiles(TestSite.defaultTemplates))
        try "body { color: teal }\n".write(toFile: folder + "/Templates/assets/style.css", atomically: true, encoding: .utf8)
        let again = try Self.attache(["theme", "eject"], in: folder)
        #expect(again.output == "Wrote 0 files of the built-in theme to Templates/ (\(BuiltInThemeFiles.count - 1) already there, the same)\n"
                + "Kept 1 file that differs from the built-in theme:\n  Templates/assets/style.css\n")
        #expect(try String(contentsOfFile: folder + "/Templates/assets/style.css", encoding: .utf8) == "body { color: teal }\n")
        // The ejected (and changed) theme is used.
        #expect(try Self.attache(["build"], in: folder).status == 0)
        #expect(try String(contentsOfFile: folder + "/Output/assets/style.css", encoding: .utf8) == "body { color: teal }\n")
    }
}

/// The built-in theme's file count, for messages that state it.
enum BuiltInThemeFiles {
    static var count: Int { Theme.builtIn.files.count }
}

/// The version string `attache --version` should print for cmark-gfm.
enum MarkdownVersion {
    static var linked: String { SiteBuilder.markdownLibraryVersion }
}

/// `attache serve` running as its own process, its output read line by line.
final class ServedBinary: @unchecked Sendable {
    let process = Process()
    let lines = LineCollector()
    private var stopped: Int32?

    init(_ arguments: [String], in folder: String, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: OutputSafetyTests.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        process.environment = merged
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let lines = lines
        Thread {
            var pending = Data()
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending += chunk
                while let newline = pending.firstIndex(of: 0x0A) {
                    lines.add(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending = Data(pending[(newline + 1)...])
                }
            }
        }.start()
    }

    /// The port from "Serving on http://127.0.0.1:PORT/", within ten seconds.
    func waitForPort() -> UInt16? {
        for _ in 0..<400 {
            if let line = lines.all.first(where: { $0.hasPrefix("Serving on http://127.0.0.1:") }) {
                let rest = line.dropFirst("Serving on http://127.0.0.1:".count)
                return UInt16(rest.prefix { $0.isNumber })
            }
            if !process.isRunning { return nil }
            Thread.sleep(forTimeInterval: 0.025)
        }
        return nil
    }

    func get(_ path: String, port: UInt16) async throws -> (status: Int, body: String) {
        try await offThePool {
            let client = try LoopbackClient(port: port)
            try client.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            let (status, _) = client.responseHead()
            return (status, String(decoding: client.bodyUntilClosed(), as: UTF8.self))
        }
    }

    /// SIGTERM, then the exit status (0 when it stopped cleanly).
    @discardableResult
    func stop() -> Int32 {
        if let stopped { return stopped }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        stopped = process.terminationStatus
        return process.terminationStatus
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Data?
    func set(_ data: Data) { lock.withLock { stored = data } }
    var isSet: Bool { lock.withLock { stored != nil } }
    var data: Data { lock.withLock { stored ?? Data() } }
}
