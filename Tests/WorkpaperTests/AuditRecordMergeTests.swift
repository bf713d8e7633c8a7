import AuditCore
import Foundation
import GRDB
import Testing
@testable import Workpaper

/// The audit's record beyond findings kept in the workpaper and brought together by merges:
/// the state tables hold what the journal gives (the screen opens from them, `verify` compares),
/// a review or an approval that had not seen work from another laptop does not stand, two
/// responses set apart are a conflict, and a merge judges each record as its author saw it.
@Suite struct AuditRecordMergeTests {
    static let item = "9.2.1"

    static func observation(_ item: String = item) -> [EventBody] {
        [.statement(item: item, Statement(gap: "Plan approved late")), .graded(item: item, grade: .observation)]
    }

    @Test func theTablesHoldTheRecordAndVerifyComparesThem() throws {
        let team = try Team()
        try team.record("amara", Self.observation() + [
            .meeting(Meeting(kind: .opening, date: "2026-11-23", time: "09:00", attendees: ["amara", "ines"], points: "Scope")),
            .responded(item: Self.item, AuditeeResponse(position: .disagreed, by: "ines", reason: "Approved in time")),
            .deferred(item: "9.2.2", Deferral(reason: "Not reached", to: "IA-2")),
            .concluded(Conclusion(text: "Partly", objectives: .partlyMet)),
        ])
        try team.record("amara", [.reviewed(item: Self.item, Review(reviewer: "olivia"))], as: "olivia")
        let w = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        try w.append([.approvedReport(ReportApproval(approver: "amara", date: "2026-11-27", head: w.head.hash, events: w.head.seq))], actor: "amara")
        try w.append([.noted(item: "10.2", note: "after")], actor: "rita")
        w.close()
        let fromJournal = try WorkpaperFile.open(team.path("amara"))
        let fromTables = try WorkpaperFile.open(team.path("amara"), stateFrom: .tables)
        defer { fromJournal.close(); fromTables.close() }
        #expect(fromTables.state.auditRecord == fromJournal.state.auditRecord)
        #expect(fromTables.state.record(Self.item) == fromJournal.state.record(Self.item))
        #expect(fromJournal.state.auditRecord.sinceApproval == 1)
        #expect(fromJournal.state.record(Self.item).review?.reviewer == "olivia")
        #expect(fromJournal.verify().ok)
        // A row changed behind the tool's back is named.
        try DatabaseQueue(path: team.path("amara")).write { db in
            try db.execute(sql: "UPDATE audit_record SET value = replace(value, 'disagreed', 'agreed') WHERE kind = 'response'")
        }
        let tampered = try WorkpaperFile.open(team.path("amara"))
        defer { tampered.close() }
        #expect(tampered.verify().problems.contains { $0.hasPrefix("table audit_record, row '9.2.1' / 'response': value is") }, "\(tampered.verify().problems)")
    }

    @Test func aReviewOnOneLaptopDoesNotStandOverWorkItHadNotSeen() throws {
        let team = try Team()
        try team.record("olivia", Self.observation())
        try team.merge(team.path("amara"), team.path("olivia"))
        // The lead reviews what she has; Olivia meanwhile cites more evidence.
        try team.record("amara", [.reviewed(item: Self.item, Review(reviewer: "amara"))])
        try team.record("olivia", [.evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .record, reference: "Plan v3"))])
        try team.merge(team.path("amara"), team.path("olivia"))
        let merged = try WorkpaperFile.open(team.path("amara"))
        #expect(merged.state.record(Self.item).review == nil, "the review had not seen E1")
        #expect(merged.verify().ok)
        merged.close()
        // Reviewed again, having seen it, it stands.
        try team.record("amara", [.reviewed(item: Self.item, Review(reviewer: "amara"))])
        let again = try WorkpaperFile.open(team.path("amara"))
        defer { again.close() }
        #expect(again.state.record(Self.item).review?.reviewer == "amara")
    }

    @Test func anApprovalIsAmendedByWhatArrivesFromAnotherLaptopAndResponsesSetApartConflict() throws {
        let team = try Team()
        try team.record("amara", Self.observation() + [.concluded(Conclusion(text: "Done", objectives: .met))])
        try team.merge(team.path("olivia"), team.path("amara"))
        let lead = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        try lead.append([.responded(item: Self.item, AuditeeResponse(position: .agreed, by: "ines"))], actor: "amara")
        try lead.append([.approvedReport(ReportApproval(approver: "amara", date: "2026-11-27", head: lead.head.hash, events: lead.head.seq))], actor: "amara")
        #expect(lead.state.auditRecord.isApproved)
        lead.close()
        try team.record("olivia", [.responded(item: Self.item, AuditeeResponse(position: .disagreed, by: "ines", reason: "Not so"))])
        try team.merge(team.path("amara"), team.path("olivia"))
        let merged = try WorkpaperFile.open(team.path("amara"))
        defer { merged.close() }
        #expect(merged.state.auditRecord.approvals == 1)
        #expect(merged.state.auditRecord.sinceApproval == 1, "Olivia's response was not seen by the approval")
        #expect(merged.state.conflicts[Self.item]?.map(\.field) == ["response"])
        #expect(merged.verify().ok)
        // The report is not approvable while the conflict is open.
        let refusal = Recorder.validate(audit: [.approvedReport(ReportApproval(approver: "amara", date: "2026-11-28", head: merged.head.hash, events: merged.head.seq))],
                                        actor: "amara", analysis: merged.analysis, roster: merged.programme.roster, state: merged.state,
                                        head: (merged.head.hash, merged.head.seq))
        #expect(refusal?.rule == "APPROVE-2")
    }

    @Test func aMergeRefusesAConclusionSomeoneOtherThanTheLeadWrote() throws {
        let team = try Team()
        try team.record("olivia", Self.observation() + [.concluded(Conclusion(text: "Mine", objectives: .met))])
        let target = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        defer { target.close() }
        let source = try WorkpaperFile.open(team.path("olivia"))
        defer { source.close() }
        let error = #expect(throws: WorkpaperError.self) { try target.merge(try source.incoming()) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("LEAD: only the lead, Amara Nwosu (amara), writes the audit's conclusion"), "\(String(describing: error))")
    }
}

