import Foundation
import AttacheModel
import AttacheGraph

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
/// One hop only: `attache serve` redraws the pages a relation edit reaches
/// (the entry and the targets of its old and new edges), which are exactly
/// the graphs that edit changes; a second hop would reach pages it does not
/// redraw.
package enum LocalGraph {
    /// One list of neighbours under one label ("Strategies", "Case studies", "Mentioned in").
    package struct Group {
        package var label: String
        /// True for the entry's own relations (drawn →), false for backlinks and mentions (←).
        package var outgoing: Bool
        /// The edge style (`e0` … `e15`): colour and dash, the same for a label on every page.
        package var style: Int
        package var members: [Int]
    }

    /// At most this many neighbours are drawn; the rest are counted ("and N more").
    package static let limit = 50
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
    package static func selection(_ groups: [Group], center: Int) -> (nodes: [(entry: Int, group: Int)], more: Int) {
        var seen: Set<Int> = [center]
        var unique: [[Int]] = []
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
        var nodes: [(entry: Int, group: Int)] = []
        for g in unique.indices { for entry in unique[g].prefix(taken[g]) { nodes.append((entry, g)) } }
        return (nodes, total - nodes.count)
    }

    /// What a node shows: its title, its kind's position in the taxonomy, the kind's singular name, its link.
    package struct Node {
        package var title: String
        package var kind: Int
        package var kindName: String
        package var url: String
    }

    /// The figure: the SVG and its legend (HTML), or "" for an entry with no neighbour.
    /// `moreURL` is where "and N more" leads (the full lists on the page).
    package static func html(center: Node, groups: [Group], nodes selected: [(entry: Int, group: Int)], more: Int,
                             node: (Int) -> Node, moreURL: String) -> String {
        guard !selected.isEmpty else { return "" }
        let count = selected.count
        let rightCount = (count + 1) / 2
        let leftCount = count - rightCount
        let rows = max(rightCount, 3)
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

        var svg = ""
        svg.reserveCapacity(600 + count * 420)
        let titleText = "Graph: \(center.title) and \(count + more) connected \(count + more == 1 ? "entry" : "entries")"
        svg += "<figure class=\"local-graph\">\n"
        svg += "<div class=\"lg-scroll\"><svg class=\"lg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"local-graph-title\">"
        svg += "<title id=\"local-graph-title\">\(HTMLEscaping.escape(titleText))</title>"
        svg += "<g class=\"lg-edges\" aria-hidden=\"true\">"
        var points: [(x: Int, y: Int, right: Bool)] = []
        points.reserveCapacity(count)
        for k in 0..<count {
            let p = position(k)
            points.append(p)
            svg += "<line class=\"e\(groups[selected[k].group].style % edgeStyles)\" x1=\"\(cx)\" y1=\"\(cy)\" x2=\"\(p.x)\" y2=\"\(p.y)\"/>"
        }
        svg += "</g><g class=\"lg-nodes\">"
        for k in 0..<count {
            let (entry, g) = selected[k]
            let n = node(entry)
            let p = points[k]
            let tip = "\(groups[g].outgoing ? "" : "← ")\(groups[g].label)\(groups[g].outgoing ? " →" : ""): \(n.title) (\(n.kindName))"
            svg += "<a href=\"\(HTMLEscaping.escape(n.url))\"><title>\(HTMLEscaping.escape(tip))</title>"
            svg += shape(kind: n.kind, x: p.x, y: p.y, size: 6)
            let labelX = p.right ? p.x + 11 : p.x - 11
            svg += "<text x=\"\(labelX)\" y=\"\(p.y + 4)\"\(p.right ? "" : " text-anchor=\"end\"")>\(HTMLEscaping.escape(short(n.title)))</text></a>"
        }
        svg += "<a class=\"lg-center\" href=\"\(HTMLEscaping.escape(center.url))\" aria-current=\"page\"><title>\(HTMLEscaping.escape(center.title)) (\(HTMLEscaping.escape(center.kindName)))</title>"
        svg += shape(kind: center.kind, x: cx, y: cy, size: 10)
        svg += "<text x=\"\(cx)\" y=\"\(cy + 26)\" text-anchor=\"middle\">\(HTMLEscaping.escape(short(center.title)))</text></a>"
        if more > 0 {
            svg += "<a class=\"lg-more\" href=\"\(HTMLEscaping.escape(moreURL))\"><text x=\"\(cx)\" y=\"\(height - 12)\" text-anchor=\"middle\">and \(more) more</text></a>"
        }
        svg += "</g></svg></div>\n"

        // The legend: each relation drawn (its line style, direction, how many) and each kind drawn (its shape).
        svg += "<figcaption class=\"lg-legend\"><ul>"
        var drawnPerGroup = [Int](repeating: 0, count: groups.count)
        for (_, g) in selected { drawnPerGroup[g] += 1 }
        for (g, group) in groups.enumerated() where drawnPerGroup[g] > 0 {
            let arrow = group.outgoing ? "\(HTMLEscaping.escape(group.label)) →" : "← \(HTMLEscaping.escape(group.label))"
            svg += "<li><svg class=\"lg-key\" viewBox=\"0 0 24 12\" width=\"24\" height=\"12\" aria-hidden=\"true\"><line class=\"e\(group.style % edgeStyles)\" x1=\"0\" y1=\"6\" x2=\"24\" y2=\"6\"/></svg>\(arrow) <span class=\"count\">\(group.members.count)</span></li>"
        }
        var kindsDrawn: [(kind: Int, name: String)] = []
        for n in [center] + selected.map({ node($0.entry) }) where !kindsDrawn.contains(where: { $0.kind == n.kind }) {
            kindsDrawn.append((n.kind, n.kindName))
        }
        for (kind, name) in kindsDrawn.sorted(by: { $0.kind < $1.kind }) {
            svg += "<li><svg class=\"lg-key\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\">\(shape(kind: kind, x: 8, y: 8, size: 6))</svg>\(HTMLEscaping.escape(name))</li>"
        }
        svg += "</ul>"
        if more > 0 { svg += "<p>\(count) of \(count + more) connected entries drawn; <a href=\"\(HTMLEscaping.escape(moreURL))\">all of them are listed below</a>.</p>" }
        svg += "</figcaption>\n</figure>"
        return svg
    }

    /// A node's mark: one of six shapes per kind, coloured by kind (`k0` … `k7`).
    static func shape(kind: Int, x: Int, y: Int, size s: Int) -> String {
        let style = "k\(kind % kindStyles)"
        switch kind % 6 {
        case 0: return "<circle class=\"\(style)\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(s)\"/>"
        case 1: return "<rect class=\"\(style)\" x=\"\(x - s)\" y=\"\(y - s)\" width=\"\(2 * s)\" height=\"\(2 * s)\"/>"
        case 2: return "<path class=\"\(style)\" d=\"M\(x) \(y - s - 1)L\(x + s + 1) \(y)L\(x) \(y + s + 1)L\(x - s - 1) \(y)Z\"/>"
        case 3: return "<path class=\"\(style)\" d=\"M\(x) \(y - s - 1)L\(x + s) \(y + s)L\(x - s) \(y + s)Z\"/>"
        case 4: return "<path class=\"\(style)\" d=\"M\(x - s) \(y)L\(x - s / 2) \(y - s)L\(x + s / 2) \(y - s)L\(x + s) \(y)L\(x + s / 2) \(y + s)L\(x - s / 2) \(y + s)Z\"/>"
        default: return "<circle class=\"\(style) hollow\" cx=\"\(x)\" cy=\"\(y)\" r=\"\(s)\"/>"
        }
    }

    /// A label of at most `labelLength` characters.
    static func short(_ title: String) -> String {
        guard title.utf8.count > labelLength, title.count > labelLength else { return title }
        return String(title.prefix(labelLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }
}
