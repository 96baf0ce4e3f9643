@testable import AttacheModel
@testable import AttacheMarkdown
@testable import AttacheSite
import Foundation
import Testing

/// Raw HTML in notes goes through an allowlist unless `unsafe_html: true`.
@Suite("HTML sanitizer")
struct SanitizerTests {
    /// One piece through a fresh sanitizer, with what it leaves open closed.
    func clean(_ html: String) -> String {
        var sanitizer = HTMLSanitizer()
        let out = sanitizer.sanitize(Array(html.utf8)) + sanitizer.finish()
        return String(decoding: out, as: UTF8.self)
    }

    @Test func scriptsStylesAndFramesGoWithTheirContent() {
        #expect(clean("<p>a<script>alert(1)</script>b</p>") == "<p>ab</p>")
        #expect(clean("<SCRIPT type=x>alert('</p>')</SCRIPT >c") == "c")
        #expect(clean("<style>p{color:red}</style>text") == "text")
        #expect(clean("<iframe src=\"https://evil.example\">fallback</iframe>x") == "x")
        #expect(clean("<object data=x><embed src=y><param name=a></object>z") == "z")
        #expect(clean("<svg><svg></svg><script>x</script></svg>after") == "after")
        #expect(clean("<script>never closed") == "")
        #expect(clean("<template><b>x</b></template>y") == "y")
    }

