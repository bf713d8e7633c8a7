import AuditCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import Testing
import Workpaper

/// The management review input over two audits, parsed by cmark-gfm: open and overdue
/// nonconformities once each (a re-test speaks for the original), the trend, the cycle.
@Suite struct ReviewReportTests {
    static let sample = ReportDocumentTests.sample

    func audits() throws -> (Programme, [ReviewedAudit]) {
        let programme = try ProgrammeLoader.load(path: Self.sample)
        let first = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        let statement = Statement(requirement: "r", evidence: "e", gap: "Logs kept 30 days")
        let s1 = WorkpaperState.fold([
            .graded(item: "A.6.2.8@ava", grade: .major), .statement(item: "A.6.2.8@ava", statement),
            .actionSet(item: "A.6.2.8@ava", CorrectiveAction(action: "Pipeline check", owner: "kenji", due: "2027-01-31")),
            .graded(item: "A.7.5@ava", grade: .minor), .statement(item: "A.7.5@ava", Statement(requirement: "r", evidence: "e", gap: "No corpus version")),
            .actionSet(item: "A.7.5@ava", CorrectiveAction(action: "Record versions", owner: "kenji", due: "2027-03-31")),
            .graded(item: "A.10.2@talentlens", grade: .minor), .statement(item: "A.10.2@talentlens", statement),
            .actionSet(item: "A.10.2@talentlens", CorrectiveAction(action: "Amend", owner: "noah", due: "2026-12-31",
                                                                   implementedOn: "2026-12-10", effectivenessCriteria: "Signed",
                                                                   effectivenessResult: "Amendment signed", outcome: .effective,
                                                                   verifiedBy: "olivia", verifiedOn: "2026-12-20")),
            .graded(item: "9.2.1", grade: .conform),
        ])
        let open = s1.openNonconformities(in: first.checklist, audit: first.audit, workpaper: "IA-2026-01.aimsaudit",
                                          journalHash: "ab", on: programme.audit("IA-2026-02")!.fieldwork.from)
        let second = Derive.analyse(programme.audit("IA-2026-02")!, in: programme, adding: open.map(\.0))
        // The major is re-tested and conforms (its action not verified); the minor on A.7.5 waits for its re-test.
        let s2 = WorkpaperState.fold(open.map { EventBody.carried(item: $0.0.description, $0.1) }
            + [.graded(item: "A.6.2.8@ava", grade: .conform), .graded(item: "4.1", grade: .conform), .graded(item: "4.2", grade: .conform)])
        return (programme, [ReviewedAudit(workpaper: "IA-2026-02.aimsaudit", analysis: second, state: s2, head: "cd"),
                            ReviewedAudit(workpaper: "IA-2026-01.aimsaudit", analysis: first, state: s1, head: "ab")])
    }

    /// The body rows of a table (cmark-gfm keeps the header row apart).
    func rows(_ doc: XMLDocument, table index: Int) throws -> [[String]] {
        let table = try CMark.elements(doc, "table")[index]
        return try table.nodes(forXPath: ".//*[local-name()='table_row']").map { row in
            try row.nodes(forXPath: "./*[local-name()='table_cell']").map(CMark.text)
        }
    }

