import AttacheModel

// What the parse asks the linking stage, and what it gets back. The parse
// finds links, embeds and problems on the syntax tree; where they point is
// decided by a `MarkdownLinkResolving` (AttacheGraph's BodyLinkResolver).

/// A `[[…]]` (or `![[…]]`) found in body text, at its position in the body.
public struct WikiLinkReference: Sendable {
    public var target: String
    public var anchor: String?
    public var label: String?
    /// 1-based line and byte column within the Markdown body.
    public var line: Int
    public var column: Int
}

/// An ordinary Markdown link or image, at its position in the body.
public struct MarkdownLinkReference: Sendable {
    public var url: String
    public var isImage: Bool
    public var line: Int
    public var column: Int
}

public enum WikiLinkResolution {
    /// Becomes a link to `url` whose text is `text`.
    case link(url: String, text: String)
    /// A citation (`[[@source|locator]]`): becomes a numbered reference
    /// `[n]` to the body's reference list. Citations of the same `source`
    /// share a number, given in the order they first appear.
    case citation(source: EntryID, locator: String?)
    /// Stays as written (the resolver has reported why).
    case unresolved
    /// Becomes `<span class="broken-link" title="reason">text</span>`: a
    /// link that names nothing, in a site that lets such links through
    /// (`broken_links: warn`). The resolver has reported it as a warning.
    case broken(text: String, reason: String)
}

/// One citation in a body, in document order, with its number.
public struct CitationMark: Sendable, Equatable {
    /// What the resolver named (the cited entry).
    public var source: EntryID
    /// 1 for the first source cited, 2 for the next …
    public var number: Int
    public var locator: String?
    /// The id of its `<a>` in the body (`cite-2`, then `cite-2-2` for the second use).
    public var anchorID: String

    /// The id of the reference list's item for a number.
    public static func referenceID(_ number: Int) -> String { "ref-\(number)" }
}

/// What becomes of an ordinary Markdown link or image.
public enum MarkdownLinkRewrite: Equatable {
    /// Written out as it is (external links, anchors, site-root paths).
    case keep
    /// Pointed at this URL instead (an entry's page, an attachment's copy).
    case url(String)
    /// Shown as a broken-link span around its text (`broken_links: warn`).
    case broken(reason: String)
}

/// What an `![[…]]` becomes.
public enum EmbedResolution {
    /// An image, sound, video or PDF, shown by the matching HTML element.
    case media(MediaEmbed)
    /// A note or a part of it, transcluded into the page.
    case note(NoteEmbed)
    /// A plain link (a file that has no element to show it, such as a zip).
    case link(url: String, text: String)
    case broken(text: String, reason: String)
    case unresolved
}

public struct MediaEmbed: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case image, audio, video, pdf }
    public var kind: Kind
    /// The copied file's URL from the page, with a fragment when one was written (`#page=3`).
    public var url: String
    /// Alternative text (images) or the file's name (the fallback link of audio, video and PDF).
    public var text: String
    public var width: Int?
    public var height: Int?

    public init(kind: Kind, url: String, text: String, width: Int? = nil, height: Int? = nil) {
        self.kind = kind
        self.url = url
        self.text = text
        self.width = width
        self.height = height
    }
}

/// A note to transclude: its Markdown is parsed again for the embedding
/// page (links resolved from that page, the note's own problems not
/// reported twice), and the part asked for is moved into the page.
public struct NoteEmbed {
    public enum Part: Sendable, Equatable {
        case whole
        /// The section under the heading an anchor names (its text or id).
        case heading(String)
        /// The paragraph, list item or block marked `^id`.
        case block(String)
    }

    public var markdown: String
    public var part: Part
    /// The note's title, shown on the link to it.
    public var title: String
    /// The note's page, without a fragment.
    public var url: String
    /// Resolves the links of the embedded note (from the embedding page).
    public var resolver: any MarkdownLinkResolving

    public init(markdown: String, part: Part, title: String, url: String, resolver: any MarkdownLinkResolving) {
        self.markdown = markdown
        self.part = part
        self.title = title
        self.url = url
        self.resolver = resolver
    }
}

/// A problem the parse itself finds in a body (a limit it passed, a wiki-link
/// it cannot make), at its position in the body.
public struct MarkdownProblem: Sendable, Equatable {
    public var isError: Bool
    /// 1-based line and byte column within the Markdown body.
    public var line: Int
    public var column: Int
    public var message: String
}

/// Decides where links in a body point. Implemented by the linking stage.
public protocol MarkdownLinkResolving {
    func resolve(_ wikiLink: WikiLinkReference) -> WikiLinkResolution
    func rewrite(_ link: MarkdownLinkReference) -> MarkdownLinkRewrite
    /// `![[…]]`: an attachment shown in the page or a note transcluded.
    func embed(_ wikiLink: WikiLinkReference) -> EmbedResolution
    /// Takes a problem of the body: the resolver already collects the
    /// body's diagnostics and knows its file and first line.
    func report(_ problem: MarkdownProblem)
    /// Names the note whose body this is, so that an embed of it inside
    /// itself is seen as a cycle; "" when the body is no note's.
    var embedKey: String { get }
    /// The note's title, for messages about embed cycles.
    var embedTitle: String { get }
    /// Whether inline `#tags` become links (a vault's; see InlineTags.swift).
    var linksInlineTags: Bool { get }
    /// The address of a tag's page, or nil to leave the tag as text.
    func resolveTag(_ tag: InlineTagReference) -> String?
}

extension MarkdownLinkResolving {
    public var linksInlineTags: Bool { false }
    public func resolveTag(_ tag: InlineTagReference) -> String? { nil }
}
