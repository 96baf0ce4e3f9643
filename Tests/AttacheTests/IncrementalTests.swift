@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("Incremental rebuilds")
struct IncrementalTests {
    static let files: [String: String] = [
        "Content/strategies/peacekeeping.md": entry("Peacekeeping", "summary: Keeping the peace.\nregions: [Africa]",
                                                    body: "## History\n\nBlue helmets since 1948. See [[nato#members]].\n\n## Today\n\nMany missions."),
        "Content/strategies/exercises.md": entry("Joint exercises", "summary: Training together.", body: "Drills with [[Peacekeeping]]."),
        "Content/organizations/nato.md": entry("NATO", "runs: [peacekeeping, exercises]\nregions: [Europe]", body: "## Members\n\nThirty-two states."),
        "Content/case-studies/amisom.md": entry("AMISOM", "strategies: [peacekeeping]\norganizations: [nato]", body: "A mission in Somalia."),
        // One neighbour (joint exercises): its local graph also draws that entry's neighbours, two hops away.
        "Content/organizations/lone.md": entry("Lone", "runs: [exercises]"),
    ]

    @Test func everyUpdateLeavesTheSameOutputAsACleanBuild() throws {
        let site = try TestSite(Self.files)
        defer { site.remove() }
        let live = IncrementalSite(options: BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: TestSite.defaultTemplates,
                                                         outputDirectory: site.path("Live"), jobs: 2),
                                   workingDirectory: site.root.path)
        #expect(live.rebuild().succeeded)

        /// Applies a change, updates the live site, and compares it with a clean build.
        enum Expected { case incremental, full, nothing }
        func step(_ what: String, changed: [String], expect: Expected, succeeds: Bool = true,
                  _ change: () throws -> Void) throws {
            try change()
            let (report, outcome) = live.update(changedPaths: Set(changed.map { site.path($0) }))
            #expect(report.succeeded == succeeds, "\(what): \(report.lines)")
            if expect == .nothing {
                #expect(outcome == .updated([]), "\(what)")
            } else if expect == .incremental {
                guard case .updated(let written) = outcome, !written.isEmpty else {
                    Issue.record("\(what): expected an incremental update, got \(outcome)")
                    return
                }
            } else {
                #expect(outcome == .fullBuild, "\(what)")
            }
            guard succeeds else { return }
            #expect(site.build(output: "Clean").succeeded)
            let liveFiles = site.snapshot("Live")
            let cleanFiles = site.snapshot("Clean")
            #expect(Set(liveFiles.keys) == Set(cleanFiles.keys), "\(what)")
            let different = liveFiles.keys.filter { liveFiles[$0] != cleanFiles[$0] }.sorted()
            #expect(different == [], "\(what)")
        }

