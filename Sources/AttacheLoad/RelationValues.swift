import Yams
import AttacheModel

/// A relation field's values: each a slug, or a mapping that dates it,
/// `{to: japan, from: 1952, until: 2022-03-31, note: "…"}` (flow or block
/// style, in a list or alone). Mappings come only from Yams: the simple
/// front-matter reader declines `{` and `- key: value` items.
package struct RelationValues {
    /// The slugs, each where it was written (a mapping's at its `to` value).
    var slugs: [Located<String>] = []
    /// Parallel to `slugs`; nil when no value is a mapping.
    var spans: [RelationSpan?]?
    var problems: [Diagnostic] = []

    static let mappingKeys = ["to", "from", "until", "note"]
}

extension YAMLReader {
    func relationValues(_ value: FrontMatterValue, field: String) -> RelationValues {
        var values = RelationValues()
        guard case .node(let node) = value else {
            switch stringList(value, field: field) {
            case .success(let slugs): values.slugs = slugs
            case .failure(let problem): values.problems.append(problem)
            }
            return values
        }
        var items: [Node] = []
        switch node {
        case .mapping: items = [node]
        case .sequence(let sequence): items = Array(sequence)
        case .scalar, .alias:
            switch stringList(node, field: field) {
            case .success(let slugs): values.slugs = slugs
            case .failure(let problem): values.problems.append(problem)
            }
            return values
        }
        var spans: [RelationSpan?] = []
        var hasMapping = false
        for item in items {
            switch item {
            case .scalar(let scalar):
                values.slugs.append(Located(scalar.string, at: location(of: item)))
                spans.append(nil)
            case .mapping(let mapping):
                hasMapping = true
                guard let (slug, span) = datedValue(mapping, at: item, field: field, problems: &values.problems) else { continue }
                values.slugs.append(slug)
                spans.append(span)
            case .sequence, .alias:
                values.problems.append(.error("`\(field)` must list slugs or mappings such as `{to: slug, from: 1952}`; this item is a \(item.sequence != nil ? "list" : "alias")", at: location(of: item), stage: stage))
            }
        }
        if hasMapping { values.spans = spans }
        return values
    }

    /// One `{to:, from:, until:, note:}` value.
    private func datedValue(_ mapping: Node.Mapping, at node: Node, field: String, problems: inout [Diagnostic]) -> (Located<String>, RelationSpan)? {
        var slug: Located<String>?
        var span = RelationSpan()
        var untilLocation: SourceLocation?
        var failed = false
        func text(_ valueNode: Node, _ key: String) -> String? {
            switch string(valueNode, field: key) {
            case .success(let value): return value
            case .failure(let problem):
                problems.append(problem)
                failed = true
                return nil
            }
        }
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "to":
                guard let value = text(valueNode, key) else { continue }
                if value.trimmingWhiteSpace().isEmpty {
                    problems.append(.error("`to` in a value of `\(DiagnosticQuote.quote(field))` is empty; it takes the slug of the entry", at: location(of: valueNode), stage: stage))
                    failed = true
                }
                slug = Located(value, at: location(of: valueNode))
            case "from", "until":
                guard let value = text(valueNode, key) else { continue }
                guard let date = partialDate(value, field: key, at: location(of: valueNode), problems: &problems) else {
                    failed = true
                    continue
                }
                if key == "from" { span.from = date } else {
                    span.until = date
                    untilLocation = location(of: valueNode)
                }
            case "note":
                span.note = text(valueNode, key)?.trimmingWhiteSpace()
            default:
                problems.append(.error("unknown key `\(DiagnosticQuote.quote(key))` in a value of `\(DiagnosticQuote.quote(field))` (known: \(RelationValues.mappingKeys.joined(separator: ", ")))", at: location(of: keyNode), stage: stage))
                failed = true
            }
        }
        guard let slug else {
            problems.append(.error("a value of `\(DiagnosticQuote.quote(field))` written as a mapping needs `to:` with the slug it points to", at: location(of: node), stage: stage))
            return nil
        }
        if let from = span.from, let until = span.until, until.isBefore(from), let untilLocation {
            problems.append(.error("`until` \(until.text) is before `from` \(from.text) in `\(DiagnosticQuote.quote(field))`", at: untilLocation, stage: stage))
            failed = true
        }
        return failed ? nil : (slug, span)
    }

    /// A year, year-month or date, or a problem at `location`.
    func partialDate(_ text: String, field: String, at location: SourceLocation, problems: inout [Diagnostic]) -> PartialDate? {
        switch PartialDate.parse(text) {
        case .success(let date): return date
        case .failure(let problem):
            let message = problem.reason.map { "`\(field)`: \($0) (got `\(DiagnosticQuote.quote(text))`)" }
                ?? "`\(field)` must be a year, a month or a day such as 1952, 2011-07 or 2022-03-31 (got `\(DiagnosticQuote.quote(text))`)"
            problems.append(.error(message, at: location, stage: stage))
            return nil
        }
    }
}
