import Foundation
import Mustache
import AttacheModel
import AttacheMarkdown
import AttacheGraph

/// The theme's Mustache templates, compiled once and checked up front: a
/// page kind without a template, or a partial or parent that does not exist,
/// is an error naming the template file.
package struct TemplateLibrary: Sendable {
    /// Page templates the builder renders, by name (`Templates/<name>.mustache`).
    static let pageTemplates = ["home", "kind", "entry", "facet", "term", "404"]
    /// Renders one entry card; every list of entries reuses its output as `html`.
    package static let cardTemplate = "partials/card"
    /// Render one timeline event (in each view) and one source's reference, once per link root.
    package static let eventTemplate = "partials/event"
    package static let referenceTemplate = "partials/reference"
    /// Partials rendered once per section and offered to every page as `chrome.<key>`.
    package static let chromeTemplates: [(key: ModelKey, template: String)] = [(.header, "partials/header"), (.footer, "partials/footer")]

    /// swift-mustache's parse of the same templates: only the tests' oracle
    /// renders with it (`BuildOptions.rendersWithSwiftMustache`, which sets
    /// `compiled` to nil). A template it cannot parse is left out of it.
    let library: MustacheLibrary
    /// The templates as Attaché renders them: `MustacheParser`'s parse, `CompiledTemplates`' interpreter.
    package var compiled: CompiledTemplates?

    /// Compiles the theme's templates: the built-in ones, and a templates
    /// folder's in their place (see Theme).
    package static func load(theme: Theme, paths: DisplayPaths, diagnostics: inout [Diagnostic]) -> TemplateLibrary? {
        var library = MustacheLibrary()
        var sources: [String: (text: String, path: String)] = [:]
        var parsed: [String: CompiledTemplates.Template] = [:]
        /// Templates with a syntax error: reported once, not again as missing.
        var unparsed: Set<String> = []
        let errorsBefore = diagnostics.count { $0.severity == .error }
        for relative in theme.templateFiles {
            let display = theme.displayPath(of: relative, paths: paths)
            guard let bytes = theme.contents(of: relative) else {
                diagnostics.append(.error("cannot read template", at: .whole(display), stage: .load))
                continue
            }
            guard case .success(let text) = SourceText.decode(bytes) else {
                diagnostics.append(.error("template is not valid UTF-8 text", at: .whole(display), stage: .load))
                continue
            }
            let name = String(relative.dropLast(".mustache".count))
            do {
                let template = try MustacheParser.parse(text)
                parsed[name] = template.template
                sources[name] = (text, display)
                UnknownTemplateNames.warn(about: template.names, in: display, diagnostics: &diagnostics)
            } catch {
                unparsed.insert(name)
                diagnostics.append(.error("template syntax error: \(error.message)", at: SourceLocation(path: display, line: error.line, column: error.column), stage: .load))
                continue
            }
            if let oracle = try? MustacheTemplate(string: text) { library.register(oracle, named: name) }
        }
        // The built-in theme has every page template and the card; these
        // guard it (and a build with a theme of another version).
        for page in pageTemplates where sources[page] == nil && !unparsed.contains(page) {
            diagnostics.append(.error("no template for page kind `\(page)`: expected \(page).mustache in the templates folder", at: .whole(theme.displayPath(of: page + ".mustache", paths: paths)), stage: .load))
        }
        if sources[cardTemplate] == nil && !unparsed.contains(cardTemplate) {
            diagnostics.append(.error("no template for entry cards: expected \(cardTemplate).mustache in the templates folder", at: .whole(theme.displayPath(of: cardTemplate + ".mustache", paths: paths)), stage: .load))
        }
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            for reference in TemplateReferences.scan(source.text) where sources[reference.name] == nil && !unparsed.contains(reference.name) {
                let what = reference.isParent ? "parent template" : "partial"
                diagnostics.append(.error("\(what) `\(reference.name)` does not exist (expected \(reference.name).mustache in the templates folder)", at: SourceLocation(path: source.path, line: reference.line, column: reference.column), stage: .load))
            }
            _ = name
        }
        let errorsAfter = diagnostics.count { $0.severity == .error }
        return errorsAfter == errorsBefore ? TemplateLibrary(library: library, compiled: CompiledTemplates(parsed)) : nil
    }

    /// Whether some template looks up `name`.
    package func uses(_ name: String) -> Bool { compiled?.names.contains(name) ?? true }

    package func render(_ context: Any, template: String) -> String? {
        if let compiled { return compiled.render(context, template: template) }
        return library.render(context, withTemplate: template)
    }

    /// `render` as UTF-8 bytes (no String made only to be written out).
    package func renderUTF8(_ context: Any, template: String) -> [UInt8]? {
        if let compiled { return compiled.renderUTF8(context, template: template) }
        return library.render(context, withTemplate: template).map { Array($0.utf8) }
    }
}

/// Finds `{{> name}}` and `{{< name}}` tags, so missing partials are caught
/// before rendering (swift-mustache would silently render them as nothing).
package enum TemplateReferences {
    package struct Reference: Equatable {
        var name: String
        var isParent: Bool
        var line: Int
        var column: Int
    }

    static func scan(_ text: String) -> [Reference] {
        var references: [Reference] = []
        let bytes = Array(text.utf8)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1; i += 1; continue }
            guard i + 2 < bytes.count, bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{"),
                  bytes[i + 2] == UInt8(ascii: ">") || bytes[i + 2] == UInt8(ascii: "<") else { i += 1; continue }
            let isParent = bytes[i + 2] == UInt8(ascii: "<")
            var j = i + 3
            while j + 1 < bytes.count, !(bytes[j] == UInt8(ascii: "}") && bytes[j + 1] == UInt8(ascii: "}")) { j += 1 }
            let name = String(decoding: bytes[(i + 3)..<min(j, bytes.count)], as: UTF8.self).trimmedOfBlanks()
            // `{{>*dynamic}}` names come from data and cannot be checked here.
            if !name.isEmpty, !name.hasPrefix("*") {
                references.append(Reference(name: name, isParent: isParent, line: line, column: i - lineStart + 1))
            }
            i = j + 2
        }
        return references
    }
}

/// Warns about a tag naming something no view model offers: a typo such
/// as `{{titel}}` would otherwise render as empty text. View models are
/// `ModelObject`s, and the only names they answer are `ModelKey`s (the
/// `enumerated()` and `sorted()` transforms make `key`/`value` pairs, which
/// are keys too), so every part of a dotted name must be one.
enum UnknownTemplateNames {
    static func warn(about names: [MustacheParser.TagName], in path: String, diagnostics: inout [Diagnostic]) {
        for tag in names {
            var offset = 0
            for part in tag.name.split(separator: ".", omittingEmptySubsequences: false) {
                defer { offset += part.utf8.count + 1 }
                let name = String(part)
                guard !name.isEmpty, ModelKey(name: name) == nil else { continue }
                let message = "no view model offers `\(name)`" + (suggestion(for: name).map { "; did you mean `\($0)`?" } ?? " (it renders as nothing)")
                diagnostics.append(.warning(message, at: SourceLocation(path: path, line: tag.line, column: tag.column + offset), stage: .load))
            }
        }
    }

    /// The nearest key, preferring one with the same letters: two swapped
    /// letters (`titel`) are the commonest typo, and edit distance counts
    /// them as two edits, as far as `site` is.
    static func suggestion(for name: String) -> String? {
        let nearest = Suggestions.nearest(to: name, among: ModelKey.allCases.map(\.name))
        return nearest.first { $0.sorted() == name.sorted() } ?? nearest.first
    }
}
