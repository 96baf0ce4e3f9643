extension SiteURLs {
    /// A link to a copied attachment from the current page, by its output
    /// path, percent-encoded where a path needs it (`a pic.png` → `a%20pic.png`).
    package func attachment(_ outputPath: String) -> String {
        file(SiteURLs.percentEncodedPath(outputPath))
    }

    /// A path with every byte other than RFC 3986's unreserved characters,
    /// `/` and the sub-delimiters but `:` as `%XX`.
    static func percentEncodedPath(_ path: String) -> String {
        func isAllowed(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "!"),
                 UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"),
                 UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "@"):
                return true
            default:
                return false
            }
        }
        guard !path.utf8.allSatisfy(isAllowed) else { return path }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in path.utf8 {
            if isAllowed(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
