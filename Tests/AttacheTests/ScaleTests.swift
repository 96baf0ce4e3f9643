import AttacheBenchKit
@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// Memory that grows with the work in flight, not with the site: the real
/// executable builds two generated corpora, and the difference of their
/// peak memory per entry is bounded. No time is asserted.
@Suite("Memory at scale")
struct ScaleTests {
    /// Peak memory added per entry (KiB), measured between a small and a
    /// larger corpus so the executable's fixed size cancels out. A debug
    /// build measured 8.1–8.9 KiB, and 12.1–12.4 once sources, dated
    /// relations and timelines joined the corpus and the pages (JSON-LD,
    /// references); builds that held every body's Markdown and HTML, and
    /// every body's words for the search index, took 27.
    static let kibPerEntryBound = 15.0

    /// The peak memory `attache build --timings` reports for its own process.
    static func peakMiB(building content: String, into output: String) throws -> Double {
        let (status, errors) = try OutputSafetyTests.run(["build", "--content", content, "--templates", TestSite.defaultTemplates,
                                                          "--output", output, "--timings", "--jobs", "2"])
        #expect(status == 0, "\(errors.suffix(2000))")
        let line = try #require(errors.split(separator: "\n").first { $0.hasPrefix("peak memory ") }, "no peak memory line in: \(errors.suffix(500))")
        return try #require(Double(line.dropFirst("peak memory ".count).split(separator: " ").first ?? ""))
    }

    @Test func peakMemoryPerEntryIsBounded() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("attache-scale-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (small, large) = (400, 2000)
        try CorpusGenerator(entryCount: small).write(to: work + "/content-small")
        try CorpusGenerator(entryCount: large).write(to: work + "/content-large")
        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        let smallPeak = try Self.peakMiB(building: work + "/content-small", into: work + "/out/small")
        let largePeak = try Self.peakMiB(building: work + "/content-large", into: work + "/out/large")
        let perEntry = (largePeak - smallPeak) * 1024 / Double(large - small)
        #expect(perEntry < Self.kibPerEntryBound, "peak memory grew by \(perEntry) KiB per entry (\(smallPeak) MiB for \(small) entries, \(largePeak) MiB for \(large))")
        // The bodies waited in files with no name: nothing but the outputs is beside them.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work + "/out").sorted() == ["large", "small"])
    }

    /// A plain build keeps per term only the postings its shard can write;
    /// the files must be the bytes of an index that keeps them all.
    @Test func cappedPostingsWriteTheSameSearchFiles() {
        var generator = SeededGenerator(seed: 24)
        let words = ["common", "rare", "middle", "alias", "heading", "other"]
        let documents = (0..<2_600).map { n -> SearchIndex.Document in
            // "common" is in every body and in 1,300 titles (more title
            // matches than the cap), "alias" in 1,100 aliases.
            var body = ""
            for _ in 0..<Int.random(in: 1...14, using: &generator) { body += "common " }
            for _ in 0..<Int.random(in: 0...3, using: &generator) { body += words[Int.random(in: 0..<words.count, using: &generator)] + " " }
            return SearchIndex.Document(title: n % 2 == 0 ? "Common \(n)" : "Entry \(n)", url: "e/\(n)/", kind: "Kind",
                                        summary: n % 7 == 0 ? "middle rare" : "", aliases: n % 3 != 2 && n < 1_650 ? ["alias \(n)"] : [],
                                        headings: n % 5 == 0 ? ["Heading middle"] : [], text: Array(body.utf8))
        }
        let kept = SearchIndex(documents: documents, jobs: 2, keepsDocumentTerms: true)
        let capped = SearchIndex(documents: documents, jobs: 2, keepsDocumentTerms: false)
        let keptFiles = kept.files(jobs: 2)
        #expect(keptFiles.map(\.0) == capped.files(jobs: 2).map(\.0))
        #expect(keptFiles.elementsEqual(capped.files(jobs: 2)) { $0.0 == $1.0 && $0.1 == $1.1 })
        // Handed over one by one, they are the same files again.
        let lock = NSLock()
        var streamed: [String: String] = [:]
        capped.forEachFile(jobs: 2) { path, text in lock.withLock { streamed[path] = text } }
        #expect(streamed == Dictionary(uniqueKeysWithValues: keptFiles.map { ($0.0, $0.1) }))
    }
}
