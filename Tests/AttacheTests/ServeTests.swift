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
        let served = String(decoding: OutputFileHandler.injectReloadScript(into: Data(built.utf8)), as: UTF8.self)
        #expect(served.contains("<script src=\"/__attache/live.js\"></script>\n</body>"))
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
        #expect(text.hasPrefix("---\ntitle: \"Opération Barkhane\"\nsummary: \"\"\ndraft: true"))
        #expect(text.contains("\nstrategies: []"))
        #expect(text.contains("# slugs of strategy entries, at least 1"))
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
