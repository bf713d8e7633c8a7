import Foundation
import Reports
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The two writers of a document: whatever a user typed reads back as exactly that text, in
/// Markdown through cmark-gfm and in HTML through a browser's parser, and never becomes markup.
@Suite struct DocumentWriterTests {
    /// Every hostile string in every place a document holds text.
    func hostileDocument() -> Document {
        Document([.heading(1, ["Report: ", .oneLine("<b>title</b> & co")])] + hostile.map { s in
            .paragraph([.strong(["Said:"]), " "] + Inline.lines(s))
        } + [
            .list(hostile.map { ListItem(Inline.lines($0)) }),
            .list([ListItem([.strong(["Nested"])], sublist: hostile.map { ListItem(["x: "] + Inline.lines($0)) })]),
            .table(["No.", "Text"], hostile.enumerated().map { [["\($0.offset)"], Inline.lines($0.element)] }),
        ] + hostile.map { .heading(3, [.oneLine($0)]) })
    }

    @Test func htmlShowsEveryTextAsWrittenAndNoMarkupOfItsOwn() throws {
        let html = HTMLWriter.write(hostileDocument())
        let page = try HTMLOutline.of(html)
        #expect(page.external == [])
        // Only the elements the writer makes: none of the users' <b>, <script>, <br> or links.
        #expect(Set(page.elements).isSubset(of: ["html", "head", "meta", "title", "style", "body", "main", "h1", "h3", "p", "strong",
                                                 "br", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"]), "\(page.elements)")
        #expect(page.headings.first?.text == "Report: <b>title</b> & co")
        #expect(page.headings.dropFirst().map(\.text) == hostile.map { normalised($0).joined(separator: " ") })
        let rows = try #require(page.tables.first).dropFirst()
        #expect(rows.map { $0[1] } == hostile.map { normalised($0).joined(separator: "\n") })
        for s in hostile {
            #expect(page.text.contains("Said: " + normalised(s).joined(separator: "\n")), "\(s)")
        }
    }

    /// A `<` or `&` followed by a combining mark is one Character to Swift, but a `<` and an `&`
    /// to a browser: escaped all the same.
    @Test func markupCharacterFollowedByACombiningMarkIsEscaped() throws {
        let s = "<\u{301}b>bold</b> &\u{301}amp; <\u{FE0F}script>"
        let html = HTMLWriter.write(Document([.paragraph([.oneLine(s)])]))
        #expect(html.contains("<p>&lt;&#x301;b&gt;bold&lt;/b&gt; &amp;&#x301;amp; &lt;&#xFE0F;script&gt;</p>"))
        #expect(try HTMLOutline.of(html).text.trimmingCharacters(in: .whitespaces) == s)
    }

    /// The same document through both writers: cmark-gfm's HTML of the Markdown and the HTML
    /// writer's page have the same headings and tables with the same text.
    @Test func markdownAndHTMLSayTheSame() throws {
        let document = hostileDocument()
        let fromMarkdown = try HTMLOutline.of(try CMark.html(MarkdownWriter.write(document), unsafe: true))
        let page = try HTMLOutline.of(HTMLWriter.write(document))
        #expect(fromMarkdown.headings == page.headings)
        #expect(fromMarkdown.tables == page.tables)
    }

    /// A list item's first line is the start of a line: a user's `- x` or `1. x` there stays text
    /// instead of opening a list inside the item.
    @Test func listItemsStartingWithAListMarkerStayText() throws {
        let markers = ["- dash", "+ plus", "1. one", "2) two", "* star", "# hash", "> quote"]
        let doc = try CMark.xml(MarkdownWriter.write(Document([.list(markers.map { ListItem([.oneLine($0)]) })])))
        #expect(try CMark.elements(doc, "list").count == 1)
        #expect(try CMark.elements(doc, "item").map(CMark.text) == markers)
    }

    /// Emphasis, code and links in both writers; a link's address cannot leave its attribute.
    @Test func emphasisCodeAndLinks() throws {
        let document = Document([.paragraph([.emphasis(["seen"]), " in ", .code("a`b"), " at ",
                                             .link(["section 9"], to: "#9-not-\"covered\"<x>"), "."])])
        let markdown = MarkdownWriter.write(document)
        #expect(markdown == "*seen* in `a'b` at [section 9](#9-not-%22covered%22%3Cx%3E).\n")
        let doc = try CMark.xml(markdown)
        #expect(try CMark.elements(doc, "emph").map(CMark.text) == ["seen"])
        let links = try CMark.elements(doc, "link").map { ($0.attributes ?? []).first { $0.localName == "destination" }?.stringValue ?? "" }
        #expect(links == ["#9-not-%22covered%22%3Cx%3E"])
        let html = HTMLWriter.write(document)
        #expect(html.contains(##"<p><em>seen</em> in <code>a`b</code> at <a href="#9-not-&quot;covered&quot;&lt;x&gt;">section 9</a>.</p>"##))
    }

    /// Headings carry ids made of their text, each once, so a part of the page can be linked to.
    @Test func headingsHaveAnchors() {
        let html = HTMLWriter.write(Document([.heading(2, ["6. Summary and conclusion"]), .heading(3, ["Conforming items"]),
                                              .heading(3, ["Conforming items"]), .heading(4, [.oneLine("監査")])]))
        for id in ["6-summary-and-conclusion", "conforming-items", "conforming-items-2", "section"] {
            #expect(html.contains("id=\"\(id)\""), "\(id)")
        }
    }

    /// A chart is drawn in HTML from its figures alone and left out of Markdown.
    @Test func chartsAreDrawnInHTMLOnly() throws {
        let chart = BarChart(title: "Items <by> grade", bars: [BarChart.Bar("Major", 2, tone: .grave), BarChart.Bar("Tier A", 1, of: 3, tone: .mild)])
        let document = Document([.paragraph(["Before."]), .chart(chart), .paragraph(["After."])])
        #expect(MarkdownWriter.write(document) == "Before.\n\nAfter.\n")
        let html = HTMLWriter.write(document)
        #expect(html.contains("<figcaption>Items &lt;by&gt; grade</figcaption>"))
        #expect(html.contains(#"<rect class="tone-grave""#) && html.contains(#"<rect class="tone-none""#))
        #expect(html.contains(">2</text>") && html.contains(">1 of 3</text>"))
        #expect(try HTMLOutline.of(html).external == [])
    }
}
