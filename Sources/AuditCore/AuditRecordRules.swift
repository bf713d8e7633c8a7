/// The rules of the audit's record beyond findings, judged by `Recorder.validate`:
/// - MEET-1 a meeting's date is a date, its time HH:MM; MEET-2 its attendees are people of the
///   programme or guests of the audit, at least one;
/// - RESP-1 a response belongs to a finding (major, minor, observation, ofi); RESP-2 a
///   disagreement gives its reason; RESP-3 the respondent is a person of the programme or a guest;
/// - REVIEW-1 only audited work is reviewed; REVIEW-2 a review is its reviewer's own (the
///   independence rules judge the reviewer on the item as they judge an auditor);
/// - DEFER-1 a reason for not auditing belongs to an item not audited; DEFER-2 it says why;
///   DEFER-3 the audit it moves to is another audit, and one the programme plans holds the item;
/// - LEAD the lead alone writes the conclusion and approves the report;
/// - APPROVE-1 the conclusion is written; APPROVE-2 no conflict between replicas is open;
///   APPROVE-3 the approval names the journal as it stands; APPROVE-4 something was recorded
///   since the last approval.

extension Meeting {
    /// A meeting as an auditor gives it: `kind` opening or closing (or the start of one).
    public static func make(kind: String, date: String?, time: String?, place: String?, attendees: [String], points: String?,
                            audit: Audit, roster: Roster) throws(Refusal) -> Meeting {
        guard let k = Kind.allCases.first(where: { !kind.isEmpty && $0.rawValue.hasPrefix(kind.lowercased()) }) else {
            throw Refusal(rule: "MEET-1", "unknown meeting '\(kind)': opening or closing", needs: [.other("meeting")])
        }
        func given(_ s: String?) -> String? { s.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0.trimmingCharacters(in: .whitespaces) } }
        let m = Meeting(kind: k, date: given(date) ?? "", time: given(time), place: given(place),
                        attendees: attendees.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                        points: given(points))
        if let refusal = m.problem(audit: audit, roster: roster) { throw refusal }
        return m
    }

    /// MEET-1 and MEET-2.
    public func problem(audit: Audit, roster: Roster) -> Refusal? {
        guard Day(iso: date) != nil else {
            return Refusal(rule: "MEET-1", "the \(kind.rawValue) meeting needs its date, YYYY-MM-DD\(date.isEmpty ? "" : " (not '\(date)')")",
                           needs: [.other("meeting-date")])
        }
        if let time, !Self.isTime(time) {
            return Refusal(rule: "MEET-1", "invalid time '\(time)' of the \(kind.rawValue) meeting: write HH:MM, 00:00 to 23:59", needs: [.other("meeting-time")])
        }
        guard !attendees.isEmpty else {
            return Refusal(rule: "MEET-2", "the \(kind.rawValue) meeting needs its attendees: people of the programme or guests of the audit, by id",
                           needs: [.other("meeting-attendees")])
        }
        for a in attendees where !audit.knows(a, in: roster) {
            return Refusal(rule: "MEET-2", "unknown attendee '\(a)' of the \(kind.rawValue) meeting: name a person of the programme or a guest of the audit by id\(audit.participantHint(a, in: roster))",
                           needs: [.other("meeting-attendees")])
        }
        return nil
    }

    static func isTime(_ s: String) -> Bool {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }), let h = Int(parts[0]), let m = Int(parts[1]) else { return false }
        return (0...23).contains(h) && (0...59).contains(m)
    }
}

extension AuditeeResponse {
    /// The auditee's response as an auditor records it: `position` agreed or disagreed (or the start of one).
    public static func make(position: String, by: String?, reason: String?, audit: Audit, roster: Roster) throws(Refusal) -> AuditeeResponse {
        guard let p = Position.allCases.first(where: { !position.isEmpty && $0.rawValue.hasPrefix(position.lowercased()) }) else {
            throw Refusal(rule: "RESP-1", "unknown response '\(position)': agreed or disagreed", needs: [.other("response")])
        }
        let r = AuditeeResponse(position: p, by: (by ?? "").trimmingCharacters(in: .whitespaces),
                                reason: reason.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 })
        if let refusal = r.problem(audit: audit, roster: roster) { throw refusal }
        return r
    }

    /// RESP-2 and RESP-3.
    public func problem(audit: Audit, roster: Roster) -> Refusal? {
        guard !by.isEmpty else {
            return Refusal(rule: "RESP-3", "say who responded: a person of the programme or a guest of the audit, by id", needs: [.other("response-by")])
        }
        guard audit.knows(by, in: roster) else {
            return Refusal(rule: "RESP-3", "unknown respondent '\(by)': name a person of the programme or a guest of the audit by id\(audit.participantHint(by, in: roster))",
                           needs: [.other("response-by")])
        }
        if position == .disagreed, (reason ?? "").allSatisfy(\.isWhitespace) {
            return Refusal(rule: "RESP-2", "a disagreement gives the auditee's reason: it is their position in the report's diverging opinions",
                           needs: [.other("response-reason")])
        }
        return nil
    }
}

