import AuditCore
import Workpaper
import Foundation
import Reports
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a user may type, including everything Markdown would otherwise read as markup.
let hostile = [
    "pipe | in a cell", "a|b|c", "back`tick`s and ``double``", "*stars* and _underscores_ and __bold__",
    "[a link](http://example.com) and ![an image](x.png)", "# not a heading", "<script>alert(1)</script>",
    "<b>bold</b> and <br> and <!-- comment -->", "a & b &amp; c &#x41; &copy;", "- leading dash", "+ leading plus",
    "1. numbered", "2) closing paren", "> not a quote", "~~not struck~~", "\\backslash\\ and \\*", "=== setext",
    "---", "***", "www.example.com and http://example.com/a_b and mail@example.com", "emoji 🎉, 監査 and café", "`", "$x$ and {braces}",
    "line one\nline two\n- third line that looks like a list\n1. and a number",
]

/// How the text reads after Markdown: lines trimmed, tabs as spaces, empty lines dropped.
func normalised(_ s: String) -> [String] {
    s.split(separator: "\n").map { line -> String in
        var l = line.replacingOccurrences(of: "\t", with: " ")
        while l.hasPrefix(" ") { l.removeFirst() }
        while l.hasSuffix(" ") { l.removeLast() }
        return l
    }.filter { !$0.isEmpty }
}

@Suite struct MarkdownEscapingTests {
    @Test func tableCellsRenderTheSameTextAndKeepTheirColumns() throws {
        let md = Markdown.table(["No.", "Text"], hostile.enumerated().map { ["\($0.offset)", Markdown.cell($0.element)] })
        let doc = try CMark.xml(md)
        let rows = try CMark.elements(doc, "table_row").filter { ($0.parent as? XMLElement)?.name != "table_header" }
        let dataRows = rows
        #expect(dataRows.count == hostile.count)
        for (i, row) in dataRows.enumerated() {
            let cells = (row.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "table_cell" }
            #expect(cells.count == 2, "row \(i): \(hostile[i])")
            guard cells.count == 2 else { continue }
            let text = CMark.text(cells[1])
            #expect(text == normalised(hostile[i]).joined(separator: "<br>"), "row \(i)")
        }
        let html = try CMark.elements(doc, "html_inline").map { $0.stringValue ?? "" }
        #expect(html.allSatisfy { $0 == "<br>" })
        #expect(try CMark.elements(doc, "html_block").isEmpty)
    }

    @Test(arguments: hostile)
    func paragraphsRenderTheSameText(_ s: String) throws {
        let doc = try CMark.xml("Before.\n\n" + Markdown.text(s, startsLine: true) + "\n\nAfter.\n")
        let paragraphs = try CMark.elements(doc, "paragraph")
        #expect(paragraphs.count == 3, "\(s)")
        guard paragraphs.count == 3 else { return }
        #expect(CMark.text(paragraphs[1]) == normalised(s).joined(separator: "\n"))
        #expect(try CMark.elements(doc, "html_inline").isEmpty && CMark.elements(doc, "html_block").isEmpty)
        // No links or images but e-mail addresses, which keep their text.
        #expect(try CMark.elements(doc, "link").allSatisfy { CMark.text($0).contains("@") && s.contains(CMark.text($0)) })
        #expect(try CMark.elements(doc, "image").isEmpty)
        #expect(try CMark.elements(doc, "emph").isEmpty && CMark.elements(doc, "strong").isEmpty && CMark.elements(doc, "heading").isEmpty)
    }

    @Test(arguments: hostile)
    func listItemsRenderTheSameText(_ s: String) throws {
        let doc = try CMark.xml("- **Note:** " + Markdown.text(s, indent: 2) + "\n- next\n")
        let items = try CMark.elements(doc, "item")
        #expect(items.count == 2, "\(s)")
        guard let first = items.first else { return }
        #expect(CMark.text(first) == "Note: " + normalised(s).joined(separator: "\n"))
    }
}

