import AuditCore
import Testing

/// The 10.2 record of a nonconformity: fields that grow as follow-up does, who may verify it,
/// and where it stands.
@Suite struct CorrectiveActionTests {
    static let item = "A.6.2.6@claimsort"

    func fixture() -> Fixture {
        var f = Fixture()
        f.entry(roles: Fixture.role("kenji", .owner, "2024-01-01"))
        return f
    }

    /// A recorded minor with its statement, then the given action events, as amara records them.
    func validate(_ f: Fixture, _ actions: [CorrectiveAction]) -> Refusal? {
        let base: [EventBody] = [.graded(item: Self.item, grade: .minor),
                                 .statement(item: Self.item, Statement(requirement: "r", evidence: "e", gap: "g"))]
        return Recorder.validate(base + actions.map { .actionSet(item: Self.item, $0) }, actor: "amara",
                                 item: ItemKey(Self.item)!, analysis: f.analysis(), programme: f.programme, state: WorkpaperState())
    }

    static let planned = CorrectiveAction(action: "Review alerts weekly", owner: "ravi", due: "2027-01-31",
                                          effectivenessCriteria: "No alert older than 7 days in 3 months")

    @Test func theVerifierIsNeverTheOwner() {
        var a = Self.planned
        a.verifiedBy = "ravi"
        let r = validate(fixture(), [a])
        #expect(r?.rule == "CA-2")
        #expect(r?.message.contains("Ravi Chandra owns the corrective action") == true)
    }

    @Test func aVerifierBlockedOnTheItemIsRefused() {
        // Kenji owns the control: he may not judge whether its corrective action worked.
        var a = Self.planned
        a.verifiedBy = "kenji"
        let r = validate(fixture(), [a])
        #expect(r?.rule == "CA-3")
        #expect(r?.message.contains("IND-01") == true)
        // Someone independent of the item, inside the team or not, may.
        a.verifiedBy = "sofia"; a.verifiedOn = "2027-04-30"
        #expect(validate(fixture(), [a]) == nil)
    }

    @Test func anOutcomeNeedsCriteriaVerifierAndDate() {
        var a = CorrectiveAction(action: "Review alerts weekly", owner: "ravi", due: "2027-01-31", outcome: .effective)
        let r = validate(fixture(), [a])
        #expect(r?.rule == "CA-4")
        #expect(r?.message.contains("verifier, verification date, effectiveness criteria") == true)
        a.effectivenessCriteria = "No alert older than 7 days"; a.verifiedBy = "sofia"; a.verifiedOn = "2027-04-30"
        // Then what closes it: the implementation date, the result and the check's evidence (CA-5).
        #expect(validate(fixture(), [a])?.rule == "CA-5")
    }

    @Test func datesAndPeopleMustBeReal() {
        #expect(validate(fixture(), [CorrectiveAction(due: "2027-02-30")])?.rule == "CA-1")
        #expect(validate(fixture(), [CorrectiveAction(owner: "rav")])?.message.contains("did you mean 'ravi'") == true)
    }

    @Test func fieldsGrowAndAnEmptyTextClears() {
        var state = WorkpaperState()
        state.apply(.actionSet(item: Self.item, CorrectiveAction(correction: "Alerts triaged", owner: "ravi", due: "2027-01-31")))
        state.apply(.actionSet(item: Self.item, CorrectiveAction(rootCause: "No rota", due: "2027-02-28")))
        var a = state.record(Self.item).action
        #expect(a == CorrectiveAction(correction: "Alerts triaged", rootCause: "No rota", owner: "ravi", due: "2027-02-28"))
        state.apply(.actionSet(item: Self.item, CorrectiveAction(correction: "")))
        a = state.record(Self.item).action
        #expect(a?.correction == nil && a?.rootCause == "No rota")
        // Clearing every field leaves no action at all.
        state.apply(.actionSet(item: Self.item, CorrectiveAction(rootCause: "", owner: "", due: "")))
        #expect(state.record(Self.item).action == nil)
    }

    @Test func statusFollowsTheRecordAndTheDay() {
        let day = Day(iso: "2027-01-15")!, later = Day(iso: "2027-02-01")!
        #expect(CorrectiveAction(owner: "ravi", due: "2027-01-31").status(on: day) == .incomplete)
        #expect(Self.planned.status(on: day) == .planned)
        #expect(Self.planned.status(on: later) == .overdue)
        var a = Self.planned
        a.verifiedBy = "sofia"; a.verifiedOn = "2027-01-30"; a.outcome = .effective
        // Effective, without the implementation date and the result, closes nothing (recorded before CA-5).
        #expect(a.status(on: later) == .overdue)
        #expect(a.outcomeGaps == ["no implementation date", "no result"])
        a.implementedOn = "2027-01-20"; a.effectivenessResult = "No alert older than 7 days in January"
        #expect(a.status(on: later) == .closed)
        // Nor does one verified before the action was implemented (CA-6).
        a.verifiedOn = "2027-01-10"
        #expect(a.status(on: later) == .awaitingVerification && a.outcomeGaps == ["verified on 2027-01-10, before it was implemented on 2027-01-20"])
        a.outcome = .notEffective
        #expect(a.status(on: later) == .notEffective && a.status(on: later).isOpen)
    }

