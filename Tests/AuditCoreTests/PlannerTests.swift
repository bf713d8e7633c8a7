import AuditCore
import Testing

/// The programme plan against its planned audits: an audit of an item is covered in time, late
/// (naming the audit and by how much) or not at all, and each audit sits in its own quarter.
@Suite struct PlannerTests {
    static let from = Fixture.day("2026-01-01")

    /// One register entry, A.6.2.6 for a system, last audited on `last`; the fixture's one audit
    /// (IA-2026-01, which has A.6.2.6 in scope) with its fieldwork ending on `fieldworkEnds`.
    func programme(system: String = "claimsort", criticality: Int = 5, change: Change = .none, last: String?,
                   grade: Grade = .conform, status: FindingStatus? = nil, fieldworkEnds: String) -> Programme {
        var f = Fixture()
        f.entry(system, criticality: criticality, change: change)
        if let last {
            f.programme.history = [HistoryEntry(audit: "IA-0", date: Fixture.day(last),
                                                item: ItemKey(requirement: "A.6.2.6", system: system), grade: grade, status: status)]
        }
        let end = Fixture.day(fieldworkEnds)
        f.audit.fieldwork = ClosedDays(from: end.adding(days: -4), to: end)
        return f.programme
    }

    func line(_ plan: Planner.Plan, _ key: String = "A.6.2.6@claimsort") throws -> Planner.Line {
        try #require(plan.lines.first { $0.item.key == ItemKey(key)! })
    }

    /// "IA-2026-01 2026-11-27 262": the covering audit, its last day, the days late.
    func cover(_ o: Planner.Occurrence) -> String? { o.cover.map { "\($0.audit) \($0.day) \($0.daysLate)" } }

    @Test func anAuditAfterTheDueDateCoversTheItemLateNamingTheAuditAndTheDays() throws {
        // Tier B (18 months): last audited 2024-09-10, so due by 2026-03-10; the audit ends 2026-11-27.
        let plan = Planner.plan(programme(last: "2024-09-10", fieldworkEnds: "2026-11-27"), from: Self.from, years: 3)
        let line = try line(plan)
        #expect(line.tier == .B)
        let first = try #require(line.occurrences.first)
        #expect(first.due == Fixture.day("2026-03-10"))
        #expect(cover(first) == "IA-2026-01 2026-11-27 262")
        #expect(first.quarter.description == "2026-Q4")
        // Late, not missing: the programme's outcome says so, and nothing is uncovered.
        #expect(plan.late.map(\.item) == [line.item.key])
        #expect(plan.uncovered.isEmpty)
        #expect(plan.outcome == .late)
        // The next audit counts from the day the late one ends.
        #expect(line.occurrences[1].due == Fixture.day("2028-05-27"))
    }

    @Test func inTimeIsNeitherLateNorUncovered() throws {
        // Never audited, tier B: due 18 months after the cycle starts, well after the audit.
        let plan = Planner.plan(programme(last: nil, fieldworkEnds: "2026-11-27"), from: Self.from, years: 3)
        let first = try #require(try line(plan).occurrences.first)
        #expect(first.cover?.audit == "IA-2026-01" && first.cover?.late == false && first.cover?.daysLate == 0)
        #expect(plan.late.isEmpty && plan.uncovered.isEmpty && plan.outcome == .inTime)
    }

    @Test func anAuditLaterThanAWholeGapLeavesTheAuditDueUncoveredAndServesTheNext() throws {
        // Due by 2026-03-10; an audit in October 2027 is more than 18 months after that: the
        // first audit is missed (proposed in the first quarter), the second is the late one.
        let plan = Planner.plan(programme(last: "2024-09-10", fieldworkEnds: "2027-10-15"), from: Self.from, years: 3)
        let line = try line(plan)
        #expect(line.occurrences[0].cover == nil && line.occurrences[0].quarter.description == "2026-Q1")
        #expect(plan.uncovered.filter { $0.item == line.item.key }.map(\.occurrence.due) == [Fixture.day("2026-03-10")])
        let second = line.occurrences[1]
        #expect(second.due == Fixture.day("2027-09-30"))
        #expect(cover(second) == "IA-2026-01 2027-10-15 15")
        // Something uncovered outweighs something late.
        #expect(plan.outcome == .uncovered)
    }

