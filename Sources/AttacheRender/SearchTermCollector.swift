import Foundation
import AttacheModel
import AttacheBytes

/// Scores each entry for the search index while its body is parsed, so a
/// build keeps a few bytes per distinct term of an entry instead of the
/// words of every body until the index is built (at 100,000 entries, half a
/// gigabyte of text). Safe to call from many threads at once.
///
/// Each thread borrows a `TermScorer` (with its own term table, reused from
/// one entry to the next) and names its terms by ids of one table shared by
/// the whole build; a scorer remembers the shared id of each of its terms,
/// so the lock is taken only for terms that scorer has not seen before.
/// Which id a term gets depends on the order threads meet it; nothing the
/// index writes does (terms are written sorted, postings in entry order).
package final class SearchTermCollector: @unchecked Sendable {
    // @unchecked: `table` and `idle` are read and written under `lock`; a
    // `Worker` is used by one thread at a time (taken from `idle` and put back).
    private let lock = NSLock()
    private var table = ByteInterner()
    private var idle: [Worker] = []

    private final class Worker {
        var scorer = TermScorer()
        /// The shared id of each of the scorer's term ids (-1: not looked up yet).
        var shared: [Int32] = []
    }

    /// One document's terms (shared ids) and their scores (1 to 100), in first-use order.
    package struct Scored: Sendable {
        var terms: [UInt32] = []
        var scores: [UInt8] = []

        package init() {}
    }

    package init() {}

    package func score(_ document: SearchIndex.Document) -> Scored {
        let worker = lock.withLock { idle.popLast() } ?? Worker()
        defer { lock.withLock { idle.append(worker) } }
        let scored = worker.scorer.score(document)
        if worker.shared.count < worker.scorer.table.count {
            worker.shared += repeatElement(-1, count: worker.scorer.table.count - worker.shared.count)
        }
        if scored.contains(where: { worker.shared[$0.term] < 0 }) {
            lock.withLock {
                for (term, _) in scored where worker.shared[term] < 0 {
                    worker.shared[term] = Int32(table.intern(term, of: worker.scorer.table))
                }
            }
        }
        var result = Scored()
        result.terms.reserveCapacity(scored.count)
        result.scores.reserveCapacity(scored.count)
        for (term, score) in scored {
            result.terms.append(UInt32(worker.shared[term]))
            result.scores.append(UInt8(clamping: score))
        }
        return result
    }

    /// Every term seen, by shared id; call once scoring is over.
    package var terms: [String] {
        lock.withLock { (0..<table.count).map(table.string) }
    }
}
