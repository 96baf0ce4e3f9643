import Foundation
import AttacheSite
import AttacheModel

/// Writes a synthetic knowledge base of N entries in the content format:
/// five kinds and a source kind, typed relations, two facets, ~600-word
/// bodies with headings, lists, tables, code and 3–12 links each. Sources
/// and time are in a share of entries, as a knowledge base that uses them
/// has them: case studies and challenges cite one to three sources with
/// locators (challenges must: `min_sources: 1`), a fifth of the other
/// entries cite one; half the organizations date their partners (flow and
/// block mappings) and carry `as_of`, a quarter of the case studies date
/// their organizations and end (`until`). Every link and citation
/// resolves and every source is cited, so the corpus builds cleanly. The
/// same N and seed give the same files.
public struct CorpusGenerator {
    public let entryCount: Int
    public let seed: UInt64

    public init(entryCount: Int, seed: UInt64 = 1) {
        self.entryCount = entryCount
        self.seed = seed
    }

    struct KindSpec {
        let key: String, folder: String, title: String, singular: String, share: Double
        let relations: [(name: String, to: String, inverse: String, min: Int)]
        var isSource = false
        var minimumSources = 0
    }

    static let kinds: [KindSpec] = [
        KindSpec(key: "strategy", folder: "strategies", title: "Strategy types", singular: "Strategy type", share: 0.15,
                 relations: [("counters", "challenge", "Countered by", 0)]),
        KindSpec(key: "organization", folder: "organizations", title: "Organizations", singular: "Organization", share: 0.20,
                 relations: [("partners", "organization", "Partner of", 0)]),
        KindSpec(key: "case-study", folder: "case-studies", title: "Case studies", singular: "Case study", share: 0.40,
                 relations: [("strategies", "strategy", "Case studies", 1), ("organizations", "organization", "Case studies", 0),
                             ("challenges", "challenge", "Case studies", 0)]),
        KindSpec(key: "challenge", folder: "challenges", title: "Challenges", singular: "Challenge", share: 0.10,
                 relations: [("hinders", "strategy", "Hindered by", 0)], minimumSources: 1),
        KindSpec(key: "trend", folder: "trends", title: "Trends", singular: "Trend", share: 0.10,
                 relations: [("shapes", "strategy", "Shaped by", 0)]),
        KindSpec(key: "source", folder: "sources", title: "Sources", singular: "Source", share: 0.05, relations: [], isSource: true),
    ]
    static let words = """
    military diplomacy strategy security nation defence stability cooperation diplomatic effort regional international joint \
    initiative understanding relation exercise political country engagement peace national global collaborative state \
    conflict challenge training dialogue tension capability trust threat peacekeeping mutual force alliance resolution \
    communication collective approach partnership resource framework commitment interoperability mission personnel interest \
    deterrence operation agreement technology support sharing response presence partner outcome intelligence influence \
    humanitarian exchange equipment civilian channel maritime border treaty summit envoy liaison observer logistics doctrine
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    static let regions = ["Africa", "Asia-Pacific", "Europe", "Middle East", "Latin America", "North America", "Arctic", "South Asia"]
    static let themes = ["Maritime Security", "Capacity Building", "Arms Control", "Peacekeeping", "Humanitarian Assistance",
                         "Defence Education", "Cyber Defence", "Border Security", "Crisis Management", "Naval Diplomacy"]

    struct Planned {
        let slug: String, title: String, kind: KindSpec, folder: String
        var headings: [String] = []
    }

    /// Writes the corpus under `directory` (which must not exist or be empty).
    public func write(to directory: String) throws {
        var random = SplitMix64(seed: seed)
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "title: Benchmark knowledge base\ndescription: A generated corpus.\nbase_url: /\nlanguage: en\n"
            .write(toFile: directory + "/site.yml", atomically: false, encoding: .utf8)
        var taxonomy = "kinds:\n"
        for kind in Self.kinds {
            taxonomy += "  \(kind.key):\n    folder: \(kind.folder)\n    title: \(kind.title)\n    singular: \(kind.singular)\n"
            if kind.isSource { taxonomy += "    source: true\n" }
            if kind.minimumSources > 0 { taxonomy += "    min_sources: \(kind.minimumSources)\n" }
            if !kind.relations.isEmpty { taxonomy += "    relations:\n" }
            for relation in kind.relations {
                taxonomy += "      \(relation.name):\n        to: \(relation.to)\n        inverse: \(relation.inverse)\n"
                if relation.min > 0 { taxonomy += "        min: \(relation.min)\n" }
                if Self.datedRelations.contains(relation.name) { taxonomy += "        dated: true\n" }
            }
        }
        taxonomy += "facets:\n  regions:\n    title: Regions\n  themes:\n    title: Themes\n"
        try taxonomy.write(toFile: directory + "/taxonomy.yml", atomically: false, encoding: .utf8)

        // Plan every entry first, so links can point anywhere.
        var planned: [Planned] = []
        var byKind: [String: [Int]] = [:]
        for (k, kind) in Self.kinds.enumerated() {
            let count = k == Self.kinds.count - 1 ? entryCount - planned.count : Int((Double(entryCount) * kind.share).rounded())
            for n in 0..<max(0, count) {
                let name = (0..<2).map { _ in Self.words[random.next(Self.words.count)] }.joined(separator: " ").capitalized
                let slug = "\(kind.key)-\(n)"
                let folder = n % 5 == 0 ? "\(kind.folder)/archive" : kind.folder
                var entry = Planned(slug: slug, title: "\(name) \(kind.singular) \(n)", kind: kind, folder: folder)
                entry.headings = (0..<(3 + random.next(3))).map { h in "Section \(h + 1) \(Self.words[random.next(Self.words.count)])" }
                byKind[kind.key, default: []].append(planned.count)
                planned.append(entry)
            }
        }
        for folder in Set(planned.map(\.folder)) {
            try fm.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        // Citations go to the sources in turn, so every source is cited.
        let sources = byKind["source"] ?? []
        let linkable = planned.indices.filter { !planned[$0].kind.isSource }
        var nextSource = 0
        for (index, entry) in planned.enumerated() {
            var text = "---\ntitle: \(entry.title)\nsummary: A generated \(entry.kind.singular.lowercased()) about \(Self.words[random.next(Self.words.count)]) and \(Self.words[random.next(Self.words.count)]).\n"
            if entry.kind.isSource {
                text += sourceFields(index: index, random: &random) + "---\n"
                text += sentence(&random, words: 25) + " " + sentence(&random, words: 15) + "\n"
                try text.write(toFile: directory + "/" + entry.folder + "/" + entry.slug + ".md", atomically: false, encoding: .utf8)
                continue
            }
            if index % 7 == 0 { text += "aliases: [Alias \(entry.slug)]\n" }
            text += "date: 2024-\(String(format: "%02d", 1 + index % 12))-\(String(format: "%02d", 1 + index % 28))\n"
            let datesRelations = (entry.kind.key == "organization" && index % 2 == 0) || (entry.kind.key == "case-study" && index % 4 == 0)
            if entry.kind.key == "case-study" && index % 4 == 0 { text += "until: \(2025 + index % 3)\n" }
            if entry.kind.key == "organization" && index % 2 == 0 { text += "as_of: 2025-\(String(format: "%02d", 1 + index % 12))\n" }
            for relation in entry.kind.relations {
                guard let candidates = byKind[relation.to], !candidates.isEmpty else { continue }
                let count = max(relation.min, random.next(3))
                var targets = Set<String>()
                for _ in 0..<count {
                    let target = planned[candidates[random.next(candidates.count)]]
                    if target.slug != entry.slug { targets.insert(target.slug) }
                }
                if relation.min > 0 && targets.isEmpty { targets.insert(planned[candidates[0]].slug == entry.slug ? planned[candidates[1 % candidates.count]].slug : planned[candidates[0]].slug) }
                guard !targets.isEmpty else { continue }
                if datesRelations && Self.datedRelations.contains(relation.name) {
                    // Dated values, in both YAML styles, and one left plain.
                    text += "\(relation.name):\n"
                    for (n, target) in targets.sorted().enumerated() {
                        let from = 1990 + random.next(30)
                        switch n % 3 {
                        case 0: text += "  - {to: \(target), from: \(from)}\n"
                        case 1: text += "  - to: \(target)\n    from: \(from)-\(String(format: "%02d", 1 + random.next(12)))\n    until: \(from + 1 + random.next(10))-06-30\n    note: \"generated note\"\n"
                        default: text += "  - \(target)\n"
                        }
                    }
                } else {
                    text += "\(relation.name): [\(targets.sorted().joined(separator: ", "))]\n"
                }
            }
            text += "regions: [\(Self.regions[random.next(Self.regions.count)])]\n"
            text += "themes: [\(Self.themes[random.next(Self.themes.count)]), \(Self.themes[random.next(Self.themes.count)])]\n---\n"
            var citations: [String] = []
            if !sources.isEmpty && (entry.kind.minimumSources > 0 || entry.kind.key == "case-study" || index % 5 == 0) {
                for _ in 0..<(1 + random.next(3)) {
                    let source = planned[sources[nextSource % sources.count]].slug
                    nextSource += 1
                    citations.append(random.next(2) == 0 ? "[[@\(source)]]" : "[[@\(source)|p. \(1 + random.next(300))]]")
                }
            }
            text += body(for: entry, index: index, planned: planned, linkable: linkable, citations: citations, random: &random)
            try text.write(toFile: directory + "/" + entry.folder + "/" + entry.slug + ".md", atomically: false, encoding: .utf8)
        }
    }

    /// Relations whose values may carry dates (`dated: true`).
    static let datedRelations: Set<String> = ["partners", "organizations"]

    /// A source's reference: author (one, or a list), publisher, published, url, accessed, identifier.
    private func sourceFields(index: Int, random: inout SplitMix64) -> String {
        var text = index % 3 == 0 ? "author: [Author \(index), Second Author]\n" : "author: Institute \(random.next(50))\n"
        text += "publisher: Publisher \(random.next(20))\n"
        text += "published: \(1950 + random.next(75))" + (index % 2 == 0 ? "-\(String(format: "%02d", 1 + random.next(12)))" : "") + "\n"
        if index % 4 != 3 { text += "url: https://example.org/sources/\(index)/document.pdf\n" }
        text += "accessed: 2025-\(String(format: "%02d", 1 + index % 12))-\(String(format: "%02d", 1 + index % 28))\n"
        if index % 4 != 0 { text += "identifier: \"DOC/\(index)/\(1990 + random.next(35))\"\n" }
        return text
    }

    private func sentence(_ random: inout SplitMix64, words count: Int) -> String {
        var words = (0..<count).map { _ in Self.words[random.next(Self.words.count)] }
        words[0] = words[0].capitalized
        if count > 6 { words[3] = "**\(words[3])**" }
        return words.joined(separator: " ") + "."
    }

    private func body(for entry: Planned, index: Int, planned: [Planned], linkable: [Int], citations: [String] = [], random: inout SplitMix64) -> String {
        var citations = citations
        var links = (0..<(3 + random.next(10))).map { _ -> String in
            // Links go to entries with generated headings (sources have none).
            var target = planned[linkable[random.next(linkable.count)]]
            if target.slug == entry.slug { target = planned[linkable[(linkable.firstIndex(of: index).map { $0 + 1 } ?? 0) % linkable.count]] }
            switch random.next(4) {
            case 0: return "[[\(target.slug)]]"
            case 1: return "[[\(target.slug)|\(Self.words[random.next(Self.words.count)])]]"
            case 2: return "[[\(target.slug)#\(target.headings[0].lowercased().replacingOccurrences(of: " ", with: "-"))]]"
            default:
                let up = entry.folder.split(separator: "/").map { _ in ".." }.joined(separator: "/")
                return "[see](\(up)/\(target.folder)/\(target.slug).md)"
            }
        }
        var out = sentence(&random, words: 30) + " " + links.removeLast() + "\n\n"
        for (h, heading) in entry.headings.enumerated() {
            out += "## \(heading)\n\n"
            for _ in 0..<2 {
                out += sentence(&random, words: 25) + (citations.popLast() ?? "") + " " + sentence(&random, words: 20)
                if let link = links.popLast() { out += " See " + link + "." }
                out += "\n\n"
            }
            switch h % 4 {
            case 0: out += (0..<4).map { _ in "- " + sentence(&random, words: 8) }.joined(separator: "\n") + "\n\n"
            case 1: out += "| Item | Value |\n| --- | --- |\n" + (0..<3).map { _ in "| \(Self.words[random.next(Self.words.count)]) | \(random.next(1000)) |" }.joined(separator: "\n") + "\n\n"
            case 2: out += "```\nexample [[not-a-link]] \(Self.words[random.next(Self.words.count)])\n```\n\n"
            default: out += "> " + sentence(&random, words: 15) + "\n\n- [x] " + sentence(&random, words: 5) + "\n\n"
            }
        }
        for link in links { out += link + " " }
        return out + "\n"
    }
}

/// A small, fast, deterministic random number generator.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(bound, 1)))
    }
}
