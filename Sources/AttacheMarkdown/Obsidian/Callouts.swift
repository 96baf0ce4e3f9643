import AttacheModel

/// Obsidian's callouts: a blockquote whose first line is `[!type]`, with an
/// optional title after it and an optional `+` (open) or `-` (closed) for a
/// foldable one. Rendered as
///
///     <div class="callout callout-tip" data-callout="hint" role="note">
///     <p class="callout-title">Title</p> … </div>
///
/// or, foldable, as `<details class="callout …" [open]>` with the title in
/// `<summary>`. The class names the type its aliases stand for (`hint` →
/// `tip`), unknown types look like `note`, and a callout without a title is
/// titled with its type as written (`[!hint]` → "Hint").
enum Callouts {
    /// Each type Obsidian knows, and the aliases that look like it.
    static let types: [String: String] = {
        let groups: [(String, [String])] = [
            ("note", []), ("abstract", ["summary", "tldr"]), ("info", []), ("todo", []), ("tip", ["hint", "important"]),
            ("success", ["check", "done"]), ("question", ["help", "faq"]), ("warning", ["caution", "attention"]),
            ("failure", ["fail", "missing"]), ("danger", ["error"]), ("bug", []), ("example", []), ("quote", ["cite"]),
        ]
        var types: [String: String] = [:]
        for (type, aliases) in groups {
            types[type] = type
            for alias in aliases { types[alias] = type }
        }
        return types
    }()

    struct Marker: Equatable {
        /// As written, lowercased (`hint`).
        var type: String
        var written: String
        /// nil: not foldable; true: open (`+`); false: closed (`-`).
        var open: Bool?
        /// Bytes of the first text node the marker takes (the title follows).
        var length: Int
    }

    /// `[!type]`, `[!type]+` or `[!type]-` at the start of a text.
    static func marker(in bytes: [UInt8]) -> Marker? {
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "["), bytes[1] == UInt8(ascii: "!") else { return nil }
        var end = 2
        while end < bytes.count, isTypeByte(bytes[end]) { end += 1 }
        guard end > 2, end < bytes.count, bytes[end] == UInt8(ascii: "]") else { return nil }
        let written = String(decoding: bytes[2..<end], as: UTF8.self)
        var length = end + 1
        var open: Bool?
        if length < bytes.count, bytes[length] == UInt8(ascii: "+") || bytes[length] == UInt8(ascii: "-") {
            open = bytes[length] == UInt8(ascii: "+")
            length += 1
        }
        // The title, if any, is separated from the marker by a space.
        if length < bytes.count, bytes[length] != 0x20, bytes[length] != 0x09 { return nil }
        return Marker(type: written.lowercased(), written: written, open: open, length: length)
    }

    static func isTypeByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    static func render(in root: MarkdownNode, detached: DetachedNodes) {
        for quote in root.descendants where quote.kind == .blockQuote {
            guard let paragraph = quote.firstChild, paragraph.kind == .paragraph,
                  let first = paragraph.firstChild, first.kind == .text else { continue }
            let bytes = first.literalBytes
            guard let marker = marker(in: bytes) else { continue }
            let type = types[marker.type] ?? "note"
            let foldable = marker.open != nil
            var opening = foldable ? "<details class=\"callout callout-\(type)\" data-callout=\"\(marker.type)\"" : "<div class=\"callout callout-\(type)\" data-callout=\"\(marker.type)\" role=\"note\""
            if marker.open == true { opening += " open" }
            guard let callout = MarkdownNode.custom(block: true, enter: opening + ">", exit: foldable ? "</details>" : "</div>"),
                  let title = MarkdownNode.custom(block: true, enter: foldable ? "<summary class=\"callout-title\">" : "<p class=\"callout-title\">",
                                                  exit: foldable ? "</summary>" : "</p>") else { continue }
            callout.append(title)
            // The title: the rest of the first line, markup and all.
            var titleNodes: [MarkdownNode] = []
            var rest = Array(bytes[marker.length...])
            while let byte = rest.first, byte == 0x20 || byte == 0x09 { rest.removeFirst() }
            if rest.isEmpty {
                detached.keep(first)
            } else {
                first.setLiteral(rest)
                titleNodes.append(first)
            }
            var next = rest.isEmpty ? paragraph.firstChild : first.next
            while let node = next, node.kind != .softBreak, node.kind != .lineBreak {
                titleNodes.append(node)
                next = node.next
            }
            if let lineEnd = next { detached.keep(lineEnd) }
            if titleNodes.allSatisfy(\.isBlank) {
                titleNodes.forEach(detached.keep)
                let name = marker.written.prefix(1).uppercased() + marker.written.dropFirst().lowercased()
                if let text = MarkdownNode.text(Array(name.utf8)) { title.append(text) }
            } else {
                for node in titleNodes {
                    node.unlink()
                    title.append(node)
                }
            }
            if paragraph.firstChild == nil { detached.keep(paragraph) }
            for child in quote.children {
                child.unlink()
                callout.append(child)
            }
            quote.insertBefore(callout)
            detached.keep(quote)
        }
    }
}
