extension Duration {
    /// The duration in seconds, for timings and reports.
    package var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
