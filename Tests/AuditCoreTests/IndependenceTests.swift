import AuditCore
import Testing

@Suite struct IndependenceTests {
    typealias F = Fixture

    @Test func ind01CurrentOwnerIsBlockedWithAReasonNamingPersonRoleDateAndControl() {
        var f = F()
        f.entry(roles: F.role("amara", .owner, "2024-03-01"))
        let v = f.verdicts("amara")
        #expect(v.map(\.rule) == [.ind01])
        #expect(v.first?.level == .block)
        #expect(v.first?.reason == "Amara Nwosu is owner of A.6.2.6 for ClaimSort since 2024-03-01")
    }

    @Test(arguments: [RoleKind.owner, .operator, .approver])
    func ind01AnyOwnershipRoleOverlappingTheWindow(kind: RoleKind) {
        var f = F()
        // Ended inside the audited period: still IND-01, in the past tense.
        f.entry(roles: F.role("tomasz", kind, "2023-02-01", "2026-01-31"))
        let v = f.verdicts("tomasz")
        #expect(v.map(\.rule) == [.ind01])
        #expect(v.first?.reason == "Tomasz Wierzbicki was \(kind.rawValue) of A.6.2.6 for ClaimSort from 2023-02-01 to 2026-01-31")
    }

    @Test func ind01RoleStartingAfterTheWindowDoesNotCount() {
        var f = F()
        f.entry(roles: F.role("amara", .owner, "2026-12-01"))
        #expect(f.rules("amara").isEmpty)
    }

    @Test func ind01OwnerOfTheSystem() {
        var f = F()
        f.programme.people.append(Person(id: "ines2", name: "Ines Two"))
        f.entry()
        let v = f.verdicts("ines")
        #expect(v.map(\.rule) == [.ind01])
        #expect(v.first?.reason == "Ines Varga owns the AI system ClaimSort")
        // The same control for another system is free.
        f.entry("ava")
        #expect(f.rules("ines", "A.6.2.6@ava").isEmpty)
    }

    @Test func ind02EverImplementerBlocksEvenLongAgo() {
        var f = F()
        f.entry(roles: F.role("amara", .implementer, "2019-01-01", "2019-06-30"))
        let v = f.verdicts("amara")
        #expect(v.map(\.rule) == [.ind02])
        #expect(v.first?.level == .block)
        #expect(v.first?.reason == "Amara Nwosu was implementer of A.6.2.6 for ClaimSort from 2019-01-01 to 2019-06-30")
    }

    @Test func ind03RoleEndedBeforeTheWindowWithinCoolingOff() {
        var f = F()
        f.audit.period = ClosedDays(from: F.day("2026-02-01"), to: F.day("2026-10-31"))
        f.entry(roles: F.role("tomasz", .owner, "2023-02-01", "2026-01-31"))
        let v = f.verdicts("tomasz")
        #expect(v.map(\.rule) == [.ind03])
        #expect(v.first?.level == .block)
        #expect(v.first?.reason.hasPrefix("Tomasz Wierzbicki was owner of A.6.2.6 for ClaimSort until 2026-01-31, 10 months before fieldwork") == true)
    }

    @Test func ind03AndInd04MeetAtTheCoolingOffBoundary() {
        // Fieldwork 2026-11-23, 12 months: a role ended on 2025-11-23 is within, one a day earlier is not.
        var f = F()
        f.audit.period = ClosedDays(from: F.day("2026-02-01"), to: F.day("2026-10-31"))
        f.entry(roles: F.role("tomasz", .operator, "2020-01-01", "2025-11-23"))
        #expect(f.rules("tomasz") == ["IND-03 block"])
        var g = F()
        g.audit.period = f.audit.period
        g.entry(roles: F.role("tomasz", .operator, "2020-01-01", "2025-11-22"))
        #expect(g.rules("tomasz") == ["IND-04 info"])
        #expect(g.verdicts("tomasz").first?.reason.contains("beyond the 12-month cooling-off") == true)
    }

    @Test func coolingOffIsConfigurable() {
        var f = F()
        f.programme.settings.coolingOffMonths = 24
        f.audit.period = ClosedDays(from: F.day("2026-02-01"), to: F.day("2026-10-31"))
        f.entry(roles: F.role("tomasz", .owner, "2020-01-01", "2025-01-31"))
        #expect(f.rules("tomasz") == ["IND-03 block"])
    }

    @Test func ind05OwnerAboveTheAuditor() {
        var f = F()
        f.entry(nil, requirement: "A.6.2.6", roles: F.role("helen", .owner, "2024-01-01"))
        let v = f.verdicts("daniel", "A.6.2.6")
        #expect(v.map(\.rule) == [.ind05, .ind07])
        #expect(v.first?.level == .warn)
        #expect(v.first?.reason == "Helen Achebe, owner of A.6.2.6, is above Daniel Osei in the reporting line (Daniel Osei → Helen Achebe)")
    }

