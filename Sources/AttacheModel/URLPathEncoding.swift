/// Percent-encoding of site paths for links. Slugs of a typed knowledge base
/// are ASCII letters, digits and hyphens and pass through untouched (one scan
/// of their bytes); a vault's pages and attachments may have any name
/// (`研究/公式`, `gauge photo.png`), whose bytes are encoded as RFC 3986 wants,
/// so sitemap, feed, graph.json and every `href` hold valid URLs.
public enum URLPathEncoding {
    /// Whether a byte may stand as itself in a URL path: unreserved
    /// characters, `/` and the sub-delimiters but `:` (which would read as a
    /// scheme in a relative link's first segment).
    @inline(__always)
    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    /// `path` with every other byte as `%XX`; `path` itself when nothing needs it.
    public static func encode(_ path: String) -> String {
        guard !path.utf8.allSatisfy(isAllowed) else { return path }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count * 3)
        for byte in path.utf8 {
            if isAllowed(byte) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
