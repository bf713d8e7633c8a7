import AuditCore

/// A small programme built in code: the people, systems and one audit that the rule tests vary.
struct Fixture {
    var programme: Programme

    static func day(_ s: String) -> Day { Day(iso: s)! }

    init(smallOrg: Bool = false) {
        programme = Programme(
            organisation: Organisation(name: "Harbourline Mutual"),
            settings: Settings(coolingOffMonths: 12, smallOrgMode: smallOrg),
            people: [
                Person(id: "james", name: "James Whitcombe", unit: "executive"),
                Person(id: "helen", name: "Helen Achebe", unit: "risk", manager: "james"),
                Person(id: "daniel", name: "Daniel Osei", unit: "risk", manager: "helen", auditor: true),
                Person(id: "paul", name: "Paul Renner", unit: "internal-audit", manager: "james", auditor: true),
                Person(id: "amara", name: "Amara Nwosu", unit: "internal-audit", manager: "paul", auditor: true),
                Person(id: "tomasz", name: "Tomasz Wierzbicki", unit: "internal-audit", manager: "paul", auditor: true),
                Person(id: "ines", name: "Ines Varga", unit: "data-science", manager: "james"),
                Person(id: "kenji", name: "Kenji Mori", unit: "ml-platform", manager: "ines"),
                Person(id: "sofia", name: "Sofia Lindqvist", unit: "customer-service", manager: "james", auditor: true),
                Person(id: "ravi", name: "Ravi Chandra", unit: "customer-service", manager: "sofia"),
            ],
            suppliers: [Supplier(id: "brightpath", name: "Brightpath Analytics")],
            systems: [
                AISystem(id: "claimsort", name: "ClaimSort", owner: "ines", inherentRisk: 4),
                AISystem(id: "talentlens", name: "TalentLens", owner: "kenji", inherentRisk: 5, supplier: "brightpath"),
                AISystem(id: "ava", name: "Ava", owner: "sofia", inherentRisk: 3),
            ],
            audits: [Audit(
                id: "IA-2026-01", title: "Operations", objectives: "Test", criteria: ["ISO/IEC 42001"],
                scope: AuditScope(requirements: ["A.6.2.6"]),
                period: ClosedDays(from: Fixture.day("2025-10-01"), to: Fixture.day("2026-09-30")),
                fieldwork: ClosedDays(from: Fixture.day("2026-11-23"), to: Fixture.day("2026-11-27")),
                lead: "amara", team: ["amara"])])
    }

    var audit: Audit {
        get { programme.audits[0] }
        set { programme.audits[0] = newValue }
    }

    /// Adds a register entry for A.6.2.6 (for a system, or organisation-wide) with these roles.
    mutating func entry(_ system: String? = "claimsort", requirement: String = "A.6.2.6", criticality: Int = 3,
                        change: Change = .none, roles: Role...) {
        programme.controls.append(ControlEntry(requirement: requirement, system: system, criticality: criticality,
                                               change: change, roles: roles))
    }

    static func role(_ person: String, _ kind: RoleKind, _ from: String? = nil, _ to: String? = nil) -> Role {
        Role(person: person, role: kind, from: from.map(day), to: to.map(day))
    }

    func analysis() -> AuditAnalysis { Derive.analyse(audit, in: programme) }

    /// The verdicts of one auditor on one item.
    func verdicts(_ auditor: String, _ key: String = "A.6.2.6@claimsort") -> [Verdict] {
        var copy = self
        if !copy.audit.team.contains(auditor) { copy.audit.team.append(auditor) }
        return copy.analysis().verdicts.filter { $0.auditor == auditor && $0.item == ItemKey(key)! }
    }

    func rules(_ auditor: String, _ key: String = "A.6.2.6@claimsort") -> [String] {
        verdicts(auditor, key).map { "\($0.rule.rawValue) \($0.level.rawValue)" }
    }
}
