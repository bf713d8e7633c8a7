import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

/// The audit's record on the screen: `M` and its meetings, conclusion and approval; on an item,
/// `v` review, `o` the auditee's response, `w` why it is not audited — each recorded through
/// AuditCore's one validation, refusals shown where they were asked for.
@Suite struct AuditRecordScreenTests {
    /// An observation by Olivia on A.5.4@ava, and Priya's blocked item A.7.5@claimsort graded by the lead.
    static func graded(_ wp: WorkpaperFile) throws {
        try wp.append([.statement(item: "A.5.4@ava", Statement(gap: "Agents taking over are not covered")),
                       .graded(item: "A.5.4@ava", grade: .observation)], actor: "olivia")
        try wp.append([.evidenceAdded(EvidenceReference(id: 1, item: "A.7.5@claimsort", type: .document, reference: "LIN-1")),
                       .graded(item: "A.7.5@claimsort", grade: .conform)], actor: "amara")
    }

    func types(_ journal: WorkpaperFile) throws -> [String] { try journal.journal().map(\.type) }

    @Test func theLeadRecordsTheMeetingsTheConclusionAndTheApprovalOnTheAuditsRecord() throws {
        let h = try Harness(as: "amara", height: 30)
        h.keys(.char("M"))
        #expect(h.state.screen == .record)
        #expect(h.text.contains("Opening meeting: not recorded (m records it)"), "\(h.text)")
        #expect(h.text.contains("Not approved (p, the lead, once the conclusion is written)"))
        // A meeting: its date, time, place (a location of the audit), attendees (people and a guest) and points.
        h.keys(.char("m"))
        #expect(h.state.dialog?.title.hasPrefix("A meeting") == true)
        #expect(h.state.dialog?.texts.prefix(2) == ["opening", "2026-11-23"])
        h.keys(.tab)
        h.type("09:00")
        h.keys(.tab, .tab)
        h.type("amara,ines,nobody")
        h.keys(.tab)
        h.type("Scope confirmed")
        h.keys(.enter)
        #expect(h.state.dialog?.error?.contains("refused (MEET-2): unknown attendee 'nobody'") == true, "\(h.state.dialog?.error ?? "")")
        h.keys(.backTab)
        h.keys(.ctrl("u"))
        h.type("amara,ines,tom-ashby")
        h.keys(.enter)
        #expect(h.state.dialog == nil, "\(h.state.dialog?.error ?? "")")
        #expect(h.text.contains("Opening meeting 2026-11-23 09:00 · Head office, Leith · 3 attending"), "\(h.text)")
        #expect(try types(h.workpaper).last == "audit.meeting")
        // Approving needs the conclusion first.
        h.keys(.char("p"))
        h.keys(.enter)
        #expect(h.state.dialog?.error?.contains("refused (APPROVE-1)") == true, "\(h.state.dialog?.error ?? "")")
        h.keys(.escape)
        h.keys(.char("C"))
        h.keys(.backTab, .right)
        #expect(h.state.dialog?.texts.first == "partly-met")
        h.keys(.tab)
        h.type("Logging falls short of the AI policy")
        h.keys(.enter)
        #expect(h.text.contains("Conclusion: objectives partly met — Logging falls short of the AI policy"), "\(h.text)")
        // The approval names the journal as it stands.
        h.keys(.char("p"))
        #expect(h.state.dialog?.title == "Approve the report: the journal at \(h.workpaper.head.seq) events, head \(h.workpaper.head.hash.prefix(16))")
        h.keys(.enter)
        #expect(h.text.contains("Approved: version 1 approved by Amara Nwosu"), "\(h.text)")
        let approval = try #require(h.workpaper.state.auditRecord.approval)
        #expect(approval.events == h.workpaper.head.seq - 1)
        // Anything after it is an amendment until approved again.
        h.keys(.char("m"))
        #expect(h.state.dialog?.texts.first == "closing")
        h.keys(.tab, .tab, .tab)
        h.type("amara")
        h.keys(.enter)
        #expect(h.text.contains("Amended after approval: 1 event since (p approves again)"), "\(h.text)")
    }

    @Test func someoneOtherThanTheLeadNeitherConcludesNorApproves() throws {
        let h = try Harness(as: "olivia")
        h.keys(.char("M"), .char("C"))
        #expect(h.state.dialog == nil)
        #expect(h.state.status == "the lead, Amara Nwosu, writes the audit's conclusion")
        h.keys(.char("p"))
        #expect(h.state.status == "the lead, Amara Nwosu, approves the report")
        #expect(h.lines.last?.contains("m meeting") == true, "\(h.lines.last ?? "")")
        #expect(try !types(h.workpaper).contains("audit.conclusion"))
    }