    @Test func ind05ReachesUpTheWholeChain() {
        var f = F()
        f.entry(nil, requirement: "A.6.2.6", roles: F.role("james", .approver))
        #expect(f.rules("daniel", "A.6.2.6") == ["IND-05 warn"])
        #expect(f.verdicts("daniel", "A.6.2.6").first?.reason.hasSuffix("(Daniel Osei → Helen Achebe → James Whitcombe)") == true)
    }

    @Test func ind06AuditorAboveAnOwner() {
        var f = F()
        f.entry(nil, requirement: "A.6.2.6", roles: F.role("ravi", .owner, "2024-01-01"))
        let v = f.verdicts("sofia", "A.6.2.6")
        #expect(v.map(\.rule) == [.ind06, .ind07])
        #expect(v.first?.reason == "Sofia Lindqvist is above Ravi Chandra, owner of A.6.2.6, in the reporting line (Ravi Chandra → Sofia Lindqvist)")
    }

    @Test func ind07SameUnit() {
        var f = F()
        f.entry(nil, requirement: "A.6.2.6", roles: F.role("tomasz", .operator))
        let v = f.verdicts("amara", "A.6.2.6")
        #expect(v.map(\.rule) == [.ind07])
        #expect(v.first?.reason == "Amara Nwosu and Tomasz Wierzbicki, operator of A.6.2.6, are both in unit internal-audit")
    }

    @Test func ind08AdvisorWithinTwelveMonths() {
        var f = F()
        f.entry(roles: F.role("amara", .advisor, "2026-07-01", "2026-07-31"))
        let v = f.verdicts("amara")
        #expect(v.map(\.rule) == [.ind08])
        #expect(v.first?.level == .warn)
        #expect(v.first?.reason == "Amara Nwosu was advisor on A.6.2.6 for ClaimSort from 2026-07-01 to 2026-07-31, within 12 months before fieldwork")
        var old = F()
        old.entry(roles: F.role("amara", .advisor, "2024-01-01", "2024-12-31"))
        #expect(old.rules("amara").isEmpty)
    }

    @Test func ind10MaterialConflictWithSupplierSystemOrOwner() {
        var f = F()
        f.entry("talentlens")
        f.programme.conflicts = [Conflict(person: "daniel", with: .supplier("brightpath"), material: true, note: "Spouse employed by the supplier")]
        let v = f.verdicts("daniel", "A.6.2.6@talentlens")
        #expect(v.map(\.rule) == [.ind10])
        #expect(v.first?.level == .block)
        #expect(v.first?.reason == "Daniel Osei declared a material conflict with supplier Brightpath Analytics, supplier of TalentLens: Spouse employed by the supplier")

        var s = F()
        s.entry("ava")
        s.programme.conflicts = [Conflict(person: "amara", with: .system("ava"), material: true)]
        #expect(s.rules("amara", "A.6.2.6@ava") == ["IND-10 block"])
        #expect(s.rules("amara").isEmpty)

        var o = F()
        o.entry(roles: F.role("kenji", .owner, "2026-02-01"))
        o.programme.conflicts = [Conflict(person: "amara", with: .person("kenji"), material: true)]
        #expect(o.rules("amara") == ["IND-10 block"])
    }

    @Test func ind11NonMaterialConflictWarns() {
        var f = F()
        f.entry(roles: F.role("kenji", .owner, "2026-02-01"))
        f.programme.conflicts = [Conflict(person: "amara", with: .person("kenji"), material: false, note: "Former team-mate")]
        let v = f.verdicts("amara")
        #expect(v.map(\.rule) == [.ind11])
        #expect(v.first?.reason == "Amara Nwosu declared a non-material conflict with Kenji Mori, owner of A.6.2.6 for ClaimSort: Former team-mate")
    }

    @Test func conflictWithAPersonWhoOwnsNothingHereIsSilent() {
        var f = F()
        f.entry(roles: F.role("kenji", .owner, "2019-01-01", "2019-12-31"))
        f.programme.conflicts = [Conflict(person: "amara", with: .person("kenji"), material: true)]
        #expect(f.rules("amara").isEmpty)
    }

    @Test func smallOrganisationModeTurnsOwnershipBlocksIntoWarnings() {
        var f = F(smallOrg: true)
        f.entry(roles: F.role("amara", .owner, "2024-03-01"))
        let v = f.verdicts("amara")
        #expect(v.map(\.rule) == [.ind01])
        #expect(v.first?.level == .warn)
        #expect(v.first?.reason.contains("safeguard") == true)
        // Implementation (IND-02) and material conflicts (IND-10) stay blocks.
        var g = F(smallOrg: true)
        g.entry(roles: F.role("amara", .implementer, "2024-01-01"))
        #expect(g.rules("amara") == ["IND-02 block"])
    }

