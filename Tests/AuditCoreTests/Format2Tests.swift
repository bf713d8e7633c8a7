import AuditCore
import Testing

/// Programme format 2's rules, each with the case a certification auditor found missing, and
/// the same facts giving format 1's verdicts alone.
@Suite struct Format2Tests {
    typealias F = Fixture

    /// The fixture as a format-2 programme, with Priya (data governance, under Ines) and Olivia
    /// (an external auditor from Northgate) in the pool.
    static func two() -> F {
        var f = F()
        f.programme.version = 2
        f.programme.people += [
            Person(id: "elif", name: "Elif Demir", unit: "data-science", manager: "ines"),
            Person(id: "priya", name: "Priya Raman", unit: "data-governance", manager: "ines", auditor: true),
            Person(id: "olivia", name: "Olivia Brandt", auditor: true, external: true, employer: "northgate"),
        ]
        f.programme.firms = [Firm(id: "northgate", name: "Northgate Assurance LLP")]
        return f
    }

    // MARK: - IND-19

    @Test func ind19PeersUnderTheSameManager() {
        var f = Self.two()
        // An organisation-wide entry owned by Kenji: Priya and Kenji both report to Ines.
        f.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        let v = f.verdicts("priya", "A.6.2.6")
        #expect(v.map { "\($0.rule.rawValue) \($0.level.rawValue)" } == ["IND-19 warn"])
        #expect(v.first?.reason == "Priya Raman and Kenji Mori, owner of A.6.2.6, both report to Ines Varga")
        // Format 1 has no such rule: the same facts give nothing.
        f.programme.version = 1
        #expect(f.rules("priya", "A.6.2.6").isEmpty)
    }

    @Test func ind19FromAFormerSharedManagerSaysWhenItEnded() {
        var f = Self.two()
        f.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        // Amara reported to Ines until the end of October; she reports to Paul now.
        f.programme.people[4].history = [Spell(manager: "ines", from: F.day("2024-01-01"), to: F.day("2026-10-31"))]
        let v = f.verdicts("amara", "A.6.2.6")
        #expect(v.map(\.rule) == [.ind19])
        #expect(v.first?.reason == "Amara Nwosu and Kenji Mori, owner of A.6.2.6, both reported to Ines Varga until 2026-10-31, 23 days before fieldwork")
    }

    // MARK: - Dated units and managers (IND-05 … IND-07)

    @Test func aFormerSharedUnitThatEndedWeeksBeforeFieldworkWarns() {
        var f = Self.two()
        f.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        // Amara was in Kenji's unit until three weeks before fieldwork.
        f.programme.people[4].history = [Spell(unit: "ml-platform", from: F.day("2023-06-01"), to: F.day("2026-11-02"))]
        let v = f.verdicts("amara", "A.6.2.6")
        #expect(v.map { "\($0.rule.rawValue) \($0.level.rawValue)" } == ["IND-07 warn"])
        #expect(v.first?.reason == "Amara Nwosu and Kenji Mori, owner of A.6.2.6, were both in unit ml-platform until 2026-11-02, 21 days before fieldwork")
        // Format 1 reads only the current unit.
        f.programme.version = 1
        #expect(f.rules("amara", "A.6.2.6").isEmpty)
    }

    @Test func aSharedUnitBeforeTheRangeIsPast() {
        // The range reaches back 12 months before fieldwork (2025-11-23), here before the
        // window's start (2025-10-01 is earlier, so the window's start it is).
        var f = Self.two()
        f.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        f.programme.people[4].history = [Spell(unit: "ml-platform", to: F.day("2025-09-30"))]
        #expect(f.rules("amara", "A.6.2.6").isEmpty)
        f.programme.people[4].history = [Spell(unit: "ml-platform", to: F.day("2025-10-01"))]
        #expect(f.rules("amara", "A.6.2.6") == ["IND-07 warn"])
        // The current unit holds from the day after the history ends, so a unit shared only
        // before the range, as Kenji's history now says, does not count.
        f.programme.people[7].history = [Spell(unit: "internal-audit", to: F.day("2025-06-30"))]
        f.programme.people[4].history = []
        #expect(f.rules("amara", "A.6.2.6").isEmpty)
    }

