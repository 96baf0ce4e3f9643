/// Paths as links write them: extensions, file names, Markdown files.
/// Worked on UTF-8 bytes (`/`, `.` and the extensions are ASCII): every
/// link of every body passes here.
enum LinkPaths {
    static let markdownExtensions: Set<String> = ["md", "markdown"]
    static let pageExtensions: Set<String> = ["html", "htm"]

    /// The last component of a path (`a/b/pic.png` → `pic.png`).
    static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// Where the extension of a path's file name starts (after its dot), or
    /// nil when it has none (or what follows its last dot is no extension:
    /// `Mr. Smith`, `v2.0`): letters and digits, at least one letter.
    private static func extensionStart(_ path: String) -> String.Index? {
        let utf8 = path.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let start = utf8.index(after: dot)
        let suffix = utf8[start...]
        guard !suffix.isEmpty, suffix.count <= 10, dot > utf8.startIndex, utf8[utf8.index(before: dot)] != UInt8(ascii: "/") else { return nil }
        var hasLetter = false
        for byte in suffix {
            switch byte {
            case 0x30...0x39: continue
            case 0x41...0x5A, 0x61...0x7A: hasLetter = true
            default: return nil
            }
        }
        return hasLetter ? start : nil
    }

    /// The extension of a path's file name, lowercased; "" when it has none.
    static func fileExtension(_ path: String) -> String {
        guard let start = extensionStart(path) else { return "" }
        return String(decoding: path.utf8[start...].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether the file name has an extension, and it is Markdown's (`md`, `markdown`, any case).
    static func hasMarkdownExtension(_ path: String) -> Bool {
        guard let start = extensionStart(path) else { return false }
        let suffix = path.utf8[start...]
        func equals(_ word: String) -> Bool {
            suffix.elementsEqual(word.utf8) { ($0 | 0x20) == $1 }
        }
        return equals("md") || equals("markdown")
    }

    /// `a/Note.md` → `a/Note`; a path without a Markdown extension stays whole.
    static func withoutMarkdownExtension(_ path: String) -> String {
        guard let start = extensionStart(path), hasMarkdownExtension(path) else { return path }
        return String(path[..<path.utf8.index(before: start)])
    }

    /// ASCII letters lowercased, others kept (paths of a typed site are ASCII: no Unicode case mapping then).
    static func lowercased(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() }
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}
