import AuditCore
import Testing

/// Justifications under programme format 2: a safeguard, and an approval by someone other than
/// the auditor — the lead, or the programme owner for the lead's own.
@Suite struct ApprovalTests {
    typealias F = Fixture
    static let item = "A.6.2.6@claimsort"

    /// Tomasz and Amara (the lead) are both warned on the item: its owner, Lena, is in their unit
    /// and reports to Paul, as they do.
    static func fixture(version: Int = 2, owner: String? = "paul") -> F {
        var f = F()
        f.programme.version = version
        f.programme.organisation.owner = owner
        f.programme.people.append(Person(id: "lena", name: "Lena Fischer", unit: "internal-audit", manager: "paul"))
        f.entry(roles: F.role("lena", .owner, "2024-01-01"))
        f.audit.team = ["amara", "tomasz"]
        return f
    }

    func validate(_ f: F, _ events: [EventBody], actor: String, state: WorkpaperState = WorkpaperState()) -> Refusal? {
        Recorder.validate(events, actor: actor, item: ItemKey(Self.item)!, analysis: f.analysis(), programme: f.programme, state: state)
    }

    static func justified(_ auditor: String, _ text: String = "I never worked with Lena on this control",
                          safeguard: String? = "Olivia reviews the workpapers") -> EventBody {
        .justified(item: item, Justification(auditor: auditor, text: text, safeguard: safeguard))
    }

    static func approval(of auditor: String, by approver: String, in state: WorkpaperState) -> EventBody {
        .approved(item: item, Approval(of: state.record(item).justifications[auditor]!, by: approver))
    }

    @Test func aJustificationWithAnEmptySafeguardIsRefused() {
        let f = Self.fixture()
        #expect(f.verdicts("tomasz").contains { $0.level == .warn })
        let refused = validate(f, [Self.justified("tomasz", safeguard: "  "), .noted(item: Self.item, note: "n")], actor: "tomasz")
        #expect(refused?.needs == [.safeguard])
        #expect(refused?.message.hasPrefix("Tomasz Wierzbicki's justification on A.6.2.6@claimsort needs a safeguard") == true)
        #expect(validate(f, [Self.justified("tomasz"), .noted(item: Self.item, note: "n")], actor: "tomasz") == nil)
        // Format 1 asks a safeguard only of ownership warnings in small-organisation mode.
        #expect(validate(Self.fixture(version: 1), [Self.justified("tomasz", safeguard: nil), .noted(item: Self.item, note: "n")], actor: "tomasz") == nil)
    }

    @Test func aFormAsksForTheSafeguardWhenTheRulesNeedIt() {
        let warnings = Self.fixture().verdicts("tomasz")
        #expect(Set(warnings.map(\.rule)) == [.ind07, .ind19])
        #expect(Self.fixture().analysis().justificationNeedsSafeguard(warnings))
        #expect(!Self.fixture(version: 1).analysis().justificationNeedsSafeguard(warnings.filter { $0.rule == .ind07 }))
        let ownership = Verdict(auditor: "tomasz", item: ItemKey(Self.item)!, rule: .ind01, level: .warn, reason: "small organisation")
        #expect(Self.fixture(version: 1).analysis().justificationNeedsSafeguard([ownership]))
    }

    @Test func approvedByNobodyTheRecordStandsAndAwaitsApproval() {
        let f = Self.fixture()
        let state = WorkpaperState.fold([Self.justified("tomasz")])
        // Recording goes on: an approval is not asked before the work, only before the report.
        #expect(validate(f, [.noted(item: Self.item, note: "n")], actor: "tomasz", state: state) == nil)
        #expect(state.record(Self.item).approvals.isEmpty)
        #expect(f.analysis().approver(of: "tomasz") == "amara")
    }

    @Test func theLeadApprovesAnAuditorsJustification() {
        let f = Self.fixture()
        var state = WorkpaperState.fold([Self.justified("tomasz")])
        let approval = Self.approval(of: "tomasz", by: "amara", in: state)
        #expect(validate(f, [approval], actor: "amara", state: state) == nil)
        state.apply(approval)
        #expect(state.record(Self.item).approvals["tomasz"]?.approver == "amara")
        // A new justification needs approving again.
        state.apply(Self.justified("tomasz", "Reworded"))
        #expect(state.record(Self.item).approvals["tomasz"] == nil)
    }

