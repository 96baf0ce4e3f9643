@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

@Suite("Diagnostics at the exact spot")
struct DiagnosticTests {
    @Test func missingTitle() throws {
        let site = try TestSite(["Content/strategies/a.md": "---\nsummary: no title\n---\nBody\n"])
        defer { site.remove() }
        #expect(site.build().errors == ["Content/strategies/a.md:1:1: error: front matter has no `title`; it is required"])
    }

    @Test func yamlErrorPointsAtItsLineInTheFile() throws {
        let site = try TestSite(["Content/strategies/a.md": "---\ntitle: A\nsummary: [unclosed\nregions: x\n---\nBody\n"])
        defer { site.remove() }
        let errors = site.build().errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Content/strategies/a.md:5:") == true || errors.first?.hasPrefix("Content/strategies/a.md:4:") == true)
        #expect(errors.first?.contains("error: invalid YAML") == true)
    }

    @Test func wrongYAMLTypeIsReportedAtTheValue() throws {
        let site = try TestSite(["Content/strategies/a.md": "---\ntitle: A\nregions:\n  nested: map\n---\nBody\n"])
        defer { site.remove() }
        #expect(site.build().errors == ["Content/strategies/a.md:4:3: error: `regions` must be a value or a list of values, not a mapping"])
    }

