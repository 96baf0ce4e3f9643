import AttacheModel

/// The link stage's checks that need every body parsed: links to headings
/// that do not exist, and entries nothing points to.
package enum GraphChecks {
    /// `links[i]` and `selfAnchors[i]` come from entry i's body; `headingIDs[i]` are its headings' ids.
    package static func anchorProblems(links: [[BodyLinkResolver.OutgoingLink]], selfAnchors: [[(anchor: String, location: SourceLocation)]],
                                       headingIDs: [[String]], entries: [Entry]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let idSets = headingIDs.map(Set.init)
        func check(_ anchor: String, target: Int, at location: SourceLocation) {
            guard !idSets[target].contains(anchor) else { return }
            let near = Suggestions.nearest(to: anchor, among: headingIDs[target], limit: 2)
            diagnostics.append(.error("entry `\(entries[target].slug)` has no heading with the id `\(anchor)`\(EntryIndex.hint(near))", at: location, stage: .link))
        }
        for (source, links) in links.enumerated() {
            for link in links {
                if let anchor = link.anchor { check(anchor, target: link.target, at: link.location) }
            }
            for (anchor, location) in selfAnchors[source] { check(anchor, target: source, at: location) }
        }
        return diagnostics
    }

    /// The entries a body links to, each once, in the order first linked (what the graph keeps).
    package static func uniqueTargets(_ links: [BodyLinkResolver.OutgoingLink]) -> [Int] {
        var seen = Set<Int>()
        return links.map(\.target).filter { seen.insert($0).inserted }
    }

    /// Entries no relation or link points to; the home page intro counts as a way in.
    /// Sources are left to `SourceChecks`, which says what they lack: a citation.
    package static func orphanWarnings(_ graph: KnowledgeGraph, entries: [Entry], introLinks: [Int], sourceKinds: Set<KindID> = []) -> [Diagnostic] {
        guard entries.count > 1 else { return [] }
        let fromIntro = Set(introLinks)
        return graph.orphans().filter { !fromIntro.contains($0) && !sourceKinds.contains(entries[$0].kind) }.map { orphan in
            .warning("orphan: no relation or link points to `\(entries[orphan].slug)`", at: SourceLocation(path: entries[orphan].displayPath), stage: .link)
        }
    }
}
