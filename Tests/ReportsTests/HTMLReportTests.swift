import AuditCore
import Foundation
import Reports
import Testing
import Workpaper

/// The audit report as an HTML page, made from the same document as the Markdown, with hostile
/// text recorded everywhere a user can type: read back with a browser's parser beside cmark-gfm's
/// rendering of the Markdown.
@Suite struct HTMLReportTests {
    func report(_ events: [EventBody]) throws -> MarkdownReport {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        var report = MarkdownReport(programme: programme, analysis: analysis, state: WorkpaperState.fold(events),
                                    journal: [ReportJournalEntry(seq: 1, time: "2026-11-23T09:00:00.000Z", actor: "amara", type: "workpaper.created")],
                                    head: String(repeating: "a", count: 64), recordedBy: [ItemKey("9.2.1")!: ["olivia"]])
        report.signed = ["amara": 3, "olivia": 2]
        return report
    }

    /// Every heading and every table of the Markdown, as cmark-gfm renders it, is in the page
    /// with the same text, in the same order; the page adds only its charts.
    @Test func theSameHeadingsAndTablesAsTheMarkdown() throws {
        for draft in [false, true] {
            var r = try report(ReportDocumentTests().hostileEvents())
            r.draft = draft
            let fromMarkdown = try HTMLOutline.of(try CMark.html(r.render(), unsafe: true))
            let page = try HTMLOutline.of(r.html())
            #expect(page.headings == fromMarkdown.headings)
            #expect(page.tables == fromMarkdown.tables)
            #expect(page.headings.count > 15 && page.tables.count > 8, "\(page.headings.count) headings, \(page.tables.count) tables")
            #expect(page.headings.first?.text.hasPrefix(draft ? "DRAFT — Internal audit report: IA-2026-01" : "Internal audit report: IA-2026-01") == true)
        }
    }

    /// The page is one file: no script, stylesheet, image, font or frame from anywhere, no
    /// event handler; user text such as `<script>` and `<b>` is text on the page, not markup.
    @Test func selfContainedAndNoMarkupFromUserText() throws {
        let html = try report(ReportDocumentTests().hostileEvents()).html()
        let page = try HTMLOutline.of(html)
        #expect(page.external == [])
        #expect(Set(page.elements).isSubset(of: ["html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "h4", "p",
                                                 "strong", "code", "br", "ul", "li", "table", "thead", "tbody", "tr", "th", "td",
                                                 "div", "figure", "svg", "rect", "text", "figcaption"]), "\(page.elements)")
        #expect(page.text.contains("E7 (document) <script>alert(1)</script> — <script>alert(1)</script>; obtained from <script>alert(1)</script> on 2026-11-23"))
        #expect(page.text.contains("<b>bold</b> and <br> and <!-- comment -->"))
        #expect(page.text.contains("a & b &amp; c &#x41; &copy;"))
        #expect(html.contains("<style>") && html.contains("@page") && html.contains("@media print"))
    }

    /// The charts draw the figures of the report's own tables: items by grade, and items audited
    /// of each tier.
    @Test func chartsDrawTheReportsFigures() throws {
        var events = ReportDocumentTests().hostileEvents()
        events += [.statement(item: "A.5.4@ava", Statement(gap: "x")), .graded(item: "A.5.4@ava", grade: .observation)]
        let page = try HTMLOutline.of(try report(events).html())
        #expect(page.charts.count == 2)
        let grades = try #require(page.tables.first { $0.first == ["Grade", "Items"] }).dropFirst()
        let tiers = try #require(page.tables.first { $0.first == ["Tier", "Items", "Audited"] }).dropFirst()
        #expect(page.charts[0] == grades.flatMap { $0 })
        #expect(page.charts[1] == tiers.flatMap { ["Tier \($0[0])", "\($0[2]) of \($0[1])"] })
        let total = tiers.compactMap { Int($0[1]) }.reduce(0, +)
        #expect(grades.map { $0[1] } == ["1", "0", "1", "1", "1", "0", "\(total - 4)"])
    }

    @Test func sameStateGivesTheSamePage() throws {
        #expect(try report(ReportDocumentTests().hostileEvents()).html() == report(ReportDocumentTests().hostileEvents()).html())
    }
}
