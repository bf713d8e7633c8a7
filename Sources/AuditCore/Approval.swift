/// Justifications under programme format 2: a justification of independence warnings names a
/// safeguard, and someone other than the auditor approves it — the lead, or the programme owner
/// when the auditor is the lead. Until then the report lists it as awaiting approval.

/// An approval of one auditor's justification on an item, as it read when approved: a later
/// justification by the same auditor needs approving again.
public struct Approval: Codable, Hashable, Sendable {
    /// Whose justification.
    public var auditor: String
    /// Who approved it (the person who records the approval).
    public var approver: String
    public var text: String
    public var safeguard: String?
    public init(auditor: String, approver: String, text: String, safeguard: String?) {
        self.auditor = auditor; self.approver = approver; self.text = text; self.safeguard = safeguard
    }

    /// The approval of `j` as it reads now, by `approver`.
    public init(of j: Justification, by approver: String) {
        self.init(auditor: j.auditor, approver: approver, text: j.text, safeguard: j.safeguard)
    }

    public func approves(_ j: Justification) -> Bool { j.auditor == auditor && j.text == text && j.safeguard == safeguard }
}

extension EventBody {
    /// Whether the event's actor counts as having recorded on its item: carrying a finding over
    /// is the creator's act, approving a justification the approver's.
    public var recordsOnItem: Bool {
        switch self {
        case .carried, .approved: false
        default: true
        }
    }
}

extension AuditAnalysis {
    /// Whether justifications need a safeguard and an approval (programme format 2).
    public var approvesJustifications: Bool { format >= 2 }

    /// Whether a justification of these warnings must name its safeguard: every one under format
    /// 2; under format 1 one of ownership warnings (IND-01, IND-03 in small-organisation mode).
    /// What a form asking for a justification offers, so that it can be given.
    public func justificationNeedsSafeguard(_ warnings: [Verdict]) -> Bool {
        approvesJustifications || warnings.contains { $0.rule == .ind01 || $0.rule == .ind03 }
    }

    /// Who approves an auditor's justifications: the lead, or the programme owner for the lead's
    /// own; nil when the programme names no owner to approve the lead's.
    public func approver(of auditor: String) -> String? {
        auditor == audit.lead ? programmeOwner.flatMap { $0 == auditor ? nil : $0 } : audit.lead
    }
}

public enum ApprovalRules {
    /// Format 2: a justification of warnings names its safeguard.
    static func safeguardRefusal(_ warnings: [Verdict], _ j: Justification, name: String, item: ItemKey,
                                 analysis: AuditAnalysis) -> Refusal? {
        guard analysis.approvesJustifications, (j.safeguard ?? "").allSatisfy(\.isWhitespace), let first = warnings.first else { return nil }
        return Refusal(rule: first.rule.rawValue, "\(name)'s justification on \(item) needs a safeguard: what keeps the work objective despite \(warnings.map(\.rule.rawValue).joined(separator: ", ")), such as an independent review of the workpapers",
                       needs: [.safeguard])
    }

    /// Approvals among `events`, judged on the item as it would be after them: a justification
    /// on record with its safeguard, approved by the one who may (never its own auditor).
    static func check(_ events: [EventBody], actor: String, item: ItemKey, analysis: AuditAnalysis, roster: Roster,
                      state: WorkpaperState) -> Refusal? {
        let approvals = events.compactMap { e -> Approval? in if case let .approved(_, a) = e { a } else { nil } }
        guard !approvals.isEmpty else { return nil }
        guard analysis.approvesJustifications else {
            return Refusal(rule: "APPROVE", "justifications are approved under programme format 2; the programme of \(analysis.audit.id) is format 1")
        }
        let record = state.preview(events, on: item.description).record
        for a in approvals {
            let whose = roster.name(a.auditor)
            guard a.approver == actor else {
                return Refusal(rule: "APPROVE", "\(roster.name(actor)) cannot record an approval in the name of \(roster.name(a.approver))")
            }
            guard a.approver != a.auditor else {
                return Refusal(rule: "APPROVE", "\(whose) may not approve their own justification on \(item): \(approverSentence(a.auditor, analysis, roster))")
            }
            guard let j = record.justifications[a.auditor] else {
                return Refusal(rule: "APPROVE", "\(whose) has no justification on \(item) to approve")
            }
            guard a.approves(j) else {
                return Refusal(rule: "APPROVE", "the justification of \(whose) on \(item) has changed since it was read: approve it as it reads now")
            }
            guard !(j.safeguard ?? "").allSatisfy(\.isWhitespace) else {
                return Refusal(rule: "APPROVE", "the justification of \(whose) on \(item) names no safeguard: it needs one before it is approved")
            }
            guard analysis.approver(of: a.auditor) == actor else {
                return Refusal(rule: "APPROVE", "\(roster.name(actor)) may not approve the justification of \(whose) on \(item): \(approverSentence(a.auditor, analysis, roster))")
            }
        }
        return nil
    }

    /// Who approves the auditor's justifications, in a sentence.
    public static func approverSentence(_ auditor: String, _ analysis: AuditAnalysis, _ roster: Roster) -> String {
        guard auditor == analysis.audit.lead else { return "the lead, \(roster.name(analysis.audit.lead)), approves it" }
        guard let owner = analysis.programmeOwner else {
            return "the lead's justifications are approved by the programme owner, whom the programme does not name (`organisation.owner`)"
        }
        guard owner != auditor else { return "the lead's justifications are approved by the programme owner, who is the lead here" }
        return "the lead's justifications are approved by the programme owner, \(roster.name(owner))"
    }
}
