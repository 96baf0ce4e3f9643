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
