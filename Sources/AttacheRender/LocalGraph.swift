import Foundation
import AttacheModel
import AttacheMarkdown
import AttacheGraph
import AttacheBytes

/// An entry's neighbourhood, drawn at build time as inline SVG: the entry in
/// the middle, the entries one hop away around it (its relations, its
/// backlinks, the entries whose text links to it), one edge per neighbour
/// coloured by relation, one node shape and colour per kind, every node a
/// link. It needs no JavaScript, so it shows in print and in any reader.
///
/// The layout is radial and deterministic: neighbours go clockwise from the
/// top in the order of their groups (outgoing relations in taxonomy order,
/// backlinks by label, then mentions), each group's entries in the order the
/// page lists them. Neighbours sit one per row on an ellipse, half on the
/// right with their labels to the right and half on the left with labels to
/// the left, so no two labels share a line however many neighbours there
/// are. Every coordinate is an integer: the same graph gives the same bytes.
///
/// Where the neighbourhood is small (at most `secondHopBelow` neighbours),
/// the entries two hops away are drawn too, up to `secondHopLimit`: each
/// under the neighbour that leads to it, a little further out, joined to it
/// by a thin dotted elbow, like a branch of a tree. `attache serve` redraws
/// the pages within one hop of the entries a relation edit touches, so a
/// second hop stays right while editing.
package enum LocalGraph {
    /// One list of neighbours under one label ("Strategies", "Case studies", "Mentioned in").
    package struct Group {
        package var label: String
        /// True for the entry's own relations (drawn →), false for backlinks and mentions (←).
        package var outgoing: Bool
        /// The edge style (`e0` … `e15`): colour and dash, the same for a label on every page.
        package var style: Int
        package var members: [EntryID]
    }

    /// At most this many neighbours are drawn; the rest are counted ("and N more").
    package static let limit = 50
    /// Entries with at most this many neighbours also show those two hops away.
    package static let secondHopBelow = 8
    /// At most this many second-hop entries, and this many under one neighbour.
    package static let secondHopLimit = 10, secondHopPerNeighbour = 3
    /// How much further out a second-hop node sits than the neighbour it hangs from.
    static let secondHopIndent = 26

    /// The entries two hops away, for a small neighbourhood: for each drawn
    /// neighbour (by its position in `nodes`), the entries one hop from it that
    /// are neither the centre nor drawn already, in `neighbours`' order.
    package static func secondHop(center: EntryID, nodes: [(entry: EntryID, group: Int)], more: Int,
                                  neighbours: (EntryID) -> [EntryID]) -> [(entry: EntryID, parent: Int)] {
        guard more == 0, !nodes.isEmpty, nodes.count <= secondHopBelow else { return [] }
        var seen = Set(nodes.map(\.entry))
        seen.insert(center)
        var result: [(entry: EntryID, parent: Int)] = []
        for (k, node) in nodes.enumerated() {
            var taken = 0
            for next in neighbours(node.entry) where taken < secondHopPerNeighbour && result.count < secondHopLimit {
                if seen.insert(next).inserted {
                    result.append((next, k))
                    taken += 1
                }
            }
        }
        return result
    }

    /// Labels longer than this are shortened with "…" (the full title is the node's tooltip).
    static let labelLength = 28
    static let width = 820
    static let rowHeight = 22
    /// How far from the centre a side's nodes sit: `inner` at the top and bottom row, `outer` in the middle.
    static let inner = 50, outer = 160
    /// Kinds get `k0` … `k7` (colour) and one of six shapes; edge styles are `e0` … `e15`.
    package static let kindStyles = 8, edgeStyles = 16

    /// The neighbours drawn: every distinct neighbour once, in group order,
    /// at most `limit`, taken one from each group in turn so a long group
    /// does not push the others out. Returns (entry, group) pairs in drawing
    /// order and the number left out.
    package static func selection(_ groups: [Group], center: EntryID) -> (nodes: [(entry: EntryID, group: Int)], more: Int) {
        var seen: Set<EntryID> = [center]
        var unique: [[EntryID]] = []
        for group in groups { unique.append(group.members.filter { seen.insert($0).inserted }) }
        let total = unique.reduce(0) { $0 + $1.count }
        var taken = [Int](repeating: 0, count: unique.count)
        var budget = min(limit, total)
        while budget > 0 {
            for g in unique.indices where budget > 0 && taken[g] < unique[g].count {
                taken[g] += 1
                budget -= 1
            }
        }
        var nodes: [(entry: EntryID, group: Int)] = []
        for g in unique.indices { for entry in unique[g].prefix(taken[g]) { nodes.append((entry, g)) } }
        return (nodes, total - nodes.count)
    }

    /// What each entry shows as a node, written once per entry (and link
    /// root) instead of once per page it appears on. A node is placed with
    /// `transform`, so all it draws is the same wherever it sits: its mark
    /// at the origin and its label to the right (or, on the left half, to
    /// the left), with its full title as a tooltip when the label is
    /// shortened. A page copies the two parts in around its link and place:
    /// an entry is a neighbour on dozens of pages, and escaping, shortening
    /// and drawing it on each was most of the graph's cost.
    package struct NodeTexts: Sendable {
        /// Entry `i`'s parts are parts `4 * i` … `4 * i + 3`: its link
        /// (escaped), its node drawn for the right half, for the left half, and
        /// its label alone.
        private var parts = PackedBytes()
        private(set) var kinds: [Int] = []
        let kindNames: [String]

        package init(kindNames: [String]) { self.kindNames = kindNames }

        var count: Int { kinds.count }

        package mutating func append(title: String, url: String, kind: Int) {
            let label = LocalGraph.short(title)
            var drawn = SVGBytes(capacity: 160)
            if label != title {
                drawn.add("<title>"); drawn.escaped(title); drawn.add("</title>")
            }
            LocalGraph.shape(kind: kind, x: 0, y: 0, size: 6, into: &drawn)
            let mark = drawn.storage
            parts.appendEscapingHTML(url); parts.endPart()
            parts.append(mark); parts.append(literal: "<text x=\"11\" y=\"4\">")
            parts.appendEscapingHTML(label); parts.append(literal: "</text></a>"); parts.endPart()
            parts.append(mark); parts.append(literal: "<text x=\"-11\" y=\"4\" text-anchor=\"end\">")
            parts.appendEscapingHTML(label); parts.append(literal: "</text></a>"); parts.endPart()
            parts.appendEscapingHTML(label); parts.endPart()
            kinds.append(kind)
        }

        /// Part `part` of entry `i` (0 link, 1 right node, 2 left node, 3 label), appended to `out`.
        func write(_ i: EntryID, _ part: Int, to out: inout SVGBytes) {
            out.part(4 * i.position + part, of: parts)
        }
    }

    /// The figure: the SVG and its legend (HTML, kept as bytes: the page
    /// copies them in without a String in between), or nothing for an entry with no neighbour.
    /// `moreURL` is where "and N more" leads (the full lists on the page).
    package static func html(center c: EntryID, title: String, groups: [Group], nodes selected: [(entry: EntryID, group: Int)], more: Int,
                             secondHop: [(entry: EntryID, parent: Int)] = [], texts: NodeTexts, moreURL: String) -> HTMLFragment {
        guard !selected.isEmpty, c.position < texts.count, !texts.kindNames.isEmpty else { return HTMLFragment(bytes: []) }
        // Rows go round in order: each neighbour, then the entries that hang from it.
        var order: [(entry: EntryID, parent: Int?)] = []
        var rowOfNeighbour: [Int] = []
        var children = secondHop[...]
        for k in selected.indices {
            rowOfNeighbour.append(order.count)
            order.append((selected[k].entry, nil))
            while let child = children.first, child.parent == k {
                order.append((child.entry, k))
                children = children.dropFirst()
            }
        }
        let count = order.count
        // Half the rows on the right, split between two neighbours so that the
        // entries hanging from one stay on its side (split inside, a child
        // would start the other side on its parent's row).
        var rightCount = (count + 1) / 2
        if !secondHop.isEmpty {
            let splits = rowOfNeighbour.dropFirst() + [count]
            rightCount = splits.min { a, b in
                let (ha, hb) = (max(a, count - a), max(b, count - b))
                return ha != hb ? ha < hb : a > b
            } ?? count
        }
        let leftCount = count - rightCount
        let rows = max(rightCount, leftCount, 3)
        let pad = 28
        let moreSpace = more > 0 ? 26 : 0
        let height = rows * rowHeight + 2 * pad + moreSpace
        let cx = width / 2
        let cy = pad + rows * rowHeight / 2
        // The ellipse's half height reaches past the outermost rows, so they keep some distance from the centre.
        let ry = Double(rows * rowHeight) / 2 + Double(rowHeight)

        func position(_ k: Int) -> (x: Int, y: Int, right: Bool) {
            let right = k < rightCount
            let m = right ? rightCount : leftCount
            // Right side top to bottom, left side bottom to top: clockwise from the top.
            let row = right ? k : m - 1 - (k - rightCount)
            let y = cy + ((2 * row - (m - 1)) * rowHeight) / 2
            let t = Double(y - cy) / ry
            let dx = inner + Int((Double(outer - inner) * (1 - t * t).squareRoot()).rounded())
            return (right ? cx + dx : cx - dx, y, right)
        }

        var out = SVGBytes(capacity: 900 + count * 330)
        let total = selected.count + more
        out.add("<figure class=\"local-graph\">\n<div class=\"lg-scroll\"><svg class=\"lg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        out.int(width); out.add(" "); out.int(height); out.add("\" width=\""); out.int(width); out.add("\" height=\""); out.int(height)
        out.add("\" aria-labelledby=\"local-graph-title\"><title id=\"local-graph-title\">Graph: ")
        out.escaped(title)
        out.add(" and "); out.int(total); out.add(total == 1 ? " connected entry" : " connected entries")
        if !secondHop.isEmpty { out.add(", with "); out.int(secondHop.count); out.add(" more two steps away") }
        out.add("</title>")
        // One path per group: its edges, each from the centre to a neighbour.
        out.add("<g class=\"lg-edges\" aria-hidden=\"true\">")
        var points = (0..<count).map(position)
        // A second-hop node sits outside the neighbour it hangs from, so its
        // elbow (down or up from the neighbour, then across) never meets a label.
        for row in points.indices {
            guard let parent = order[row].parent else { continue }
            let from = points[rowOfNeighbour[parent]]
            points[row].x = from.right ? max(points[row].x, from.x + secondHopIndent) : min(points[row].x, from.x - secondHopIndent)
            points[row].right = from.right
        }
        var k = 0
        while k < selected.count {
            let g = selected[k].group
            out.add("<path class=\"e"); out.int(groups[g].style % edgeStyles); out.add("\" d=\"")
            while k < selected.count && selected[k].group == g {
                let p = points[rowOfNeighbour[k]]
                out.add("M"); out.int(cx); out.add(" "); out.int(cy); out.add("L"); out.int(p.x); out.add(" "); out.int(p.y)
                k += 1
            }
            out.add("\"/>")
        }
        if !secondHop.isEmpty {
            out.add("<path class=\"lg-hop2\" d=\"")
            for row in points.indices {
                guard let parent = order[row].parent else { continue }
                let from = points[rowOfNeighbour[parent]], to = points[row]
                let step = to.y > from.y ? 8 : -8
                out.add("M"); out.int(from.x); out.add(" "); out.int(from.y + step)
                out.add("L"); out.int(from.x); out.add(" "); out.int(to.y)
                out.add("L"); out.int(to.x + (to.right ? -8 : 8)); out.add(" "); out.int(to.y)
            }
            out.add("\"/>")
        }
        out.add("</g><g class=\"lg-nodes\">")
        var kindsDrawn = [Bool](repeating: false, count: texts.kindNames.count + 1)
        kindsDrawn[min(texts.kinds[c], texts.kindNames.count)] = true
        for k in 0..<count {
            let entry = order[k].entry
            kindsDrawn[min(texts.kinds[entry], texts.kindNames.count)] = true
            let p = points[k]
            out.add("<a href=\""); texts.write(entry, 0, to: &out)
            out.add("\" transform=\"translate("); out.int(p.x); out.add(" "); out.int(p.y); out.add(")\">")
            texts.write(entry, p.right ? 1 : 2, to: &out)
        }
        out.add("<a class=\"lg-center\" href=\""); texts.write(c, 0, to: &out); out.add("\" aria-current=\"page\">")
        shape(kind: texts.kinds[c], x: cx, y: cy, size: 10, into: &out)
        out.add("<text x=\""); out.int(cx); out.add("\" y=\""); out.int(cy + 26); out.add("\" text-anchor=\"middle\">")
        texts.write(c, 3, to: &out); out.add("</text></a>")
        if more > 0 {
            out.add("<a class=\"lg-more\" href=\""); out.escaped(moreURL); out.add("\"><text x=\""); out.int(cx)
            out.add("\" y=\""); out.int(height - 12); out.add("\" text-anchor=\"middle\">and "); out.int(more); out.add(" more</text></a>")
        }
        out.add("</g></svg></div>\n")

        // The legend: each relation drawn (its line style, direction, how many) and each kind drawn (its shape).
        out.add("<figcaption class=\"lg-legend\"><ul>")
        var drawnPerGroup = [Int](repeating: 0, count: groups.count)
        for (_, g) in selected { drawnPerGroup[g] += 1 }
        for (g, group) in groups.enumerated() where drawnPerGroup[g] > 0 {
            out.add("<li><i class=\"lg-line e"); out.int(group.style % edgeStyles); out.add("\"></i>")
            if !group.outgoing { out.add("← ") }
            out.escaped(group.label)
            out.add(group.outgoing ? " → <span class=\"count\">" : " <span class=\"count\">"); out.int(group.members.count); out.add("</span></li>")
        }
        if !secondHop.isEmpty {
            out.add("<li><i class=\"lg-line lg-hop2\"></i>two steps away <span class=\"count\">"); out.int(secondHop.count); out.add("</span></li>")
        }
        for kind in kindsDrawn.indices where kindsDrawn[kind] {
            out.add("<li><i class=\"lg-shape s"); out.int(kind % 6); out.add(" k"); out.int(kind % kindStyles); out.add("\"></i>")
            out.escaped(texts.kindNames.indices.contains(kind) ? texts.kindNames[kind] : ""); out.add("</li>")
        }
        out.add("</ul>")
        if more > 0 {
            out.add("<p>"); out.int(count); out.add(" of "); out.int(total); out.add(" connected entries drawn; <a href=\"")
            out.escaped(moreURL); out.add("\">all of them are listed below</a>.</p>")
        }
        out.add("</figcaption>\n</figure>")
        return HTMLFragment(bytes: out.storage)
    }

    /// A node's mark: one of six shapes per kind, coloured by kind (`k0` … `k7`).
    static func shape(kind: Int, x: Int, y: Int, size s: Int, into out: inout SVGBytes) {
        let style = kind % kindStyles
        func point(_ command: StaticString, _ px: Int, _ py: Int) { out.add(command); out.int(px); out.add(" "); out.int(py) }
        switch kind % 6 {
        case 0, 5:
            out.add("<circle class=\"k"); out.int(style); out.add(kind % 6 == 5 ? " hollow\" cx=\"" : "\" cx=\"")
            out.int(x); out.add("\" cy=\""); out.int(y); out.add("\" r=\""); out.int(s); out.add("\"/>")
        case 1:
            out.add("<rect class=\"k"); out.int(style); out.add("\" x=\""); out.int(x - s); out.add("\" y=\""); out.int(y - s)
            out.add("\" width=\""); out.int(2 * s); out.add("\" height=\""); out.int(2 * s); out.add("\"/>")
        default:
            out.add("<path class=\"k"); out.int(style); out.add("\" d=\"")
            switch kind % 6 {
            case 2: point("M", x, y - s - 1); point("L", x + s + 1, y); point("L", x, y + s + 1); point("L", x - s - 1, y)
            case 3: point("M", x, y - s - 1); point("L", x + s, y + s); point("L", x - s, y + s)
            default:
                point("M", x - s, y); point("L", x - s / 2, y - s); point("L", x + s / 2, y - s)
                point("L", x + s, y); point("L", x + s / 2, y + s); point("L", x - s / 2, y + s)
            }
            out.add("Z\"/>")
        }
    }

    /// A label of at most `labelLength` characters.
    static func short(_ title: String) -> String {
        guard title.utf8.count > labelLength, title.count > labelLength else { return title }
        return String(title.prefix(labelLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}

/// The bytes of an SVG being written: fixed text, integers and escaped text
/// appended without building a String per part.
struct SVGBytes {
    private(set) var storage: [UInt8] = []
    init(capacity: Int) { storage.reserveCapacity(capacity) }

    mutating func add(_ text: StaticString) { storage.append(literal: text) }
    mutating func bytes(_ bytes: [UInt8]) { storage.append(contentsOf: bytes) }
    /// Part `i` of `packed`.
    mutating func part(_ i: Int, of packed: PackedBytes) { packed.append(part: i, to: &storage) }
    mutating func escaped(_ text: String) { HTMLEscaping.append(text, to: &storage) }
    mutating func int(_ value: Int) { storage.appendDecimal(value) }
}