extension Conclusion {
    public static func make(text: String?, objectives: String?) throws(Refusal) -> Conclusion {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            throw Refusal(rule: "LEAD", "the conclusion needs its text: what the audit concludes beside the figures the report derives",
                          needs: [.other("conclusion")])
        }
        let given = (objectives ?? "").lowercased().replacingOccurrences(of: " ", with: "-")
        guard let o = Objectives.allCases.first(where: { !given.isEmpty && $0.rawValue.hasPrefix(given) }) else {
            throw Refusal(rule: "LEAD", "say how far the audit's objectives were met: met, partly-met or not-met"
                          + (given.isEmpty ? "" : " (not '\(objectives ?? "")')"), needs: [.other("objectives")])
        }
        return Conclusion(text: text, objectives: o)
    }
}

extension Deferral {
    public static func make(reason: String?, to: String?) throws(Refusal) -> Deferral {
        let d = Deferral(reason: reason ?? "", to: to.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0.trimmingCharacters(in: .whitespaces) })
        guard !d.reason.allSatisfy(\.isWhitespace) else {
            throw Refusal(rule: "DEFER-2", "say why the item was not audited", needs: [.other("defer-reason")])
        }
        return d
    }
}

extension Recorder {
    /// The texts the record's other events carry, with what they are called and how long they may be.
    static func recordTexts(_ event: EventBody) -> [(String, String, Int)] {
        switch event {
        case let .meeting(m): [("place", m.place ?? "", maxReference), ("points raised", m.points ?? "", maxText)]
        case let .responded(_, r): [("reason", r.reason ?? "", maxText)]
        case let .reviewed(_, r): [("review notes", r.notes ?? "", maxText)]
        case let .deferred(_, d): [("reason", d.reason, maxText), ("audit it moves to", d.to ?? "", maxReference)]
        case let .concluded(c): [("conclusion", c.text, maxText)]
        default: []
        }
    }

    /// The rules of responses and reviews on an item, judged on the item as it would be.
    static func recordRules(_ events: [EventBody], actor: String, item: ItemKey, record: ItemRecord, audit: Audit,
                            roster: Roster, programme: Programme?) -> Refusal? {
        let key = item.description
        for e in events {
            switch e {
            case .responded(_, let r):
                guard record.grade.isFinding else {
                    return Refusal(rule: "RESP-1", "a response belongs to a finding; \(key) is \(record.grade == .notAudited ? "not audited" : "graded \(record.grade.rawValue)")",
                                   needs: [.grade])
                }
                if let refusal = r.problem(audit: audit, roster: roster) { return refusal }
            case .reviewed(_, let r):
                guard r.reviewer == actor else {
                    return Refusal(rule: "REVIEW-2", "a review is recorded by its reviewer: \(roster.name(actor)) cannot record one as \(roster.name(r.reviewer))")
                }
                guard record.grade != .notAudited else {
                    return Refusal(rule: "REVIEW-1", "\(key) is not audited yet: there is no work to review")
                }
            case .deferred:
                return Refusal(rule: "LEAD", "why \(key) was not audited is the lead's to record, for the audit as a whole")
            default:
                continue
            }
        }
        return nil
    }

