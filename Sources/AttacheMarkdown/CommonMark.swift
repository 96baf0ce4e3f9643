import CCmarkGFM
import CCmarkGFMShims
import Foundation
import AttacheModel

// The only file that talks to cmark-gfm. It parses a body with the GFM
// extensions and source positions, lets the caller resolve wiki-links and
// relative links on the syntax tree, gives headings ids and anchor links,
// renders HTML, and frees every C object before returning Swift values.

/// A `[[…]]` found in body text, at its position in the body.
public struct WikiLinkReference: Sendable {
    public var target: String
    public var anchor: String?
    public var label: String?
    /// 1-based line and byte column within the Markdown body.
    public var line: Int
    public var column: Int
}

/// An ordinary Markdown link or image, at its position in the body.
public struct MarkdownLinkReference: Sendable {
    public var url: String
    public var isImage: Bool
    public var line: Int
    public var column: Int
}

public enum WikiLinkResolution {
    /// Becomes a link to `url` whose text is `text`.
    case link(url: String, text: String)
    /// A citation (`[[@source|locator]]`): becomes a numbered reference
    /// `[n]` to the body's reference list. Citations of the same `source`
    /// share a number, given in the order they first appear.
    case citation(source: Int, locator: String?)
    /// Stays as written (the resolver has reported why).
    case unresolved
}

/// One citation in a body, in document order, with its number.
public struct CitationMark: Sendable, Equatable {
    /// What the resolver named (the cited entry).
    public var source: Int
    /// 1 for the first source cited, 2 for the next …
    public var number: Int
    public var locator: String?
    /// The id of its `<a>` in the body (`cite-2`, then `cite-2-2` for the second use).
    public var anchorID: String

    /// The id of the reference list's item for a number.
    public static func referenceID(_ number: Int) -> String { "ref-\(number)" }
}

/// A problem the parse itself finds in a body (a limit it passed, a wiki-link
/// it cannot make), at its position in the body.
public struct MarkdownProblem: Sendable, Equatable {
    public var isError: Bool
    /// 1-based line and byte column within the Markdown body.
    public var line: Int
    public var column: Int
    public var message: String
}

/// Decides where links in a body point. Implemented by the linking stage.
public protocol MarkdownLinkResolving {
    func resolve(_ wikiLink: WikiLinkReference) -> WikiLinkResolution
    /// A replacement URL, or nil to keep the link as written.
    func rewrite(_ link: MarkdownLinkReference) -> String?
    /// Takes a problem of the body: the resolver already collects the
    /// body's diagnostics and knows its file and first line.
    func report(_ problem: MarkdownProblem)
    /// Whether inline `#tags` become links (a vault's; see InlineTags.swift).
    var linksInlineTags: Bool { get }
    /// The address of a tag's page, or nil to leave the tag as text.
    func resolveTag(_ tag: InlineTagReference) -> String?
}

extension MarkdownLinkResolving {
    public var linksInlineTags: Bool { false }
    public func resolveTag(_ tag: InlineTagReference) -> String? { nil }
}

public struct RenderedHeading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var line: Int
}

public struct RenderedMarkdown: Sendable {
    public var html: HTMLFragment
    public var headings: [RenderedHeading]
    /// The body's words without markup (text, link labels, inline code),
    /// for the search index: UTF-8 bytes, only ever split into words.
    public var text: [UInt8] = []
    /// Its citations, in document order (empty for most bodies).
    public var citations: [CitationMark] = []
}

public struct MarkdownOptions: Sendable {
    /// Raw HTML is rendered only when true (cmark's safe mode otherwise).
    public var allowsRawHTML: Bool
    /// Deeper nesting than this is flattened into a diagnostic rather than
    /// risking the renderer's stack (cmark-gfm recurses on some paths).
    public var maximumNesting: Int = 200

    public init(allowsRawHTML: Bool = false) {
        self.allowsRawHTML = allowsRawHTML
    }
}