    @Test func approvedBySelfIsRefused() {
        let f = Self.fixture()
        let state = WorkpaperState.fold([Self.justified("tomasz")])
        let refused = validate(f, [Self.approval(of: "tomasz", by: "tomasz", in: state)], actor: "tomasz", state: state)
        #expect(refused?.rule == "APPROVE")
        #expect(refused?.message == "Tomasz Wierzbicki may not approve their own justification on A.6.2.6@claimsort: the lead, Amara Nwosu, approves it")
    }

    @Test func onlyTheLeadOrForTheLeadTheProgrammeOwnerApproves() {
        let f = Self.fixture()
        var state = WorkpaperState.fold([Self.justified("tomasz"), Self.justified("amara")])
        // The programme owner is not the one who approves a team member's justification.
        #expect(validate(f, [Self.approval(of: "tomasz", by: "paul", in: state)], actor: "paul", state: state)?.message
                == "Paul Renner may not approve the justification of Tomasz Wierzbicki on A.6.2.6@claimsort: the lead, Amara Nwosu, approves it")
        // The lead's own: by the programme owner, who need not be in the team, never by the lead.
        #expect(validate(f, [Self.approval(of: "amara", by: "amara", in: state)], actor: "amara", state: state)?.rule == "APPROVE")
        #expect(validate(f, [Self.approval(of: "amara", by: "tomasz", in: state)], actor: "tomasz", state: state)?.message
                == "Tomasz Wierzbicki may not approve the justification of Amara Nwosu on A.6.2.6@claimsort: the lead's justifications are approved by the programme owner, Paul Renner")
        let byOwner = Self.approval(of: "amara", by: "paul", in: state)
        #expect(validate(f, [byOwner], actor: "paul", state: state) == nil)
        state.apply(byOwner)
        #expect(state.record(Self.item).approvals["amara"]?.approver == "paul")
        // With no programme owner, nobody may approve the lead's.
        let none = Self.fixture(owner: nil)
        #expect(validate(none, [Self.approval(of: "amara", by: "paul", in: state)], actor: "paul", state: state)?.message.hasSuffix("the programme owner, whom the programme does not name (`organisation.owner`)") == true)
    }

    @Test func anApprovalIsOfTheJustificationAsItReadsAndInTheApproversName() {
        let f = Self.fixture()
        let state = WorkpaperState.fold([Self.justified("tomasz")])
        let stale = EventBody.approved(item: Self.item, Approval(auditor: "tomasz", approver: "amara", text: "older words", safeguard: "Olivia reviews the workpapers"))
        #expect(validate(f, [stale], actor: "amara", state: state)?.message.contains("has changed since it was read") == true)
        #expect(validate(f, [Self.approval(of: "tomasz", by: "amara", in: state)], actor: "tomasz", state: state)?.message
                == "Tomasz Wierzbicki cannot record an approval in the name of Amara Nwosu")
        let nothing = EventBody.approved(item: Self.item, Approval(auditor: "tomasz", approver: "amara", text: "", safeguard: nil))
        #expect(validate(f, [nothing], actor: "amara")?.message == "Tomasz Wierzbicki has no justification on A.6.2.6@claimsort to approve")
        // A justification recorded without a safeguard (before format 2) is not approved as it is.
        let bare = WorkpaperState.fold([Self.justified("tomasz", safeguard: nil)])
        #expect(validate(f, [Self.approval(of: "tomasz", by: "amara", in: bare)], actor: "amara", state: bare)?.message.hasSuffix("names no safeguard: it needs one before it is approved") == true)
        // Format 1 has no approvals.
        #expect(validate(Self.fixture(version: 1), [Self.approval(of: "tomasz", by: "amara", in: state)], actor: "amara", state: state)?.rule == "APPROVE")
    }
}
