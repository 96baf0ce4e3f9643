import AttacheModel

/// Front matter between `+++` lines (Zola, Hugo) as the fields EntryLoader
/// reads from YAML: strings, numbers, booleans and dates as scalars, arrays
/// of them as lists. Zola's `[taxonomies]` table holds `tags = […]` and the
/// like: its keys count as fields of their own. Other tables (`[extra]`)
/// are fields whose value no standard field takes.
enum TOMLFrontMatter {
    static func fields(_ toml: String, path: String, firstLine: Int) -> Result<[FrontMatterField], Diagnostic> {
        let table: TOMLReader.Table
        switch TOMLReader.parse(toml, path: path, firstLine: firstLine) {
        case .success(let value): table = value
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        var fields: [FrontMatterField] = []
        for key in table.keys {
            guard let value = table[key.value] else { continue }
            if key.value == "taxonomies", case .table(let taxonomies) = value.value {
                for inner in taxonomies.keys {
                    guard let innerValue = taxonomies[inner.value] else { continue }
                    fields.append(FrontMatterField(key: inner.value, keyLocation: inner.location, value: frontMatterValue(innerValue)))
                }
                continue
            }
            fields.append(FrontMatterField(key: key.value, keyLocation: key.location, value: frontMatterValue(value)))
        }
        return .success(fields)
    }

    static func frontMatterValue(_ value: Located<TOMLReader.Value>) -> FrontMatterValue {
        switch value.value {
        case .string(let text): return .scalar(text, isPlain: false, boolean: nil, at: value.location)
        case .literal(let text): return .scalar(text, isPlain: true, boolean: nil, at: value.location)
        case .boolean(let flag): return .scalar(flag ? "true" : "false", isPlain: true, boolean: flag, at: value.location)
        case .table: return .structured("a table", at: value.location)
        case .array(let items):
            var list: [Located<String>] = []
            for item in items {
                switch item.value {
                case .string(let text), .literal(let text): list.append(Located(text, at: item.location))
                case .boolean(let flag): list.append(Located(flag ? "true" : "false", at: item.location))
                case .table, .array: return .structured("a list holding tables or lists", at: value.location)
                }
            }
            return .list(list, at: value.location)
        }
    }
}