    @Test func unterminatedAndMissingFrontMatter() throws {
        let site = try TestSite([
            "Content/strategies/a.md": "---\ntitle: A\nBody without a closing fence\n",
            "Content/strategies/b.md": "Just text\n",
            "Content/strategies/c.md": "",
        ])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/strategies/a.md:1:1: error: front matter is never closed: did you forget the closing `---` line?",
            "Content/strategies/b.md:1:1: error: missing front matter: an entry starts with a `---` line, then YAML with at least `title:`, then `---`",
            "Content/strategies/c.md:1:1: error: file is empty; an entry needs front matter with at least a `title`",
        ])
    }

    @Test func invalidUTF8AndBinaryFiles() throws {
        let site = try TestSite([:])
        defer { site.remove() }
        try site.write(Data("---\ntitle: A\n---\nok \u{00}".utf8), to: "Content/strategies/bin.md")
        try site.write(Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x20, 0xFF, 0x0A]), to: "Content/strategies/bad.md")
        #expect(site.build().errors == [
            "Content/strategies/bad.md:2:4: error: file is not valid UTF-8 (first bad byte here); save it as UTF-8",
            "Content/strategies/bin.md:4:4: error: file contains a NUL byte; it looks binary, not Markdown",
        ])
    }

    @Test func bomAndCRLFAreTolerated() throws {
        let text = "\u{FEFF}---\r\ntitle: A\r\n---\r\nSee [[missing]].\r\n"
        let site = try TestSite(["Content/strategies/a.md": text])
        defer { site.remove() }
        #expect(site.build().errors == ["Content/strategies/a.md:4:5: error: wiki-link `[[missing]]` names no entry"])
    }

    @Test func invalidSlugAndDuplicateSlug() throws {
        let site = try TestSite([
            "Content/strategies/Bad Name.md": entry("Bad"),
            "Content/strategies/same.md": entry("Same one"),
            "Content/organizations/same.md": entry("Same two"),
        ])
        defer { site.remove() }
        #expect(site.build().errors == [
            "Content/organizations/same.md:1:1: error: slug `same` is already used by Content/strategies/same.md; slugs are unique across the site",
        ] || site.build().errors.contains("Content/strategies/Bad Name.md:1:1: error: file name `Bad Name.md` is not a valid slug (lowercase letters, digits and hyphens only); rename it to `bad-name.md`"))
        let errors = site.build().errors
        #expect(errors.contains("Content/strategies/Bad Name.md:1:1: error: file name `Bad Name.md` is not a valid slug (lowercase letters, digits and hyphens only); rename it to `bad-name.md`"))
        #expect(errors.contains("Content/strategies/same.md:1:1: error: slug `same` is already used by Content/organizations/same.md; slugs are unique across the site"))
    }

    @Test func markdownOutsideEveryKindFolder() throws {
        let site = try TestSite(["Content/stray.md": entry("Stray"), "Content/misc/x.md": entry("X")])
        defer { site.remove() }
        let expected = "this Markdown file is outside every kind's folder; entries belong in one of: case-studies/, organizations/, strategies/"
        #expect(site.build().errors == [
            "Content/misc/x.md:1:1: error: " + expected,
            "Content/stray.md:1:1: error: " + expected,
        ])
    }

    @Test func unknownFieldIsAWarningWithASuggestion() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", "summry: typo\nregion: [Africa]")])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/strategies/a.md:3:1: warning: unknown front-matter field `summry` for a strategy type entry; did you mean `summary`?",
            "Content/strategies/a.md:4:1: warning: unknown front-matter field `region` for a strategy type entry; did you mean `regions`?",
        ])
    }

    @Test func siteNeedsATitle() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")], siteYML: "description: no title\n")
        defer { site.remove() }
        #expect(site.build().errors == ["Content/site.yml:1:1: error: site.yml has no `title`; it is required"])
    }

    @Test func failedBuildLeavesThePreviousOutputExactlyAsItWas() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "First version.")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let before = site.snapshot("Output")
        try site.write(entry("A", body: "Second version with [[broken]] link."), to: "Content/strategies/a.md")
        let report = site.build()
        #expect(report.errors.count == 1)
        #expect(report.summaryLine.hasPrefix("Build failed: 1 error, 0 warnings"))
        #expect(site.snapshot("Output") == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.contains("staging") }
        #expect(leftovers == [])
    }

    @Test func outputMayNotBeTheContentFolderOrHoldForeignFiles() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        let intoContent = site.build(output: "Content")
        #expect(intoContent.errors.count == 1)
        #expect(intoContent.errors.first?.contains("is the same as") == true)
        let parent = site.build(output: ".")
        #expect(parent.errors.first?.contains("a parent of") == true)
        try site.write("keep me", to: "Elsewhere/notes.txt")
        let foreign = site.build(output: "Elsewhere")
        #expect(foreign.errors.first?.contains("holds files Attaché did not write (`notes.txt`); refusing to replace it") == true)
        #expect(site.read("Elsewhere/notes.txt") == "keep me")
    }

    /// A templates folder replaces the built-in theme file by file, so a
    /// page template or the card it lacks comes from the built-in theme; a
    /// partial or parent that no theme file provides is an error at its use.
    @Test func missingPartialAndParentNameTheTemplate() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A"),
            "Templates/home.mustache": "{{> partials/nav}}\n",
            "Templates/kind.mustache": "k", "Templates/entry.mustache": "line one\n  {{<layout}}{{/layout}}",
            "Templates/facet.mustache": "f", "Templates/term.mustache": "t",
        ])
        defer { site.remove() }
        #expect(site.build(templates: "Templates").errors == [
            "Templates/entry.mustache:2:3: error: parent template `layout` does not exist (expected layout.mustache in the templates folder)",
            "Templates/home.mustache:1:1: error: partial `partials/nav` does not exist (expected partials/nav.mustache in the templates folder)",
        ])
    }

    @Test func jsonFormatHasADocumentedShape() throws {
        var log = DiagnosticLog()
        log.add(.error("boom", at: SourceLocation(path: "a.md", line: 3, column: 7), stage: .link))
        log.add(.warning("hm", at: SourceLocation(path: "a.md", line: 1, column: 1), stage: .load))
        log.add(.error("gone", at: .whole("Content/x/y"), stage: .load))
        let object = try JSONSerialization.jsonObject(with: Data(log.formattedJSON().utf8)) as? [String: Any]
        #expect(object?["errors"] as? Int == 2)
        #expect(object?["warnings"] as? Int == 1)
        let items = try #require(object?["diagnostics"] as? [[String: Any]])
        #expect(items.count == 3)
        // A whole folder: no position (null), and slashes as they are.
        #expect(items[0]["path"] as? String == "Content/x/y")
        #expect(items[0]["line"] is NSNull && items[0]["column"] is NSNull)
        #expect(log.formattedJSON().contains("\"path\":\"Content/x/y\""))
        #expect(log.formattedText().contains("Content/x/y: error: gone\n"))
        #expect(items[1]["severity"] as? String == "warning")
        #expect(items[2]["line"] as? Int == 3)
        #expect(items[2]["column"] as? Int == 7)
        #expect(items[2]["path"] as? String == "a.md")
        #expect(items[2]["message"] as? String == "boom")
        #expect(items[2]["stage"] as? String == "link")
    }
}
