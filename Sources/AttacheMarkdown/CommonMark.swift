import CCmarkGFM
import CCmarkGFMShims
import Foundation
import AttacheModel
import AttacheBytes

// The only file that talks to cmark-gfm. It parses a body with the GFM
// extensions and source positions, lets the caller resolve wiki-links,
// embeds and relative links on the syntax tree, gives headings ids and
// anchor links, renders HTML, and frees every C object before returning
// Swift values. The Obsidian passes (comments, callouts, highlights, block
// ids, raw HTML) live in files of their own and see the tree through
// `MarkdownNode`, the thin wrapper at the end of this file.

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
    /// The `^id` block ids the body gives its paragraphs and blocks, in order.
    public var blockIDs: [String] = []
    /// Its citations (`[[@source]]`), in document order (empty for most bodies).
    public var citations: [CitationMark] = []
}

public struct MarkdownOptions: Sendable {
    /// Raw HTML is passed through as written only when true; otherwise it
    /// goes through `HTMLSanitizer`'s allowlist.
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
    /// Embeds inside embeds are followed this deep; deeper ones become links.
    public static let maximumEmbedDepth = 4

    /// The version of the cmark-gfm library linked in (`attache --version`).
    public static var libraryVersion: String { String(cString: cmark_version_string()) }

    /// True once parses run in parallel without the lock (see `render`).
    public static var parsesInParallel: Bool { attache_cmark_keeps_special_characters() == 1 }

    /// Parses and renders one body. Safe to call from many threads at once:
    /// each call has its own parser and tree.
    public static func render(_ markdown: String, options: MarkdownOptions, resolver: some MarkdownLinkResolving) -> RenderedMarkdown {
        // A body shaped to make cmark-gfm quadratic is left out, not parsed.
        if let exceeded = MarkdownLimits.check(markdown) {
            resolver.report(MarkdownProblem(isError: true, line: exceeded.line, column: exceeded.column,
                                            message: exceeded.message + "; this body is left out"))
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: [])
        }
        guard let (parser, document) = parse(markdown, options: options) else {
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: [])
        }
        defer { cmark_parser_free(parser) }
        defer { cmark_node_free(document) }
        // Nodes taken out of the tree, and the trees of embedded notes, live
        // until the page is rendered: cmark-gfm's text nodes may point into
        // the buffers of the blocks they were parsed from.
        let detached = DetachedNodes()
        defer { detached.free() }

        var tree = TreeEditor(document: document, source: markdown, resolver: resolver, options: options,
                              context: EmbedContext(depth: 0, chain: [(resolver.embedKey, resolver.embedTitle)]),
                              detached: detached)
        let transformed = tree.transform()

        var renderOptions = CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        if options.allowsRawHTML { renderOptions |= CMARK_OPT_UNSAFE }
        guard let rendered = cmark_render_html(document, renderOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return RenderedMarkdown(html: HTMLFragment(bytes: []), headings: transformed.headings)
        }
        defer { free(rendered) }
        let html = rendered.withMemoryRebound(to: UInt8.self, capacity: 1) {
            HTMLFragment(bytes: Array(UnsafeBufferPointer(start: $0, count: strlen(rendered))))
        }
        return RenderedMarkdown(html: html, headings: transformed.headings, text: transformed.text, blockIDs: transformed.blockIDs,
                                citations: transformed.citations)
    }

    /// A parser with the GFM extensions and its finished document; the
    /// caller frees both (the parser after rendering: it owns the extension
    /// list the renderer needs, and reference links' URLs).
    fileprivate static func parse(_ markdown: String, options: MarkdownOptions) -> (parser: OpaquePointer, document: OpaquePointer)? {
        _ = registration
        var parseOptions = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
        // Table alignment is rendered as `style="text-align: …"` (see `render`):
        // the `align` attribute is obsolete HTML. The theme's
        // Content-Security-Policy allows exactly these three style values by hash.
        if options.allowsRawHTML { parseOptions |= CMARK_OPT_UNSAFE }
        guard let parser = cmark_parser_new(parseOptions) else { return nil }
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
        func feed() -> OpaquePointer? {
            markdown.withUTF8 { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            return cmark_parser_finish(parser)
        }
        guard let document = attache_cmark_keeps_special_characters() == 1 ? feed() : parseLock.withLock(feed) else {
            cmark_parser_free(parser)
            return nil
        }
        cmark_consolidate_text_nodes(document)
        return (parser, document)
    }
}

/// Insertions into the tree. cmark-gfm's table cells accept only a few
/// inline types: custom inlines (highlights, broken-link spans, embedded
/// files, sanitized HTML) render in them like anywhere else but are refused
/// on insertion, so a cell that refuses borrows, for that one insertion, an
/// extension that accepts every inline, and gets its own back.
enum Tree {
    // Created once and never changed: read by every parse thread.
    nonisolated(unsafe) private static let acceptsInlines: OpaquePointer? = {
        guard let permissive = cmark_syntax_extension_new("attache-inline-container") else { return nil }
        cmark_syntax_extension_set_can_contain_func(permissive) { _, _, child in child.rawValue & 0xC000 == 0xC000 ? 1 : 0 }
        return permissive
    }()