    /// DEFER-3: the audit an item moves to.
    static func movesTo(_ to: String, item: ItemKey, audit: Audit, programme: Programme?) -> Refusal? {
        guard to.uppercased() != audit.id.uppercased() else {
            return Refusal(rule: "DEFER-3", "\(item) cannot move to \(audit.id) itself: name a later audit", needs: [.other("defer-to")])
        }
        guard !to.isEmpty, to.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }), to.first?.isLetter == true || to.first?.isNumber == true else {
            return Refusal(rule: "DEFER-3", "invalid audit id '\(to)': letters, digits and . _ -", needs: [.other("defer-to")])
        }
        guard let programme, let later = programme.audit(to) else { return nil }
        guard Derive.checklist(of: later, in: programme).contains(where: { $0.key == item }) else {
            return Refusal(rule: "DEFER-3", "\(item) is not on the checklist of \(later.id), which the programme plans: it is outside that audit's scope; name an audit that covers it, or a later one not yet planned",
                           needs: [.other("defer-to")])
        }
        return nil
    }

    /// The one validation of what is recorded about the audit as a whole — meetings, why items
    /// were not audited (the lead's decision on the scope, not a result on the item, so no
    /// independence rule applies), the conclusion, the approval — whoever makes it (the screen,
    /// `record`, a merge). `head`: the journal as it stands (its last hash and its number of
    /// events), which an approval must name; nil where it cannot be told (a merge judges the
    /// record as its author saw it). `programme`, when at hand, says whether an audit an item
    /// moves to holds it.
    public static func validate(audit events: [EventBody], actor: String, analysis: AuditAnalysis, roster: Roster,
                                state: WorkpaperState, head: (hash: String, events: Int)?, programme: Programme? = nil) -> Refusal? {
        for e in events {
            for (what, text, limit) in recordTexts(e) where text.count > limit {
                return Refusal(rule: "SIZE", "the \(what) is \(text.count) characters long; the limit is \(limit) (cite a longer text as a document instead)")
            }
        }
        let audit = analysis.audit, name = roster.name(actor)
        guard audit.team.contains(actor) else {
            return Refusal(rule: "TEAM", "\(name) (\(actor)) is not in the team of \(audit.id); the team is \(audit.team.joined(separator: ", "))")
        }
        var concluded = state.auditRecord.conclusion != nil
        for e in events {
            switch e {
            case .meeting(let m):
                if let refusal = m.problem(audit: audit, roster: roster) { return refusal }
            case let .deferred(item, d):
                guard actor == audit.lead else { return leadOnly("records why an item was not audited and where it moves", audit: audit, roster: roster) }
                guard let key = ItemKey(item), analysis.checklist.contains(where: { $0.key == key }) else {
                    return Refusal(rule: "ITEM", "\(item) is not on the checklist of \(audit.id)")
                }
                if d.reason.isEmpty { continue }   // takes it back
                let grade = state.record(item).grade
                guard grade == .notAudited else {
                    return Refusal(rule: "DEFER-1", "\(item) is graded \(grade.rawValue): a reason for not auditing belongs to an item not audited")
                }
                if d.reason.allSatisfy(\.isWhitespace) {
                    return Refusal(rule: "DEFER-2", "say why \(item) was not audited", needs: [.other("defer-reason")])
                }
                if let to = d.to, let refusal = movesTo(to, item: key, audit: audit, programme: programme) { return refusal }
            case .concluded(let c):
                guard actor == audit.lead else { return leadOnly("writes the audit's conclusion", audit: audit, roster: roster) }
                guard !c.text.allSatisfy(\.isWhitespace) else {
                    return Refusal(rule: "LEAD", "the conclusion needs its text", needs: [.other("conclusion")])
                }
                concluded = true
            case .approvedReport(let a):
                guard actor == audit.lead else { return leadOnly("approves the report", audit: audit, roster: roster) }
                guard a.approver == actor else {
                    return Refusal(rule: "LEAD", "an approval is recorded by its approver: \(name) cannot record one as \(roster.name(a.approver))")
                }
                guard Day(iso: a.date) != nil else {
                    return Refusal(rule: "APPROVE-1", "invalid report date '\(a.date)': write YYYY-MM-DD", needs: [.other("report-date")])
                }
                guard concluded else {
                    return Refusal(rule: "APPROVE-1", "the report of \(audit.id) has no conclusion yet: write it before approving", needs: [.other("conclusion")])
                }
                if let c = state.allConflicts.first {
                    return Refusal(rule: "APPROVE-2", "\(state.allConflicts.count) conflict\(state.allConflicts.count == 1 ? " is" : "s are") still open (\(c.summary)); resolve \(state.allConflicts.count == 1 ? "it" : "them") before approving")
                }
                if state.auditRecord.isApproved {
                    return Refusal(rule: "APPROVE-4", "the report is approved as it stands (version \(state.auditRecord.approvals)); nothing was recorded since")
                }
                if let head, a.head != head.hash || a.events != head.events {
                    return Refusal(rule: "APPROVE-3", "the approval names the journal at \(a.events) events (head \(a.head.prefix(16))) but it now holds \(head.events) (head \(head.hash.prefix(16))): look at the report again and approve what it now says")
                }
            default:
                return Refusal(rule: "ITEM", "\(e.summary) is recorded on an item")
            }
        }
        return nil
    }

    static func leadOnly(_ what: String, audit: Audit, roster: Roster) -> Refusal {
        Refusal(rule: "LEAD", "only the lead, \(roster.name(audit.lead)) (\(audit.lead)), \(what)")
    }
}
