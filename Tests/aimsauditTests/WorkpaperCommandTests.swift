import Foundation
import Testing

/// The workpaper lifecycle through the real binary: new, record, list, check, export, verify.
@Suite struct WorkpaperCommandTests {
    /// A fresh folder with a new workpaper of the sample's first audit.
    struct Audit {
        let dir: URL
        var path: String { dir.appendingPathComponent("IA-2026-01.aimsaudit").path }

        init() throws {
            dir = try CLI.temporaryDirectory()
            let r = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }

        /// A record made now by the tests' clock (the last day of fieldwork), or `at` another time.
        @discardableResult
        func record(_ args: [String], at time: String? = nil) throws -> CLI.Result {
            try CLI.run(["record", path] + args, in: dir, environment: time.map { ["AIMSAUDIT_NOW": $0] } ?? [:])
        }
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func newCreatesOnceAndNeverOverwrites() throws {
        let a = try Audit()
        #expect(FileManager.default.fileExists(atPath: a.path))
        let again = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01"], in: a.dir)
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists; aimsaudit never overwrites a workpaper"))
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2099"], in: a.dir).status == 64)
        #expect(try CLI.run(["new", "/nonexistent.yaml", "--audit", "IA-1"], in: a.dir).status == 66)
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-02", "-o", "/nonexistent/dir/x.aimsaudit"]).status == 73)
    }

    @Test func recordedResultsShowInListAndCheck() throws {
        let a = try Audit()
        let ok = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform",
                               "--add-evidence", "record=IA-2026-01 audit plan v2,description=Approved plan,from=Paul Renner,on=2026-11-23"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("recorded as olivia, events 2–3: cited E1 (record) on 9.2.1; graded 9.2.1 conform"))
        let j = try a.record(["--as", "amara", "--item", "A.5.2", "--note", "Template reviewed", "--justify", "Advice was on layout only",
                              "--safeguard", "Olivia reviews the note"])
        #expect(j.status == 0, "\(j.stderr)")

        let list = try json(try CLI.run(["list", a.path, "--format", "json"]).stdout)
        let items = try #require(list["items"] as? [[String: Any]])
        let plan = try #require(items.first { $0["key"] as? String == "9.2.1" })
        #expect(plan["grade"] as? String == "conform")
        #expect(plan["evidence"] as? Int == 1)
        let text = try CLI.run(["list", a.path]).stdout
        #expect(text.contains("GRADE    EV"))
        #expect(text.contains("audited 1 of 59 items"))

        let check = try json(try CLI.run(["check", a.path, "--format", "json"]).stdout)
        let verdicts = try #require(check["verdicts"] as? [[String: Any]])
        let warned = try #require(verdicts.first { $0["item"] as? String == "A.5.2" && $0["auditor"] as? String == "amara" && $0["rule"] as? String == "IND-08" })
        #expect((warned["justification"] as? [String: Any])?["text"] as? String == "Advice was on layout only")
        #expect(try CLI.run(["check", a.path]).stdout.contains("justified: Advice was on layout only"))
    }

