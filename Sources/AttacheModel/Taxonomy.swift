/// The typed taxonomy: kinds of entry, the relations between them, and facets.
public struct Taxonomy: Sendable {
    public var kinds: [Kind]
    public var facets: [Facet]
    /// False when the site has no taxonomy.yml and kinds came from its folders.
    public var isDeclared: Bool

    public init(kinds: [Kind], facets: [Facet], isDeclared: Bool) {
        self.kinds = kinds
        self.facets = facets
        self.isDeclared = isDeclared
    }

    public func kind(_ id: KindID) -> Kind? { kinds.first { $0.id == id } }
    public func facet(_ id: FacetID) -> Facet? { facets.first { $0.id == id } }

    /// The kind whose folder is the first component of a path relative to
    /// Content/ (the folder as written there: `User interface`).
    public func kind(forFolder folder: String) -> Kind? { kinds.first { $0.sourceFolder == folder } }

    /// The kinds declared `source: true`: their entries are what citations name.
    public var sourceKinds: [Kind] { kinds.filter(\.isSource) }
}

public struct Kind: Sendable {
    public var id: KindID
    /// Folder under Output/ holding this kind's pages (and under Content/
    /// its entries, unless `sourceFolder` says otherwise).
    public var folder: String
    /// Folder under Content/ holding this kind's entries, as written
    /// (`User interface` for a vault's folder published as `user-interface`).
    public var sourceFolder: String
    /// Plural label, for the kind's index and navigation.
    public var title: String
    public var singular: String
    public var relations: [Relation]
    public var location: SourceLocation?
    /// `source: true`: entries of this kind are sources (author, publisher,
    /// published, url, accessed, identifier) that other entries cite.
    public var isSource = false
    /// `min_sources: N`: each entry of this kind cites at least N sources.
    public var minimumSources: Int?
    /// Where `min_sources` was written, for its own problems.
    public var minimumSourcesLocation: SourceLocation?
    /// `schema: Organization`: the schema.org type of its entries' JSON-LD.
    public var schemaType: String?

    public init(id: KindID, folder: String, title: String, singular: String, relations: [Relation] = [], location: SourceLocation? = nil) {
        self.id = id
        self.folder = folder
        self.sourceFolder = folder
        self.title = title
        self.singular = singular
        self.relations = relations
        self.location = location
    }

    public func relation(named name: String) -> Relation? { relations.first { $0.name == name } }
}

/// A named, typed link from entries of one kind to entries of others.
public struct Relation: Sendable {
    /// The front-matter field that carries it.
    public var name: String
    public var targetKinds: [KindID]
    /// Heading of the backlink list on each target's page.
    public var inverseLabel: String
    public var minimum: Int?
    public var maximum: Int?
    /// When false, the relation may not form a cycle (a → b → … → a).
    public var allowsCycles: Bool
    /// `dated: true`: its values usually carry dates (a hint for authors and
    /// `attache new`; any relation value may carry them).
    public var isDated = false

    public init(name: String, targetKinds: [KindID], inverseLabel: String, minimum: Int? = nil, maximum: Int? = nil, allowsCycles: Bool = true) {
        self.name = name
        self.targetKinds = targetKinds
        self.inverseLabel = inverseLabel
        self.minimum = minimum
        self.maximum = maximum
        self.allowsCycles = allowsCycles
    }
}

/// A front-matter field of free terms any entry may carry (`regions`).
public struct Facet: Sendable {
    public var id: FacetID
    public var title: String
    /// Terms declared in taxonomy.yml, in their declared spelling and order (may be empty).
    public var declaredTerms: [String]
    /// Where each declared term was written, parallel to `declaredTerms`.
    public var declaredTermLocations: [SourceLocation] = []
    public var location: SourceLocation?
    /// The `tags` facet of a site without taxonomy.yml: terms come from
    /// front matter `tags` and inline `#tags`, match ignoring case without a
    /// warning, and nest (`a/b` is a term of its own, listed under `a` too).
    /// Its terms have no pages per kind: a nested tag's page is a folder
    /// where those pages would be.
    public var isTags = false
    public var hasKindPages: Bool { !isTags }

    public init(id: FacetID, title: String, declaredTerms: [String] = [], location: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.declaredTerms = declaredTerms
        self.location = location
    }
}

extension Taxonomy {
    /// A key as a reader sees it when taxonomy.yml gives no title:
    /// `case-studies` → `Case studies`.
    package static func label(forKey key: String) -> String {
        let words = key.split(separator: "-").map(String.init)
        guard let first = words.first else { return key }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst()).joined(separator: " ")
    }
}
