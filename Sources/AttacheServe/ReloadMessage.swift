import AttacheBytes

/// What an open page is told when nothing is wrong, written by the same
/// JSON writer as the overlay's problems (`OverlayMessage`): `reload` after
/// a build, `hello` to a page that just connected. Both carry the build's
/// version, so a page older than the last build reloads.
enum ReloadMessage {
    /// `{"type":"reload","version":N}`
    static func reload(version: Int) -> String { message("reload", version: version) }

    /// `{"type":"hello","version":N}`
    static func hello(version: Int) -> String { message("hello", version: version) }

    private static func message(_ type: String, version: Int) -> String {
        var json = JSONText()
        json.object([("type", .string(type)), ("version", .int(version))])
        return json.text
    }
}