    /// Carried from A to B (re-tested there without a nonconformity, or not re-tested), and from B
    /// to C: open once, due in C; and once the finding audit's workpaper records the action
    /// verified, closed — whatever the copies say.
    @Test func aNonconformityCarriedTwiceIsReportedOnceAndFollowsItsOrigin() throws {
        let (programme, two) = try audits()
        let a = two.first { $0.audit.id == "IA-2026-01" }!, b = two.first { $0.audit.id == "IA-2026-02" }!
        var third = programme.audit("IA-2026-02")!
        third.id = "IA-2027-01"
        third.fieldwork = ClosedDays(from: Day(iso: "2027-06-07")!, to: Day(iso: "2027-06-11")!)
        let fromB = b.state.openNonconformities(in: b.analysis.checklist, audit: b.audit, workpaper: "IA-2026-02.aimsaudit",
                                                journalHash: "cd", on: third.fieldwork.from)
        // The major B re-tested as conforming goes on too: its action is not verified effective.
        #expect(Set(fromB.map { "\($0.1.audit) \($0.0)" }) == ["IA-2026-01 A.7.5@ava", "IA-2026-01 A.6.2.8@ava"])
        #expect(fromB.first { $0.0.description == "A.6.2.8@ava" }?.1.retests?.map(\.audit) == ["IA-2026-02"])
        let c = ReviewedAudit(workpaper: "IA-2027-01.aimsaudit", analysis: Derive.analyse(third, in: programme, adding: fromB.map(\.0)),
                              state: WorkpaperState.fold(fromB.map { EventBody.carried(item: $0.0.description, $0.1) }), head: "ef")
        func review(_ audits: [ReviewedAudit]) -> String {
            ReviewReport(programme: programme, audits: audits, cycleFrom: Day(iso: "2026-01-01")!, years: 3, asOf: Day(iso: "2027-06-20")!).render()
        }
        let all = review([a, b, c])
        // Open once each, and IA-2025-02's minor, which only the programme's history records (as open).
        #expect(all.contains("3 open: 2 overdue, 0 found not effective, 0 without a complete action, 1 known only from the programme's history"), "\(all)")
        #expect(all.contains("| IA-2026-01 | A.7.5@ava | minor | No corpus version | Kenji Mori | 2027-03-31 | overdue | 81 | due in IA-2027-01 | 205 |"))
        #expect(all.contains("| IA-2026-01 | A.6.2.8@ava | major | Logs kept 30 days | Kenji Mori | 2027-01-31 | overdue | 140 | due in IA-2027-01 | 205 |"))
        // The actions verified effective in the finding audit's own workpaper close them.
        var verified = a
        for item in ["A.7.5@ava", "A.6.2.8@ava"] {
            verified.state.apply(.actionSet(item: item, CorrectiveAction(implementedOn: "2027-04-01", effectivenessCriteria: "Checked",
                                                                        effectivenessResult: "Checks pass", outcome: .effective,
                                                                        verifiedBy: "olivia", verifiedOn: "2027-05-01")))
        }
        #expect(review([verified, b, c]).contains("1 open: 0 overdue, 0 found not effective, 0 without a complete action, 1 known only from the programme's history; 3 closed"))
    }