    @Test func doneActionsAwaitTheirCheckAndAnOutcomeCanBeTakenBack() {
        var a = Self.planned
        a.implementedOn = "2027-01-20"; a.effectivenessDue = "2027-04-30"
        // Done before its due date: not overdue when the due date passes, until the check is late.
        #expect(a.status(on: Day(iso: "2027-02-15")!) == .awaitingVerification)
        #expect(a.status(on: Day(iso: "2027-05-02")!) == .overdue)
        #expect(a.overdueSince(on: Day(iso: "2027-05-02")!) == Day(iso: "2027-04-30"))
        #expect(Self.planned.overdueSince(on: Day(iso: "2027-02-02")!) == Day(iso: "2027-01-31"))
        // Found not effective, then taken back to plan a new action.
        var state = WorkpaperState()
        a.verifiedBy = "sofia"; a.verifiedOn = "2027-04-30"; a.outcome = .notEffective
        state.apply(.actionSet(item: Self.item, a))
        #expect(state.record(Self.item).action?.status(on: Day(iso: "2027-05-02")!) == .notEffective)
        state.apply(.actionSet(item: Self.item, CorrectiveAction(due: "2027-09-30", implementedOn: "", clearOutcome: true)))
        let again = state.record(Self.item).action
        #expect(again?.outcome == nil && again?.clearOutcome == nil && again?.status(on: Day(iso: "2027-05-02")!) == .planned)
    }

    @Test func everyFieldHasAShortLabelThatFitsTheForm() {
        for f in CorrectiveAction.fields { #expect(f.short.count <= 14, "\(f.name)") }
        #expect(Set(CorrectiveAction.fields.map(\.name)).count == CorrectiveAction.fields.count)
    }
}

@Suite struct CarryOverTests {
    @Test func whatIsLeftOpenForTheNextAudit() {
        var f = Fixture()
        f.entry(roles: Fixture.role("kenji", .owner, "2024-01-01"))
        let analysis = f.analysis()
        let item = analysis.checklist[0].key.description
        let carried = CarriedFinding(audit: "IA-0", workpaper: "IA-0.aimsaudit", journalHash: "00", date: "2025-11-27",
                                     grade: .minor, statement: Statement(gap: "old gap"), action: nil)
        let next = Day(iso: "2027-06-01")!
        func open(_ events: [EventBody]) -> [CarriedFinding] {
            WorkpaperState.fold(events).openNonconformities(in: analysis.checklist, audit: f.audit, workpaper: "w",
                                                            journalHash: "ab", on: next).map(\.1)
        }
        var verified = CorrectiveActionTests.planned
        verified.implementedOn = "2027-01-20"; verified.effectivenessResult = "No alert older than 7 days"
        verified.verifiedBy = "sofia"; verified.verifiedOn = "2027-04-30"; verified.outcome = .effective
        #expect(open([.graded(item: item, grade: .major)]).map(\.grade) == [.major])
        #expect(open([.graded(item: item, grade: .major), .actionSet(item: item, CorrectiveActionTests.planned)]).first?.action?.due == "2027-01-31")
        #expect(open([.graded(item: item, grade: .major), .actionSet(item: item, verified)]).isEmpty)
        // Carried in and not re-tested: handed on as it came; re-tested and still failing: a new finding of this audit.
        #expect(open([.carried(item: item, carried)]) == [carried])
        #expect(open([.carried(item: item, carried), .graded(item: item, grade: .minor)]).first?.audit == f.audit.id)
        // Re-tested without a nonconformity while its action is not verified effective: the re-test is
        // recorded with it, and it stays open; once its action is verified effective, it is closed.
        let retested = open([.carried(item: item, carried), .graded(item: item, grade: .conform)])
        #expect(retested.map(\.audit) == ["IA-0"])
        #expect(retested.first?.retests == [CarriedFinding.Retest(audit: f.audit.id, date: f.audit.fieldwork.to.description, grade: .conform)])
        var closedEarlier = carried
        closedEarlier.action = verified
        #expect(open([.carried(item: item, closedEarlier), .graded(item: item, grade: .conform)]).isEmpty)
    }
}
