/// Paths as links write them: extensions, file names, Markdown files.
enum LinkPaths {
    static let markdownExtensions: Set<String> = ["md", "markdown"]
    static let pageExtensions: Set<String> = ["html", "htm"]

    /// The last component of a path (`a/b/pic.png` → `pic.png`).
    static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// The extension of a path's file name, lowercased; "" when it has none
    /// (or what follows its last dot is no extension: `Mr. Smith`, `v2.0 draft`).
    static func fileExtension(_ path: String) -> String {
        let name = lastComponent(path)
        guard let dot = name.utf8.lastIndex(of: UInt8(ascii: ".")), dot > name.startIndex else { return "" }
        let suffix = name.utf8[name.utf8.index(after: dot)...]
        guard !suffix.isEmpty, suffix.count <= 10,
              suffix.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }),
              suffix.contains(where: { !($0 >= 0x30 && $0 <= 0x39) }) else { return "" }
        return String(decoding: suffix.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// `a/Note.md` → `a/Note`; a path without a Markdown extension stays whole.
    static func withoutMarkdownExtension(_ path: String) -> String {
        let ext = fileExtension(path)
        guard markdownExtensions.contains(ext), path.utf8.count > ext.utf8.count + 1 else { return path }
        return String(path.utf8.dropLast(ext.utf8.count + 1)) ?? path
    }
}
