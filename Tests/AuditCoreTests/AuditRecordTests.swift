import Testing
@testable import AuditCore

/// The audit's record beyond findings: reviews re-opened by later work, the approval and what is
/// recorded after it, the auditee's response, meetings and the lead's part — judged by the one
/// validation, and folded alike whether the events came from one laptop or several.
@Suite struct AuditRecordTests {
    typealias F = Fixture
    static let item = "A.6.2.6@claimsort"

    func fixture() -> Fixture {
        var f = F()
        f.entry(roles: F.role("kenji", .owner, "2024-01-01"))
        f.audit.team = ["amara", "tomasz", "kenji"]
        f.audit.auditees = [Auditee(id: "kenji"), Auditee(id: "bp-lead", guest: .init(name: "Tom Ashby", organisation: "Brightpath Analytics"))]
        return f
    }

    static let graded: [EventBody] = [
        .statement(item: item, Statement(gap: "Threshold set by one person")), .graded(item: item, grade: .observation),
    ]

    func validate(_ f: Fixture, _ events: [EventBody], actor: String, state: WorkpaperState) -> Refusal? {
        Recorder.validate(events, actor: actor, item: ItemKey(Self.item)!, analysis: f.analysis(), programme: f.programme, state: state)
    }

    func validateAudit(_ f: Fixture, _ events: [EventBody], actor: String = "amara", state: WorkpaperState,
                       head: (hash: String, events: Int)? = nil) -> Refusal? {
        Recorder.validate(audit: events, actor: actor, analysis: f.analysis(), roster: f.programme.roster, state: state, head: head,
                          programme: f.programme)
    }

