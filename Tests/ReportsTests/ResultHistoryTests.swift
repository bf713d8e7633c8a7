import AuditCore
import Foundation
import Reports
import Testing
import Workpaper
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What the report says of who graded what and every change of it, of disagreements, of the
/// reasons given for dates outside the audit's, and of an outcome that closes nothing: read back
/// through cmark-gfm, the text as a reader gets it.
@Suite struct ResultHistoryTests {
    static let item = "A.6.2.6@ava"
    static let content = RecordedContentTests()

    func render(_ events: [(actor: String, body: EventBody)]) throws -> String {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        var recordedBy: [ItemKey: Set<String>] = [:]
        for e in events { if let item = e.body.item.flatMap(ItemKey.init) { recordedBy[item, default: []].insert(e.actor) } }
        return MarkdownReport(programme: programme, analysis: analysis, state: WorkpaperState.fold(authored: events),
                              journal: [RecordedContentTests.created], head: String(repeating: "c", count: 64),
                              recordedBy: recordedBy, asOf: Day(iso: "2026-11-27")).render()
    }

    static let major: [(actor: String, body: EventBody)] = [
        ("tomasz", .statement(item: item, Statement(requirement: "A.6.2.6", evidence: "9 of 14 alerts never closed", gap: "Alerts not reviewed"))),
        ("tomasz", .graded(item: item, grade: .major)),
    ]

    static let change: (actor: String, body: EventBody) = ("amara", .graded(item: item, grade: .minor))

    /// The case: a lead changed another auditor's major to a minor, and the report showed a minor
    /// with no original grade, no grader and no reason. A change recorded before reasons were
    /// asked for (an older workpaper) is shown too, saying no reason was recorded.
    @Test func aChangedGradeShowsTheOriginalItsGraderWhoChangedItAndWhy() throws {
        let old = try render(Self.major + [Self.change])
        var details = try Self.content.items(old, under: "F-01 Minor nonconformity: A.6.2.6@ava")
        #expect(details.contains("Graded by: Amara Nwosu"), "\(details)")
        #expect(details.contains("Changed by another auditor:Grade: major nonconformity, as Tomasz Wierzbicki recorded it, changed to minor nonconformity by Amara Nwosu; no reason recorded"), "\(details)")
        let reason = "5 of 14 alerts were reviewed | a *lapse*, not a <breakdown>"
        let disagreement = "Two thirds unreviewed:\n- a breakdown, not a lapse"
        let md = try render(Self.major + [Self.change,
                                          ("amara", .reasoned(item: Self.item, Reason(text: reason, answers: [Exception(rule: "GR-6", subject: "grade", text: "changes the grade")]))),
                                          ("tomasz", .disagreed(item: Self.item, text: disagreement))])
        details = try Self.content.items(md, under: "F-01 Minor nonconformity: A.6.2.6@ava")
        #expect(details.contains("Changed by another auditor:Grade: major nonconformity, as Tomasz Wierzbicki recorded it, changed to minor nonconformity by Amara Nwosu; reason: \(reason)"), "\(details)")
        #expect(details.contains("Disagreement of Tomasz Wierzbicki: Two thirds unreviewed:\n- a breakdown, not a lapse"), "\(details)")
        // Section 10 lists the change and the disagreement: the audit's diverging opinions.
        let changes = try Self.content.table(md, headed: "Finding")
        #expect(changes.dropFirst().first == ["F-01, A.6.2.6@ava", "Grade", "major nonconformity (Tomasz Wierzbicki)",
                                              "minor nonconformity (Amara Nwosu)", reason], "\(changes)")
        let opinions = try Self.content.items(md, under: "10. Diverging opinions")
        #expect(opinions == ["F-01, A.6.2.6@ava: Tomasz Wierzbicki disagrees. Two thirds unreviewed:\n- a breakdown, not a lapse"], "\(opinions)")
        // Without a change there is nothing to say.
        #expect(try Self.content.sections(try render(Self.major)).first { $0.heading == "10. Diverging opinions" }.map { $0.blocks.map(CMark.text) } == ["None recorded."])
    }

    /// Records with a date outside the audit's carry their reason, and section 5 lists them.
    @Test func section5ListsTheRecordsThatCarryAReasonForTheirDates() throws {
        let answers = [Exception(rule: "DATE-2", subject: "E1", text: "E1 is dated 2024-02-20, before the audit period (2025-10-01 to 2026-09-30)")]
        let md = try render([
            ("olivia", .evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "DD-BP-2024", obtainedOn: "2024-02-20"))),
            ("olivia", .graded(item: "9.2.1", grade: .conform)),
            ("olivia", .reasoned(item: "9.2.1", Reason(text: "Still governs the supplier", answers: answers))),
        ])
        let rows = try CMark.elements(try CMark.xml(md), "table").flatMap(Self.content.rows)
        #expect(rows.contains(["9.2.1", "Olivia Brandt", "DATE-2: E1 is dated 2024-02-20, before the audit period (2025-10-01 to 2026-09-30)",
                               "Still governs the supplier"]), "\(rows)")
    }

    /// An outcome recorded before CA-5 without the implementation date and the result is shown as
    /// recorded, and said to close nothing; the follow-up does not count it closed.
    @Test func anOutcomeWithoutItsImplementationAndResultClosesNothing() throws {
        let item = "A.6.2.8@ava"
        let md = try render([
            ("olivia", .statement(item: item, Statement(requirement: "r", evidence: "e", gap: "Logs kept 30 days"))),
            ("olivia", .graded(item: item, grade: .major)),
            ("olivia", .actionSet(item: item, CorrectiveAction(action: "Pipeline check", owner: "kenji", due: "2027-01-31",
                                                               effectivenessCriteria: "Three checks pass", outcome: .effective,
                                                               verifiedBy: "paul", verifiedOn: "2026-11-27"))),
        ])
        let details = try Self.content.items(md, under: "F-01 Major nonconformity")
        let action = try #require(details.first { $0.hasPrefix("Corrective action (10.2): planned") }, "\(details)")
        #expect(action.contains("Outcome: effective — does not close the nonconformity: no implementation date, no result"), "\(action)")
        #expect(!md.contains("| closed |"))
    }
}
