import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

/// The item screen as a certification auditor reviews the records: an item's earlier results and
/// a repeat flagged (F-02 repeats IA-2025-02's open minor, F-05 IA-2025-01's observation), and a
/// sample recorded with the reason for its size and each occurrence's result.
@Suite struct RecordsScreenTests {
    /// The screen's text with each run of blanks as one, so wrapped sentences read whole.
    func flat(_ h: Harness) -> String {
        h.lines.joined(separator: " ").split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    @Test func theItemShowsEarlierResultsAndFlagsARepeat() throws {
        let h = try Harness { wp in
            try wp.append([.statement(item: "A.5.3@talentlens", Statement(requirement: "A.5.3 and 8.4", evidence: "IA-TL-001 of 2024",
                                                                          gap: "Not repeated after the model change"))], actor: "amara")
            try wp.append([.justified(item: "A.6.2.6@claimsort", Justification(auditor: "amara", text: "Paul reviews my workpapers")),
                           .statement(item: "A.6.2.6@claimsort", Statement(gap: "Drift threshold without rationale")),
                           .graded(item: "A.6.2.6@claimsort", grade: .observation)], actor: "amara")
        }
        // Not graded yet: its earlier results, no flag.
        h.open("A.5.3@talentlens")
        #expect(flat(h).contains("Earlier: IA-2025-02 2025-09-23 minor (open)"), "\(h.text)")
        #expect(!h.text.contains("REPEAT"))
        // Graded minor on the screen: a repeat of IA-2025-02's open minor, to consider as major.
        h.keys(.enter, .home)
        h.keys(Array(repeating: Key.down, count: Grade.allCases.firstIndex(of: .minor)!) + [.enter])
        #expect(h.workpaper.state.record("A.5.3@talentlens").grade == .minor, "\(h.state.status)")
        #expect(flat(h).contains("REPEAT: Repeats the open minor nonconformity of IA-2025-02 (2025-09-23); consider grading it major"), "\(h.text)")
        h.open("A.6.2.6@claimsort")
        #expect(flat(h).contains("Earlier: IA-2025-01 2025-03-10 observation · IA-2025-02 2025-09-23 minor (closed)"), "\(h.text)")
        #expect(flat(h).contains("REPEAT: Repeats the observation of IA-2025-01 (2025-03-10) and the closed minor nonconformity of IA-2025-02"), "\(h.text)")
        #expect(flat(h).contains("consider grading it minor"))
        // An earlier conformity is no warning sign.
        h.open("A.7.5@claimsort")
        #expect(flat(h).contains("Earlier: IA-2025-02 2025-09-23 conform") && !h.text.contains("REPEAT"), "\(h.text)")
    }

    /// Every item's earlier results, taken apart beside the screen (as it does after its first
    /// frame), are those picked out one item at a time and those the snapshot gives.
    @Test func earlierResultsReadBesideAreThoseReadOneByOne() throws {
        let h = try Harness()
        let keys = h.state.analysis.checklist.map(\.key.description)
        let alone = keys.map { h.workpaper.earlierResults(of: $0) }
        #expect(alone.contains { !$0.isEmpty } && alone.contains { $0.isEmpty })
        let done = DispatchSemaphore(value: 0)
        h.workpaper.readEarlierBeside { done.signal() }
        done.wait()
        #expect(keys.map { h.workpaper.earlierResults(of: $0) } == alone)
        let full = try WorkpaperFile.open(h.path)
        defer { full.close() }
        #expect(keys.map { full.earlierResults(of: $0) } == alone)
    }

    /// A workpaper made before earlier results were kept with it reads them from its snapshot.
    @Test func anOlderWorkpaperShowsEarlierResultsFromItsSnapshot() throws {
        let h = try Harness { wp in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); n=c.execute(\"DELETE FROM meta WHERE key = 'earlier_results'\").rowcount; c.commit(); sys.exit(0 if n == 1 else 1)", wp.path]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "the workpaper kept no earlier results to take away")
        }
        h.open("A.6.2.6@claimsort")
        #expect(flat(h).contains("Earlier: IA-2025-01 2025-03-10 observation · IA-2025-02 2025-09-23 minor (closed)"), "\(h.text)")
    }

    @Test func theSampleFormTakesTheSizeReasonAndEachOccurrencesResult() throws {
        let h = try Harness(as: "olivia")
        h.open("A.6.2.8@ava")
        h.keys(.char("a"))
        h.type("Ava log export")
        h.keys(.enter)
        #expect(h.workpaper.state.evidence(on: "A.6.2.8@ava").map(\.label) == ["E1"])
        // A.6.2.8@ava is automated: the table suggests 1; five days of logs need a reason.
        h.keys(.char("S"))
        h.type("30")
        h.keys(.tab, .ctrl("u"))
        h.type("5")
        h.keys(.tab, .tab)
        h.type("11")
        h.keys(.enter)
        let refusal = try #require(h.state.dialog?.error)
        #expect(refusal.hasPrefix("refused (SAMPLE): a sample of 5 needs the reason for its size: the tool's table suggests 1 for A.6.2.8@ava")
                && refusal.hasSuffix("give: the sample's Why this size (S)"), "\(refusal)")
        h.keys(.tab, .tab, .tab)
        h.type("One day of logs a week")
        h.keys(.enter)
        let drawn = try #require(h.workpaper.state.record("A.6.2.8@ava").sample)
        #expect(drawn.size == 5 && drawn.suggested == 1 && drawn.sizeReason == "One day of logs a week" && drawn.results == nil)
        // The results, as typed: one exception, the rest as expected; the draw is not made again.
        let events = try h.workpaper.journal().count
        h.keys(.char("S"))
        #expect(h.state.dialog?.texts[6] == "One day of logs a week")
        h.keys(.tab, .tab, .tab, .tab, .tab, .tab, .tab)
        h.type("\(drawn.items[1])=exception,evidence=E1,note=retention 30 days; rest=as-expected,evidence=E1")
        h.keys(.enter)
        #expect(h.state.dialog == nil, "\(h.state.dialog?.error ?? "")")
        #expect(try h.workpaper.journal().count == events + 1)
        let tested = try #require(h.workpaper.state.record("A.6.2.8@ava").sample)
        #expect(tested.results?.count == 5 && tested.exceptions.map(\.occurrence) == [drawn.items[1]])
        #expect(h.text.contains("Results: 4 as expected, 1 exception (\(drawn.items[1]) E1)"), "\(h.text)")
        // Opened again, the form holds the results as recorded, the same ones written together.
        h.keys(.char("S"))
        let others = drawn.items.filter { $0 != drawn.items[1] }
        #expect(h.state.dialog?.texts[7] == "\(drawn.items[0])=as-expected,evidence=E1; \(drawn.items[1])=exception,evidence=E1,note=retention 30 days; "
                + others.dropFirst().joined(separator: ",") + "=as-expected,evidence=E1", "\(h.state.dialog?.texts ?? [])")
        // A result for an occurrence not in the sample is refused inside the form.
        h.keys(.tab, .tab, .tab, .tab, .tab, .tab, .tab, .ctrl("u"))
        h.type("999=as-expected")
        h.keys(.enter)
        #expect(h.state.dialog?.error?.contains("'999' is not an occurrence of the sample of A.6.2.8@ava") == true, "\(h.state.dialog?.error ?? "")")
    }
}
