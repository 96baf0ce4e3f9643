import Foundation

/// Maps `0..<count` on `jobs` threads (this one and `jobs - 1` started for
/// the call), keeping results in index order so the output never depends on
/// scheduling. The threads are the call's own, not Dispatch's: work that
/// fills Dispatch's worker pool keeps Swift concurrency's tasks from
/// running, and `attache serve` answers requests with tasks while a build
/// renders its pages (see EarlyPages).
package func parallelMap<T>(_ count: Int, jobs: Int, _ transform: (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let threads = min(jobs, count)
    if threads <= 1 { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Each index is written by exactly one worker; nothing else is shared.
        nonisolated(unsafe) let base = buffer.baseAddress!
        // Many more chunks than threads: workers take the next chunk as they
        // finish, so the last one to finish idles the others for little time
        // (with 8 chunks per thread, the tail of a 10,000-page render left a core idle for ~0.1 s;
        // with 64, the heavy term pages at the end of the list still left ~50 ms).
        let chunks = min(count, jobs * 256)
        let next = ChunkCounter()
        withoutActuallyEscaping(transform) { transform in
            // The caller's closure runs on several threads at once: it may
            // only read what it captures (every caller builds a value from
            // shared, unchanging inputs), and every thread has finished
            // before `withoutActuallyEscaping` ends.
            nonisolated(unsafe) let work = transform
            // The threads reach the work through `box`, which lets go of it
            // before returning: the closure must not outlive this call.
            let box = WorkBox()
            box.run = {
                while let chunk = next.take(below: chunks) {
                    let start = chunk * count / chunks
                    let end = (chunk + 1) * count / chunks
                    for index in start..<end {
                        (base + index).initialize(to: work(index))
                    }
                }
            }
            let finished = DispatchSemaphore(value: 0)
            for _ in 1..<threads {
                let thread = Thread {
                    box.run?()
                    finished.signal()
                }
                // Rendering recurses through templates as deep as on the main thread.
                thread.stackSize = 8 << 20
                thread.start()
            }
            box.run?()
            for _ in 1..<threads { finished.wait() }
            box.run = nil
        }
        initialized = count
    }
}

/// A `parallelMap`'s work, shared by its threads until they are done.
private final class WorkBox: @unchecked Sendable {
    // @unchecked: `run` is set before any thread starts and cleared after
    // every one has finished; in between it is only read.
    var run: (() -> Void)?
}

/// The next chunk of a `parallelMap`, handed to one thread each.
private final class ChunkCounter: @unchecked Sendable {
    // @unchecked: `next` is read and written under `lock` only.
    private let lock = NSLock()
    private var next = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < limit else { return nil }
        next += 1
        return next - 1
    }
}
