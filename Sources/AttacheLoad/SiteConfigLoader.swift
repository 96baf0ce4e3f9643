import Yams
import AttacheModel

/// Reads site.yml.
package enum SiteConfigLoader {
    static let knownFields: Set<String> = ["title", "description", "base_url", "language", "unsafe_html", "intro", "home_entries_per_kind", "url_style", "stale_after", "timeline", "broken_links"]

    package static func load(text: String, path: String, diagnostics: inout [Diagnostic]) -> SiteConfig? {
        let reader = YAMLReader(path: path, firstLine: 1)
        let mapping: Node.Mapping
        switch reader.parseMapping(text, what: "site.yml") {
        case .success(let value): mapping = value
        case .failure(let diagnostic): diagnostics.append(diagnostic); return nil
        }
        var title: String?
        var config = SiteConfig(title: "")
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            func text() -> String? {
                switch reader.string(valueNode, field: key) {
                case .success(let value): return value
                case .failure(let d): diagnostics.append(d); return nil
                }
            }
            switch key {
            case "title": title = text()
            case "description": config.description = text() ?? ""
            case "base_url":
                if let url = text() {
                    config.baseURL = url.isEmpty ? "/" : url
                    config.basePath = SiteConfig.path(ofBaseURL: config.baseURL)
                }
            case "language": config.language = text() ?? "en"
            case "intro":
                config.intro = text()
                // A block scalar (`intro: |`) starts on the line after its key.
                let keyLine = reader.location(of: keyNode).line
                let valueLine = reader.location(of: valueNode).line
                if case .scalar(let scalar) = valueNode, scalar.style == .literal || scalar.style == .folded {
                    config.introFirstLine = keyLine + 1
                } else {
                    config.introFirstLine = valueLine
                }
            case "home_entries_per_kind":
                switch reader.integer(valueNode, field: key) {
                case .success(let value) where value > 0: config.homeEntriesPerKind = value
                case .success: diagnostics.append(.error("`home_entries_per_kind` must be at least 1", at: reader.location(of: valueNode), stage: .load))
                case .failure(let d): diagnostics.append(d)
                }
            case "url_style":
                if let value = text() {
                    if let style = URLStyle(rawValue: value) {
                        config.urlStyle = style
                    } else {
                        let known = URLStyle.allCases.map { "`\($0.rawValue)`" }.joined(separator: " or ")
                        diagnostics.append(.error("`url_style` must be \(known), not `\(DiagnosticQuote.quote(value))`", at: reader.location(of: valueNode), stage: .load))
                    }
                }
            case "stale_after":
                if let value = text() {
                    if let age = StaleAge.parse(value) {
                        config.staleAfter = age
                    } else {
                        diagnostics.append(.error("`stale_after` must be a number of years or months such as `3y` or `18m`, not `\(DiagnosticQuote.quote(value))`", at: reader.location(of: valueNode), stage: .load))
                    }
                }
            case "timeline":
                switch reader.bool(valueNode, field: key) {
                case .success(let value): config.timeline = value
                case .failure(let d): diagnostics.append(d)
                }
            case "broken_links":
                if let value = text() {
                    if let policy = BrokenLinkPolicy(rawValue: value) {
                        config.brokenLinks = policy
                    } else {
                        let known = BrokenLinkPolicy.allCases.map { "`\($0.rawValue)`" }.joined(separator: " or ")
                        diagnostics.append(.error("`broken_links` must be \(known), not `\(DiagnosticQuote.quote(value))`", at: reader.location(of: valueNode), stage: .load))
                    }
                }
            case "unsafe_html":
                switch reader.bool(valueNode, field: key) {
                case .success(let value): config.allowsRawHTML = value
                case .failure(let d): diagnostics.append(d)
                }
            default:
                diagnostics.append(.warning("unknown field `\(DiagnosticQuote.quote(key))` in site.yml (known: \(knownFields.sorted().joined(separator: ", ")))", at: reader.location(of: keyNode), stage: .load))
            }
        }
        guard let title, !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            diagnostics.append(.error("site.yml has no `title`; it is required", at: SourceLocation(path: path), stage: .load))
            return nil
        }
        config.title = title
        return config
    }
}