    @Test func aReviewerBlockedOnTheItemIsRefusedAndALaterChangeReopensAReview() throws {
        let priya = try Harness(as: "priya", setUp: Self.graded)
        priya.open("A.7.5@claimsort")
        priya.keys(.char("v"))
        #expect(priya.state.dialog == nil)
        #expect(priya.state.status.hasPrefix("Blocked — IND-01: Priya Raman is owner of A.7.5 for ClaimSort"), "\(priya.state.status)")
        #expect(try !types(priya.workpaper).contains("work.reviewed"))

        let h = try Harness(as: "olivia", height: 30, setUp: Self.graded)
        h.keys(.char("f"))
        try choose(h, "audited, not reviewed")
        #expect(Set(h.state.visibleItems.map(\.key.description)) == ["A.5.4@ava", "A.7.5@claimsort"])
        h.open("A.7.5@claimsort")
        h.keys(.char("v"))
        h.type("Lineage re-performed on two records")
        h.keys(.enter)
        #expect(h.text.contains("Reviewed by Olivia Brandt: Lineage re-performed on two records"), "\(h.text)")
        h.keys(.escape)
        #expect(h.state.visibleItems.map(\.key.description) == ["A.5.4@ava"])
        // A note added later re-opens the review.
        h.open("A.7.5@claimsort")
        h.keys(.tab, .tab, .tab, .tab, .enter)
        h.type("one more thing")
        h.keys(.escape)
        #expect(!h.text.contains("Reviewed by"), "\(h.text)")
        h.keys(.escape)
        #expect(Set(h.state.visibleItems.map(\.key.description)) == ["A.5.4@ava", "A.7.5@claimsort"])
    }

    @Test func theAuditeesDisagreementNeedsItsReasonAndIsADivergingOpinion() throws {
        let h = try Harness(as: "olivia", height: 30, setUp: Self.graded)
        h.open("A.5.4@ava")
        h.keys(.char("o"))
        #expect(h.state.dialog?.texts == ["agreed", "", ""])
        h.keys(.right, .tab)
        h.type("sofia")
        h.keys(.enter)
        #expect(h.state.dialog?.error == "refused (RESP-2): a disagreement gives the auditee's reason: it is their position in the report's diverging opinions — give: Reason")
        h.keys(.tab)
        h.type("Agents are covered by the contact-centre procedure")
        h.keys(.enter)
        #expect(h.state.dialog == nil)
        #expect(h.text.contains("Auditee disagreed (Sofia Lindqvist): Agents are covered by the contact-centre\n procedure"), "\(h.text)")
        h.keys(.escape, .char("M"))
        #expect(h.text.contains("Responses: 1 of 1 findings answered · 1 diverging opinion"), "\(h.text)")
        // A response is no answer to an item without a finding.
        h.keys(.escape)
        h.open("A.7.5@claimsort")
        h.keys(.char("o"), .tab)
        h.type("kenji")
        h.keys(.enter)
        #expect(h.state.dialog?.error?.hasPrefix("refused (RESP-1): a response belongs to a finding; A.7.5@claimsort is graded conform") == true)
    }

    @Test func theLeadSaysWhyAnItemIsNotAuditedAndTheAuditItMovesToMustHoldIt() throws {
        let olivia = try Harness(as: "olivia")
        olivia.open("A.6.2.8@ava")
        olivia.keys(.char("w"))
        #expect(olivia.state.dialog == nil)
        #expect(olivia.state.status == "the lead, Amara Nwosu, records why an item is not audited")

        let h = try Harness(as: "amara", height: 30)
        h.open("A.6.2.8@ava")
        h.keys(.char("w"))
        h.type("Not reached in five days")
        h.keys(.tab)
        h.type("IA-2026-02")
        h.keys(.enter)
        #expect(h.state.dialog?.error?.hasPrefix("refused (DEFER-3): A.6.2.8@ava is not on the checklist of IA-2026-02") == true, "\(h.state.dialog?.error ?? "")")
        h.keys(.ctrl("u"))
        h.type("IA-2027-01")
        h.keys(.enter)
        #expect(h.text.contains("Not audited: Not reached in five days · moves to IA-2027-01"), "\(h.text)")
        #expect(h.workpaper.state.record("A.6.2.8@ava").deferral == Deferral(reason: "Not reached in five days", to: "IA-2027-01"))
    }

    func choose(_ h: Harness, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let options = try #require(h.state.dialog?.options, sourceLocation: sourceLocation)
        let i = try #require(options.firstIndex { $0.contains(text) }, "no choice '\(text)' in \(options)", sourceLocation: sourceLocation)
        h.keys(.char("g"))
        h.keys(Array(repeating: .char("j"), count: i) + [.enter])
    }
}
