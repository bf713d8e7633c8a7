import AuditCore
import Testing
@testable import Workpaper

/// The journal's event names live in one place (`EventBody.Kind`): what is written under a
/// name must read back as the same event, for every kind.
@Suite struct EventCodecTests {
    static let events: [EventBody] = [
        .created(.init(audit: "IA-2026-01", programmeSHA256: "ab12", programmeName: "programme.yaml", tool: "aimsaudit 1")),
        .graded(item: "9.2.1", grade: .minor),
        .statement(item: "9.2.1", Statement(requirement: "r", evidence: "e", gap: "")),
        .noted(item: "9.2.1", note: "ask Kenji"),
        .goodPractice(item: "9.2.1", text: "good"),
        .evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "CMP-1", obtainedOn: "2026-11-24")),
        .evidenceEdited(id: 1, EvidenceEdit(description: "now described")),
        .evidenceRemoved(id: 1, reason: "cited twice"),
        .justified(item: "9.2.1", Justification(auditor: "amara", text: "no other auditor", safeguard: "reviewed by Olivia")),
        .sampled(item: "9.2.1", Sample(population: 40, size: 3, method: .random, seed: 7, selected: [3, 18, 22])),
        .sampled(item: "9.2.2", Sample(population: 500, size: 2, method: .judgemental, seed: nil, selected: [], ids: ["INV-2031", "INV-2044"],
                                       reason: "largest")),
        .sampled(item: "9.2.3", Sample(population: 365, size: 25, method: .random, seed: 7, selected: [3, 13], suggested: 30,
                                       sizeReason: "two months of reports")),
        .sampleTested(item: "9.2.1", [SampleResult(occurrence: "3", outcome: .asExpected, evidence: 1),
                                      SampleResult(occurrence: "18", outcome: .exception, evidence: 2, note: "alert closed unreviewed")]),
        .actionSet(item: "9.2.1", CorrectiveAction(owner: "kenji")),
        .carried(item: "9.2.1", CarriedFinding(audit: "IA-2025-02", workpaper: "old.aimsaudit", journalHash: "cd34",
                                              date: "2025-11-30", grade: .major, statement: Statement(gap: "g"), action: nil,
                                              retests: [.init(audit: "IA-2026-01", date: "2026-11-27", grade: .conform)])),
        .reasoned(item: "9.2.1", Reason(text: "re-opened", answers: [Exception(rule: "DATE-3", subject: "record", text: "recorded on 2026-12-01, after fieldwork")])),
        .disagreed(item: "9.2.1", text: "a breakdown, not a lapse"),
        .approved(item: "9.2.1", Approval(auditor: "amara", approver: "paul", text: "no other auditor", safeguard: "reviewed by Olivia")),
        .meeting(Meeting(kind: .opening, date: "2026-11-23", time: "09:00", place: "leith", attendees: ["amara", "tom-ashby"], points: "Scope")),
        .responded(item: "9.2.1", AuditeeResponse(position: .disagreed, by: "kenji", reason: "within range")),
        .reviewed(item: "9.2.1", Review(reviewer: "olivia", notes: "checked")),
        .deferred(item: "9.2.2", Deferral(reason: "not reached", to: "IA-2027-01")),
        .concluded(Conclusion(text: "partly", objectives: .partlyMet)),
        .approvedReport(ReportApproval(approver: "amara", date: "2026-11-27", head: "ef56", events: 40)),
    ]

    @Test func everyKindReadsBackAsWritten() throws {
        #expect(Set(Self.events.map(\.kind)) == Set(EventBody.Kind.allCases))
        for event in Self.events {
            #expect(try EventCodec.decode(type: event.type, payload: EventCodec.payload(event)) == event, "\(event.type)")
        }
    }

    @Test func anUnknownNameIsRefusedByName() {
        let error = #expect(throws: EventCodec.DecodeError.self) { try EventCodec.decode(type: "finding.erased", payload: "{}") }
        #expect(error?.description == "unknown event type 'finding.erased'")
    }
}
