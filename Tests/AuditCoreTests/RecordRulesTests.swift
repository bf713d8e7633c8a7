import AuditCore
import Testing

/// Who graded what and every change of it (GR-6, GR-7), dates that make sense (DATE-1 … 3) and
/// what closes a nonconformity (CA-5 … 7), each with the case that showed it was missing:
/// refused without a reason, accepted with one, and what the state then keeps.
@Suite struct RecordRulesTests {
    static let item = "A.6.2.6@claimsort"
    static let key = ItemKey(item)!
    static let fieldworkDay = Day(iso: "2026-11-25")!

    /// Kenji owns the control; Amara, the lead, advised on it in July (IND-08, a warning);
    /// Tomasz is independent of it.
    func fixture() -> Fixture {
        var f = Fixture()
        f.entry(roles: Fixture.role("kenji", .owner, "2024-01-01"), Fixture.role("amara", .advisor, "2026-07-01", "2026-07-31"))
        f.audit.team = ["amara", "tomasz"]
        return f
    }

    func validate(_ events: [EventBody], by actor: String, on state: WorkpaperState, day: Day? = fieldworkDay) -> Refusal? {
        let f = fixture()
        return Recorder.validate(events, actor: actor, item: Self.key, analysis: f.analysis(), programme: f.programme,
                                 state: state, recordedOn: day)
    }

    func withReason(_ text: String, _ events: [EventBody], by actor: String, on state: WorkpaperState,
                    day: Day? = fieldworkDay) throws -> [EventBody] {
        let f = fixture()
        return try Recorder.withReason(text, events, actor: actor, item: Self.key, audit: f.audit, roster: f.programme.roster,
                                       state: state, recordedOn: day)
    }

    /// Tomasz's major, as he recorded it.
    static let major: [(actor: String, body: EventBody)] = [
        ("tomasz", .statement(item: item, Statement(requirement: "A.6.2.6", evidence: "9 of 14 alerts never reviewed", gap: "Alerts not reviewed"))),
        ("tomasz", .graded(item: item, grade: .major)),
    ]

