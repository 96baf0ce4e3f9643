/// Raw HTML in Markdown through an allowlist, as GitHub does: elements and
/// attributes that cannot run script or load another page into this one
/// are kept (re-written from what was parsed, never copied), everything
/// else goes. `<script>`, `<style>`, `<iframe>`, `<object>`, `<svg>` and
/// their kin go with their content; other unknown elements (`<font>`,
/// `<form>`, `<input>`) go and leave their content as text. No `style`,
/// no `on…` handler, no `class`; URLs only `http:`, `https:`, `mailto:`
/// or relative. Comments, doctypes and processing instructions go.
///
/// One sanitizer reads the raw HTML pieces of one parent in order (cmark
/// gives `<b>` and `</b>` of one paragraph as separate inline nodes, and a
/// `<details>` block and its `</details>` as separate blocks), keeping
/// which allowed elements are open, so an end tag closes what it should
/// and `finish` closes what is left open at the end of the parent.
struct HTMLSanitizer {
    /// Allowed elements and their own attributes (besides `globalAttributes`).
    static let elements: [String: Set<String>] = {
        var elements: [String: Set<String>] = [
            "a": ["href"], "abbr": [], "b": [], "bdi": [], "bdo": [], "blockquote": ["cite"], "br": [], "caption": [],
            "cite": [], "code": [], "col": ["span"], "colgroup": ["span"], "dd": [], "del": ["cite", "datetime"],
            "details": ["open"], "dfn": [], "div": [], "dl": [], "dt": [], "em": [], "figcaption": [], "figure": [],
            "hr": [], "i": [], "img": ["src", "alt", "width", "height"], "ins": ["cite", "datetime"], "kbd": [],
            "li": ["value"], "mark": [], "ol": ["start", "reversed", "type"], "p": [], "pre": [], "q": ["cite"],
            "rp": [], "rt": [], "ruby": [], "s": [], "samp": [], "small": [], "span": [], "strong": [], "sub": [],
            "summary": [], "sup": [], "table": [], "tbody": [], "td": ["colspan", "rowspan"], "tfoot": [],
            "th": ["colspan", "rowspan", "scope"], "thead": [], "time": ["datetime"], "tr": [], "u": [], "ul": [],
            "var": [], "wbr": [],
        ]
        for level in 1...6 { elements["h\(level)"] = [] }
        return elements
    }()
    static let globalAttributes: Set<String> = ["title", "lang", "dir", "id"]
    static let urlAttributes: Set<String> = ["href", "src", "cite"]
    static let numberAttributes: Set<String> = ["width", "height", "colspan", "rowspan", "start", "value", "span"]
    static let booleanAttributes: Set<String> = ["open", "reversed"]
    static let voidElements: Set<String> = ["br", "col", "hr", "img", "wbr", "area", "base", "embed", "input", "link", "meta", "param", "source", "track"]
    /// Elements removed with everything inside them.
    static let droppedWithContent: Set<String> = [
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
        "template", "object", "svg", "math", "select", "frameset", "head",
    ]
    /// Of those, the ones whose content is text, not markup: it ends only at their end tag.
    static let rawText: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]
    /// Deeper nesting of author elements than this is dropped (the page stays shallow).
    static let maximumOpenElements = 64

    /// What a relative `href` or `src` becomes (an entry's page, an
    /// attachment's copy), as the same URL in a Markdown link would; nil
    /// keeps it. Values with character references are kept as written.
    var rewriteURL: ((_ attribute: String, _ value: String) -> String?)?

    private var open: [String] = []
    /// A dropped element whose end is awaited, and how deep its own kind nests.
    private var dropping: (name: String, depth: Int)?

    /// True between a dropped element's start and end tags: whatever else
    /// stands there in the Markdown (text between inline tags) goes too.
    var isDroppingContent: Bool { dropping != nil }

    /// One raw HTML piece, sanitized.
    mutating func sanitize(_ html: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(html.count)
        var i = 0
        while i < html.count {
            if let (name, depth) = dropping, Self.rawText.contains(name) {
                // Raw text: skip to the element's end tag.
                guard let end = Self.endTag(named: name, in: html, from: i) else { return out }
                i = end
                dropping = depth > 1 ? (name, depth - 1) : nil
                continue
            }
            let byte = html[i]
            guard byte == UInt8(ascii: "<") else {
                if dropping == nil { out.append(byte) }
                i += 1
                continue
            }
            if Self.starts(html, at: i, with: "<!--") {
                i = Self.index(after: Array("-->".utf8), in: html, from: i + 4) ?? html.count
                continue
            }
            if i + 1 < html.count, html[i + 1] == UInt8(ascii: "!") || html[i + 1] == UInt8(ascii: "?") {
                i = (html[(i + 1)...].firstIndex(of: UInt8(ascii: ">")) ?? html.count - 1) + 1
                continue
            }
            guard let tag = Tag.parse(html, at: i) else {
                if dropping == nil { out += Array("&lt;".utf8) }
                i += 1
                continue
            }
            i = tag.end
            handle(tag, into: &out)
        }
        return out
    }

    /// End tags for what is still open, innermost first; the sanitizer is empty again.
    mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        for name in open.reversed() { out += Array("</\(name)>".utf8) }
        open = []
        dropping = nil
        return out
    }

    private mutating func handle(_ tag: Tag, into out: inout [UInt8]) {
        if let (name, depth) = dropping {
            // Inside a dropped element whose content is markup: count its own kind.
            if tag.name == name { dropping = tag.isEnd ? (depth > 1 ? (name, depth - 1) : nil) : (name, depth + 1) }
            return
        }
        if tag.isEnd {
            guard let index = open.lastIndex(of: tag.name) else { return }
            for name in open[index...].reversed() { out += Array("</\(name)>".utf8) }
            open.removeSubrange(index...)
            return
        }
        if Self.droppedWithContent.contains(tag.name) {
            if !Self.voidElements.contains(tag.name), !(tag.selfClosing && !Self.rawText.contains(tag.name)) { dropping = (tag.name, 1) }
            return
        }
        guard let own = Self.elements[tag.name], open.count < Self.maximumOpenElements else { return }
        out += Array("<\(tag.name)".utf8)
        var written = Set<String>()
        for (name, writtenValue) in tag.attributes where written.insert(name).inserted {
            var value = writtenValue
            if name == "href" || name == "src", let rewrite = rewriteURL, !value.isEmpty, !value.contains(UInt8(ascii: "&")), Self.isSafeURL(value),
               let rewritten = rewrite(name, String(decoding: value, as: UTF8.self)) {
                value = Array(rewritten.utf8)
            }
            guard own.contains(name) || Self.globalAttributes.contains(name), let clean = Self.attributeValue(name, value) else { continue }
            if Self.booleanAttributes.contains(name) {
                out += Array(" \(name)".utf8)
            } else {
                out += Array(" \(name)=\"".utf8)
                out += clean
                out.append(UInt8(ascii: "\""))
            }
        }
        out.append(UInt8(ascii: ">"))
        if !Self.voidElements.contains(tag.name) { open.append(tag.name) }
    }

    /// The value to write (escaped for a double-quoted attribute), or nil when the attribute must go.
    static func attributeValue(_ name: String, _ value: [UInt8]) -> [UInt8]? {
        if booleanAttributes.contains(name) { return [] }
        if numberAttributes.contains(name) {
            guard !value.isEmpty, value.count <= 6, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
            return value
        }
        if urlAttributes.contains(name), !isSafeURL(value) { return nil }
        switch name {
        case "dir": guard ["ltr", "rtl", "auto"].contains(String(decoding: value, as: UTF8.self).lowercased()) else { return nil }
        case "scope": guard ["row", "col", "rowgroup", "colgroup"].contains(String(decoding: value, as: UTF8.self).lowercased()) else { return nil }
        case "type": guard ["1", "a", "A", "i", "I"].contains(String(decoding: value, as: UTF8.self)) else { return nil }
        case "id": guard !value.isEmpty, !value.contains(where: { $0 <= 0x20 }) else { return nil }
        default: break
        }
        // Entities stay as written (the browser reads them as text); only
        // what would end the attribute or start markup is escaped.
        var escaped: [UInt8] = []
        escaped.reserveCapacity(value.count)
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): escaped += Array("&quot;".utf8)
            case UInt8(ascii: "<"): escaped += Array("&lt;".utf8)
            case UInt8(ascii: ">"): escaped += Array("&gt;".utf8)
            default: escaped.append(byte)
            }
        }
        return escaped
    }

    /// A URL whose scheme, as the browser will read it, is allowed (or
    /// which has none). The value is decoded first as an attribute is
    /// (character references, with or without `;`, and the named ones that
    /// spell `:`, `/`, tabs and line breaks), and tabs, line breaks and
    /// leading controls are dropped, as URL parsers do: `jav&#x09;ascript:`
    /// and `javascript&colon;` are seen for what they are. A named
    /// reference this does not know, before the first `:`, makes the URL unsafe.
    static func isSafeURL(_ value: [UInt8]) -> Bool {
        var decoded: [UInt8] = []
        var i = 0
        while i < value.count {
            let byte = value[i]
            if byte == UInt8(ascii: "&") {
                switch characterReference(value, at: i) {
                case .character(let scalar, let next):
                    decoded += Array(String(Character(scalar)).utf8)
                    i = next
                    continue
                case .unknown:
                    // Harmless once the scheme could have ended; before that, not to be guessed.
                    guard decoded.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) else { return false }
                case .none:
                    break
                }
            }
            decoded.append(byte)
            i += 1
        }
        let cleaned = decoded.drop { $0 <= 0x20 }.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        guard let end = cleaned.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
              cleaned[end] == UInt8(ascii: ":") else { return true }
        let scheme = String(decoding: cleaned[..<end], as: UTF8.self).lowercased()
        return allowedSchemes.contains(scheme)
    }

    enum Reference: Equatable {
        case character(Unicode.Scalar, next: Int)
        /// An `&` the browser reads as itself.
        case none
        /// A named reference (with `;`) this does not know.
        case unknown
    }

    /// The character reference at `i`, as an attribute value is decoded:
    /// numeric ones with or without `;`, named ones with it.
    static func characterReference(_ bytes: [UInt8], at i: Int) -> Reference {
        var j = i + 1
        if j < bytes.count, bytes[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < bytes.count && (bytes[j] == UInt8(ascii: "x") || bytes[j] == UInt8(ascii: "X"))
            if hex { j += 1 }
            var value: UInt32 = 0
            let start = j
            while j < bytes.count, let digit = hex ? hexValue(bytes[j]) : decimalValue(bytes[j]) {
                value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                j += 1
            }
            guard j > start else { return .none }
            if j < bytes.count, bytes[j] == UInt8(ascii: ";") { j += 1 }
            return .character(Unicode.Scalar(value) ?? "\u{FFFD}", next: j)
        }
        var name: [UInt8] = []
        while j < bytes.count, name.count < 32, isAlphanumeric(bytes[j]) { name.append(bytes[j]); j += 1 }
        guard !name.isEmpty, j < bytes.count, bytes[j] == UInt8(ascii: ";") else { return .none }
        guard let scalar = namedReferences[String(decoding: name, as: UTF8.self)] else { return .unknown }
        return .character(scalar, next: j + 1)
    }

    /// Named references that spell what matters to a URL's scheme, and the everyday ones.
    static let namedReferences: [String: Unicode.Scalar] = [
        "colon": ":", "sol": "/", "quest": "?", "num": "#", "Tab": "\t", "NewLine": "\n", "amp": "&", "lt": "<", "gt": ">",
        "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "period": ".", "comma": ",", "lpar": "(", "rpar": ")", "excl": "!",
        "percnt": "%", "plus": "+", "equals": "=", "commat": "@", "lsqb": "[", "rsqb": "]", "semi": ";", "hyphen": "-",
        "lowbar": "_", "dollar": "$", "ast": "*", "bsol": "\\", "verbar": "|", "tilde": "~", "grave": "`",
    ]

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func decimalValue(_ byte: UInt8) -> UInt32? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? UInt32(byte - UInt8(ascii: "0")) : nil
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    static func starts(_ bytes: [UInt8], at i: Int, with prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard i + count <= bytes.count else { return false }
        return bytes[i..<(i + count)].elementsEqual(prefix.utf8)
    }

    /// The index just after the first `needle` at or after `from`.
    static func index(after needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = from
        while i + needle.count <= bytes.count {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i + needle.count }
            i += 1
        }
        return nil
    }

    /// Just after `</name>` (any case, any attributes) at or after `from`.
    static func endTag(named name: String, in bytes: [UInt8], from: Int) -> Int? {
        let lowered = Array(name.utf8)
        var i = from
        while i + 2 + lowered.count <= bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/"),
               zip(bytes[(i + 2)...], lowered).allSatisfy({ lowercase($0) == $1 }) {
                let after = i + 2 + lowered.count
                if after == bytes.count || isTagNameEnd(bytes[after]) {
                    return (bytes[after...].firstIndex(of: UInt8(ascii: ">")) ?? bytes.count - 1) + 1
                }
            }
            i += 1
        }
        return nil
    }

    static func lowercase(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
    static func isTagNameEnd(_ byte: UInt8) -> Bool { isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") }

    /// Bytes a tag may take, attributes and all.
    static let maximumTagLength = 4096

    /// A start or end tag as the HTML tokenizer reads it.
    struct Tag {
        var name: String
        var isEnd: Bool
        var selfClosing: Bool
        /// Lowercased names with their raw (undecoded) values, in order.
        var attributes: [(String, [UInt8])]
        /// Index just after the closing `>`.
        var end: Int

        /// The tag starting with the `<` at `start`; nil when what follows is no tag (the `<` is text).
        static func parse(_ whole: [UInt8], at start: Int) -> Tag? {
            // A tag longer than this is text: an unclosed quote must not make
            // every later `<` read to the end of the piece (quadratic time).
            let bytes = whole[..<min(whole.count, start + maximumTagLength)]
            var i = start + 1
            let isEnd = i < bytes.count && bytes[i] == UInt8(ascii: "/")
            if isEnd { i += 1 }
            guard i < bytes.count, isLetter(bytes[i]) else { return nil }
            var name: [UInt8] = []
            while i < bytes.count, !isTagNameEnd(bytes[i]) { name.append(lowercase(bytes[i])); i += 1 }
            var attributes: [(String, [UInt8])] = []
            var selfClosing = false
            while i < bytes.count {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: ">") {
                    return Tag(name: String(decoding: name, as: UTF8.self), isEnd: isEnd, selfClosing: selfClosing, attributes: attributes, end: i + 1)
                }
                if bytes[i] == UInt8(ascii: "/") { selfClosing = true; i += 1; continue }
                selfClosing = false
                var attribute: [UInt8] = [bytes[i]]
                i += 1
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: ">"), bytes[i] != UInt8(ascii: "=") {
                    attribute.append(lowercase(bytes[i]))
                    i += 1
                }
                var value: [UInt8] = []
                var j = i
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: "=") {
                    j += 1
                    while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                    guard j < bytes.count else { return nil }
                    if bytes[j] == UInt8(ascii: "\"") || bytes[j] == UInt8(ascii: "'") {
                        let quote = bytes[j]
                        guard let close = bytes[(j + 1)...].firstIndex(of: quote) else { return nil }
                        value = Array(bytes[(j + 1)..<close])
                        j = close + 1
                    } else {
                        while j < bytes.count, !isSpace(bytes[j]), bytes[j] != UInt8(ascii: ">") { value.append(bytes[j]); j += 1 }
                    }
                    i = j
                }
                attributes.append((String(decoding: attribute.map(lowercase), as: UTF8.self), value))
            }
            return nil
        }

        static func isLetter(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
    }
}