    @Test func ind05AndInd06FromAFormerDirectManager() {
        var f = Self.two()
        f.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        f.programme.people[4].history = [Spell(manager: "kenji", from: F.day("2025-01-01"), to: F.day("2026-06-30"))]
        let up = f.verdicts("amara", "A.6.2.6")
        #expect(up.map(\.rule) == [.ind05])
        #expect(up.first?.reason == "Kenji Mori, owner of A.6.2.6, was the manager of Amara Nwosu until 2026-06-30, 5 months before fieldwork")
        var g = Self.two()
        g.entry(nil, roles: F.role("kenji", .owner, "2024-01-01"))
        g.programme.people[7].history = [Spell(manager: "amara", to: F.day("2026-03-31"))]
        let down = g.verdicts("amara", "A.6.2.6")
        #expect(down.map(\.rule) == [.ind06])
        #expect(down.first?.reason == "Amara Nwosu was the manager of Kenji Mori, owner of A.6.2.6, until 2026-03-31, 8 months before fieldwork")
    }

    @Test func withoutHistoryFormat2KeepsFormat1sWordsForUnitsAndLines() {
        var f = Self.two()
        f.entry(roles: F.role("tomasz", .owner, "2023-02-01", "2026-01-31"), F.role("kenji", .owner, "2026-02-01"))
        let one = { () -> [Verdict] in var g = f; g.programme.version = 1; return g.verdicts("amara") }()
        let two = f.verdicts("amara")
        #expect(one.filter { $0.rule == .ind07 } == two.filter { $0.rule == .ind07 })
        // Format 2 adds the shared manager (both report to Paul).
        #expect(Set(two.map(\.rule)).subtracting(one.map(\.rule)) == [.ind19])
    }

    // MARK: - IND-12

    @Test func anExternalAuditorWhoseFirmAdvisedOnTheItemsSheAuditsIsWarned() {
        var f = Self.two()
        f.programme.firms[0].work = [FirmWork(kind: .advisory, items: ["A.6"], from: F.day("2026-01-15"), to: F.day("2026-02-15"))]
        f.entry()
        let v = f.verdicts("olivia")
        #expect(v.map { "\($0.rule.rawValue) \($0.level.rawValue)" } == ["IND-12 warn"])
        #expect(v.first?.reason == "Northgate Assurance LLP, the employer of Olivia Brandt, advised on A.6.2.6 for ClaimSort from 2026-01-15 to 2026-02-15, within 12 months before fieldwork")
        // Advice more than 12 months before fieldwork and before the window does not count.
        f.programme.firms[0].work = [FirmWork(kind: .advisory, items: ["A.6"], from: F.day("2025-01-01"), to: F.day("2025-09-30"))]
        #expect(f.rules("olivia").isEmpty)
    }

    @Test func ind12ImplementationBlocksEverAndOnlyTheItemsTheWorkNames() {
        var f = Self.two()
        f.programme.firms[0].work = [FirmWork(kind: .implementation, items: ["A.6.2.6@claimsort"], from: F.day("2019-01-01"), to: F.day("2019-06-30")),
                                     FirmWork(kind: .advisory, items: ["A.6.2.6"], from: F.day("2026-03-01"))]
        f.entry()
        f.entry("ava")
        let v = f.verdicts("olivia")
        #expect(v.map { "\($0.rule.rawValue) \($0.level.rawValue)" } == ["IND-12 block"])
        #expect(v.first?.reason == "Northgate Assurance LLP, the employer of Olivia Brandt, did implementation work on A.6.2.6 for ClaimSort from 2019-01-01 to 2019-06-30; Northgate Assurance LLP, the employer of Olivia Brandt, advised on A.6.2.6 for ClaimSort since 2026-03-01, within 12 months before fieldwork")
        // The same control for another system: the advice alone.
        #expect(f.rules("olivia", "A.6.2.6@ava") == ["IND-12 warn"])
        // An internal auditor with no employer is not judged by the firm's work.
        #expect(f.rules("amara").isEmpty)
    }

    // MARK: - IND-17

    @Test func competenceLackingOrExpiredWarns() {
        var f = Self.two()
        f.programme.controls.append(ControlEntry(requirement: "A.6.2.6", system: "claimsort", needs: ["ml-evaluation"],
                                                 roles: [F.role("kenji", .owner, "2024-01-01")]))
        let lacking = f.verdicts("olivia")
        #expect(lacking.map(\.rule) == [.ind17])
        #expect(lacking.first?.reason == "Olivia Brandt lacks ml-evaluation, which A.6.2.6 for ClaimSort needs")
        let i = f.programme.people.firstIndex { $0.id == "olivia" }!
        f.programme.people[i].competences = ["ml-evaluation"]
        #expect(f.rules("olivia").isEmpty)
        f.programme.people[i].competenceRecords = ["ml-evaluation": Competence(id: "ml-evaluation", expires: F.day("2026-05-01"))]
        #expect(f.verdicts("olivia").first?.reason == "Olivia Brandt's ml-evaluation competence expired on 2026-05-01, before fieldwork; A.6.2.6 for ClaimSort needs it")
        // Valid on the first day of fieldwork is enough.
        f.programme.people[i].competenceRecords["ml-evaluation"]?.expires = F.day("2026-11-23")
        #expect(f.rules("olivia").isEmpty)
        // Format 1 does not compare competences with needs.
        f.programme.people[i].competences = []
        f.programme.version = 1
        #expect(f.rules("olivia").isEmpty)
    }

