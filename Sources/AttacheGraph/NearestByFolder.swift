/// Obsidian's rule for a bare name that several notes or files answer to:
/// the one in the linking note's own folder, else the one in the closest
/// folder above it. What is left (none nearer, or several equally near)
/// is ambiguous.
enum NearestByFolder {
    /// The candidates nearest to `folder`: one when the rule chooses, else
    /// the ones it could not choose between (all of them when none is in
    /// the folder or above it).
    static func nearest<T>(_ candidates: [T], to folder: String, folderOf: (T) -> Substring) -> [T] {
        guard candidates.count > 1 else { return candidates }
        var current: Substring? = Substring(folder)
        while let here = current {
            let inHere = candidates.filter { folderOf($0) == here }
            if !inHere.isEmpty { return inHere }
            current = here.isEmpty ? nil : here.lastIndex(of: "/").map { here[..<$0] } ?? ""
        }
        return candidates
    }

    /// `a/b/c.md` → `a/b`; `c.md` → "".
    static func folder(of path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return path[..<slash]
    }
}
