import Foundation
import AttacheSite

/// The first build's pages while it writes them (see EarlyPages), for the
/// file handler, which must not wait for the live site: that actor is busy
/// with the build until it ends.
final class EarlyPagesHolder: @unchecked Sendable {
    // @unchecked: every field is read and written under `lock`.
    private let lock = NSLock()
    private var pages: EarlyPages?
    private var isClosed = false
    private var pageCount = 0

    /// Keeps the pages unless the first build already ended; whether it kept them.
    func publish(_ pages: EarlyPages) -> Bool {
        lock.withLock {
            guard !isClosed else { return false }
            self.pages = pages
            pageCount = pages.pageCount
            return true
        }
    }

    /// The first build ended: from now on pages come from the output folder.
    func close() {
        lock.withLock {
            isClosed = true
            pages = nil
        }
    }

    var current: EarlyPages? { lock.withLock { pages } }

    /// How many pages the first build was writing when it published them
    /// (0 if it never did), still known after it ended or was stopped.
    var publishedPageCount: Int { lock.withLock { pageCount } }
}
