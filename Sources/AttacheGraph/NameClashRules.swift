import AttacheModel

/// A title or alias shared by two entries in one folder makes `[[name]]`
/// ambiguous: said as soon as the entries are loaded, before any body is
/// parsed. Entries in different folders may share a name (two `Meeting`
/// notes): a link goes to the nearest one, and where none is nearer the
/// link itself is reported.
package enum NameClashRules {
    package static func problems(_ entries: [Entry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var owner: [String: Int] = [:]  // name and folder
        for i in entries.indices {
            var seen: [String] = []
            for name in CollectionOfOne(entries[i].title) + entries[i].aliases {
                let key = name.lowercased()
                guard !seen.contains(key) else { continue }
                seen.append(key)
                let folder = NearestByFolder.folder(of: entries[i].relativePath)
                if let other = owner[key + "\u{0}" + folder], entries[other].slug != entries[i].slug {
                    diagnostics.append(.warning("the name `\(name)` is also a title or alias of `\(entries[other].slug)` (\(entries[other].displayPath)); `[[\(name)]]` will be ambiguous", at: SourceLocation(path: entries[i].displayPath), stage: .load))
                } else {
                    owner[key + "\u{0}" + folder] = i
                }
            }
        }
        return diagnostics
    }
}
