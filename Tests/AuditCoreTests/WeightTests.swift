import AuditCore
import Testing

@Suite struct WeightTests {
    func item(_ f: Fixture, _ key: String = "A.6.2.6@claimsort") -> ChecklistItem {
        Derive.checklist(of: f.audit, in: f.programme).first { $0.key == ItemKey(key)! }!
    }

    /// DOMAIN.md §6.3: ClaimSort A.6.2.6, I 4, C 5, a closed minor 14 months (426 days) ago, moderate change.
    @Test func workedExampleClaimSort() {
        var f = Fixture()
        f.entry(criticality: 5, change: .moderate)
        f.programme.history = [HistoryEntry(audit: "IA-2025-02", date: Fixture.day("2025-09-23"),
                                            item: ItemKey("A.6.2.6@claimsort")!, grade: .minor, status: .closed)]
        let w = item(f).weight
        #expect((w.I, w.C, w.F, w.D) == (4, 5, 2, 1))
        #expect(abs(w.T - 426 / 1095.75) < 1e-9)
        #expect(w.score == 63.3)
        #expect(w.tier == .B)
    }

    /// DOMAIN.md §6.3: the same control for Ava: I 3, C 5, never audited, significant change → 60, tier B.
    @Test func workedExampleAva() {
        var f = Fixture()
        f.entry("ava", criticality: 5, change: .significant)
        let w = item(f, "A.6.2.6@ava").weight
        #expect((w.I, w.C, w.F, w.T, w.D) == (3, 5, 0, 1, 2))
        #expect(w.score == 60)
        #expect(w.tier == .B)
    }

    @Test func inherentRiskComesFromTheSystemOrTheHighestInScope() {
        var f = Fixture()
        f.entry(nil)
        #expect(item(f, "A.6.2.6").weight.I == 5)
        f.audit.scope.systems = ["claimsort", "ava"]
        #expect(item(f, "A.6.2.6").weight.I == 4)
        f.entry("ava")
        #expect(item(f, "A.6.2.6@ava").weight.I == 3)
    }

    @Test func criticalityDefaultsToThreeWithoutAnEntry() {
        var f = Fixture()
        f.audit.scope = AuditScope(requirements: ["9.2"])
        let clause = item(f, "9.2.2")
        #expect(clause.entry == nil)
        #expect(clause.weight.C == 3)
        #expect(clause.weight.D == 0)
        f.entry(nil, requirement: "9.2.2", criticality: 5)
        #expect(item(f, "9.2.2").weight.C == 5)
    }

    @Test(arguments: [
        ([Grade](), [FindingStatus?](), 0),
        ([.conform], [nil], 0),
        ([.ofi], [nil], 1),
        ([.observation], [nil], 1),
        ([.minor], [.closed], 2),
        ([.minor], [.open], 3),
        ([.minor, .minor], [.closed, .closed], 3),
        ([.major], [.closed], 4),
        ([.ofi, .major], [nil, .closed], 4),
    ])
    func findingsFactor(grades: [Grade], statuses: [FindingStatus?], expected: Int) {
        let history = zip(grades, statuses).map {
            HistoryEntry(audit: "IA-1", date: Fixture.day("2025-01-01"), item: ItemKey("A.6.2.6")!, grade: $0, status: $1)
        }
        #expect(Weight.findings(history) == expected)
    }

    @Test func recencyByTheDaysRule() {
        let start = Fixture.day("2026-11-23")
        #expect(Weight.recency(lastAudited: nil, fieldworkStart: start) == 1)
        #expect(Weight.recency(lastAudited: Fixture.day("2023-11-23"), fieldworkStart: start) == 1)
        #expect(Weight.recency(lastAudited: Fixture.day("2026-11-23"), fieldworkStart: start) == 0)
        #expect(Weight.recency(lastAudited: Fixture.day("2027-01-01"), fieldworkStart: start) == 0)
        #expect(abs(Weight.recency(lastAudited: Fixture.day("2025-11-23"), fieldworkStart: start) - 365 / 1095.75) < 1e-12)
    }

    @Test func latestHistoryDateSetsRecency() {
        var f = Fixture()
        f.entry()
        let key = ItemKey("A.6.2.6@claimsort")!
        f.programme.history = [
            HistoryEntry(audit: "a", date: Fixture.day("2024-11-23"), item: key, grade: .conform),
            HistoryEntry(audit: "b", date: Fixture.day("2025-11-23"), item: key, grade: .conform),
        ]
        #expect(item(f).weight.lastAudited == Fixture.day("2025-11-23"))
    }

    @Test func changeFactor() {
        #expect(Change.none.factor == 0)
        #expect(Change.moderate.factor == 1)
        #expect(Change.significant.factor == 2)
    }

    @Test func tiersAndOverrides() {
        #expect(Weight(I: 5, C: 5, F: 0, T: 1, D: 0).score == 65)
        #expect(Weight(I: 5, C: 5, F: 0, T: 1, D: 0).tier == .A)
        #expect(Weight(I: 4, C: 5, F: 0, T: 0, D: 0).tier == .B)          // 40
        #expect(Weight(I: 4, C: 4, F: 0, T: 1, D: 0).tier == .B)          // 47
        #expect(Weight(I: 1, C: 1, F: 0, T: 0, D: 0).tier == .C)          // 2
        #expect(Weight(I: 1, C: 1, F: 4, T: 0, D: 0).tier == .A)          // major forces A
        #expect(Weight(I: 1, C: 1, F: 4, T: 0, D: 0).tierOverride != nil)
        #expect(Weight(I: 1, C: 1, F: 0, T: 0, D: 2).tier == .B)          // significant change: at least B
        #expect(Weight(I: 5, C: 5, F: 4, T: 1, D: 2).tier == .A)
        #expect(Weight(I: 5, C: 5, F: 4, T: 1, D: 2).score == 100)
    }

    @Test func checklistOrderIsTierThenScoreThenKey() {
        var f = Fixture()
        f.audit.scope = AuditScope(requirements: ["A.6.2"])
        f.entry("claimsort", requirement: "A.6.2.8", criticality: 1)
        f.entry("ava", requirement: "A.6.2.8", criticality: 1)
        f.entry("talentlens", requirement: "A.6.2.4", criticality: 5)
        f.entry("claimsort", requirement: "A.6.2.5", criticality: 1, change: .significant)
        let items = Derive.checklist(of: f.audit, in: f.programme)
        for (a, b) in zip(items, items.dropFirst()) {
            #expect(a.weight.tier < b.weight.tier || (a.weight.tier == b.weight.tier
                && (a.weight.score > b.weight.score || (a.weight.score == b.weight.score && a.key < b.key))))
        }
        #expect(items.first?.key.description == "A.6.2.4@talentlens")
    }
}
