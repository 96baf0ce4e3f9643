/// Which file names are entries: `.md` and `.markdown`, in any case
/// (`.MD` from some editors and exporters). Skipping them without a word lost
/// entries; all are read the same way, and the slug is the name before the
/// extension, so `a.md` and `a.markdown` side by side are a duplicate slug.
package enum EntryFileNames {
    package static let extensions = ["md", "markdown"]

    /// The name without its Markdown extension, or nil when it has none.
    package static func stem(of name: some StringProtocol) -> String? {
        let fileName = String(name)
        guard let dot = fileName.utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let extensionText = fileName[fileName.utf8.index(after: dot)...]
        // Compared on ASCII bytes, lowercased: the extensions are ASCII.
        let lowered = String(decoding: extensionText.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        guard extensions.contains(lowered), dot > fileName.startIndex else { return nil }
        return String(fileName[..<dot])
    }

    package static func isEntry(_ fileName: some StringProtocol) -> Bool { stem(of: fileName) != nil }
}