    @Test func aLaterChangeToTheItemReopensItsReviewButAResponseDoesNot() {
        var state = WorkpaperState.fold(Self.graded + [.reviewed(item: Self.item, Review(reviewer: "amara", notes: "checked"))])
        #expect(state.record(Self.item).review?.reviewer == "amara")
        state.apply(.responded(item: Self.item, AuditeeResponse(position: .agreed, by: "kenji")))
        #expect(state.record(Self.item).review != nil, "the auditee's response is not a change to the work")
        state.apply(.evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .document, reference: "DOC-1")))
        #expect(state.record(Self.item).review == nil, "evidence cited after the review re-opens it")
        state.apply(.reviewed(item: Self.item, Review(reviewer: "tomasz")))
        state.apply(.evidenceEdited(id: 1, EvidenceEdit(description: "later")))
        #expect(state.record(Self.item).review == nil, "an edit of its evidence re-opens it too")
        #expect(state.reviewCoverage(of: fixture().analysis().checklist) == (audited: 1, reviewed: 0))
    }

    @Test func aReviewerBlockedOnTheItemIsRefusedByTheIndependenceRules() {
        let f = fixture()
        let state = WorkpaperState.fold(Self.graded)
        let r = validate(f, [.reviewed(item: Self.item, Review(reviewer: "kenji"))], actor: "kenji", state: state)
        #expect(r?.rule == "IND-01")
        #expect(r?.message.hasPrefix("Kenji Mori may not record on A.6.2.6@claimsort: Kenji Mori is owner of A.6.2.6 for ClaimSort") == true)
        #expect(validate(f, [.reviewed(item: Self.item, Review(reviewer: "tomasz"))], actor: "tomasz", state: state) == nil)
        // Nothing to review on an item not audited; and a review is its reviewer's own.
        #expect(validate(f, [.reviewed(item: Self.item, Review(reviewer: "tomasz"))], actor: "tomasz", state: WorkpaperState())?.rule == "REVIEW-1")
        #expect(validate(f, [.reviewed(item: Self.item, Review(reviewer: "amara"))], actor: "tomasz", state: state)?.rule == "REVIEW-2")
    }

    @Test func aResponseBelongsToAFindingAndADisagreementGivesItsReason() throws {
        let f = fixture()
        let disagreed = AuditeeResponse(position: .disagreed, by: "bp-lead", reason: "Within the validated range")
        #expect(validate(f, [.responded(item: Self.item, disagreed)], actor: "amara", state: WorkpaperState())?.rule == "RESP-1")
        let state = WorkpaperState.fold(Self.graded)
        #expect(validate(f, [.responded(item: Self.item, disagreed)], actor: "amara", state: state) == nil)
        #expect(throws: Refusal.self) { try AuditeeResponse.make(position: "dis", by: "kenji", reason: " ", audit: f.audit, roster: f.programme.roster) }
        let unknown = validate(f, [.responded(item: Self.item, AuditeeResponse(position: .agreed, by: "kenij"))], actor: "amara", state: state)
        #expect(unknown?.rule == "RESP-3")
        #expect(unknown?.message.contains("did you mean 'kenji'") == true)
        // A disagreement that stands is a diverging opinion; a later agreement resolves it.
        var after = state
        after.apply(.responded(item: Self.item, disagreed))
        #expect(after.divergingOpinions(in: f.analysis().checklist).map(\.key.description) == [Self.item])
        after.apply(.responded(item: Self.item, AuditeeResponse(position: .agreed, by: "bp-lead", reason: "Agreed after the call")))
        #expect(after.divergingOpinions(in: f.analysis().checklist).isEmpty)
    }

    @Test func meetingsNameTheirAttendeesAndTheSameMeetingAgainReplacesIt() throws {
        let f = fixture()
        #expect(throws: Refusal.self) {
            try Meeting.make(kind: "opening", date: "2026-11-23", time: "9am", place: nil, attendees: ["amara"], points: nil,
                             audit: f.audit, roster: f.programme.roster)
        }
        let stranger = Meeting(kind: .opening, date: "2026-11-23", attendees: ["amara", "nobody"])
        #expect(validateAudit(f, [.meeting(stranger)], state: WorkpaperState())?.rule == "MEET-2")
        let m = try Meeting.make(kind: "open", date: "2026-11-23", time: "09:00", place: "Board room", attendees: ["amara", "bp-lead"],
                                 points: "Scope", audit: f.audit, roster: f.programme.roster)
        #expect(validateAudit(f, [.meeting(m)], actor: "tomasz", state: WorkpaperState()) == nil)
        var corrected = m
        corrected.points = "Scope and criteria"
        let state = WorkpaperState.fold([.meeting(m), .meeting(Meeting(kind: .closing, date: "2026-11-27", attendees: ["amara"])), .meeting(corrected)])
        #expect(state.auditRecord.meetings.map(\.kind) == [.opening, .closing])
        #expect(state.auditRecord.meetings[0].points == "Scope and criteria")
    }

    @Test func theLeadConcludesAndApprovesTheJournalAsItStands() {
        let f = fixture()
        var state = WorkpaperState.fold(Self.graded)
        let conclusion = Conclusion(text: "Partly", objectives: .partlyMet)
        #expect(validateAudit(f, [.concluded(conclusion)], actor: "tomasz", state: state)?.rule == "LEAD")
        let approval = ReportApproval(approver: "amara", date: "2026-11-27", head: "h2", events: 2)
        #expect(validateAudit(f, [.approvedReport(approval)], state: state, head: ("h2", 2))?.rule == "APPROVE-1")
        state.apply(.concluded(conclusion))
        #expect(validateAudit(f, [.approvedReport(approval)], state: state, head: ("h3", 3))?.rule == "APPROVE-3")
        #expect(validateAudit(f, [.approvedReport(ReportApproval(approver: "tomasz", date: "2026-11-27", head: "h3", events: 3))],
                              actor: "tomasz", state: state, head: ("h3", 3))?.rule == "LEAD")
        let now = ReportApproval(approver: "amara", date: "2026-11-27", head: "h3", events: 3)
        #expect(validateAudit(f, [.approvedReport(now)], state: state, head: ("h3", 3)) == nil)
        state.apply(.approvedReport(now))
        #expect(state.auditRecord.isApproved && state.auditRecord.approvals == 1)
        #expect(validateAudit(f, [.approvedReport(ReportApproval(approver: "amara", date: "2026-11-27", head: "h4", events: 4))],
                              state: state, head: ("h4", 4))?.rule == "APPROVE-4")
        // Anything recorded after it is an amendment until approved again.
        state.apply(.noted(item: Self.item, note: "later"))
        state.apply(.meeting(Meeting(kind: .closing, date: "2026-11-27", attendees: ["amara"])))
        #expect(!state.auditRecord.isApproved && state.auditRecord.sinceApproval == 2)
        state.apply(.approvedReport(ReportApproval(approver: "amara", date: "2026-11-28", head: "h6", events: 6)))
        #expect(state.auditRecord.isApproved && state.auditRecord.approvals == 2)
    }

    @Test func theAuditAnItemMovesToMustHoldIt() {
        var f = fixture()
        f.programme.audits.append(Audit(
            id: "IA-2027-01", title: "Next", objectives: "Test", criteria: ["ISO/IEC 42001"], scope: AuditScope(requirements: ["A.5"]),
            period: ClosedDays(from: F.day("2026-10-01"), to: F.day("2027-09-30")),
            fieldwork: ClosedDays(from: F.day("2027-11-22"), to: F.day("2027-11-26")), lead: "amara", team: ["amara"]))
        let deferred = { (to: String) in EventBody.deferred(item: Self.item, Deferral(reason: "Not reached", to: to)) }
        #expect(validateAudit(f, [deferred("IA-2027-01")], state: WorkpaperState())?.rule == "DEFER-3")
        #expect(validateAudit(f, [deferred("IA-2026-01")], state: WorkpaperState())?.rule == "DEFER-3")
        #expect(validateAudit(f, [deferred("IA-2028-01")], state: WorkpaperState()) == nil, "an audit not yet planned")
        #expect(validateAudit(f, [deferred("IA-2028-01")], actor: "tomasz", state: WorkpaperState())?.rule == "LEAD")
        #expect(validateAudit(f, [deferred("IA-2028-01")], state: WorkpaperState.fold(Self.graded))?.rule == "DEFER-1")
    }

    // MARK: - Several replicas

    static func event(_ replica: String, _ rseq: Int, seen clock: [String: Int] = [:], actor: String = "amara", _ body: EventBody) -> TeamEvent {
        TeamEvent(stamp: Stamp(replica: replica, rseq: rseq, clock: clock, hash: "\(replica)-\(rseq)", id: "\(replica)-\(rseq)",
                               actor: actor, time: "2026-11-27T10:00:0\(rseq).000Z"), body: body)
    }

    @Test func aReviewThatHadNotSeenAChangeMadeBesideItDoesNotStand() {
        let a = "aaaaaaaaaaaaaaaa", b = "bbbbbbbbbbbbbbbb"
        let first = Self.event(a, 1, .graded(item: Self.item, grade: .conform))
        // On b, having seen a's grade: the review. On a, not having seen the review: more work.
        let review = Self.event(b, 1, seen: [a: 1], actor: "tomasz", .reviewed(item: Self.item, Review(reviewer: "tomasz")))
        let beside = Self.event(a, 2, .noted(item: Self.item, note: "one more check"))
        for order in [[first, review, beside], [first, beside, review]] {
            #expect(TeamState.fold(order).state.record(Self.item).review == nil, "a change the reviewer had not seen re-opens the review")
        }
        // A review that had seen it stands.
        let later = Self.event(b, 2, seen: [a: 2], actor: "tomasz", .reviewed(item: Self.item, Review(reviewer: "tomasz")))
        #expect(TeamState.fold([first, review, beside, later]).state.record(Self.item).review?.reviewer == "tomasz")
    }

    @Test func anApprovalCountsWhatItHadNotSeenAsRecordedAfterIt() {
        let a = "aaaaaaaaaaaaaaaa", b = "bbbbbbbbbbbbbbbb"
        let concluded = Self.event(a, 1, .concluded(Conclusion(text: "Done", objectives: .met)))
        let approved = Self.event(a, 2, .approvedReport(ReportApproval(approver: "amara", date: "2026-11-27", head: "a-1", events: 1)))
        // Recorded on b without seeing either: folded before the approval (it had seen less), still not approved.
        let unseen = Self.event(b, 1, actor: "tomasz", .noted(item: Self.item, note: "mine"))
        let team = TeamState.fold([concluded, approved, unseen])
        #expect(team.state.auditRecord.approvals == 1)
        #expect(team.state.auditRecord.sinceApproval == 1)
        #expect(!team.state.auditRecord.isApproved)
        // Approved again having seen it: approved.
        let again = Self.event(a, 3, seen: [b: 1], .approvedReport(ReportApproval(approver: "amara", date: "2026-11-28", head: "b-1", events: 3)))
        #expect(TeamState.fold([concluded, approved, unseen, again]).state.auditRecord.isApproved)
    }

    @Test func twoResponsesSetWithoutSeeingEachOtherAreAConflictTheLeadResolves() throws {
        let a = "aaaaaaaaaaaaaaaa", b = "bbbbbbbbbbbbbbbb"
        let graded = Self.event(a, 1, .graded(item: Self.item, grade: .observation))
        let agreed = Self.event(a, 2, .responded(item: Self.item, AuditeeResponse(position: .agreed, by: "kenji")))
        let disagreed = Self.event(b, 1, seen: [a: 1], actor: "tomasz",
                                   .responded(item: Self.item, AuditeeResponse(position: .disagreed, by: "kenji", reason: "Not so")))
        let state = TeamState.fold([graded, agreed, disagreed]).state
        let conflict = try #require(state.conflicts[Self.item]?.first)
        #expect(conflict.field == "response")
        #expect(Set(conflict.values.map(\.value)) == ["agreed by kenji", "disagreed by kenji: Not so"])
        // Keeping one of the values makes the event that records it again.
        let kept = try #require(conflict.keeping(conflict.values.first { $0.value.hasPrefix("disagreed") }!))
        #expect(kept == .responded(item: Self.item, AuditeeResponse(position: .disagreed, by: "kenji", reason: "Not so")))
        // Meetings recorded on two laptops are both kept.
        let m1 = Self.event(a, 3, .meeting(Meeting(kind: .opening, date: "2026-11-23", attendees: ["amara"])))
        let m2 = Self.event(b, 2, seen: [a: 1], actor: "tomasz", .meeting(Meeting(kind: .opening, date: "2026-11-24", attendees: ["tomasz"])))
        #expect(TeamState.fold([graded, m1, m2]).state.auditRecord.meetings.count == 2)
    }
}
