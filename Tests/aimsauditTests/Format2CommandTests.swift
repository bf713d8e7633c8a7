import Foundation
import Testing

/// Programme format 2 through the real binary: a format-1 programme still reads as before, and a
/// justification is given its safeguard and approved with `record`, as `check`, the report,
/// the JSON export and `verify` then show.
@Suite struct Format2CommandTests {
    static let fixtures = CLI.packageRoot.appendingPathComponent("Tests/Fixtures")

    /// The sample as it was in format 1 gives exactly the verdicts and problems it gave before
    /// format 2 (kept as `check --format json` printed them).
    @Test(arguments: [("IA-2026-01", Int32(0)), ("IA-2026-02", Int32(1))])
    func aFormatOneProgrammeReadsUnchanged(audit: String, status: Int32) throws {
        let programme = Self.fixtures.appendingPathComponent("harbourline-format1.yaml").path
        #expect(try String(contentsOfFile: programme, encoding: .utf8).contains("\nformat: aimsaudit/programme@1\n"))
        let r = try CLI.run(["check", programme, "--audit", audit, "--format", "json"])
        #expect(r.status == status, "\(r.stderr)")
        let kept = try String(contentsOf: Self.fixtures.appendingPathComponent("harbourline-format1.\(audit).check.json"), encoding: .utf8)
        #expect(r.stdout == kept)
    }

    @Test func aJustificationNeedsASafeguardAndTheLeadsApproval() throws {
        let dir = try CLI.temporaryDirectory()
        let wp = dir.appendingPathComponent("IA-2026-01.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01"], in: dir).status == 0)
        func record(_ args: [String]) throws -> CLI.Result { try CLI.run(["record", wp] + args, in: dir) }
        /// `check`'s text with its lines joined (it wraps at 80 columns).
        func check() throws -> String { try CLI.run(["check", wp]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let item = ["--item", "A.7.4@ava"]

        // Priya and Kenji, the item's owner, both report to Ines (IND-19).
        let bare = try record(["--as", "priya"] + item + ["--note", "corpus", "--justify", "Not my team"])
        #expect(bare.status == 1)
        #expect(bare.stderr.hasPrefix("aimsaudit: refused (IND-19): Priya Raman's justification on A.7.4@ava needs a safeguard"), "\(bare.stderr)")
        #expect(bare.stderr.contains("(--safeguard TEXT)"))
        let given = try record(["--as", "priya"] + item + ["--note", "corpus", "--justify", "Not my team", "--safeguard", "Olivia re-performs"])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try check().contains("justified: Not my team (safeguard: Olivia re-performs); awaiting approval by amara"))

        let own = try record(["--as", "priya"] + item + ["--approve", "priya"])
        #expect(own.status == 1)
        #expect(own.stderr == "aimsaudit: refused (APPROVE): Priya Raman may not approve their own justification on A.7.4@ava: the lead, Amara Nwosu, approves it\n")
        let other = try record(["--as", "olivia"] + item + ["--approve", "priya"])
        #expect(other.status == 1 && other.stderr.contains("Olivia Brandt may not approve the justification of Priya Raman"))
        #expect(try record(["--as", "amara"] + item + ["--approve", "pryia"]).status == 64)
        let approved = try record(["--as", "amara"] + item + ["--approve", "priya"])
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("approved the justification of priya auditing A.7.4@ava"))

        // The lead's own justification: the programme owner, Paul, outside the team, approves it.
        let lead = ["--as", "amara", "--item", "A.6.2.6@claimsort"]
        #expect(try record(lead + ["--note", "drift", "--justify", "Tomasz left the control", "--safeguard", "Paul reviews"]).status == 0)
        #expect(try record(lead + ["--approve", "amara"]).stderr.contains("the lead's justifications are approved by the programme owner, Paul Renner"))
        #expect(try record(["--as", "paul", "--item", "A.6.2.6@claimsort", "--approve", "amara"]).status == 0)

        let checked = try check()
        #expect(checked.contains("(safeguard: Olivia re-performs); approved by amara"), "\(checked)")
        #expect(checked.contains("(safeguard: Paul reviews); approved by paul"))
        let json = try CLI.run(["check", wp, "--format", "json"]).stdout
        #expect(json.contains("\"approved_by\" : \"paul\""))
        let report = try CLI.run(["export", wp]).stdout
        #expect(report.contains("| Olivia re-performs | Approved by Amara Nwosu (lead) |"))
        #expect(report.contains("| Paul reviews | Approved by Paul Renner (programme owner) |"))
        #expect(report.contains("All are approved."))
        // Approving is not recording a result on the item.
        let audit = try #require(try JSONSerialization.jsonObject(with: Data(try CLI.run(["export", wp, "--format", "json"]).stdout.utf8)) as? [String: Any])
        let items = try #require(audit["items"] as? [[String: Any]])
        #expect(items.first { $0["key"] as? String == "A.6.2.6@claimsort" }?["recorded_by"] as? [String] == ["amara"])
        // The state tables keep the approvers as the journal records them.
        let verify = try CLI.run(["verify", wp])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // A new justification takes the approval back until it is approved again.
        #expect(try record(["--as", "priya"] + item + ["--justify", "Reworded", "--safeguard", "Olivia re-performs"]).status == 0)
        #expect(try CLI.run(["export", wp]).stdout.contains("| Reworded | Olivia re-performs | **Awaiting approval** by Amara Nwosu |"))
    }

    /// Replicas: a justification recorded on the auditor's laptop, approved on the lead's, reaches
    /// both by merge, each judged again as it comes in.
    @Test func anApprovalTravelsBetweenReplicas() throws {
        let dir = try CLI.temporaryDirectory()
        let lead = dir.appendingPathComponent("lead.aimsaudit").path, priya = dir.appendingPathComponent("priya.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", lead]).status == 0)
        #expect(try CLI.run(["fork", lead, "--for", "priya", "-o", priya]).status == 0)
        let justified = try CLI.run(["record", priya, "--as", "priya", "--item", "A.7.5@ava", "--grade", "observation", "--gap", "No corpus version",
                                     "--justify", "Never on Ava's corpus", "--safeguard", "Amara reviews the sample"])
        #expect(justified.status == 0, "\(justified.stderr)")
        #expect(try CLI.run(["merge", lead, priya]).status == 0)
        #expect(try CLI.run(["record", lead, "--as", "amara", "--item", "A.7.5@ava", "--approve", "priya"]).status == 0)
        let back = try CLI.run(["merge", priya, lead])
        #expect(back.status == 0, "\(back.stderr)")
        for copy in [lead, priya] {
            #expect(try CLI.run(["export", copy]).stdout.contains("| Amara reviews the sample | Approved by Amara Nwosu (lead) |"), "\(copy)")
            #expect(try CLI.run(["verify", copy]).status == 0)
        }
    }
}
