import Foundation

extension TestSite {
    /// The rendered body of an entry page: what cmark-gfm and the Obsidian
    /// passes wrote between `<div class="prose">` and its end.
    func body(_ page: String) -> String? {
        guard let html = read(page),
              let start = html.range(of: "<div class=\"prose\">\n"),
              let end = html.range(of: "\n  </div>\n", range: start.upperBound..<html.endIndex) else { return nil }
        var body = html[start.upperBound..<end.lowerBound]
        while body.last == "\n" { body = body.dropLast() }
        return String(body)
    }

    /// Whether any file below a folder of the output contains this text.
    func anyFile(under folder: String, contains text: String) -> Bool {
        snapshot(folder).values.contains { String(decoding: $0, as: UTF8.self).contains(text) }
    }
}
