import Foundation
import Testing

/// `aimsaudit plan`: tier frequencies over the cycle, due dates from history, a balanced
/// proposal, and the planned audits checked against it.
@Suite struct PlanTests {
    /// The plan as the programme owner makes it at the cycle's start (the sample's cycle begins
    /// 2026-01-01), whatever today is: no planned audit is over yet.
    static let atStart = ["--as-of", "2026-01-01"]

    func plan(_ args: [String]) throws -> (status: Int32, json: [String: Any]) {
        let r = try CLI.run(["plan"] + args + ["--format", "json"] + (args.contains("--as-of") ? [] : Self.atStart))
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

    /// The sample without its planned audits: the plan alone, every audit proposed.
    static func unplannedSample() throws -> String {
        let yaml = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        let cut = try #require(yaml.range(of: "\naudits:\n"))
        return try CLI.write(Array(yaml[..<cut.lowerBound].utf8)).path
    }

    @Test(arguments: [false, true]) func sampleCycleAuditsEveryItemAsOftenAsItsTierAsks(planned: Bool) throws {
        let (_, json) = try plan([planned ? CLI.sample : try Self.unplannedSample()])
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
            // The first audit falls no later than its due date (or the first quarter, when
            // overdue), unless a planned audit covers it late.
            let due = try #require(Self.day(audits[0]["due"]))
            if audits[0]["status"] as? String != "late" {
                #expect(ends[0] <= max(due, Self.end("2026-Q1")), "\(item["item"]!)")
            }
        }
        // A quarter's load: the items on its planned audits' checklists, and the audits proposed in it.
        let loads = (json["quarters"] as! [[String: Any]]).map { $0["items"] as! Int }
        let onPlanned = (json["planned_audits"] as! [[String: Any]]).reduce(0) { $0 + ($1["items"] as! Int) }
        let proposed = items.reduce(0) { $0 + ($1["audits"] as! [[String: Any]]).filter { $0["covered_by"] is NSNull }.count }
        #expect(loads.count == 12 && loads.reduce(0, +) == onPlanned + proposed)
        #expect(onPlanned == (planned ? 120 : 0))
        // With nothing planned, the proposal spreads the load evenly.
        if !planned { #expect(loads.max()! - loads.min()! <= 2, "\(loads)") }
    }

    @Test func anAuditAfterTheDueDateIsLateNotMissingInEveryFormat() throws {
        // A.8.4@ava (tier A) was last audited 2025-03-10: due by 2026-03-10. IA-2026-02 has it on
        // its checklist, but its fieldwork ends 2026-12-11: 276 days late.
        let text = try CLI.run(["plan", CLI.sample, "--as-of", "2026-01-01"])
        #expect(text.status == 2, "\(text.stderr)")
        let lines = text.stdout.components(separatedBy: "\n")
        let late = try #require(lines.firstIndex { $0.hasPrefix("Audited late") })
        #expect(Array(lines[late...(late + 2)]) == ["Audited late, by a planned audit after its due date: 1",
                                                    "  by IA-2026-02 (fieldwork ends 2026-12-11): 1",
                                                    "    A.8.4@ava  due 2026-03-10, 276 days (9 months) late"])
        #expect(!text.stdout.contains("in no planned audit"), "\(text.stdout)")
        #expect(text.stdout.contains("Every audit due by 2026-12-11 (the end of the last planned fieldwork) is in a\n"
                                     + "  planned audit; 1 of them late (above)."))

        let (status, json) = try plan([CLI.sample])
        #expect(status == 2 && json["outcome"] as? String == "late")
        #expect((json["uncovered"] as? [Any])?.isEmpty == true)
        let lateJSON = try #require(json["late"] as? [[String: Any]])
        #expect(lateJSON.count == 1)
        #expect(lateJSON.first?["item"] as? String == "A.8.4@ava" && lateJSON.first?["audit"] as? String == "IA-2026-02")
        #expect(lateJSON.first?["days_late"] as? Int == 276 && lateJSON.first?["due"] as? String == "2026-03-10")
        let ava = try #require((json["items"] as? [[String: Any]])?.first { $0["item"] as? String == "A.8.4@ava" })
        let first = try #require((ava["audits"] as? [[String: Any]])?.first)
        #expect(first["status"] as? String == "late" && first["covered_by"] as? String == "IA-2026-02")
        #expect(first["quarter"] as? String == "2026-Q4" && first["fieldwork_ends"] as? String == "2026-12-11")

        let md = try CLI.run(["plan", CLI.sample, "--format", "markdown", "--as-of", "2026-01-01"])
        #expect(md.status == 2)
        #expect(md.stdout.contains("## Audited late\n\nBy a planned audit whose fieldwork ends after the item's due date.\n\n"
                                   + "- By IA-2026-02 (fieldwork ends 2026-12-11): 1\n"
                                   + "  - `A.8.4@ava`, due 2026-03-10, 276 days (9 months) late\n\n"))
        #expect(md.stdout.contains("## Not covered by a planned audit\n\nDue by 2026-12-11, the end of the last planned fieldwork.\n\nNone.\n"))
        #expect(md.stdout.contains("| `A.8.4@ava` | A 48.1 | IA-2026-02: A 52.7 | 2025-03-10 | "
                                   + "**2026-Q4 IA-2026-02, 276 days (9 months) late**; 2027-Q2; 2028-Q2 |"), "\(md.stdout)")
    }

    @Test func anAuditsIdAppearsOnTheQuarterOfItsFieldworkOnly() throws {
        // Both planned audits end in 2026-Q4.
        let (_, json) = try plan([CLI.sample])
        var covered = 0
        for item in try #require(json["items"] as? [[String: Any]]) {
            for audit in item["audits"] as! [[String: Any]] where audit["covered_by"] is String {
                #expect(audit["quarter"] as? String == "2026-Q4", "\(item["item"]!): \(audit)")
                covered += 1
            }
        }
        #expect(covered == 120)
        let md = try CLI.run(["plan", CLI.sample, "--format", "markdown", "--as-of", "2026-01-01"]).stdout
        let rows = md.components(separatedBy: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == 120)
        for row in rows {
            let audits = String(row.split(separator: "|").last!)
            // In the Audits column, an audit's id only ever follows its own quarter.
            let words = audits.split(whereSeparator: { " ,;*".contains($0) })
            for (i, w) in words.enumerated() where w.hasPrefix("IA-") { #expect(i > 0 && words[i - 1] == "2026-Q4", "\(row)") }
        }
        let text = try CLI.run(["plan", CLI.sample, "--as-of", "2026-01-01"]).stdout.components(separatedBy: "\n")
        #expect(text.filter { $0.contains("IA-2026-01 (59 items)") } == ["2026-Q4    120       360       IA-2026-01 (59 items), IA-2026-02 (61 items)"])
    }

    @Test func theTierSaysAsOfWhenAndThePlannedAuditsTierStandsBeside() throws {
        // A.5.3@talentlens: an open minor of 2025-09-23; weighed at the cycle's start it is tier B,
        // on IA-2026-01's checklist (weighed as of its fieldwork, as `list` shows) tier A.
        let list = try CLI.run(["list", CLI.sample, "--audit", "IA-2026-01"]).stdout
        #expect(list.contains("A      68.3  A.5.3@talentlens"), "\(list)")
        let text = try CLI.run(["plan", CLI.sample, "--as-of", "2026-01-01"]).stdout
        #expect(text.contains("\nTiers as of 2026-01-01: A 6 (3 audits each) · B 63 (2 each) · C 51 (1 each)\n"))
        #expect(text.contains("In another tier on a planned audit's checklist, weighed as of its fieldwork (the\n"
                              + "  plan weighs as of 2026-01-01 and follows its own tiers): 1\n"
                              + "  A.5.3@talentlens  plan B 63.9; IA-2026-01 A 68.3 as of 2026-11-23"), "\(text)")
        let md = try CLI.run(["plan", CLI.sample, "--format", "markdown", "--as-of", "2026-01-01"]).stdout
        #expect(md.contains("| Item | Tier as of 2026-01-01 | On a planned audit's checklist | Last audited | Audits |"))
        #expect(md.contains("| `A.5.3@talentlens` | B 63.9 | **IA-2026-01: A 68.3** | 2025-09-23 | 2026-Q4 IA-2026-01; 2027-Q3 |"), "\(md)")
        let (_, json) = try plan([CLI.sample])
        #expect(json["tiers_as_of"] as? String == "2026-01-01")
        let item = try #require((json["items"] as? [[String: Any]])?.first { $0["item"] as? String == "A.5.3@talentlens" })
        #expect(item["tier"] as? String == "B" && item["score"] as? Double == 63.9)
        let on = try #require((item["on_planned_audits"] as? [[String: Any]])?.first)
        #expect(on["audit"] as? String == "IA-2026-01" && on["tier"] as? String == "A")
        #expect(on["score"] as? Double == 68.3 && on["as_of"] as? String == "2026-11-23")
    }

    /// The minimal programme's one item (tier B, 18 months), last audited on `last`, and an item
    /// IA-1 does not hold when `unplanned` is given (last audited then).
    static func programme(last: String, unplanned: String? = nil) throws -> String {
        var yaml = minimal.replacingOccurrences(of: "date: 2025-09-23", with: "date: \(last)")
        if let unplanned {
            yaml = yaml.replacingOccurrences(of: "\nconflicts:", with: """

                  - {requirement: A.6.2.8, system: claimsort, criticality: 5, roles: [{person: kenji, role: owner, from: 2024-01-01}]}
                conflicts:
                """)
                .replacingOccurrences(of: "\naudits:", with: """

                  - {audit: IA-0, date: \(unplanned), item: A.6.2.8@claimsort, grade: conform}
                audits:
                """)
        }
        return try CLI.write(Array(yaml.utf8)).path
    }

    @Test func theExitStatusTellsInTimeLateAndUncoveredApart() throws {
        // In time: due 2027-03-23, IA-1 ends 2026-11-27.
        let inTime = try CLI.run(["plan", try Self.programme(last: "2025-09-23"), "--from", "2026-01-01", "--as-of", "2026-01-01"])
        #expect(inTime.status == 0, "\(inTime.stdout)")
        #expect(inTime.stdout.contains("Every audit due by 2026-11-27 (the end of the last planned fieldwork) is in a\n  planned audit, in time."))
        // Late: due 2026-03-10, IA-1 ends 2026-11-27: exit 2, the item named with its audit.
        let late = try CLI.run(["plan", try Self.programme(last: "2024-09-10"), "--from", "2026-01-01", "--as-of", "2026-01-01"])
        #expect(late.status == 2, "\(late.stdout)")
        #expect(late.stdout.contains("\n  by IA-1 (fieldwork ends 2026-11-27): 1\n    A.6.2.6@claimsort  due 2026-03-10, 262 days (9 months) late\n"))
        #expect(!late.stdout.contains("in no planned audit"))
        // Truly uncovered (A.6.2.8 is on no planned audit): exit 1, the late one still listed apart.
        let both = try Self.programme(last: "2024-09-10", unplanned: "2024-09-10")
        let uncovered = try CLI.run(["plan", both, "--from", "2026-01-01", "--as-of", "2026-01-01"])
        #expect(uncovered.status == 1, "\(uncovered.stdout)\(uncovered.stderr)")
        #expect(uncovered.stdout.contains("Due by 2026-11-27 (the end of the last planned fieldwork) but in no planned\n"
                                          + "  audit: 1\n  A.6.2.8@claimsort  due 2026-03-10, proposed 2026-Q1"), "\(uncovered.stdout)")
        #expect(uncovered.stdout.contains("Audited late, by a planned audit after its due date: 1\n  by IA-1 (fieldwork ends 2026-11-27): 1\n"
                                          + "    A.6.2.6@claimsort  due 2026-03-10, 262 days (9 months) late\n"))
        let (status, json) = try plan([both, "--from", "2026-01-01"])
        #expect(status == 1 && json["outcome"] as? String == "uncovered")
        #expect((json["uncovered"] as? [[String: Any]])?.map { $0["item"] as? String } == ["A.6.2.8@claimsort"])
        #expect((json["late"] as? [[String: Any]])?.map { $0["item"] as? String } == ["A.6.2.6@claimsort"])
        let md = try CLI.run(["plan", both, "--from", "2026-01-01", "--format", "markdown", "--as-of", "2026-01-01"])
        #expect(md.status == 1)
        #expect(md.stdout.contains("- `A.6.2.8@claimsort`, due 2026-03-10, proposed 2026-Q1\n"))
        #expect(md.stdout.contains("| `A.6.2.8@claimsort` | B 46.5 |  | 2024-09-10 | **2026-Q1 missing**; "), "\(md.stdout)")
        // Every line of the text fits 80 columns.
        for r in [inTime, late, uncovered, try CLI.run(["plan", CLI.sample, "--as-of", "2026-01-01"]), try CLI.run(["plan", CLI.sample, "--capacity", "1", "--as-of", "2026-01-01"])] {
            let long = r.stdout.components(separatedBy: "\n").filter { $0.count > 80 }
            #expect(long.isEmpty, "\(long)")
        }
    }

    @Test func historyOlderThanTheTierAllowsIsOverdueAndComesFirst() throws {
        // The minimal programme's only entry was audited 2025-09-23; start the cycle two years later.
        let (status, json) = try plan([try CLI.write(Array(minimal.utf8)).path, "--from", "2027-10-01"])
        let item = try #require((json["items"] as? [[String: Any]])?.first)
        #expect(item["overdue"] as? Bool == true)
        #expect((item["audits"] as? [[String: Any]])?.first?["quarter"] as? String == "2027-Q4")
        // IA-1's fieldwork (2026-11-27) lies before this cycle: nothing planned to check against.
        #expect(status == 0)
        let text = try CLI.run(["plan", try CLI.write(Array(minimal.utf8)).path, "--from", "2027-10-01", "--as-of", "2026-01-01"]).stdout
        #expect(text.contains("Overdue at the start of the cycle"))
        #expect(text.contains("  A.6.2.6@claimsort  tier B, last audited 2025-09-23"), "\(text)")
    }

    @Test func quartersBeyondWhatTheAuditorsCanTakeAreFlagged() throws {
        // Nine auditors at one item each: nine a quarter.
        let r = try CLI.run(["plan", CLI.sample, "--capacity", "1", "--as-of", "2026-01-01"])
        let (_, json) = try plan([CLI.sample, "--capacity", "1"])
        let loads = try #require(json["quarters"] as? [[String: Any]])
        let over = Set(r.stdout.split(separator: "\n").filter { $0.contains(" OVER") }.map { String($0.prefix(7)) })
        #expect(over == Set(loads.filter { ($0["items"] as! Int) > 9 }.map { $0["quarter"] as! String }), "\(r.stdout)")
        #expect(over.contains("2026-Q4") && over.count >= 2)
        let md = try CLI.run(["plan", CLI.sample, "--format", "markdown", "--as-of", "2026-01-01"])
        #expect(md.stdout.hasPrefix("# Audit programme plan, Harbourline Mutual"))
        #expect(try CLI.run(["plan", CLI.sample, "--years", "0", "--as-of", "2026-01-01"]).status == 64)
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
        let plan = try CLI.run(["plan", file.path, "--format", "json", "--as-of", "2026-01-01"])
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
                              "--ca-implemented-on", "2026-12-20", "--ca-result", "Checked", "--ca-verified-on", "2027-01-15",
                              "--ca-outcome", "effective", "--add-evidence", "record=Check of January,on=2027-01-15"],
                             at: "2027-01-15T16:00:00Z").status == 0)
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
