/// Parses Mustache template text into the interpreter's nodes
/// (`CompiledTemplates.Node`), with swift-mustache 2.x's rules.
///
/// The rules are swift-mustache's, quirks included, because the tests use
/// it as the oracle (`TemplateEngineTests`) and themes were written against
/// it: text is read as Characters (so "\r\n" is one newline and a tag is
/// standalone before any newline Character), the whitespace before a
/// standalone partial is both written and used as its indentation, a line's
/// leading whitespace is dropped at the end of a template, `{{{name}}}` is
/// `{{` + `{name` + `}}` + `}` whatever the delimiters, and a template that
/// ends inside a delimiter's first character is an error. What is Attaché's
/// own is the error: a message saying what is wrong and where (line and
/// UTF-8 column, as `SourceLocation` counts), pointing at the opening tag of
/// a section that is never closed.
struct MustacheParser {
    /// A template that cannot be parsed.
    struct Failure: Error, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    /// A name a tag looks up, where it is written (for `check`'s unknown-key warnings).
    struct TagName: Equatable {
        var name: String
        var line: Int
        var column: Int
    }

    struct Parsed {
        var template: CompiledTemplates.Template
        var names: [TagName]
    }

    /// Parses `text`.
    static func parse(_ text: String) throws(Failure) -> Parsed {
        var parser = MustacheParser(text)
        do {
            let body = try parser.parse(State())
            return Parsed(template: CompiledTemplates.Template(body.nodes), names: parser.names)
        } catch {
            let (line, column) = parser.place(error.position)
            throw Failure(message: error.message, line: line, column: column)
        }
    }

    // MARK: state

    private struct Problem: Error {
        var message: String
        /// Character offset the problem is reported at.
        var position: Int
    }

    /// What the parse of one section knows (swift-mustache's `ParserState`).
    private struct State {
        /// The open section: its name and transforms, which its closing tag must repeat, and where it opened.
        var section: (name: String, transforms: [String], opened: Int)?
        var newLine = true
        /// Inside `{{<parent}}…{{/parent}}`.
        var inPartialDefinition = false
        /// Directly inside it, where `{{$name}}` defines a block instead of expanding one.
        var atPartialDefinitionTop = false
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        /// The indentation of a block definition's first line, removed from its other lines.
        var partialDefinitionIndent: Int?

        func opening(_ name: String, transforms: [String] = [], at position: Int, newLine: Bool) -> State {
            var state = self
            state.section = (name, transforms, position)
            state.atPartialDefinitionTop = false
            if !newLine { state.newLine = false }
            return state
        }

        func openingParent(_ name: String, at position: Int) -> State {
            var state = self
            state.section = (name, [], position)
            state.newLine = true
            state.inPartialDefinition = true
            state.atPartialDefinitionTop = true
            return state
        }
    }

    private let characters: [Character]
    private var position = 0
    private(set) var names: [TagName] = []
    /// Line and UTF-8 column of every character offset, made on the first request.
    private var places: [(line: Int, column: Int)] = []

    private init(_ text: String) {
        characters = Array(text)
    }

    private static let blanks: Set<Character> = [" ", "\t"]
    private static let nameCharacters = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let nameCharactersWithBrackets = nameCharacters.union(["(", ")"])
    private static let partialNameCharacters = nameCharactersWithBrackets.union(["/"])

    // MARK: sections

    private typealias Node = CompiledTemplates.Node

