import AuditCore
import Foundation
import TerminalKit

/// The audit's record beyond findings on the screen: `M` shows the meetings, the conclusion, the
/// approval, the review coverage and the auditees' responses; there `m` records a meeting, `C`
/// the conclusion and `p` the approval. On an item: `v` marks its work reviewed, `o` records the
/// auditee's response (their opinion of the finding), `w` why it is not audited.
extension Fieldwork {
    static func runRecord(_ s: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .auditRecord:
            s.stack.append(.record)
        case .review:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .review) else { break }
            s.dialog = .form(ReviewForm(item: key))
        case .respond:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .respond) else { break }
            s.dialog = .form(ResponseForm(s, item: key))
        case .deferItem:
            guard case .item(let key) = s.screen else { break }
            if s.readOnly { sayReadOnly(&s); break }
            guard s.isLead else { say(&s, "the lead, \(s.name(s.analysis.audit.lead)), records why an item is not audited", error: true); break }
            s.dialog = .form(DeferralForm(s, item: key))
            // Whether the audit it moves to holds the item is judged on the programme.
            if s.programme == nil { return [.readProgramme(then: nil)] }
        case .addMeeting:
            if s.readOnly { sayReadOnly(&s); break }
            s.dialog = .form(MeetingForm(s))
        case .conclude:
            guard s.isLead else { say(&s, "the lead, \(s.name(s.analysis.audit.lead)), writes the audit's conclusion", error: true); break }
            if s.readOnly { sayReadOnly(&s); break }
            s.dialog = .form(ConclusionForm(s))
        case .approveReport:
            guard s.isLead else { say(&s, "the lead, \(s.name(s.analysis.audit.lead)), approves the report", error: true); break }
            if s.readOnly { sayReadOnly(&s); break }
            s.dialog = .form(ApprovalForm(s))
        default:
            break
        }
        return []
    }

    static func sayReadOnly(_ s: inout AppState) {
        say(&s, readOnlyWords, error: true)
    }

    static let readOnlyWords = "read-only: opened with --read-only or while another process writes"

    /// The audit's record as rows: a title, its detail, and how it is drawn.
    static func recordRows(_ s: AppState) -> [(title: String, detail: String, role: TerminalKit.Role)] {
        let a = s.records.auditRecord, audit = s.analysis.audit
        func who(_ id: String) -> String { audit.participantName(id, in: s.roster) }
        var rows: [(String, String, TerminalKit.Role)] = []
        let meetings = a.meetings.sorted { ($0.date, $0.time ?? "") < ($1.date, $1.time ?? "") }
        for kind in Meeting.Kind.allCases where !meetings.contains(where: { $0.kind == kind }) {
            rows.append(("\(kind.rawValue.capitalized) meeting: not recorded (m records it)", "", .warn))
        }
        for m in meetings {
            let place = m.place.map { " · " + audit.placeName($0) } ?? ""
            rows.append(("\(m.title.prefix(1).uppercased())\(m.title.dropFirst())\(place) · \(m.attendees.count) attending",
                         "Attendees: " + m.attendees.map(who).joined(separator: ", ") + " · points raised: " + (m.points ?? emptyMark), .normal))
        }
        if let c = a.conclusion {
            rows.append(("Conclusion: objectives \(c.objectives.words) — " + (c.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""), c.text, .normal))
        } else {
            rows.append(("Conclusion: not written (C, the lead)", "", .warn))
        }
        if let approval = a.approval {
            let head = "version \(a.approvals) approved by \(s.name(approval.approver)), report dated \(approval.date), journal at \(approval.events) events"
            if a.isApproved {
                rows.append(("Approved: " + head, "chain head \(approval.head)", .saved))
            } else {
                rows.append(("Amended after approval: \(a.sinceApproval) event\(a.sinceApproval == 1 ? "" : "s") since (p approves again)", head, .warn))
            }
        } else {
            rows.append(("Not approved (p, the lead, once the conclusion is written)", "", .warn))
        }
        let coverage = s.records.reviewCoverage(of: s.analysis.checklist)
        rows.append(("Review: \(coverage.reviewed) of \(coverage.audited) audited items reviewed (f: not reviewed)",
                     "v on an item marks its work reviewed; a later change to the item re-opens it", coverage.reviewed == coverage.audited ? .saved : .muted))
        let findings = s.records.findings(in: s.analysis.checklist)
        let answered = findings.filter { s.records.record($0.key.description).response != nil }
        let diverging = s.records.divergingOpinions(in: s.analysis.checklist)
        rows.append(("Responses: \(answered.count) of \(findings.count) findings answered · \(diverging.count) diverging opinion\(diverging.count == 1 ? "" : "s")",
                     diverging.map { $0.key.description }.joined(separator: ", "), diverging.isEmpty ? .muted : .warn))
        return rows
    }
}

extension Render {
    static func record(_ c: inout Canvas, _ s: AppState) {
        c.put(1, 1, "The audit's record · meetings, conclusion, approval, review, responses", role: .title, bold: true, maxWidth: c.width - 2)
        let audit = s.analysis.audit
        let places = audit.locationList.map { $0.name + ($0.isRemote ? " (remote)" : "") }
        c.put(1, 2, "fieldwork \(audit.fieldwork.from) to \(audit.fieldwork.to) · " + (places.isEmpty ? "no locations listed" : places.joined(separator: "; "))
              + " · \(audit.auditeeList.count) auditee\(audit.auditeeList.count == 1 ? "" : "s")", role: .muted, maxWidth: c.width - 2)
        let rows = Fieldwork.recordRows(s)
        list(&c, s, .record, count: rows.count, empty: "", positionRow: 2, detail: { row in
            (rows[row].title, rows[row].detail)
        }, row: { c, row, y in
            c.put(1, y, rows[row].title, role: rows[row].role, maxWidth: c.width - 2)
        })
    }

    /// What the item screen says of the item's review, response and reason for not being audited,
    /// when there is something to say.
    static func recordLines(_ s: AppState, _ key: String) -> [(String, TerminalKit.Role)] {
        let r = s.records.record(key), audit = s.analysis.audit
        var out: [(String, TerminalKit.Role)] = []
        if let d = r.deferral, r.grade == .notAudited {
            out.append(("Not audited: \(d.reason)" + (d.to.map { " · moves to \($0)" } ?? ""), .muted))
        }
        if let resp = r.response {
            out.append(("Auditee \(resp.position.rawValue) (\(audit.participantName(resp.by, in: s.roster)))" + (resp.reason.map { ": \($0)" } ?? ""),
                        resp.position == .disagreed ? .warn : .muted))
        }
        if let rev = r.review {
            out.append(("Reviewed by \(s.name(rev.reviewer))" + (rev.notes.map { ": \($0)" } ?? ""), .saved))
        }
        return out
    }
}
