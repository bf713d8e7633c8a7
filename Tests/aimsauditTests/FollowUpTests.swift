import Foundation
import Testing

/// Nonconformities followed from one audit into the next: what is still open is carried over
/// as a re-test item, even beyond the next audit's scope, and the re-test is reported.
@Suite struct FollowUpTests {
    @Test func anOpenNonconformityIsCarriedIntoTheNextAuditAndReTested() throws {
        let dir = try CLI.temporaryDirectory()
        let first = dir.appendingPathComponent("IA-2026-01.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01"], in: dir).status == 0)
        func record(_ path: String, _ args: [String], at time: String? = nil) throws {
            let r = try CLI.run(["record", path] + args, in: dir, environment: time.map { ["AIMSAUDIT_NOW": $0] } ?? [:])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let statement = ["--requirement", "r", "--evidence-text", "e"]
        // Open: an action planned but not yet verified.
        try record(first, ["--as", "olivia", "--item", "A.6.2.8@ava", "--grade", "major", "--gap", "Logs kept 30 days",
                           "--ca-action", "Pipeline check", "--ca-owner", "kenji", "--ca-due", "2027-01-31"] + statement)
        // Closed: verified effective before the next audit.
        try record(first, ["--as", "olivia", "--item", "A.10.3@talentlens", "--grade", "minor", "--gap", "No change clause",
                           "--ca-action", "Contract amended", "--ca-owner", "noah", "--ca-due", "2026-11-30",
                           "--ca-implemented-on", "2026-11-26", "--ca-effectiveness-criteria", "Clause signed",
                           "--ca-result", "Amendment 2 signed with the change clause", "--ca-verified-by", "olivia",
                           "--ca-verified-on", "2026-11-27", "--ca-outcome", "effective",
                           "--add-evidence", "document=MSA-BP-2024 amendment 2,on=2026-11-27"] + statement)
        // Open, on an item the next audit's lead (Paul) owns.
        try record(first, ["--as", "olivia", "--item", "9.2.2", "--grade", "minor", "--gap", "No competence dates"] + statement)
        // An observation is not carried.
        try record(first, ["--as", "olivia", "--item", "A.7.5@ava", "--grade", "observation", "--gap", "n"])

        let second = dir.appendingPathComponent("IA-2026-02.aimsaudit").path
        let made = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-02", "--previous", first], in: dir)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("carried over 2 open nonconformities to re-test: "), "\(made.stdout)")
        #expect(made.stdout.contains("A.6.2.8@ava (major of IA-2026-01)") && made.stdout.contains("9.2.2 (minor of IA-2026-01)"))
        #expect(made.stdout.contains("added to the checklist beyond the scope: 9.2.2, A.6.2.8@ava"), "\(made.stdout)")
        let list = try CLI.run(["list", second, "--format", "json"], in: dir)
        #expect(list.stdout.contains("A.6.2.8@ava") && !list.stdout.contains("A.10.3@talentlens"))
        // Carrying over is not recording: the lead who made the workpaper is not counted as
        // having recorded on the carried item, even where blocked on it.
        let check = try CLI.run(["check", second], in: dir).stdout
        #expect(check.contains("9.2.2") && !check.contains("was recorded by"))
        // Re-tested, during the second audit's fieldwork, by someone in the new team who is independent of it.
        try record(second, ["--as", "paul", "--item", "A.6.2.8@ava", "--grade", "conform", "--add-evidence", "record=Config export v2"],
                   at: "2026-12-08T10:00:00Z")
        let report = try CLI.run(["export", second], in: dir).stdout
        // It records the re-test; the major stays open until its action is verified effective.
        #expect(report.contains("| A.6.2.8@ava | IA-2026-01 | Major nonconformity | planned | Conformity; the nonconformity stays open until its action is verified effective |"),
                "\(report)")
        // The conforming re-test says what it re-tested and who did it.
        #expect(report.contains("#### A.6.2.8@ava AI system recording of event logs\n\n- **Recorded by:** Paul Renner\n"))
        #expect(report.contains("- **Carried over:** re-test of the major nonconformity of IA-2026-01 (workpaper IA-2026-01.aimsaudit"))
        // Its earlier results: the carried finding, with what the earlier workpaper found.
        #expect(report.contains("- **Earlier results:**\n  - IA-2026-01, 2026-11-27: major nonconformity, open; it found: Logs kept 30 days\n"), "\(report)")
        #expect(try CLI.run(["verify", second], in: dir).status == 0)

        // The management review input over both: a conforming re-test does not close the major, whose
        // action is not verified effective (it is late); the minor verified effective is closed.
        let review = try CLI.run(["export", "--format", "review", second, first, "--as-of", "2027-03-01"], in: dir)
        #expect(review.status == 0, "\(review.stderr)")
        // The sample's history still records IA-2025-02's minor on A.5.3@talentlens as open.
        #expect(review.stdout.contains("3 open: 1 overdue, 0 found not effective, 1 without a complete action, 1 known only from the programme's history; 1 closed"), "\(review.stdout)")
        #expect(review.stdout.contains("| IA-2026-01 | A.6.2.8@ava | major | Logs kept 30 days | Kenji Mori | 2027-01-31 | overdue | 29 | conform in IA-2026-02, not closing it | 94 |"),
                "\(review.stdout)")
        // Over the first alone, the major's action is late.
        let alone = try CLI.run(["export", "--format", "review", first, "--as-of", "2027-03-01", "-o", "review.md"], in: dir)
        #expect(alone.status == 0)
        let text = try String(contentsOfFile: dir.appendingPathComponent("review.md").path, encoding: .utf8)
        #expect(text.contains("| IA-2026-01 | A.6.2.8@ava | major | Logs kept 30 days | Kenji Mori | 2027-01-31 | overdue | 29 |"))
        #expect(try CLI.run(["export", first, second], in: dir).stderr.contains("one workpaper per audit report; --format review takes several"))

        // The later workpaper is no earlier audit of the first.
        let backwards = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", "again.aimsaudit", "--previous", second], in: dir)
        #expect(backwards.status == 65 && backwards.stderr.contains("--previous takes an earlier audit"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("again.aimsaudit").path))

        // Nor is a workpaper of another organisation's programme.
        let other = dir.appendingPathComponent("other.yaml")
        try String(contentsOfFile: CLI.sample, encoding: .utf8).replacingOccurrences(of: "name: Harbourline Mutual", with: "name: Elsewhere Ltd")
            .write(to: other, atomically: true, encoding: .utf8)
        let foreign = try CLI.run(["new", other.path, "--audit", "IA-2026-02", "-o", "foreign.aimsaudit", "--previous", first], in: dir)
        #expect(foreign.status == 65 && foreign.stderr.contains("is a workpaper of Harbourline Mutual, not of Elsewhere Ltd"), "\(foreign.stderr)")
    }
}

