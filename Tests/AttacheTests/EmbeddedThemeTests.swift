@testable import AttacheModel
@testable import AttacheRender
@testable import AttacheSite
@testable import AttacheTheme
import Foundation
import Testing

/// The default theme lives twice: Templates/ (the copy to edit) and the
/// binary (generated from it by `make theme`). These tests keep them equal
/// and check that a site needs no templates folder, and that a folder
/// replaces the built-in theme one file at a time.
@Suite("The built-in theme")
struct EmbeddedThemeTests {
    @Test func theBinaryCarriesTemplatesFolderByteForByte() throws {
        let folder = TestSite.defaultTemplates
        let onDisk = Theme.listFiles(folder)
        #expect(!onDisk.isEmpty)
        #expect(BuiltInTheme.paths == onDisk, "the built-in theme's files differ from Templates/; run `make theme`")
        for path in onDisk {
            let bytes = try #require(FileSystem.readBytes(atPath: folder + "/" + path))
            #expect(BuiltInTheme.contents(of: path) == bytes, "\(path) differs from Templates/\(path); run `make theme`")
        }
    }

    @Test func aSiteWithoutTemplatesBuildsTheSameAsWithTheShippedFolder() throws {
        let site = try TestSite(GraphTests.files)
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: nil, outputDirectory: site.path("BuiltIn"), jobs: 2)
        options.buildDate = "2024-01-01T00:00:00Z"
        let builtIn = SiteBuilder(options: options, workingDirectory: site.root.path).run()
        #expect(builtIn.errors == [])
        options.templatesDirectory = TestSite.defaultTemplates
        options.outputDirectory = site.path("Folder")
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().errors == [])
        let a = site.snapshot("BuiltIn")
        #expect(a.keys.contains("assets/style.css") && a.keys.contains("graph/index.html"))
        #expect(a == site.snapshot("Folder"))
    }

    @Test func theUsualTemplatesFolderMayBeMissingButANamedOneMustExist() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A")])
        defer { site.remove() }
        var options = BuildOptions(contentDirectory: site.path("Content"), templatesDirectory: site.path("Templates"), outputDirectory: site.path("Output"), jobs: 2)
        options.templatesDirectoryMustExist = false
        #expect(SiteBuilder(options: options, workingDirectory: site.root.path).run().errors == [])
        #expect(site.read("Output/strategies/a/index.html")?.contains("<h1") == true)
        options.templatesDirectoryMustExist = true
        let report = SiteBuilder(options: options, workingDirectory: site.root.path).run()
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.hasPrefix("Templates: error: templates folder does not exist") == true, "\(report.errors)")
    }

    @Test func aFolderReplacesOnePartialOrOneStylesheetAndKeepsTheRest() throws {
        let site = try TestSite([
            "Content/strategies/a.md": entry("A"),
            "Templates/partials/footer.mustache": "<footer class=\"mine\">My footer</footer>\n",
            "Templates/assets/style.css": "body { color: teal }\n",
            "Templates/assets/extra.js": "console.log(1)\n",
        ])
        defer { site.remove() }
        #expect(site.build(templates: "Templates").errors == [])
        let page = try #require(site.read("Output/strategies/a/index.html"))
        #expect(page.contains("<footer class=\"mine\">My footer</footer>"))
        #expect(page.contains("class=\"site-header"), "the built-in header is still used")
        #expect(site.read("Output/assets/style.css") == "body { color: teal }\n")
        #expect(site.read("Output/assets/extra.js") == "console.log(1)\n")
        #expect(site.read("Output/assets/search.js") == String(decoding: BuiltInTheme.contents(of: "assets/search.js") ?? [], as: UTF8.self))
    }

    @Test func anErrorInAnOverridingTemplateNamesTheFolderFile() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A"), "Templates/partials/footer.mustache": "{{#open}}\n"])
        defer { site.remove() }
        let errors = site.build(templates: "Templates").errors
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("Templates/partials/footer.mustache:") == true, "\(errors)")
    }
}
