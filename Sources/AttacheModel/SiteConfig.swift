/// How pages are named and linked (`url_style` in site.yml, `--url-style`).
public enum URLStyle: String, Sendable, CaseIterable {
    /// `/kb/strategies/nato/` served from `…/nato/index.html`.
    case pretty
    /// `strategies/nato.html`, linked relatively (`../strategies/nato.html`):
    /// for hosts without directory indexes and for browsing from `file://`.
    case files
}

/// Settings from site.yml.
public struct SiteConfig: Sendable {
    public var title: String
    public var description: String
    /// Absolute base URL as written (`https://example.org/kb/`), or `/`.
    public var baseURL: String
    /// The path part of `baseURL`, always starting and ending with `/` (`/kb/`).
    public var basePath: String
    public var language: String
    /// Raw HTML in Markdown is passed through only when this is true.
    public var allowsRawHTML: Bool
    /// Markdown shown on the home page above the kinds (`intro` in site.yml),
    /// with the file line its first line comes from.
    public var intro: String?
    public var introFirstLine: Int = 1
    /// How many entries of each kind the home page lists (all when nil).
    public var homeEntriesPerKind: Int?
    public var urlStyle: URLStyle = .pretty
    /// `stale_after`: how old an entry's `as_of` may get before `check` warns.
    public var staleAfter: StaleAge?
    /// `timeline: true|false`; nil lets the content decide (see `TimelineRules`).
    public var timeline: Bool?
    /// `broken_links` as written in site.yml; nil when not set (the load
    /// step then chooses: `error` with a site.yml, `warn` without one).
    public var brokenLinks: BrokenLinkPolicy?

    public init(title: String, description: String = "", baseURL: String = "/", language: String = "en", allowsRawHTML: Bool = false) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.basePath = SiteConfig.path(ofBaseURL: baseURL)
        self.language = language
        self.allowsRawHTML = allowsRawHTML
    }

    /// `https://example.org/kb` → `/kb/`; `/` → `/`; `docs` → `/docs/`.
    package static func path(ofBaseURL url: String) -> String {
        var rest = Substring(url)
        if let schemeEnd = rest.range(of: "://") {
            rest = rest[schemeEnd.upperBound...]
            if let slash = rest.firstIndex(of: "/") { rest = rest[slash...] } else { rest = "/" }
        }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        var path = String(rest)
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }

    /// True when base_url names a scheme and host, so sitemap and feed links can be absolute.
    public var hasAbsoluteBaseURL: Bool { !origin.isEmpty }

    /// The base URL up to the end of its host (`https://example.org`), for
    /// joining with a site path; "" without `://`. Searched on bytes: every
    /// parse task asks for it.
    var origin: String {
        let bytes = Array(baseURL.utf8)
        guard bytes.count >= 3, let colon = (0...(bytes.count - 3)).first(where: { bytes[$0] == 0x3A && bytes[$0 + 1] == 0x2F && bytes[$0 + 2] == 0x2F }) else { return "" }
        let hostEnd = bytes[(colon + 3)...].firstIndex(of: 0x2F) ?? bytes.count
        return String(decoding: bytes[..<hostEnd], as: UTF8.self)
    }
}
