import Foundation
import Testing

/// `aimsaudit plan`: tier frequencies over the cycle, due dates from history, a balanced
/// proposal, and the planned audits checked against it.
@Suite struct PlanTests {
    func plan(_ args: [String]) throws -> (status: Int32, json: [String: Any]) {
        let r = try CLI.run(["plan"] + args + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        return (r.status, object)
    }

    static func day(_ s: Any?) -> Date? {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return (s as? String).flatMap(f.date(from:))
    }

    /// Last day of a quarter named "2027-Q3".
    static func end(_ quarter: String) -> Date {
        let parts = quarter.split(separator: "-")
        let year = Int(parts[0])!, q = Int(parts[1].dropFirst())!
        var c = DateComponents()
        c.year = q == 4 ? year + 1 : year
        c.month = q == 4 ? 1 : q * 3 + 1
        c.day = 1
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        return cal.date(byAdding: .day, value: -1, to: cal.date(from: c)!)!
    }

    @Test func sampleCycleAuditsEveryItemAsOftenAsItsTierAsks() throws {
        let (_, json) = try plan([CLI.sample])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count == 120)
        let cycleEnd = try #require(Self.day(json["to"]))
        for item in items {
            let tier = item["tier"] as! String
            let audits = item["audits"] as! [[String: Any]]
            #expect(audits.count == ["A": 3, "B": 2, "C": 1][tier], "\(item["item"]!)")
            let gap = ["A": 12, "B": 18, "C": 36][tier]!
            let quarters = audits.map { $0["quarter"] as! String }
            let ends = quarters.map(Self.end)
            #expect(ends.allSatisfy { $0 <= cycleEnd })
            // Quarter to quarter, never further apart than the tier's gap.
            let index = quarters.map { q -> Int in let p = q.split(separator: "-"); return Int(p[0])! * 4 + Int(p[1].dropFirst())! }
            for (a, b) in zip(index, index.dropFirst()) {
                #expect(a < b && b - a <= gap / 3, "\(item["item"]!): \(quarters)")
            }
            // Spread over the whole cycle: a tier-A item once in each year, a tier-B item once in
            // each half; nothing bunched at the start leaving the end of the cycle uncovered.
            if tier != "C" {
                let slots = index.map { (($0 - index.first! + (index.first! - (2026 * 4 + 1))) * audits.count) / 12 }
                #expect(slots == Array(0..<audits.count), "\(item["item"]!): \(quarters)")
            }
            // The first audit is proposed no later than its due date (or the first quarter, when overdue).
            let due = try #require(Self.day(audits[0]["due"]))
            #expect(ends[0] <= max(due, Self.end("2026-Q1")), "\(item["item"]!)")
        }
        let loads = (json["quarters"] as! [[String: Any]]).map { $0["items"] as! Int }
        #expect(loads.count == 12 && loads.max()! - loads.min()! <= 2, "\(loads)")
    }

    @Test func plannedAuditsAreCheckedAgainstThePlan() throws {
        let r = try CLI.run(["plan", CLI.sample])
        // A.8.4@ava (tier B) was last audited 2024-09-10: due by 2026-03-10, but only IA-2026-02 in December has it.
        #expect(r.status == 1)
        #expect(r.stdout.contains("Due by 2026-12-11 (the end of the last planned fieldwork) but in no planned audit: 1"))
        #expect(r.stdout.contains("  A.8.4@ava  due 2026-03-10, proposed 2026-Q1"))
        #expect(r.stdout.contains("2026-Q4     17       360       IA-2026-01 (59 items), IA-2026-02 (61 items)"), "\(r.stdout)")
    }

    @Test func historyOlderThanTheTierAllowsIsOverdueAndComesFirst() throws {
        // The minimal programme's only entry was audited 2025-09-23; start the cycle two years later.
        let (status, json) = try plan([try CLI.write(Array(minimal.utf8)).path, "--from", "2027-10-01"])
        let item = try #require((json["items"] as? [[String: Any]])?.first)
        #expect(item["overdue"] as? Bool == true)
        #expect((item["audits"] as? [[String: Any]])?.first?["quarter"] as? String == "2027-Q4")
        // IA-1's fieldwork (2026-11-27) lies before this cycle: nothing planned to check against.
        #expect(status == 0)
        let text = try CLI.run(["plan", try CLI.write(Array(minimal.utf8)).path, "--from", "2027-10-01"]).stdout
        #expect(text.contains("Overdue at the start of the cycle"))
        #expect(text.contains("  A.6.2.6@claimsort  tier B, last audited 2025-09-23"), "\(text)")
    }

    @Test func quartersBeyondWhatTheAuditorsCanTakeAreFlagged() throws {
        let r = try CLI.run(["plan", CLI.sample, "--capacity", "1"])
        let over = r.stdout.split(separator: "\n").filter { $0.contains(" OVER") }
        #expect(over.count == 12, "\(r.stdout)")
        let md = try CLI.run(["plan", CLI.sample, "--format", "markdown"])
        #expect(md.stdout.hasPrefix("# Audit programme plan, Harbourline Mutual"))
        #expect(try CLI.run(["plan", CLI.sample, "--years", "0"]).status == 64)
    }
}