/// The whole report, rendered from the sample programme with hostile text recorded everywhere a
/// user can type, parsed by cmark-gfm.
@Suite struct ReportDocumentTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData/harbourline/programme.yaml").path

    func render(_ events: [EventBody]) throws -> String {
        let programme = try ProgrammeLoader.load(path: Self.sample)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        return MarkdownReport(programme: programme, analysis: analysis, state: WorkpaperState.fold(events),
                              journal: [ReportJournalEntry(seq: 1, time: "2026-11-23T09:00:00.000Z", actor: "amara", type: "workpaper.created")],
                              head: String(repeating: "a", count: 64),
                              recordedBy: [ItemKey("9.2.1")!: ["olivia"]]).render()
    }

    func hostileEvents() -> [EventBody] {
        var events: [EventBody] = []
        for (i, text) in hostile.enumerated() {
            let item = ["9.2.1", "9.2.2", "A.6.2.8@ava", "A.10.3@ava"][i % 4]
            events.append(.evidenceAdded(EvidenceReference(id: i + 1, item: item, type: .document, reference: text,
                                                           description: text, obtainedFrom: text, obtainedOn: "2026-11-23")))
        }
        events += [
            .statement(item: "A.6.2.8@ava", Statement(requirement: hostile[0], evidence: hostile[6], gap: hostile.last!)),
            .graded(item: "A.6.2.8@ava", grade: .major),
            .actionSet(item: "A.6.2.8@ava", CorrectiveAction(owner: "kenji", due: "2027-01-31")),
            .statement(item: "9.2.2", Statement(evidence: hostile.reversed().joined(separator: "\n"), gap: hostile.joined(separator: "\n"))),
            .graded(item: "9.2.2", grade: .ofi),
            .statement(item: "9.2.1", Statement(evidence: "| a | b |\n<div>block</div>")),
            .goodPractice(item: "9.2.1", text: "| a | b |\n<div>block</div>"),
            .graded(item: "9.2.1", grade: .conform),
        ]
        return events
    }

    /// Escape sequences (OSC 52 clipboard write, window title, cursor moves), C1 controls, bidi
    /// overrides and zero-width characters in anything a user typed reach neither the Markdown nor
    /// the HTML raw: they are written visibly, as on the screen.
    @Test func terminalAndBidiTricksAreShownNotPassedOn() throws {
        let tricks = ["clip\u{1B}]52;c;ZXZpbA==\u{07}board", "title\u{1B}]0;owned\u{1B}\\bar", "move\u{1B}[2J\u{1B}[H",
                      "csi\u{9B}31m c1", "invoice_\u{202E}fdp.exe", "zero\u{200B}width\u{2060}join\u{FEFF}", "pay\u{200D}pal",
                      "team 👩‍💻 ok"]
        var events: [EventBody] = tricks.enumerated().map { i, t in
            .evidenceAdded(EvidenceReference(id: i + 1, item: "9.2.2", type: .document, reference: t, description: t,
                                             obtainedFrom: t, obtainedOn: "2026-11-23"))
        }
        events += [.statement(item: "9.2.2", Statement(gap: tricks.joined(separator: "\n"))), .graded(item: "9.2.2", grade: .ofi),
                   .statement(item: "A.6.2.8@ava", Statement(requirement: tricks[0], evidence: tricks[4], gap: tricks[5])),
                   .graded(item: "A.6.2.8@ava", grade: .minor)]
        let markdown = try render(events)
        let html = try CMark.html(markdown)
        func raw(_ s: String) -> [String] {
            s.unicodeScalars.filter { u in
                (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value) || (0x202A...0x202E).contains(u.value)
                    || (0x2066...0x2069).contains(u.value) || [0x200B, 0x2060, 0xFEFF].contains(u.value)
            }.map { String(format: "U+%04X", $0.value) }
        }
        #expect(raw(markdown) == [])
        #expect(raw(html) == [])
        let text = try CMark.elements(try CMark.xml(markdown), "item").map(CMark.text).joined(separator: "\n")
        for shown in ["clip^[]52;c;ZXZpbA==^Gboard", "title^[]0;owned^[\\bar", "move^[[2J^[[H", "csi<U+009B>31m c1",
                      "invoice_<U+202E>fdp.exe", "zero<U+200B>width<U+2060>join<U+FEFF>", "pay<U+200D>pal", "team 👩‍💻 ok"] {
            #expect(text.contains(shown), "\(shown)")
        }
        #expect(html.contains("invoice_&lt;U+202E&gt;fdp.exe"))
    }

    @Test func sameStateRendersSameBytes() throws {
        #expect(try render(hostileEvents()) == render(hostileEvents()))
    }

    @Test func sectionsAreInTheOrderOfTheAuditReport() throws {
        let doc = try CMark.xml(try render(hostileEvents()))
        let headings = try CMark.elements(doc, "heading").map(CMark.text)
            .filter { $0.range(of: #"^[0-9]+\. "#, options: .regularExpression) != nil }
        #expect(headings == ["1. Objectives", "2. Scope", "3. Criteria", "4. Team and independence declarations",
                             "5. Dates, locations and method", "6. Summary and conclusion", "7. Findings", "8. Finding details",
                             "9. Not covered, limitations and sampling", "10. Diverging opinions",
                             "11. Good practice and improvement opportunities", "12. Follow-up", "13. Distribution"])
    }

    @Test func hostileTextNeitherBreaksTablesNorPassesAsHTML() throws {
        let markdown = try render(hostileEvents())
        let doc = try CMark.xml(markdown)
        #expect(try CMark.elements(doc, "html_block").isEmpty)
        #expect(try CMark.elements(doc, "html_inline").allSatisfy { $0.stringValue == "<br>" })
        // Every row of every table has as many cells as its header.
        for table in try CMark.elements(doc, "table") {
            let rows = (table.children ?? []).compactMap { $0 as? XMLElement }
            let widths = rows.map { ($0.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "table_cell" }.count }
            #expect(Set(widths).count == 1, "\(widths)")
        }
        // The findings table: the major with its gap (multi-line, joined with <br>) in the Finding column.
        let rows = { (t: XMLElement) in (t.children ?? []).compactMap { $0 as? XMLElement } }
        let findings = try #require(try CMark.elements(doc, "table").first { CMark.text(rows($0)[0]).hasPrefix("No.Grade") })
        let firstRow = rows(findings)[1]
        let cells = (firstRow.children ?? []).compactMap { $0 as? XMLElement }.map(CMark.text)
        #expect(cells.prefix(3) == ["F-01", "Major nonconformity", "A.6.2.8@ava"])
        #expect(cells[4] == normalised(hostile.last!).joined(separator: "<br>"))
        // The improvement opportunity's text and evidence, and good practice, every hostile line, read back as written.
        let items = try CMark.elements(doc, "item").map(CMark.text)
        let ofi = try #require(items.first { $0.hasPrefix("Opportunity for improvement, 9.2.2:") })
        #expect(ofi == "Opportunity for improvement, 9.2.2: " + hostile.flatMap(normalised).joined(separator: "\n"))
        #expect(items.contains("Evidence: " + hostile.reversed().flatMap(normalised).joined(separator: "\n")))
        #expect(items.contains("Good practice, 9.2.1: | a | b |\n<div>block</div>"))
        #expect(items.contains("Evidence: | a | b |\n<div>block</div>"))
        // Evidence references keep their text too.
        #expect(items.contains { $0.hasPrefix("E7 (document) <script>alert(1)</script> — <script>alert(1)</script>; obtained from <script>alert(1)</script> on 2026-11-23") })
    }
}

