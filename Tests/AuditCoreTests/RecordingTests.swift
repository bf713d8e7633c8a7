import AuditCore
import Testing

@Suite struct RecordingTests {
    typealias F = Fixture

    func validate(_ f: Fixture, _ events: [EventBody], actor: String = "amara", item: String = "A.6.2.6@claimsort",
                  state: WorkpaperState = WorkpaperState()) -> Refusal? {
        var copy = f
        if !copy.audit.team.contains(actor) { copy.audit.team.append(actor) }
        return Recorder.validate(events, actor: actor, item: ItemKey(item)!, analysis: copy.analysis(),
                                 programme: copy.programme, state: state)
    }

    func fixture() -> Fixture {
        var f = F()
        f.entry(roles: F.role("kenji", .owner, "2024-01-01"))
        return f
    }

    static let item = "A.6.2.6@claimsort"
    static func evidence(_ id: Int) -> EventBody {
        .evidenceAdded(EvidenceReference(id: id, item: item, type: .document, reference: "DOC-\(id)"))
    }

    @Test func gr1NonconformityNeedsAllThreeParts() {
        let f = fixture()
        let r = validate(f, [.graded(item: Self.item, grade: .minor), .statement(item: Self.item, Statement(requirement: "A.6.2.6"))])
        #expect(r?.rule == "GR-1")
        #expect(r?.message.contains("missing: evidence, gap") == true)
        let ok = validate(f, [.statement(item: Self.item, Statement(requirement: "A.6.2.6", evidence: "seen", gap: "gap")),
                              .graded(item: Self.item, grade: .major)])
        #expect(ok == nil)
    }

    @Test func gr1CountsWhatIsAlreadyOnRecord() {
        let f = fixture()
        let before = WorkpaperState.fold([.statement(item: Self.item, Statement(requirement: "r", evidence: "e", gap: "g"))])
        #expect(validate(f, [.graded(item: Self.item, grade: .minor)], state: before) == nil)
        // Clearing a part of a recorded nonconformity is refused.
        let graded = WorkpaperState.fold([.statement(item: Self.item, Statement(requirement: "r", evidence: "e", gap: "g")),
                                          .graded(item: Self.item, grade: .minor)])
        #expect(validate(f, [.statement(item: Self.item, Statement(gap: ""))], state: graded)?.rule == "GR-1")
    }

    @Test func gr2ConformityNeedsEvidenceAndKeepsIt() {
        let f = fixture()
        #expect(validate(f, [.graded(item: Self.item, grade: .conform)])?.rule == "GR-2")
        #expect(validate(f, [Self.evidence(1), .graded(item: Self.item, grade: .conform)]) == nil)
        let conform = WorkpaperState.fold([Self.evidence(1), .graded(item: Self.item, grade: .conform)])
        #expect(validate(f, [.evidenceRemoved(id: 1, reason: nil)], state: conform)?.rule == "GR-2")
    }

    @Test func gr3NotApplicableNeedsANote() {
        let f = fixture()
        #expect(validate(f, [.graded(item: Self.item, grade: .notApplicable)])?.rule == "GR-3")
        #expect(validate(f, [.noted(item: Self.item, note: "Not operated in the period"), .graded(item: Self.item, grade: .notApplicable)]) == nil)
    }

    @Test func gr4CorrectiveActionOnlyForNonconformities() {
        let f = fixture()
        let r = validate(f, [.actionSet(item: Self.item, CorrectiveAction(owner: "kenji", due: "2027-01-31")),
                             .statement(item: Self.item, Statement(gap: "Thresholds undocumented")), .graded(item: Self.item, grade: .ofi)])
        #expect(r?.rule == "GR-4")
    }