extension FollowUpTests {
    /// A finding carried from A into B and re-tested there without a nonconformity while its action
    /// is not verified, then closed in A's own workpaper: the next audit C, given both, does not
    /// bring it back; given B alone, it re-tests it again, B's re-test recorded with it.
    @Test func aFindingClosedAtItsOriginIsNotBroughtBackByACopy() throws {
        let dir = try CLI.temporaryDirectory()
        let third = """

              - id: IA-2027-01
                title: AIMS internal audit 2027
                objectives: Follow up.
                criteria: [ISO/IEC 42001:2023]
                scope: {systems: [ava], requirements: ["9.1"]}
                period: {from: 2026-12-01, to: 2027-05-31}
                fieldwork: {from: 2027-06-07, to: 2027-06-11}
                lead: paul
                team: [paul, grace, lena]

            """
        let programme = dir.appendingPathComponent("programme.yaml")
        try (String(contentsOfFile: CLI.sample, encoding: .utf8) + third).write(to: programme, atomically: true, encoding: .utf8)
        func run(_ args: [String], at time: String? = nil) throws -> CLI.Result {
            let r = try CLI.run(args, in: dir, environment: time.map { ["AIMSAUDIT_NOW": $0] } ?? [:])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r
        }
        _ = try run(["new", programme.path, "--audit", "IA-2026-01", "-o", "a.aimsaudit"])
        _ = try run(["record", "a.aimsaudit", "--as", "olivia", "--item", "A.6.2.8@ava", "--grade", "major", "--requirement", "r",
                     "--evidence-text", "e", "--gap", "g", "--ca-action", "Fix", "--ca-owner", "kenji", "--ca-due", "2027-01-31"])
        _ = try run(["new", programme.path, "--audit", "IA-2026-02", "-o", "b.aimsaudit", "--previous", "a.aimsaudit"])
        _ = try run(["record", "b.aimsaudit", "--as", "paul", "--item", "A.6.2.8@ava", "--grade", "conform",
                     "--add-evidence", "record=Config export v2,on=2026-12-08"], at: "2026-12-08T10:00:00Z")
        // Before the action is verified, B's conforming re-test does not close it: C re-tests it again.
        let early = try run(["new", programme.path, "--audit", "IA-2027-01", "-o", "c0.aimsaudit", "--previous", "b.aimsaudit"])
        #expect(early.stdout.contains("carried over 1 open nonconformity to re-test: A.6.2.8@ava (major of IA-2026-01)"), "\(early.stdout)")
        let c0 = try run(["export", "c0.aimsaudit"]).stdout
        #expect(c0.contains("re-tested before in IA-2026-02 (conformity, fieldwork ended 2026-12-11), which did not close it"), "\(c0)")
        _ = try run(["record", "a.aimsaudit", "--as", "olivia", "--item", "A.6.2.8@ava", "--ca-effectiveness-criteria", "c",
                     "--ca-implemented-on", "2027-01-20", "--ca-result", "Retention checks pass", "--ca-verified-by", "paul",
                     "--ca-verified-on", "2027-03-01", "--ca-outcome", "effective", "--add-evidence", "record=Retention check,on=2027-03-01"],
                    at: "2027-03-01T12:00:00Z")
        let both = try run(["new", programme.path, "--audit", "IA-2027-01", "-o", "c.aimsaudit", "--previous", "a.aimsaudit", "--previous", "b.aimsaudit"])
        #expect(!both.stdout.contains("carried over"), "\(both.stdout)")
        let copyOnly = try run(["new", programme.path, "--audit", "IA-2027-01", "-o", "c2.aimsaudit", "--previous", "b.aimsaudit"])
        #expect(copyOnly.stdout.contains("carried over 1 open nonconformity to re-test: A.6.2.8@ava (major of IA-2026-01)"))
    }
}
