@testable import AttacheModel
@testable import AttacheSite
import Foundation
import Testing

/// A wiki-link whose label has Markdown or HTML in it is a link that keeps
/// the label's markup, or a diagnostic; never text that silently stays `[[…]]`.
@Suite("Wiki-links with markup")
struct WikiLinkMarkupTests {
    @Test func labelsWithMarkupBecomeLinks() throws {
        let body = "See [[b|*em*]], [[b|<b>y</b>]], [[b| a _c_ `d` ]] and [[b|x **y** z]]."
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: body), "Content/strategies/b.md": entry("B", body: "[[a]]")])
        defer { site.remove() }
        #expect(site.build().errors == [])
        let html = site.read("Output/strategies/a/index.html") ?? ""
        #expect(html.contains("<p>See <a href=\"/strategies/b/\"><em>em</em></a>, <a href=\"/strategies/b/\"><b>y</b></a>, <a href=\"/strategies/b/\">a <em>c</em> <code>d</code></a> and <a href=\"/strategies/b/\">x <strong>y</strong> z</a>.</p>"))
    }

    @Test func aMissingTargetOrMarkupInTheTargetIsDiagnosed() throws {
        let site = try TestSite(["Content/strategies/a.md": entry("A", body: "> [[missing|*x*]] and [[*b*]]"), "Content/strategies/b.md": entry("B", body: "[[a]]")])
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/strategies/a.md:4:3: error: wiki-link `[[missing]]` names no entry",
            "Content/strategies/a.md:4:23: error: wiki-link `[[*b*]]` has formatting in its target; name the entry in plain text, and put formatting in the label after `|`",
        ])
    }
}
