import AttacheModel
import AttacheMarkdown

/// The link stage's checks that need every body parsed: links to headings
/// that do not exist, and entries nothing points to.
package enum GraphChecks {
    /// `links[i]` and `selfAnchors[i]` come from entry i's body; `headings[i]`
    /// and `blockIDs[i]` are what its page offers to link to. A heading is
    /// named by its id or its text, a block by `^id`. With
    /// `broken_links: warn` a missing one is a warning (the link still
    /// leads to the page).
    package static func anchorProblems(links: [[BodyLinkResolver.OutgoingLink]], selfAnchors: [[(anchor: String, location: SourceLocation)]],
                                       headings: [[RenderedHeading]], blockIDs: [[String]], entries: [Entry],
                                       brokenLinks: BrokenLinkPolicy = .error) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Most anchors are ids: a set lookup each, before any matching by text.
        let idSets = headings.map { Set($0.map(\.id)) }
        func check(_ anchor: String, target: EntryID, at location: SourceLocation) {
            if idSets[target].contains(anchor) { return }
            let name = HeadingAnchors.lastSegment(anchor)
            let message: String
            if name.hasPrefix("^") {
                let id = String(name.dropFirst())
                guard !blockIDs[target].contains(id) else { return }
                let near = Suggestions.nearest(to: id, among: blockIDs[target], limit: 2).map { "^" + $0 }
                message = "entry `\(entries[target].slug)` has no block `\(DiagnosticQuote.quote(name))`\(EntryIndex.hint(near))"
            } else {
                guard HeadingAnchors.index(of: anchor, in: headings[target]) == nil else { return }
                let ids = headings[target].map(\.id)
                let near = Suggestions.nearest(to: name, among: ids, limit: 2)
                let what = HeadingIDs.baseID(for: name) == name ? "heading with the id" : "heading"
                message = "entry `\(entries[target].slug)` has no \(what) `\(DiagnosticQuote.quote(name))`\(EntryIndex.hint(near))"
            }
            diagnostics.append(Diagnostic(brokenLinks == .warn ? .warning : .error, at: location, message, stage: .link))
        }
        for (source, links) in zip(links.entryIDs, links) {
            for link in links {
                if let anchor = link.anchor { check(anchor, target: link.target, at: link.location) }
            }
            for (anchor, location) in selfAnchors[source] { check(anchor, target: source, at: location) }
        }
        return diagnostics
    }

    /// Whether a link was written before its target's headings were known
    /// with a fragment other than the id of the heading it names (a heading
    /// named by text that repeats, or whose text makes another id): such a
    /// body is parsed again with the headings at hand.
    package static func needsHeadingIDs(_ links: [BodyLinkResolver.OutgoingLink], headings: [[RenderedHeading]]) -> Bool {
        links.contains { link in
            guard let anchor = link.anchor else { return false }
            // Written with an id the target has (most links): nothing to redo.
            if let fragment = link.fragment, fragment == anchor, headings[link.target].contains(where: { $0.id == fragment }) { return false }
            guard !HeadingAnchors.isBlock(anchor), let id = HeadingAnchors.id(of: anchor, in: headings[link.target]) else { return false }
            return id != link.fragment
        }
    }

    /// The entries a body links to, each once, in the order first linked (what the graph keeps).
    package static func uniqueTargets(_ links: [BodyLinkResolver.OutgoingLink]) -> [EntryID] {
        var seen = Set<EntryID>()
        return links.map(\.target).filter { seen.insert($0).inserted }
    }

    /// Entries no relation or link points to; the home page intro counts as a way in.
    /// Sources are left to `SourceChecks`, which says what they lack: a citation.
    package static func orphanWarnings(_ graph: KnowledgeGraph, entries: [Entry], introLinks: [EntryID], sourceKinds: Set<KindID> = []) -> [Diagnostic] {
        guard entries.count > 1 else { return [] }
        let fromIntro = Set(introLinks)
        return graph.orphans().filter { !fromIntro.contains($0) && !sourceKinds.contains(entries[$0].kind) }.map { orphan in
            .warning("orphan: no relation or link points to `\(entries[orphan].slug)`", at: SourceLocation(path: entries[orphan].displayPath), stage: .link)
        }
    }
}