    @Test func independentAuditorHasNoVerdicts() {
        var f = F()
        f.entry(roles: F.role("kenji", .owner, "2024-01-01"), F.role("tomasz", .advisor, "2020-01-01", "2020-02-01"))
        #expect(f.rules("tomasz").isEmpty)
        #expect(f.rules("paul").isEmpty)
    }

    @Test func onlyTheSpecRulesEverAppear() {
        #expect(Rule.allCases.map(\.rawValue) == ["IND-01", "IND-02", "IND-03", "IND-04", "IND-05", "IND-06", "IND-07", "IND-08",
                                                  "IND-09", "IND-10", "IND-11", "IND-12", "IND-17", "IND-19"])
    }
}

@Suite struct ChecklistTests {
    typealias F = Fixture

    @Test func scopePrefixesStopAtDots() {
        var f = F()
        f.audit.scope = AuditScope(requirements: ["9.2", "1"])
        let keys = Derive.checklist(of: f.audit, in: f.programme).map(\.key.description).sorted()
        #expect(keys == ["9.2.1", "9.2.2"])
    }

    @Test func everyClauseRequirementIsOnTheChecklistOnce() {
        var f = F()
        f.audit.scope = AuditScope(requirements: ["4", "5", "6", "7", "8", "9", "10"])
        f.entry(nil, requirement: "9.2.2", roles: F.role("paul", .owner))
        let items = Derive.checklist(of: f.audit, in: f.programme)
        #expect(items.count == 32)
        #expect(items.filter { $0.key.description == "9.2.2" }.count == 1)
        #expect(items.first { $0.key.description == "9.2.2" }?.owners.map(\.person) == ["paul"])
    }

    @Test func registerEntriesInScopeOnePerSystem() {
        var f = F()
        f.audit.scope = AuditScope(systems: ["claimsort", "ava"], requirements: ["A.6.2.6"])
        f.entry("claimsort")
        f.entry("ava")
        f.entry("talentlens")
        let keys = Derive.checklist(of: f.audit, in: f.programme).map(\.key.description).sorted()
        #expect(keys == ["A.6.2.6@ava", "A.6.2.6@claimsort"])
    }

    @Test func exclusionsStayOnTheChecklist() {
        var f = F()
        f.programme.controls.append(ControlEntry(requirement: "A.6.2.6", system: "ava", applicable: false, justification: "Not operated"))
        let item = Derive.checklist(of: f.audit, in: f.programme).first
        #expect(item?.isExclusion == true)
    }

    @Test func undecidedAnnexControlIsAnError() {
        var f = F()
        f.audit.scope = AuditScope(requirements: ["A.6.2.6", "A.6.2.7"])
        f.entry()
        let problems = f.analysis().problems.filter { $0.level == .error }
        #expect(problems.count == 1)
        #expect(problems.first?.message.hasPrefix("A.6.2.7 AI system technical documentation is in the scope of IA-2026-01 but the control register never decides it") == true)
    }

    @Test func blockedAssignmentIsAnErrorNamingWhoElseCouldAudit() {
        var f = F()
        f.entry("ava")
        f.audit.team = ["amara", "sofia", "paul"]
        f.audit.assign = [Assignment(item: ItemKey("A.6.2.6@ava")!, auditor: "sofia", location: SourceLocation(line: 40, column: 9))]
        let a = f.analysis()
        let errors = a.problems.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.location == SourceLocation(line: 40, column: 9))
        #expect(errors.first?.message == "A.6.2.6@ava is assigned to sofia, who may not audit it (IND-01: Sofia Lindqvist owns the AI system Ava). Independent in the team: amara, paul.")
        #expect(a.checklist.first { $0.key == ItemKey("A.6.2.6@ava")! }?.auditor == "sofia")
    }

    @Test func cleanAssignmentIsNoProblem() {
        var f = F()
        f.entry("ava")
        f.audit.assign = [Assignment(item: ItemKey("A.6.2.6@ava")!, auditor: "amara")]
        #expect(f.analysis().problems.isEmpty)
    }

    @Test func itemNobodyCanAuditIsAWarning() {
        var f = F()
        f.entry(roles: F.role("amara", .owner, "2024-01-01"))
        #expect(f.analysis().problems.map(\.level) == [.warning])
    }

    @Test func everyTeamMemberTimesEveryItemIsJudged() {
        var f = F()
        f.audit.scope = AuditScope(requirements: ["A.6.2.6", "9.2"])
        f.audit.team = ["amara", "sofia", "daniel"]
        f.entry("ava")
        f.entry(nil, requirement: "9.2.2", roles: F.role("helen", .owner))
        let a = f.analysis()
        #expect(Set(a.verdicts.map(\.auditor)) == ["sofia", "daniel"])
        #expect(Set(a.verdicts.map(\.item.description)) == ["A.6.2.6@ava", "9.2.2"])
    }
}
