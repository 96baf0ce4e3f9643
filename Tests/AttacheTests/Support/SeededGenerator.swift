import Foundation

/// A random number generator a failing test can replay: SplitMix64 from a
/// seed taken from `ATTACHE_TEST_SEED`, or a fresh one. Tests put `seed`
/// in every failure message (`replay with ATTACHE_TEST_SEED=…`).
struct SeededGenerator: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64? = nil) {
        let chosen = seed
            ?? ProcessInfo.processInfo.environment["ATTACHE_TEST_SEED"].flatMap { UInt64($0) }
            ?? UInt64.random(in: 0...UInt64.max)
        self.seed = chosen
        state = chosen
    }

    /// What a failure message says so the run can be repeated.
    var replay: String { "replay with ATTACHE_TEST_SEED=\(seed)" }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
