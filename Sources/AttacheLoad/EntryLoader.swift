import Foundation
import Yams
import AttacheModel

/// Reads one entry file: text, front matter, and the fields the spec defines.
package struct EntryLoader: Sendable {
    let taxonomy: Taxonomy

    package init(taxonomy: Taxonomy) { self.taxonomy = taxonomy }

    package struct Outcome: Sendable {
        package var entry: Entry?
        package var diagnostics: [Diagnostic] = []
    }

    package func load(relativePath: String, absolutePath: String, displayPath: String) -> Outcome {
        var outcome = Outcome()
        let fileStart = SourceLocation(path: displayPath)
        func fail(_ message: String, at location: SourceLocation? = nil) -> Outcome {
            outcome.diagnostics.append(.error(message, at: location ?? fileStart, stage: .load))
            return outcome
        }

        // Paths from the scanner are split on their `/` bytes (Character-wise
        // splitting of every path was a tenth of loading an entry).
        let utf8 = relativePath.utf8
        let firstSlash = utf8.firstIndex(of: UInt8(ascii: "/"))
        let folder = String(relativePath[..<(firstSlash ?? relativePath.endIndex)])
        guard firstSlash != nil, let kind = taxonomy.kind(forFolder: folder) else {
            let folders = taxonomy.kinds.map { $0.folder + "/" }.sorted().joined(separator: ", ")
            return fail("this Markdown file is outside every kind's folder; entries belong in one of: \(folders)")
        }
        let fileName = String(relativePath[(utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? relativePath.startIndex)...])
        let slugText = EntryFileNames.stem(of: fileName) ?? fileName
        guard SlugRules.isValidSlug(slugText) else {
            let suggestion = SlugRules.asciiSlug(slugText)
            let extensionText = fileName.dropFirst(slugText.count).lowercased()
            let hint = suggestion.isEmpty ? "" : "; rename it to `\(DiagnosticQuote.quote(suggestion))\(extensionText)`"
            return fail("file name `\(DiagnosticQuote.quote(fileName))` is not a valid slug (lowercase letters, digits and hyphens only)\(hint)")
        }
        guard let data = FileSystem.readBytes(atPath: absolutePath) else {
            return fail("cannot read this file")
        }
        let text: String
        switch SourceText.decode(data) {
        case .success(let decoded): text = decoded
        case .failure(.invalidUTF8(let line, let column)):
            return fail("file is not valid UTF-8 (first bad byte here); save it as UTF-8", at: SourceLocation(path: displayPath, line: line, column: column))
        case .failure(.binary(let line, let column)):
            return fail("file contains a NUL byte; it looks binary, not Markdown", at: SourceLocation(path: displayPath, line: line, column: column))
        }
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
            return fail("file is empty; an entry needs front matter with at least a `title`")
        }
        let split: FrontMatterSplitter.Split
        switch FrontMatterSplitter.split(text) {
        case .success(let value): split = value
        case .failure(.missingOpeningFence):
            return fail("missing front matter: an entry starts with a `---` line, then YAML with at least `title:`, then `---`")
        case .failure(.unterminated):
            return fail("front matter is never closed: did you forget the closing `---` line?")
        }

        let reader = YAMLReader(path: displayPath, firstLine: split.yamlFirstLine)
        let base = Entry(
            slug: Slug(slugText), kind: kind.id, relativePath: relativePath, displayPath: displayPath,
            title: "", summary: "", aliases: [], date: nil, updated: nil, isDraft: false,
            relations: [:], relationFieldLocations: [:], facetTerms: [:],
            body: split.body, bodyFirstLine: split.bodyFirstLine)
        // Most front matter is simple enough to read without Yams. Anything
        // the simple reader declines, and any front matter with a problem, is
        // read again by Yams, so messages and positions are always Yams'.
        if let fields = SimpleFrontMatter.fields(split.yaml, path: displayPath, firstLine: split.yamlFirstLine) {
            let (entry, diagnostics) = read(fields, into: base, kind: kind, reader: reader, displayPath: displayPath)
            if diagnostics.isEmpty {
                outcome.entry = entry
                return outcome
            }
        }
        let mapping: Node.Mapping
        switch reader.parseMapping(split.yaml, what: "front matter") {
        case .success(let value): mapping = value
        case .failure(let diagnostic):
            outcome.diagnostics.append(diagnostic)
            return outcome
        }
        let (entry, diagnostics) = read(FrontMatterField.fields(of: mapping, reader: reader), into: base, kind: kind, reader: reader, displayPath: displayPath)
        outcome.diagnostics += diagnostics
        if outcome.diagnostics.contains(where: { $0.severity == .error }) { return outcome }
        outcome.entry = entry
        return outcome
    }

    /// The spec's fields, read from front matter into `entry`.
    private func read(_ fields: [FrontMatterField], into entry: Entry, kind: Kind, reader: YAMLReader, displayPath: String) -> (Entry, [Diagnostic]) {
        var entry = entry
        var diagnostics: [Diagnostic] = []
        var titleSeen = false
        var untilLocation: SourceLocation?
        var source = SourceReference()
        // Keys seen so far: searched linearly in the usual dozen (cheaper
        // than hashing them), in a set beyond that.
        var seenKeys: [String] = []
        var seenKeySet = Set<String>()
        func firstSight(_ key: String) -> Bool {
            guard fields.count > 32 else {
                if seenKeys.contains(key) { return false }
                seenKeys.append(key)
                return true
            }
            return seenKeySet.insert(key).inserted
        }
        for field in fields {
            let key = field.key
            let keyLocation = field.keyLocation
            let valueNode = field.value
            guard firstSight(key) else {
                diagnostics.append(.error("field `\(DiagnosticQuote.quote(key))` is given twice", at: keyLocation, stage: .load))
                continue
            }
            func collect<T>(_ result: Result<T, Diagnostic>) -> T? {
                switch result {
                case .success(let value): return value
                case .failure(let d): diagnostics.append(d); return nil
                }
            }
            switch key {
            case "title":
                titleSeen = true
                if let title = collect(reader.string(valueNode, field: key)) {
                    let trimmed = title.trimmingWhiteSpace()
                    if trimmed.isEmpty {
                        diagnostics.append(.error("`title` is empty", at: reader.location(of: valueNode), stage: .load))
                    }
                    entry.title = trimmed
                }
            case "summary":
                entry.summary = collect(reader.string(valueNode, field: key))?.trimmingWhiteSpace(andNewlines: true) ?? ""
            case "aliases":
                let aliases: [Located<String>] = collect(reader.stringList(valueNode, field: key)) ?? []
                entry.aliases = aliases.map(\.value).filter { !$0.isEmpty }
            case "date", "updated":
                guard let text = collect(reader.string(valueNode, field: key)) else { continue }
                switch EntryDate.parse(text) {
                case .success(let date):
                    if key == "date" { entry.date = date } else { entry.updated = date }
                case .failure(let problem):
                    let message = problem.reason.map { "`\(key)`: \($0) (got `\(DiagnosticQuote.quote(text))`)" }
                        ?? "`\(key)` must be a date such as 2024-05-01 or a date and time such as 2024-05-01T10:00:00Z (got `\(DiagnosticQuote.quote(text))`)"
                    diagnostics.append(.error(message, at: reader.location(of: valueNode), stage: .load))
                }
            case "draft":
                entry.isDraft = collect(reader.bool(valueNode, field: key)) ?? false
            default:
                if kind.relation(named: key) != nil {
                    entry.relationFieldLocations[key] = keyLocation
                    let values = reader.relationValues(valueNode, field: key)
                    diagnostics += values.problems
                    entry.relations[key] = values.slugs
                    if let spans = values.spans { entry.relationSpans[key] = spans }
                } else if let facet = taxonomy.facet(FacetID(key)) {
                    let terms: [Located<String>] = collect(reader.stringList(valueNode, field: key)) ?? []
                    entry.facetTerms[facet.id] = terms.filter { !$0.value.isEmpty }
                } else if key == "until" || key == "as_of" {
                    // After relations and facets: a v1 taxonomy may use these names for its own fields.
                    guard let text = collect(reader.string(valueNode, field: key)),
                          let date = reader.partialDate(text, field: key, at: reader.location(of: valueNode), problems: &diagnostics) else { continue }
                    if key == "until" {
                        entry.until = date
                        untilLocation = reader.location(of: valueNode)
                    } else {
                        entry.asOf = Located(date, at: reader.location(of: valueNode))
                    }
                } else if kind.isSource, TaxonomyLoader.sourceFields.contains(key) {
                    readSourceField(key, valueNode, into: &source, reader: reader, diagnostics: &diagnostics)
                } else {
                    diagnostics.append(.warning(unknownFieldMessage(key, kind: kind), at: keyLocation, stage: .load))
                }
            }
        }
        if !titleSeen {
            diagnostics.append(.error("front matter has no `title`; it is required", at: SourceLocation(path: displayPath, line: 1, column: 1), stage: .load))
        }
        if let until = entry.until, let untilLocation {
            if let date = entry.date, until.isBefore(PartialDate(date)) {
                diagnostics.append(.error("`until` \(until.text) is before `date` \(date.day)", at: untilLocation, stage: .load))
            } else if entry.date == nil {
                diagnostics.append(.error("`until` ends the entry's own event, which `date` starts; add `date`", at: untilLocation, stage: .load))
            }
        }
        if kind.isSource {
            // A draft may wait for its reference (`attache new` writes one with the fields empty).
            if source.url == nil && source.identifier == nil && !entry.isDraft {
                diagnostics.append(.error("a source needs `url` or `identifier` (a DOI, ISBN, document symbol…) so readers can find it", at: SourceLocation(path: displayPath, line: 1, column: 1), stage: .load))
            }
            entry.source = source
        }
        return (entry, diagnostics)
    }

    /// One of a source's fields: `author` (text or a list), `publisher`,
    /// `published`, `url`, `accessed`, `identifier`.
    private func readSourceField(_ key: String, _ value: FrontMatterValue, into source: inout SourceReference, reader: YAMLReader, diagnostics: inout [Diagnostic]) {
        func text() -> String? {
            switch reader.string(value, field: key) {
            case .success(let text):
                let trimmed = text.trimmingWhiteSpace(andNewlines: true)
                return trimmed.isEmpty ? nil : trimmed
            case .failure(let problem):
                diagnostics.append(problem)
                return nil
            }
        }
        let location = reader.location(of: value)
        switch key {
        case "author":
            switch reader.stringList(value, field: key) {
            case .success(let names): source.authors = names.map { $0.value.trimmingWhiteSpace() }.filter { !$0.isEmpty }
            case .failure(let problem): diagnostics.append(problem)
            }
        case "publisher": source.publisher = text()
        case "identifier": source.identifier = text()
        case "url":
            guard let url = text() else { return }
            let lowered = url.lowercased()
            if (lowered.hasPrefix("https://") || lowered.hasPrefix("http://")), url.utf8.count > 8,
               !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x22 || $0 == 0x3C || $0 == 0x3E || $0 == 0x7F }) {
                source.url = url
            } else {
                diagnostics.append(.error("`url` must be a web address starting with https:// or http://, without spaces (got `\(DiagnosticQuote.quote(url))`)", at: location, stage: .load))
            }
        case "published", "accessed":
            guard let text = text(), let date = reader.partialDate(text, field: key, at: location, problems: &diagnostics) else { return }
            if key == "published" { source.published = date } else { source.accessed = Located(date, at: location) }
        default: break
        }
    }

    private func unknownFieldMessage(_ key: String, kind: Kind) -> String {
        var known = ["title", "summary", "aliases", "date", "updated", "draft", "until", "as_of"]
        if kind.isSource { known += TaxonomyLoader.sourceFields.sorted() }
        known += kind.relations.map(\.name)
        known += taxonomy.facets.map(\.id.rawValue)
        var message = "unknown front-matter field `\(DiagnosticQuote.quote(key))` for a \(kind.singular.lowercased()) entry"
        if let near = Suggestions.nearest(to: key, among: known, limit: 1).first {
            message += "; did you mean `\(near)`?"
        } else {
            message += " (known: \(known.joined(separator: ", ")))"
        }
        return message
    }
}