        let amisom = "Content/case-studies/amisom.md"
        let peacekeeping = "Content/strategies/peacekeeping.md"
        try step("new words in a body", changed: [peacekeeping], expect: .incremental) {
            try site.write(entry("Peacekeeping", "summary: Keeping the peace.\nregions: [Africa]",
                                 body: "## History\n\nBlue helmets since 1948, unarmed observers first. See [[nato#members]].\n\n## Today\n\nMany missions, zebra."), to: peacekeeping)
        }
        try step("words removed, same links and headings", changed: [peacekeeping], expect: .incremental) {
            try site.write(entry("Peacekeeping", "summary: Keeping the peace.\nregions: [Africa]",
                                 body: "## History\n\nSince 1948. See [[nato#members|the members]].\n\n## Today\n\nSome."), to: peacekeeping)
        }
        try step("an editor backup file", changed: ["Content/strategies/peacekeeping.md~"], expect: .nothing) {
            try site.write("backup", to: "Content/strategies/peacekeeping.md~")
        }
        try step("a link to another entry", changed: [amisom], expect: .full) {
            try site.write(entry("AMISOM", "strategies: [peacekeeping]\norganizations: [nato]", body: "A mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("a new heading", changed: [amisom], expect: .full) {
            try site.write(entry("AMISOM", "strategies: [peacekeeping]\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("a new summary", changed: [amisom], expect: .full) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies: [peacekeeping]\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("a relation target added", changed: [amisom], expect: .incremental) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies: [peacekeeping, exercises]\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("relation targets reordered, written as a block list", changed: [amisom], expect: .incremental) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies:\n  - exercises\n  - peacekeeping\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("a relation below its minimum", changed: [amisom], expect: .full, succeeds: false) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies: []\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        try step("fixed again", changed: [amisom], expect: .full) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies: [exercises]\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia; see [[exercises]]."), to: amisom)
        }
        // NATO no longer runs joint exercises: Lone's graph (one neighbour, joint exercises) loses NATO two hops away.
        try step("a relation target removed", changed: ["Content/organizations/nato.md"], expect: .incremental) {
            try site.write(entry("NATO", "runs: [peacekeeping]\nregions: [Europe]", body: "## Members\n\nThirty-two states."), to: "Content/organizations/nato.md")
        }
        try step("an entry renamed", changed: [amisom, "Content/case-studies/au-somalia.md"], expect: .full) {
            try FileManager.default.moveItem(atPath: site.path(amisom), toPath: site.path("Content/case-studies/au-somalia.md"))
        }
        #expect(!site.exists("Live/case-studies/amisom/index.html"))
        try step("a linked entry deleted", changed: ["Content/strategies/exercises.md"], expect: .full, succeeds: false) {
            try FileManager.default.removeItem(atPath: site.path("Content/strategies/exercises.md"))
        }
        // The last good site stays while the content has errors.
        #expect(site.exists("Live/strategies/exercises/index.html"))
        try step("the links removed after the failed build", changed: ["Content/case-studies/au-somalia.md", "Content/organizations/lone.md"], expect: .full) {
            try site.write(entry("AMISOM", "summary: The AU's mission.\nstrategies: [peacekeeping]\norganizations: [nato]", body: "## Mandate\n\nA mission in Somalia."), to: "Content/case-studies/au-somalia.md")
            try site.write(entry("Lone", "runs: [peacekeeping]"), to: "Content/organizations/lone.md")
        }
        #expect(!site.exists("Live/strategies/exercises/index.html"))
        try step("an entry added", changed: ["Content/strategies/deterrence.md"], expect: .full) {
            try site.write(entry("Deterrence", body: "Linked from nowhere, about [[peacekeeping]]."), to: "Content/strategies/deterrence.md")
        }
        try step("a relation to an orphan (it is one no more)", changed: ["Content/organizations/nato.md"], expect: .full) {
            try site.write(entry("NATO", "runs: [peacekeeping, deterrence]\nregions: [Europe]", body: "## Members\n\nThirty-two states."), to: "Content/organizations/nato.md")
        }
        try step("a body edit after all that", changed: ["Content/strategies/deterrence.md"], expect: .incremental) {
            try site.write(entry("Deterrence", body: "Still about [[peacekeeping]], with new words."), to: "Content/strategies/deterrence.md")
        }
        // An embed shows one note's text in another page: edits on either side are full builds.
        try step("an embed added", changed: ["Content/strategies/deterrence.md"], expect: .full) {
            try site.write(entry("Deterrence", body: "Still about [[peacekeeping]], with new words.\n\n![[peacekeeping#Today]]"), to: "Content/strategies/deterrence.md")
        }
        try step("the embedded section edited", changed: [peacekeeping], expect: .full) {
            try site.write(entry("Peacekeeping", "summary: Keeping the peace.\nregions: [Africa]",
                                 body: "## History\n\nSince 1948. See [[nato#members|the members]].\n\n## Today\n\nMore missions than ever."), to: peacekeeping)
        }
        try step("the embedding note's text edited", changed: ["Content/strategies/deterrence.md"], expect: .full) {
            try site.write(entry("Deterrence", body: "About [[peacekeeping]].\n\n![[peacekeeping#Today]]"), to: "Content/strategies/deterrence.md")
        }
        try step("a link by heading text", changed: ["Content/strategies/deterrence.md"], expect: .full) {
            try site.write(entry("Deterrence", body: "About [[peacekeeping#History]]."), to: "Content/strategies/deterrence.md")
        }
        try step("a body edit keeping the link by heading text", changed: ["Content/strategies/deterrence.md"], expect: .incremental) {
            try site.write(entry("Deterrence", body: "Mostly about [[peacekeeping#History]]."), to: "Content/strategies/deterrence.md")
        }
        try step("a path outside the content and templates", changed: ["elsewhere/file.txt"], expect: .full) {}
    }
}
