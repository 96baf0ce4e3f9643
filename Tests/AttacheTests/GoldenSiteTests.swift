@testable import AttacheModel
@testable import AttacheSite
import Foundation
import Testing

/// The complete output of a small fixture site (Tests/Fixtures/golden-site),
/// compared byte for byte with the copy checked in beside it. A change that
/// moves any byte of any page, feed, index or asset shows up here as a diff
/// to review; `make golden` rewrites the copy on purpose.
@Suite("Golden site")
struct GoldenSiteTests {
    static let fixture = TestSite.repositoryRoot + "/Tests/Fixtures/golden-site"
    static let expected = fixture + "/Expected"
    static let updating = ProcessInfo.processInfo.environment["ATTACHE_UPDATE_GOLDEN"] == "1"

    /// Every file below a folder that a build generates, relative to it, with
    /// its bytes (hidden files too). The theme's and site's `assets/` are
    /// copied byte for byte from files already in the repository: left out.
    static func files(in folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return files }
        while let relative = enumerator.nextObject() as? String {
            if relative.hasPrefix("assets/") { continue }
            if FileSystem.type(atPath: folder + "/" + relative) == .file {
                files[relative] = FileManager.default.contents(atPath: folder + "/" + relative)
            }
        }
        return files
    }

    @Test func theFixtureSiteIsByteIdenticalToItsCheckedInOutput() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("attache-golden-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var options = BuildOptions(contentDirectory: Self.fixture + "/Content", templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: output, jobs: 2)
        options.buildDate = "2026-01-01T00:00:00Z"
        let report = SiteBuilder(options: options, workingDirectory: Self.fixture).run()
        #expect(report.diagnostics.sorted.map(\.description) == [])
        let built = Self.files(in: output)
        #expect(built.count > 20, "the fixture builds a whole site")
        if Self.updating {
            try? FileManager.default.removeItem(atPath: Self.expected)
            for (path, bytes) in built {
                let url = URL(fileURLWithPath: Self.expected + "/" + path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: url)
            }
            return
        }
        let expected = Self.files(in: Self.expected)
        #expect(!expected.isEmpty, "no checked-in output: run `make golden`")
        #expect(built.keys.sorted() == expected.keys.sorted(), "the set of files changed (review, then `make golden`)")
        for path in built.keys.sorted() where expected[path] != nil && built[path] != expected[path] {
            let now = String(decoding: built[path]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let was = String(decoding: expected[path]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(now, was)).firstIndex { $0 != $1 } ?? min(now.count, was.count)
            Issue.record("""
            \(path) differs from the checked-in output at line \(line + 1) (review, then `make golden`):
              expected: \(line < was.count ? String(was[line].prefix(200)) : "<end of file>")
              built:    \(line < now.count ? String(now[line].prefix(200)) : "<end of file>")
            """)
        }
    }
}
