@testable import AttacheModel
@testable import AttacheMarkdown
@testable import AttacheSite
import Foundation
import Testing

/// `![[…]]`: notes, sections and blocks transcluded into the page, files
/// shown by the element that fits them, cycles and depth bounded.
@Suite("Embeds")
struct EmbedTests {
    static let b = """
    Intro of B.

    ## Second Part

    Section text with [[a]] and [[#Third]].

    ### Deeper

    Still in the section. ^blk

    - item one ^item
    - item two

    ## Third

    Not in the section.
    """

    @Test func aNoteASectionAndABlockAreTranscludedWithALinkToTheirSource() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "![[b#Second Part]]\n\nText ![[b#^blk]] more text.\n\n![[b#^item]]"),
            "Content/notes/b.md": entry("B", body: Self.b),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <div class="embed">
        <a class="embed-source" href="/notes/b/#second-part">B › Second Part</a>
        <h2>Second Part</h2>
        <p>Section text with <a href="/notes/a/">A</a> and <a href="/notes/b/#third">Third</a>.</p>
        <h3>Deeper</h3>
        <p>Still in the section.</p>
        <ul>
        <li>item one</li>
        <li>item two</li>
        </ul>
        </div>
        <p>Text</p>
        <div class="embed">
        <a class="embed-source" href="/notes/b/#%5Eblk">B</a>
        <p>Still in the section.</p>
        </div>
        <p>more text.</p>
        <div class="embed">
        <a class="embed-source" href="/notes/b/#%5Eitem">B</a>
        <ul>
        <li>item one</li>
        </ul>
        </div>
        """)
        // The embedded note's own page keeps its ids.
        let b = try #require(site.body("Output/notes/b/index.html"))
        #expect(b.contains("<p id=\"^blk\">\nStill in the section.\n</p>"))
        #expect(b.contains("<li><span id=\"^item\">item one</span></li>"))
    }

    @Test func aWholeNoteIsTranscludedWithLinksFromTheEmbeddingPage() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "![[b]]"),
            "Content/notes/deep/b.md": entry("B", body: "B links to [[a]] and [its sibling](c.md).[^1]\n\n[^1]: A footnote of B."),
            "Content/notes/deep/c.md": entry("C", body: "[[b]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build(urlStyle: .files).errors == [])
        // Links inside are relative to the page that shows them; B's footnote stays on B's page.
        #expect(site.body("Output/notes/a.html") == """
        <div class="embed">
        <a class="embed-source" href="../notes/deep/b.html">B</a>
        <p>B links to <a href="../notes/a.html">A</a> and <a href="../notes/deep/c.html">its sibling</a>.</p>
        </div>
        """)
    }

    @Test func anEmbedCycleIsReportedAndShownAsALinkWithoutHanging() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "A text.\n\n![[b]]"),
            "Content/notes/b.md": entry("B", body: "B text.\n\n  ![[a]]"),
            "Content/notes/self.md": entry("Self", body: "Me: ![[self]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/notes/a.md:6:1: warning: embed `![[b]]` leads to a cycle of embeds (A → B → A); `![[a]]` is shown as a link",
            "Content/notes/b.md:6:3: warning: embed `![[a]]` leads to a cycle of embeds (B → A → B); `![[b]]` is shown as a link",
            "Content/notes/self.md:1:1: warning: orphan: no relation or link points to `notes/self`",
            "Content/notes/self.md:4:5: warning: embed `![[self]]` leads to a cycle of embeds (Self → Self); it is shown as a link",
        ])
        #expect(site.body("Output/notes/a/index.html") == """
        <p>A text.</p>
        <div class="embed">
        <a class="embed-source" href="/notes/b/">B</a>
        <p>B text.</p>
        <p><a href="/notes/a/">A</a></p>
        </div>
        """)
        #expect(site.body("Output/notes/self/index.html") == "<p>Me: <a href=\"/notes/self/\">Self</a></p>")
    }

    @Test func embedsNestAtMostFourDeep() throws {
        var files: [String: String] = [:]
        let names = ["n1", "n2", "n3", "n4", "n5", "n6"]
        for (i, name) in names.enumerated() {
            files["Content/notes/\(name).md"] = entry(name.uppercased(), body: "In \(name).\n\n" + (i + 1 < names.count ? "![[\(names[i + 1])]]" : "[[n1]]"))
        }
        let site = try TestSite(files, taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/notes/n1.md:6:1: warning: embed `![[n2]]` nests embeds more than 4 deep (N1 → N2 → N3 → N4 → N5 → N6); `![[n6]]` is shown as a link",
        ])
        let n1 = try #require(site.body("Output/notes/n1/index.html"))
        #expect(n1.contains("<p>In n5.</p>\n<p><a href=\"/notes/n6/\">N6</a></p>"))
        #expect(!n1.contains("In n6."))
        #expect(site.body("Output/notes/n2/index.html")?.contains("<p>In n6.</p>") == true)
    }

    @Test func aPageTranscludesABoundedAmountHoweverEmbedsMultiply() throws {
        // Each level embeds the next eleven times: 11 + 121 + 1,331 notes for n1.
        let embeds = { (next: String) in Array(repeating: "![[\(next)]]", count: 11).joined(separator: "\n\n") }
        let site = try TestSite([
            "Content/notes/n1.md": entry("N1", body: embeds("n2")),
            "Content/notes/n2.md": entry("N2", body: embeds("n3")),
            "Content/notes/n3.md": entry("N3", body: embeds("n4")),
            "Content/notes/n4.md": entry("N4", body: "Leaf, from [[n1]]."),
        ], taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors == [])
        #expect(report.warnings == [
            "Content/notes/n1.md:18:1: warning: embed `![[n2]]` goes past what one page transcludes (1000 notes or 8 MiB of Markdown); it and the embeds after it are shown as links",
        ])
        let n1 = try #require(site.body("Output/notes/n1/index.html"))
        // Depth first: seven whole n2 (133 notes each), then five whole n3 and seven leaves of the eighth n2.
        #expect(n1.components(separatedBy: "<p>Leaf, from").count - 1 == 7 * 121 + 5 * 11 + 7)
        #expect(n1.hasSuffix("<p><a href=\"/notes/n2/\">N2</a></p>"))
    }

    @Test func imagesAudioVideoAndPDFsAreShownByTheirElements() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: """
            ![[map.png]] ![[map.png|200]] ![[map.png|100x145]] ![[map.png|A map of the coast|50]]

            ![[call.mp3]] ![[clip.mp4|320]]

            ![[report.pdf#page=3]] and [[report.pdf|the report]]
            """),
            "Content/assets/map.png": "png",
            "Content/assets/media/call.mp3": "mp3",
            "Content/assets/media/clip.mp4": "mp4",
            "Content/assets/report.pdf": "pdf",
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        #expect(site.body("Output/notes/a/index.html") == """
        <p><img src="/assets/map.png" alt="map.png"> <img src="/assets/map.png" alt="map.png" width="200"> \
        <img src="/assets/map.png" alt="map.png" width="100" height="145"> <img src="/assets/map.png" alt="A map of the coast" width="50"></p>
        <p><audio controls src="/assets/media/call.mp3"><a href="/assets/media/call.mp3">call.mp3</a></audio> \
        <video controls src="/assets/media/clip.mp4" width="320"><a href="/assets/media/clip.mp4">clip.mp4</a></video></p>
        <p><span class="embed-pdf"><iframe src="/assets/report.pdf#page=3" title="report.pdf"></iframe><a href="/assets/report.pdf#page=3">report.pdf</a></span> \
        and <a href="/assets/report.pdf">the report</a></p>
        """)
    }

    @Test func aMissingFileOrNoteIsReportedAtTheEmbed() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "Here: ![[gone.png]]\n\n  ![[Nobody]]\n\n![[b#No Such Part]]"),
            "Content/notes/b.md": entry("B", body: "[[a]]"),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.check().errors == [
            "Content/notes/a.md:4:7: error: embed `![[gone.png]]` names no file",
            "Content/notes/a.md:6:3: error: embed `![[Nobody]]` names no entry",
            "Content/notes/a.md:8:1: error: entry `notes/b` has no heading `No Such Part`",
        ])
    }

    @Test func anEmbedWhereNoBlockMayStandIsALink() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "## About ![[b]]\n\n| x |\n|---|\n| ![[b]] |"),
            "Content/notes/b.md": entry("B", body: "B text, from [[a]]."),
        ], taxonomy: nil)
        defer { site.remove() }
        let report = site.build()
        #expect(report.warnings == [
            "Content/notes/a.md:4:10: warning: embed `![[b]]` can only stand in a paragraph, not in a heading, table cell or link; it is shown as a link",
            "Content/notes/a.md:8:3: warning: embed `![[b]]` can only stand in a paragraph, not in a heading, table cell or link; it is shown as a link",
        ])
        let body = try #require(site.body("Output/notes/a/index.html"))
        #expect(body.contains("<h2 id=\"about-b\">\nAbout <a href=\"/notes/b/\">B</a>"))
        #expect(body.contains("<td><a href=\"/notes/b/\">B</a></td>"))
    }

    @Test func anEmbeddedNotesWordsAreItsOwnNotTheEmbeddingPages() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "Alpha words.\n\n![[b]]"),
            "Content/notes/b.md": entry("B", body: "Quixotically unique."),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build().errors == [])
        let search = try #require(site.read("Output/search/meta.json"))
        #expect(search.contains("\"count\":2"))
        // `quixotically` is indexed once: for B, whose words they are.
        let shard = try #require(site.snapshot("Output/search/terms").first { String(decoding: $0.value, as: UTF8.self).contains("\"quixotically\"") })
        let postings = try #require((try JSONSerialization.jsonObject(with: shard.value) as? [String: Any])?["quixotically"] as? [Int])
        #expect(postings.count == 2, "one entry and its score: \(postings)")
    }

    @Test func embedsAreTheSameForAnyNumberOfJobs() throws {
        let site = try TestSite([
            "Content/notes/a.md": entry("A", body: "![[b#Second Part]]\n\n![[b]]"),
            "Content/notes/b.md": entry("B", body: Self.b),
        ], taxonomy: nil)
        defer { site.remove() }
        #expect(site.build(output: "One", jobs: 1).errors == [])
        #expect(site.build(output: "Two", jobs: 2).errors == [])
        #expect(site.snapshot("One") == site.snapshot("Two"))
    }
}
