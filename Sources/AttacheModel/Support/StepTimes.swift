/// Wall time of named steps inside a stage, for `--timings`: the stage
/// totals alone do not say which part of rendering a change sped up.
package final class StepTimes {
    private let clock = ContinuousClock()
    package private(set) var steps: [(stage: BuildStage, step: String, seconds: Double)] = []

    package init() {}

    package func measure<T>(_ stage: BuildStage, _ step: String, _ work: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { steps.append((stage, step, (clock.now - start).inSeconds)) }
        return try work()
    }

    /// Adds steps timed on another thread; `note` says what they ran beside.
    package func add(_ other: StepTimes, note: String?) {
        for step in other.steps { add(step.stage, step.step, seconds: step.seconds, note: note) }
    }

    package func add(_ stage: BuildStage, _ step: String, seconds: Double, note: String? = nil) {
        steps.append((stage, note.map { "\(step) (\($0))" } ?? step, seconds))
    }
}
