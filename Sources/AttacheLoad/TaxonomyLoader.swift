import Yams
import AttacheModel

/// Reads taxonomy.yml, or derives a taxonomy from the content folders when there is none.
package enum TaxonomyLoader {
    static let standardEntryFields: Set<String> = ["title", "summary", "aliases", "date", "updated", "draft"]
    /// Front-matter fields of entries of a source kind.
    package static let sourceFields: Set<String> = ["author", "publisher", "published", "url", "accessed", "identifier"]
    /// The schema.org types a kind's `schema` may name (JSON-LD on its entries' pages).
    package static let schemaTypes = ["Article", "CreativeWork", "Event", "Organization", "Person", "Place", "Thing"]
    static let kindSettings = "folder, title, singular, relations, source, min_sources, schema"

    /// Every top-level folder of Content/ (but assets) becomes a kind named after it.
    package static func derived(fromFolders folders: [String]) -> Taxonomy {
        let kinds = folders.sorted().map { folder in
            Kind(id: KindID(folder), folder: folder, title: Taxonomy.label(forKey: folder), singular: Taxonomy.label(forKey: folder))
        }
        return Taxonomy(kinds: kinds, facets: [], isDeclared: false)
    }

    package static func load(text: String, path: String, diagnostics: inout [Diagnostic]) -> Taxonomy? {
        let reader = YAMLReader(path: path, firstLine: 1)
        let root: Node.Mapping
        switch reader.parseMapping(text, what: "taxonomy.yml") {
        case .success(let value): root = value
        case .failure(let d): diagnostics.append(d); return nil
        }
        let errorsBefore = diagnostics.filter { $0.severity == .error }.count
        var kinds: [Kind] = []
        var facets: [Facet] = []
        // Relation targets are checked once every kind is known.
        var pendingTargets: [(kind: Int, relation: Int, target: Located<String>)] = []

        for (keyNode, valueNode) in root {
            switch keyNode.string ?? "" {
            case "kinds":
                guard case .success(let kindsMapping) = reader.mapping(valueNode, field: "kinds") else {
                    diagnostics.append(.error("`kinds` must map each kind's key to its settings", at: reader.location(of: valueNode), stage: .load))
                    continue
                }
                for (kindKey, kindNode) in kindsMapping {
                    guard let kind = readKind(kindKey, kindNode, reader: reader, pending: &pendingTargets, index: kinds.count, diagnostics: &diagnostics) else { continue }
                    if kinds.contains(where: { $0.folder == kind.folder }) {
                        diagnostics.append(.error("kind `\(kind.id)` uses folder `\(kind.folder)`, which another kind already uses", at: reader.location(of: kindKey), stage: .load))
                        continue
                    }
                    kinds.append(kind)
                }
            case "facets":
                guard case .success(let facetsMapping) = reader.mapping(valueNode, field: "facets") else {
                    diagnostics.append(.error("`facets` must map each facet's key to its settings", at: reader.location(of: valueNode), stage: .load))
                    continue
                }
                for (facetKey, facetNode) in facetsMapping {
                    if let facet = readFacet(facetKey, facetNode, reader: reader, diagnostics: &diagnostics) { facets.append(facet) }
                }
            default:
                diagnostics.append(.warning("unknown top-level key `\(DiagnosticQuote.quote(keyNode.string ?? ""))` in taxonomy.yml (known: kinds, facets)", at: reader.location(of: keyNode), stage: .load))
            }
        }

        let kindIDs = Set(kinds.map(\.id))
        for (kindIndex, relationIndex, target) in pendingTargets where !kindIDs.contains(KindID(target.value)) {
            let relation = kinds[kindIndex].relations[relationIndex]
            diagnostics.append(.error("relation `\(relation.name)` of kind `\(kinds[kindIndex].id)` points to unknown kind `\(DiagnosticQuote.quote(target.value))` (kinds: \(kinds.map(\.id.rawValue).sorted().joined(separator: ", ")))", at: target.location, stage: .load))
        }
        for kind in kinds {
            for relation in kind.relations {
                if facets.contains(where: { $0.id.rawValue == relation.name }) {
                    diagnostics.append(.error("relation `\(relation.name)` of kind `\(kind.id)` has the same name as a facet; front-matter fields must be unambiguous", at: kind.location ?? SourceLocation(path: path), stage: .load))
                }
            }
        }
        for kind in kinds where kind.isSource {
            for relation in kind.relations where sourceFields.contains(relation.name) {
                diagnostics.append(.error("relation `\(relation.name)` of source kind `\(kind.id)` has the name of a source field (\(sourceFields.sorted().joined(separator: ", ")))", at: kind.location ?? SourceLocation(path: path), stage: .load))
            }
        }
        if !kinds.contains(where: \.isSource) {
            for kind in kinds where kind.minimumSources != nil {
                diagnostics.append(.error("`min_sources` of kind `\(kind.id)` needs a source kind: declare one with `source: true`", at: kind.minimumSourcesLocation ?? kind.location ?? SourceLocation(path: path), stage: .load))
            }
        }
        for facet in facets where standardEntryFields.contains(facet.id.rawValue) {
            diagnostics.append(.error("facet `\(facet.id)` has the name of a standard front-matter field", at: facet.location ?? SourceLocation(path: path), stage: .load))
        }
        if kinds.isEmpty {
            diagnostics.append(.error("taxonomy.yml declares no kinds; declare at least one under `kinds:`", at: SourceLocation(path: path), stage: .load))
        }
        let errorsAfter = diagnostics.filter { $0.severity == .error }.count
        return errorsAfter == errorsBefore ? Taxonomy(kinds: kinds, facets: facets, isDeclared: true) : nil
    }

    private static func readKind(_ keyNode: Node, _ node: Node, reader: YAMLReader, pending: inout [(kind: Int, relation: Int, target: Located<String>)], index: Int, diagnostics: inout [Diagnostic]) -> Kind? {
        let key = keyNode.string ?? ""
        let keyLocation = reader.location(of: keyNode)
        guard SlugRules.isValidSlug(key) else {
            diagnostics.append(.error("kind key `\(DiagnosticQuote.quote(key))` must use lowercase letters, digits and hyphens only", at: keyLocation, stage: .load))
            return nil
        }
        guard case .success(let settings) = reader.mapping(node, field: key) else {
            diagnostics.append(.error("kind `\(key)` must be a mapping (folder, title, singular, relations)", at: reader.location(of: node), stage: .load))
            return nil
        }
        var kind = Kind(id: KindID(key), folder: key, title: Taxonomy.label(forKey: key), singular: Taxonomy.label(forKey: key), location: keyLocation)
        var singularGiven = false
        for (fieldNode, valueNode) in settings {
            let field = fieldNode.string ?? ""
            func text() -> String? {
                switch reader.string(valueNode, field: field) {
                case .success(let value): return value
                case .failure(let d): diagnostics.append(d); return nil
                }
            }
            switch field {
            case "folder":
                guard let folder = text() else { continue }
                if !isSafeFolder(folder) {
                    diagnostics.append(.error("folder `\(DiagnosticQuote.quote(folder))` of kind `\(key)` must be one plain folder name (letters, digits, `-`, `_`, `.`; not `assets`)", at: reader.location(of: valueNode), stage: .load))
                } else {
                    kind.folder = folder
                    kind.sourceFolder = folder
                }
            case "title": kind.title = text() ?? kind.title
            case "singular":
                kind.singular = text() ?? kind.singular
                singularGiven = true
            case "source":
                switch reader.bool(valueNode, field: field) {
                case .success(let value): kind.isSource = value
                case .failure(let d): diagnostics.append(d)
                }
            case "min_sources":
                kind.minimumSourcesLocation = reader.location(of: valueNode)
                switch reader.integer(valueNode, field: field) {
                case .success(let value) where value >= 0: kind.minimumSources = value
                case .success: diagnostics.append(.error("`min_sources` of kind `\(key)` must not be negative", at: reader.location(of: valueNode), stage: .load))
                case .failure(let d): diagnostics.append(d)
                }
            case "schema":
                guard let type = text() else { continue }
                if schemaTypes.contains(type) {
                    kind.schemaType = type
                } else {
                    diagnostics.append(.error("`schema` of kind `\(key)` must be one of \(schemaTypes.joined(separator: ", ")), not `\(DiagnosticQuote.quote(type))`", at: reader.location(of: valueNode), stage: .load))
                }
            case "relations":
                guard case .success(let relations) = reader.mapping(valueNode, field: "relations") else {
                    diagnostics.append(.error("`relations` of kind `\(key)` must be a mapping", at: reader.location(of: valueNode), stage: .load))
                    continue
                }
                for (nameNode, relationNode) in relations {
                    if let (relation, targets) = readRelation(nameNode, relationNode, kind: kind, reader: reader, diagnostics: &diagnostics) {
                        if kind.relations.contains(where: { $0.name == relation.name }) { continue }
                        for target in targets { pending.append((index, kind.relations.count, target)) }
                        kind.relations.append(relation)
                    }
                }
            default:
                diagnostics.append(.warning("unknown setting `\(DiagnosticQuote.quote(field))` for kind `\(key)` (known: \(kindSettings))", at: reader.location(of: fieldNode), stage: .load))
            }
        }
        if !singularGiven { kind.singular = kind.title }
        return kind
    }

    private static func readRelation(_ nameNode: Node, _ node: Node, kind: Kind, reader: YAMLReader, diagnostics: inout [Diagnostic]) -> (Relation, [Located<String>])? {
        let name = nameNode.string ?? ""
        let at = reader.location(of: nameNode)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            diagnostics.append(.error("relation name `\(DiagnosticQuote.quote(name))` must use letters, digits, `-` or `_`", at: at, stage: .load))
            return nil
        }
        if standardEntryFields.contains(name) {
            diagnostics.append(.error("relation `\(name)` of kind `\(kind.id)` has the name of a standard front-matter field", at: at, stage: .load))
            return nil
        }
        guard case .success(let settings) = reader.mapping(node, field: name) else {
            diagnostics.append(.error("relation `\(name)` must be a mapping with at least `to`", at: reader.location(of: node), stage: .load))
            return nil
        }
        var targets: [Located<String>] = []
        var relation = Relation(name: name, targetKinds: [], inverseLabel: kind.title)
        var hasTo = false
        for (fieldNode, valueNode) in settings {
            let field = fieldNode.string ?? ""
            switch field {
            case "to":
                hasTo = true
                switch reader.stringList(valueNode, field: "to") {
                case .success(let list): targets = list
                case .failure(let d): diagnostics.append(d)
                }
            case "inverse":
                if case .success(let label) = reader.string(valueNode, field: field) { relation.inverseLabel = label }
            case "min", "max":
                switch reader.integer(valueNode, field: field) {
                case .success(let value) where value >= 0:
                    if field == "min" { relation.minimum = value } else { relation.maximum = value }
                case .success:
                    diagnostics.append(.error("`\(field)` of relation `\(name)` must not be negative", at: reader.location(of: valueNode), stage: .load))
                case .failure(let d): diagnostics.append(d)
                }
            case "acyclic":
                switch reader.bool(valueNode, field: field) {
                case .success(let value): relation.allowsCycles = !value
                case .failure(let d): diagnostics.append(d)
                }
            case "dated":
                switch reader.bool(valueNode, field: field) {
                case .success(let value): relation.isDated = value
                case .failure(let d): diagnostics.append(d)
                }
            default:
                diagnostics.append(.warning("unknown setting `\(DiagnosticQuote.quote(field))` for relation `\(name)` (known: to, inverse, min, max, acyclic, dated)", at: reader.location(of: fieldNode), stage: .load))
            }
        }
        if !hasTo || targets.isEmpty {
            diagnostics.append(.error("relation `\(name)` of kind `\(kind.id)` needs `to:` with one or more kinds", at: at, stage: .load))
            return nil
        }
        if let minimum = relation.minimum, let maximum = relation.maximum, minimum > maximum {
            diagnostics.append(.error("relation `\(name)` has `min` \(minimum) above `max` \(maximum)", at: at, stage: .load))
        }
        relation.targetKinds = targets.map { KindID($0.value) }
        return (relation, targets)
    }

    private static func readFacet(_ keyNode: Node, _ node: Node, reader: YAMLReader, diagnostics: inout [Diagnostic]) -> Facet? {
        let key = keyNode.string ?? ""
        let at = reader.location(of: keyNode)
        guard SlugRules.isValidSlug(key) else {
            diagnostics.append(.error("facet key `\(key)` must use lowercase letters, digits and hyphens only", at: at, stage: .load))
            return nil
        }
        var facet = Facet(id: FacetID(key), title: Taxonomy.label(forKey: key), location: at)
        guard case .success(let settings) = reader.mapping(node, field: key) else {
            diagnostics.append(.error("facet `\(key)` must be a mapping (title, terms)", at: reader.location(of: node), stage: .load))
            return nil
        }
        for (fieldNode, valueNode) in settings {
            let field = fieldNode.string ?? ""
            switch field {
            case "title":
                if case .success(let title) = reader.string(valueNode, field: field) { facet.title = title }
            case "terms":
                switch reader.stringList(valueNode, field: field) {
                case .success(let terms):
                    facet.declaredTerms = terms.map(\.value)
                    facet.declaredTermLocations = terms.map(\.location)
                case .failure(let d): diagnostics.append(d)
                }
            default:
                diagnostics.append(.warning("unknown setting `\(DiagnosticQuote.quote(field))` for facet `\(key)` (known: title, terms)", at: reader.location(of: fieldNode), stage: .load))
            }
        }
        return facet
    }

    /// One path component that cannot climb out of Content/ or collide with the asset folder.
    package static func isSafeFolder(_ folder: String) -> Bool {
        !folder.isEmpty && folder != "." && folder != ".." && folder != "assets" && !folder.hasPrefix(".")
            && folder.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