    @Test func handlersStylesAndClassesAreDropped() {
        #expect(clean("<img src=\"a.png\" onerror=\"alert(1)\" alt=\"A\" style=\"x\" class=\"c\" width=\"20\">")
                == "<img src=\"a.png\" alt=\"A\" width=\"20\">")
        #expect(clean("<div ONCLICK=alert(1) title='say \"hi\"' id=top>x</div>") == "<div title=\"say &quot;hi&quot;\" id=\"top\">x</div>")
        #expect(clean("<img src=x width=\"20px\" height=100>") == "<img src=\"x\" height=\"100\">")
        #expect(clean("<b/onmouseover=alert(1)>x</b>") == "<b>x</b>")
    }

    @Test func onlyHTTPMailtoAndRelativeURLsAreKept() {
        #expect(clean("<a href=\"https://example.org/?a=1&amp;b=2\">x</a>") == "<a href=\"https://example.org/?a=1&amp;b=2\">x</a>")
        #expect(clean("<a href=\"mailto:a@b.c\">x</a><a href=\"../a.md#b\">y</a><a href=\"#top\">z</a>")
                == "<a href=\"mailto:a@b.c\">x</a><a href=\"../a.md#b\">y</a><a href=\"#top\">z</a>")
        for url in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "jav&#x09;ascript:alert(1)", "jav\tascript:alert(1)",
                    "javascript&colon;alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#106avascript:alert(1)",
                    "vbscript:x", "data:text/html,<script>", "file:///etc/passwd", "java&unknown;script:x"] {
            #expect(clean("<a href=\"\(url)\">x</a>") == "<a>x</a>", "\(url)")
        }
        #expect(clean("<img src=\"data:image/png;base64,AA\">") == "<img>")
        #expect(clean("<blockquote cite=\"javascript:x\">q</blockquote>") == "<blockquote>q</blockquote>")
    }

    @Test func unknownElementsGoAndLeaveTheirText() {
        #expect(clean("<font color=red>red</font> <form action=x><input name=a>in</form><center>c</center>") == "red inc")
        #expect(clean("<meta http-equiv=refresh content=0><link rel=stylesheet href=x><base href=x>t") == "t")
        #expect(clean("<details open><summary>S</summary>body</details>") == "<details open><summary>S</summary>body</details>")
    }

    @Test func commentsDoctypesAndStrayBracketsAreHandled() {
        #expect(clean("a<!-- hidden <script>x</script> -->b<!DOCTYPE html><?php x ?>c") == "abc")
        #expect(clean("1 < 2 and <3 and <img src=x onerror=alert(1)") == "1 &lt; 2 and &lt;3 and &lt;img src=x onerror=alert(1)")
        #expect(clean("<!-- never closed <b>x</b>") == "")
    }

    @Test func unclosedQuotesDoNotMakeTheTokenizerQuadratic() {
        // Without a bound on a tag's length each `<` read to the end: 20,000² steps.
        let out = clean(String(repeating: "<a title=\"x ", count: 20_000))
        #expect(!out.contains("<a"))
        #expect(out.hasPrefix("&lt;a title=\"x &lt;a"))
    }

    @Test func nestingIsRepairedAndWhatIsLeftOpenIsClosed() {
        #expect(clean("<div><b><i>x</div>y") == "<div><b><i>x</i></b></div>y")
        #expect(clean("</div></b>stray<p>open") == "stray<p>open</p>")
        #expect(clean("<ul><li>a<li>b</ul>") == "<ul><li>a<li>b</li></li></ul>")
        var deep = ""
        for _ in 0..<100 { deep += "<span>" }
        #expect(clean(deep).components(separatedBy: "<span>").count - 1 == HTMLSanitizer.maximumOpenElements)
    }

    @Test func aSiteSanitizesRawHTMLAcrossBlocksAndInline() throws {
        let body = """
        <details>
        <summary>More</summary>

        Markdown *inside* the details.

        </details>

        Inline <span onclick="x()">span</span> and <kbd>Ctrl</kbd>, <script>alert(1)</script> gone, <b>open

        <div>unclosed block

        | a |
        |---|
        | <b>x</b> <i>y |
        """
        let site = try TestSite(["Content/strategies/s.md": entry("S", body: body)])
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/strategies/s/index.html") == """
        <details>
        <summary>More</summary>
        <p>Markdown <em>inside</em> the details.</p>
        </details>
        <p>Inline <span>span</span> and <kbd>Ctrl</kbd>,  gone, <b>open</b></p>
        <div>unclosed block
        <table>
        <thead>
        <tr>
        <th>a</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td><b>x</b> <i>y</i></td>
        </tr>
        </tbody>
        </table>
        </div>
        """)
    }

    @Test func relativeURLsInRawHTMLLeadWhereMarkdownLinksWouldAndAreChecked() throws {
        // A vault's `<img src>` next to its notes, and `<a href>` to another note.
        let site = try TestSite([
            "Content/Notes/First.md": """
            A <img src="../Attachments/pic.png" width="200"> and <a href="Other note.md">other</a>, <a href="missing.md">gone</a>.

            <p><img src="https://example.org/x.png"> <a href="#top">top</a> <img src="../Attachments/pic.png?x=1&amp;y=2"></p>
            """,
            "Content/Notes/Other note.md": "Other.\n",
        ], siteYML: nil, taxonomy: nil)
        try site.write(Data([0x89, 0x50]), to: "Content/Attachments/pic.png")
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings.contains("Content/Notes/First.md:1:89: warning: link `missing.md` names no entry (looked for Notes/missing.md)"))
        #expect(site.body("Output/notes/first/index.html") == """
        <p>A <img src="/attachments/pic.png" width="200"> and <a href="/notes/other-note/">other</a>, <a href="missing.md">gone</a>.</p>
        <p><img src="https://example.org/x.png"> <a href="#top">top</a> <img src="../Attachments/pic.png?x=1&amp;y=2"></p>
        """)
        // The link in markup is a link in the graph: the other note is not an orphan.
        #expect(!report.warnings.contains { $0.contains("orphan") && $0.contains("other-note") })
    }

    @Test func unsafeHTMLPassesRawHTMLThroughAsBefore() throws {
        let body = "<div onclick=\"x()\">raw</div>\n\nText <b style=\"color: red\">b</b>."
        let site = try TestSite(["Content/strategies/s.md": entry("S", body: body)], siteYML: "title: T\nunsafe_html: true\n")
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/strategies/s/index.html") == "<div onclick=\"x()\">raw</div>\n<p>Text <b style=\"color: red\">b</b>.</p>")
    }
}