    static func edit(in parent: OpaquePointer?, _ edit: () -> Int32) {
        guard edit() != 1, let parent, let own = cmark_node_get_syntax_extension(parent), let permissive = acceptsInlines else { return }
        cmark_node_set_syntax_extension(parent, permissive)
        _ = edit()
        cmark_node_set_syntax_extension(parent, own)
    }

    static func insert(_ node: OpaquePointer, before sibling: OpaquePointer) {
        edit(in: cmark_node_parent(sibling)) { cmark_node_insert_before(sibling, node) }
    }

    static func append(_ node: OpaquePointer, to parent: OpaquePointer) {
        edit(in: parent) { cmark_node_append_child(parent, node) }
    }
}

/// Parsers, documents and nodes taken out of a page's tree, freed together
/// once the page is rendered. One per page; used by one thread.
final class DetachedNodes {
    private var nodes: [OpaquePointer] = []
    private var parsers: [OpaquePointer] = []

    /// Unlinks `node` from its tree and keeps it (with its children) until `free`.
    func keep(_ node: MarkdownNode) {
        cmark_node_unlink(node.pointer)
        nodes.append(node.pointer)
    }

    fileprivate func keep(parser: OpaquePointer, document: OpaquePointer) {
        parsers.append(parser)
        nodes.append(document)
    }

    func free() {
        for node in nodes { cmark_node_free(node) }
        for parser in parsers { cmark_parser_free(parser) }
        nodes = []
        parsers = []
    }
}

/// Where a tree is being edited: the page itself (depth 0), or a note
/// embedded into it, with the chain of notes that led there.
struct EmbedContext {
    var depth: Int
    /// Each note on the way, starting with the page's own: (embed key, title).
    var chain: [(key: String, title: String)]
    /// Problems of nested embeds (cycles, depth) are reported at the embed
    /// in the page that started the chain; nil on the page itself.
    var reportToPage: ((String) -> Void)?
    /// That embed as written.
    var pageEmbed: String?
    /// What the page may still transclude, shared by every tree of the page.
    var budget = EmbedBudget()
}

/// Embeds inside embeds multiply (a note embedding ten notes that each
/// embed ten notes…): a page transcludes at most this many notes and this
/// much Markdown; the embeds past it are shown as links, with one warning.
final class EmbedBudget {
    static let maximumNotes = 1_000
    static let maximumBytes = 8 << 20
    var notes = 0
    var bytes = 0
    var reported = false
}

/// What the passes over a tree found: its headings, its search text, its block ids.
struct TransformedTree {
    var headings: [RenderedHeading] = []
    var text: [UInt8] = []
    var blockIDs: [String] = []
    var citations: [CitationMark] = []
}

/// Walks and edits one cmark-gfm tree. Nodes are gathered first and edited
/// afterwards, because editing a tree under a live iterator is undefined.
private struct TreeEditor<Resolver: MarkdownLinkResolving> {
    let document: OpaquePointer
    let source: String
    let resolver: Resolver
    let options: MarkdownOptions
    let context: EmbedContext
    let detached: DetachedNodes
    var textNodes: [OpaquePointer] = []
    var linkNodes: [OpaquePointer] = []
    var headingNodes: [OpaquePointer] = []
    var taskItems: [OpaquePointer] = []
    var htmlNodes: [OpaquePointer] = []
    /// Text nodes left with a `[[` that does not close in them (see `replaceWikiLinksAroundMarkup`).
    var unclosedWikiLinks: [OpaquePointer] = []
    /// Each citation's node (an empty custom inline until `numberCitations`) with what it cites.
    var citationNodes: [OpaquePointer: (source: EntryID, locator: String?)] = [:]
    /// The citation nodes in the order they were made: document order, as
    /// text nodes are visited in it, unless a citation with markup in its
    /// locator was made afterwards (`replaceWikiLinksAroundMarkup`).
    var citationOrder: [OpaquePointer] = []
    var citationsInDocumentOrder = true
    /// `[[#heading]]` links, pointed at the heading's id once the ids are known.
    var selfAnchorLinks: [(link: OpaquePointer, anchor: String)] = []
    /// `![[note]]` placeholders, replaced by the note once every link is resolved.
    var pendingEmbeds: [(placeholder: OpaquePointer, note: NoteEmbed, reference: WikiLinkReference)] = []
    /// The containers of transcluded notes: their text is not this page's.
    var embedContainers: Set<OpaquePointer> = []
    var blockIDs = BlockIDs.Found()
    private var lineStarts: [Int] = []
    /// The source's bytes, copied when a text node's escapes are looked up.
    private var sourceBytes: [UInt8] = []
    /// `[[` columns by source line: a line with many wiki-links between
    /// emphasis has many text nodes, and scanning the line again for each
    /// was quadratic in the line's length.
    private var openingsByLine: [Int: [Int]] = [:]

    init(document: OpaquePointer, source: String, resolver: Resolver, options: MarkdownOptions, context: EmbedContext, detached: DetachedNodes) {
        self.document = document
        self.source = source
        self.resolver = resolver
        self.options = options
        self.context = context
        self.detached = detached
    }

    var isPage: Bool { context.depth == 0 }

