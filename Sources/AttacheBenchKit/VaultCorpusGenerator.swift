import Foundation

/// Writes a synthetic Obsidian-style vault of N notes, for timing a build
/// without site.yml or taxonomy.yml: file names with spaces and capitals,
/// folders nested two deep, most notes without front matter (the title is
/// the file name), tags in front matter and inline (`#theme/maritime`),
/// callouts, note embeds `![[Title]]`, wiki-links by title, and images in
/// attachment folders linked with `![alt](<../Attachments/photo 3.png>)`.
/// Bodies have the size and shape of CorpusGenerator's (headings, lists,
/// tables, code, 3–12 links), so the two builds compare. Every link
/// resolves. The same N and seed give the same files.
public struct VaultCorpusGenerator {
    public let noteCount: Int
    public let seed: UInt64

    public init(noteCount: Int, seed: UInt64 = 1) {
        self.noteCount = noteCount
        self.seed = seed
    }

    /// Folders notes go in ("" is the top level), with their share of notes.
    static let folders: [(path: String, share: Double)] = [
        ("", 0.05), ("Strategy Notes", 0.15), ("Organizations", 0.20), ("Case Studies", 0.25),
        ("Case Studies/Archive 2023", 0.10), ("Challenges & Risks", 0.10), ("Trends/Emerging Tech", 0.15),
    ]
    static let tags = ["theme/maritime", "theme/cyber", "theme/peacekeeping", "region/africa", "region/europe", "region/asia-pacific",
                       "status/draft", "status/reviewed", "important", "to-read"]
    static let callouts = ["note", "tip", "warning", "info", "example", "quote"]
    static let attachmentCount = 50

    struct Planned {
        let title: String, folder: String
        var headings: [String] = []
    }

    public func write(to directory: String) throws {
        var random = SplitMix64(seed: seed)
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let words = CorpusGenerator.words
        var planned: [Planned] = []
        for (f, folder) in Self.folders.enumerated() {
            let count = f == Self.folders.count - 1 ? noteCount - planned.count : Int((Double(noteCount) * folder.share).rounded())
            for n in 0..<max(0, count) {
                let name = (0..<2).map { _ in words[random.next(words.count)] }.joined(separator: " ").capitalized
                var note = Planned(title: "\(name) Note \(planned.count)", folder: folder.path)
                note.headings = (0..<(3 + random.next(3))).map { h in "Section \(h + 1) \(words[random.next(words.count)].capitalized)" }
                planned.append(note)
                _ = n
            }
        }
        for folder in Set(planned.map(\.folder)) where !folder.isEmpty {
            try fm.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
        }
        // Attachments: small image files in one folder, as Obsidian keeps them by default.
        try fm.createDirectory(atPath: directory + "/Attachments", withIntermediateDirectories: true)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 120)
        for n in 0..<Self.attachmentCount {
            try Data(png).write(to: URL(fileURLWithPath: directory + "/Attachments/photo \(n).png"))
        }
        try "# Benchmark vault\n\nA generated vault. Start with [[\(planned[0].title)]].\n"
            .write(toFile: directory + "/Home.md", atomically: false, encoding: .utf8)
        for (index, note) in planned.enumerated() {
            var text = ""
            // One note in five has front matter: tags, an alias, a date.
            if index % 5 == 0 {
                text += "---\ntags: [\(Self.tags[random.next(Self.tags.count)]), \(Self.tags[random.next(Self.tags.count)])]\n"
                if index % 15 == 0 { text += "aliases: [Alias \(index)]\n" }
                text += "date: 2024-\(String(format: "%02d", 1 + index % 12))-\(String(format: "%02d", 1 + index % 28))\n---\n"
            }
            text += body(for: note, index: index, planned: planned, random: &random)
            let path = (note.folder.isEmpty ? "" : note.folder + "/") + note.title + ".md"
            try text.write(toFile: directory + "/" + path, atomically: false, encoding: .utf8)
        }
    }

    private func sentence(_ random: inout SplitMix64, words count: Int) -> String {
        let words = CorpusGenerator.words
        var chosen = (0..<count).map { _ in words[random.next(words.count)] }
        chosen[0] = chosen[0].capitalized
        if count > 6 { chosen[3] = "**\(chosen[3])**" }
        return chosen.joined(separator: " ") + "."
    }

    private func body(for note: Planned, index: Int, planned: [Planned], random: inout SplitMix64) -> String {
        let depth = note.folder.isEmpty ? 0 : note.folder.split(separator: "/").count
        let up = String(repeating: "../", count: depth)
        var links = (0..<(3 + random.next(10))).map { _ -> String in
            var target = planned[random.next(planned.count)]
            if target.title == note.title { target = planned[(index + 1) % planned.count] }
            switch random.next(4) {
            case 0: return "[[\(target.title)]]"
            case 1: return "[[\(target.title)|\(CorpusGenerator.words[random.next(CorpusGenerator.words.count)])]]"
            case 2: return "[[\(target.title)#\(target.headings[0].lowercased().replacingOccurrences(of: " ", with: "-"))]]"
            default: return "#" + Self.tags[random.next(Self.tags.count)]
            }
        }
        var out = sentence(&random, words: 30) + " " + links.removeLast() + "\n\n"
        for (h, heading) in note.headings.enumerated() {
            out += "## \(heading)\n\n"
            for _ in 0..<2 {
                out += sentence(&random, words: 25) + " " + sentence(&random, words: 20)
                if let link = links.popLast() { out += " See " + link + "." }
                out += "\n\n"
            }
            switch h % 5 {
            case 0: out += (0..<4).map { _ in "- " + sentence(&random, words: 8) }.joined(separator: "\n") + "\n\n"
            case 1: out += "| Item | Value |\n| --- | --- |\n" + (0..<3).map { _ in "| \(CorpusGenerator.words[random.next(CorpusGenerator.words.count)]) | \(random.next(1000)) |" }.joined(separator: "\n") + "\n\n"
            case 2: out += "```\nexample [[not-a-link]] #not-a-tag\n```\n\n"
            case 3:
                out += "> [!\(Self.callouts[random.next(Self.callouts.count)])] \(heading)\n> " + sentence(&random, words: 15) + "\n\n"
            default:
                var embedded = planned[random.next(planned.count)]
                if embedded.title == note.title { embedded = planned[(index + 1) % planned.count] }
                out += "![[\(embedded.title)]]\n\n![photo](<\(up)Attachments/photo \(random.next(Self.attachmentCount)).png>)\n\n- [x] " + sentence(&random, words: 5) + "\n\n"
            }
        }
        for link in links { out += link + " " }
        return out + "\n"
    }
}