public enum MarkdownRenderer {
    private static let registration: Void = { cmark_gfm_core_extensions_ensure_registered() }()
    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]
    private static let parseLock = NSLock()

    /// The version of the cmark-gfm library linked in (`attache --version`).
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    /// True once parses run in parallel without the lock (see `render`).
    public static var parsesInParallel: Bool { attache_cmark_keeps_special_characters() == 1 }

    /// Parses and renders one body. Safe to call from many threads at once:
    /// each call has its own parser and tree.
    public static func render(_ markdown: String, options: MarkdownOptions, resolver: some MarkdownLinkResolving) -> RenderedMarkdown {
        _ = registration
        // A body shaped to make cmark-gfm quadratic is left out, not parsed.
        if let exceeded = MarkdownLimits.check(markdown) {
            resolver.report(MarkdownProblem(isError: true, line: exceeded.line, column: exceeded.column,
                                            message: exceeded.message + "; this body is left out"))
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: [])
        }
        var parseOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
        // Table alignment as `style="text-align: …"`: the `align` attribute is
        // obsolete HTML. The theme's Content-Security-Policy allows exactly
        // these three style values by hash.
        var renderOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if options.allowsRawHTML {
            parseOptions |= CMARK_OPT_UNSAFE
            renderOptions |= CMARK_OPT_UNSAFE
        }
        guard let parser = cmark_parser_new(parseOptions) else {
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: [])
        }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let syntaxExtension = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntaxExtension)
            }
        }
        // Feed the string's own UTF-8 storage: no copy of a large body.
        var markdown = markdown
        // cmark-gfm marks extension characters (`~`, `|` …) as special in one
        // process-wide table while it parses inlines and unmarks them when it
        // is done, so a parse ending on one thread broke strikethrough and
        // tables in a parse running on another. CCmarkGFMShims stops the
        // unmarking; until it is seen to work (and for good if the library
        // does not route the call through it), parses take turns.
        func parse() -> OpaquePointer? {
            markdown.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            return cmark_parser_finish(parser)
        }
        let document = attache_cmark_keeps_special_characters() == 1 ? parse() : parseLock.withLock(parse)
        guard let document else {
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: [])
        }
        defer { cmark_node_free(document) }
        cmark_consolidate_text_nodes(document)

        var tree = TreeEditor(document: document, source: markdown, resolver: resolver)
        tree.collect()
        tree.rewriteMarkdownLinks()
        tree.replaceWikiLinks()
        tree.replaceWikiLinksAroundMarkup()
        tree.linkInlineTags()
        let citations = tree.numberCitations()
        let headings = tree.anchorHeadings()
        tree.labelTaskItems()
        let text = tree.searchText()

        guard let rendered = cmark_render_html(document, renderOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: headings)
        }
        defer { free(rendered) }
        let html = rendered.withMemoryRebound(to: UInt8.self, capacity: 1) {
            HTMLFragment(bytes: Array(UnsafeBufferPointer(start: $0, count: strlen(rendered))))
        }
        return RenderedMarkdown(html: html, headings: headings, text: text, citations: citations)
    }
}

/// Walks and edits one cmark-gfm tree. Nodes are gathered first and edited
/// afterwards, because editing a tree under a live iterator is undefined.
private struct TreeEditor<Resolver: MarkdownLinkResolving> {
    let document: OpaquePointer
    let source: String
    let resolver: Resolver
    var textNodes: [OpaquePointer] = []
    var linkNodes: [OpaquePointer] = []
    var headingNodes: [OpaquePointer] = []
    var taskItems: [OpaquePointer] = []
    /// Text nodes left with a `[[` that does not close in them (see `replaceWikiLinksAroundMarkup`).
    var unclosedWikiLinks: [OpaquePointer] = []
    /// Each citation's node (an empty custom inline until `numberCitations`) with what it cites.
    var citationNodes: [OpaquePointer: (source: Int, locator: String?)] = [:]
    /// The citation nodes in the order they were made: document order, as
    /// text nodes are visited in it, unless a citation with markup in its
    /// locator was made afterwards (`replaceWikiLinksAroundMarkup`).
    var citationOrder: [OpaquePointer] = []
    var citationsInDocumentOrder = true
    private var lineStarts: [Int] = []
    /// `[[` columns by source line: a line with many wiki-links between
    /// emphasis has many text nodes, and scanning the line again for each
    /// was quadratic in the line's length.
    private var openingsByLine: [Int: [Int]] = [:]

    init(document: OpaquePointer, source: String, resolver: Resolver) {
        self.document = document
        self.source = source
        self.resolver = resolver
    }

