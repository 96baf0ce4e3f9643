/// What a link that resolves to nothing does to a build (`broken_links` in
/// site.yml, `--broken-links` on the command line).
public enum BrokenLinkPolicy: String, Sendable, CaseIterable {
    /// An error: the build fails (a typed knowledge base's default).
    case error
    /// A warning, and the link is shown as a marked span, as Obsidian shows
    /// a link to a note not yet written (the default without site.yml).
    case warn
}
