@testable import AttacheServe
@testable import AttacheModel
@testable import AttacheSite
import FlyingFox
import Foundation
import Testing

/// A large site is served while its first build writes it: every page the
/// build writes can be rendered on demand to the same bytes, and only
/// assets and attachments (complete before the first page) come from the
/// staging folder.
@Suite("Pages served during the first build")
struct EarlyPagesTests {
    /// What the callback saw while the build ran.
    final class Seen: @unchecked Sendable {
        // @unchecked: written once by the build's callback, read after the build returns.
        var pages: EarlyPages?
        var stylesheetWasStaged = false
        var sitemapIsOffered = true
        var homeWhileBuilding: HTTPResponse?
    }

    @Test func everyPageRenderedOnDemandIsTheWrittenPage() async throws {
        var files = GraphTests.files
        files["Content/assets/diagram.svg"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let seen = Seen()
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                   outputDirectory: site.path("Live"), jobs: 2)
        options.publishesEarlyPages = { pages in
            seen.pages = pages
            seen.stylesheetWasStaged = pages.staticFile("assets/style.css").map(FileManager.default.fileExists) ?? false
            seen.sitemapIsOffered = pages.staticFile("sitemap.xml") != nil
            seen.homeWhileBuilding = OutputFileHandler.earlyResponse([], from: pages)
        }
        // A live server's build: bodies stay in memory, so pages can be rendered after it too.
        let report = IncrementalSite(options: options, workingDirectory: site.root.path).rebuild()
        #expect(report.errors == [])
        let pages = try #require(seen.pages)
        #expect(seen.stylesheetWasStaged, "assets are copied before the first page")
        #expect(!seen.sitemapIsOffered, "data files are written beside the pages and may be half written")
        let response = try #require(seen.homeWhileBuilding)
        #expect(response.statusCode == .ok)
        let home = String(decoding: try await response.bodyData, as: UTF8.self)
        #expect(home.contains("<script src=\"/__attache/live.js\" data-version=\"0\"></script>"))

        let written = site.snapshot("Live").filter { $0.key.hasSuffix(".html") }
        #expect(written.count == pages.pageCount)
        for (file, bytes) in written {
            let rendered = try #require(pages.page(atFile: file), "no page for \(file)")
            #expect(Data(rendered) == bytes, "\(file) rendered on demand differs from the written page")
        }
        #expect(pages.page(atFile: "sitemap.xml") == nil)
        #expect(pages.page(atFile: "nowhere/index.html") == nil)
        // Addresses as a browser asks for them: a folder, its index.html, never a hidden name or `..`.
        let folderPage = try #require(written.keys.first { $0.hasSuffix("/index.html") && $0.split(separator: "/").count == 3 })
        let folder = folderPage.dropLast("/index.html".count).split(separator: "/")
        #expect(OutputFileHandler.earlyResponse(folder, from: pages)?.statusCode == .ok)
        #expect(OutputFileHandler.earlyResponse(folderPage.split(separator: "/"), from: pages)?.statusCode == .ok)
        #expect(OutputFileHandler.earlyResponse(["..", "etc", "passwd"], from: pages) == nil)
        #expect(OutputFileHandler.earlyResponse([".git", "HEAD"], from: pages) == nil)
        // Content files are never published; data files wait for the build.
        #expect(OutputFileHandler.earlyResponse(["site.yml"], from: pages)?.statusCode == .notFound)
        #expect(OutputFileHandler.earlyResponse(["strategies", "training.md"], from: pages)?.statusCode == .notFound)
        #expect(OutputFileHandler.earlyResponse(["graph.json"], from: pages) == nil)
        #expect(OutputFileHandler.earlyResponse(["search", "meta.json"], from: pages) == nil)
    }

    /// After the first build ends the holder hands out nothing more, and a
    /// later build's pages are not taken.
    @Test func theHolderClosesWhenTheFirstBuildEnds() throws {
        let holder = EarlyPagesHolder()
        let pages = EarlyPages(stagingFolder: "/nonexistent", files: ["index.html"], staticFiles: []) { _ in Array("<html></html>".utf8) }
        #expect(holder.publish(pages))
        #expect(holder.current?.page(atFile: "index.html") == Array("<html></html>".utf8))
        holder.close()
        #expect(holder.current == nil)
        #expect(!holder.publish(pages))
        #expect(holder.current == nil)
    }
}
