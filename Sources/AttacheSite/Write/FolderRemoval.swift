import Foundation
import AttacheModel
import AttacheLoad
import AttacheMarkdown
import AttacheGraph
import AttacheRender

/// Deletes a folder tree: the previous output after a build swaps the new
/// one in, which for 10,000 entries is 10,000 folders. FileManager took a
/// quarter of a second for that on one thread; this walks the tree with the
/// directory entries' own types (no stat per file), removes names relative
/// to their open folder (`unlinkat`) and deletes the second
/// level (each kind's entry folders, each facet's terms) on `jobs` threads.
package enum FolderRemoval {
    static func remove(_ root: String, jobs: Int) {
        var subtrees: [String] = []
        for (name, isFolder) in entries(of: root) {
            let path = root + "/" + name
            guard isFolder else { unlink(path); continue }
            for (childName, childIsFolder) in entries(of: path) {
                let child = path + "/" + childName
                if childIsFolder { subtrees.append(child) } else { unlink(child) }
            }
        }
        _ = parallelMap(subtrees.count, jobs: jobs) { i -> Void in
            removeRecursively(subtrees[i])
            rmdir(subtrees[i])
        }
        // The first level's folders are empty now; FileManager removes them
        // and anything a concurrent writer added meanwhile.
        try? FileManager.default.removeItem(atPath: root)
    }

    private static func removeRecursively(_ path: String) {
        let children = entries(of: path)
        // Names are removed relative to the open folder: no path lookup per file.
        let folder = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
        defer { if folder >= 0 { close(folder) } }
        for (name, isFolder) in children {
            if isFolder { removeRecursively(path + "/" + name) }
            if folder >= 0 { unlinkat(folder, name, isFolder ? AT_REMOVEDIR : 0) } else if isFolder { rmdir(path + "/" + name) } else { unlink(path + "/" + name) }
        }
    }

    /// Names in a folder (without `.` and `..`), and whether each is a folder
    /// (a link to a folder is not: it is unlinked, never followed).
    private static func entries(of path: String) -> [(name: String, isFolder: Bool)] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var result: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(folder) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var status = stat()
                isFolder = lstat(path + "/" + name, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
            }
            result.append((name, isFolder))
        }
        return result
    }
}
