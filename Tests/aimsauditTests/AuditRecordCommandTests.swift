import Foundation
import Testing

/// The audit's record with the real binary: the demo's committed report carries every part of it,
/// a change after approval makes the report say so until approved again, a blocked reviewer and
/// anyone but the lead are refused by their rules, and the programme's new keys are checked.
@Suite struct AuditRecordCommandTests {
    /// A copy of the demo workpaper to change.
    func demoCopy() throws -> (dir: URL, path: String) {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("IA-2026-01.aimsaudit").path
        try FileManager.default.copyItem(atPath: try Demo.workpaper(), toPath: path)
        return (dir, path)
    }

    func journalCount(_ path: String) throws -> String { try CLI.query(path, "select count(*) from journal").first ?? "" }

    @Test func theDemosCommittedReportCarriesTheAuditsRecord() throws {
        let committed = try String(contentsOf: CLI.packageRoot.appendingPathComponent("SampleData/harbourline/report.md"), encoding: .utf8)
        for text in [
            "| Report date | 2026-12-01 |", "| Version and status | 1, final |", "| Author | Amara Nwosu, lead auditor |",
            "| Audit client | Helen Achebe |",
            "| Approval | Version 1 approved by Amara Nwosu (lead auditor) at ",
            "### 4.3 Auditees and people interviewed", "| Tom Ashby | Brightpath Analytics | Engagement lead for TalentLens |",
            "| Elif Demir | A.6.2.4@claimsort | 2026-11-23 |",
            "- Head office, Leith — on site", "- Video calls with Brightpath and Nimbus — remote",
            "### 5.1 Opening and closing meetings", "**Opening meeting**", "**Closing meeting**", "- **When:** 2026-11-27 15:30",
            "- **Attendees:** Amara Nwosu, Olivia Brandt, Tomasz Wierzbicki, Helen Achebe, Dr Ines Varga, Sofia Lindqvist, Marcus Oyelaran, Noah Park, Tom Ashby (Brightpath Analytics)",
            "**Lead auditor's conclusion** (Amara Nwosu). Objectives partly met.",
            "**Review of the work.** 10 of 15 audited items reviewed",
            "- **Auditee's response:** disagreed by Marcus Oyelaran: Release 5.2",
            "- **Reviewed by:** Amara Nwosu — Statement checked against the configuration export",
            "Auditee's responses: 8 of 9 findings agreed, 1 disagreed, 0 without a response recorded.",
            "| F-02 | A.5.3@talentlens | Minor nonconformity: The impact assessment of TalentLens was not repeated",
            "| Marcus Oyelaran: Release 5.2 changed the ranking model",
            "| A.5.4@talentlens | Assessing AI system impact on individuals or groups of individuals | A | 72.5 | Brightpath could not give access",
            "IA-2027-01 (not yet planned)",
            "Confidentiality: Internal. For the distribution list",
        ] {
            #expect(committed.contains(text), "SampleData/harbourline/report.md lacks: \(text)")
        }
        #expect(!committed.contains("DRAFT") && !committed.contains("Amended after approval") && !committed.contains("Not approved."))
    }