    /// Parses up to the end of the current section (or of the text): its
    /// nodes, and the blocks it defines when it is a parent's body.
    private mutating func parse(_ initial: State) throws(Problem) -> (nodes: [Node], blocks: [String: CompiledTemplates.Template]) {
        var nodes: [Node] = []
        var blocks: [String: CompiledTemplates.Template] = [:]
        var state = initial
        var whiteSpaceBefore: ArraySlice<Character> = []
        func text(_ characters: ArraySlice<Character>) {
            nodes.append(.text(Array(String(characters).utf8)))
        }
        /// Writes the whitespace read at the start of the line, as a tag that is not standalone keeps it.
        func flushWhiteSpace() {
            if !whiteSpaceBefore.isEmpty { text(whiteSpaceBefore) }
            whiteSpaceBefore = []
        }
        while !atEnd {
            if state.newLine {
                let whiteSpace = read(while: Self.blanks)
                if state.inPartialDefinition, !state.atPartialDefinitionTop {
                    if let indent = state.partialDefinitionIndent {
                        whiteSpaceBefore = whiteSpace.dropFirst(indent)
                    } else {
                        state.partialDefinitionIndent = whiteSpace.count
                    }
                } else {
                    whiteSpaceBefore = whiteSpace
                }
            }
            let before = try readUntilTagOrNewline(state)
            if current.isNewline {
                text(whiteSpaceBefore + before + [current])
                state.newLine = true
                position += 1
                continue
            }
            if !before.isEmpty {
                text(whiteSpaceBefore + before)
                whiteSpaceBefore = []
                state.newLine = false
            }
            if atEnd { break }
            let tag = position - state.start.count
            var standalone = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                position += 1
                let (name, transforms) = try readName(state)
                if isStandalone(state) { standalone = true } else { flushWhiteSpace() }
                let body = try parse(state.opening(name, transforms: transforms, at: tag, newLine: standalone))
                nodes.append(.section(.init(.init(name, hasTransforms: !transforms.isEmpty), transforms: transforms,
                                            body: .init(body.nodes), inverted: inverted)))
            case "/":
                position += 1
                let namePosition = position
                // The opening tag's name was recorded; a block's is no lookup.
                let (name, transforms) = try readName(state, records: false)
                guard let section = state.section else {
                    throw Problem(message: "`\(Self.tag(name, transforms, "/"))` closes no section: none is open here", position: namePosition)
                }
                guard name == section.name, transforms == section.transforms else {
                    let (line, column) = place(section.opened)
                    throw Problem(message: "`\(Self.tag(name, transforms, "/"))` does not close the section opened at line \(line), column \(column); expected `\(Self.tag(section.name, section.transforms, "/"))`",
                                  position: namePosition)
                }
                if !isStandalone(state) { flushWhiteSpace() }
                return (nodes, blocks)
            case "!":
                position += 1
                try skipComment(state)
                standalone = isStandalone(state)
            case "{", "&":
                let triple = current == "{"
                flushWhiteSpace()
                position += 1
                let (name, transforms) = try readName(state)
                if triple {
                    guard try read("}") else { throw Problem(message: "unfinished tag: `{{{\(name)` needs `}}}`", position: position) }
                }
                nodes.append(.variable(.init(.init(name, hasTransforms: !transforms.isEmpty), transforms: transforms, escaped: false)))
            case ">":
                position += 1
                _ = read(while: \.isWhitespace)
                let dynamic = current == "*"
                if dynamic { position += 1 }
                let namePosition = position
                let name = try readPartialName(state)
                if !whiteSpaceBefore.isEmpty { text(whiteSpaceBefore) }
                var indentation: String?
                if isStandalone(state) {
                    standalone = true
                    indentation = String(whiteSpaceBefore)
                }
                if dynamic {
                    record(name, at: namePosition)
                    nodes.append(.dynamicPartial(.init(name, hasTransforms: false), indentation: indentation, inherits: nil))
                } else {
                    nodes.append(.partial(name, indentation: indentation, inherits: nil))
                }
                whiteSpaceBefore = []
            case "<":
                position += 1
                _ = read(while: \.isWhitespace)
                let namePosition = position
                let sectionName = try readPartialName(state)
                let dynamic = sectionName.first == "*"
                let name = dynamic ? String(sectionName.dropFirst()) : sectionName
                if !whiteSpaceBefore.isEmpty { text(whiteSpaceBefore) }
                if isStandalone(state) { standalone = true }
                let body = try parse(state.openingParent(sectionName, at: tag))
                // Only blocks (and the text around them, which is dropped) may stand in a parent's body.
                for node in body.nodes {
                    guard case .text = node else {
                        throw Problem(message: "only blocks (`{{$name}}…{{/name}}`) may stand inside `{{<\(sectionName)}}`", position: tag)
                    }
                }
                let indentation = String(whiteSpaceBefore)
                if dynamic {
                    record(name, at: namePosition + 1)
                    nodes.append(.dynamicPartial(.init(name, hasTransforms: false), indentation: indentation, inherits: body.blocks))
                } else {
                    nodes.append(.partial(name, indentation: indentation, inherits: body.blocks))
                }
                whiteSpaceBefore = []
            case "$":
                position += 1
                let (name, transforms) = try readName(state, records: false)
                guard transforms.isEmpty else {
                    throw Problem(message: "a block (`{{$\(name)}}`) cannot apply a transform", position: tag)
                }
                if state.atPartialDefinitionTop {
                    if isStandalone(state) { standalone = true }
                    let body = try parse(state.opening(name, at: tag, newLine: standalone))
                    blocks[name] = .init(body.nodes)
                } else {
                    if !whiteSpaceBefore.isEmpty { text(whiteSpaceBefore) }
                    if isStandalone(state) { standalone = true }
                    let body = try parse(state.opening(name, at: tag, newLine: standalone))
                    nodes.append(.blockExpansion(name, .init(body.nodes), indentation: String(whiteSpaceBefore)))
                    whiteSpaceBefore = []
                }
            case "=":
                position += 1
                state = try setDelimiters(state, tag: tag)
                standalone = isStandalone(state)
            case "%":
                position += 1
                nodes.append(.contentType(try readPragma(state, tag: tag)))
                standalone = isStandalone(state)
            default:
                flushWhiteSpace()
                let (name, transforms) = try readName(state)
                nodes.append(.variable(.init(.init(name, hasTransforms: !transforms.isEmpty), transforms: transforms, escaped: true)))
            }
            state.newLine = standalone
        }
        if let section = initial.section {
            throw Problem(message: "section `\(section.name)` is never closed: expected `\(Self.tag(section.name, section.transforms, "/"))` before the end of the template",
                          position: section.opened)
        }
        return (nodes, blocks)
    }

    /// `{{/name}}` as written, transforms included, for messages.
    private static func tag(_ name: String, _ transforms: [String], _ sigil: String) -> String {
        var written = name
        for transform in transforms.reversed() { written = transform + "(" + written + ")" }
        return "{{" + sigil + written + "}}"
    }

    // MARK: reading

    private var atEnd: Bool { position == characters.count }
    /// The current character; NUL at the end, which no rule matches.
    private var current: Character { atEnd ? "\0" : characters[position] }

    private mutating func read(while set: Set<Character>) -> ArraySlice<Character> {
        let start = position
        while !atEnd, set.contains(characters[position]) { position += 1 }
        return characters[start..<position]
    }

    private mutating func read(while test: (Character) -> Bool) -> ArraySlice<Character> {
        let start = position
        while !atEnd, test(characters[position]) { position += 1 }
        return characters[start..<position]
    }

    private func endOfTemplate() -> Problem {
        Problem(message: "unexpected end of template inside a tag", position: position)
    }

    /// Reads `character` if it is next; at the end of the text, an error.
    private mutating func read(_ character: Character) throws(Problem) -> Bool {
        guard !atEnd else { throw endOfTemplate() }
        guard characters[position] == character else { return false }
        position += 1
        return true
    }

    /// Reads `string` if it is next; an error when fewer characters remain than it has.
    private mutating func read(_ string: [Character]) throws(Problem) -> Bool {
        guard characters.count - position >= string.count else { throw endOfTemplate() }
        guard characters[position..<(position + string.count)].elementsEqual(string) else { return false }
        position += string.count
        return true
    }

    /// Text up to the next newline (not read) or past the next opening delimiter.
    private mutating func readUntilTagOrNewline(_ state: State) throws(Problem) -> ArraySlice<Character> {
        var text: ArraySlice<Character> = []
        let first = state.start[0]
        while !atEnd {
            let start = position
            while !atEnd, characters[position] != "\n", characters[position] != "\r\n", characters[position] != first { position += 1 }
            text += characters[start..<position]
            if current.isNewline { break }
            if current == first {
                if try read(state.start) { break }
                text.append(first)
                position += 1
            }
        }
        return text
    }

    /// A tag's name up to its closing delimiter, and its transforms
    /// (`{{a(b(name))}}` is `name` with `[a, b]`, applied last first).
    private mutating func readName(_ state: State, records: Bool = true) throws(Problem) -> (String, [String]) {
        _ = read(while: \.isWhitespace)
        let start = position
        let text = read(while: Self.nameCharactersWithBrackets)
        _ = read(while: \.isWhitespace)
        guard try read(state.end) else { throw unfinished(state, at: position) }
        guard let open = text.firstIndex(where: { $0 == "(" || $0 == ")" }) else {
            if records { record(String(text), at: start) }
            return (String(text), [])
        }
        // `a(b(name))`: names separated by `(`, then as many `)` as transforms, then nothing.
        guard text[open] == "(" else { throw unfinished(state, at: start) }
        var transforms = [String(text[..<open])]
        var rest = text[(open + 1)...]
        while true {
            let end = rest.firstIndex { $0 == "(" || $0 == ")" } ?? rest.endIndex
            let part = String(rest[..<end])
            guard end < rest.endIndex else { throw unfinished(state, at: start) }
            if rest[end] == "(" {
                transforms.append(part)
                rest = rest[(end + 1)...]
                continue
            }
            let closing = rest[end...]
            guard closing.allSatisfy({ $0 == ")" }), closing.count == transforms.count else { throw unfinished(state, at: start) }
            if records { record(part, at: start + (end - text.startIndex) - part.count) }
            return (part, transforms)
        }
    }

    private func unfinished(_ state: State, at position: Int) -> Problem {
        Problem(message: "unfinished tag: expected a name (letters, digits, `.-_?*`, transforms such as `uppercased(name)`) and then `\(String(state.end))`",
                position: position)
    }

    private mutating func readPartialName(_ state: State) throws(Problem) -> String {
        _ = read(while: \.isWhitespace)
        let name = String(read(while: Self.partialNameCharacters))
        _ = read(while: \.isWhitespace)
        guard try read(state.end) else { throw unfinished(state, at: position) }
        return name
    }

    /// Skips to just past the closing delimiter. Matched as swift-mustache
    /// matches it: a mismatch restarts the match at the next character, so
    /// with a closing delimiter such as `%%>`, the text `%%%>` does not close.
    private mutating func skipComment(_ state: State) throws(Problem) {
        let start = position
        let end = state.end
        var matched = 0
        while !atEnd {
            if characters[position] == end[matched] {
                matched += 1
                if matched == end.count {
                    position += 1
                    return
                }
            } else {
                matched = 0
            }
            position += 1
        }
        position = start
        throw Problem(message: "comment is never closed: expected `\(String(end))`", position: start)
    }

    private mutating func setDelimiters(_ state: State, tag: Int) throws(Problem) -> State {
        let invalid = Problem(message: "invalid set-delimiter tag: expected `{{=START END=}}`", position: tag)
        _ = read(while: \.isWhitespace)
        let start = read { !$0.isWhitespace }
        guard !atEnd else { throw invalid }
        _ = read(while: \.isWhitespace)
        let end = read { $0 != "=" && !$0.isWhitespace }
        guard !atEnd else { throw invalid }
        _ = read(while: \.isWhitespace)
        guard try read("="), try read(state.end), !start.isEmpty, !end.isEmpty else { throw invalid }
        var state = state
        state.start = Array(start)
        state.end = Array(end)
        state.atPartialDefinitionTop = false
        return state
    }

    /// `{{%CONTENT_TYPE:HTML}}` or `TEXT`: the escaping of the variables after it.
    private mutating func readPragma(_ state: State, tag: Int) throws(Problem) -> CompiledTemplates.ContentType {
        let invalid = Problem(message: "invalid pragma: expected `{{%CONTENT_TYPE:HTML}}` or `{{%CONTENT_TYPE:TEXT}}`", position: tag)
        _ = read(while: \.isWhitespace)
        let variable = String(read(while: Self.nameCharacters))
        _ = read(while: \.isWhitespace)
        guard (try? read(":")) == true else { throw invalid }
        _ = read(while: \.isWhitespace)
        let value = String(read(while: Self.nameCharacters))
        _ = read(while: \.isWhitespace)
        guard (try? read(state.end)) == true, !variable.isEmpty, !value.isEmpty else { throw invalid }
        guard variable == "CONTENT_TYPE" else {
            throw Problem(message: "unknown pragma `\(variable)`: only CONTENT_TYPE is understood", position: tag)
        }
        guard let type = CompiledTemplates.ContentType(rawValue: value) else {
            throw Problem(message: "unknown content type `\(value)`: expected HTML or TEXT", position: tag)
        }
        return type
    }

    /// Whether the tag just read stands alone on its line; if so, the rest of the line (blanks and newline) is read.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if atEnd { return true }
        var end = position
        while end < characters.count, Self.blanks.contains(characters[end]) { end += 1 }
        guard end < characters.count, characters[end].isNewline else { return false }
        position = end + 1
        return true
    }

    // MARK: places

    private mutating func record(_ name: String, at position: Int) {
        guard !name.isEmpty else { return }
        let (line, column) = place(position)
        names.append(TagName(name: name, line: line, column: column))
    }

    /// The line and UTF-8 column of a character offset.
    private mutating func place(_ offset: Int) -> (line: Int, column: Int) {
        if places.isEmpty {
            places.reserveCapacity(characters.count + 1)
            var line = 1
            var column = 1
            for character in characters {
                places.append((line, column))
                if character == "\n" || character == "\r\n" {
                    line += 1
                    column = 1
                } else {
                    column += character.utf8.count
                }
            }
            places.append((line, column))
        }
        return places[min(max(offset, 0), places.count - 1)]
    }
}
