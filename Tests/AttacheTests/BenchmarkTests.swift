import AttacheBenchKit
@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// The benchmark is for people to run (`make bench`); the suite only checks
/// that it works on a small corpus. No timing is asserted: the machine is shared.
@Suite("The benchmark")
struct BenchmarkTests {
    @Test func generatedCorpusBuildsCleanly() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("attache-bench-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let result = try BenchmarkRun(entryCount: 40, templates: TestSite.defaultTemplates, jobs: 2, workDirectory: work).run()
        #expect(result.errors == 0)
        #expect(result.entries == 40)
        #expect(result.pages > 40)
        #expect(result.report.contains("40 entries"))
        // The corpus uses every link form, so resolving it exercises them all.
        let graph = try String(contentsOfFile: work + "/output-40/graph.json", encoding: .utf8)
        #expect(graph.contains("\"type\":\"mention\""))
        #expect(graph.contains("\"type\":\"relation\""))
        // Sources and time in a share of entries: citations, dated relations, the timeline.
        #expect(graph.contains("\"type\":\"cites\""))
        #expect(graph.contains("\"from\":\""))
        #expect(graph.contains("\"source\":{"))
        #expect(FileManager.default.fileExists(atPath: work + "/output-40/timeline/index.html"))
    }

    @Test func theCorpusBuildsWithoutWarningsAtAnySize() throws {
        // Every source cited, every dated relation in order, nothing stale: a clean check at 300 entries
        // (but for what the generator always did: orphans, and a theme drawn twice).
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("attache-corpus-check-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        try CorpusGenerator(entryCount: 300).write(to: work)
        let report = SiteBuilder(options: BuildOptions(contentDirectory: work, templatesDirectory: TestSite.defaultTemplates,
                                                       outputDirectory: work + "-out", jobs: 2, writesOutput: false)).run()
        #expect(report.diagnostics.sorted.map(\.description).filter { !$0.contains("orphan") && !$0.contains("twice in `themes`") } == [])
    }

    @Test func generatedVaultBuildsCleanlyWithoutSettings() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("attache-bench-vault-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let result = try BenchmarkRun(entryCount: 60, templates: TestSite.defaultTemplates, jobs: 2, workDirectory: work, vault: true).run()
        #expect(result.errors == 0)
        #expect(result.entries == 60)
        #expect(!FileManager.default.fileExists(atPath: work + "/vault-60/site.yml"))
        #expect(!FileManager.default.fileExists(atPath: work + "/vault-60/taxonomy.yml"))
        // Names with spaces and capitals, tags, attachments copied.
        let graph = try String(contentsOfFile: work + "/vault-output-60/graph.json", encoding: .utf8)
        #expect(graph.contains("\"type\":\"mention\""))
        #expect(FileManager.default.fileExists(atPath: work + "/vault-output-60/tags/index.html"))
        #expect(FileManager.default.fileExists(atPath: work + "/vault-output-60/attachments/photo 0.png"))
        #expect(FileManager.default.fileExists(atPath: work + "/vault-output-60/case-studies/archive-2023/index.html") == false)
    }

    @Test func sameSeedSameCorpus() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attache-corpus-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try CorpusGenerator(entryCount: 25).write(to: base + "/a")
        try CorpusGenerator(entryCount: 25).write(to: base + "/b")
        let a = try FileManager.default.subpathsOfDirectory(atPath: base + "/a").sorted()
        #expect(a.count > 25)
        for path in a {
            #expect(FileManager.default.contents(atPath: base + "/a/" + path) == FileManager.default.contents(atPath: base + "/b/" + path))
        }
    }
}