    /// The case: the lead, with an independence warning, changes another auditor's major to a
    /// minor with the justification "ok". The justification answers the warning, not the change.
    @Test func gr6AChangeOfAnotherAuditorsGradeNeedsAReason() throws {
        let state = WorkpaperState.fold(authored: Self.major)
        #expect(state.record(Self.item).provenance?.authors == ["grade": "tomasz", "requirement": "tomasz", "evidence": "tomasz", "gap": "tomasz"])
        let change: [EventBody] = [.justified(item: Self.item, Justification(auditor: "amara", text: "ok")), .graded(item: Self.item, grade: .minor)]
        let refused = try #require(validate(change, by: "amara", on: state))
        #expect(refused.rule == "GR-6" && refused.reasonAllowed)
        #expect(refused.message == "the record on A.6.2.6@claimsort needs a reason: changes the grade Tomasz Wierzbicki recorded (major → minor)")
        // With a reason it is recorded, and the state keeps the original grade, its grader, the change, who and why.
        let reasoned = try withReason("5 of 14 alerts were reviewed: a lapse, not a breakdown", change, by: "amara", on: state)
        #expect(validate(reasoned, by: "amara", on: state) == nil)
        var after = state
        _ = after.apply(reasoned, by: "amara")
        let p = try #require(after.record(Self.item).provenance)
        #expect(p.revisions == [Revision(part: "grade", from: "major", fromBy: "tomasz", to: "minor", by: "amara",
                                         reason: "5 of 14 alerts were reviewed: a lapse, not a breakdown")])
        #expect(p.authors["grade"] == "amara" && p.authors["gap"] == "tomasz")
        // The statement is another's too: rewriting its gap needs a reason, naming the part.
        #expect(validate([change[0], .statement(item: Self.item, Statement(gap: "Some alerts not reviewed"))], by: "amara", on: state)?.message
                == "the record on A.6.2.6@claimsort needs a reason: changes the gap Tomasz Wierzbicki wrote")
        // The grader changes their own grade freely; setting the same grade again changes nothing.
        #expect(validate([.graded(item: Self.item, grade: .minor)], by: "tomasz", on: state) == nil)
        #expect(validate([.justified(item: Self.item, Justification(auditor: "amara", text: "ok")), .graded(item: Self.item, grade: .major)],
                         by: "amara", on: state) == nil)
    }

    @Test func aReasonIsForWhatNeedsOne() throws {
        let state = WorkpaperState.fold(authored: Self.major)
        let note: [EventBody] = [.noted(item: Self.item, note: "asked Kenji")]
        #expect(throws: Refusal.self) { try withReason("because", note, by: "tomasz", on: state) }
        let refusal = #expect(throws: Refusal.self) { try withReason("  ", [.graded(item: Self.item, grade: .minor)], by: "amara", on: state) }
        #expect(refusal?.rule == "REASON")
    }

    @Test func gr7TheOriginalGraderMayDisagree() throws {
        var state = WorkpaperState.fold(authored: Self.major)
        let disagree: [EventBody] = [.disagreed(item: Self.item, text: "Two thirds of the alerts went unreviewed: a breakdown")]
        // Nothing of Tomasz's was changed yet: there is nothing to disagree with.
        #expect(validate(disagree, by: "tomasz", on: state)?.rule == "GR-7")
        let change = try withReason("a lapse", [.justified(item: Self.item, Justification(auditor: "amara", text: "ok")),
                                                 .graded(item: Self.item, grade: .minor)], by: "amara", on: state)
        _ = state.apply(change, by: "amara")
        #expect(validate(disagree, by: "tomasz", on: state) == nil)
        // Only the auditor whose result was changed; and a disagreement says something.
        #expect(validate(disagree, by: "amara", on: state)?.rule == "GR-7")
        #expect(validate([.disagreed(item: Self.item, text: " ")], by: "tomasz", on: state)?.rule == "GR-7")
        _ = state.apply(disagree, by: "tomasz")
        #expect(state.record(Self.item).provenance?.disagreements == [Disagreement(by: "tomasz", text: "Two thirds of the alerts went unreviewed: a breakdown")])
    }

    /// The case: evidence dated 2027-06-30 (in the future) and 2020-01-01 (before the audit period)
    /// was accepted for a conformity.
    @Test func date1And2EvidenceDatedAfterTheRecordOrBeforeThePeriodNeedsAReason() throws {
        func cite(_ id: Int, on date: String) -> [EventBody] {
            [.evidenceAdded(EvidenceReference(id: id, item: Self.item, type: .document, reference: "DOC-\(id)", obtainedOn: date)),
             .graded(item: Self.item, grade: .conform)]
        }
        let future = try #require(validate(cite(1, on: "2027-06-30"), by: "tomasz", on: WorkpaperState()))
        #expect(future.rule == "DATE-1" && future.reasonAllowed)
        #expect(future.message.hasSuffix("E1 is dated 2027-06-30, after the day it is recorded (2026-11-25)"))
        let old = try #require(validate(cite(1, on: "2020-01-01"), by: "tomasz", on: WorkpaperState()))
        #expect(old.rule == "DATE-2")
        #expect(old.message.hasSuffix("E1 is dated 2020-01-01, before the audit period (2025-10-01 to 2026-09-30)"))
        let governing = try withReason("The 2020 policy is still in force", cite(1, on: "2020-01-01"), by: "tomasz", on: WorkpaperState())
        #expect(validate(governing, by: "tomasz", on: WorkpaperState()) == nil)
        guard case .reasoned(_, let r) = governing.last else { Issue.record("no reason at the end"); return }
        #expect(r.answers.map(\.rule) == ["DATE-2"] && r.answers[0].subject == "E1")
        // Dated in the period, before the record: nothing to answer. An edit's new date is judged the same way.
        #expect(validate(cite(1, on: "2026-11-24"), by: "tomasz", on: WorkpaperState()) == nil)
        let cited = WorkpaperState.fold(authored: cite(1, on: "2026-11-24").map { ("tomasz", $0) })
        #expect(validate([.evidenceEdited(id: 1, EvidenceEdit(obtainedOn: "2019-12-31"))], by: "tomasz", on: cited)?.rule == "DATE-2")
    }

    /// The case: results recorded before fieldwork began were counted as fieldwork.
    @Test func date3AResultRecordedOutsideFieldworkNeedsAReason() throws {
        let result: [EventBody] = [.statement(item: Self.item, Statement(gap: "Thresholds undocumented")), .graded(item: Self.item, grade: .observation)]
        let before = try #require(validate(result, by: "tomasz", on: WorkpaperState(), day: Day(iso: "2026-11-20")!))
        #expect(before.rule == "DATE-3" && before.message.hasSuffix("recorded on 2026-11-20, before fieldwork (2026-11-23 to 2026-11-27)"))
        let after = Day(iso: "2026-12-02")!
        #expect(validate(result, by: "tomasz", on: WorkpaperState(), day: after)?.message.hasSuffix("after fieldwork (2026-11-23 to 2026-11-27)") == true)
        let reopened = try withReason("Re-opened: the log promised at the closing meeting came on 2026-12-01", result,
                                      by: "tomasz", on: WorkpaperState(), day: after)
        #expect(validate(reopened, by: "tomasz", on: WorkpaperState(), day: after) == nil)
        // The first and last days are fieldwork; a note, a justification or the action's follow-up is not a result.
        #expect(validate(result, by: "tomasz", on: WorkpaperState(), day: Day(iso: "2026-11-27")!) == nil)
        #expect(validate([.noted(item: Self.item, note: "call Kenji")], by: "tomasz", on: WorkpaperState(), day: after) == nil)
        // What a sampled occurrence showed is a result as well.
        let sampled = WorkpaperState.fold([
            .evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .record, reference: "Review log", obtainedOn: "2026-11-24")),
            .sampled(item: Self.item, Sample(population: 10, size: 2, method: .judgemental, seed: 0, selected: [3, 7], reason: "the two largest")),
        ])
        let tested: [EventBody] = [.sampleTested(item: Self.item, [SampleResult(occurrence: "3", outcome: .asExpected, evidence: 1)])]
        #expect(validate(tested, by: "tomasz", on: sampled, day: Self.fieldworkDay) == nil)
        #expect(validate(tested, by: "tomasz", on: sampled, day: after)?.rule == "DATE-3")
        // Where the day is not judged (a merge, judging a record as made on its laptop), it is not asked.
        #expect(validate(result, by: "tomasz", on: WorkpaperState(), day: nil) == nil)
    }

    static let planned = CorrectiveAction(action: "Review alerts weekly", owner: "kenji", due: "2027-01-31",
                                          effectivenessCriteria: "No alert older than 7 days in 3 monthly checks",
                                          effectivenessDue: "2027-05-31")

    /// The case: a major's action recorded `effective` two days after fieldwork, with no
    /// implementation date and no result, although its effectiveness check was due months later.
    @Test func ca5To7AnOutcomeNeedsItsImplementationResultAndEvidenceAndWaitsForItsCheck() throws {
        let state = WorkpaperState.fold(authored: Self.major + [("tomasz", .actionSet(item: Self.item, Self.planned))])
        let early = Day(iso: "2026-11-29")!
        let effective = CorrectiveAction(outcome: .effective, verifiedBy: "sofia", verifiedOn: "2026-11-29")
        let refused = try #require(validate([.actionSet(item: Self.item, effective)], by: "tomasz", on: state, day: early))
        #expect(refused.rule == "CA-5" && !refused.reasonAllowed)
        #expect(refused.message == "an effectiveness outcome on A.6.2.6@claimsort needs the implementation date, the result and an evidence reference of the check, obtained on or after the implementation")
        #expect(refused.needs == [.action("implemented-on"), .action("result"), .evidenceReference])
        // Verified before the action was done: refused whatever the reason (CA-6).
        var done = effective
        done.implementedOn = "2026-12-15"; done.effectivenessResult = "Alerts reviewed within a day"
        let check = EventBody.evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .record, reference: "Alert queue 2026-12", obtainedOn: "2026-12-20"))
        let record: (CorrectiveAction) -> [EventBody] = { [.actionSet(item: Self.item, $0), check] }
        let day = Day(iso: "2026-12-20")!
        #expect(validate(record(done), by: "tomasz", on: state, day: day)?.rule == "CA-6")
        // Done and checked, but verified months before the check was due: it needs a reason (CA-7).
        done.verifiedOn = "2026-12-20"
        let soon = try #require(validate(record(done), by: "tomasz", on: state, day: day))
        #expect(soon.rule == "CA-7" && soon.reasonAllowed)
        #expect(soon.message.hasSuffix("the effectiveness of the action is verified on 2026-12-20, before its check was due (2027-05-31)"))
        let reasoned = try withReason("The platform removed the manual step; three checks cannot fail now", record(done), by: "tomasz", on: state, day: day)
        #expect(validate(reasoned, by: "tomasz", on: state, day: day) == nil)
        // Follow-up after fieldwork, its evidence with it, is not a result recorded outside fieldwork.
        guard case .reasoned(_, let r) = reasoned.last else { Issue.record("no reason at the end"); return }
        #expect(r.answers.map(\.rule) == ["CA-7"])
        var after = state
        _ = after.apply(reasoned, by: "tomasz")
        #expect(after.record(Self.item).action?.status(on: day) == .closed)
    }

    /// After fieldwork, the evidence of a corrective action's check may come as a record of its
    /// own (the screen cites it apart from the action): obtained on or after the implementation,
    /// it is follow-up; anything else is a result recorded after fieldwork.
    @Test func date3FollowUpEvidenceIsNoResult() {
        var implemented = Self.planned
        implemented.implementedOn = "2027-01-20"
        let state = WorkpaperState.fold(authored: Self.major + [("tomasz", .actionSet(item: Self.item, implemented))])
        let day = Day(iso: "2027-02-10")!
        func cite(_ on: String) -> [EventBody] {
            [.evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .record, reference: "Alert queue", obtainedOn: on))]
        }
        #expect(validate(cite("2027-02-10"), by: "tomasz", on: state, day: day) == nil)
        #expect(validate(cite("2027-01-05"), by: "tomasz", on: state, day: day)?.rule == "DATE-3")
        #expect(validate(cite("2027-02-10"), by: "tomasz", on: WorkpaperState.fold(authored: Self.major), day: day)?.rule == "DATE-3")
    }
}
