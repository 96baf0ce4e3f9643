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
    }

    let root: String
    let paths: DisplayPaths

    package init(root: String, paths: DisplayPaths) {
        self.root = root
        self.paths = paths
    }

    package func scan(diagnostics: inout [Diagnostic]) -> Listing {
        var listing = Listing()
        var visited = Set<String>()
        if let real = FileSystem.realPath(root) { visited.insert(real) }
        walk(relative: "", listing: &listing, visited: &visited, diagnostics: &diagnostics)
        listing.markdownFiles.sort()
        listing.assetFiles.sort()
        listing.topLevelFolders.sort()
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
                }
            default:
                continue
            }
        }
    }
}
