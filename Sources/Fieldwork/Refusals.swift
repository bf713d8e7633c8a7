import AuditCore

extension Fieldwork {
    /// A refusal in the screen's words: the rule, the message, and the fields or keys that put it right.
    static func words(_ refusal: Refusal) -> String {
        let fix = refusal.needs.map(control)
        return "refused (\(refusal.rule)): \(refusal.message)" + (fix.isEmpty ? "" : " — give: " + fix.joined(separator: ", "))
    }

    /// Where on the screen an input is given.
    static func control(_ input: RecordInput) -> String {
        switch input {
        case .grade: Field.grade.label
        case .requirement: Field.requirement.label
        case .evidence: Field.evidence.label
        case .gap: Field.gap.label
        case .note: Field.note.label
        case .goodPractice: Field.goodPractice.label
        case .evidenceReference: "a reference (a)"
        case .justification: "a justification"
        case .safeguard: "a safeguard"
        case .sample(.sizeReason): "the sample's Why this size (S)"
        case .sample(.results): "the sample's Results (S)"
        case .sample(let s): "the sample's \(s.rawValue) (S)"
        case .action(let name):
            "the action's " + (CorrectiveAction.fields.first { $0.name == name }?.label.lowercased() ?? name) + " (c)"
        case .other(let name): recordControls[name] ?? name
        }
    }

    /// Where the audit record's inputs are given (RecordForms.swift).
    static let recordControls = [
        "meeting": "the meeting's kind", "meeting-date": "Date", "meeting-time": "Time", "meeting-attendees": "Attendees",
        "response": "Response", "response-by": "By", "response-reason": "Reason", "reviewed": "a review (v)",
        "defer": "the item (w)", "defer-reason": "Reason", "defer-to": "Moves to", "conclusion": "the conclusion (C on M)",
        "objectives": "Objectives", "report-date": "Report date", "approve-report": "the approval (p on M)",
    ]

    /// Every change made on the screen is recorded through here: AuditCore's one validation, on
    /// the state as the screen has it. Refused, a form stays open with the refusal in it (what
    /// was typed is kept); otherwise the runner saves it.
    static func record(_ s: inout AppState, _ key: String, _ events: [EventBody], in form: (any FormModel)? = nil) -> [Effect] {
        if let refusal = refusal(s, key, events) {
            // What a reason lets through asks for one (once: a reason refused stays in its form).
            if refusal.reasonAllowed, !(form is ReasonForm) {
                s.dialog = .form(ReasonForm(item: key, events: events, why: words(refusal)))
                return []
            }
            if let form { return form.refused(&s, words(refusal)) }
            say(&s, words(refusal), error: true)
            return []
        }
        return [.record(item: key, events: events)]
    }

    static func refusal(_ s: AppState, _ key: String, _ events: [EventBody]) -> Refusal? {
        guard let item = ItemKey(key) else { return Refusal(rule: "ITEM", "no item \(key)") }
        // A field in conflict is the lead's to set: setting it resolves the conflict.
        return Resolution.refusal(events, actor: s.me, audit: s.analysis.audit, roster: s.roster, state: s.records)
            ?? Recorder.validate(events, actor: s.me, item: item, analysis: s.analysis, roster: s.roster, state: s.records,
                                 independence: { person in
                                     // The item whole (shown, so its detail is read), not its checklist row.
                                     guard let whole = s.item(key) else { return [] }
                                     return Derive.verdicts(of: person, on: whole, analysis: s.analysis, programme: s.programme)
                                 }, recordedOn: s.today)
    }
}
