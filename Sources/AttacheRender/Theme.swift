import Foundation
import AttacheModel
import AttacheTheme

/// The theme a build renders with: the built-in theme (compiled into the
/// binary), with each file of a templates folder in place of the built-in
/// file of the same path. A folder may hold one partial or one stylesheet
/// and nothing else; a folder with every file is a whole theme of its own.
package struct Theme: Sendable {
    /// Where a file of the theme comes from.
    package enum Source: Sendable, Equatable {
        /// The templates folder's file at this absolute path.
        case folder(String)
        case builtIn
    }

    /// The templates folder (absolute, standardized), when there is one.
    package let folder: String?
    /// Every file of the theme by its relative path (`entry.mustache`, `assets/style.css`).
    package let files: [String: Source]
    /// How paths in the built-in theme are shown in messages.
    package static let builtInLabel = "(built-in theme)"

    /// The built-in theme alone.
    package static let builtIn = Theme(folder: nil, files: Dictionary(uniqueKeysWithValues: BuiltInTheme.paths.map { ($0, .builtIn) }))

    init(folder: String?, files: [String: Source]) {
        self.folder = folder
        self.files = files
    }

    /// The built-in theme with `folder`'s files over it. `folder` nil, or a
    /// folder that does not exist when `mustExist` is false (the usual
    /// `Templates/` beside the content), gives the built-in theme alone; a
    /// folder named with `--templates` that does not exist is an error.
    package static func load(folder: String?, mustExist: Bool, paths: DisplayPaths, diagnostics: inout [Diagnostic]) -> Theme? {
        guard let folder else { return .builtIn }
        let root = URL(fileURLWithPath: FileSystem.absolutePath(folder)).standardizedFileURL.path
        guard FileSystem.isDirectory(root) else {
            if !mustExist && FileSystem.type(atPath: root) == nil { return .builtIn }
            diagnostics.append(.error("templates folder does not exist (it holds files that replace the built-in theme's; leave out --templates to use the built-in theme alone)",
                                      at: .whole(paths.display(root)), stage: .load))
            return nil
        }
        var files = Theme.builtIn.files
        for relative in Self.listFiles(root) { files[relative] = .folder(root + "/" + relative) }
        return Theme(folder: root, files: files)
    }

    /// The folder's files (templates anywhere, and everything under
    /// `assets/`), relative, without hidden names.
    static func listFiles(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let path = root + "/" + relative
            if relative.hasSuffix(".mustache") {
                if !FileSystem.isDirectory(path) { files.append(relative) }
            } else if relative.hasPrefix("assets/"), FileSystem.type(atPath: path) == .file {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    package func has(_ relative: String) -> Bool { files[relative] != nil }

    /// The files under `assets/`, relative to it, sorted.
    package var assetFiles: [String] {
        files.keys.filter { $0.hasPrefix("assets/") }.map { String($0.dropFirst("assets/".count)) }.sorted()
    }

    /// Template files (`.mustache`), sorted.
    package var templateFiles: [String] { files.keys.filter { $0.hasSuffix(".mustache") }.sorted() }

    /// A file's bytes: read from the folder, or the built-in copy. Nil when
    /// it is not in the theme or cannot be read.
    package func contents(of relative: String) -> [UInt8]? {
        switch files[relative] {
        case .folder(let path): return FileSystem.readBytes(atPath: path)
        case .builtIn: return BuiltInTheme.contents(of: relative)
        case nil: return nil
        }
    }

    /// Where a file is, for messages: the folder's path, or the built-in theme's label.
    package func displayPath(of relative: String, paths: DisplayPaths) -> String {
        switch files[relative] {
        case .folder(let path): return paths.display(path)
        case .builtIn, nil:
            if let folder, files[relative] == nil { return paths.display(folder + "/" + relative) }
            return Self.builtInLabel + "/" + relative
        }
    }
}
