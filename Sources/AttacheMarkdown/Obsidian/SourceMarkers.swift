import AttacheBytes

/// Which of Obsidian's markers a body has at all (`%%`, `[!`, `==`, `^`),
/// found with memchr before any tree walk, so that a body without them
/// pays nothing for the passes that look for them.
struct SourceMarkers {
    var comments = false
    var callouts = false
    var highlights = false
    var blockIDs = false

    init(_ source: String) {
        comments = ByteSearch.contains(UInt8(ascii: "%"), followedBy: UInt8(ascii: "%"), in: source)
        highlights = ByteSearch.contains(UInt8(ascii: "="), followedBy: UInt8(ascii: "="), in: source)
        callouts = ByteSearch.contains(UInt8(ascii: "!"), after: UInt8(ascii: "["), in: source)
        blockIDs = ByteSearch.contains(UInt8(ascii: "^"), in: source)
    }
}