    /// Every pass, in order: Obsidian's syntax first (each only when the
    /// body has its marker), then links, embeds, headings, raw HTML.
    mutating func transform() -> TransformedTree {
        let root = MarkdownNode(document)
        let markers = SourceMarkers(source)
        let resolver = resolver
        if markers.comments {
            CommentMarks.remove(in: root, detached: detached) { line, column, message in
                resolver.report(MarkdownProblem(isError: false, line: line, column: column, message: message))
            }
        }
        if markers.callouts { Callouts.render(in: root, detached: detached) }
        if markers.blockIDs { blockIDs = BlockIDs.find(in: root, anchored: isPage, detached: detached) }
        collect()
        rewriteMarkdownLinks()
        replaceWikiLinks()
        replaceWikiLinksAroundMarkup()
        linkInlineTags()
        // Before embeds are moved in: an embedded note cites nothing in the page (see BodyLinkResolver).
        let citations = numberCitations()
        // After the links: the text nodes it makes have no source position,
        // which the links' diagnostics need.
        if markers.highlights { Highlights.mark(in: root, detached: detached) }
        transcludeEmbeds()
        var result = TransformedTree()
        result.headings = anchorHeadings(wrapping: isPage)
        pointSelfAnchorLinks(at: result.headings)
        if !options.allowsRawHTML, !htmlNodes.isEmpty { sanitizeHTML() }
        labelTaskItems()
        if isPage {
            result.text = searchText()
            result.blockIDs = blockIDs.ids
            result.citations = citations
        }
        return result
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
            } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE, !options.allowsRawHTML {
                htmlNodes.append(node)
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
            switch resolver.rewrite(reference) {
            case .keep:
                break
            case .url(let rewritten):
                _ = rewritten.withCString { cmark_node_set_url(node, $0) }
            case .broken(let reason):
                // The link's text (an image's alternative text) in a marked span.
                guard let span = Self.brokenLinkSpan(reason: reason) else { continue }
                while let child = cmark_node_first_child(node) {
                    cmark_node_unlink(child)
                    cmark_node_append_child(span, child)
                }
                Tree.insert(span, before: node)
                detached.keep(MarkdownNode(node))
            }
        }
    }

    /// `<span class="broken-link" title="…">`, to which the caller appends the text.
    static func brokenLinkSpan(reason: String) -> OpaquePointer? {
        guard let span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(span, "<span class=\"broken-link\" title=\"" + HTMLEscaping.escape(reason) + "\">")
        cmark_node_set_on_exit(span, "</span>")
        return span
    }

    static func brokenLinkSpan(text: String, reason: String) -> OpaquePointer? {
        guard let span = brokenLinkSpan(reason: reason), let label = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        _ = text.withCString { cmark_node_set_literal(label, $0) }
        cmark_node_append_child(span, label)
        return span
    }

    static func link(url: String, text: String) -> OpaquePointer? {
        guard let link = cmark_node_new(CMARK_NODE_LINK), let label = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        // withCString lends a native string's own bytes; passing the
        // String itself copies it into a temporary array first.
        _ = url.withCString { cmark_node_set_url(link, $0) }
        _ = text.withCString { cmark_node_set_literal(label, $0) }
        cmark_node_append_child(link, label)
        return link
    }

    static func customInline(_ html: String) -> OpaquePointer? {
        guard let node = cmark_node_new(CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, html)
        return node
    }

    mutating func replaceWikiLinks() {
        for node in textNodes {
            guard let literalPointer = cmark_node_get_literal(node) else { continue }
            guard Self.containsDoubleBracket(literalPointer) else { continue }
            // One copy of the literal's bytes serves the scan and the split below.
            let bytes = literalPointer.withMemoryRebound(to: UInt8.self, capacity: 1) {
                Array(UnsafeBufferPointer(start: $0, count: strlen(literalPointer)))
            }
            var matches = WikiLinkScanner.scan(utf8: bytes)
            // `\[\[not a link\]\]`: brackets written escaped make no link.
            if !matches.isEmpty, let escaped = escapedBrackets(of: node, literal: bytes) {
                matches.removeAll { escaped.contains($0.offset) || escaped.contains($0.offset + 1)
                    || escaped.contains($0.offset + $0.length - 2) || escaped.contains($0.offset + $0.length - 1) }
            }
            guard !matches.isEmpty else { unclosedWikiLinks.append(node); continue }
            let line = Int(cmark_node_get_start_line(node))
            let nodeColumn = Int(cmark_node_get_start_column(node))
            let columns = sourceColumns(ofWikiLinksOnLine: line, from: nodeColumn, count: matches.count)
            var cursor = 0
            for (index, match) in matches.enumerated() {
                let isEmbed = match.offset > cursor && bytes[match.offset - 1] == UInt8(ascii: "!")
                let column = columns[index] ?? (nodeColumn + match.offset)
                let reference = WikiLinkReference(
                    target: match.target, anchor: match.anchor, label: match.label,
                    line: line, column: isEmbed ? column - 1 : column)
                var replacement: OpaquePointer?
                if isEmbed {
                    switch resolver.embed(reference) {
                    case .media(let media):
                        replacement = Self.customInline(MediaHTML.html(for: media))
                    case .note(let note):
                        replacement = Self.customInline("")
                        if let placeholder = replacement { pendingEmbeds.append((placeholder, note, reference)) }
                    case .link(let url, let text):
                        replacement = Self.link(url: url, text: text)
                    case .broken(let text, let reason):
                        replacement = Self.brokenLinkSpan(text: text, reason: reason)
                    case .unresolved:
                        continue
                    }
                } else {
                    switch resolver.resolve(reference) {
                    case .link(let url, let text):
                        replacement = Self.link(url: url, text: text)
                        if match.target.isEmpty, let anchor = match.anchor, let link = replacement { selfAnchorLinks.append((link, anchor)) }
                    case .citation(let source, let locator):
                        // An empty custom inline until `numberCitations` gives it its number.
                        replacement = Self.customInline("")
                        if let mark = replacement {
                            citationNodes[mark] = (source, locator)
                            citationOrder.append(mark)
                        }
                    case .broken(let text, let reason):
                        replacement = Self.brokenLinkSpan(text: text, reason: reason)
                    case .unresolved:
                        continue
                    }
                }
                guard let replacement else { continue }
                let start = isEmbed ? match.offset - 1 : match.offset
                if start > cursor {
                    insertText(String(decoding: bytes[cursor..<start], as: UTF8.self), before: node)
                }
                Tree.insert(replacement, before: node)
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

    /// Offsets in a text node's literal of the `[` and `]` that were written
    /// escaped (`\[`); nil when none were, or when the source cannot be
    /// lined up with the literal (then every bracket counts, as before).
    /// A text node lies on one source line; it was written with escapes or
    /// entities exactly when its source is longer than its literal, so the
    /// source is read only for those.
    private mutating func escapedBrackets(of node: OpaquePointer, literal: [UInt8]) -> Set<Int>? {
        let line = Int(cmark_node_get_start_line(node))
        let start = Int(cmark_node_get_start_column(node)), end = Int(cmark_node_get_end_column(node))
        guard end - start + 1 != literal.count, Int(cmark_node_get_end_line(node)) == line else { return nil }
        ensureLineStarts()
        guard line >= 1, line <= lineStarts.count else { return nil }
        // One copy of the source for every node that needs it (a body full
        // of escapes must not copy itself once per node).
        if sourceBytes.isEmpty { sourceBytes = Array(source.utf8) }
        let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : sourceBytes.count
        let from = lineStarts[line - 1] + start - 1, to = lineStarts[line - 1] + end
        guard from >= lineStarts[line - 1], to <= lineEnd, from < to else { return nil }
        // The brackets of the source and of the literal, in order: each
        // source bracket (escaped or not) is one literal bracket.
        var sourceBrackets: [Bool] = []
        var i = from
        while i < to {
            let byte = sourceBytes[i]
            if byte == UInt8(ascii: "\\"), i + 1 < to, sourceBytes[i + 1] == UInt8(ascii: "[") || sourceBytes[i + 1] == UInt8(ascii: "]") {
                sourceBrackets.append(true)
                i += 2
                continue
            }
            if byte == UInt8(ascii: "\\"), i + 1 < to { i += 2; continue }
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") { sourceBrackets.append(false) }
            i += 1
        }
        let literalBrackets = literal.indices.filter { literal[$0] == UInt8(ascii: "[") || literal[$0] == UInt8(ascii: "]") }
        guard sourceBrackets.count == literalBrackets.count, sourceBrackets.contains(true) else { return nil }
        return Set(zip(literalBrackets, sourceBrackets).compactMap { $1 ? $0 : nil })
    }

    private mutating func ensureLineStarts() {
        guard lineStarts.isEmpty else { return }
        lineStarts = [0]
        var offset = 0
        for byte in source.utf8 {
            offset += 1
            if byte == 0x0A { lineStarts.append(offset) }
        }
    }

    // MARK: embeds

    /// Replaces each `![[note]]` placeholder by the note's part, or by a
    /// link to it when it cannot be shown there (a cycle, too deep, inside
    /// a heading or table cell, a heading or block that is not there).
    mutating func transcludeEmbeds() {
        for pending in pendingEmbeds {
            if let container = transclude(pending.note, for: pending.reference) {
                if place(container, at: pending.placeholder) {
                    embedContainers.insert(container)
                    continue
                }
                detached.keep(MarkdownNode(container))
                resolver.report(MarkdownProblem(isError: false, line: pending.reference.line, column: pending.reference.column, message:
                    "embed `\(DiagnosticQuote.quote(Self.written(pending.reference)))` can only stand in a paragraph, not in a heading, table cell or link; it is shown as a link"))
            }
            if let link = Self.link(url: pending.note.url, text: pending.reference.label ?? pending.note.title) {
                Tree.insert(link, before: pending.placeholder)
            }
            detached.keep(MarkdownNode(pending.placeholder))
        }
    }

    static func written(_ reference: WikiLinkReference) -> String {
        "![[" + reference.target + (reference.anchor.map { "#" + $0 } ?? "") + (reference.label.map { "|" + $0 } ?? "") + "]]"
    }

    /// The note's part, parsed and transformed for this page, in an embed
    /// container; nil when it is not to be shown (the reason reported).
    mutating func transclude(_ note: NoteEmbed, for reference: WikiLinkReference) -> OpaquePointer? {
        let partKey: String
        switch note.part {
        case .whole: partKey = ""
        case .heading(let anchor): partKey = "#" + HeadingAnchors.lastSegment(anchor)
        case .block(let id): partKey = "#^" + id
        }
        let key = note.resolver.embedKey + partKey
        let resolver = resolver
        let report = context.reportToPage ?? { message in
            resolver.report(MarkdownProblem(isError: false, line: reference.line, column: reference.column, message: message))
        }
        let inner = DiagnosticQuote.quote(Self.written(reference))
        let outer = context.pageEmbed ?? inner
        let shown = context.pageEmbed == nil ? "it is shown as a link" : "`\(inner)` is shown as a link"
        let path = (context.chain.map(\.title) + [note.title]).joined(separator: " → ")
        if context.chain.contains(where: { $0.key == key }) {
            report("embed `\(outer)` leads to a cycle of embeds (\(path)); \(shown)")
            return nil
        }
        if context.depth + 1 > MarkdownRenderer.maximumEmbedDepth {
            report("embed `\(outer)` nests embeds more than \(MarkdownRenderer.maximumEmbedDepth) deep (\(path)); \(shown)")
            return nil
        }
        let budget = context.budget
        budget.notes += 1
        budget.bytes += note.markdown.utf8.count
        if budget.notes > EmbedBudget.maximumNotes || budget.bytes > EmbedBudget.maximumBytes {
            if !budget.reported {
                budget.reported = true
                report("embed `\(outer)` goes past what one page transcludes (\(EmbedBudget.maximumNotes) notes or \(EmbedBudget.maximumBytes >> 20) MiB of Markdown); it and the embeds after it are shown as links")
            }
            return nil
        }
        guard MarkdownLimits.check(note.markdown) == nil, let (parser, embedded) = MarkdownRenderer.parse(note.markdown, options: options) else { return nil }
        detached.keep(parser: parser, document: embedded)
        let childContext = EmbedContext(depth: context.depth + 1, chain: context.chain + [(key, note.title)], reportToPage: report, pageEmbed: outer, budget: budget)
        func transformed<R: MarkdownLinkResolving>(_ resolver: R) -> (TransformedTree, [OpaquePointer], BlockIDs.Found) {
            var child = TreeEditor<R>(document: embedded, source: note.markdown, resolver: resolver, options: options,
                                      context: childContext, detached: detached)
            let result = child.transform()
            return (result, child.headingNodes, child.blockIDs)
        }
        let (result, headingNodes, blocks) = transformed(note.resolver)

        var nodes: [OpaquePointer] = []
        var fragment = ""
        var label = note.title
        switch note.part {
        case .whole:
            var child = cmark_node_first_child(embedded)
            while let node = child {
                if cmark_node_get_type(node) != CMARK_NODE_FOOTNOTE_DEFINITION { nodes.append(node) }
                child = cmark_node_next(node)
            }
        case .heading(let anchor):
            guard let index = HeadingAnchors.index(of: anchor, in: result.headings) else { return nil }
            let heading = headingNodes[index]
            let level = cmark_node_get_heading_level(heading)
            nodes = [heading]
            var next = cmark_node_next(heading)
            while let node = next {
                if cmark_node_get_type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) <= level { break }
                nodes.append(node)
                next = cmark_node_next(node)
            }
            fragment = "#" + result.headings[index].id
            label += " › " + result.headings[index].text
        case .block(let id):
            guard let node = blocks.nodes[id] else { return nil }
            nodes = [node.pointer]
            fragment = "#%5E" + id
        }
        guard let container = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return nil }
        var enter = "<div class=\"embed\">\n<a class=\"embed-source\" href=\""
        enter += HTMLEscaping.escape(note.url + fragment) + "\">" + HTMLEscaping.escape(label) + "</a>"
        cmark_node_set_on_enter(container, enter)
        cmark_node_set_on_exit(container, "</div>")
        for node in nodes {
            // A footnote's definition stays in the note's own page (gathered
            // first: the tree is not edited under a live iterator).
            var references: [OpaquePointer] = []
            Self.forEachEntered(below: node) { inner, type in
                if type == CMARK_NODE_FOOTNOTE_REFERENCE { references.append(inner) }
            }
            for reference in references { detached.keep(MarkdownNode(reference)) }
            if cmark_node_get_type(node) == CMARK_NODE_ITEM {
                // A list item marked `^id` is shown in a list of its own.
                guard let list = cmark_node_new(CMARK_NODE_LIST), let parent = cmark_node_parent(node) else { continue }
                cmark_node_set_list_type(list, cmark_node_get_list_type(parent))
                cmark_node_set_list_tight(list, cmark_node_get_list_tight(parent))
                cmark_node_set_list_start(list, 1)
                cmark_node_unlink(node)
                cmark_node_append_child(list, node)
                cmark_node_append_child(container, list)
            } else {
                cmark_node_unlink(node)
                cmark_node_append_child(container, node)
            }
        }
        return container
    }

    /// Puts an embed container where its placeholder is: a paragraph holding
    /// the placeholder is split around it (an embed is a block). False when
    /// the placeholder is not directly in a paragraph.
    func place(_ container: OpaquePointer, at placeholder: OpaquePointer) -> Bool {
        guard let paragraph = cmark_node_parent(placeholder), cmark_node_get_type(paragraph) == CMARK_NODE_PARAGRAPH else { return false }
        // What follows the embed goes into a paragraph of its own.
        var after: [OpaquePointer] = []
        var next = cmark_node_next(placeholder)
        while let node = next {
            after.append(node)
            next = cmark_node_next(node)
        }
        cmark_node_insert_after(paragraph, container)
        if after.contains(where: { !MarkdownNode($0).isBlank }), let rest = cmark_node_new(CMARK_NODE_PARAGRAPH) {
            for node in after.drop(while: { MarkdownNode($0).isBlank }) {
                cmark_node_unlink(node)
                cmark_node_append_child(rest, node)
            }
            cmark_node_insert_after(container, rest)
            // The space after the embed goes with it.
            if let first = cmark_node_first_child(rest), cmark_node_get_type(first) == CMARK_NODE_TEXT {
                MarkdownNode(first).setLiteral(MarkdownNode(first).literalBytes.drop { $0 == 0x20 || $0 == 0x09 })
            }
        }
        detached.keep(MarkdownNode(placeholder))
        // Line breaks and spaces before the embed are dropped with it.
        while let last = cmark_node_last_child(paragraph), MarkdownNode(last).isBlank { detached.keep(MarkdownNode(last)) }
        if let last = cmark_node_last_child(paragraph), cmark_node_get_type(last) == CMARK_NODE_TEXT {
            let bytes = MarkdownNode(last).literalBytes
            MarkdownNode(last).setLiteral(bytes[..<(bytes.lastIndex { $0 != 0x20 && $0 != 0x09 }.map { $0 + 1 } ?? 0)])
        }
        if cmark_node_first_child(paragraph) == nil { detached.keep(MarkdownNode(paragraph)) }
        return true
    }

    // MARK: raw HTML

    /// Every raw HTML node through the allowlist, as a custom node holding
    /// the sanitized markup (rendered as is, in safe mode too). The nodes of
    /// one parent share a sanitizer, so an element opened in one and closed
    /// in another stays one element, and whatever is still open at the end
    /// of the parent is closed there.
    mutating func sanitizeHTML() {
        var parents: [OpaquePointer] = []
        var firstByParent: [OpaquePointer: OpaquePointer] = [:]
        for node in htmlNodes {
            guard let parent = cmark_node_parent(node), firstByParent[parent] == nil else { continue }
            firstByParent[parent] = node
            parents.append(parent)
        }
        for parent in parents {
            guard let first = firstByParent[parent] else { continue }
            let isBlock = cmark_node_get_type(first) == CMARK_NODE_HTML_BLOCK
            var sanitizer = HTMLSanitizer()
            // Relative URLs in the markup lead where a Markdown link's would, and are checked the same way.
            var position = (line: 0, column: 0)
            let resolver = self.resolver
            sanitizer.rewriteURL = { attribute, value in
                let reference = MarkdownLinkReference(url: value, isImage: attribute == "src", line: position.line, column: position.column)
                if case .url(let rewritten) = resolver.rewrite(reference) { return rewritten }
                return nil
            }
            var current: OpaquePointer? = first
            while let node = current {
                current = cmark_node_next(node)
                let type = cmark_node_get_type(node)
                if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                    position = (Int(cmark_node_get_start_line(node)), Int(cmark_node_get_start_column(node)))
                    let clean = sanitizer.sanitize(MarkdownNode(node).literalBytes)
                    guard let replacement = cmark_node_new(type == CMARK_NODE_HTML_BLOCK ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else { continue }
                    Self.setOnEnter(replacement, clean)
                    Tree.insert(replacement, before: node)
                    detached.keep(MarkdownNode(node))
                } else if sanitizer.isDroppingContent {
                    // Between `<script>` and `</script>` nothing is shown.
                    detached.keep(MarkdownNode(node))
                }
            }
            let closing = sanitizer.finish()
            if !closing.isEmpty, let node = cmark_node_new(isBlock ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) {
                Self.setOnEnter(node, closing)
                Tree.append(node, to: parent)
            }
        }
    }

    static func setOnEnter(_ node: OpaquePointer, _ bytes: [UInt8]) {
        var terminated = bytes
        terminated.append(0)
        _ = terminated.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_on_enter(node, $0.baseAddress) } }
    }

    /// `[[#Heading text]]` links point at the heading's id, now that the ids are known.
    func pointSelfAnchorLinks(at headings: [RenderedHeading]) {
        for (link, anchor) in selfAnchorLinks where !HeadingAnchors.isBlock(anchor) {
            let id = HeadingAnchors.index(of: anchor, in: headings).map { headings[$0].id } ?? HeadingAnchors.guessedID(for: anchor)
            // The page part stays (an embedded note's own links lead to its page).
            let url = cmark_node_get_url(link).map { String(cString: $0) } ?? ""
            let page = url.firstIndex(of: "#").map { String(url[..<$0]) } ?? url
            _ = (page + "#" + id).withCString { cmark_node_set_url(link, $0) }
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
            if let escaped = escapedBrackets(of: node, literal: bytes), escaped.contains(opening) || escaped.contains(opening + 1) { continue }
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
            let link: OpaquePointer
            switch resolver.resolve(wikiLink) {
            case .link(let url, _):
                guard let node = cmark_node_new(CMARK_NODE_LINK) else { continue }
                _ = url.withCString { cmark_node_set_url(node, $0) }
                if target.isEmpty, let anchor { selfAnchorLinks.append((node, anchor)) }
                link = node
            case .citation(let source, let locator):
                // The locator is kept as text; its markup goes with the nodes between.
                guard let mark = Self.customInline("") else { continue }
                citationNodes[mark] = (source, locator)
                citationOrder.append(mark)
                citationsInDocumentOrder = false
                link = mark
            case .broken(_, let reason):
                guard let span = Self.brokenLinkSpan(reason: reason) else { continue }
                link = span
            case .unresolved:
                continue
            }
            let isCitation = citationNodes[link] != nil
            func appendText(_ text: String) {
                guard !text.isEmpty, let textNode = cmark_node_new(CMARK_NODE_TEXT) else { return }
                _ = text.withCString { cmark_node_set_literal(textNode, $0) }
                cmark_node_append_child(link, textNode)
            }
            if isCitation {
                for inline in between { detached.keep(MarkdownNode(inline)) }
            } else {
                appendText(String(labelHead.drop { $0 == " " || $0 == "\t" }))
                for inline in between {
                    cmark_node_unlink(inline)
                    cmark_node_append_child(link, inline)
                }
                appendText(String(String(labelTail.reversed()).drop { $0 == " " || $0 == "\t" }.reversed()))
            }
            // Through `Tree`: a table cell refuses a custom inline (a citation, a broken-link span) on insertion.
            Tree.edit(in: cmark_node_parent(node)) { cmark_node_insert_after(node, link) }
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
        var numbers: [EntryID: Int] = [:]
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
                Tree.insert(link, before: node)
                cursor = match.offset + match.length
            }
            guard cursor > 0 else { continue }
            if cursor < bytes.count {
                _ = String(decoding: bytes[cursor...], as: UTF8.self).withCString { cmark_node_set_literal(node, $0) }
            } else {
                detached.keep(MarkdownNode(node))
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
        if embedContainers.isEmpty {
            Self.forEachEntered(below: document) { node, type in
                guard type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) else { return }
                literal.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: strlen(literal))) }
                bytes.append(0x20)
            }
            return bytes
        }
        guard let iterator = cmark_iter_new(document) else { return bytes }
        defer { cmark_iter_free(iterator) }
        // A transcluded note's words are its own page's, not this one's.
        var skipping: OpaquePointer?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if let skipped = skipping {
                if node == skipped, event == CMARK_EVENT_EXIT { skipping = nil }
                continue
            }
            guard event == CMARK_EVENT_ENTER else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_CUSTOM_BLOCK, !embedContainers.isEmpty, embedContainers.contains(node) { skipping = node; continue }
            guard type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node) else { continue }
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
    /// every section can be linked to; returns the headings in order. In an
    /// embedded note (`wrapping` false) the headings keep no id: the page
    /// has its own, and the note's ids belong to the note's page.
    func anchorHeadings(wrapping: Bool) -> [RenderedHeading] {
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
            guard wrapping, let wrapper = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { continue }
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
            detached.keep(MarkdownNode(node))
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


/// One node of a cmark-gfm tree, for the passes in this module's other
/// files: they read and edit the tree through it and never call C. Nodes
/// taken out of a tree go to `DetachedNodes`, never freed on the spot
/// (text nodes may point into the buffers of the blocks they came from).
struct MarkdownNode: Hashable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    enum Kind: Equatable {
        case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock, paragraph, heading, thematicBreak, footnoteDefinition
        case text, softBreak, lineBreak, code, htmlInline, customInline, emphasis, strong, link, image, footnoteReference
        /// Extension nodes: tables, rows and cells (blocks), strikethrough (inline).
        case otherBlock, otherInline
    }

    var kind: Kind {
        let type = cmark_node_get_type(pointer)
        switch type {
        case CMARK_NODE_DOCUMENT: return .document
        case CMARK_NODE_BLOCK_QUOTE: return .blockQuote
        case CMARK_NODE_LIST: return .list
        case CMARK_NODE_ITEM: return .item
        case CMARK_NODE_CODE_BLOCK: return .codeBlock
        case CMARK_NODE_HTML_BLOCK: return .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: return .customBlock
        case CMARK_NODE_PARAGRAPH: return .paragraph
        case CMARK_NODE_HEADING: return .heading
        case CMARK_NODE_THEMATIC_BREAK: return .thematicBreak
        case CMARK_NODE_FOOTNOTE_DEFINITION: return .footnoteDefinition
        case CMARK_NODE_TEXT: return .text
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_CODE: return .code
        case CMARK_NODE_HTML_INLINE: return .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: return .customInline
        case CMARK_NODE_EMPH: return .emphasis
        case CMARK_NODE_STRONG: return .strong
        case CMARK_NODE_LINK: return .link
        case CMARK_NODE_IMAGE: return .image
        case CMARK_NODE_FOOTNOTE_REFERENCE: return .footnoteReference
        default: return type.rawValue & 0xC000 == 0xC000 ? .otherInline : .otherBlock
        }
    }

    var isInline: Bool { cmark_node_get_type(pointer).rawValue & 0xC000 == 0xC000 }

    var parent: MarkdownNode? { cmark_node_parent(pointer).map(MarkdownNode.init) }
    var firstChild: MarkdownNode? { cmark_node_first_child(pointer).map(MarkdownNode.init) }
    var lastChild: MarkdownNode? { cmark_node_last_child(pointer).map(MarkdownNode.init) }
    var next: MarkdownNode? { cmark_node_next(pointer).map(MarkdownNode.init) }
    var previous: MarkdownNode? { cmark_node_previous(pointer).map(MarkdownNode.init) }

    var children: [MarkdownNode] {
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(pointer)
        while let node = child {
            children.append(MarkdownNode(node))
            child = cmark_node_next(node)
        }
        return children
    }

    /// The literal of a text, code or HTML node, as bytes ([] for others).
    var literalBytes: [UInt8] {
        guard let literal = cmark_node_get_literal(pointer) else { return [] }
        return literal.withMemoryRebound(to: UInt8.self, capacity: 1) { Array(UnsafeBufferPointer(start: $0, count: strlen(literal))) }
    }

    /// Whether a text, code or HTML node's literal contains this two-byte sequence (a C-string scan, no copy).
    func literalContains(_ first: UInt8, _ second: UInt8) -> Bool {
        guard var p = cmark_node_get_literal(pointer) else { return false }
        while let found = strchr(p, Int32(first)) {
            if UInt8(bitPattern: (found + 1).pointee) == second { return true }
            p = UnsafePointer(found + 1)
        }
        return false
    }

    func setLiteral(_ bytes: some Collection<UInt8>) {
        var terminated = Array(bytes)
        terminated.append(0)
        _ = terminated.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { cmark_node_set_literal(pointer, $0.baseAddress) } }
    }

    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }

    /// A paragraph that is an item of a tight list (rendered without `<p>`).
    var isInTightList: Bool {
        guard let item = cmark_node_parent(pointer), let list = cmark_node_parent(item), cmark_node_get_type(list) == CMARK_NODE_LIST else { return false }
        return cmark_node_get_list_tight(list) == 1
    }

    /// A softbreak, line break or text of spaces and tabs only.
    var isBlank: Bool {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return true
        case CMARK_NODE_TEXT: return literalBytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        default: return false
        }
    }

    /// Text of the node's inline content: text, code and link labels.
    var plainText: String { TreeEditor<NoResolver>.text(of: pointer) }

    func insertBefore(_ node: MarkdownNode) { Tree.insert(node.pointer, before: pointer) }
    func insertAfter(_ node: MarkdownNode) { Tree.edit(in: cmark_node_parent(pointer)) { cmark_node_insert_after(pointer, node.pointer) } }
    func append(_ child: MarkdownNode) { Tree.append(child.pointer, to: pointer) }
    /// Takes the node out of its place (it stays alive; give it to `DetachedNodes` or put it elsewhere).
    func unlink() { cmark_node_unlink(pointer) }

    static func text(_ text: some Collection<UInt8>) -> MarkdownNode? {
        guard let node = cmark_node_new(CMARK_NODE_TEXT) else { return nil }
        let wrapped = MarkdownNode(node)
        wrapped.setLiteral(text)
        return wrapped
    }

    static func paragraph() -> MarkdownNode? { cmark_node_new(CMARK_NODE_PARAGRAPH).map(MarkdownNode.init) }

    /// A node rendered as `enter`, its children, `exit`: inline or block.
    static func custom(block: Bool, enter: String, exit: String) -> MarkdownNode? {
        guard let node = cmark_node_new(block ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_CUSTOM_INLINE) else { return nil }
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return MarkdownNode(node)
    }

    /// Every node below and including this one, with whether it is being
    /// entered, in document order (leaves are entered only). Gathered
    /// before any edit: editing under a live iterator is undefined.
    var events: [(node: MarkdownNode, entering: Bool)] {
        var events: [(node: MarkdownNode, entering: Bool)] = []
        guard let iterator = cmark_iter_new(pointer) else { return events }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            events.append((MarkdownNode(node), event == CMARK_EVENT_ENTER))
        }
        return events
    }

    /// Every node below and including this one, in document order.
    var descendants: [MarkdownNode] {
        var nodes: [MarkdownNode] = []
        TreeEditor<NoResolver>.forEachEntered(below: pointer) { node, _ in nodes.append(MarkdownNode(node)) }
        return nodes
    }
}

/// Lets `MarkdownNode` use the tree editor's static helpers.
private struct NoResolver: MarkdownLinkResolving {
    func resolve(_ wikiLink: WikiLinkReference) -> WikiLinkResolution { .unresolved }
    func rewrite(_ link: MarkdownLinkReference) -> MarkdownLinkRewrite { .keep }
    func embed(_ wikiLink: WikiLinkReference) -> EmbedResolution { .unresolved }
    func report(_ problem: MarkdownProblem) {}
    var embedKey: String { "" }
    var embedTitle: String { "" }
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
