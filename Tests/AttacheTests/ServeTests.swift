@testable import AttacheServe
@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite("The editing loop")
struct ServeTests {
    /// What a page is told over the socket, byte for byte (search.js and
    /// the overlay script read these): one JSON writer makes every message.
    @Test func socketMessagesAreExactlyTheseBytes() {
        var report = BuildReport(diagnostics: DiagnosticLog(), entryCount: 2, pagesWritten: 0, seconds: 0.1)
        report.diagnostics.add(.error("x \"quoted\" <b>", at: SourceLocation(path: "Content/a.md", line: 2, column: 5), stage: .load))
        report.diagnostics.add(.warning("y\nz", at: .whole("Content/b"), stage: .link))
        let text = OverlayMessage.errors(report, version: 3, editorURL: nil, readableFolders: [], workingDirectory: "/nowhere")
        #expect(text == #"{"type":"errors","version":3,"first":false,"report":{"errors":1,"warnings":1,"diagnostics":["#
            + #"{"severity":"error","path":"Content/a.md","line":2,"column":5,"message":"x \"quoted\" \u003cb>","stage":"load"},"#
            + #"{"severity":"warning","path":"Content/b","line":null,"column":null,"message":"y\nz","stage":"link"}]}}"#)
        let empty = OverlayMessage.errors(BuildReport(diagnostics: DiagnosticLog(), entryCount: 0, pagesWritten: 0, seconds: 0),
                                          version: 0, editorURL: nil, readableFolders: [])
        #expect(empty == #"{"type":"errors","version":0,"first":true,"report":{"errors":0,"warnings":0,"diagnostics":[]}}"#)
        #expect(ReloadMessage.reload(version: 12) == #"{"type":"reload","version":12}"#)
        #expect(ReloadMessage.hello(version: 0) == #"{"type":"hello","version":0}"#)
    }