    @Test func refusalsSayWhichRuleAndExitOne() throws {
        let a = try Audit()
        let blocked = try a.record(["--as", "priya", "--item", "A.7.4@claimsort", "--grade", "observation"])
        #expect(blocked.status == 1)
        #expect(blocked.stderr == "aimsaudit: refused (IND-01): Priya Raman may not record on A.7.4@claimsort: Priya Raman is owner of A.7.4 for ClaimSort since 2024-03-01. Independent in the team: amara, tomasz, olivia, daniel.\n")
        // Those who could audit it only with a justification are named apart from the independent.
        let former = try a.record(["--as", "tomasz", "--item", "A.6.2.6@claimsort", "--grade", "observation"])
        #expect(former.stderr.hasSuffix("In the team, only with a justification: amara, priya, olivia, daniel.\n"), "\(former.stderr)")
        let logs = try a.record(["--as", "tomasz", "--item", "A.6.2.8@claimsort", "--grade", "observation"])
        #expect(logs.stderr.hasSuffix("Independent in the team: olivia, daniel; with a justification: amara, priya.\n"), "\(logs.stderr)")
        let warned = try a.record(["--as", "amara", "--item", "A.5.2", "--grade", "ofi"])
        #expect(warned.status == 1)
        #expect(warned.stderr.hasPrefix("aimsaudit: refused (IND-08): Amara Nwosu has independence warnings on A.5.2"))
        let gr1 = try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "major", "--requirement", "9.2.2"])
        #expect(gr1.status == 1)
        #expect(gr1.stderr.contains("refused (GR-1)"))
        #expect(try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "conform"]).stderr.contains("refused (GR-2)"))
        #expect(try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "not-applicable"]).stderr.contains("refused (GR-3)"))
        #expect(try a.record(["--as", "james", "--item", "9.2.2", "--note", "x"]).stderr.contains("refused (TEAM)"))
        // Nothing refused was written.
        let list = try json(try CLI.run(["list", a.path, "--format", "json"]).stdout)
        #expect((list["items"] as? [[String: Any]])?.allSatisfy { $0["grade"] as? String == "not-audited" } == true)
        #expect(try CLI.run(["verify", a.path]).stdout.contains("ok — 1 event"))
    }

    /// An observation or improvement opportunity without its text is refused (GR-5) with exit 1,
    /// naming the rule, and nothing is written; a note does not count. Good practice is said on
    /// purpose with --good-practice, and only that reaches the report, never the note.
    @Test func observationWithoutTextIsRefusedAndGoodPracticeIsSaidOnPurpose() throws {
        let a = try Audit()
        for grade in ["observation", "ofi"] {
            let bare = try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", grade, "--note", "my own reminder"])
            #expect(bare.status == 1)
            #expect(bare.stderr.hasPrefix("aimsaudit: refused (GR-5): ") && bare.stderr.contains("on 9.2.2 needs its text"), "\(bare.stderr)")
        }
        #expect(try CLI.run(["verify", a.path]).stdout.contains("ok — 1 event"))
        let ofi = try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "ofi", "--gap", "Confirm competences yearly"])
        #expect(ofi.status == 0, "\(ofi.stderr)")
        let good = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=plan v2",
                                 "--note", "ask Paul about v3", "--good-practice", "Plan approved a month ahead"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("wrote good practice on 9.2.1"))
        let report = try CLI.run(["export", a.path]).stdout
        #expect(report.contains("- **Opportunity for improvement, 9.2.2:** Confirm competences yearly\n"))
        #expect(report.contains("- **Good practice, 9.2.1:** Plan approved a month ahead\n"))
        #expect(!report.contains("ask Paul"))
        // The state tables keep it as the journal says (verify compares them).
        #expect(try CLI.run(["verify", a.path]).status == 0)
    }

    @Test func usageErrorsExit64() throws {
        let a = try Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.9", "--note", "x"]).stderr.contains("'9.2.9' is not on the checklist of IA-2026-01 (did you mean '9.2."))
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1"]).status == 64)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "minr"]).stderr.contains("(did you mean 'minor'?)"))
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--add-evidence", "memo=x"]).status == 64)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--add-evidence", "document=x,file=/nonexistent"]).status == 66)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--ca-due", "2027-13-01"]).status == 64)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--ca-outcome", "maybe"]).status == 64)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--ca-owner", "pual"]).stderr.contains("did you mean 'paul'"))
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--remove-evidence", "E7"]).status == 64)
    }

    /// A nonconformity followed through 10.2 from the command line: each step recorded as it
    /// happens, the verifier checked, the whole record in the report, the journal intact.
    @Test func correctiveActionThroughTheSteps() throws {
        let a = try Audit()
        let item = "A.6.2.8@ava"
        #expect(try a.record(["--as", "olivia", "--item", item, "--grade", "minor", "--requirement", "Logs 12 months",
                              "--evidence-text", "retention_days: 30", "--gap", "Logs kept 30 days",
                              "--ca-correction", "Retention set to 365 days", "--ca-contained-on", "2026-11-26"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", item, "--ca-root-cause-method", "5 whys", "--ca-root-cause", "Platform default",
                              "--ca-extent", "ClaimSort checked too", "--ca-action", "Pipeline check", "--ca-owner", "kenji",
                              "--ca-due", "2027-01-31", "--ca-effectiveness-criteria", "Three monthly checks pass"]).status == 0)
        // Kenji owns the action; Sofia owns Ava: neither may say it worked.
        let own = try a.record(["--as", "olivia", "--item", item, "--ca-verified-by", "kenji"])
        #expect(own.status == 1 && own.stderr.contains("refused (CA-2)"))
        let blocked = try a.record(["--as", "olivia", "--item", item, "--ca-verified-by", "sofia", "--ca-verified-on", "2027-04-30"])
        #expect(blocked.status == 1 && blocked.stderr.contains("refused (CA-3)"))
        let early = try a.record(["--as", "olivia", "--item", item, "--ca-outcome", "effective"])
        #expect(early.status == 1 && early.stderr.contains("refused (CA-4)"))
        // Done in January; at the end of April Kenji's manager verifies it, with the check's evidence
        // and the warning stated in the report.
        #expect(try a.record(["--as", "olivia", "--item", item, "--ca-implemented-on", "2027-01-25"], at: "2027-01-26T09:00:00Z").status == 0)
        #expect(try a.record(["--as", "olivia", "--item", item, "--ca-verified-by", "ines", "--ca-verified-on", "2027-04-30",
                              "--ca-result", "Three checks passed", "--ca-outcome", "effective", "--ca-aims-change", "DEP-CHK v4",
                              "--add-evidence", "record=Retention checks February to April 2027,on=2027-04-30"],
                             at: "2027-04-30T16:00:00Z").status == 0)
        let report = try CLI.run(["export", a.path]).stdout
        for line in ["- **Corrective action (10.2):** closed", "  - Correction: Retention set to 365 days", "  - Contained on: 2026-11-26",
                     "  - Root-cause method: 5 whys", "  - Extent check: ClaimSort checked too", "  - Owner: Kenji Mori",
                     "  - Verified by: Dr Ines Varga", "  - AIMS change: DEP-CHK v4", "  - Outcome: effective",
                     "  - Verifier's independence: IND-06 warning, Dr Ines Varga is above Kenji Mori",
                     "| Kenji Mori | 2027-01-31 | closed | verified by Dr Ines Varga on 2027-04-30 |"] {
            #expect(report.contains(line), "\(line)")
        }
        let verify = try CLI.run(["verify", a.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func exportIsByteIdenticalAndWritesAFile() throws {
        let a = try Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=plan"])
        let one = try CLI.run(["export", a.path]), two = try CLI.run(["export", a.path])
        #expect(one.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.hasPrefix("# Internal audit report: IA-2026-01"))
        let out = a.dir.appendingPathComponent("report.md").path
        #expect(try CLI.run(["export", a.path, "-o", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == one.stdout)
        #expect(try CLI.run(["export", a.path, "-o", "/nonexistent/dir/report.md"]).status == 73)
    }

    @Test func secondWriterGets75UntilTheHolderDies() throws {
        let a = try Audit()
        // The screen holds the workpaper for writing.
        let holder = Tmux([CLI.binary.path, "open", a.path, "--as", "amara"], in: a.dir)
        #expect(holder.wait(for: "Amara Nwosu"), "\(holder.screen)")
        let locked = try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "x"])
        #expect(locked.status == 75)
        #expect(locked.stderr.contains("is open for writing by process \(holder.pid) on \(ProcessInfo.processInfo.hostName) since 20"), "\(locked.stderr)")
        // Readers are not kept out.
        #expect(try CLI.run(["list", a.path]).status == 0)
        // Moved while open, it is still the same file, and still held.
        let moved = a.dir.appendingPathComponent("moved.aimsaudit").path
        #expect(try CLI.tool(["mv", a.path, moved]).status == 0)
        #expect(try CLI.run(["record", moved, "--as", "olivia", "--item", "9.2.1", "--note", "x"]).status == 75)
        #expect(try CLI.tool(["mv", moved, a.path]).status == 0)
        kill(holder.pid, SIGKILL)
        #expect(holder.waitForExit())
        let after = try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "x"])
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// `record` leaves nothing beside the workpaper in the user's folder: no lock file, no log.
    @Test func recordLeavesNothingBesideTheWorkpaper() throws {
        let a = try Audit()
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "x"]).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.dir.path) == ["IA-2026-01.aimsaudit"])
    }

    @Test func verifyNamesTheBrokenLinkAndExitsOne() throws {
        let a = try Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "first"])
        try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "second"])
        #expect(try CLI.run(["verify", a.path]).status == 0)
        try CLI.sql(a.path, "UPDATE journal SET payload=replace(payload,'first','FIRST') WHERE seq=2")
        let r = try CLI.run(["verify", a.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(a.path): event 2 (finding.noted by olivia at "))
        #expect(r.stderr.contains("was changed after it was recorded"))
    }

    @Test func damagedEventIsReportedNotIgnored() throws {
        let a = try Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "first"])
        try CLI.sql(a.path, "UPDATE journal SET payload='{' WHERE seq=2")
        let list = try CLI.run(["list", a.path])
        #expect(list.status == 65)
        #expect(list.stderr.contains("journal event 2 cannot be read"))
        #expect(try CLI.run(["verify", a.path]).status == 1)
        // Nor does the report leave out what the event recorded.
        let export = try CLI.run(["export", a.path, "-o", a.dir.appendingPathComponent("r.md").path])
        #expect(export.status == 65)
        #expect(export.stderr.contains("journal event 2 cannot be read"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: a.dir.appendingPathComponent("r.md").path))
    }

    /// The report reads each item's references as it reaches the item: one that cannot be read
    /// stops it, and the report written before stays as it was.
    @Test func evidenceThatCannotBeReadLeavesTheLastReport() throws {
        let a = try Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--add-evidence", "interview=Priya Raman", "--grade", "conform"])
        let report = a.dir.appendingPathComponent("report.md").path
        #expect(try CLI.run(["export", a.path, "-o", report]).status == 0)
        let before = try String(contentsOfFile: report, encoding: .utf8)
        #expect(before.contains("E1 (interview) Priya Raman"))
        try CLI.sql(a.path, "UPDATE evidence SET type = 'rumour' WHERE id = 1")
        let r = try CLI.run(["export", a.path, "-o", report])
        #expect(r.status != 0)
        #expect(r.stderr.contains("cannot read the evidence of 9.2.1"), "\(r.stderr)")
        #expect(try String(contentsOfFile: report, encoding: .utf8) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: a.dir.path).sorted() == ["IA-2026-01.aimsaudit", "report.md"])
    }
}

@Suite struct ReceiptCommandTests {
    @Test func receiptThenAgainst() throws {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", path]).status == 0)
        let r = try CLI.run(["verify", path, "--receipt"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("aimsaudit-receipt 1\naudit IA-2026-01\nevents 1\nhead "))
        let receipt = dir.appendingPathComponent("receipt.txt")
        try r.stdout.write(to: receipt, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--note", "x"]).status == 0)
        let ok = try CLI.run(["verify", path, "--against", receipt.path])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("only appended to since the receipt"))
        try CLI.sql(path, "UPDATE journal SET hash = 'x' || substr(hash, 2) WHERE seq = 1")
        let bad = try CLI.run(["verify", path, "--against", receipt.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("event 1 no longer has the hash the receipt"))
        let junk = dir.appendingPathComponent("junk.txt")
        try "hello".write(to: junk, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["verify", path, "--against", junk.path]).status == 65)
    }
}
