/// Obsidian's block ids: a paragraph or list item whose last line ends in
/// ` ^id` (letters, digits, hyphens), or a line `^id` of its own after a
/// table, list or quote, names that block; `[[Note#^id]]` links to it and
/// `![[Note#^id]]` embeds it. The `^id` is not shown. On the page the block
/// gets the id `^id` (`<p id="^id">`, or the item's text in
/// `<span id="^id">`, or `<div id="^id">` around a table, list or quote);
/// inside an embedded note ids are left out, since the page has its own.
enum BlockIDs {
    struct Found {
        /// The ids, in document order.
        var ids: [String] = []
        /// The block each id names: a paragraph, a list item, or the block before a `^id` line.
        var nodes: [String: MarkdownNode] = [:]

        mutating func add(_ id: String, _ node: MarkdownNode) -> Bool {
            guard nodes[id] == nil else { return false }
            ids.append(id)
            nodes[id] = node
            return true
        }
    }

    static func find(in root: MarkdownNode, anchored: Bool, detached: DetachedNodes) -> Found {
        var found = Found()
        for paragraph in root.descendants where paragraph.kind == .paragraph {
            guard let last = paragraph.lastChild, last.kind == .text else { continue }
            let bytes = last.literalBytes
            guard let (id, cut) = trailingID(bytes) else { continue }
            if cut == 0, paragraph.firstChild == last {
                // `^id` alone: it names the block before it.
                guard let block = paragraph.previous, block.kind != .heading else { continue }
                detached.keep(paragraph)
                guard found.add(id, block), anchored,
                      let wrapper = MarkdownNode.custom(block: true, enter: "<div id=\"^\(id)\">", exit: "</div>") else { continue }
                block.insertBefore(wrapper)
                block.unlink()
                wrapper.append(block)
                continue
            }
            if cut == 0 {
                // `text` + line break + `^id`: the id's line goes, the break before it too.
                detached.keep(last)
                if let lineEnd = paragraph.lastChild, lineEnd.kind == .softBreak || lineEnd.kind == .lineBreak { detached.keep(lineEnd) }
            } else {
                last.setLiteral(bytes[..<cut])
            }
            let item = paragraph.parent.flatMap { $0.kind == .item && $0.firstChild == paragraph ? $0 : nil }
            guard found.add(id, item ?? paragraph), anchored else { continue }
            if paragraph.isInTightList {
                // A tight list shows no `<p>`: the item's text carries the id.
                guard let span = MarkdownNode.custom(block: false, enter: "<span id=\"^\(id)\">", exit: "</span>") else { continue }
                for child in paragraph.children {
                    child.unlink()
                    span.append(child)
                }
                paragraph.append(span)
            } else {
                guard let block = MarkdownNode.custom(block: true, enter: "<p id=\"^\(id)\">", exit: "</p>") else { continue }
                for child in paragraph.children {
                    child.unlink()
                    block.append(child)
                }
                paragraph.insertBefore(block)
                detached.keep(paragraph)
            }
        }
        return found
    }

    /// The id of a text ending in ` ^id` (or consisting of `^id`), and where
    /// the text is cut to drop it and the spaces before it.
    static func trailingID(_ bytes: [UInt8]) -> (id: String, cut: Int)? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        var start = end
        while start > 0, isIDByte(bytes[start - 1]) { start -= 1 }
        guard start < end, start > 0, bytes[start - 1] == UInt8(ascii: "^") else { return nil }
        var cut = start - 1
        guard cut == 0 || bytes[cut - 1] == 0x20 || bytes[cut - 1] == 0x09 else { return nil }
        while cut > 0, bytes[cut - 1] == 0x20 || bytes[cut - 1] == 0x09 { cut -= 1 }
        return (String(decoding: bytes[start..<end], as: UTF8.self), cut)
    }

    static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
