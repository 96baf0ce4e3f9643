/// Obsidian's comments: `%%hidden%%` inside a line, or `%%` lines around
/// whole paragraphs, lists, tables and code. Never published: the text is
/// taken out of the syntax tree before links are resolved and before the
/// search text is gathered. A `%%` counts only in text, never in code spans
/// or code blocks (those are removed whole when they lie inside a comment).
enum CommentMarks {
    static func remove(in root: MarkdownNode, detached: DetachedNodes, report: (_ line: Int, _ column: Int, _ message: String) -> Void) {
        let events = root.events
        // First where comments begin and end: the text each text node keeps,
        // the leaves inside a comment, and the blocks and spans wholly inside
        // one (entered and left in a comment with no `%%` between).
        var inComment = false
        var toggles = 0
        var opening: (line: Int, column: Int)?
        var open: [(inComment: Bool, toggles: Int)] = []
        var wholly = Set<MarkdownNode>()
        var keptText: [MarkdownNode: [UInt8]] = [:]
        var hiddenLeaves = Set<MarkdownNode>()
        for (node, entering) in events {
            if node.kind == .text {
                guard inComment || node.literalContains(UInt8(ascii: "%"), UInt8(ascii: "%")) else { continue }
                let bytes = node.literalBytes
                var kept: [UInt8] = []
                var segmentStart = 0
                var index = 0
                while index + 1 < bytes.count {
                    guard bytes[index] == UInt8(ascii: "%"), bytes[index + 1] == UInt8(ascii: "%") else { index += 1; continue }
                    if !inComment {
                        kept += bytes[segmentStart..<index]
                        opening = (node.startLine, node.startColumn + index)
                    }
                    inComment.toggle()
                    toggles += 1
                    index += 2
                    segmentStart = index
                }
                if !inComment { kept += bytes[segmentStart...] }
                if kept.count != bytes.count { keptText[node] = kept }
            } else if node.isLeaf {
                if inComment { hiddenLeaves.insert(node) }
            } else if entering {
                open.append((inComment, toggles))
            } else if let entered = open.popLast(), entered.inComment, entered.toggles == toggles, node != root {
                wholly.insert(node)
            }
        }
        guard toggles > 0 else { return }
        // Then the edits, in document order; a container the comment has
        // emptied goes too (a paragraph of only `%%`, a list of hidden items).
        var hadChildren = Set<MarkdownNode>()
        var skippingUntil: MarkdownNode?
        for (node, entering) in events {
            if let skipped = skippingUntil {
                if node == skipped, !entering { skippingUntil = nil }
                continue
            }
            if node.kind == .text {
                if let kept = keptText[node] {
                    if kept.isEmpty { detached.keep(node) } else { node.setLiteral(kept) }
                }
            } else if node.isLeaf {
                if hiddenLeaves.contains(node) { detached.keep(node) }
            } else if entering {
                if wholly.contains(node) {
                    detached.keep(node)
                    skippingUntil = node
                } else if node.firstChild != nil {
                    hadChildren.insert(node)
                }
            } else if hadChildren.contains(node), node.firstChild == nil, node != root, removableWhenEmpty(node.kind) {
                detached.keep(node)
            }
        }
        if inComment, let opening {
            report(opening.line, opening.column, "`%%` opens a comment that is never closed; the rest of the note is hidden")
        }
    }

    /// Containers that mean nothing once a comment has taken all they held.
    /// Not a table's rows and cells (a table keeps its shape), nor a footnote's definition.
    static func removableWhenEmpty(_ kind: MarkdownNode.Kind) -> Bool {
        switch kind {
        case .paragraph, .heading, .blockQuote, .list, .item, .emphasis, .strong, .link, .image, .otherInline:
            return true
        default:
            return false
        }
    }
}

extension MarkdownNode {
    /// Nodes cmark-gfm's iterator enters only (they never have children).
    var isLeaf: Bool {
        switch kind {
        case .text, .softBreak, .lineBreak, .code, .htmlInline, .htmlBlock, .codeBlock, .thematicBreak: return true
        default: return false
        }
    }
}