    @Test func anAuditSitsInTheQuarterOfItsFieldworkOnly() throws {
        // Never audited, tier B: left to itself the plan would propose the first, least loaded
        // quarter; the planned audit in 2026-Q4 takes it, and the load is counted there.
        let plan = Planner.plan(programme(last: nil, fieldworkEnds: "2026-11-27"), from: Self.from, years: 3)
        let line = try line(plan)
        for o in line.occurrences { if let c = o.cover { #expect(o.quarter == Quarter(c.day)) } }
        #expect(line.occurrences.filter { $0.cover != nil }.map(\.quarter.description) == ["2026-Q4"])
        var unplanned = programme(last: nil, fieldworkEnds: "2026-11-27")
        unplanned.audits = []
        #expect(try self.line(Planner.plan(unplanned, from: Self.from, years: 3)).occurrences[0].quarter.description == "2026-Q1")
        // A quarter's load: the items on its planned audits' checklists, and the audits proposed in it.
        let p = programme(last: nil, fieldworkEnds: "2026-11-27")
        let onAudit = Derive.checklist(of: p.audits[0], in: p).count
        #expect(plan.audits.map(\.items) == [onAudit])
        let proposed = plan.lines.flatMap(\.occurrences).filter { $0.cover == nil }
        #expect(plan.load.values.reduce(0, +) == onAudit + proposed.count)
        #expect(plan.load[Quarter(Fixture.day("2026-11-27"))] == onAudit + proposed.filter { $0.quarter.description == "2026-Q4" }.count)
        #expect(plan.audits.map(\.quarter.description) == ["2026-Q4"])
        // The next audit counts from the planned audit's last day, not from a proposed quarter.
        #expect(line.occurrences[1].due == Fixture.day("2028-05-27"))
    }

    @Test func anAuditOutsideTheCycleIsNotCheckedAgainstIt() throws {
        let plan = Planner.plan(programme(last: "2024-09-10", fieldworkEnds: "2025-11-27"), from: Self.from, years: 3)
        #expect(plan.audits.isEmpty && plan.outside.map(\.id) == ["IA-2026-01"])
        #expect(plan.horizon == nil && plan.outcome == .inTime)
        #expect(try line(plan).occurrences.allSatisfy { $0.cover == nil })
    }

    @Test func theTierIsJudgedAsOfTheCycleStartAndThePlannedAuditsTierIsKeptBeside() throws {
        // TalentLens (I 5), criticality 4, moderate change, an open minor (F 3) found 2025-09-23, as
        // A.5.3@talentlens in the sample: at the cycle's start the time since is short (tier B);
        // by the audit's fieldwork it has grown (tier A).
        let p = programme(system: "talentlens", criticality: 4, change: .moderate, last: "2025-09-23", grade: .minor, status: .open,
                          fieldworkEnds: "2026-11-27")
        let plan = Planner.plan(p, from: Self.from, years: 3)
        let item = try line(plan, "A.6.2.6@talentlens")
        #expect(plan.tiersAsOf == Self.from)
        #expect(item.tier == .B && item.item.weight.score == 63.9)
        let onAudit = try #require(item.onAudits.first)
        #expect(onAudit.audit == "IA-2026-01" && onAudit.asOf == Fixture.day("2026-11-23"))
        // The same weight the audit's own checklist gives it.
        let checklist = try #require(Derive.checklist(of: p.audits[0], in: p).first { $0.key == item.item.key })
        #expect(onAudit.weight == checklist.weight)
        #expect(onAudit.weight.tier == .A && onAudit.weight.score == 68.3)
        #expect(item.otherTiers.map(\.audit) == ["IA-2026-01"])
        // An item in the same tier on both is not listed as different.
        let same = try line(Planner.plan(programme(last: nil, fieldworkEnds: "2026-11-27"), from: Self.from, years: 3))
        #expect(same.onAudits.count == 1 && same.otherTiers.isEmpty)
    }
}