    @Test func assignmentTakesAnExpiredCompetenceAsLacking() {
        var f = Self.two()
        f.programme.controls.append(ControlEntry(requirement: "A.6.2.6", system: "claimsort", needs: ["ml-evaluation"],
                                                 roles: [F.role("kenji", .owner, "2024-01-01")]))
        f.audit.team = ["amara", "olivia"]
        let i = f.programme.people.firstIndex { $0.id == "amara" }!, o = f.programme.people.firstIndex { $0.id == "olivia" }!
        f.programme.people[i].competences = ["ml-evaluation"]
        f.programme.people[i].competenceRecords = ["ml-evaluation": Competence(id: "ml-evaluation", expires: F.day("2025-12-31"))]
        f.programme.people[o].competences = ["ml-evaluation"]
        let choice = Assigner.propose(f.analysis(), in: f.programme).choices.first { $0.item.description == "A.6.2.6@claimsort" }
        #expect(choice?.auditor == "olivia")
    }

    // MARK: - IND-09

    @Test func theProgrammeOwnerMayNotAuditTheAuditProcess() {
        var f = Self.two()
        f.programme.organisation.owner = "paul"
        f.audit.scope = AuditScope(requirements: ["9.2", "9.3.1"])
        let v = f.verdicts("paul", "9.2.2")
        #expect(v.map { "\($0.rule.rawValue) \($0.level.rawValue)" } == ["IND-09 block"])
        #expect(v.first?.reason == "Paul Renner owns the audit programme, and 9.2.2 is the internal audit process itself")
        #expect(f.rules("paul", "9.2.1") == ["IND-09 block"])
        #expect(f.rules("paul", "9.3.1").isEmpty)
        #expect(f.rules("amara", "9.2.2").isEmpty)
        f.programme.version = 1
        #expect(f.rules("paul", "9.2.2").isEmpty)
    }

    // MARK: - IND-14 and IND-18

    @Test func anItemWithNoOwnerIsACheckWarningOncePerItem() {
        var f = Self.two()
        f.audit.scope = AuditScope(requirements: ["9.2"])
        f.entry(nil, requirement: "9.2.2", roles: F.role("paul", .owner, "2023-09-01"))
        f.audit.team = ["amara", "tomasz"]
        let problems = f.analysis().problems.filter { $0.message.hasPrefix("IND-14") }
        #expect(problems.map(\.message) == ["IND-14: 9.2.1 has no owner from 2025-10-01 to 2026-11-27 (no ownership role in the register, no AI system), so independence of its owners cannot be judged: name its owner in the register"])
        #expect(problems.allSatisfy { $0.level == .warning })
        // An owner whose role ended before the window is no owner of it.
        f.programme.controls[0].roles = [F.role("paul", .owner, "2020-01-01", "2025-09-30")]
        #expect(f.analysis().problems.filter { $0.message.hasPrefix("IND-14") }.count == 2)
        f.programme.version = 1
        #expect(f.analysis().problems.isEmpty)
    }

    @Test func aLeadBlockedOnMoreThanHalfIsACheckWarning() {
        var f = Self.two()
        // Three items; Ines, the lead, owns ClaimSort: blocked on two of three.
        f.programme.people[6].auditor = true
        f.entry()
        f.entry("ava")
        f.entry("talentlens")
        f.audit.lead = "ines"
        f.audit.team = ["ines", "amara"]
        f.programme.systems[2].owner = "ines"
        var problems = f.analysis().problems.map(\.message)
        #expect(problems == ["IND-18: the lead, Ines Varga (ines), is blocked on 2 of the 3 items of IA-2026-01, more than half: consider another lead"])
        // Exactly half is not more than half.
        f.entry("claimsort", requirement: "A.6.2.7")
        f.entry("claimsort", requirement: "A.6.2.8")
        f.audit.scope = AuditScope(requirements: ["A.6.2.6", "A.6.2.7"])
        f.programme.systems[2].owner = "sofia"
        problems = f.analysis().problems.map(\.message)
        #expect(f.analysis().checklist.count == 4)
        #expect(problems.isEmpty, "\(problems)")
        f.programme.version = 1
        f.audit.scope = AuditScope(requirements: ["A.6.2.6"])
        f.programme.systems[2].owner = "ines"
        #expect(f.analysis().problems.isEmpty)
    }
}
