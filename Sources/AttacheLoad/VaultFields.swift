import AttacheModel

/// Front-matter fields of the tools people keep notes with, read in every
/// site (after a kind's relations and facets, which keep their names):
/// `description` (the summary when there is no `summary`), `alias`
/// (Obsidian's single alias), `cssclasses` (classes on the page),
/// `publish: false` (Obsidian Publish: the note is left out), `permalink`
/// (the page's address).
struct VaultFields {
    static let keys: Set<String> = ["description", "alias", "cssclasses", "cssclass", "publish", "permalink"]

    var description: String?
    var isUnpublished = false
}

extension EntryLoader {
    func readOtherField(_ key: String, _ value: FrontMatterValue, into entry: inout Entry, fields: inout VaultFields,
                        reader: YAMLReader, diagnostics: inout [Diagnostic]) {
        func collect<T>(_ result: Result<T, Diagnostic>) -> T? {
            switch result {
            case .success(let value): return value
            case .failure(let d):
                diagnostics.append(isVault ? .warning(d.message + "; ignored", at: d.location, stage: d.stage) : d)
                return nil
            }
        }
        switch key {
        case "description":
            fields.description = collect(reader.string(value, field: key))?.trimmingWhiteSpace(andNewlines: true)
        case "alias":
            for alias in collect(reader.stringList(value, field: key)) ?? [] where !alias.value.isEmpty && !entry.aliases.contains(alias.value) {
                entry.aliases.append(alias.value)
            }
        case "cssclasses", "cssclass":
            for item in collect(reader.stringList(value, field: key)) ?? [] {
                for name in item.value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
                    if Self.isClassName(name) {
                        if !entry.cssClasses.contains(name) { entry.cssClasses.append(name) }
                    } else {
                        diagnostics.append(.warning("`\(DiagnosticQuote.quote(name))` in `\(key)` is not a CSS class name (letters, digits, `-`, `_`); left out", at: item.location, stage: .load))
                    }
                }
            }
        case "publish":
            if let publish = collect(reader.bool(value, field: key)) { fields.isUnpublished = !publish }
        case "permalink":
            guard let text = collect(reader.string(value, field: key)) else { return }
            let location = reader.location(of: value)
            switch Permalink.sitePath(text) {
            case .success(let sitePath):
                entry.sitePath = sitePath
                entry.permalinkLocation = location
            case .failure(let problem):
                diagnostics.append(.error("`permalink`: \(problem.reason) (got `\(DiagnosticQuote.quote(text))`)", at: location, stage: .load))
            }
        default:
            break
        }
    }

    /// A CSS class the page may carry: ASCII letters, digits, `-` and `_`, not starting with a digit.
    static func isClassName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return false }
        return name.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}

/// A `permalink` as a site path: `/guides/setup/`, `guides/setup`,
/// `/guides/setup.html` and `/guides/setup/index.html` all name `guides/setup/`.
/// Its folders are kept as written (their bytes percent-encoded in links).
package enum Permalink {
    package struct Problem: Error { package var reason: String }

    package static func sitePath(_ text: String) -> Result<SitePath, Problem> {
        var path = Substring(text.trimmingWhiteSpace())
        while path.hasPrefix("/") { path = path.dropFirst() }
        while path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix("/index.html") || path == "index.html" { path = path.dropLast("index.html".count) }
        else if path.hasSuffix(".html") { path = path.dropLast(".html".count) }
        while path.hasSuffix("/") { path = path.dropLast() }
        guard !path.isEmpty else {
            return .failure(Problem(reason: "`/` is the home page; make this note the home note (index.md or Home.md at the top) instead"))
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty { return .failure(Problem(reason: "a path may not have an empty folder (`//`)")) }
            if segment == "." || segment == ".." { return .failure(Problem(reason: "a path may not climb with `.` or `..`")) }
            if segment.hasPrefix(".") { return .failure(Problem(reason: "a folder or name may not start with `.` (hidden on the server)")) }
            if segment.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%") }) {
                return .failure(Problem(reason: "a path may not hold `\\`, `?`, `#`, `%` or control characters"))
            }
            if segment.utf8.count > 255 { return .failure(Problem(reason: "a folder name is longer than 255 bytes")) }
        }
        return .success(SitePath(String(path) + "/"))
    }
}

/// Tags as written in front matter: a list, or one text of names separated
/// by commas or spaces, each with or without `#` (`tags: "#a, b"`).
package enum TagNames {
    package static func fromFrontMatter(_ items: [Located<String>]) -> [Located<String>] {
        var tags: [Located<String>] = []
        for item in items {
            for part in item.value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                let name = normalized(part)
                if !name.isEmpty { tags.append(Located(name, at: item.location)) }
            }
        }
        return tags
    }

    /// Without a leading `#` and without `/` at either end.
    package static func normalized(_ text: some StringProtocol) -> String {
        var name = Substring(text)
        while name.hasPrefix("#") { name = name.dropFirst() }
        while name.hasPrefix("/") { name = name.dropFirst() }
        while name.hasSuffix("/") { name = name.dropLast() }
        return String(name)
    }
}

/// A note's leading `# Heading`: the first line that is not blank, when it is
/// an ATX heading of level 1 (up to three spaces before `#`).
enum LeadingHeading {
    static func find(in body: String) -> (title: String, bodyWithout: String)? {
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: "\n") ?? body.endIndex
            let line = body[lineStart..<lineEnd]
            if line.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) {
                guard lineEnd < body.endIndex else { return nil }
                lineStart = body.index(after: lineEnd)
                continue
            }
            var rest = line.dropFirst(0)
            var spaces = 0
            while rest.first == " " && spaces < 4 { rest = rest.dropFirst(); spaces += 1 }
            guard spaces < 4, rest.first == "#" else { return nil }
            rest = rest.dropFirst()
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
            var text = String(rest).trimmingWhiteSpace()
            // A closing run of `#` after a space is not part of the heading.
            if let lastNonHash = text.lastIndex(where: { $0 != "#" }), lastNonHash < text.index(before: text.endIndex) {
                if text[lastNonHash] == " " || text[lastNonHash] == "\t" { text = String(text[...lastNonHash]).trimmingWhiteSpace() }
            } else if text.allSatisfy({ $0 == "#" }) {
                text = ""
            }
            guard !text.isEmpty else { return nil }
            // The line is emptied, not removed: the body's line numbers stay the file's.
            return (text, String(body[..<lineStart]) + String(body[lineEnd...]))
        }
        return nil
    }
}
