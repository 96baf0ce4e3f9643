@testable import AttacheModel
@testable import AttacheLoad
@testable import AttacheMarkdown
@testable import AttacheGraph
@testable import AttacheRender
@testable import AttacheSite
import Foundation
import Testing

/// A whole tiny site in a temporary folder: files from a dictionary, built
/// with the shipped default theme unless a test brings its own templates.
struct TestSite {
    let root: URL

    /// The repository's Templates/ folder (the default theme).
    static let defaultTemplates = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Templates").path
    static let repositoryRoot = URL(fileURLWithPath: defaultTemplates).deletingLastPathComponent().path

    static let minimalTaxonomy = """
    kinds:
      strategy:
        folder: strategies
        title: Strategy types
        singular: Strategy type
      organization:
        folder: organizations
        title: Organizations
        singular: Organization
        relations:
          runs:
            to: strategy
            inverse: Run by
      case-study:
        folder: case-studies
        title: Case studies
        singular: Case study
        relations:
          strategies:
            to: strategy
            inverse: Case studies
            min: 1
          organizations:
            to: [organization]
            inverse: Case studies
    facets:
      regions:
        title: Regions
    """

    init(_ files: [String: String], siteYML: String? = "title: Test KB\n", taxonomy: String? = TestSite.minimalTaxonomy) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("attache-test-\(UUID().uuidString)")
        var all = files
        if let siteYML, all["Content/site.yml"] == nil { all["Content/site.yml"] = siteYML }
        if let taxonomy, all["Content/taxonomy.yml"] == nil { all["Content/taxonomy.yml"] = taxonomy }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        for (path, text) in all { try write(text, to: path) }
    }

    func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    @discardableResult
    func build(templates: String? = nil, output: String = "Output", drafts: Bool = false, jobs: Int = 2, writes: Bool = true,
               urlStyle: URLStyle? = nil, buildDate: String? = nil) -> BuildReport {
        var options = BuildOptions(
            contentDirectory: path("Content"),
            templatesDirectory: templates.map(path) ?? TestSite.defaultTemplates,
            outputDirectory: path(output),
            includeDrafts: drafts, jobs: jobs, writesOutput: writes)
        options.urlStyleOverride = urlStyle
        options.buildDate = buildDate
        return SiteBuilder(options: options, workingDirectory: root.path).run()
    }

    func check() -> BuildReport { build(writes: false) }

    func read(_ relative: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path(relative)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Every file below a folder, relative to it, with its bytes.
    func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let base = path(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return files }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = FileManager.default.contents(atPath: base + "/" + relative)
            }
        }
        return files
    }
}

extension BuildReport {
    /// Diagnostics as printed, one per line.
    var lines: [String] { diagnostics.sorted.map(\.description) }
    var errors: [String] { diagnostics.sorted.filter { $0.severity == .error }.map(\.description) }
    var warnings: [String] { diagnostics.sorted.filter { $0.severity == .warning }.map(\.description) }
}

/// A minimal entry file.
func entry(_ title: String, _ fields: String = "", body: String = "Body text.") -> String {
    "---\ntitle: \(title)\n\(fields.isEmpty ? "" : fields + "\n")---\n\(body)\n"
}

extension TemplateLibrary {
    /// A folder's templates over the built-in theme, loaded as a build loads them.
    static func load(directory: String, paths: DisplayPaths, diagnostics: inout [Diagnostic]) -> TemplateLibrary? {
        guard let theme = Theme.load(folder: directory, mustExist: true, paths: paths, diagnostics: &diagnostics) else { return nil }
        return load(theme: theme, paths: paths, diagnostics: &diagnostics)
    }
}
