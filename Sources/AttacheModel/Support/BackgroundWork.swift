import Foundation

/// A step started on its own thread as soon as its inputs exist, and
/// joined where its result is needed. Linking and writing run on one core;
/// a step beside them (the search index, graph.json) keeps the other busy.
/// The result does not depend on when the thread runs, so neither does the output.
package final class BackgroundWork<Value>: @unchecked Sendable {
    // @unchecked: `result` is written once by the worker before `finished` is
    // signalled, and read only after waiting for that signal.
    private var result: Value?
    private let finished = DispatchSemaphore(value: 0)
    private var joined = false
    /// How long the work took, for `--timings`; read it after `value()`.
    package private(set) var seconds: Double = 0
    /// True when the work ran on its own thread.
    package let ranInBackground: Bool

    /// Starts `work` now, or runs it right away when `inBackground` is false
    /// (`--jobs 1` builds stay on one thread).
    package init(inBackground: Bool, _ work: @escaping () -> Value) {
        ranInBackground = inBackground
        let clock = ContinuousClock()
        guard inBackground else {
            let start = clock.now
            result = work()
            seconds = (clock.now - start).inSeconds
            joined = true
            return
        }
        // Runs on the new thread only; the creating thread never calls it.
        nonisolated(unsafe) let work = work
        let thread = Thread { [self] in
            let start = clock.now
            result = work()
            seconds = (clock.now - start).inSeconds
            finished.signal()
        }
        // Work here allocates and recurses no deeper than the main thread's.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits for the work to finish; call from one thread only.
    package func value() -> Value {
        if !joined {
            finished.wait()
            joined = true
        }
        return result!
    }
}

/// A finished build's data (entries, bodies, graph, page models), freed on
/// a thread of its own. Tearing down 10,000 entries' worth of strings and
/// dictionaries was the last serial tens of milliseconds of a build; the
/// command line prints its report and exits without waiting for it (the
/// system takes the memory back), and a process that stays (tests, a
/// server's first build) gets the memory back shortly after.
package final class Leftovers: @unchecked Sendable {
    // @unchecked: filled by the building thread, then emptied by exactly one
    // other thread, started after the last append.
    package var values: [Any] = []

    package init() {}

    package func freeInBackground() {
        guard !values.isEmpty else { return }
        let thread = Thread { [self] in values = [] }
        thread.start()
    }
}