/// `aimsaudit history`: an audit's results become the programme's history, which the next plan
/// and the next weights read.
@Suite struct HistoryCommandTests {
    @Test func resultsGoBackIntoTheProgrammeAndTheNextPlanSeesThem() throws {
        let a = try WorkpaperCommandTests.Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "observation", "--gap", "seen"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", "A.6.2.8@ava", "--requirement", "logs kept 12 months",
                              "--evidence-text", "retention 30 days", "--gap", "18 months short", "--grade", "major"]).status == 0)
        let r = try CLI.run(["history", a.path])
        #expect(r.status == 0)
        let entries = r.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map(String.init)
        // One entry per graded item, in checklist order; an open major stays open until verified.
        #expect(Set(entries) == ["  - {audit: IA-2026-01, date: 2026-11-27, item: A.6.2.8@ava, grade: major, status: open}",
                                 "  - {audit: IA-2026-01, date: 2026-11-27, item: 9.2.1, grade: observation}"], "\(entries)")
        #expect(entries.count == 2)
        // Pasted under history:, the programme still reads and the next plan counts from them.
        let yaml = try String(contentsOfFile: CLI.sample, encoding: .utf8)
            .replacingOccurrences(of: "\nhistory:\n", with: "\nhistory:\n" + r.stdout + "\n")
        let file = try CLI.write(Array(yaml.utf8))
        #expect(try CLI.run(["check", file.path, "--audit", "IA-2026-01"]).status == 0)
        let plan = try CLI.run(["plan", file.path, "--format", "json"])
        let items = try #require((try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]])
        let ava = try #require(items.first { $0["item"] as? String == "A.6.2.8@ava" })
        #expect(ava["last_audited"] as? String == "2026-11-27")
        #expect(ava["tier"] as? String == "A")   // an open major forces tier A
    }

    @Test func intoAddsTheEntriesUnderHistoryOnceAndOnlyIfTheFileStillReads() throws {
        let a = try WorkpaperCommandTests.Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "observation", "--gap", "seen"]).status == 0)
        let original = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        let file = try CLI.write(Array(original.utf8))
        let added = try CLI.run(["history", a.path, "--into", file.path])
        #expect(added.status == 0 && added.stdout.contains("added 1 history entry of IA-2026-01"))
        let text = try String(contentsOfFile: file.path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let at = try #require(lines.firstIndex(of: "  - {audit: IA-2026-01, date: 2026-11-27, item: 9.2.1, grade: observation}"))
        // Right after the last earlier entry, before the audits.
        #expect(lines[at - 1].hasPrefix("  - {audit: IA-2025") && lines[(at + 1)...].contains("audits:"))
        #expect(lines.count == original.components(separatedBy: "\n").count + 1)
        #expect(try CLI.run(["check", file.path, "--audit", "IA-2026-01"]).status == 0)
        // Again: nothing to add, the file unchanged.
        #expect(try CLI.run(["history", a.path, "--into", file.path]).stdout.contains("already holds every result"))
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == text)
        // A nonconformity goes in open; once its action is recorded as verified effective, --into closes it.
        let item = "A.6.2.8@ava"
        #expect(try a.record(["--as", "olivia", "--item", item, "--grade", "minor", "--requirement", "r", "--evidence-text", "e",
                              "--gap", "g", "--ca-action", "Fix", "--ca-owner", "kenji", "--ca-due", "2026-12-31"]).status == 0)
        #expect(try CLI.run(["history", a.path, "--into", file.path]).status == 0)
        #expect(try String(contentsOfFile: file.path, encoding: .utf8).contains("item: \(item), grade: minor, status: open}"))
        #expect(try a.record(["--as", "olivia", "--item", item, "--ca-effectiveness-criteria", "c", "--ca-verified-by", "paul",
                              "--ca-verified-on", "2027-01-15", "--ca-outcome", "effective"]).status == 0)
        let closed = try CLI.run(["history", a.path, "--into", file.path])
        #expect(closed.stdout.contains("closed 1 of IA-2026-01"), "\(closed.stdout)\(closed.stderr)")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8).contains("item: \(item), grade: minor, status: closed}"))
        // CRLF line ends and a list at the key's own indentation are kept as they are.
        let crlf = try CLI.write(Array(original.replacingOccurrences(of: "\n  - {audit: IA-20", with: "\n- {audit: IA-20")
            .replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(try CLI.run(["history", a.path, "--into", crlf.path]).status == 0)
        let crlfText = try String(contentsOfFile: crlf.path, encoding: .utf8)
        #expect(crlfText.contains("\r\n- {audit: IA-2026-01, date: 2026-11-27, item: 9.2.1, grade: observation}\r\n"))
        #expect(!crlfText.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(try CLI.run(["check", crlf.path, "--audit", "IA-2026-01"]).status == 0)
        // A one-line history is not rewritten by guesswork.
        var flowLines = original.components(separatedBy: "\n")
        let h = try #require(flowLines.firstIndex(of: "history:")), end = try #require(flowLines.firstIndex(of: "audits:"))
        let items = flowLines[(h + 1)..<end].map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("- ") }.map { $0.dropFirst(2) }
        flowLines.replaceSubrange(h..<end, with: ["history: [" + items.joined(separator: ", ") + "]", ""])
        let flow = try CLI.write(Array(flowLines.joined(separator: "\n").utf8))
        #expect(try CLI.run(["check", flow.path, "--audit", "IA-2026-01"]).status == 0)
        let refused = try CLI.run(["history", a.path, "--into", flow.path])
        #expect(refused.status == 65 && refused.stderr.contains("its history: is written on one line"), "\(refused.stderr)")
    }
}
