import Foundation

/// Which of Obsidian's markers a body has at all (`%%`, `[!`, `==`, `^`),
/// found with memchr before any tree walk, so that a body without them
/// pays nothing for the passes that look for them.
struct SourceMarkers {
    var comments = false
    var callouts = false
    var highlights = false
    var blockIDs = false

    init(_ source: String) {
        var source = source
        source.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            comments = Self.contains(base, bytes.count, UInt8(ascii: "%"), followedBy: UInt8(ascii: "%"))
            highlights = Self.contains(base, bytes.count, UInt8(ascii: "="), followedBy: UInt8(ascii: "="))
            callouts = Self.contains(base, bytes.count, UInt8(ascii: "!"), after: UInt8(ascii: "["))
            blockIDs = memchr(base, Int32(UInt8(ascii: "^")), bytes.count) != nil
        }
    }

    static func contains(_ base: UnsafePointer<UInt8>, _ count: Int, _ first: UInt8, followedBy second: UInt8) -> Bool {
        var offset = 0
        while offset + 1 < count, let found = memchr(base + offset, Int32(first), count - offset - 1) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if base[index + 1] == second { return true }
            offset = index + 1
        }
        return false
    }

    static func contains(_ base: UnsafePointer<UInt8>, _ count: Int, _ second: UInt8, after first: UInt8) -> Bool {
        var offset = 1
        while offset < count, let found = memchr(base + offset, Int32(second), count - offset) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if base[index - 1] == first { return true }
            offset = index + 1
        }
        return false
    }
}
