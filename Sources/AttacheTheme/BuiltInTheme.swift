import Foundation

/// The default theme, compiled into the binary: a site builds without a
/// Templates/ folder, and a folder's files replace these one by one.
/// The files themselves are generated from Templates/ into
/// `BuiltInTheme+Files.swift` (`make theme`).
package enum BuiltInTheme {
    /// Every file's path (relative, `/`-separated: `entry.mustache`, `assets/style.css`), sorted.
    package static let paths: [String] = (Array(textFiles.keys) + Array(base64Files.keys)).sorted()

    /// A file's bytes, or nil when the theme has no such file.
    package static func contents(of path: String) -> [UInt8]? {
        if let text = textFiles[path] { return Array(text.utf8) }
        if let encoded = base64Files[path], let data = Data(base64Encoded: encoded) { return [UInt8](data) }
        return nil
    }

    /// A text file (a template) as text; nil for a missing or binary file.
    package static func text(of path: String) -> String? { textFiles[path] }
}
