import Yams
import AttacheModel

/// Reads YAML with Yams' `compose` (a node tree that keeps positions) and
/// turns every problem into a diagnostic at its line in the original file.
package struct YAMLReader {
    let path: String
    /// File line of the YAML text's first line (2 for front matter after `---`).
    let firstLine: Int
    let stage: BuildStage = .load

    func location(_ mark: Mark?) -> SourceLocation {
        guard let mark else { return SourceLocation(path: path, line: firstLine, column: 1) }
        return SourceLocation(path: path, line: mark.line + firstLine - 1, column: mark.column)
    }

    func location(of node: Node) -> SourceLocation { location(node.mark) }

    /// The top-level mapping, or a diagnostic. An empty document is an empty mapping.
    func parseMapping(_ yaml: String, what: String) -> Result<Node.Mapping, Diagnostic> {
        if let found = YAMLAliasKeys.find(in: yaml) {
            return .failure(.error("a YAML alias (`*\(DiagnosticQuote.quote(found.alias))`) is used in a mapping key; keys must be written out (expanding aliases in keys can take forever)",
                                   at: SourceLocation(path: path, line: found.line + firstLine - 1, column: found.column), stage: stage))
        }
        let node: Node?
        do {
            // The basic resolver tags every scalar as a string (no regular
            // expressions per value; booleans and numbers are read where a field
            // expects them), and a fixed encoding skips an environment lookup
            // per call. Together they halve the cost of front matter.
            node = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            return .failure(diagnostic(for: error))
        } catch {
            return .failure(.error("\(what) is not valid YAML: \(error)", at: location(nil), stage: stage))
        }
        guard let node else { return .success(Node.Mapping([])) }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            return .success(Node.Mapping([]))
        }
        guard let mapping = node.mapping else {
            return .failure(.error("\(what) must be a mapping of `key: value` lines", at: location(of: node), stage: stage))
        }
        return .success(mapping)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line + firstLine - 1))" }
            return .error(message, at: location(mark), stage: stage)
        case .reader(let problem, _, _, _):
            return .error("invalid YAML: \(problem)", at: location(nil), stage: stage)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error("duplicate key \(duplicates.map { "`\(DiagnosticQuote.quote($0))`" }.joined(separator: ", ")) in YAML mapping", at: location(context.mark), stage: stage)
        default:
            return .error("invalid YAML: \(error)", at: location(nil), stage: stage)
        }
    }

    // MARK: typed values

    /// A string scalar (numbers and booleans are read as written).
    func string(_ node: Node, field: String) -> Result<String, Diagnostic> {
        switch node {
        case .scalar(let scalar):
            return .success(scalar.string)
        case .alias(let alias):
            return .failure(.error("`\(field)` must be text, not an alias (*\(alias.anchor.rawValue))", at: location(of: node), stage: stage))
        case .sequence:
            return .failure(.error("`\(field)` must be text, not a list", at: location(of: node), stage: stage))
        case .mapping:
            return .failure(.error("`\(field)` must be text, not a mapping", at: location(of: node), stage: stage))
        }
    }

    /// An unquoted empty, `~` or `null` value: YAML's null, read as an empty list.
    static func isNull(_ text: String, isPlain: Bool) -> Bool {
        isPlain && (text.isEmpty || text == "~" || text == "null")
    }

    /// A scalar or a list of scalars, each with its own location.
    func stringList(_ node: Node, field: String) -> Result<[Located<String>], Diagnostic> {
        switch node {
        case .scalar(let scalar):
            if Self.isNull(scalar.string, isPlain: scalar.style == .plain) { return .success([]) }
            return .success([Located(scalar.string, at: location(of: node))])
        case .sequence(let sequence):
            var items: [Located<String>] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    return .failure(.error("`\(field)` must be a list of plain values; this item is a \(item.mapping != nil ? "mapping" : "list")", at: location(of: item), stage: stage))
                }
                items.append(Located(scalar.string, at: location(of: item)))
            }
            return .success(items)
        case .mapping:
            return .failure(.error("`\(field)` must be a value or a list of values, not a mapping", at: location(of: node), stage: stage))
        case .alias:
            return .failure(.error("`\(field)` must be a value or a list, not an alias", at: location(of: node), stage: stage))
        }
    }

    func bool(_ node: Node, field: String) -> Result<Bool, Diagnostic> {
        if case .scalar(let scalar) = node, let value = Bool.construct(from: scalar) {
            return .success(value)
        }
        return .failure(.error("`\(field)` must be true or false", at: location(of: node), stage: stage))
    }

    func integer(_ node: Node, field: String) -> Result<Int, Diagnostic> {
        if case .scalar(let scalar) = node, let value = Int(scalar.string) {
            return .success(value)
        }
        return .failure(.error("`\(field)` must be a whole number", at: location(of: node), stage: stage))
    }

    func mapping(_ node: Node, field: String) -> Result<Node.Mapping, Diagnostic> {
        if case .mapping(let mapping) = node { return .success(mapping) }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            return .success(Node.Mapping([]))
        }
        return .failure(.error("`\(field)` must be a mapping", at: location(of: node), stage: stage))
    }
}
