import Foundation
import AttacheModel

/// Where a site is, found as git finds `.git`: from the current folder up to
/// the nearest folder that holds `site.yml` (that folder is the content) or
/// `Content/site.yml`. So `attache build` works from `Content/strategies/`
/// as from the top of the site.
public struct SiteFolders: Sendable, Equatable {
    /// The content folder: the one with site.yml (absolute).
    public var content: String
    /// The folder that holds the content folder, where the usual `Templates/`
    /// and `Output/` are: the same place as when run there with
    /// `--content <name>` (an output inside the content folder is refused).
    public var root: String

    public var templates: String { Self.join(root, "Templates") }
    public var output: String { Self.join(root, "Output") }

    public init(content: String, root: String) {
        self.content = content
        self.root = root
    }

    /// The nearest site at or above `folder` (absolute), or nil.
    public static func find(from folder: String = FileManager.default.currentDirectoryPath) -> SiteFolders? {
        var level = FileSystem.absolutePath(folder)
        while true {
            if isFile(join(level, "site.yml")) {
                let parent = (level as NSString).deletingLastPathComponent
                return SiteFolders(content: level, root: parent.isEmpty ? "/" : parent)
            }
            let content = join(level, "Content")
            if isFile(join(content, "site.yml")) { return SiteFolders(content: content, root: level) }
            let parent = (level as NSString).deletingLastPathComponent
            if parent == level || parent.isEmpty { return nil }
            level = parent
        }
    }

    static func isFile(_ path: String) -> Bool { FileSystem.isFile(path) }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