    mutating func collect() {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        var linkDepth = 0
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                if entering {
                    linkNodes.append(node)
                    linkDepth += 1
                } else {
                    linkDepth -= 1
                }
            } else if type == CMARK_NODE_TEXT, entering, linkDepth == 0 {
                textNodes.append(node)
            } else if type == CMARK_NODE_HEADING, entering {
                headingNodes.append(node)
            } else if type == CMARK_NODE_ITEM, entering, let taskExtension = Self.taskListExtension,
                      cmark_node_get_syntax_extension(node) == taskExtension {
                taskItems.append(node)
            }
        }
    }

    func rewriteMarkdownLinks() {
        for node in linkNodes {
            guard let urlPointer = cmark_node_get_url(node) else { continue }
            let reference = MarkdownLinkReference(
                url: String(cString: urlPointer),
                isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                line: Int(cmark_node_get_start_line(node)),
                column: Int(cmark_node_get_start_column(node)))
            if let rewritten = resolver.rewrite(reference) {
                _ = rewritten.withCString { cmark_node_set_url(node, $0) }
            }
        }
    }

    mutating func replaceWikiLinks() {
        for node in textNodes {
            guard let literalPointer = cmark_node_get_literal(node) else { continue }
            guard Self.containsDoubleBracket(literalPointer) else { continue }
            // One copy of the literal's bytes serves the scan and the split below.
            let bytes = literalPointer.withMemoryRebound(to: UInt8.self, capacity: 1) {
                Array(UnsafeBufferPointer(start: $0, count: strlen(literalPointer)))
            }
            let matches = WikiLinkScanner.scan(utf8: bytes)
            guard !matches.isEmpty else { unclosedWikiLinks.append(node); continue }
            let line = Int(cmark_node_get_start_line(node))
            let nodeColumn = Int(cmark_node_get_start_column(node))
            let columns = sourceColumns(ofWikiLinksOnLine: line, from: nodeColumn, count: matches.count)
            var cursor = 0
            for (index, match) in matches.enumerated() {
                let reference = WikiLinkReference(
                    target: match.target, anchor: match.anchor, label: match.label,
                    line: line, column: columns[index] ?? (nodeColumn + match.offset))
                let resolution = resolver.resolve(reference)
                if case .unresolved = resolution { continue }
                if match.offset > cursor {
                    insertText(String(decoding: bytes[cursor..<match.offset], as: UTF8.self), before: node)
                }
                if case .citation(let source, let locator) = resolution {
                    if let mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) {
                        citationNodes[mark] = (source, locator)
                        citationOrder.append(mark)
                        cmark_node_insert_before(node, mark)
                    }
                } else if case .link(let url, let text) = resolution, let link = cmark_node_new(CMARK_NODE_LINK), let label = cmark_node_new(CMARK_NODE_TEXT) {
                    // withCString lends a native string's own bytes; passing the
                    // String itself copies it into a temporary array first.
                    _ = url.withCString { cmark_node_set_url(link, $0) }
                    _ = text.withCString { cmark_node_set_literal(label, $0) }
                    cmark_node_append_child(link, label)
                    cmark_node_insert_before(node, link)
                }
                cursor = match.offset + match.length
            }
            guard cursor > 0 else { unclosedWikiLinks.append(node); continue }
            if cursor < bytes.count {
                _ = String(decoding: bytes[cursor...], as: UTF8.self).withCString { cmark_node_set_literal(node, $0) }
                unclosedWikiLinks.append(node)
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    /// `[[x|*em*]]`, `[[x|<b>y</b>]]`: cmark-gfm parses the label's markup,
    /// so the `[[` and the `]]` end up in different text nodes with inline
    /// nodes between them, and the scan above sees neither half close.
    /// Such a wiki-link becomes a link whose label keeps its markup, as
    /// `[*em*](url)` does; one with markup in its target is reported.
    mutating func replaceWikiLinksAroundMarkup() {
        for node in unclosedWikiLinks {
            guard let literalPointer = cmark_node_get_literal(node) else { continue }
            let bytes = literalPointer.withMemoryRebound(to: UInt8.self, capacity: 1) {
                Array(UnsafeBufferPointer(start: $0, count: strlen(literalPointer)))
            }
            // The last `[[` with nothing after it that would end or nest a wiki-link.
            var opening: Int?
            var index = bytes.count - 1
            while index > 0 {
                let byte = bytes[index]
                if byte == UInt8(ascii: "]") || byte == 0x0A { break }
                if byte == UInt8(ascii: "["), bytes[index - 1] == UInt8(ascii: "[") { opening = index - 1; break }
                if byte == UInt8(ascii: "[") { break }
                index -= 1
            }
            guard let opening else { continue }
            // Siblings up to the text node holding `]]`: inline markup only.
            var between: [OpaquePointer] = []
            var closing: (node: OpaquePointer, offset: Int, bytes: [UInt8])?
            var sibling = cmark_node_next(node)
            search: while let current = sibling {
                let type = cmark_node_get_type(current)
                if type == CMARK_NODE_TEXT, let pointer = cmark_node_get_literal(current) {
                    let text = pointer.withMemoryRebound(to: UInt8.self, capacity: 1) { Array(UnsafeBufferPointer(start: $0, count: strlen(pointer))) }
                    for (offset, byte) in text.enumerated() {
                        if byte == UInt8(ascii: "]") {
                            if offset + 1 < text.count, text[offset + 1] == UInt8(ascii: "]") { closing = (current, offset, text) }
                            break search
                        }
                        if byte == UInt8(ascii: "[") || byte == 0x0A { break search }
                    }
                } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE
                            || type == CMARK_NODE_FOOTNOTE_REFERENCE {
                    break
                }
                between.append(current)
                sibling = cmark_node_next(current)
            }
            guard let closing, !between.isEmpty else { continue }
            let line = Int(cmark_node_get_start_line(node))
            let column = sourceColumns(ofWikiLinksOnLine: line, from: Int(cmark_node_get_start_column(node)), count: 1)[0]
                ?? Int(cmark_node_get_start_column(node)) + opening
            let head = Array(bytes[(opening + 2)...])
            guard let bar = head.firstIndex(of: UInt8(ascii: "|")) else {
                // As written in the source: the tree has lost the markup's characters.
                let written = writtenWikiLink(line: line, column: column)
                    ?? "[[" + String(decoding: head, as: UTF8.self) + between.map { Self.text(of: $0) }.joined() + "]]"
                resolver.report(MarkdownProblem(isError: true, line: line, column: column, message:
                    "wiki-link `\(DiagnosticQuote.quote(written))` has formatting in its target; name the entry in plain text, and put formatting in the label after `|`"))
                continue
            }
            var reference = String(decoding: head[..<bar], as: UTF8.self)
            var anchor: String?
            if let hash = reference.firstIndex(of: "#") {
                anchor = String(reference[reference.index(after: hash)...]).trimmedOfBlanks()
                reference = String(reference[..<hash])
            }
            let target = reference.trimmedOfBlanks()
            let labelHead = String(decoding: head[(bar + 1)...], as: UTF8.self)
            let labelTail = String(decoding: closing.bytes[..<closing.offset], as: UTF8.self)
            let labelText = (labelHead + between.map { Self.text(of: $0) }.joined() + labelTail).trimmedOfBlanks()
            if target.isEmpty && (anchor ?? "").isEmpty { continue }
            let wikiLink = WikiLinkReference(target: target, anchor: anchor, label: labelText.isEmpty ? nil : labelText, line: line, column: column)
            let resolution = resolver.resolve(wikiLink)
            let link: OpaquePointer
            switch resolution {
            case .unresolved: continue
            case .citation(let source, let locator):
                // The locator is kept as text; its markup goes with the nodes between.
                guard let mark = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
                citationNodes[mark] = (source, locator)
                citationOrder.append(mark)
                citationsInDocumentOrder = false
                link = mark
            case .link(let url, _):
                guard let created = cmark_node_new(CMARK_NODE_LINK) else { continue }
                _ = url.withCString { cmark_node_set_url(created, $0) }
                link = created
            }
            let isCitation = citationNodes[link] != nil
            func appendText(_ text: String) {
                guard !text.isEmpty, let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
                _ = text.withCString { cmark_node_set_literal(textNode, $0) }
                cmark_node_append_child(link, textNode)
            }
            if isCitation {
                for inline in between {
                    cmark_node_unlink(inline)
                    cmark_node_free(inline)
                }
            } else {
                appendText(String(labelHead.drop { $0 == " " || $0 == "\t" }))
                for inline in between {
                    cmark_node_unlink(inline)
                    cmark_node_append_child(link, inline)
                }
                appendText(String(String(labelTail.reversed()).drop { $0 == " " || $0 == "\t" }.reversed()))
            }
            cmark_node_insert_after(node, link)
            let rest = Array(closing.bytes[(closing.offset + 2)...])
            if rest.isEmpty {
                cmark_node_unlink(closing.node)
                cmark_node_free(closing.node)
            } else {
                _ = String(decoding: rest, as: UTF8.self).withCString { cmark_node_set_literal(closing.node, $0) }
            }
            if opening == 0 {
                cmark_node_unlink(node)
                cmark_node_free(node)
            } else {
                _ = String(decoding: bytes[..<opening], as: UTF8.self).withCString { cmark_node_set_literal(node, $0) }
            }
        }
    }

    /// Numbers the citations in document order (a source cited again keeps
    /// its number) and makes each a superscript link to its reference:
    /// `<sup class="citation"><a href="#ref-1" id="cite-1">[1]</a></sup>`.
    func numberCitations() -> [CitationMark] {
        guard !citationNodes.isEmpty else { return [] }
        var marks: [CitationMark] = []
        var numbers: [Int: Int] = [:]
        var uses: [Int: Int] = [:]
        // Walking the whole tree for them cost more than the rest of citing: only when the order is not known.
        var ordered = citationOrder
        if !citationsInDocumentOrder {
            ordered = []
            Self.forEachEntered(below: document) { node, type in
                if type == CMARK_NODE_CUSTOM_INLINE, citationNodes[node] != nil { ordered.append(node) }
            }
        }
        for node in ordered {
            guard let cited = citationNodes[node] else { continue }
            let number = numbers[cited.source] ?? numbers.count + 1
            numbers[cited.source] = number
            let use = (uses[number] ?? 0) + 1
            uses[number] = use
            let id = use == 1 ? "cite-\(number)" : "cite-\(number)-\(use)"
            marks.append(CitationMark(source: cited.source, number: number, locator: cited.locator, anchorID: id))
            let html = "<sup class=\"citation\"><a href=\"#\(CitationMark.referenceID(number))\" id=\"\(id)\">[\(number)]</a></sup>"
            _ = html.withCString { cmark_node_set_on_enter(node, $0) }
        }
        return marks
    }

    /// The source from the `[[` at `column` of `line` to its `]]`, if both are there
    /// (`sourceColumns` has already found the line starts).
    func writtenWikiLink(line: Int, column: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let sourceBytes = Array(source.utf8)
        let start = lineStarts[line - 1] + column - 1
        let end = line < lineStarts.count ? lineStarts[line] - 1 : sourceBytes.count
        guard start + 1 < end, sourceBytes[start] == UInt8(ascii: "["), sourceBytes[start + 1] == UInt8(ascii: "[") else { return nil }
        var index = start + 2
        while index + 1 < end {
            if sourceBytes[index] == UInt8(ascii: "]"), sourceBytes[index + 1] == UInt8(ascii: "]") {
                return String(decoding: sourceBytes[start..<(index + 2)], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    /// A C-string scan: most text nodes have no `[[`, and this avoids
    /// building a Swift string for them.
    private static func containsDoubleBracket(_ pointer: UnsafePointer<CChar>) -> Bool {
        var p = pointer
        while let bracket = strchr(p, 0x5B) {
            if (bracket + 1).pointee == 0x5B { return true }
            p = UnsafePointer(bracket + 1)
        }
        return false
    }

    private func insertText(_ text: String, before node: OpaquePointer) {
        guard let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
        _ = text.withCString { cmark_node_set_literal(textNode, $0) }
        cmark_node_insert_before(node, textNode)
    }

    /// Exact columns of the `[[` openings on a source line. cmark-gfm's
    /// inline columns can drift inside containers, and the literal has its
    /// escapes removed, so the source line itself is the reliable reference.
    private mutating func sourceColumns(ofWikiLinksOnLine line: Int, from column: Int, count: Int) -> [Int?] {
        var source = source
        let openings: [Int] = openingsByLine[line] ?? source.withUTF8 { sourceBytes in
            if lineStarts.isEmpty, let base = sourceBytes.baseAddress {
                lineStarts = [0]
                var offset = 0
                while offset < sourceBytes.count, let newline = memchr(base + offset, 0x0A, sourceBytes.count - offset) {
                    offset = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                    lineStarts.append(offset)
                }
            } else if lineStarts.isEmpty {
                lineStarts = [0]
            }
            guard line >= 1, line <= lineStarts.count else { return [] }
            let start = lineStarts[line - 1]
            let end = line < lineStarts.count ? lineStarts[line] - 1 : sourceBytes.count
            var openings: [Int] = []
            guard let base = sourceBytes.baseAddress else { return openings }
            var i = start
            // memchr to each `[`: lines are long and brackets are few.
            while i + 1 < end, let found = memchr(base + i, 0x5B, end - 1 - i) {
                i = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if base[i + 1] == UInt8(ascii: "[") {
                    openings.append(i - start + 1)
                    i += 2
                } else {
                    i += 1
                }
            }
            return openings
        }
        openingsByLine[line] = openings
        guard !openings.isEmpty else { return Array(repeating: nil, count: count) }
        // The first opening at or after `column`, by binary search (the
        // openings are in order; filtering them per node was quadratic too).
        var low = 0, high = openings.count
        while low < high {
            let middle = (low + high) / 2
            if openings[middle] < column { low = middle + 1 } else { high = middle }
        }
        let first = openings.count - low >= count ? low : 0
        return (0..<count).map { first + $0 < openings.count ? openings[first + $0] : nil }
    }

    /// Inline `#tags` as `<a class="tag" href="…">#tag</a>`, when the
    /// resolver links them. The text nodes are gathered again: wiki-links
    /// have split and replaced some of those `collect` found.
    func linkInlineTags() {
        guard resolver.linksInlineTags else { return }
        var nodes: [OpaquePointer] = []
        var linkDepth = 0
        guard let iterator = cmark_iter_new(document) else { return }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE || type == CMARK_NODE_CUSTOM_INLINE {
                linkDepth += event == CMARK_EVENT_ENTER ? 1 : -1
            } else if type == CMARK_NODE_TEXT, event == CMARK_EVENT_ENTER, linkDepth == 0,
                      let literal = cmark_node_get_literal(node), strchr(literal, 0x23) != nil {
                nodes.append(node)
            }
        }
        cmark_iter_free(iterator)
        for node in nodes {
            guard let literal = cmark_node_get_literal(node) else { continue }
            let bytes = literal.withMemoryRebound(to: UInt8.self, capacity: 1) { Array(UnsafeBufferPointer(start: $0, count: strlen(literal))) }
            // A text node starts after a blank when it starts its line or follows one.
            var atBoundary = true
            if let previous = cmark_node_previous(node) {
                let type = cmark_node_get_type(previous)
                if type == CMARK_NODE_TEXT, let text = cmark_node_get_literal(previous), strlen(text) > 0 {
                    atBoundary = InlineTagScanner.isBlank(UInt8(bitPattern: text[strlen(text) - 1]))
                } else {
                    atBoundary = type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
                }
            }
            let matches = InlineTagScanner.scan(utf8: bytes, atBoundary: atBoundary)
            guard !matches.isEmpty else { continue }
            let line = Int(cmark_node_get_start_line(node))
            let column = Int(cmark_node_get_start_column(node))
            var cursor = 0
            for match in matches {
                guard let url = resolver.resolveTag(InlineTagReference(name: match.name, line: line, column: column + match.offset)),
                      let link = cmark_node_new(CMARK_NODE_CUSTOM_INLINE), let label = cmark_node_new(CMARK_NODE_TEXT) else { continue }
                if match.offset > cursor { insertText(String(decoding: bytes[cursor..<match.offset], as: UTF8.self), before: node) }
                var markup: [UInt8] = Array("<a class=\"tag\" href=\"".utf8)
                HTMLEscaping.append(url, to: &markup)
                markup.append(contentsOf: "\">".utf8)
                markup.append(0)
                _ = markup.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_on_enter(link, $0.baseAddress) } }
                cmark_node_set_on_exit(link, "</a>")
                _ = String(decoding: bytes[match.offset..<(match.offset + match.length)], as: UTF8.self).withCString { cmark_node_set_literal(label, $0) }
                cmark_node_append_child(link, label)
                cmark_node_insert_before(node, link)
                cursor = match.offset + match.length
            }
            guard cursor > 0 else { continue }
            if cursor < bytes.count {
                _ = String(decoding: bytes[cursor...], as: UTF8.self).withCString { cmark_node_set_literal(node, $0) }
            } else {
                cmark_node_unlink(node)
                cmark_node_free(node)
            }
        }
    }

    /// Text and inline code of the whole document, separated by spaces, built
    /// in one byte buffer (no string per node, and none for the whole).
    func searchText() -> [UInt8] {
        var bytes: [UInt8] = []
        // The text is about as long as the Markdown (less its markup, plus
        // resolved link labels): reserved once, instead of doubled as it
        // grows, which left most bodies' buffers a third empty for the
        // rest of the build.
        bytes.reserveCapacity(source.utf8.count + 64)
        Self.forEachEntered(below: document) { node, type in
            guard type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) else { return }
            literal.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: strlen(literal))) }
            bytes.append(0x20)
        }
        return bytes
    }

    /// Calls `visit` for every node below `root` (itself included), in
    /// document order, as the iterator enters it.
    static func forEachEntered(below root: OpaquePointer, _ visit: (OpaquePointer, cmark_node_type) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            visit(node, cmark_node_get_type(node))
        }
    }

    static var taskListExtension: OpaquePointer? { cmark_find_syntax_extension("tasklist") }

    /// cmark-gfm renders task-list checkboxes without a label. Render the item
    /// as a plain `<li>` instead, with the checkbox and the item's text inside
    /// one `<label>`, so assistive technology names the checkbox.
    func labelTaskItems() {
        for item in taskItems {
            let checked = cmark_gfm_extensions_get_tasklist_item_checked(item)
            cmark_node_set_syntax_extension(item, nil)
            guard let paragraph = cmark_node_first_child(item), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH,
                  let label = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { continue }
            cmark_node_set_on_enter(label, "<label class=\"task\"><input type=\"checkbox\" disabled\(checked ? " checked" : "")> ")
            cmark_node_set_on_exit(label, "</label>")
            while let child = cmark_node_first_child(paragraph) {
                cmark_node_unlink(child)
                cmark_node_append_child(label, child)
            }
            cmark_node_append_child(paragraph, label)
        }
    }

    /// Replaces each heading by `<hN id="…">…<a class="heading-anchor">` so
    /// every section can be linked to; returns the headings in order.
    func anchorHeadings() -> [RenderedHeading] {
        var ids = HeadingIDs()
        var headings: [RenderedHeading] = []
        headings.reserveCapacity(headingNodes.count)
        // Both wrapper strings are built as bytes in one buffer, C strings
        // for cmark: interpolating them was a dozen String appends per heading.
        var markup: [UInt8] = []
        for node in headingNodes {
            let level = Int(cmark_node_get_heading_level(node))
            let text = Self.text(of: node).trimmedOfBlanks()
            let id = ids.next(for: text)
            headings.append(RenderedHeading(level: level, text: text, id: id, line: Int(cmark_node_get_start_line(node))))
            guard let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
            let levelDigit = UInt8(ascii: "0") + UInt8(clamping: level)
            markup.removeAll(keepingCapacity: true)
            markup.append(contentsOf: "<h".utf8)
            markup.append(levelDigit)
            markup.append(contentsOf: " id=\"".utf8)
            markup.append(contentsOf: id.utf8)
            markup.append(contentsOf: "\">".utf8)
            markup.append(0)
            _ = markup.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_on_enter(wrapper, $0.baseAddress) } }
            markup.removeAll(keepingCapacity: true)
            markup.append(contentsOf: " <a class=\"heading-anchor\" href=\"#".utf8)
            markup.append(contentsOf: id.utf8)
            markup.append(contentsOf: "\" aria-label=\"Link to this section: ".utf8)
            HTMLEscaping.append(text, to: &markup)
            markup.append(contentsOf: "\">#</a></h".utf8)
            markup.append(levelDigit)
            markup.append(UInt8(ascii: ">"))
            markup.append(0)
            _ = markup.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_on_exit(wrapper, $0.baseAddress) } }
            while let child = cmark_node_first_child(node) {
                cmark_node_unlink(child)
                cmark_node_append_child(wrapper, child)
            }
            cmark_node_replace(node, wrapper)
            cmark_node_free(node)
        }
        return headings
    }

    /// Text of a node's inline content: text, code and link labels.
    static func text(of node: OpaquePointer) -> String {
        var out = ""
        forEachEntered(below: node) { child, type in
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(child) {
                out += String(cString: literal)
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            }
        }
        return out
    }

}

/// HTML that goes into a page as it is (`{{{body}}}`): the UTF-8 bytes
/// cmark-gfm wrote, never made into a `String` on the way (checking every
/// body's HTML as UTF-8 was a percent of a 10,000-entry build). cmark-gfm
/// writes valid UTF-8: it replaces invalid sequences as it reads.
public struct HTMLFragment: Sendable, Equatable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }
    public init(_ text: String) { bytes = Array(text.utf8) }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