    /// After every edit, addition, rename and deletion, the served build is
    /// byte-for-byte what a clean `attache build` of the same content writes.
    @Test func liveRebuildsEqualCleanBuildsThroughASequenceOfEdits() async throws {
        let site = try TestSite(GraphTests.files)
        defer { site.remove() }
        let live = LiveSite(options: BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                                  outputDirectory: site.path("Live"), jobs: 2))
        func expectSameAsCleanBuild(_ step: String) async {
            let clean = site.build(output: "Clean")
            let served = await live.rebuild()
            #expect(served.succeeded == clean.succeeded, "\(step)")
            let a = site.snapshot("Live").filter { $0.key != ".attache-output" }
            let b = site.snapshot("Clean").filter { $0.key != ".attache-output" }
            #expect(!a.isEmpty && a == b, "\(step): served output differs from a clean build")
        }
        await expectSameAsCleanBuild("first build")
        try site.write(entry("Training", "summary: Drills and more.", body: "Used by [[nato]] and [[au]]."), to: "Content/strategies/training.md")
        await expectSameAsCleanBuild("body and summary edit")
        try site.write(entry("Diplomacy", "regions: [Europe]", body: "See [[training]]."), to: "Content/strategies/diplomacy.md")
        await expectSameAsCleanBuild("new entry")
        try FileManager.default.moveItem(atPath: site.path("Content/strategies/diplomacy.md"), toPath: site.path("Content/strategies/statecraft.md"))
        await expectSameAsCleanBuild("rename")
        #expect(!site.exists("Live/strategies/diplomacy/index.html"))
        try FileManager.default.removeItem(atPath: site.path("Content/strategies/statecraft.md"))
        try site.write(entry("North Atlantic Treaty Organization", "aliases: [NATO]\nruns: [peacekeeping]"), to: "Content/organizations/nato.md")
        await expectSameAsCleanBuild("deletion and relation change")
        let before = site.snapshot("Live")
        try FileManager.default.removeItem(atPath: site.path("Content/organizations/au.md"))
        let broken = await live.rebuild()
        #expect(!broken.succeeded)
        #expect(site.snapshot("Live") == before, "a failed build must leave the served site alone")
        #expect(await live.message().hasPrefix("{\"type\":\"errors\""))
    }

    @Test func servedPagesGetTheReloadScriptAndBuiltPagesDoNot() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        #expect(site.build().succeeded)
        let built = try #require(site.read("Output/strategies/a/index.html"))
        #expect(!built.contains("__attache"))
        let served = String(decoding: OutputFileHandler.injectReloadScript(into: Data(built.utf8), version: 3), as: UTF8.self)
        #expect(served.contains("<script src=\"/__attache/live.js\" data-version=\"3\"></script>\n</body>"))
    }

    @Test func serverServesPagesAndRebuildsOnChange() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "First.")])
        defer { site.remove() }
        let port = UInt16.random(in: 20_000...40_000)
        let server = try DevServer(settings: .init(content: site.path("Content"), templates: TestSite.defaultTemplates,
                                                   host: "127.0.0.1", port: port, includeDrafts: false, jobs: 2))
        let lines = LineCollector()
        let task = Task { try await server.run { lines.add($0) } }
        defer { task.cancel() }
        func fetch(_ path: String) async throws -> (Int, String) {
            let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        var page = (0, "")
        for _ in 0..<100 {
            if let result = try? await fetch("/strategies/a/"), result.0 == 200 { page = result; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(page.0 == 200)
        #expect(page.1.contains("First."))
        #expect(page.1.contains("/__attache/live.js"))
        #expect(try await fetch("/missing/").0 == 404)
        try site.write(entry("A", body: "Second."), to: "Content/strategies/a.md")
        var updated = false
        for _ in 0..<100 {
            if let result = try? await fetch("/strategies/a/"), result.1.contains("Second.") { updated = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(updated, "the page was not rebuilt after the edit: \(lines.all)")
        // The watcher named the file, so only that entry was redone (the log
        // line follows the reload announcement).
        var incremental = false
        for _ in 0..<40 {
            if lines.all.contains(where: { $0.contains("(updated ") && $0.contains("announced") }) { incremental = true; break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(incremental, "expected an incremental update: \(lines.all)")
        // Waits for the server to remove its folder before the process may end.
        task.cancel()
        _ = try? await task.value
    }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

@Suite("attache new")
struct NewEntryTests {
    @Test func writesAnEntryWithTheKindsRelationsAndFacetsToFillIn() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        let path = try NewEntry.create(kind: "case-study", title: "Opération Barkhane", contentDirectory: site.path("Content"))
        #expect(path.hasSuffix("Content/case-studies/operation-barkhane.md"))
        let text = try #require(site.read("Content/case-studies/operation-barkhane.md"))
        #expect(text.hasPrefix("---\ntitle: \"Opération Barkhane\"\nsummary: \"\"                 # one sentence"))
        #expect(text.contains("\ndraft: true                 # serve shows drafts, build leaves them out"))
        #expect(text.contains("\nstrategies: []"))
        #expect(text.contains("# `strategies` is required: at least 1 (slugs of strategy type entries)."))
        #expect(text.contains("\norganizations: []"))
        #expect(text.contains("\nregions: []"))
        // It is a valid entry: the site builds (as a draft it is left out).
        #expect(site.build().errors == [])
    }

    @Test func refusesToReuseASlugOrAnUnknownKind() throws {
        let site = try TestSite(["Content/organizations/nato.md": entry("NATO")])
        defer { site.remove() }
        #expect(throws: NewEntry.Failure.self) { try NewEntry.create(kind: "strategy", title: "NATO", contentDirectory: site.path("Content")) }
        #expect(throws: NewEntry.Failure.self) { try NewEntry.create(kind: "weapon", title: "Tank", contentDirectory: site.path("Content")) }
        #expect(throws: NewEntry.Failure.self) { try NewEntry.create(kind: "strategy", title: "!!!", contentDirectory: site.path("Content")) }
        #expect(site.read("Content/organizations/nato.md") == entry("NATO"))
    }

    @Test func refusesASlugTakenByAMarkdownFileOfAnotherExtension() throws {
        let site = try TestSite(["Content/organizations/nato.markdown": entry("NATO")])
        defer { site.remove() }
        #expect(throws: NewEntry.Failure.self) { try NewEntry.create(kind: "strategy", title: "NATO", contentDirectory: site.path("Content")) }
        #expect(!site.exists("Content/strategies/nato.md"))
    }
}

@Suite("The editing loop when the first build fails")
struct ServeFirstBuildTests {
    /// The build version a live-reload message carries, if it is of `type`.
    static func version(in message: String?, type: String) -> Int? {
        guard let message, let match = message.wholeMatch(of: /\{"type":"(\w+)","version":(\d+)\}/),
              match.1 == type else { return nil }
        return Int(match.2)
    }

    /// Before any good build, every page address gets the problems (and the
    /// script that shows them over the page and reloads once they are
    /// fixed), not "Not found"; `--port 0` serves on the port it was given.
    @Test func theFirstFailedBuildShowsItsProblemsAndReloadsWhenFixed() async throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "See [[missing]].")])
        defer { site.remove() }
        var settings = DevServer.Settings(content: site.path("Content"), templates: nil, host: "127.0.0.1", port: 0, includeDrafts: true, jobs: 2)
        settings.editorURL = "editor://{path}?line={line}"
        let server = try DevServer(settings: settings)
        let lines = LineCollector()
        let task = Task { try await server.run { lines.add($0) } }
        var port: UInt16 = 0
        for _ in 0..<400 where port == 0 {
            if let line = lines.all.first(where: { $0.hasPrefix("Serving on http://127.0.0.1:") }) {
                port = UInt16(line.dropFirst("Serving on http://127.0.0.1:".count).prefix { $0.isNumber }) ?? 0
            } else {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        #expect(port != 0, "\(lines.all)")
        #expect(lines.all.contains { $0.contains("\nBuild failed: 1 error, 0 warnings") }, "\(lines.all)")
        let page = try await offThePool { [port] in
            let client = try LoopbackClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            let (status, _) = client.responseHead()
            return (status, String(decoding: client.bodyUntilClosed(), as: UTF8.self))
        }
        #expect(page.0 == 503)
        #expect(page.1.contains("<h1>The site has not built yet</h1>"))
        #expect(page.1.contains("Content/strategies/a.md:4:5: error: wiki-link `[[missing]]` names no entry"))
        #expect(page.1.contains("<script src=\"/__attache/live.js\" data-version=\"0\"></script>"))
        let deeper = try await offThePool { [port] in
            let client = try LoopbackClient(port: port)
            try client.send("GET /strategies/a/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            return client.responseHead().status
        }
        #expect(deeper == 503)

        // A page that connects gets the problems with their source line and
        // editor link; once the file is fixed, it is told to reload.
        let (first, next) = try await offThePool { [port, site] in
            let client = try LoopbackClient(port: port)
            try client.send(LoopbackClient.upgradeRequest(port: port, origin: "http://127.0.0.1:\(port)"))
            _ = client.responseHead()
            let first = client.receiveFrame().map { String(decoding: $0.payload, as: UTF8.self) }
            try site.write(entry("A", body: "Fixed."), to: "Content/strategies/a.md")
            let next = client.receiveFrame().map { String(decoding: $0.payload, as: UTF8.self) }
            return (first, next)
        }
        let message = try #require(first)
        #expect(message.hasPrefix("{\"type\":\"errors\",\"version\":0,\"first\":true,"))
        #expect(message.contains("\"source\":\"See [[missing]].\",\"caret\":4"))
        #expect(message.contains("\"editor\":\"editor://\(FileSystem.absolutePath(site.path("Content/strategies/a.md")))?line=4\""))
        // One save can reach the watcher as more than one change (truncate,
        // then write), so the build that fixed it may be version 1 or later.
        let reloadVersion = try #require(Self.version(in: next, type: "reload"))
        #expect(reloadVersion >= 1)
        let fixed = try await offThePool { [port] in
            let client = try LoopbackClient(port: port)
            try client.send("GET /strategies/a/ HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
            let (status, _) = client.responseHead()
            return (status, String(decoding: client.bodyUntilClosed(), as: UTF8.self))
        }
        #expect(fixed.0 == 200)
        #expect(fixed.1.contains("Fixed."))
        let pageVersion = try #require(fixed.1.firstMatch(of: /data-version="(\d+)"/).flatMap { Int($0.1) })
        #expect(pageVersion >= reloadVersion)
        // A page from an older build learns the version when it connects, and reloads.
        let hello = try await offThePool { [port] in
            let client = try LoopbackClient(port: port)
            try client.send(LoopbackClient.upgradeRequest(port: port, origin: nil))
            _ = client.responseHead()
            return client.receiveFrame().map { String(decoding: $0.payload, as: UTF8.self) }
        }
        #expect(Self.version(in: hello, type: "hello") == pageVersion)
        task.cancel()
        _ = try? await task.value
    }

    @Test func openHandsTheAddressToXdgOpenAndSaysSoWhenThereIsNone() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write("#!/bin/sh\nprintf '%s' \"$1\" > \"\(site.path("opened"))\"\n", to: "bin/xdg-open")
        chmod(site.path("bin/xdg-open"), 0o755)
        #expect(BrowserOpener.open("http://127.0.0.1:9/", environment: ["PATH": site.path("bin")]) == nil)
        var opened: String?
        for _ in 0..<200 where opened == nil || opened == "" {
            opened = site.read("opened")
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(opened == "http://127.0.0.1:9/")
        #expect(BrowserOpener.open("http://127.0.0.1:9/", environment: ["PATH": site.path("empty")])
                == "--open: xdg-open was not found; open http://127.0.0.1:9/ in a browser yourself")
    }
}
