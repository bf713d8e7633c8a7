import AuditCore
import Testing

/// The assignment proposal: never blocked, fewest warnings, needed competences, the lead off the
/// audit process, balanced — weighed over all items at once.
@Suite struct AssignTests {
    /// Two ClaimSort items (A.6.2.6, A.6.2.8), Kenji owning A.6.2.6; Amara and Tomasz audit.
    func fixture() -> Fixture {
        var f = Fixture()
        f.audit.scope = AuditScope(systems: ["claimsort"], requirements: ["A.6.2.6", "A.6.2.8"])
        f.audit.team = ["amara", "tomasz"]
        f.entry(roles: Fixture.role("kenji", .owner))
        f.entry(requirement: "A.6.2.8", roles: Fixture.role("kenji", .owner))
        return f
    }

    func proposal(_ f: Fixture) -> Assigner.Proposal { Assigner.propose(f.analysis(), in: f.programme) }

    func picks(_ p: Assigner.Proposal) -> [String: String] {
        Dictionary(uniqueKeysWithValues: p.choices.map { ($0.item.description, $0.auditor) })
    }

    @Test func whereAGreedyPassWouldOverloadOneAuditorTheLoadIsBalanced() {
        // Tomasz once implemented A.6.2.8 (IND-02 blocks him there); a greedy pass in checklist
        // order gives Amara the first item and then, with no choice, the second as well.
        var f = fixture()
        f.programme.controls[1].roles.append(Fixture.role("tomasz", .implementer, "2021-01-01", "2021-06-30"))
        let p = proposal(f)
        #expect(p.unassignable.isEmpty)
        #expect(picks(p) == ["A.6.2.6@claimsort": "tomasz", "A.6.2.8@claimsort": "amara"])
        #expect(p.load.map(\.items) == [1, 1])
    }

    @Test func noBlockedPairEverAndATeamTooSmallIsReported() {
        var f = fixture()
        f.audit.team = ["tomasz"]
        f.programme.controls[1].roles.append(Fixture.role("tomasz", .implementer, "2021-01-01", "2021-06-30"))
        let p = proposal(f)
        #expect(picks(p) == ["A.6.2.6@claimsort": "tomasz"])
        #expect(p.unassignable.map(\.item.description) == ["A.6.2.8@claimsort"])
        #expect(p.unassignable.first?.reason == "every team member is blocked (tomasz IND-02)")
    }

    @Test func anItemThatNeedsACompetenceGoesToWhoHasIt() {
        var f = fixture()
        f.programme.controls[0].needs = ["ml-evaluation"]
        let i = f.programme.people.firstIndex { $0.id == "amara" }!
        f.programme.people[i].competences = ["ml-evaluation"]
        let p = proposal(f)
        #expect(picks(p)["A.6.2.6@claimsort"] == "amara")
        #expect(p.choices.first { $0.item.description == "A.6.2.6@claimsort" }?.reason == "independent of it; has ml-evaluation")
        // Nobody has it: still assigned, and the reason says so.
        f.programme.controls[1].needs = ["robotics"]
        #expect(proposal(f).choices.first { $0.item.description == "A.6.2.8@claimsort" }?.reason.contains("lacks robotics, as does everyone else") == true)
    }

    @Test func theLeadStaysOffTheAuditProcess() {
        var f = fixture()
        f.audit.scope = AuditScope(requirements: ["9.2"])
        let p = proposal(f)
        #expect(!p.choices.isEmpty)
        #expect(p.choices.allSatisfy { $0.auditor == "tomasz" })
    }

    @Test func fewerWarningsWinOverAnEvenLoad() {
        // Helen manages Daniel and owns both items (IND-05 warns Daniel); Paul is clean.
        var f = Fixture()
        f.audit.scope = AuditScope(systems: ["claimsort"], requirements: ["A.6.2.6", "A.6.2.8"])
        f.audit.team = ["daniel", "paul"]
        f.audit.lead = "paul"
        f.entry(roles: Fixture.role("helen", .owner))
        f.entry(requirement: "A.6.2.8", roles: Fixture.role("helen", .owner))
        let p = proposal(f)
        #expect(picks(p) == ["A.6.2.6@claimsort": "paul", "A.6.2.8@claimsort": "paul"])
        #expect(p.choices.allSatisfy { $0.warnings.isEmpty })
    }
}