/// Random strings over an alphabet rich in Markdown syntax survive a table cell and a paragraph.
@Suite struct EscaperPropertyTests {
    static let alphabet: [String] = ["\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", "&", "#", "|", "!", "~", "-", "+", "=",
                                     ".", "1", "a", "Z", " ", " ", "\n", "監", "é", "http://", "www.", ";", ":", "\"", "'", "{", "}", "$", "^"]

    func randomStrings(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<count).map { _ in
            var s = ""
            for _ in 0..<(1 + next(24)) { s += Self.alphabet[next(Self.alphabet.count)] }
            return normalised(s).isEmpty ? "x" + s : s
        }
    }

    @Test func cellsRoundTrip() throws {
        let strings = randomStrings(300, seed: 42)
        let doc = try CMark.xml(Markdown.table(["n", "text"], strings.enumerated().map { ["\($0.offset)", Markdown.cell($0.element)] }))
        let rows = try CMark.elements(doc, "table_row")
        #expect(rows.count == strings.count)
        for (i, row) in rows.enumerated() {
            let cells = (row.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "table_cell" }
            #expect(cells.count == 2, "\(strings[i].debugDescription)")
            guard cells.count == 2 else { continue }
            #expect(CMark.text(cells[1]) == normalised(strings[i]).joined(separator: "<br>"), "\(strings[i].debugDescription)")
        }
        #expect(try CMark.elements(doc, "html_inline").allSatisfy { $0.stringValue == "<br>" })
    }

    @Test func paragraphsRoundTrip() throws {
        let strings = randomStrings(150, seed: 7)
        let markdown = strings.map { Markdown.text($0, startsLine: true) }.joined(separator: "\n\n") + "\n"
        let doc = try CMark.xml(markdown)
        let paragraphs = try CMark.elements(doc, "paragraph")
        #expect(paragraphs.count == strings.count)
        for (p, s) in zip(paragraphs, strings) {
            #expect(CMark.text(p) == normalised(s).joined(separator: "\n"), "\(s.debugDescription)")
        }
        #expect(try CMark.elements(doc, "html_inline").isEmpty && CMark.elements(doc, "html_block").isEmpty)
    }
}

