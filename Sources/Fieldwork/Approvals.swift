import AuditCore

/// Approving justifications on the screen (programme format 2): the lead approves an auditor's,
/// the programme owner the lead's. `J` on an item offers each one that awaits you; the approval is
/// recorded as `record --approve` records it.
extension Fieldwork {
    /// The justifications on `key` that await `s.me`'s approval, by auditor.
    static func awaitingApproval(_ s: AppState, _ key: String) -> [Justification] {
        guard s.analysis.approvesJustifications else { return [] }
        // The state keeps an approval only while it approves the justification as it reads.
        let r = s.records.record(key)
        return r.justifications.values
            .filter { s.analysis.approver(of: $0.auditor) == s.me && r.approvals[$0.auditor] == nil }
            .sorted { $0.auditor < $1.auditor }
    }

    /// What the item screen says of a justification's approval, or nil under format 1.
    static func approvalState(_ s: AppState, _ key: String, _ j: Justification) -> String? {
        guard s.analysis.approvesJustifications else { return nil }
        if let a = s.records.record(key).approvals[j.auditor] { return "approved by \(s.name(a.approver))" }
        guard let approver = s.analysis.approver(of: j.auditor) else { return "awaiting approval: the programme names no owner to approve it" }
        return "awaiting approval by " + (approver == s.me ? "you, J" : s.name(approver))
    }

    /// J on an item: which justification to approve, each with its text and safeguard.
    static func approve(_ s: inout AppState, _ key: String) -> [Effect] {
        let awaiting = awaitingApproval(s, key)
        guard !awaiting.isEmpty else { say(&s, "no justification on \(key) awaits your approval"); return [] }
        s.dialog = .picker(Picker(.approve(item: key, auditors: awaiting.map(\.auditor)), title: "Approve a justification on \(key)",
                                  options: awaiting.map { j in
                                      "\(s.name(j.auditor)): \(j.text)" + (j.safeguard.map { " · safeguard: \($0)" } ?? "")
                                  }))
        return []
    }

    /// The chosen approval, recorded through the one validation.
    static func chooseApproval(_ s: inout AppState, _ key: String, _ auditor: String) -> [Effect] {
        guard let j = s.records.record(key).justifications[auditor] else { return [] }
        return record(&s, key, [.approved(item: key, Approval(of: j, by: s.me))])
    }
}
