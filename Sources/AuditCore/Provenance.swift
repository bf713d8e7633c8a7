/// Who graded what, and every change of it: the author of each part of an item's result, the
/// changes auditors made to parts another recorded, their disagreements, and the reasons given
/// with records that go beyond the usual (a change of another's result, a date outside the
/// audit's). Folded from the journal with each event's actor.

/// Something a record does that needs a reason, judged by `RecordRules`: the rule that asks for
/// it, what it is about (a part of the statement, an evidence reference, the record, the outcome)
/// and, in words, why.
public struct Exception: Codable, Hashable, Sendable {
    /// GR-6, DATE-1, DATE-2, DATE-3 or CA-7.
    public var rule: String
    /// `grade`, `requirement`, `evidence` or `gap` (GR-6); `E3` (DATE-1, DATE-2); `record`
    /// (DATE-3); `outcome` (CA-7).
    public var subject: String
    public var text: String
    public init(rule: String, subject: String, text: String) {
        self.rule = rule; self.subject = subject; self.text = text
    }
}

/// The reason an auditor gives with a record, and what it answers (the exceptions the record
/// needed it for, as judged when it was recorded).
public struct Reason: Codable, Hashable, Sendable {
    public var text: String
    public var answers: [Exception]
    public init(text: String, answers: [Exception]) { self.text = text; self.answers = answers }

    /// "GR-6 and DATE-3", for the journal's one-line summary.
    public var answered: String {
        var rules: [String] = []
        for a in answers where !rules.contains(a.rule) { rules.append(a.rule) }
        switch rules.count {
        case 0: return "nothing"
        case 1: return rules[0]
        default: return rules.dropLast().joined(separator: ", ") + " and " + rules.last!
        }
    }
}

/// A change one auditor made to a part of an item's result another auditor recorded.
public struct Revision: Codable, Hashable, Sendable {
    /// `grade`, `requirement`, `evidence` or `gap`.
    public var part: String
    public var from: String
    public var fromBy: String
    /// Empty when the part was cleared (a grade taken back to not-audited).
    public var to: String
    public var by: String
    /// The reason given with it (GR-6); nil for a change recorded before reasons were asked.
    public var reason: String?
    public init(part: String, from: String, fromBy: String, to: String, by: String, reason: String? = nil) {
        self.part = part; self.from = from; self.fromBy = fromBy; self.to = to; self.by = by; self.reason = reason
    }
}

public struct Disagreement: Codable, Hashable, Sendable {
    public var by: String
    public var text: String
    public init(by: String, text: String) { self.by = by; self.text = text }
}

/// A reason as given with a record, and by whom.
public struct GivenReason: Codable, Hashable, Sendable {
    public var by: String
    public var reason: Reason
    public init(by: String, reason: Reason) { self.by = by; self.reason = reason }
}

public struct Provenance: Codable, Hashable, Sendable {
    /// The parts of a result whose authors are kept, as `Revision.part` names them.
    public static let parts = ["grade", "requirement", "evidence", "gap"]

    /// Who wrote each part as it stands.
    public var authors: [String: String] = [:]
    /// Changes to parts another auditor recorded, in the order made.
    public var revisions: [Revision] = []
    /// Disagreements recorded by auditors whose part was changed, in the order recorded.
    public var disagreements: [Disagreement] = []
    /// Reasons given with records on the item, in the order given.
    public var reasons: [GivenReason] = []

    public init() {}

    public var isEmpty: Bool { authors.isEmpty && revisions.isEmpty && disagreements.isEmpty && reasons.isEmpty }

    enum CodingKeys: String, CodingKey { case authors, revisions, disagreements, reasons }

    // Empty lists are left out, and read as empty: the state tables keep this as compact JSON.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        authors = try c.decodeIfPresent([String: String].self, forKey: .authors) ?? [:]
        revisions = try c.decodeIfPresent([Revision].self, forKey: .revisions) ?? []
        disagreements = try c.decodeIfPresent([Disagreement].self, forKey: .disagreements) ?? []
        reasons = try c.decodeIfPresent([GivenReason].self, forKey: .reasons) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !authors.isEmpty { try c.encode(authors, forKey: .authors) }
        if !revisions.isEmpty { try c.encode(revisions, forKey: .revisions) }
        if !disagreements.isEmpty { try c.encode(disagreements, forKey: .disagreements) }
        if !reasons.isEmpty { try c.encode(reasons, forKey: .reasons) }
    }

    /// A part set to `new` by `actor`: a change of what another auditor wrote is a revision
    /// (unless `revising` is false: a value set beside another's without seeing it, or chosen
    /// among such values); the author of an unchanged part stays.
    mutating func write(_ part: String, old: String?, new: String, by actor: String, revising: Bool) {
        let was = old ?? ""
        guard new != was else { return }
        if revising, !was.isEmpty, let author = authors[part], author != actor {
            revisions.append(Revision(part: part, from: was, fromBy: author, to: new, by: actor))
        }
        authors[part] = new.isEmpty ? nil : actor
    }

    /// The parts an auditor recorded that others have since changed on the item.
    public func changed(from person: String) -> [Revision] {
        revisions.filter { $0.fromBy == person && $0.by != person }
    }
}

extension ItemRecord {
    /// The parts of the result as they stand, by `Provenance.parts`' names ("" when not set).
    public func part(_ name: String) -> String {
        switch name {
        case "grade": grade == .notAudited ? "" : grade.rawValue
        case "requirement": statement.requirement ?? ""
        case "evidence": statement.evidence ?? ""
        case "gap": statement.gap ?? ""
        default: ""
        }
    }

    /// Keeps who recorded what as `event`, by `actor`, changes this record; called before the
    /// event is folded in. Nothing is kept of an event whose author is not known. `chosen` names,
    /// by part, the author of a value chosen among those two people set without seeing each
    /// other's: it stays theirs, and is no change of another's result.
    mutating func trace(_ event: EventBody, by actor: String?, revising: Bool, chosen: [String: String] = [:]) {
        guard let actor else { return }
        var p = provenance ?? Provenance()
        func write(_ name: String, _ value: String) {
            if let author = chosen[name] {
                p.write(name, old: part(name), new: value, by: author, revising: false)
            } else {
                p.write(name, old: part(name), new: value, by: actor, revising: revising)
            }
        }
        switch event {
        case let .graded(_, g):
            write("grade", g == .notAudited ? "" : g.rawValue)
        case let .statement(_, s):
            for (name, value) in [("requirement", s.requirement), ("evidence", s.evidence), ("gap", s.gap)] {
                if let value { write(name, value) }
            }
        case let .reasoned(_, r):
            p.reasons.append(GivenReason(by: actor, reason: r))
            // A change of another's part takes the reason its record gave (the reason ends the record).
            for a in r.answers where a.rule == RecordRules.changeRule {
                if let i = p.revisions.lastIndex(where: { $0.part == a.subject && $0.by == actor && $0.reason == nil }) {
                    p.revisions[i].reason = r.text
                }
            }
        case let .disagreed(_, text):
            p.disagreements.append(Disagreement(by: actor, text: text))
        default:
            return
        }
        provenance = p
    }
}
