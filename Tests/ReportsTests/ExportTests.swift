import AuditCore
import Foundation
import Reports
import TestFolders
import Testing
import Workpaper
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The JSON, OSCAL and evidence-request exports made in process from the sample programme and
/// events, for what the demo workpaper does not show.
@Suite struct ExportTests {
    func export(_ events: [EventBody], programme edit: (inout Programme) -> Void = { _ in }) throws -> AuditExport {
        var programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        edit(&programme)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        let journal = events.enumerated().map { i, e in
            JournalLine(seq: i + 1, id: "event-\(i + 1)", time: "2026-11-23T09:00:0\(i % 10).000Z", actor: "amara", type: e.type,
                        item: e.item, evidence: nil, hash: String(repeating: "a", count: 64), summary: e.summary)
        }
        return AuditExport(programme: programme, analysis: analysis, state: WorkpaperState.fold(events), journal: journal, recordedBy: [:])
    }

    func python(_ script: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    /// OSCAL's UUIDs are RFC 9562 version 5, the same as Python's `uuid.uuid5` makes in the tool's namespace.
    @Test func uuidsAreVersion5AsPythonMakesThem() throws {
        let names = ["IA-2026-01/6f1c/finding/A.6.2.8@ava", "", "監査 café 🎉", String(repeating: "x", count: 300)]
        let theirs = try python("""
            import sys, uuid
            for n in sys.argv[1:]: print(uuid.uuid5(uuid.UUID('b4d3c1e2-0a57-5e1f-9c2d-6a7b8c9d0e1f'), n))
            """, names).split(separator: "\n").map(String.init)
        #expect(names.map(OSCAL.uuid) == theirs)
    }

    /// Every grade an item can be given has an OSCAL status, not-satisfied exactly for the
    /// nonconformities AuditCore names; an item not audited has none.
    @Test func everyGradeButNotAuditedHasAStatus() {
        for grade in Grade.allCases {
            let status = OSCAL.status(of: grade)
            #expect((status == nil) == (grade == .notAudited), "\(grade)")
            guard let status else { continue }
            #expect((status.state == "not-satisfied") == grade.isNonconformity, "\(grade)")
            #expect(["satisfied", "not-satisfied"].contains(status.state) && ["pass", "fail", "other"].contains(status.reason))
            #expect(status.notApplicable == (grade == .notApplicable), "\(grade)")
        }
    }

    /// Control ids are OSCAL tokens (a letter or `_` first), one per requirement.
    @Test func controlIDsAreOSCALTokens() throws {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let ids = programme.requirementIndex().keys.sorted() + ["7up", "own req/1", "é.1"]
        let token = try Regex("^[_A-Za-z][_A-Za-z0-9.\\-]*$")
        for id in ids { #expect(OSCAL.controlID(id).wholeMatch(of: token) != nil, "\(id) → \(OSCAL.controlID(id))") }
        #expect(Set(ids.map(OSCAL.controlID)).count == ids.count)
        #expect(OSCAL.controlID("9.2.1") == "clause-9.2.1" && OSCAL.controlID("A.6.2.8") == "A.6.2.8")
    }

    /// Anything a user types survives the JSON writer: quotes, backslashes, control characters,
    /// line ends of every kind, emoji.
    @Test func jsonTextRoundTripsEverythingAUserTypes() throws {
        let texts = hostile + ["quote \" and back\\slash", "nul \u{0} bell \u{7} esc \u{1B}[2J del \u{7F}", "cr\r\ncrlf\u{2028}ls", "tab\there", ""]
        let doc = JSONValue.object(texts.enumerated().map { .init("k\($0.offset)", .string($0.element)) }
            + [.init("numbers", .array([.number(55), .number(62.5), .number(0.39), .int(-3)])), .init("none", .null)])
        let text = doc.rendered()
        let back = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for (i, t) in texts.enumerated() { #expect(back["k\(i)"] as? String == t, "\(t.debugDescription)") }
        #expect(text.contains("\"numbers\": [\n    55,\n    62.5,\n    0.39,\n    -3\n  ]"))
        #expect(back["none"] is NSNull)
    }

    /// A sample drawn before fieldwork is listed with its items; an item the register names
    /// nobody for goes to the lead, who asks the programme owner; what is graded is not asked
    /// for; a re-test says what it re-tests.
    @Test func requestsShowADrawnSampleAndItemsWithNobodyToAsk() throws {
        let x = try export([
            .sampled(item: "hm-ai-02@talentlens", Sample(description: "weekly review logs", population: 52, size: 3, method: .random,
                                                         seed: 7, selected: [2, 5, 9])),
            .evidenceAdded(EvidenceReference(id: 1, item: "A.6.2.8@ava", type: .record, reference: "log config")),
            .statement(item: "A.6.2.8@ava", Statement(requirement: "r", evidence: "e", gap: "g")),
            .graded(item: "A.6.2.8@ava", grade: .major),
            .carried(item: "A.6.2.8@claimsort", CarriedFinding(audit: "IA-2025-02", workpaper: "IA-2025-02.aimsaudit",
                                                              journalHash: String(repeating: "b", count: 64), date: "2025-12-12", grade: .major,
                                                              statement: Statement(gap: "Logs kept 30 days"), action: nil)),
        ]) { p in
            if let i = p.controls.firstIndex(where: { $0.requirement == "9.2.1" && $0.system == nil }) { p.controls[i].roles = [] }
        }
        let md = RequestsReport(x).render()
        let hannah = try #require(md.range(of: "## Hannah Berg\n")).upperBound
        let section = md[hannah...].components(separatedBy: "\n## ")[0]
        #expect(section.contains("### hm-ai-02@talentlens No candidate rejected without human review\n\n- **Your role:** operator of hm-ai-02 for TalentLens"))
        #expect(section.contains("- **Sample:** a random sample of 3 of 52 (weekly review logs), items 2, 5, 9; please have them ready"))
        let nobody = try #require(md.range(of: "## No owner or operator on record\n")).upperBound
        #expect(md[nobody...].contains("### 9.2.1 "))
        #expect(!md[nobody...].contains("\n## "), "the items nobody is named for come last")
        #expect(!md.contains("### A.6.2.8@ava"))
        // A re-test says what it re-tests.
        #expect(md.contains("### A.6.2.8@claimsort AI system recording of event logs\n\n- **Your role:** owner of A.6.2.8 for ClaimSort\n- **Auditor:** to be assigned\n- **The auditor will look for:** "))
        #expect(md.contains("- **Re-test:** of the major nonconformity of IA-2025-02: Logs kept 30 days\n"))
        #expect(md.contains("| No owner or operator on record | 1 |"))
        // As cmark-gfm reads it: the title, a heading per auditee and per item, the tables whole.
        let doc = try CMark.xml(md)
        let lines = md.split(separator: "\n")
        #expect(try CMark.elements(doc, "heading").count == lines.filter { $0.hasPrefix("#") }.count)
        #expect(try CMark.elements(doc, "table").count == 2)
        #expect(try CMark.elements(doc, "item").count == lines.filter { $0.hasPrefix("- **") }.count)
    }

    /// The CSV reads back cell for cell in Python's csv module, and a cell a spreadsheet would
    /// take for a formula starts with an apostrophe.
    @Test func csvCellsReadBackAndNeverStartAFormula() throws {
        let formula = "=HYPERLINK(\"http://example.com\",\"x\")", awkward = "Kenji \"KM\" Mori,\nML platform"
        let x = try export([]) { p in
            for (id, name) in [("hannah", formula), ("kenji", awkward)] {
                if let i = p.people.firstIndex(where: { $0.id == id }) { p.people[i].name = name }
            }
        }
        let file = try TestFolder.make("requests").appendingPathComponent("requests.csv")
        try Data(RequestsReport(x).csv().utf8).write(to: file)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(try python(
            "import csv, sys, json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='')))))", [file.path]).utf8)) as? [[String]])
        #expect(rows.first == RequestsReport.csvHeader)
        #expect(rows.dropFirst().allSatisfy { $0.count == RequestsReport.csvHeader.count })
        #expect(rows.contains { $0[0] == "hannah" && $0[1] == "'" + formula })
        #expect(rows.contains { $0[0] == "kenji" && $0[1] == awkward })
        #expect(!rows.contains { $0.contains { $0.first.map { "=+-@".contains($0) } ?? false } })
    }
}