    @Test func aChangeAfterApprovalMakesTheReportAmendedUntilTheLeadApprovesAgain() throws {
        let (_, path) = try demoCopy()
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--note", "Plan v3 seen after the report"]).status == 0)
        let amended = try CLI.run(["export", path]).stdout
        #expect(amended.contains("**Amended after approval.** 1 event was recorded after Amara Nwosu approved version 1"), "\(amended.prefix(900))")
        #expect(amended.contains("| Version and status | 2, draft, amended after approval of version 1 |"))
        #expect(amended.contains("; 1 event recorded since |"))
        // Only the lead approves, and only the journal as it stands.
        let olivia = try CLI.run(["record", path, "--as", "olivia", "--approve-report"])
        #expect(olivia.status == 1)
        #expect(olivia.stderr.contains("refused (LEAD): only the lead, Amara Nwosu (amara), approves the report"), "\(olivia.stderr)")
        #expect(try CLI.run(["record", path, "--as", "amara", "--approve-report", "--report-date", "2026-12-02"]).status == 0)
        let final = try CLI.run(["export", path]).stdout
        #expect(final.contains("| Version and status | 2, final |") && final.contains("| Report date | 2026-12-02 |"))
        #expect(!final.contains("Amended after approval"))
        let twice = try CLI.run(["record", path, "--as", "amara", "--approve-report"])
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("refused (APPROVE-4): the report is approved as it stands (version 2)"), "\(twice.stderr)")
        // A draft says so at its top, whatever was approved.
        #expect(try CLI.run(["export", path, "--draft"]).stdout.hasPrefix("# DRAFT — Internal audit report: IA-2026-01"))
    }

    @Test func aReviewerBlockedOnAnItemIsRefusedByTheIndependenceRules() throws {
        let (_, path) = try demoCopy()
        let before = try journalCount(path)
        let one = try CLI.run(["record", path, "--as", "priya", "--item", "A.7.5@claimsort", "--reviewed"])
        #expect(one.status == 1)
        #expect(one.stderr.hasPrefix("aimsaudit: refused (IND-01): Priya Raman may not record on A.7.5@claimsort: Priya Raman is owner of A.7.5 for ClaimSort"), "\(one.stderr)")
        // Reviewing several at once, one blocked item refuses them all.
        let many = try CLI.run(["record", path, "--as", "priya", "--review", "A.7.5@ava,A.7.5@claimsort"])
        #expect(many.status == 1)
        #expect(many.stderr.contains("refused (IND-01)"), "\(many.stderr)")
        #expect(try journalCount(path) == before)
        // Nothing to review on an item not audited; the review's notes go with a review.
        let nothing = try CLI.run(["record", path, "--as", "olivia", "--item", "A.6.2.4@talentlens", "--reviewed"])
        #expect(nothing.status == 1 && nothing.stderr.contains("refused (REVIEW-1)"), "\(nothing.stderr)")
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--review-notes", "ok"]).status == 64)
        // An independent reviewer is recorded, and a later change re-opens the review.
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--reviewed", "--review-notes", "Plan checked"]).status == 0)
        #expect(try CLI.run(["export", path]).stdout.contains("**Review of the work.** 11 of 15 audited items reviewed"))
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--evidence-text", "Plan v3 seen"]).status == 0)
        #expect(try CLI.run(["export", path]).stdout.contains("**Review of the work.** 10 of 15 audited items reviewed"))
        #expect(try CLI.run(["verify", path]).status == 0)
    }

    @Test func meetingsResponsesAndTheLeadsPartAreCheckedWhereTheyAreGiven() throws {
        let (_, path) = try demoCopy()
        let stranger = try CLI.run(["record", path, "--as", "tomasz", "--meeting", "closing", "--meeting-date", "2026-11-27",
                                    "--meeting-attendees", "amara,tom-ashbee"])
        #expect(stranger.status == 64)
        #expect(stranger.stderr.contains("refused (MEET-2): unknown attendee 'tom-ashbee' of the closing meeting: name a person of the programme or a guest of the audit by id (did you mean 'tom-ashby'?) (--meeting-attendees)"), "\(stranger.stderr)")
        let reasonless = try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.2", "--response", "disagreed", "--response-by", "paul"])
        #expect(reasonless.status == 64 && reasonless.stderr.contains("refused (RESP-2)"), "\(reasonless.stderr)")
        let conform = try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--response", "agreed", "--response-by", "paul"])
        #expect(conform.status == 1 && conform.stderr.contains("refused (RESP-1): a response belongs to a finding; 9.2.1 is graded conform"), "\(conform.stderr)")
        let conclusion = try CLI.run(["record", path, "--as", "olivia", "--conclusion", "Mine", "--objectives", "met"])
        #expect(conclusion.status == 1 && conclusion.stderr.contains("refused (LEAD): only the lead, Amara Nwosu (amara), writes the audit's conclusion"))
        let deferral = try CLI.run(["record", path, "--as", "amara", "--defer", "9.2.1", "--defer-reason", "later"])
        #expect(deferral.status == 1 && deferral.stderr.contains("refused (DEFER-1): 9.2.1 is graded conform"), "\(deferral.stderr)")
        let noItem = try CLI.run(["record", path, "--as", "olivia", "--reviewed"])
        #expect(noItem.status == 64 && noItem.stderr.contains("say which item with --item KEY"), "\(noItem.stderr)")
        let together = try CLI.run(["record", path, "--as", "amara", "--approve-report", "--meeting", "closing", "--meeting-date", "2026-11-27", "--meeting-attendees", "amara"])
        #expect(together.status == 64 && together.stderr.contains("--approve-report goes on its own"), "\(together.stderr)")
    }

    @Test func theProgrammesAuditFactsAreCheckedAtTheirPlace() throws {
        let dir = try CLI.temporaryDirectory()
        let sample = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        for (from, to, message) in [
            ("{id: tom-ashby, name: Tom Ashby,", "{id: kenji, name: Tom Ashby,", "guest id 'kenji' is a person of the programme: list the person by id alone, or give the guest another id"),
            ("remote: true}", "remot: true}", "unknown key 'remot' in a location (did you mean 'remote'?)"),
            ("    client: helen", "    client: helan", "unknown person 'helan' in the `client` of IA-2026-01 (did you mean 'helen'?)"),
        ] {
            let path = dir.appendingPathComponent("programme.yaml").path
            try sample.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
            let r = try CLI.run(["check", path, "--audit", "IA-2026-01"])
            #expect(r.status == 65, "\(message)")
            #expect(r.stderr.range(of: #"programme\.yaml:\d+:\d+: "# + NSRegularExpression.escapedPattern(for: message), options: .regularExpression) != nil, "\(r.stderr)")
        }
    }
}