    @Test func gr5ObservationAndImprovementNeedTheirText() {
        let f = fixture()
        for grade in [Grade.observation, .ofi] {
            let bare = validate(f, [.graded(item: Self.item, grade: grade)])
            #expect(bare?.rule == "GR-5")
            #expect(bare?.needs == [.gap])
            #expect(bare?.message.contains("--") == false)   // no front end's words in AuditCore
            // The note is the auditor's own and the evidence part is not what was found; blanks are no text.
            #expect(validate(f, [.noted(item: Self.item, note: "seen"), .graded(item: Self.item, grade: grade)])?.rule == "GR-5")
            #expect(validate(f, [.statement(item: Self.item, Statement(evidence: "PSI 0.25")), .graded(item: Self.item, grade: grade)])?.rule == "GR-5")
            #expect(validate(f, [.statement(item: Self.item, Statement(gap: " \n\t")), .graded(item: Self.item, grade: grade)])?.rule == "GR-5")
            #expect(validate(f, [.statement(item: Self.item, Statement(gap: "Thresholds undocumented")), .graded(item: Self.item, grade: grade)]) == nil)
            // Once recorded, the text cannot be taken away.
            let recorded = WorkpaperState.fold([.statement(item: Self.item, Statement(gap: "Thresholds undocumented")), .graded(item: Self.item, grade: grade)])
            #expect(validate(f, [.statement(item: Self.item, Statement(gap: ""))], state: recorded)?.rule == "GR-5")
            // One recorded before the rule (its text in the note) still takes a note or a reference.
            let older = WorkpaperState.fold([.noted(item: Self.item, note: "seen"), .graded(item: Self.item, grade: grade)])
            #expect(validate(f, [.noted(item: Self.item, note: "seen twice")], state: older) == nil)
        }
    }

    @Test func blockedAuditorIsRefusedWithWhoElseCouldAudit() {
        var f = fixture()
        f.audit.team = ["amara", "kenji", "paul"]
        let r = validate(f, [.noted(item: Self.item, note: "x")], actor: "kenji")
        #expect(r?.rule == "IND-01")
        #expect(r?.message == "Kenji Mori may not record on A.6.2.6@claimsort: Kenji Mori is owner of A.6.2.6 for ClaimSort since 2024-01-01. Independent in the team: amara, paul.")
    }

    @Test func warnedAuditorNeedsAJustificationOnRecordOrInTheSameCommand() {
        var f = fixture()
        f.audit.team = ["amara", "tomasz"]
        f.programme.controls[0].roles.append(F.role("paul", .approver, "2024-01-01"))   // Paul is above both auditors
        let note = EventBody.noted(item: Self.item, note: "x")
        let r = validate(f, [note], actor: "tomasz")
        #expect(r?.rule == "IND-05")
        #expect(r?.message.contains("record a justification first") == true)
        #expect(r?.needs == [.justification])
        let j = EventBody.justified(item: Self.item, Justification(auditor: "tomasz", text: "Paul does not review this item"))
        #expect(validate(f, [j, note], actor: "tomasz") == nil)
        #expect(validate(f, [note], actor: "tomasz", state: WorkpaperState.fold([j])) == nil)
        // Someone else's justification does not count.
        let other = EventBody.justified(item: Self.item, Justification(auditor: "amara", text: "mine"))
        #expect(validate(f, [note], actor: "tomasz", state: WorkpaperState.fold([other]))?.rule == "IND-05")
    }

    @Test func smallOrganisationOwnershipNeedsASafeguard() {
        var f = Fixture(smallOrg: true)
        f.entry(roles: F.role("amara", .owner, "2024-01-01"))
        let note = EventBody.noted(item: Self.item, note: "x")
        let justified = EventBody.justified(item: Self.item, Justification(auditor: "amara", text: "Only trained auditor"))
        #expect(validate(f, [justified, note])?.rule == "IND-01")
        #expect(validate(f, [justified, note])?.needs == [.safeguard])
        let safe = EventBody.justified(item: Self.item, Justification(auditor: "amara", text: "Only trained auditor", safeguard: "Northgate reviews the workpapers"))
        #expect(validate(f, [safe, note]) == nil)
    }