/// Inputs coverage-guided fuzzing found (Scripts/fuzz.sh) in the Markdown escaper.
@Suite struct MarkdownFuzzFindingTests {
    /// A CRLF is one Character in Swift: splitting at "\n" left it whole and a raw line break
    /// reached the output, where `===` made a heading and a second line a new table row.
    @Test func crlfAndLoneCRAreLineBreaks() throws {
        let doc = try CMark.xml("Before.\n\n" + Markdown.text("a\r\n===\r- x\rb", startsLine: true) + "\n\nAfter.\n")
        #expect(try CMark.elements(doc, "heading").isEmpty && CMark.elements(doc, "list").isEmpty)
        let paragraphs = try CMark.elements(doc, "paragraph").map(CMark.text)
        #expect(paragraphs == ["Before.", "a\n===\n- x\nb", "After."])
        let table = try CMark.xml(Markdown.table(["n", "text"], [["1", Markdown.cell("x\r\ny")], ["2", "z"]]))
        #expect(try CMark.elements(table, "table_row").count == 2)
        #expect(try CMark.elements(table, "table_cell").map(CMark.text).contains("x<br>y"))
    }

    /// A markup character followed by a combining mark is one Character to Swift but markup to
    /// cmark: `*́x*́` made emphasis and `|́` split a table cell. A tab before a mark stayed a tab.
    @Test func markupCharacterFollowedByACombiningMarkIsEscaped() throws {
        let emphasis = "a *\u{301}x*\u{301} b"
        let doc = try CMark.xml("Before.\n\n" + Markdown.text(emphasis, startsLine: true) + "\n")
        #expect(try CMark.elements(doc, "emph").isEmpty)
        #expect(try CMark.elements(doc, "paragraph").map(CMark.text) == ["Before.", emphasis])
        let table = try CMark.xml(Markdown.table(["n", "text"], [["1", Markdown.cell("| a |\u{301} b")]]))
        #expect(try CMark.elements(table, "table_cell").map(CMark.text) == ["n", "text", "1", "| a |\u{301} b"])
        #expect(Markdown.inline("a\t\u{301}b") == "a \u{301}b")
    }

    /// A one-line field (an evidence description, a title) with a line break stays one line.
    @Test func lineBreaksInOneLineFieldsStartNoBlock() throws {
        let doc = try CMark.xml("- E1 " + Markdown.inline("seen\n# not a heading\r\n- not a list") + "\n")
        #expect(try CMark.elements(doc, "heading").isEmpty)
        #expect(try CMark.elements(doc, "item").map(CMark.text) == ["E1 seen # not a heading - not a list"])
    }
}
