import AuditCore

/// A record the rules let through with a reason (a change to another auditor's result, a date
/// outside the audit's, an early verification): the reason asked for, then the record made with
/// it through the same validation. Esc makes no record.
struct ReasonForm: FormModel {
    enum Name: String, CaseIterable { case reason }
    let item: String
    let events: [EventBody]
    var title: String
    var inputs = [Input("reason", "Reason")]
    var focus = 0
    var error: String?

    init(item: String, events: [EventBody], why: String) {
        self.item = item
        self.events = events
        title = "A reason for the record on \(item)"
        error = why
    }

    func submit(_ s: inout AppState) -> [Effect] {
        guard let key = ItemKey(item) else { return [] }
        let given: [EventBody]
        do {
            given = try Recorder.withReason(value(.reason), events, actor: s.me, item: key, audit: s.analysis.audit,
                                            roster: s.roster, state: s.records, recordedOn: s.today)
        } catch {
            return refused(&s, Fieldwork.words(error))
        }
        return Fieldwork.record(&s, item, given, in: self)
    }
}

/// The auditor whose grade or statement another changed records that they disagree (GR-7): the
/// report gives it beside the change, as a diverging opinion.
struct DisagreeForm: FormModel {
    enum Name: String, CaseIterable { case disagreement }
    let item: String
    var title: String
    var inputs = [Input("disagreement", "Why you disagree")]
    var focus = 0
    var error: String?

    init(item: String, changes: [String]) {
        self.item = item
        title = "Disagree on \(item): " + changes.joined(separator: "; ")
    }

    func submit(_ s: inout AppState) -> [Effect] {
        Fieldwork.record(&s, item, [.disagreed(item: item, text: value(.disagreement))], in: self)
    }
}
