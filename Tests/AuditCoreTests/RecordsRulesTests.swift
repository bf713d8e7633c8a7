import AuditCore
import Testing

/// AuditCore's rules for what a certification auditor checks in the records: repeats of earlier
/// results, samples as records (GR-8 and the extension of a sample), the plan as of a day.
@Suite struct RecordsRulesTests {
    static let item = "A.6.2.6@claimsort"
    static func day(_ s: String) -> Day { Day(iso: s)! }
    static func earlier(_ audit: String, _ date: String, _ grade: Grade, _ status: FindingStatus? = nil) -> EarlierResult {
        EarlierResult(audit: audit, date: day(date), grade: grade, status: status)
    }

    /// A minor after a nonconformity is to be considered for major; an observation after an
    /// observation for minor; a major repeats with nothing graver; a conformity or an improvement
    /// opportunity, before or now, is no repeat.
    @Test func whatRepeatsAndWhatToConsider() {
        let openMinor = Self.earlier("IA-2025-02", "2025-09-23", .minor, .open)
        #expect(Recurrence.repeatOf(.minor, earlier: [openMinor])?.consider == .major)
        #expect(Recurrence.repeatOf(.minor, earlier: [openMinor])?.words.contains("not corrected since an earlier audit") == true)
        let closedMinor = Self.earlier("IA-2025-02", "2025-09-23", .minor, .closed)
        #expect(Recurrence.repeatOf(.minor, earlier: [closedMinor])?.words.contains("a cause not removed") == true)
        let observation = Self.earlier("IA-2025-01", "2025-03-10", .observation)
        #expect(Recurrence.repeatOf(.observation, earlier: [observation])?.consider == .minor)
        let afterObservation = Recurrence.repeatOf(.minor, earlier: [observation])
        #expect(afterObservation != nil && afterObservation?.consider == nil)
        #expect(afterObservation?.words.contains("has become a nonconformity") == true)
        #expect(Recurrence.repeatOf(.major, earlier: [openMinor])?.consider == nil)
        #expect(Recurrence.repeatOf(.major, earlier: [openMinor]) != nil)
        for grade in [Grade.ofi, .conform, .notAudited, .notApplicable] { #expect(Recurrence.repeatOf(grade, earlier: [openMinor]) == nil) }
        let quiet = [Self.earlier("IA-2025-01", "2025-03-10", .conform), Self.earlier("IA-2025-02", "2025-09-23", .ofi)]
        #expect(Recurrence.repeatOf(.minor, earlier: quiet) == nil)
    }

    /// The history's entries of earlier audits only; the carried finding of an earlier workpaper
    /// joins its history entry (its text taken in) or stands alone.
    @Test func earlierResultsFromTheHistoryAndAnEarlierWorkpaper() {
        var f = Fixture()
        let key = ItemKey(Self.item)!
        f.programme.history = [
            HistoryEntry(audit: "IA-2025-02", date: Self.day("2025-09-23"), item: key, grade: .minor, status: .open),
            HistoryEntry(audit: "IA-2026-01", date: Self.day("2026-11-27"), item: key, grade: .major, status: .open),   // this audit's own
            HistoryEntry(audit: "IA-2024-09", date: Self.day("2024-09-10"), item: key, grade: .observation),
            HistoryEntry(audit: "IA-2025-02", date: Self.day("2025-09-23"), item: ItemKey("A.6.2.8@ava")!, grade: .conform),
        ]
        let found = Recurrence.fromHistory(f.programme.history, before: f.audit, items: [key])
        #expect(found.keys.map(\.description) == [Self.item])
        #expect(found[key]?.map(\.audit) == ["IA-2024-09", "IA-2025-02"])
        let carried = CarriedFinding(audit: "IA-2025-02", workpaper: "IA-2025-02.aimsaudit", journalHash: "ab", date: "2025-09-23",
                                     grade: .minor, statement: Statement(gap: "Drift alerts unreviewed"), action: nil)
        let joined = Recurrence.earlier(history: found[key] ?? [], carried: carried)
        #expect(joined.count == 2 && joined[1].finding == "Drift alerts unreviewed" && joined[1].status == .open)
        var other = carried
        other.audit = "IA-2026-00"
        other.date = "2026-03-01"
        #expect(Recurrence.earlier(history: found[key] ?? [], carried: other).map(\.audit) == ["IA-2024-09", "IA-2025-02", "IA-2026-00"])
    }

    /// GR-8: one exception refuses a conformity, unless the sample was extended to twice its
    /// suggested size; a random sample drawn again from its seed at twice the size keeps the
    /// occurrences already tested, and their results.
    @Test func anExtendedSampleMayConformWithOneIsolatedException() throws {
        var f = Fixture()
        f.programme.controls.append(ControlEntry(requirement: "A.6.2.6", system: "claimsort", operates: .weekly, population: 52,
                                                 roles: [Fixture.role("kenji", .owner, "2024-01-01")]))
        let item = try #require(f.analysis().checklist.first { $0.key.description == Self.item })
        let suggested = try #require(SampleSize.suggestion(for: item, population: 52))
        let first = try Sample.make(population: 52, size: suggested, method: .random, seed: 5, chosen: nil, description: "weekly reviews",
                                    reason: nil, for: item)
        #expect(first.suggested == suggested && first.size == suggested && suggested >= 5)
        let evidence = EventBody.evidenceAdded(EvidenceReference(id: 1, item: Self.item, type: .record, reference: "Review log"))
        var results = first.items.map { SampleResult(occurrence: $0, outcome: .asExpected, evidence: 1) }
        results[0].outcome = .exception
        var state = WorkpaperState.fold([evidence, .sampled(item: Self.item, first), .sampleTested(item: Self.item, results)])
        func conform() -> Refusal? {
            Recorder.validate([.graded(item: Self.item, grade: .conform)], actor: "amara", item: ItemKey(Self.item)!,
                              analysis: f.analysis(), programme: f.programme, state: state)
        }
        #expect(conform()?.rule == "GR-8")
        // Extended once by its suggested size, from the same seed: the first occurrences and their results stay.
        let extended = try Sample.make(population: 52, size: 2 * first.size, method: .random, seed: 5, chosen: nil,
                                       description: "weekly reviews", reason: nil, for: item, sizeReason: "extended after one exception")
        #expect(Set(first.items).isSubset(of: Set(extended.items)))
        state.apply(.sampled(item: Self.item, extended))
        #expect(state.record(Self.item).sample?.results?.count == first.size)
        let added = extended.items.filter { !first.items.contains($0) }.map { SampleResult(occurrence: $0, outcome: .asExpected, evidence: 1) }
        state.apply(.sampleTested(item: Self.item, added))
        #expect(conform() == nil)
        // A second exception in the extension: a finding.
        state.apply(.sampleTested(item: Self.item, [SampleResult(occurrence: added[0].occurrence, outcome: .exception, evidence: 1)]))
        #expect(conform()?.message.contains("2 of the \(extended.size) sampled occurrences") == true)
    }

    /// The plan as of a day: an audit over without results covers nothing, and nothing is
    /// proposed in a quarter gone by.
    @Test func thePlanAsOfADay() {
        var f = Fixture()
        f.entry(roles: Fixture.role("kenji", .owner, "2024-01-01"))
        let from = Self.day("2026-01-01")
        let start = Planner.plan(f.programme, from: from, years: 3)
        let line = start.lines.first { $0.item.key.description == Self.item }!
        #expect(line.occurrences.first?.coveredBy == "IA-2026-01")
        let later = Planner.plan(f.programme, from: from, years: 3, asOf: Self.day("2027-02-01"))
        let again = later.lines.first { $0.item.key.description == Self.item }!
        #expect(again.occurrences.first?.coveredBy == nil && again.occurrences.first?.missed?.audit == "IA-2026-01")
        #expect(later.lines.flatMap(\.occurrences).allSatisfy { $0.cover != nil || $0.quarter >= Quarter(Self.day("2027-02-01")) })
        let graded = Planner.plan(f.programme, from: from, years: 3, asOf: Self.day("2027-02-01"),
                                  results: [HistoryEntry(audit: "IA-2026-01", date: Self.day("2026-11-27"), item: ItemKey(Self.item)!, grade: .conform)])
        #expect(graded.lines.first { $0.item.key.description == Self.item }!.occurrences.first?.coveredBy == "IA-2026-01")
    }
}
