/// The rules on who changes what, on dates and on closing a nonconformity, judged by
/// `Recorder.validate` after the others:
/// - GR-6: a change to a grade or statement part another auditor recorded needs a reason;
/// - GR-7: disagreement is recorded by an auditor whose part another changed;
/// - DATE-1: evidence dated after the day it is recorded needs a reason;
/// - DATE-2: evidence dated before the audit period needs a reason;
/// - DATE-3: a result recorded outside fieldwork needs a reason (follow-up of a corrective
///   action is not a result: its changes, evidence cited with them, and evidence obtained on or
///   after the action's implementation);
/// - CA-5: an effectiveness outcome needs the implementation date, the result and an evidence
///   reference of the check, obtained on or after the implementation;
/// - CA-6: it cannot be verified before the action was implemented;
/// - CA-7: verified before the effectiveness check's due date, it needs a reason.
/// What a reason answers is an `Exception`; a record carries its reason as a `.reasoned` event
/// at its end (`Recorder.withReason`), naming what it answers.
public enum RecordRules {
    static let changeRule = "GR-6"

    /// What in `events`, recorded by `actor` on `item` on `day`, needs a reason. `day` nil: the
    /// rules on the day of the record (DATE-1, DATE-3) are not judged (a merge judges a record
    /// as made on the author's laptop, by its clock, when it was made).
    public static func exceptions(_ events: [EventBody], actor: String, item: String, audit: Audit, roster: Roster,
                                  state: WorkpaperState, recordedOn day: Day?) -> [Exception] {
        changes(events, actor: actor, item: item, roster: roster, state: state)
            + evidenceDates(events, audit: audit, recordedOn: day)
            + recordDate(events, item: item, audit: audit, state: state, recordedOn: day)
            + earlyVerification(events, item: item, state: state)
    }

    /// GR-6: the parts of another auditor's result these events change (a value chosen among
    /// those two people set without seeing each other's is no change).
    static func changes(_ events: [EventBody], actor: String, item: String, roster: Roster, state: WorkpaperState) -> [Exception] {
        let before = state.record(item).provenance?.revisions.count ?? 0
        let after = state.preview(events, on: item, by: actor).record.provenance?.revisions ?? []
        let conflicts = state.conflicts[item] ?? []
        return after.dropFirst(before).compactMap { r in
            if let c = conflicts.first(where: { $0.field == r.part }), c.values.contains(where: { $0.value == r.to }) { return nil }
            let whose = roster.name(r.fromBy)
            let text: String
            if r.part == "grade" {
                text = r.to.isEmpty ? "takes back the grade \(whose) recorded (\(r.from))"
                    : "changes the grade \(whose) recorded (\(r.from) → \(r.to))"
            } else {
                text = (r.to.isEmpty ? "clears" : "changes") + " the \(r.part == "gap" ? "gap" : r.part) \(whose) wrote"
            }
            return Exception(rule: changeRule, subject: r.part, text: text)
        }
    }

    /// DATE-1 and DATE-2: the dates these events give evidence.
    static func evidenceDates(_ events: [EventBody], audit: Audit, recordedOn day: Day?) -> [Exception] {
        var out: [Exception] = []
        for e in events {
            let dated: (String, String?)
            switch e {
            case .evidenceAdded(let r): dated = (r.label, r.obtainedOn)
            case let .evidenceEdited(id, edit): dated = ("E\(id)", edit.obtainedOn)
            default: continue
            }
            guard let text = dated.1, let on = Day(iso: text) else { continue }
            if let day, on > day {
                out.append(Exception(rule: "DATE-1", subject: dated.0, text: "\(dated.0) is dated \(on), after the day it is recorded (\(day))"))
            }
            if on < audit.period.from {
                out.append(Exception(rule: "DATE-2", subject: dated.0,
                                     text: "\(dated.0) is dated \(on), before the audit period (\(audit.period.from) to \(audit.period.to))"))
            }
        }
        return out
    }

    /// Whether an event records a result (what fieldwork finds, a sampled occurrence's test too), as DATE-3 counts it.
    static func isResult(_ e: EventBody) -> Bool {
        switch e {
        case .graded, .statement, .sampled, .sampleTested, .goodPractice, .evidenceAdded, .evidenceEdited, .evidenceRemoved: true
        default: false
        }
    }

    /// DATE-3: a result recorded outside fieldwork. Evidence of the corrective action's follow-up
    /// (cited with a change of the action, or obtained on or after its implementation) is not.
    static func recordDate(_ events: [EventBody], item: String, audit: Audit, state: WorkpaperState, recordedOn day: Day?) -> [Exception] {
        guard let day, day < audit.fieldwork.from || day > audit.fieldwork.to else { return [] }
        let withAction = events.contains { if case .actionSet = $0 { true } else { false } }
        let implemented = state.preview(events, on: item).record.action?.implementedOn.flatMap(Day.init(iso:))
        func followUp(_ e: EventBody) -> Bool {
            guard isEvidence(e) else { return false }
            if withAction { return true }
            guard case .evidenceAdded(let r) = e, let i = implemented, let on = r.obtainedOn.flatMap(Day.init(iso:)) else { return false }
            return on >= i
        }
        guard events.contains(where: { isResult($0) && !followUp($0) }) else { return [] }
        let when = day < audit.fieldwork.from ? "before" : "after"
        return [Exception(rule: "DATE-3", subject: "record",
                          text: "recorded on \(day), \(when) fieldwork (\(audit.fieldwork.from) to \(audit.fieldwork.to))")]
    }

    static func isEvidence(_ e: EventBody) -> Bool {
        switch e {
        case .evidenceAdded, .evidenceEdited, .evidenceRemoved: true
        default: false
        }
    }

