import Dispatch

/// Maps `0..<count` on `jobs` threads, keeping results in index order so the
/// output never depends on scheduling.
package func parallelMap<T>(_ count: Int, jobs: Int, _ transform: (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    if jobs <= 1 || count == 1 { return (0..<count).map(transform) }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Each index is written by exactly one worker; nothing else is shared.
        nonisolated(unsafe) let base = buffer.baseAddress!
        // Many more chunks than threads: workers take the next chunk as they
        // finish, so the last one to finish idles the others for little time
        // (with 8 chunks per thread, the tail of a 10,000-page render left a core idle for ~0.1 s;
        // with 64, the heavy term pages at the end of the list still left ~50 ms).
        let chunks = min(count, jobs * 256)
        withoutActuallyEscaping(transform) { transform in
            // The caller's closure runs on several threads at once: it may
            // only read what it captures (every caller builds a value from
            // shared, unchanging inputs), and concurrentPerform returns
            // before `withoutActuallyEscaping` ends.
            nonisolated(unsafe) let work = transform
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * count / chunks
                let end = (chunk + 1) * count / chunks
                for index in start..<end {
                    (base + index).initialize(to: work(index))
                }
            }
        }
        initialized = count
    }
}
