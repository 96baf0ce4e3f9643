import Foundation
import AttacheModel
import AttacheGraph
import AttacheBytes

/// The whole knowledge base on one page (`/graph/`), drawn at build time so
/// it reads without JavaScript and stays the same size at any number of
/// entries: one cluster per kind (area by entry count), one curve per
/// relation between two kinds (width by how many links it carries), and,
/// under it, the most connected entries of each kind. `assets/graph.js`
/// adds an explorer of every entry over it (see README, "The graph page").
package enum GraphOverview {
    /// One relation between two kinds, summed over all entries.
    package struct Flow: Equatable {
        package var source: Int
        package var target: Int
        package var relation: String
        package var label: String
        package var count: Int
    }

    static let width = 820, height = 600
    /// Entries listed per kind under the drawing.
    package static let topPerKind = 8

    /// Every relation's links counted per (source kind, relation, target kind), in taxonomy order.
    package static func flows(graph: KnowledgeGraph, taxonomy: Taxonomy, kindPositions: [KindID: Int], label: (String) -> String) -> [Flow] {
        var counts: [String: [Int: [Int: Int]]] = [:]
        for edge in graph.relationEdges {
            guard let s = kindPositions[graph.index.entries[edge.source].kind], let t = kindPositions[graph.index.entries[edge.target].kind] else { continue }
            counts[edge.relation, default: [:]][s, default: [:]][t, default: 0] += 1
        }
        var flows: [Flow] = []
        for (s, kind) in taxonomy.kinds.enumerated() {
            for relation in kind.relations {
                for (t, count) in (counts[relation.name]?[s] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    flows.append(Flow(source: s, target: t, relation: relation.name, label: label(relation.name), count: count))
                }
            }
        }
        return flows
    }

    /// Each entry's number of connections (indexed by entry): typed edges both ways and body links both ways (each pair once per direction).
    package static func degrees(_ graph: KnowledgeGraph) -> [Int] {
        var degree = [Int](repeating: 0, count: graph.index.entries.count)
        for edge in graph.relationEdges where edge.source != edge.target {
            degree[edge.source] += 1
            degree[edge.target] += 1
        }
        for (source, targets) in zip(graph.mentionTargets.entryIDs, graph.mentionTargets) {
            for target in targets where target != source {
                degree[source] += 1
                degree[target] += 1
            }
        }
        return degree
    }

    /// The centre of kind `k` of `count` kinds: round a circle from the top, clockwise.
    static func center(_ k: Int, of count: Int) -> (x: Int, y: Int) {
        guard count > 1 else { return (width / 2, height / 2) }
        let angle = -Double.pi / 2 + 2 * Double.pi * Double(k) / Double(count)
        let radius = Double(min(width, height)) / 2 - 110
        return (width / 2 + Int((radius * cos(angle)).rounded()), height / 2 + Int((radius * sin(angle)).rounded()))
    }

    /// A cluster's radius: its area grows with its entries, within bounds.
    static func radius(_ count: Int, largest: Int) -> Int {
        guard largest > 0 else { return 16 }
        return 16 + Int((44 * (Double(count) / Double(largest)).squareRoot()).rounded())
    }

    /// The SVG (HTML) of the kinds and the relations between them.
    package static func svg(kinds: [(title: String, url: String, count: Int)], flows: [Flow], edgeStyle: (String) -> Int) -> String {
        let largest = kinds.map(\.count).max() ?? 0
        let largestFlow = flows.map(\.count).max() ?? 1
        var svg = "<svg class=\"lg overview\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"overview-title\">"
        svg += "<title id=\"overview-title\">The knowledge base by kind: \(kinds.count) kinds, \(kinds.reduce(0) { $0 + $1.count }) entries, \(flows.count) relations between kinds</title>"
        svg += "<g class=\"lg-edges\">"
        for flow in flows {
            let a = center(flow.source, of: kinds.count), b = center(flow.target, of: kinds.count)
            let stroke = 1 + Int((5 * Double(flow.count) / Double(largestFlow)).squareRoot().rounded())
            let tip = HTMLEscaping.escape("\(kinds[flow.source].title) → \(kinds[flow.target].title): \(flow.label) (\(flow.count) links)")
            let style = "e\(edgeStyle(flow.label) % LocalGraph.edgeStyles) w\(min(stroke, 4))"
            if flow.source == flow.target {
                // A relation within a kind: a loop outward from the cluster.
                let r = radius(kinds[flow.source].count, largest: largest)
                let dx = a.x - width / 2, dy = a.y - height / 2
                let length = max(1, Int((Double(dx * dx + dy * dy)).squareRoot().rounded()))
                let ox = a.x + dx * (r + 34) / length, oy = a.y + dy * (r + 34) / length
                svg += "<path class=\"\(style)\" d=\"M\(a.x) \(a.y)C\(ox - dy * 30 / length) \(oy + dx * 30 / length) \(ox + dy * 30 / length) \(oy - dx * 30 / length) \(a.x) \(a.y)\"><title>\(tip)</title></path>"
            } else {
                // Bent to the right of its direction, so the two ways between a pair of kinds do not overlap.
                let mx = (a.x + b.x) / 2 + (b.y - a.y) / 6, my = (a.y + b.y) / 2 - (b.x - a.x) / 6
                svg += "<path class=\"\(style)\" d=\"M\(a.x) \(a.y)Q\(mx) \(my) \(b.x) \(b.y)\"><title>\(tip)</title></path>"
            }
        }
        svg += "</g><g class=\"lg-nodes\">"
        for (k, kind) in kinds.enumerated() {
            let c = center(k, of: kinds.count)
            let r = radius(kind.count, largest: largest)
            svg += "<a href=\"\(HTMLEscaping.escape(kind.url))\"><title>\(HTMLEscaping.escape(kind.title)): \(kind.count) entries</title>"
            svg += "<circle class=\"k\(k % LocalGraph.kindStyles) cluster\" cx=\"\(c.x)\" cy=\"\(c.y)\" r=\"\(r)\"/>"
            svg += "<text class=\"cluster-label\" x=\"\(c.x)\" y=\"\(c.y + r + 16)\" text-anchor=\"middle\">\(HTMLEscaping.escape(kind.title)) (\(kind.count))</text></a>"
        }
        svg += "</g></svg>"
        return svg
    }
}