    @Test func onlyTheTeamRecords() {
        let f = fixture()
        let r = Recorder.validate([.noted(item: Self.item, note: "x")], actor: "james", item: ItemKey(Self.item)!,
                                  analysis: f.analysis(), programme: f.programme, state: WorkpaperState())
        #expect(r?.rule == "TEAM")
    }

    @Test func foldAppliesEditsAndRemovalsKeepingHistory() {
        var s = WorkpaperState.fold([Self.evidence(1), Self.evidence(2),
                                     .evidenceEdited(id: 1, EvidenceEdit(description: "better")),
                                     .evidenceRemoved(id: 2, reason: "wrong item")])
        #expect(s.evidence(on: Self.item).map(\.id) == [1])
        #expect(s.evidence[1]?.description == "better")
        #expect(s.evidence[2]?.removed == true && s.evidence[2]?.removalReason == "wrong item")
        #expect(s.nextEvidenceID == 3)
        s.apply(.noted(item: Self.item, note: ""))
        #expect(s.record(Self.item).note == nil)
    }

    @Test func randomSamplesAreReproducibleFromTheirSeed() {
        let a = Sampler.draw(population: 365, size: 25, method: .random, seed: 7)
        #expect(a == Sampler.draw(population: 365, size: 25, method: .random, seed: 7))
        #expect(a != Sampler.draw(population: 365, size: 25, method: .random, seed: 8))
        #expect(a.count == 25 && Set(a).count == 25 && a == a.sorted())
        #expect(a.allSatisfy { (1...365).contains($0) })
        #expect(Sampler.draw(population: 5, size: 9, method: .random, seed: 1) == [1, 2, 3, 4, 5])
    }

    @Test func systematicSamplesAreEvenlySpaced() {
        let s = Sampler.draw(population: 100, size: 10, method: .systematic, seed: 3)
        #expect(s == [4, 14, 24, 34, 44, 54, 64, 74, 84, 94])
    }
}

@Suite struct TextLimitTests {
    @Test func overlongTextsAreRefusedWithTheLimit() {
        var f = Fixture()
        f.entry(roles: Fixture.role("kenji", .owner, "2024-01-01"))
        f.audit.team = ["paul"]
        let item = ItemKey("A.6.2.6@claimsort")!
        let long = String(repeating: "x", count: Recorder.maxText + 1)
        let r = Recorder.validate([.noted(item: item.description, note: long)], actor: "paul", item: item,
                                  analysis: f.analysis(), programme: f.programme, state: WorkpaperState())
        #expect(r?.rule == "SIZE")
        #expect(r?.message.hasPrefix("the note is 65537 characters long; the limit is 65536") == true)
        let ref = EvidenceReference(id: 1, item: item.description, type: .document, reference: String(repeating: "r", count: 5000))
        #expect(Recorder.validate([.evidenceAdded(ref)], actor: "paul", item: item, analysis: f.analysis(),
                                  programme: f.programme, state: WorkpaperState())?.rule == "SIZE")
        // A zero byte (vim writes one for ^@) would end the text in the workpaper's tables.
        let zero = Recorder.validate([.noted(item: item.description, note: "before\u{0}after")], actor: "paul", item: item,
                                     analysis: f.analysis(), programme: f.programme, state: WorkpaperState())
        #expect(zero?.rule == "TEXT")
        #expect(zero?.message.hasPrefix("the note holds a zero byte") == true)
        let zeroRef = EvidenceReference(id: 1, item: item.description, type: .document, reference: "log\u{0}")
        #expect(Recorder.validate([.evidenceAdded(zeroRef)], actor: "paul", item: item, analysis: f.analysis(),
                                  programme: f.programme, state: WorkpaperState())?.rule == "TEXT")
        let fine = String(repeating: "x", count: Recorder.maxText)
        #expect(Recorder.validate([.noted(item: item.description, note: fine)], actor: "paul", item: item,
                                  analysis: f.analysis(), programme: f.programme, state: WorkpaperState()) == nil)
    }
}
