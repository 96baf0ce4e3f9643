import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender
/// What the file system will refuse, found before anything is written, so
/// `check` reports it and `build` fails at the page's source instead of at
/// the output folder: a name longer than 255 bytes (a long slug or facet
/// term), two pages at one path, and a page where another page needs a
/// folder (a kind published in the folder `index.html`).
package enum OutputPathRules {
    /// The longest file name Linux, macOS and Windows file systems accept, in bytes.
    static let maximumNameBytes = 255

    /// `files[i]` is the output path of the page made from `sources[i]`.
    static func problems(files: [String], sources: [SourceLocation]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var pageAt: [Substring: Int] = [:]
        pageAt.reserveCapacity(files.count)
        for (i, file) in files.enumerated() {
            for name in file.split(separator: "/") where name.utf8.count > maximumNameBytes {
                problems.append(.error("the page `\(shown(file))` would have a name of \(name.utf8.count) bytes, and file systems allow \(maximumNameBytes); shorten the name it is made from", at: sources[i], stage: .render))
            }
            if let other = pageAt[Substring(file)] {
                problems.append(.error("this page and the one from \(sources[other]) would both be written to `\(shown(file))`", at: sources[i], stage: .render))
            } else {
                pageAt[Substring(file)] = i
            }
        }
        // A page's folders must not be another page's file.
        for (i, file) in files.enumerated() {
            var folder = Substring(file)
            while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                folder = folder[..<slash]
                if let other = pageAt[folder] {
                    problems.append(.error("this page would be written to `\(shown(file))`, which needs a folder where the page from \(sources[other]) is written (`\(shown(String(folder)))`); rename the folder, slug or term", at: sources[i], stage: .render))
                    break
                }
            }
        }
        return problems
    }

    /// A path as quoted in a message: at most 80 characters.
    private static func shown(_ path: String) -> String {
        path.count <= 80 ? path : String(path.prefix(79)) + "…"
    }
}
