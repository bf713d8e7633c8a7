import Foundation
import Testing

/// The rules on who changes what, on dates and on closing, through `record` as an auditor types
/// it: each case refused with its rule and the option that puts it right (exit 1), then recorded
/// with a reason, and what the exported report then says.
@Suite struct RecordRulesCommandTests {
    typealias Audit = WorkpaperCommandTests.Audit

    func report(_ a: Audit) throws -> String {
        let r = try CLI.run(["export", a.path, "--as-of", "2026-11-27"])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    /// The case: the lead, with an independence warning (IND-11 on A.6.2.6@ava), changes another
    /// auditor's major to a minor with the justification "ok".
    @Test func aChangeOfAnotherAuditorsGradeNeedsAReasonAndTheReportShowsIt() throws {
        let a = try Audit()
        let item = "A.6.2.6@ava"
        #expect(try a.record(["--as", "tomasz", "--item", item, "--grade", "major", "--requirement", "A.6.2.6",
                              "--evidence-text", "9 of 14 alerts never closed", "--gap", "Quality alerts are not reviewed"]).status == 0)
        let bare = try a.record(["--as", "amara", "--item", item, "--grade", "minor", "--justify", "ok", "--safeguard", "Paul Renner reviews the change"])
        #expect(bare.status == 1)
        #expect(bare.stderr == "aimsaudit: refused (GR-6): the record on A.6.2.6@ava needs a reason: changes the grade Tomasz Wierzbicki recorded (major → minor) (--reason TEXT)\n")
        // Nothing of the refused record was kept, the justification neither.
        #expect(!(try report(a)).contains("| ok |"))
        let reason = "5 of the 14 alerts were reviewed within a day: a lapse in assigning alerts, not a breakdown"
        let changed = try a.record(["--as", "amara", "--item", item, "--grade", "minor", "--justify", "ok", "--safeguard", "Paul Renner reviews the change", "--reason", reason])
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("gave the reason for GR-6 on A.6.2.6@ava"), "\(changed.stdout)")
        // Only Tomasz, whose grade was changed, may disagree; a reason is for what needs one.
        let other = try a.record(["--as", "olivia", "--item", item, "--disagree", "I would say major"])
        #expect(other.status == 1 && other.stderr.hasPrefix("aimsaudit: refused (GR-7): Olivia Brandt may record disagreement on A.6.2.6@ava only with a change"), "\(other.stderr)")
        let needless = try a.record(["--as", "tomasz", "--item", item, "--note", "call Kenji", "--reason", "because"])
        #expect(needless.status == 1 && needless.stderr.hasPrefix("aimsaudit: refused (REASON): nothing in this record on A.6.2.6@ava needs a reason"), "\(needless.stderr)")
        #expect(try a.record(["--as", "tomasz", "--item", item, "--disagree", "Two thirds of the alerts went unreviewed: a breakdown"]).status == 0)
        let text = try report(a)
        #expect(text.contains("""
            - **Recorded by:** Amara Nwosu, Tomasz Wierzbicki
            - **Graded by:** Amara Nwosu
            - **Changed by another auditor:**
              - Grade: major nonconformity, as Tomasz Wierzbicki recorded it, changed to minor nonconformity by Amara Nwosu; reason: \(reason)
            - **Disagreement of Tomasz Wierzbicki:** Two thirds of the alerts went unreviewed: a breakdown

            """), "\(text)")
        #expect(text.contains("| F-01, A.6.2.6@ava | Grade | major nonconformity (Tomasz Wierzbicki) | minor nonconformity (Amara Nwosu) | \(reason) |"))
        #expect(text.contains("- **F-01, A.6.2.6@ava: Tomasz Wierzbicki disagrees.** Two thirds of the alerts went unreviewed: a breakdown"))
        #expect(try CLI.run(["verify", a.path]).status == 0)
    }

    /// The case: evidence dated 2027-06-30 and 2020-01-01 accepted for conformities; results
    /// recorded before fieldwork counted as fieldwork.
    @Test func datesOutsideTheAuditsNeedAReasonAndTheReportSaysWhich() throws {
        let a = try Audit()
        let future = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Audit plan v3,on=2027-06-30"])
        #expect(future.status == 1)
        #expect(future.stderr == "aimsaudit: refused (DATE-1): the record on 9.2.1 needs a reason: E1 is dated 2027-06-30, after the day it is recorded (2026-11-27) (--reason TEXT)\n")
        let old = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Audit charter,on=2020-01-01"])
        #expect(old.status == 1)
        #expect(old.stderr == "aimsaudit: refused (DATE-2): the record on 9.2.1 needs a reason: E1 is dated 2020-01-01, before the audit period (2025-10-01 to 2026-09-30) (--reason TEXT)\n")
        #expect(try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=Audit charter,on=2020-01-01",
                              "--reason", "The 2020 audit charter is still in force"]).status == 0)
        // Before fieldwork; then an item re-opened after it.
        let early = try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "ofi", "--gap", "Competences undated"], at: "2026-11-20T09:00:00Z")
        #expect(early.stderr == "aimsaudit: refused (DATE-3): the record on 9.2.2 needs a reason: recorded on 2026-11-20, before fieldwork (2026-11-23 to 2026-11-27) (--reason TEXT)\n")
        #expect(try a.record(["--as", "olivia", "--item", "9.2.2", "--grade", "ofi", "--gap", "Competences undated"]).status == 0)
        #expect(try a.record(["--as", "olivia", "--item", "9.2.2", "--gap", "Competences undated; the list of 2026-12-01 confirms it",
                              "--reason", "Re-opened after fieldwork: the competence list promised at the closing meeting came on 2026-12-01"],
                             at: "2026-12-02T09:00:00Z").status == 0)
        let text = try report(a)
        #expect(text.contains("""
            | Item | Recorded by | What | Reason |
            |---|---|---|---|
            | 9.2.2 | Olivia Brandt | DATE-3: recorded on 2026-12-02, after fieldwork (2026-11-23 to 2026-11-27) | Re-opened after fieldwork: the competence list promised at the closing meeting came on 2026-12-01 |
            | 9.2.1 | Olivia Brandt | DATE-2: E1 is dated 2020-01-01, before the audit period (2025-10-01 to 2026-09-30) | The 2020 audit charter is still in force |
            """), "\(text)")
        #expect(text.contains("recorded 5 during fieldwork, 2 after fieldwork"), "\(text)")
    }

    /// The case: a major's action recorded `effective` two days after fieldwork, with no
    /// implementation date and no result, although its check was due months later.
    @Test func anOutcomeNeedsItsImplementationResultAndEvidenceAndWaitsForItsCheck() throws {
        let a = try Audit()
        let item = "A.6.2.8@ava"
        #expect(try a.record(["--as", "olivia", "--item", item, "--grade", "major", "--requirement", "r", "--evidence-text", "e",
                              "--gap", "Logs kept 30 days", "--ca-action", "Pipeline check", "--ca-owner", "kenji", "--ca-due", "2027-01-31",
                              "--ca-effectiveness-criteria", "Three monthly checks pass", "--ca-effectiveness-due", "2027-05-31"]).status == 0)
        let early = try a.record(["--as", "olivia", "--item", item, "--ca-verified-by", "paul", "--ca-verified-on", "2026-11-29",
                                  "--ca-outcome", "effective"], at: "2026-11-29T10:00:00Z")
        #expect(early.status == 1)
        #expect(early.stderr == "aimsaudit: refused (CA-5): an effectiveness outcome on A.6.2.8@ava needs the implementation date, the result and an evidence reference of the check, obtained on or after the implementation (--ca-implemented-on, --ca-result, --add-evidence TYPE=REF)\n")
        let closing = ["--as", "olivia", "--item", item, "--ca-implemented-on", "2027-01-20", "--ca-result", "Two monthly checks passed",
                       "--ca-verified-by", "paul", "--ca-verified-on", "2027-03-15", "--ca-outcome", "effective",
                       "--add-evidence", "record=Retention checks January and February,on=2027-03-15"]
        let soon = try a.record(closing, at: "2027-03-15T10:00:00Z")
        #expect(soon.stderr == "aimsaudit: refused (CA-7): the record on A.6.2.8@ava needs a reason: the effectiveness of the action is verified on 2027-03-15, before its check was due (2027-05-31) (--reason TEXT)\n")
        let before = try a.record(["--as", "olivia", "--item", item, "--ca-implemented-on", "2027-03-20", "--ca-result", "r",
                                   "--ca-verified-by", "paul", "--ca-verified-on", "2027-03-15", "--ca-outcome", "effective",
                                   "--add-evidence", "record=Check,on=2027-03-20", "--reason", "x"], at: "2027-03-20T10:00:00Z")
        #expect(before.stderr.hasPrefix("aimsaudit: refused (CA-6): the corrective action on A.6.2.8@ava cannot be verified (2027-03-15) before it was implemented (2027-03-20)"), "\(before.stderr)")
        #expect(try a.record(closing + ["--reason", "The pipeline check blocks any deployment below 12 months: the third check cannot fail"],
                             at: "2027-03-15T10:00:00Z").status == 0)
        let text = try CLI.run(["export", a.path]).stdout
        #expect(text.contains("| F-01 | A.6.2.8@ava | Major nonconformity | Kenji Mori | 2027-01-31 | closed | verified by Paul Renner on 2027-03-15 |"), "\(text)")
        #expect(text.contains("| A.6.2.8@ava | Olivia Brandt | CA-7: the effectiveness of the action is verified on 2027-03-15, before its check was due (2027-05-31) | The pipeline check blocks any deployment below 12 months: the third check cannot fail |"), "\(text)")
    }
}
