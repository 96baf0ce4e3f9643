/// Obsidian's highlights: `==text==` as `<mark>text</mark>`. The two `==`
/// must be in the same run of inline content (one paragraph, heading, table
/// cell, emphasis or link label), the opening one followed and the closing
/// one preceded by something other than a space; markup between them stays
/// (`==a *b* [[c]]==`). A run of more or fewer than two `=` is text.
enum Highlights {
    static func mark(in root: MarkdownNode, detached: DetachedNodes) {
        var parents: [MarkdownNode] = []
        var seen = Set<MarkdownNode>()
        for node in root.descendants where node.kind == .text && node.literalContains(UInt8(ascii: "="), UInt8(ascii: "=")) {
            guard let parent = node.parent, seen.insert(parent).inserted else { continue }
            parents.append(parent)
        }
        for parent in parents { mark(childrenOf: parent, detached: detached) }
    }

    /// One child of the parent, or a piece of a text child.
    private enum Piece {
        case node(MarkdownNode)
        case text([UInt8])
        /// `==` at this place, with whether it may open and close a highlight.
        case delimiter(canOpen: Bool, canClose: Bool)
    }

    private static func mark(childrenOf parent: MarkdownNode, detached: DetachedNodes) {
        let children = parent.children
        var pieces: [Piece] = []
        for (index, child) in children.enumerated() {
            guard child.kind == .text, child.literalContains(UInt8(ascii: "="), UInt8(ascii: "=")) else {
                pieces.append(.node(child))
                continue
            }
            let bytes = child.literalBytes
            var start = 0
            var i = 0
            while i + 1 < bytes.count {
                guard bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "="),
                      i == 0 || bytes[i - 1] != UInt8(ascii: "="), i + 2 >= bytes.count || bytes[i + 2] != UInt8(ascii: "=") else {
                    i += 1
                    continue
                }
                if i > start { pieces.append(.text(Array(bytes[start..<i]))) }
                // What stands before and after: in this text, or in the sibling beside it.
                let before: Bool = i > 0 ? !isSpace(bytes[i - 1]) : index > 0 && !children[index - 1].isBlank
                let after: Bool = i + 2 < bytes.count ? !isSpace(bytes[i + 2]) : index + 1 < children.count && !children[index + 1].isBlank
                pieces.append(.delimiter(canOpen: after, canClose: before))
                i += 2
                start = i
            }
            if start < bytes.count { pieces.append(.text(Array(bytes[start...]))) }
        }
        // Pair each opener with the next closer after it.
        var pairs: [(open: Int, close: Int)] = []
        var opener: Int?
        for (index, piece) in pieces.enumerated() {
            guard case .delimiter(let canOpen, let canClose) = piece else { continue }
            if let open = opener, canClose, index > open + 1 {
                pairs.append((open, index))
                opener = nil
            } else if canOpen {
                opener = index
            }
        }
        guard !pairs.isEmpty else { return }
        // Rebuild the children: text pieces as new text nodes (unpaired `==`
        // as text), highlighted runs inside `<mark>`.
        for child in children { child.unlink() }
        let opens = Dictionary(uniqueKeysWithValues: pairs.map { ($0.open, $0.close) })
        var target = parent
        var closeAt: Int?
        var pendingText: [UInt8] = []
        func flushText() {
            guard !pendingText.isEmpty, let node = MarkdownNode.text(pendingText) else { return }
            target.append(node)
            pendingText = []
        }
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .node(let node):
                flushText()
                target.append(node)
            case .text(let bytes):
                pendingText += bytes
            case .delimiter:
                if let close = opens[index], let mark = MarkdownNode.custom(block: false, enter: "<mark>", exit: "</mark>") {
                    flushText()
                    parent.append(mark)
                    target = mark
                    closeAt = close
                } else if index == closeAt {
                    flushText()
                    target = parent
                    closeAt = nil
                } else {
                    pendingText += [UInt8(ascii: "="), UInt8(ascii: "=")]
                }
            }
        }
        flushText()
        for child in children where child.kind == .text && child.literalContains(UInt8(ascii: "="), UInt8(ascii: "=")) {
            detached.keep(child)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
