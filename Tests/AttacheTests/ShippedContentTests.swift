@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// Quality gates for the knowledge base the project ships: a content edit
/// that breaks it fails the test suite.
@Suite("The shipped knowledge base")
struct ShippedContentTests {
    static let requiredKinds = ["strategy", "organization", "case-study", "challenge", "trend", "state", "impact"]

    @Test func buildsWithoutAnyErrorOrWarningAndIsWellConnected() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-shipped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/Content", templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: output, jobs: 2)
        let report = SiteBuilder(options: options, workingDirectory: TestSite.repositoryRoot).run()
        #expect(report.lines == [])
        #expect(report.entryCount >= 45)

        // The sample summary lines in README and docs are this build's, not made up.
        let real = report.summaryLine.replacingOccurrences(of: #" in [0-9.]+ s$"#, with: " in ", options: .regularExpression)
        for document in ["README.md", "docs/command-line.md"] {
            let text = try String(contentsOfFile: TestSite.repositoryRoot + "/" + document, encoding: .utf8)
            let samples = text.matches(of: #/Built [0-9]+ pages from [0-9]+ entries[^`]* in /#).map { String($0.output) }
            #expect(!samples.isEmpty, "\(document) shows no summary line")
            for sample in samples { #expect(sample == real, "\(document) says `\(sample)…`; a build of Content/ says `\(real)…`") }
        }

        let data = try #require(FileManager.default.contents(atPath: output + "/graph.json"))
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try #require(graph["nodes"] as? [[String: Any]])
        let edges = try #require(graph["edges"] as? [[String: Any]])
        var outgoing: [String: Set<String>] = [:]
        var incoming: [String: Set<String>] = [:]
        for edge in edges {
            let source = edge["source"] as? String ?? "", target = edge["target"] as? String ?? ""
            outgoing[source, default: []].insert(target)
            incoming[target, default: []].insert(source)
        }
        for node in nodes {
            let slug = node["slug"] as? String ?? ""
            #expect(outgoing[slug, default: []].count >= 2, "\(slug) links to fewer than two entries")
            #expect(!incoming[slug, default: []].isEmpty, "nothing links to \(slug)")
        }
        let kinds = Set(nodes.compactMap { $0["kind"] as? String })
        for kind in Self.requiredKinds {
            #expect(kinds.contains(kind), "no entries of kind \(kind)")
        }
    }

    @Test func everyEntryHasASummaryAndEnoughWords() throws {
        let root = TestSite.repositoryRoot + "/Content"
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var count = 0
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".md"), !path.hasPrefix("assets/") else { continue }
            let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
            guard case .success(let split) = FrontMatterSplitter.split(text) else {
                Issue.record("\(path) has no front matter")
                continue
            }
            count += 1
            #expect(split.yaml.contains("\nsummary:") || split.yaml.hasPrefix("summary:"), "\(path) has no summary")
            let words = split.body.split(whereSeparator: { $0.isWhitespace }).count
            #expect(words >= 150, "\(path) has \(words) words")
            let wikiLinks = WikiLinkScanner.scan(split.body).count
            #expect(wikiLinks >= 2, "\(path) has \(wikiLinks) wiki-links")
        }
        #expect(count >= 45)
    }

    @Test func everyEntryIsWithinTwoClicksOfTheHomePage() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-clicks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let options = BuildOptions(contentDirectory: TestSite.repositoryRoot + "/Content", templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: output, jobs: 2)
        #expect(SiteBuilder(options: options, workingDirectory: TestSite.repositoryRoot).run().succeeded)
        let home = try String(contentsOfFile: output + "/index.html", encoding: .utf8)
        let data = try #require(FileManager.default.contents(atPath: output + "/graph.json"))
        let graph = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let urls = (graph["nodes"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
        // The home page shows a few entries per kind and links each kind's index, which lists them all.
        let kindIndexes = (graph["kinds"] as? [[String: Any]] ?? []).compactMap { $0["folder"] as? String }.map { folder -> String in
            #expect(home.contains("href=\"/\(folder)/\""), "the kind index \(folder)/ is not linked from the home page")
            return (try? String(contentsOfFile: output + "/" + folder + "/index.html", encoding: .utf8)) ?? ""
        }
        for url in urls {
            #expect(home.contains("href=\"\(url)\"") || kindIndexes.contains { $0.contains("href=\"\(url)\"") },
                    "\(url) is not linked from the home page or a kind index it links")
        }
    }
}
