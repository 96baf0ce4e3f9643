import AttacheBenchKit
@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("Hostile and broken input")
struct HardeningTests {
    @Test func deeplyNestedMarkdownDoesNotCrash() throws {
        let lists = (0..<10_000).map { String(repeating: "  ", count: min($0, 400)) + "- item" }.joined(separator: "\n")
        let quotes = String(repeating: ">", count: 10_000) + " deep"
        let brackets = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let emphasis = String(repeating: "*a ", count: 20_000)
        let site = try TestSite([
            "Content/strategies/lists.md": entry("Lists", body: lists),
            "Content/strategies/quotes.md": entry("Quotes", body: quotes),
            "Content/strategies/brackets.md": entry("Brackets", body: brackets + "\n\n" + emphasis),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(site.read("Output/strategies/quotes/index.html")?.contains("deep") == true)
    }

    @Test func aLargeEntryBuilds() throws {
        let paragraph = String(repeating: "word ", count: 200) + "[[other]]\n\n"
        let body = String(repeating: paragraph, count: 20_000) // about 20 MB
        let site = try TestSite([
            "Content/strategies/big.md": entry("Big", body: body),
            "Content/strategies/other.md": entry("Other", body: "[[big]]"),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        let size = try FileManager.default.attributesOfItem(atPath: site.path("Output/strategies/big/index.html"))[.size] as? Int ?? 0
        #expect(size > 20_000_000)
    }

    @Test func wikiLinksCannotNameFilesOutsideTheSite() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "[[../../etc/passwd]] and [x](../../../etc/passwd.md)")])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/strategies/a.md:4:1: error: wiki-link `[[../../etc/passwd]]` names no entry",
            "Content/strategies/a.md:4:26: error: link `../../../etc/passwd.md` points outside the content folder",
        ])
    }

    @Test func symlinksOutOfTheContentFolderAreRefused() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        try site.write(entry("Secret"), to: "outside/secret.md")
        try FileManager.default.createSymbolicLink(atPath: site.path("Content/strategies/secret.md"), withDestinationPath: site.path("outside/secret.md"))
        let errors = site.build().errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Content/strategies/secret.md:1:1: error: symbolic link points outside the content folder") == true)
    }

    /// The scanner takes types from the folder listing: links inside the
    /// content folder are followed (a linked folder once), broken ones are
    /// skipped with a warning, hidden files and non-Markdown files are ignored.
    @Test func theScannerFollowsLinksInsideTheContentFolderOnly() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", body: "[[b]] [[c]]"),
            "Content/shared/b.md": entry("B", body: "[[a]]"),
            "Content/strategies/.hidden.md": "not an entry",
            "Content/strategies/notes.txt": "not an entry",
        ])
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.path("Content/strategies/c.md"), withDestinationPath: site.path("Content/shared/b.md"))
        try FileManager.default.createSymbolicLink(atPath: site.path("Content/strategies/gone.md"), withDestinationPath: site.path("Content/nowhere.md"))
        try FileManager.default.createSymbolicLink(atPath: site.path("Content/linked"), withDestinationPath: site.path("Content/shared"))
        var diagnostics: [Diagnostic] = []
        let listing = ContentScanner(root: site.path("Content"), paths: DisplayPaths(workingDirectory: site.path(""))).scan(diagnostics: &diagnostics)
        #expect(listing.markdownFiles == ["linked/b.md", "shared/b.md", "strategies/a.md", "strategies/c.md"])
        #expect(listing.topLevelFolders == ["linked", "shared"] + ["strategies"])
        #expect(diagnostics.map(\.description) == ["Content/strategies/gone.md:1:1: warning: broken symbolic link, skipped"])
    }

    @Test func titlesThatDifferOnlyInCaseAreAmbiguous() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("Naval diplomacy", body: "[[b]]"),
            "Content/strategies/b.md": entry("Naval Diplomacy", body: "[[naval diplomacy]]"),
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.warnings == [
            "Content/strategies/a.md:1:1: warning: orphan: no relation or link points to `a`",
            "Content/strategies/b.md:1:1: warning: the name `Naval Diplomacy` is also a title or alias of `a` (Content/strategies/a.md); `[[Naval Diplomacy]]` will be ambiguous",
        ])
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.contains("matches more than one entry") == true)
    }

    @Test func wrongTypesInFrontMatterAreDiagnosed() throws {
        let site = try TestSite(["Content/case-studies/c.md": "---\ntitle: [a, b]\ndraft: maybe\nstrategies: {x: 1}\ndate: yesterday\n---\n"])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/case-studies/c.md:2:8: error: `title` must be text, not a list",
            "Content/case-studies/c.md:3:8: error: `draft` must be true or false",
            // A mapping is a dated relation value now (`{to: slug, from: 1952}`): this one has neither.
            "Content/case-studies/c.md:4:13: error: a value of `strategies` written as a mapping needs `to:` with the slug it points to",
            "Content/case-studies/c.md:4:14: error: unknown key `x` in a value of `strategies` (known: to, from, until, note)",
            "Content/case-studies/c.md:5:7: error: `date` must be a date such as 2024-05-01 or a date and time such as 2024-05-01T10:00:00Z (got `yesterday`)",
        ])
    }

    @Test func datesMustBeRealAndAreNormalisedToRFC3339() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A", "date: 2024-02-30"),
            "Content/strategies/b.md": entry("B", "updated: 2024-06-03T25:99:00Z"),
            "Content/strategies/c.md": entry("C", "updated: 2024-06-01 10:30"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/strategies/a.md:3:7: error: `date`: 2024-02-30 is not a day of the calendar (got `2024-02-30`)",
            "Content/strategies/b.md:3:10: error: `updated`: 25:99:00 is not a time of day (got `2024-06-03T25:99:00Z`)",
        ])
        #expect(try EntryDate.parse("2024-06-01 10:30").get().text == "2024-06-01T10:30:00Z")
        #expect(try EntryDate.parse("2024-06-02T09:15:00+0200").get().text == "2024-06-02T09:15:00+02:00")
        #expect(try EntryDate.parse("2024-02-29").get().rfc3339 == "2024-02-29T00:00:00Z")
        #expect(throws: EntryDate.ParseProblem.self) { try EntryDate.parse("2023-02-29").get() }
        #expect(throws: EntryDate.ParseProblem.self) { try EntryDate.parse("2024-06-01T10:30:00Zjunk").get() }
        #expect(try EntryDate.parse("1970-01-02T01:00:00+01:00").get().instant == 86_400)
    }

    @Test func feedOrdersEntriesByInstantAcrossTimeZones() throws {
        let site = try TestSite([
            // 09:00+02:00 is 07:00 UTC, earlier than 08:00Z although it sorts later as text.
            "Content/strategies/east.md": entry("East", "updated: 2024-06-01T09:00:00+02:00"),
            "Content/strategies/west.md": entry("West", "updated: 2024-06-01T08:00:00Z"),
            "Content/strategies/none.md": entry("None"),
        ], siteYML: "title: T\nbase_url: https://example.org/\n")
        defer { site.remove() }
        #expect(site.build().errors == [])
        let feed = try #require(site.read("Output/feed.xml"))
        let order = ["West", "East", "None"].map { feed.range(of: "<title>\($0)</title>")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(feed.contains("<updated>2024-06-01T09:00:00+02:00</updated>"))
    }

    @Test func accentedFileNamesGetAnASCIISuggestion() throws {
        let site = try TestSite(["Content/strategies/côte-d-ivoire.md": entry("Côte d'Ivoire")])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/strategies/côte-d-ivoire.md:1:1: error: file name `côte-d-ivoire.md` is not a valid slug (lowercase letters, digits and hyphens only); rename it to `cote-d-ivoire.md`",
        ])
    }

    @Test func unknownKindInTaxonomyIsAnError() throws {
        let taxonomy = "kinds:\n  a:\n    relations:\n      r:\n        to: [b]\n"
        let site = try TestSite(["Content/a/x.md": entry("X")], taxonomy: taxonomy)
        defer { site.remove() }
        #expect(site.build().errors == ["Content/taxonomy.yml:5:14: error: relation `r` of kind `a` points to unknown kind `b` (kinds: a)"])
    }

    /// Kills real builds at random moments: the published folder must always
    /// be one complete build, and the next build must succeed.
    @Test func aKilledBuildLeavesThePreviousOutputComplete() throws {
        let binary = TestSite.repositoryRoot + "/.build/debug/attache"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the attache executable first (swift build)")
        let site = try TestSite([:])
        defer { site.remove() }
        try CorpusGenerator(entryCount: 150).write(to: site.path("Content"))
        func build() throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["build", "--content", site.path("Content"), "--templates", TestSite.defaultTemplates, "--output", site.path("Output")]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let first = try build()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let complete = site.snapshot("Output")
        #expect(complete.count > 150)
        var generator = SeededGenerator()
        for round in 0..<12 {
            let process = try build()
            usleep(UInt32.random(in: 0...250_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = site.snapshot("Output").filter { $0.key != ".attache-output" }
            #expect(now == complete.filter { $0.key != ".attache-output" }, "round \(round): Output changed after a kill; \(generator.replay)")
        }
        let last = try build()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("staging") }
        #expect(leftovers == [])
    }

    /// Peak memory of real builds (the attache executable's own high-water mark): eight times the entries may cost at most eight times the
    /// memory, and a 5 MB entry must not cost more than a few dozen times its size.
    @Test func peakMemoryGrowsLinearly() throws {
        let binary = TestSite.repositoryRoot + "/.build/debug/attache"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the attache executable first (swift build)")
        func peakMiB(_ content: String, _ output: String) throws -> Double {
            // The build reports its own high-water mark (VmHWM) with --timings;
            // the kernel's rusage for a spawned child would include this test
            // process's memory too.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["build", "--content", content, "--templates", TestSite.defaultTemplates, "--output", output, "--timings"]
            let errors = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errors
            try process.run()
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("peak memory ") })
            return try #require(Double(line.split(separator: " ")[2]))
        }
        let site = try TestSite([:])
        defer { site.remove() }
        try CorpusGenerator(entryCount: 100).write(to: site.path("small"))
        try CorpusGenerator(entryCount: 800).write(to: site.path("large"))
        let small = try peakMiB(site.path("small"), site.path("out-small"))
        let large = try peakMiB(site.path("large"), site.path("out-large"))
        #expect(large < small * 8 && large > small, "100 entries: \(small) MiB, 800 entries: \(large) MiB")

        let paragraph = "Military diplomacy uses defence cooperation, joint exercises and dialogue to build trust. "
        let body = String(repeating: String(repeating: paragraph, count: 10) + "\n\n", count: 5_500) // about 5 MB
        try site.write(entry("Big", body: body), to: "big/notes/big.md")
        try site.write("title: Big\n", to: "big/site.yml")
        let big = try peakMiB(site.path("big"), site.path("out-big"))
        #expect(big < 200, "a 5 MB entry peaked at \(big) MiB")
    }
}
