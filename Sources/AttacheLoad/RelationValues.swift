import Yams
import AttacheModel

/// A relation field's values: each a slug, or a mapping that dates it,
/// `{to: japan, from: 1952, until: 2022-03-31, note: "…"}` (flow or block
/// style, in a list or alone). Both front-matter readers give them as
/// `FrontMatterValue.items`; anything deeper comes from Yams as a node.
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
        switch value {
        case .items(let items, _, _, _):
            var spans: [RelationSpan?] = []
            for item in items {
                switch item {
                case .scalar(let slug):
                    values.slugs.append(slug)
                    spans.append(nil)
                case .mapping(let pairs, let at):
                    guard let (slug, span) = datedValue(pairs, at: at, field: field, problems: &values.problems) else { continue }
                    values.slugs.append(slug)
                    spans.append(span)
                }
            }
            values.spans = spans
        case .node(let node):
            // Deeper than slugs and mappings of them: a list in a list, an alias, a mapping in a mapping.
            switch node {
            case .sequence(let sequence):
                for item in sequence where item.scalar == nil {
                    values.problems.append(.error("`\(field)` must list slugs or mappings such as `{to: slug, from: 1952}`; this item is \(Self.describe(item))", at: location(of: item), stage: stage))
                    break
                }
            case .mapping:
                values.problems.append(.error("a value of `\(field)` written as a mapping takes slugs and dates (`{to: slug, from: 1952}`), not lists or mappings", at: location(of: node), stage: stage))
            case .scalar, .alias:
                if case .failure(let problem) = stringList(node, field: field) { values.problems.append(problem) }
            }
        case .scalar, .list, .structured:
            switch stringList(value, field: field) {
            case .success(let slugs): values.slugs = slugs
            case .failure(let problem): values.problems.append(problem)
            }
        }
        return values
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .sequence: return "a list"
        case .alias: return "an alias"
        default: return "a mapping with lists or mappings in it"
        }
    }

    /// One `{to:, from:, until:, note:}` value.
    private func datedValue(_ pairs: [(key: Located<String>, value: Located<String>)], at location: SourceLocation, field: String,
                            problems: inout [Diagnostic]) -> (Located<String>, RelationSpan)? {
        var slug: Located<String>?
        var span = RelationSpan()
        var untilLocation: SourceLocation?
        var failed = false
        for (key, value) in pairs {
            switch key.value {
            case "to":
                if value.value.trimmingWhiteSpace().isEmpty {
                    problems.append(.error("`to` in a value of `\(DiagnosticQuote.quote(field))` is empty; it takes the slug of the entry", at: value.location, stage: stage))
                    failed = true
                }
                slug = value
            case "from", "until":
                guard let date = partialDate(value.value, field: key.value, at: value.location, problems: &problems) else {
                    failed = true
                    continue
                }
                if key.value == "from" { span.from = date } else {
                    span.until = date
                    untilLocation = value.location
                }
            case "note":
                span.note = value.value.trimmingWhiteSpace()
            default:
                problems.append(.error("unknown key `\(DiagnosticQuote.quote(key.value))` in a value of `\(DiagnosticQuote.quote(field))` (known: \(RelationValues.mappingKeys.joined(separator: ", ")))", at: key.location, stage: stage))
                failed = true
            }
        }
        guard let slug else {
            problems.append(.error("a value of `\(DiagnosticQuote.quote(field))` written as a mapping needs `to:` with the slug it points to", at: location, stage: stage))
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
