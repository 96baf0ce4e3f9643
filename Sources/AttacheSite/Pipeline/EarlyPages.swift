import Foundation
import AttacheModel

/// The pages of a build that is still writing them, for a live server to
/// answer from before the build ends: any page is rendered on demand from
/// the build's models and templates, to the bytes the build writes (a file
/// in the staging folder may be half written), and assets and attachments,
/// copied before the first page, are read from the staging folder. `attache
/// serve` asks for it on its first build of a large site (see
/// BuildOptions.publishesEarlyPages); it is valid until that build returns.
public final class EarlyPages: @unchecked Sendable {
    // @unchecked: every field is set once here and only read; `renderPage`
    // reads the build's models and compiled templates, which nothing changes
    // once pages are rendered, as the page threads do beside it.
    /// The build's staging folder.
    public let stagingFolder: String
    /// How many pages the build writes.
    public let pageCount: Int
    private let pageAtFile: [String: Int]
    /// Assets and attachments: complete in the staging folder before any page is written.
    private let staticFiles: Set<String>
    private let renderPage: (Int) -> [UInt8]?

    init(stagingFolder: String, files: [String], staticFiles: Set<String>, renderPage: @escaping (Int) -> [UInt8]?) {
        self.stagingFolder = stagingFolder
        self.pageCount = files.count
        self.staticFiles = staticFiles
        var pageAtFile: [String: Int] = [:]
        pageAtFile.reserveCapacity(files.count)
        for (i, file) in files.enumerated() where pageAtFile[file] == nil { pageAtFile[file] = i }
        self.pageAtFile = pageAtFile
        self.renderPage = renderPage
    }

    /// The page the build writes to `file` (relative to the output folder,
    /// `strategies/nato/index.html`), rendered now; nil when the build
    /// writes no page there (an asset, a data file, an unknown address).
    public func page(atFile file: String) -> [UInt8]? {
        pageAtFile[file].flatMap(renderPage)
    }

    /// Where an asset or attachment the build copied is, in the staging
    /// folder; nil for any other file (pages and data files may be half
    /// written until the build ends).
    public func staticFile(_ file: String) -> String? {
        staticFiles.contains(file) ? stagingFolder + "/" + file : nil
    }

    /// Whether the build writes this file beside or after its pages (the
    /// data files of WriteStep and the search index's files): a request for
    /// one waits for the build. Any other address that is neither a page nor
    /// a static file is not in the site.
    public func isWrittenLater(_ file: String) -> Bool {
        ["sitemap.xml", "feed.xml", "robots.txt", "graph.json"].contains(file) || file.hasPrefix("search/") || file.hasPrefix("previews/")
    }

    /// Whether the build writes a page there.
    public func hasPage(atFile file: String) -> Bool { pageAtFile[file] != nil }
}
