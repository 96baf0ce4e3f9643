/// Wall time of named steps inside a stage, for `--timings`: the stage
/// totals alone do not say which part of rendering a change sped up.
final class StepTimes {
    private let clock = ContinuousClock()
    private(set) var steps: [(stage: BuildStage, step: String, seconds: Double)] = []

    func measure<T>(_ stage: BuildStage, _ step: String, _ work: () throws -> T) rethrows -> T {
        let start = clock.now
        defer { steps.append((stage, step, SiteBuilder.seconds(clock.now - start))) }
        return try work()
    }
}