    @Test func openNonconformitiesTrendAndCycle() throws {
        let (programme, audits) = try audits()
        let markdown = ReviewReport(programme: programme, audits: audits, cycleFrom: Day(iso: "2026-01-01")!, years: 3,
                                    asOf: Day(iso: "2027-04-15")!).render()
        let doc = try CMark.xml(markdown)
        let headings = try CMark.elements(doc, "heading").map(CMark.text)
        #expect(headings == ["Management review input: internal audits of Harbourline Mutual", "1. Results per audit", "2. Trend",
                             "3. Open nonconformities and corrective actions", "4. Observations and opportunities for improvement",
                             "5. Coverage of the audit programme", "6. Objectivity of the audits"])
        // Audits in the order of their fieldwork, whatever order they were given in; the earlier
        // ones from the programme's history, counting what they graded.
        let results = try rows(doc, table: 1)
        try #require(results.map(\.first) == ["IA-2025-01", "IA-2025-02", "IA-2026-01", "IA-2026-02"])
        #expect(results[0][1...9] == ["(the programme's history)", "5", "-", "1", "0", "1", "0", "3", "2.0"])
        #expect(results[2][2...9] == ["4 of 59", results[2][3], "1", "2", "0", "0", "1", "7.5"])
        // Each audit against the one before, none over enough items to be read as a trend.
        #expect(markdown.contains("- IA-2026-02 found 0.0 nonconformities per 10 items audited, fewer than IA-2026-01 (7.5), over 4 and 3 items audited: too few to read as a trend (under 20 in an audit)."), "\(markdown)")
        #expect(markdown.contains("- IA-2025-02 found 2.5 nonconformities per 10 items audited, more than IA-2025-01 (2.0), over 5 and 8 items audited"))
        #expect(markdown.contains("- Re-tests of earlier nonconformities: 2; 1 without a nonconformity, 0 still nonconforming, 1 not yet re-tested."))
        // One conforming re-test in a later audit does not close the major whose action is not
        // verified (overdue since 2027-01-31); A.7.5 is open once (its re-test is due), overdue since
        // 2027-03-31; the verified minor is closed; IA-2025-02's minor on A.5.3@talentlens is open in
        // the history, the oldest.
        #expect(markdown.contains("3 open: 2 overdue, 0 found not effective, 0 without a complete action, 1 known only from the programme's history; 1 closed"))
        let open = try rows(doc, table: 2)
        try #require(open.count == 3)
        #expect(open[0] == ["IA-2026-01", "A.6.2.8@ava", "major", "Logs kept 30 days", "Kenji Mori", "2027-01-31", "overdue", "74",
                            "conform in IA-2026-02, not closing it", "139"])
        #expect(open[1] == ["IA-2026-01", "A.7.5@ava", "minor", "No corpus version", "Kenji Mori", "2027-03-31", "overdue", "15", "due in IA-2026-02", "139"])
        #expect(open[2] == ["IA-2025-02", "A.5.3@talentlens", "minor", "(the programme's history)", "", "", "open in the history", "", "", "569"])
        #expect(markdown.contains("The oldest has been open 569 days, since its audit ended on 2025-09-23."))
        // Observations and improvement opportunities, the workpapers' with their text, the latest first.
        let noted = try rows(doc, table: 3)
        #expect(noted.map { "\($0[0]) \($0[1]) \($0[2])" } == ["IA-2025-02 7.4 OFI", "IA-2025-02 9.3.2 OFI", "IA-2025-01 A.6.2.6@claimsort observation"])
        // The cycle counts the audits done in these workpapers and in the programme's history.
        let tiers = try rows(doc, table: 4)
        try #require(tiers.map(\.first) == ["A", "B", "C"])
        let done = tiers.map { Int($0[3])! }.reduce(0, +)
        let history = programme.history.filter { $0.date >= Day(iso: "2026-01-01")! && HistoryEntry.grades.contains($0.grade) }.count
        #expect(done == history + 4 + 3)
    }
}

@Suite struct CycleStatusTests {
    @Test func theTiersGapHoldsAfterItsCountAndLaterResultsWait() throws {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let from = Day(iso: "2026-01-01")!
        let key = ItemKey("8.4")!
        let results = ["2026-02-01", "2026-06-01", "2026-10-01"].map {
            HistoryEntry(audit: "X-\($0)", date: Day(iso: $0)!, item: key, grade: .conform)
        }
        func item(_ asOf: String, countingLater: Bool = false) throws -> CycleStatus.Item {
            let cycle = CycleStatus.compute(programme, from: from, years: 3, asOf: Day(iso: asOf)!, results: results, countingLater: countingLater)
            return try #require(cycle.items.first { $0.key == key })
        }
        // Tier A, three audits in the cycle, all done within 2026: the next is still due 12 months after the last.
        let later = try item("2027-11-01")
        #expect(later.tier == .A && later.done.count == later.required)
        #expect(later.nextDue == Day(iso: "2027-10-01") && later.overdue)
        // As of mid-2026 the October audit has not happened yet; the screen counts it while fieldwork runs.
        #expect(try item("2026-07-01").done.count == 2)
        #expect(try item("2026-07-01", countingLater: true).done.count == 3)
    }
}
