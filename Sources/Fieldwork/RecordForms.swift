import AuditCore
import Foundation
import TerminalKit

/// The forms of the audit's record beyond findings: the review of an item's work, the auditee's
/// response, why an item is not audited, a meeting, the conclusion and the approval. Each makes
/// its events with AuditCore's constructors and records them through the one validation.

/// Marks the item's work reviewed, with notes (`v`).
struct ReviewForm: FormModel {
    enum Name: String, CaseIterable { case notes }
    let item: String
    var title: String
    var inputs = [Input("notes", "Review notes")]
    var focus = 0
    var error: String?

    init(item: String) {
        self.item = item
        title = "Review of the work on \(item) (a later change re-opens it)"
    }

    func submit(_ s: inout AppState) -> [Effect] {
        Fieldwork.record(&s, item, [.reviewed(item: item, Review(reviewer: s.me, notes: value(.notes).isEmpty ? nil : value(.notes)))], in: self)
    }
}

/// The auditee's response to the item's finding (`o`).
struct ResponseForm: FormModel {
    enum Name: String, CaseIterable { case position, by, reason }
    let item: String
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(_ s: AppState, item: String) {
        self.item = item
        title = "The auditee's response to the finding on \(item)"
        let r = s.records.record(item).response
        inputs = [Input("position", "Response", r?.position.rawValue ?? AuditeeResponse.Position.agreed.rawValue,
                        choices: AuditeeResponse.Position.allCases.map(\.rawValue)),
                  Input("by", "By (id)", r?.by ?? ""), Input("reason", "Reason", r?.reason ?? "")]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let response: AuditeeResponse
        do {
            response = try AuditeeResponse.make(position: value(.position), by: value(.by), reason: value(.reason),
                                                audit: s.analysis.audit, roster: s.roster)
        } catch { return refused(&s, Fieldwork.words(error)) }
        return Fieldwork.record(&s, item, [.responded(item: item, response)], in: self)
    }
}

/// Why the item is not audited, and the audit it moves to (`w`, the lead).
struct DeferralForm: FormModel {
    enum Name: String, CaseIterable { case reason, to }
    let item: String
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(_ s: AppState, item: String) {
        self.item = item
        title = "Why \(item) is not audited, and the audit it moves to"
        let d = s.records.record(item).deferral
        inputs = [Input("reason", "Reason", d?.reason ?? ""), Input("to", "Moves to", d?.to ?? "")]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let d: Deferral
        do { d = try Deferral.make(reason: value(.reason), to: value(.to)) } catch { return refused(&s, Fieldwork.words(error)) }
        return Fieldwork.recordAudit(&s, [.deferred(item: item, d)], in: self)
    }
}

/// An opening or closing meeting (`m` on the audit's record).
struct MeetingForm: FormModel {
    enum Name: String, CaseIterable { case kind, date, time, place, attendees, points }
    var title = "A meeting (attendees and place by id: people, guests, locations)"
    var inputs: [Input]
    var focus = 1
    var error: String?

    init(_ s: AppState) {
        let opening = !s.records.auditRecord.meetings.contains { $0.kind == .opening }
        let day = opening ? s.analysis.audit.fieldwork.from : min(s.today, s.analysis.audit.fieldwork.to)
        inputs = [Input("kind", "Meeting", opening ? "opening" : "closing", choices: Meeting.Kind.allCases.map(\.rawValue)),
                  Input("date", "Date", day.description), Input("time", "Time (HH:MM)"),
                  Input("place", "Place", s.analysis.audit.locationList.first?.id ?? ""), Input("attendees", "Attendees"),
                  Input("points", "Points raised")]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let m: Meeting
        do {
            m = try Meeting.make(kind: value(.kind), date: value(.date), time: value(.time), place: value(.place),
                                 attendees: value(.attendees).split(separator: ",").map(String.init), points: value(.points),
                                 audit: s.analysis.audit, roster: s.roster)
        } catch { return refused(&s, Fieldwork.words(error)) }
        return Fieldwork.recordAudit(&s, [.meeting(m)], in: self)
    }
}

/// The lead's conclusion (`C` on the audit's record).
struct ConclusionForm: FormModel {
    enum Name: String, CaseIterable { case objectives, text }
    var title = "The audit's conclusion, beside the figures the report derives"
    var inputs: [Input]
    var focus = 1
    var error: String?

    init(_ s: AppState) {
        let c = s.records.auditRecord.conclusion
        inputs = [Input("objectives", "Objectives", c?.objectives.rawValue ?? Conclusion.Objectives.met.rawValue,
                        choices: Conclusion.Objectives.allCases.map(\.rawValue)),
                  Input("text", "Conclusion", c?.text ?? "")]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let c: Conclusion
        do { c = try Conclusion.make(text: value(.text), objectives: value(.objectives)) } catch { return refused(&s, Fieldwork.words(error)) }
        return Fieldwork.recordAudit(&s, [.concluded(c)], in: self)
    }
}

/// The lead's approval of the report as the workpaper stands (`p` on the audit's record).
struct ApprovalForm: FormModel {
    enum Name: String, CaseIterable { case date }
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(_ s: AppState) {
        title = "Approve the report: the journal at \(s.head.events) events, head \(s.head.hash.prefix(16))"
        inputs = [Input("date", "Report date", s.today.description)]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let approval = ReportApproval(approver: s.me, date: value(.date), head: s.head.hash, events: s.head.events)
        return Fieldwork.recordAudit(&s, [.approvedReport(approval)], in: self)
    }
}

extension Fieldwork {
    /// Records events about the audit as a whole through AuditCore's one validation of them.
    static func recordAudit(_ s: inout AppState, _ events: [EventBody], in form: (any FormModel)? = nil) -> [Effect] {
        if s.readOnly { return refusedHere(&s, readOnlyWords, form) }
        if let refusal = Recorder.validate(audit: events, actor: s.me, analysis: s.analysis, roster: s.roster, state: s.records,
                                           head: s.head, programme: s.programme) {
            return refusedHere(&s, words(refusal), form)
        }
        return [.record(item: "", events: events)]
    }

    static func refusedHere(_ s: inout AppState, _ why: String, _ form: (any FormModel)?) -> [Effect] {
        if let form { return form.refused(&s, why) }
        say(&s, why, error: true)
        return []
    }
}