    /// What an action change sets that the outcome rests on (so a later change of, say, the AIMS
    /// change it led to is not asked again).
    static func setsOutcome(_ events: [EventBody]) -> Bool {
        events.contains {
            guard case .actionSet(_, let a) = $0 else { return false }
            return a.outcome != nil || a.clearOutcome == true || a.verifiedOn != nil || a.effectivenessDue != nil
                || a.implementedOn != nil || a.effectivenessResult != nil
        }
    }

    /// CA-7: an outcome verified before the effectiveness check was due.
    static func earlyVerification(_ events: [EventBody], item: String, state: WorkpaperState) -> [Exception] {
        guard setsOutcome(events), let a = state.preview(events, on: item).record.action, a.outcome != nil,
              let verified = a.verifiedOn.flatMap(Day.init(iso:)), let due = a.effectivenessDue.flatMap(Day.init(iso:)), verified < due
        else { return [] }
        return [Exception(rule: "CA-7", subject: "outcome",
                          text: "the effectiveness of the action is verified on \(verified), before its check was due (\(due))")]
    }

    /// The rules no reason lifts (GR-7, CA-5, CA-6), then what needs a reason and has none.
    static func check(_ events: [EventBody], actor: String, item: String, audit: Audit, roster: Roster,
                      state: WorkpaperState, recordedOn day: Day?) -> Refusal? {
        let name = roster.name(actor)
        for e in events {
            switch e {
            case let .disagreed(_, text):
                if text.allSatisfy(\.isWhitespace) {
                    return Refusal(rule: "GR-7", "a disagreement on \(item) says what you disagree with and why")
                }
                let changed = state.preview(events, on: item, by: actor).record.provenance?.changed(from: actor) ?? []
                if changed.isEmpty {
                    return Refusal(rule: "GR-7", "\(name) may record disagreement on \(item) only with a change another auditor made to a grade or statement \(name) recorded; nobody has changed what \(name) recorded there")
                }
            case let .reasoned(_, r):
                if r.text.allSatisfy(\.isWhitespace) {
                    return Refusal(rule: "REASON", "a reason says why the record on \(item) goes beyond the usual", needs: [])
                }
            default:
                break
            }
        }
        if setsOutcome(events), let refusal = closure(events, item: item, state: state) { return refusal }
        let needed = exceptions(events, actor: actor, item: item, audit: audit, roster: roster, state: state, recordedOn: day)
        let answered = Set(events.flatMap { e -> [String] in
            guard case .reasoned(_, let r) = e else { return [] }
            return r.answers.map { "\($0.rule) \($0.subject)" }
        })
        let missing = needed.filter { !answered.contains("\($0.rule) \($0.subject)") }
        guard let first = missing.first else { return nil }
        var refusal = Refusal(rule: first.rule, "the record on \(item) needs a reason: " + missing.map(\.text).joined(separator: "; "))
        refusal.reasonAllowed = true
        return refusal
    }

    /// CA-5 and CA-6 on the action as it would be.
    static func closure(_ events: [EventBody], item: String, state: WorkpaperState) -> Refusal? {
        guard let a = state.preview(events, on: item).record.action, a.outcome != nil else { return nil }
        let implemented = a.implementedOn.flatMap(Day.init(iso:))
        let checked = implemented.map { i in
            state.previewEvidence(events, on: item).contains { $0.obtainedOn.flatMap(Day.init(iso:)).map { $0 >= i } ?? false }
        } ?? false
        var missing: [String] = []
        var needs: [RecordInput] = []
        if implemented == nil { missing.append("the implementation date"); needs.append(.action("implemented-on")) }
        if (a.effectivenessResult ?? "").allSatisfy(\.isWhitespace) { missing.append("the result"); needs.append(.action("result")) }
        if !checked {
            missing.append("an evidence reference of the check, obtained on or after the implementation")
            needs.append(.evidenceReference)
        }
        if !missing.isEmpty {
            return Refusal(rule: "CA-5", "an effectiveness outcome on \(item) needs " + list(missing), needs: needs)
        }
        if let i = implemented, let v = a.verifiedOn.flatMap(Day.init(iso:)), v < i {
            return Refusal(rule: "CA-6", "the corrective action on \(item) cannot be verified (\(v)) before it was implemented (\(i))",
                           needs: [.action("verified-on"), .action("implemented-on")])
        }
        return nil
    }

    static func list(_ parts: [String]) -> String {
        parts.count < 2 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }
}

extension Recorder {
    /// A record's events with its reason: a `.reasoned` event at the end naming what it answers
    /// (what `RecordRules.exceptions` finds in the events). Refused when the reason is empty, or
    /// nothing in the record needs one. `day` is the day of the record (nil: see `exceptions`).
    public static func withReason(_ text: String, _ events: [EventBody], actor: String, item: ItemKey, audit: Audit,
                                  roster: Roster, state: WorkpaperState, recordedOn day: Day?) throws(Refusal) -> [EventBody] {
        let key = item.description
        guard !text.allSatisfy(\.isWhitespace) else {
            throw Refusal(rule: "REASON", "a reason says why the record on \(key) goes beyond the usual")
        }
        let answers = RecordRules.exceptions(events, actor: actor, item: key, audit: audit, roster: roster, state: state, recordedOn: day)
        guard !answers.isEmpty else {
            throw Refusal(rule: "REASON", "nothing in this record on \(key) needs a reason (one is asked for a change to another auditor's grade or statement, a date outside the audit's, or an outcome verified before its check was due)")
        }
        return events + [.reasoned(item: key, Reason(text: text, answers: answers))]
    }
}
