import Foundation
import Testing

/// What a certification auditor found missing in the sample's records, through the real binary:
/// F-02 repeats an open minor of an earlier audit and F-05 an earlier observation, and the report
/// did not say so; samples recorded no result per sampled item and no reason for their size; the
/// plan counted a scope never graded and proposed audits in quarters gone by; a report with a
/// major did not name top management.
@Suite struct RecordsCertificationTests {
    typealias Audit = WorkpaperCommandTests.Audit

    /// F-02 (A.5.3@talentlens, an open minor of IA-2025-02 in the history) and F-05
    /// (A.6.2.6@claimsort, an observation of IA-2025-01) are flagged as repeats with the grade to
    /// consider; an item graded for the first time is not.
    @Test func theReportSaysWhatRepeatsAnEarlierResult() throws {
        let a = try Audit()
        let statement = ["--requirement", "A.5.3 and 8.4", "--evidence-text", "IA-TL-001 last updated 2024-06-02"]
        #expect(try a.record(["--as", "amara", "--item", "A.5.3@talentlens", "--grade", "minor",
                              "--gap", "Impact assessment not repeated after the model change"] + statement).status == 0)
        #expect(try a.record(["--as", "amara", "--item", "A.6.2.6@claimsort", "--justify", "I never worked on ClaimSort's monitoring",
                              "--safeguard", "Paul reviews my workpapers",
                              "--grade", "observation", "--gap", "Drift threshold set by one data scientist"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", "A.5.4@ava", "--grade", "observation", "--gap", "Agents not assessed"]).status == 0)
        let report = try CLI.run(["export", a.path, "--as-of", "2026-11-27"], in: a.dir).stdout
        #expect(report.contains("### 5.1 How findings are graded\n"))
        #expect(report.contains("| F-01 | A.5.3@talentlens | Minor nonconformity | IA-2025-02 (minor nonconformity) | Major nonconformity |"), "\(report)")
        #expect(report.contains("| F-02 | A.6.2.6@claimsort | Observation | IA-2025-01 (observation), IA-2025-02 (minor nonconformity) | Minor nonconformity |"))
        // A.5.4@ava has no earlier result: no repeat.
        #expect(report.contains("| F-03 | Observation | A.5.4@ava |") && !report.contains("| F-03 | A.5.4@ava |"))
        #expect(report.contains("- **Repeat:** Repeats the open minor nonconformity of IA-2025-02 (2025-09-23); consider grading it major: "
                                + "a nonconformity not corrected since an earlier audit points to a failure of the process.\n"))
        #expect(report.contains("- **Repeat:** Repeats the observation of IA-2025-01 (2025-03-10) and the closed minor nonconformity "
                                + "of IA-2025-02 (2025-09-23); consider grading it minor"))
        #expect(report.contains("- **Earlier results:**\n  - IA-2025-02, 2025-09-23: minor nonconformity, open\n"))
        // Graded major after all: still a repeat, nothing graver to consider.
        #expect(try a.record(["--as", "amara", "--item", "A.5.3@talentlens", "--grade", "major"]).status == 0)
        let again = try CLI.run(["export", a.path, "--as-of", "2026-11-27"], in: a.dir).stdout
        #expect(again.contains("| F-01 | A.5.3@talentlens | Major nonconformity | IA-2025-02 (minor nonconformity) | — |"), "\(again)")
        #expect(again.contains("- **Repeat:** Repeats the open minor nonconformity of IA-2025-02 (2025-09-23): a major nonconformity raised again."))
    }

    /// The earlier results a workpaper keeps for its item screen are the snapshot's history:
    /// `verify` derives them again and names a change.
    @Test func verifyNamesEarlierResultsChangedBehindTheToolsBack() throws {
        let a = try Audit()
        #expect(try CLI.run(["verify", a.path], in: a.dir).status == 0)
        let kept = try #require(try CLI.query(a.path, "SELECT value FROM meta WHERE key = 'earlier_results'").first)
        #expect(kept.contains(#""A.5.3@talentlens":[{"audit":"IA-2025-02","date":"2025-09-23","grade":"minor","status":"open"}]"#), "\(kept)")
        try CLI.sql(a.path, "UPDATE meta SET value = replace(value, '\"status\":\"open\"', '\"status\":\"closed\"') WHERE key = 'earlier_results'")
        let r = try CLI.run(["verify", a.path], in: a.dir)
        #expect(r.status == 1 && (r.stdout + r.stderr).contains("meta earlier_results is not what the programme snapshot's history gives"), "\(r.stdout)\(r.stderr)")
    }

    /// A sample's size is the table's or the auditor's reasoned one; each occurrence's result is
    /// recorded with its reference; an exception counts in the finding and refuses a conformity.
    @Test func aSampleRecordsItsSizeReasonAndEachOccurrencesResult() throws {
        let a = try Audit()
        // Olivia lacks data-governance (IND-17) and Amara is warned on A.6.2.6@claimsort: each
        // justifies, with the safeguard format 2 asks for.
        let item = ["--as", "olivia", "--item", "A.7.4@ava", "--justify", "The sample is of releases, not of data-quality judgements",
                    "--safeguard", "Priya Raman reviews the sample"]
        // A.7.4@ava has no frequency in the register: the tool suggests no size, so any needs a reason.
        let bare = try a.record(item + ["--sample-population", "90", "--sample-size", "5", "--sample-seed", "3"])
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("refused (SAMPLE): a sample of 5 needs the reason for its size: the register does not say how often the control of A.7.4@ava operates"), "\(bare.stderr)")
        #expect(bare.stderr.contains("(--sample-size-reason)"))
        // A.6.2.6@claimsort operates daily, tier B: 30 is the table's, 25 needs a reason.
        let amara = ["--as", "amara", "--item", "A.6.2.6@claimsort", "--justify", "I never worked on ClaimSort's monitoring",
                     "--safeguard", "Paul reviews my workpapers"]
        let short = try a.record(amara + ["--sample-population", "365", "--sample-size", "25", "--sample-seed", "7"])
        #expect(short.stderr.contains("a sample of 25 needs the reason for its size: the tool's table suggests 30 for A.6.2.6@claimsort"), "\(short.stderr)")
        #expect(try a.record(amara + ["--sample-population", "365", "--sample-size", "30", "--sample-seed", "7",
                                      "--add-evidence", "data-analysis=Drift report 2026-09"]).status == 0)
        #expect(try a.record(item + ["--sample-population", "90", "--sample-size", "5", "--sample-seed", "3",
                                     "--sample-size-reason", "Five releases cover the period"]).status == 0)
        // Results: the occurrence must be the sample's, the reference cited on the item, an exception shown by one.
        let ev = try #require(try CLI.query(a.path, "SELECT CAST(id AS TEXT) FROM evidence WHERE item = 'A.6.2.6@claimsort'").first)
        let selected = try #require(try CLI.query(a.path, "SELECT json_extract(sample, '$.selected') FROM item_state WHERE item = 'A.6.2.6@claimsort'").first)
        let items = selected.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).split(separator: ",").map(String.init)
        #expect(items.count == 30)
        let outside = (1...365).map(String.init).first { !items.contains($0) }!
        let wrong = try a.record(amara + ["--sample-result", "\(outside)=as-expected,evidence=E\(ev)"])
        #expect(wrong.status == 1 && wrong.stderr.contains("'\(outside)' is not an occurrence of the sample of A.6.2.6@claimsort"), "\(wrong.stderr)")
        let unshown = try a.record(amara + ["--sample-result", "\(items[4])=exception"])
        #expect(unshown.stderr.contains("the exception in occurrence \(items[4]) of A.6.2.6@claimsort needs the evidence reference that shows it"), "\(unshown.stderr)")
        let elsewhere = try a.record(amara + ["--sample-result", "\(items[4])=as-expected,evidence=E999"])
        #expect(elsewhere.stderr.contains("E999 is not an evidence reference cited on A.6.2.6@claimsort"))
        let tested = try a.record(amara + ["--sample-result", "\(items[4])=exception,evidence=E\(ev),note=alert closed unreviewed",
                                           "--sample-result", "rest=as-expected,evidence=E\(ev)"])
        #expect(tested.status == 0 && tested.stdout.contains("recorded the results of 30 sampled occurrences of A.6.2.6@claimsort (1 exception)"), "\(tested.stderr)")
        // GR-8: not conform with an exception in its sample; a finding counts it.
        let conform = try a.record(amara + ["--grade", "conform"])
        #expect(conform.status == 1 && conform.stderr.contains("refused (GR-8): 1 of the 30 sampled occurrences tested on A.6.2.6@claimsort is an exception"), "\(conform.stderr)")
        #expect(try a.record(amara + ["--grade", "observation", "--gap", "Threshold without rationale"]).status == 0)
        let report = try CLI.run(["export", a.path], in: a.dir).stdout
        #expect(report.contains("Threshold without rationale (sample: 1 exception in 30 occurrences tested) |"), "\(report)")
        #expect(report.contains("; size 30 as the tool's table suggests for a control that operates daily (20–40), tier B: the middle of the range\n"))
        #expect(report.contains("  - Results: 1 exception in 30 occurrences tested\n"))
        #expect(report.contains("    - **Exception:** \(items[4]) (E\(ev)) — alert closed unreviewed\n"))
        #expect(report.contains("    - As expected: \(items[0...3].joined(separator: ", ")) (E\(ev))\n"))
        // The audit as JSON carries the same record.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["export", a.path, "--format", "json"], in: a.dir).stdout.utf8)) as? [String: Any])
        let sample = try #require(((json["items"] as? [[String: Any]])?.first { $0["key"] as? String == "A.6.2.6@claimsort" })?["sample"] as? [String: Any])
        #expect(sample["suggested"] as? Int == 30 && sample["size_reason"] is NSNull)
        let results = try #require(sample["results"] as? [[String: Any]])
        #expect(results.count == 30 && results.filter { $0["outcome"] as? String == "exception" }.map { $0["occurrence"] as? String } == [items[4]])
        #expect(try CLI.run(["verify", a.path], in: a.dir).status == 0)
    }

    /// A sample recorded before results and size reasons were kept reads as it did.
    @Test func anOlderSampleReadsAsBefore() throws {
        let a = try Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "n"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Plan v2"]).status == 0)
        // The second event rewritten as an older aimsaudit wrote a sample, and the item's row as it
        // kept it beside (export reads the state tables; `verify` and the JSON export, the journal).
        let sample = #"{"method":"random","population":40,"seed":7,"selected":[3,18,22],"size":3}"#
        let old = #"{"item":"9.2.1","sample":"# + sample + "}"
        try CLI.sql(a.path, "UPDATE journal SET type = 'sample.drawn', payload = '\(old)' WHERE seq = 2;"
                    + "UPDATE item_state SET sample = '\(sample)' WHERE item = '9.2.1'")
        let export = try CLI.run(["export", a.path], in: a.dir)
        #expect(export.status == 0, "\(export.stderr)")
        let md = export.stdout
        #expect(md.contains("- **Sample:** random, 3 of 40, seed 7; items 3, 18, 22\n"), "\(md)")
        #expect(!md.contains("Results:"))
    }

    /// The plan made after IA-2026-01's fieldwork counts only what it graded, and proposes
    /// nothing in a quarter gone by; once its results are in the history, they count.
    @Test func thePlanCountsGradedItemsAndProposesNothingInThePast() throws {
        func plan(_ programme: String) throws -> [String: Any] {
            let r = try CLI.run(["plan", programme, "--as-of", "2026-11-30", "--format", "json"])
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        }
        let before = try plan(CLI.sample)
        #expect(before["as_of"] as? String == "2026-11-30")
        let audits = try #require(before["planned_audits"] as? [[String: Any]])
        #expect(audits.first { $0["audit"] as? String == "IA-2026-01" }?["items"] as? Int == 0)
        #expect(audits.first { $0["audit"] as? String == "IA-2026-01" }?["over"] as? Bool == true)
        let missed = try #require(before["missed"] as? [[String: Any]])
        #expect(missed.count == 59 && missed.allSatisfy { $0["audit"] as? String == "IA-2026-01" })
        // No audit proposed before 2026-Q4, the quarter of the plan's day.
        let items = try #require(before["items"] as? [[String: Any]])
        let quarters = items.flatMap { ($0["audits"] as? [[String: Any]] ?? []).compactMap { $0["quarter"] as? String } }
        #expect(quarters.allSatisfy { $0 >= "2026-Q4" }, "\(quarters.filter { $0 < "2026-Q4" })")
        // IA-2026-01 graded two items; its results into the history, and those two count.
        let a = try Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Plan v2"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", "A.5.4@ava", "--grade", "observation", "--gap", "g"]).status == 0)
        let programme = a.dir.appendingPathComponent("programme.yaml")
        try FileManager.default.copyItem(atPath: CLI.sample, toPath: programme.path)
        #expect(try CLI.run(["history", a.path, "--into", programme.path], in: a.dir).status == 0)
        let after = try plan(programme.path)
        #expect((after["planned_audits"] as? [[String: Any]])?.first { $0["audit"] as? String == "IA-2026-01" }?["items"] as? Int == 2)
        let stillMissed = Set((after["missed"] as? [[String: Any]] ?? []).compactMap { $0["item"] as? String })
        #expect(stillMissed.count == 57 && !stillMissed.contains("9.2.1") && !stillMissed.contains("A.5.4@ava"))
        let text = try CLI.run(["plan", programme.path, "--as-of", "2026-11-30"]).stdout
        #expect(text.contains("IA-2026-01 (2 items graded)"), "\(text)")
        #expect(text.contains("In the scope of a planned audit that is over, but not graded by it (proposed\n  again): 57"))
    }

    /// A report with a major names top management and the action owners in its distribution, with
    /// a warning when the programme's list lacks them, and states the retention period.
    @Test func aReportWithAMajorGoesToTopManagementAndTheActionOwners() throws {
        // The sample (programme format 2) names top management (James) and keeps records 6 years.
        let yaml = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        #expect(yaml.contains("  top_management: [james]\n") && yaml.contains("  retention_years: 6\n"))
        let dir = try CLI.temporaryDirectory()
        let wp = dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", wp], in: dir).status == 0)
        let statement = ["--requirement", "r", "--evidence-text", "e", "--gap", "g"]
        // Northgate advised on A.10.2 (IND-12): Olivia justifies, with a safeguard.
        #expect(try CLI.run(["record", wp, "--as", "olivia", "--item", "A.10.2@talentlens", "--grade", "minor",
                             "--justify", "The contract clauses were written after Northgate's advice",
                             "--safeguard", "Amara reviews the finding",
                             "--ca-owner", "noah", "--ca-due", "2027-02-28"] + statement, in: dir).status == 0)
        // A minor alone: the programme's list as it is, no warning; the retention stated.
        let minor = try CLI.run(["export", wp, "-o", "minor.md"], in: dir)
        #expect(minor.status == 0 && minor.stderr == "wrote minor.md\n", "\(minor.stderr)")
        let minorText = try String(contentsOf: dir.appendingPathComponent("minor.md"), encoding: .utf8)
        #expect(minorText.contains("## 13. Distribution\n\n- Helen Achebe\n- Paul Renner\n- Dr Ines Varga\n\n### Confidentiality and retention\n\n"), "\(minorText)")
        #expect(minorText.hasSuffix("\n\nThis report, its workpaper and the evidence it cites are kept for 6 years, as the programme sets.\n"), "\(minorText)")
        // A major: James (top management) and the owners of both actions, said to be beyond the list.
        #expect(try CLI.run(["record", wp, "--as", "olivia", "--item", "A.6.2.8@ava", "--grade", "major",
                             "--ca-owner", "kenji", "--ca-due", "2027-01-31"] + statement, in: dir).status == 0)
        let major = try CLI.run(["export", wp, "-o", "major.md"], in: dir)
        #expect(major.status == 0)
        #expect(major.stderr.contains("aimsaudit: warning: IA-2026-01 found a major nonconformity; its report_to lacks\n  James Whitcombe (top management (a major nonconformity)), Kenji Mori (owner of"), "\(major.stderr)")
        #expect(major.stderr.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let text = try String(contentsOf: dir.appendingPathComponent("major.md"), encoding: .utf8)
        #expect(text.contains("- Helen Achebe\n- Paul Renner\n- Dr Ines Varga\n"
                              + "- James Whitcombe — top management (a major nonconformity) (not on the programme's distribution list)\n"
                              + "- Kenji Mori — owner of the corrective action on A.6.2.8@ava (not on the programme's distribution list)\n"
                              + "- Noah Park — owner of the corrective action on A.10.2@talentlens (not on the programme's distribution list)\n"), "\(text)")
        #expect(!text.contains("names no top management"))
        // top_management names people of the programme.
        let typo = try CLI.write(Array(yaml.replacingOccurrences(of: "top_management: [james]", with: "top_management: [jmaes]").utf8))
        let bad = try CLI.run(["check", typo.path])
        #expect(bad.status == 65 && bad.stderr.contains("unknown person 'jmaes' in `top_management` (did you mean 'james'?)"), "\(bad.stderr)")
        // A format-1 programme cannot name them: the report and the warning say which format can.
        let old = dir.appendingPathComponent("IA-1.aimsaudit").path
        let formatOne = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/harbourline-format1.yaml").path
        #expect(try CLI.run(["new", formatOne, "--audit", "IA-2026-01", "-o", old], in: dir).status == 0)
        #expect(try CLI.run(["record", old, "--as", "olivia", "--item", "A.6.2.8@ava", "--grade", "major",
                             "--ca-owner", "kenji", "--ca-due", "2027-01-31"] + statement, in: dir).status == 0)
        let one = try CLI.run(["export", old, "-o", "one.md"], in: dir)
        let warned = one.stderr.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(one.status == 0 && warned.contains("names no top management (organisation.top_management, a key of programme format 2) to receive its report"),
                "\(one.stderr)")
        #expect(one.stderr.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let oneText = try String(contentsOf: dir.appendingPathComponent("one.md"), encoding: .utf8)
        #expect(oneText.contains("no retention period for workpapers and evidence (settings.retention\\_years, a key of programme format 2)."), "\(oneText)")
    }

    /// The management review as of one day: a workpaper whose fieldwork begins later is left out,
    /// and the history's audits after that day are not counted.
    @Test func theReviewKeepsOneAsOfDate() throws {
        let a = try Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Plan v2"]).status == 0)
        let r = try CLI.run(["export", "--format", "review", a.path, "--as-of", "2025-06-30"], in: a.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Everything below is as of 2025-06-30"))
        #expect(r.stdout.contains("Left out, their fieldwork beginning after 2025-06-30: IA-2026-01 (IA-2026-01.aimsaudit, from 2026-11-23)."))
        // IA-2025-01 (March 2025) is in; IA-2025-02 (September 2025) not yet.
        #expect(r.stdout.contains("| IA-2025-01 | (the programme's history) | 5 |") && !r.stdout.contains("| IA-2025-02 |"), "\(r.stdout)")
        #expect(r.stdout.contains("One audit so far: no trend yet."))
    }
}
