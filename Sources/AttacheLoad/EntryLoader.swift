import Foundation
import Yams
import AttacheModel

/// Reads one entry file: text, front matter, and the fields the spec defines.
///
/// A site with taxonomy.yml is strict: front matter with a `title` is
/// required, the file name is the slug. A site without one is a vault (see
/// VaultLayout): front matter is optional (YAML `---` or TOML `+++`), the
/// title is front matter `title`, else the note's leading `# Heading`, else
/// its file name; fields the site does not know are accepted silently, and a
/// value of the wrong shape is a warning, not an error.
package struct EntryLoader: Sendable {
    let taxonomy: Taxonomy
    var isVault: Bool { !taxonomy.isDeclared }

    package init(taxonomy: Taxonomy) { self.taxonomy = taxonomy }

    package struct Outcome: Sendable {
        package var entry: Entry?
        package var diagnostics: [Diagnostic] = []
        /// `publish: false`: the note is left out of the site, and links to it are not errors.
        package var isUnpublished = false
    }

    /// `placement`: where a vault's note goes (from VaultLayout); nil in a site with taxonomy.yml.
    package func load(relativePath: String, absolutePath: String, displayPath: String, placement: VaultLayout.Placement? = nil) -> Outcome {
        var outcome = Outcome()
        let fileStart = SourceLocation(path: displayPath)
        func fail(_ message: String, at location: SourceLocation? = nil) -> Outcome {
            outcome.diagnostics.append(.error(message, at: location ?? fileStart, stage: .load))
            return outcome
        }

        let kind: Kind
        let slug: Slug
        if let placement {
            kind = taxonomy.kind(placement.kind) ?? Kind(id: placement.kind, folder: placement.kind.rawValue, title: placement.kind.rawValue, singular: placement.kind.rawValue)
            slug = placement.slug
        } else {
            // Paths from the scanner are split on their `/` bytes (Character-wise
            // splitting of every path was a tenth of loading an entry).
            let utf8 = relativePath.utf8
            let firstSlash = utf8.firstIndex(of: UInt8(ascii: "/"))
            let folder = String(relativePath[..<(firstSlash ?? relativePath.endIndex)])
            guard firstSlash != nil, let found = taxonomy.kind(forFolder: folder) else {
                let folders = taxonomy.kinds.map { $0.folder + "/" }.sorted().joined(separator: ", ")
                return fail("this Markdown file is outside every kind's folder; entries belong in one of: \(folders)")
            }
            kind = found
            let fileName = String(relativePath[(utf8.lastIndex(of: UInt8(ascii: "/")).map(utf8.index(after:)) ?? relativePath.startIndex)...])
            let slugText = EntryFileNames.stem(of: fileName) ?? fileName
            guard SlugRules.isValidSlug(slugText) else {
                let suggestion = SlugRules.asciiSlug(slugText)
                let extensionText = fileName.dropFirst(slugText.count).lowercased()
                let hint = suggestion.isEmpty ? "" : "; rename it to `\(DiagnosticQuote.quote(suggestion))\(extensionText)`"
                return fail("file name `\(DiagnosticQuote.quote(fileName))` is not a valid slug (lowercase letters, digits and hyphens only)\(hint)")
            }
            slug = Slug(slugText)
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
        if !isVault && text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
            return fail("file is empty; an entry needs front matter with at least a `title`")
        }
        var split: FrontMatterSplitter.Split
        switch FrontMatterSplitter.split(text) {
        case .success(let value): split = value
        case .failure(.missingOpeningFence):
            guard isVault else {
                return fail("missing front matter: an entry starts with a `---` line, then YAML with at least `title:`, then `---`")
            }
            split = FrontMatterSplitter.Split(yaml: "", body: text, yamlFirstLine: 1, bodyFirstLine: 1)
        case .failure(.unterminated):
            guard isVault else {
                return fail("front matter is never closed: did you forget the closing `---` line?")
            }
            outcome.diagnostics.append(.warning("front matter is never closed (no second `---` or `+++` line); the whole file is read as Markdown", at: fileStart, stage: .load))
            split = FrontMatterSplitter.Split(yaml: "", body: text, yamlFirstLine: 1, bodyFirstLine: 1)
        }

        let reader = YAMLReader(path: displayPath, firstLine: split.yamlFirstLine)
        var base = Entry(
            slug: slug, kind: kind.id, relativePath: relativePath, displayPath: displayPath,
            title: "", summary: "", aliases: [], date: nil, updated: nil, isDraft: false,
            relations: [:], relationFieldLocations: [:], facetTerms: [:],
            body: split.body, bodyFirstLine: split.bodyFirstLine)
        base.sitePath = placement?.sitePath
        var read: Read
        if split.format == .toml {
            switch TOMLFrontMatter.fields(split.yaml, path: displayPath, firstLine: split.yamlFirstLine) {
            case .success(let fields): read = self.read(fields, into: base, kind: kind, reader: reader, displayPath: displayPath)
            case .failure(let diagnostic):
                outcome.diagnostics.append(diagnostic)
                return outcome
            }
        } else if split.yaml.isEmpty && isVault {
            read = self.read([], into: base, kind: kind, reader: reader, displayPath: displayPath)
        } else {
            // Most front matter is simple enough to read without Yams. Anything
            // the simple reader declines, and any front matter with a problem, is
            // read again by Yams, so messages and positions are always Yams'.
            if let fields = SimpleFrontMatter.fields(split.yaml, path: displayPath, firstLine: split.yamlFirstLine) {
                let simple = self.read(fields, into: base, kind: kind, reader: reader, displayPath: displayPath)
                if simple.diagnostics.isEmpty {
                    outcome.entry = finished(simple.entry, titleSeen: simple.titleSeen)
                    outcome.isUnpublished = simple.isUnpublished
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
            read = self.read(FrontMatterField.fields(of: mapping, reader: reader), into: base, kind: kind, reader: reader, displayPath: displayPath)
        }
        outcome.diagnostics += read.diagnostics
        if outcome.diagnostics.contains(where: { $0.severity == .error }) { return outcome }
        outcome.entry = finished(read.entry, titleSeen: read.titleSeen)
        outcome.isUnpublished = read.isUnpublished
        return outcome
    }

    /// A vault note's title when front matter gives none: its leading
    /// `# Heading` (taken out of the body, so the page does not show it
    /// twice), else its file name. A leading heading that repeats the front
    /// matter's title is taken out too.
    private func finished(_ entry: Entry, titleSeen: Bool) -> Entry {
        guard isVault else { return entry }
        var entry = entry
        if let heading = LeadingHeading.find(in: entry.body) {
            if entry.title.isEmpty || entry.title.lowercased() == heading.title.lowercased() {
                if entry.title.isEmpty { entry.title = heading.title }
                entry.body = heading.bodyWithout
            }
        }
        if entry.title.isEmpty { entry.title = entry.fileStem }
        return entry
    }

    struct Read {
        var entry: Entry
        var diagnostics: [Diagnostic]
        var titleSeen: Bool
        var isUnpublished: Bool
    }

    /// The spec's fields, read from front matter into `entry`.
    private func read(_ fields: [FrontMatterField], into entry: Entry, kind: Kind, reader: YAMLReader, displayPath: String) -> Read {
        var entry = entry
        var diagnostics: [Diagnostic] = []
        var titleSeen = false
        var untilLocation: SourceLocation?
        var source = SourceReference()
        var isUnpublished = false
        var vaultFields = VaultFields()
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
                case .failure(let d):
                    // In a vault a value of the wrong shape is left out with a warning.
                    diagnostics.append(isVault ? .warning(d.message + "; ignored", at: d.location, stage: d.stage) : d)
                    return nil
                }
            }
            switch key {
            case "title":
                titleSeen = true
                if let title = collect(reader.string(valueNode, field: key)) {
                    let trimmed = title.trimmingWhiteSpace()
                    if trimmed.isEmpty && !isVault {
                        diagnostics.append(.error("`title` is empty", at: reader.location(of: valueNode), stage: .load))
                    }
                    entry.title = trimmed
                }
            case "summary":
                entry.summary = collect(reader.string(valueNode, field: key))?.trimmingWhiteSpace(andNewlines: true) ?? ""
            case "aliases":
                let aliases: [Located<String>] = collect(reader.stringList(valueNode, field: key)) ?? []
                entry.aliases += aliases.map(\.value).filter { !$0.isEmpty && !entry.aliases.contains($0) }
            case "date", "updated":
                guard let text = collect(reader.string(valueNode, field: key)) else { continue }
                switch EntryDate.parse(text) {
                case .success(let date):
                    if key == "date" { entry.date = date } else { entry.updated = date }
                case .failure(let problem):
                    if isVault && text.isEmpty { continue }
                    let message = problem.reason.map { "`\(key)`: \($0) (got `\(DiagnosticQuote.quote(text))`)" }
                        ?? "`\(key)` must be a date such as 2024-05-01 or a date and time such as 2024-05-01T10:00:00Z (got `\(DiagnosticQuote.quote(text))`)"
                    diagnostics.append(isVault ? .warning(message + "; ignored", at: reader.location(of: valueNode), stage: .load)
                                               : .error(message, at: reader.location(of: valueNode), stage: .load))
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
                } else if let facet = taxonomy.facet(FacetID(key)) ?? (isVault && key == "tag" ? taxonomy.facet(FacetID("tags")) : nil) {
                    let terms: [Located<String>] = collect(reader.stringList(valueNode, field: key)) ?? []
                    if facet.isTags {
                        entry.facetTerms[facet.id, default: []] += TagNames.fromFrontMatter(terms)
                    } else {
                        entry.facetTerms[facet.id] = terms.filter { !$0.value.isEmpty }
                    }
                } else if VaultFields.keys.contains(key) {
                    readOtherField(key, valueNode, into: &entry, fields: &vaultFields, reader: reader, diagnostics: &diagnostics)
                    isUnpublished = vaultFields.isUnpublished
                } else if !isVault, key == "until" || key == "as_of" {
                    // After relations and facets: a taxonomy may use these names for its own fields.
                    // (A vault's notes keep theirs as they were: unknown fields, ignored.)
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
                } else if !isVault {
                    diagnostics.append(.warning(unknownFieldMessage(key, kind: kind), at: keyLocation, stage: .load))
                }
            }
        }
        if !titleSeen && !isVault {
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
        if entry.summary.isEmpty, let description = vaultFields.description { entry.summary = description }
        return Read(entry: entry, diagnostics: diagnostics, titleSeen: titleSeen, isUnpublished: isUnpublished)
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
        var message = "unknown front-matter field `\(DiagnosticQuote.quote(key))` for \(EnglishArticle.with(kind.singular.lowercased())) entry"
        if let near = Suggestions.nearest(to: key, among: known, limit: 1).first {
            message += "; did you mean `\(near)`?"
        } else {
            message += " (known: \(known.joined(separator: ", ")))"
        }
        return message
    }
}
