import Foundation
import AttacheModel

/// Walks the content folder and sorts what it finds: entries, assets, settings.
/// It never follows a link out of the content folder.
package struct ContentScanner {
    package struct Listing {
        /// Entry files (`.md`, `.markdown`, any case), relative to the content folder, sorted.
        package var markdownFiles: [String] = []
        /// Files under `assets/`, relative to the content folder, sorted.
        package var assetFiles: [String] = []
        /// Top-level folders other than `assets` (the kinds of a site without taxonomy.yml).
        package var topLevelFolders: [String] = []
        /// Every other file (images, PDFs, …), relative to the content folder,
        /// sorted: copied into the site beside the pages. Not `assets/` (copied
        /// as it always was), the settings files, editor backups (`a.png~`),
        /// nor what lies in folders starting with `_` (Jekyll's `_layouts/`,
        /// `_config.yml`: a site generator's own files, never published).
        package var attachmentFiles: [String] = []
    }

    let root: String
    let paths: DisplayPaths
    /// Absolute folders never scanned (the output folder, when it lies inside the content folder).
    let excluded: [String]

    package init(root: String, paths: DisplayPaths, excluding excluded: [String] = []) {
        self.root = root
        self.paths = paths
        self.excluded = excluded
    }

    /// Names at the top of the content folder that are settings, never attachments.
    static let settingsFiles: Set<String> = ["site.yml", "taxonomy.yml"]

    /// Whether a non-Markdown file is copied into the site.
    static func isAttachment(relativePath: String, name: String) -> Bool {
        if !relativePath.contains("/") && settingsFiles.contains(name) { return false }
        if name.hasSuffix("~") || name.hasPrefix("_") { return false }
        return !relativePath.split(separator: "/").dropLast().contains { $0.hasPrefix("_") }
    }

    package func scan(diagnostics: inout [Diagnostic]) -> Listing {
        var listing = Listing()
        var visited = Set<String>()
        if let real = FileSystem.realPath(root) { visited.insert(real) }
        walk(relative: "", listing: &listing, visited: &visited, diagnostics: &diagnostics)
        listing.markdownFiles.sort()
        listing.assetFiles.sort()
        listing.topLevelFolders.sort()
        listing.attachmentFiles.sort()
        return listing
    }

    private func walk(relative: String, listing: inout Listing, visited: inout Set<String>, diagnostics: inout [Diagnostic]) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let listed = FileSystem.listing(ofFolder: folder) else {
            diagnostics.append(.error("cannot read folder", at: .whole(paths.display(folder)), stage: .load))
            return
        }
        for (name, listedType) in listed.sorted(by: { $0.name < $1.name }) where !name.hasPrefix(".") {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let childPath = folder + "/" + name
            guard var type = listedType else { continue }
            if !excluded.isEmpty, excluded.contains(where: { FileSystem.isPath(childPath, inside: $0) }) { continue }
            if type == .symlink {
                guard let target = FileSystem.realPath(childPath) else {
                    diagnostics.append(.warning("broken symbolic link, skipped", at: SourceLocation(path: paths.display(childPath)), stage: .load))
                    continue
                }
                let realRoot = FileSystem.realPath(root) ?? root
                guard FileSystem.isPath(target, inside: realRoot) else {
                    diagnostics.append(.error("symbolic link points outside the content folder (to \(target)); refusing to read it", at: SourceLocation(path: paths.display(childPath)), stage: .load))
                    continue
                }
                type = FileSystem.isDirectory(target) ? .directory : .file
                if type == .directory {
                    guard visited.insert(target).inserted else { continue }
                }
            }
            switch type {
            case .directory:
                if relative.isEmpty && name != "assets" { listing.topLevelFolders.append(name) }
                walk(relative: childRelative, listing: &listing, visited: &visited, diagnostics: &diagnostics)
            case .file:
                if childRelative.hasPrefix("assets/") {
                    listing.assetFiles.append(childRelative)
                } else if EntryFileNames.isEntry(name) {
                    listing.markdownFiles.append(childRelative)
                } else if Self.isAttachment(relativePath: childRelative, name: name) {
                    listing.attachmentFiles.append(childRelative)
                }
            default:
                continue
            }
        }
    }
}
