/// Follow-up of a nonconformity through corrective action (ISO/IEC 42001 10.2, DOMAIN.md §4.9):
/// react, find the causes, act, check that it worked, change the management system if needed.
/// Every field is optional, so a record grows as the follow-up does; in an `action.set` event
/// a field left out stays as it was and an empty text clears it.
public struct CorrectiveAction: Codable, Hashable, Sendable {
    // 1. React: contain and correct, deal with the consequences.
    public var correction: String?
    public var containedOn: String?
    // 2. Causes: how they were found, what they are, where else the same could happen.
    public var rootCauseMethod: String?
    public var rootCause: String?
    public var extentCheck: String?
    // 3. The action to remove the causes, who carries it out and by when.
    public var action: String?
    public var owner: String?
    public var due: String?
    /// When the owner reports the action done; from then on it awaits its effectiveness check.
    public var implementedOn: String?
    // 4. Effectiveness: how it will be judged, by when, what was found, by whom.
    public var effectivenessCriteria: String?
    public var effectivenessDue: String?
    public var effectivenessResult: String?
    public var outcome: Effectiveness?
    public var verifiedBy: String?
    public var verifiedOn: String?
    // 5. The change to the management system it led to (a procedure id, a version).
    public var aimsChange: String?
    /// In a change only: takes back a recorded outcome (say, to plan a new action after one
    /// that was not effective). Never part of the record itself.
    public var clearOutcome: Bool?

    public init(correction: String? = nil, containedOn: String? = nil, rootCauseMethod: String? = nil,
                rootCause: String? = nil, extentCheck: String? = nil, action: String? = nil, owner: String? = nil,
                due: String? = nil, implementedOn: String? = nil, effectivenessCriteria: String? = nil, effectivenessDue: String? = nil,
                effectivenessResult: String? = nil, outcome: Effectiveness? = nil, verifiedBy: String? = nil,
                verifiedOn: String? = nil, aimsChange: String? = nil, clearOutcome: Bool? = nil) {
        self.correction = correction; self.containedOn = containedOn; self.rootCauseMethod = rootCauseMethod
        self.rootCause = rootCause; self.extentCheck = extentCheck; self.action = action; self.owner = owner
        self.due = due; self.implementedOn = implementedOn; self.effectivenessCriteria = effectivenessCriteria; self.effectivenessDue = effectivenessDue
        self.effectivenessResult = effectivenessResult; self.outcome = outcome; self.verifiedBy = verifiedBy
        self.verifiedOn = verifiedOn; self.aimsChange = aimsChange; self.clearOutcome = clearOutcome
    }

    public enum Effectiveness: String, Codable, CaseIterable, Sendable {
        case effective
        case notEffective = "not-effective"
    }

    /// The text fields, in the order of the steps, with the names the CLI and the report use.
    /// One table serves the dialog, the report, the size limits and `merging`.
    public static let fields: [Field] = [
        Field("correction", "Correction", "Correction", step: 1, \.correction),
        Field("contained-on", "Contained on", "Contained on", step: 1, \.containedOn, isDate: true),
        Field("root-cause-method", "Root-cause method", "Cause method", step: 2, \.rootCauseMethod),
        Field("root-cause", "Root cause", "Root cause", step: 2, \.rootCause),
        Field("extent", "Extent check", "Extent check", step: 2, \.extentCheck),
        Field("action", "Corrective action", "Action", step: 3, \.action),
        Field("owner", "Owner", "Owner (id)", step: 3, \.owner, isPerson: true),
        Field("due", "Due", "Due", step: 3, \.due, isDate: true),
        Field("implemented-on", "Implemented on", "Done on", step: 3, \.implementedOn, isDate: true),
        Field("effectiveness-criteria", "Effectiveness criteria", "Effective if", step: 4, \.effectivenessCriteria),
        Field("effectiveness-due", "Effectiveness check due", "Check due", step: 4, \.effectivenessDue, isDate: true),
        Field("result", "Effectiveness result", "Result", step: 4, \.effectivenessResult),
        Field("verified-by", "Verified by", "Verified by", step: 4, \.verifiedBy, isPerson: true),
        Field("verified-on", "Verified on", "Verified on", step: 4, \.verifiedOn, isDate: true),
        Field("aims-change", "AIMS change", "AIMS change", step: 5, \.aimsChange),
    ]

    public struct Field: Sendable {
        /// As the CLI spells it after `--ca-`.
        public let name: String
        public let label: String
        /// At most 14 cells, for the screen's form.
        public let short: String
        public let step: Int
        public let path: WritableKeyPath<CorrectiveAction, String?> & Sendable
        public let isDate: Bool
        public let isPerson: Bool
        init(_ name: String, _ label: String, _ short: String, step: Int, _ path: WritableKeyPath<CorrectiveAction, String?> & Sendable,
             isDate: Bool = false, isPerson: Bool = false) {
            self.name = name; self.label = label; self.short = short; self.step = step; self.path = path
            self.isDate = isDate; self.isPerson = isPerson
        }
    }

    public var isEmpty: Bool { self == CorrectiveAction() }

    /// A field's label as the record stands: until an effectiveness outcome is recorded, the
    /// verifier and the date are what is planned, not what was done.
    public func label(of f: Field) -> String {
        guard outcome == nil else { return f.label }
        switch f.name {
        case "verified-by": return "Verifier (planned)"
        case "verified-on": return "Verification planned for"
        default: return f.label
        }
    }

    /// This record with `change` applied: what `change` gives replaces, "" clears, nil keeps.
    public func merging(_ change: CorrectiveAction) -> CorrectiveAction {
        var out = self
        for f in Self.fields {
            if let v = change[keyPath: f.path] { out[keyPath: f.path] = v.isEmpty ? nil : v }
        }
        if let o = change.outcome { out.outcome = o }
        if change.clearOutcome == true { out.outcome = nil }
        return out
    }

    /// "the owner and due date", for the journal's one-line summary.
    public var changedSteps: String {
        let names = Self.fields.filter { self[keyPath: $0.path] != nil }.map { $0.label.lowercased() }
            + (outcome == nil && clearOutcome != true ? [] : ["outcome"])
        switch names.count {
        case 0: return "nothing"
        case 1: return "the " + names[0]
        default: return "the " + names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
    }

    /// What an effective outcome lacks to close the nonconformity, in words (empty when nothing):
    /// the implementation date and the result (CA-5), a verification not before the implementation
    /// (CA-6). An outcome recorded before these rules may lack them; it then closes nothing, and
    /// the follow-up stands as if it had not been recorded.
    public var outcomeGaps: [String] {
        guard outcome == .effective else { return [] }
        var out: [String] = []
        if implementedOn == nil { out.append("no implementation date") }
        if (effectivenessResult ?? "").allSatisfy(\.isWhitespace) { out.append("no result") }
        if let v = verifiedOn.flatMap(Day.init(iso:)), let i = implementedOn.flatMap(Day.init(iso:)), v < i {
            out.append("verified on \(v), before it was implemented on \(i)")
        }
        return out
    }

    /// The outcome that stands: an effective one only with what closes the nonconformity.
    var standingOutcome: Effectiveness? { outcomeGaps.isEmpty ? outcome : nil }

    /// Where the follow-up stands on a given day.
    public func status(on today: Day) -> Status {
        if let outcome = standingOutcome { return outcome == .effective ? .closed : .notEffective }
        if overdueSince(on: today) != nil { return .overdue }
        if implementedOn != nil { return .awaitingVerification }
        return action != nil && owner != nil && due != nil ? .planned : .incomplete
    }

    /// The date passed without what it called for: the action's due date until it is done, then
    /// the effectiveness check's.
    public func overdueSince(on today: Day) -> Day? {
        guard standingOutcome == nil else { return nil }
        let deadline = (implementedOn == nil ? due : effectivenessDue).flatMap(Day.init(iso:))
        return deadline.flatMap { $0 < today ? $0 : nil }
    }

    public enum Status: String, Sendable, CaseIterable {
        /// No action, owner or due date yet.
        case incomplete
        case planned
        /// Done, its effectiveness not yet checked.
        case awaitingVerification = "awaiting-verification"
        /// Past its due date and not done, or done and past its effectiveness check date unverified.
        case overdue
        /// Verified effective, with the implementation date and the result, not before the implementation.
        case closed
        /// Verified and found not effective: the nonconformity stays open.
        case notEffective = "not-effective"

        public var isOpen: Bool { self != .closed }
    }
}

/// The rules a corrective action must satisfy (CA-1 … CA-4), judged on the record as it would be.
public enum ActionRules {
    /// `verifierVerdicts` is the independence of the verifier on the item, when one is named (nil
    /// when it cannot be told now).
    public static func check(item: String, action a: CorrectiveAction, roster: Roster,
                             verifierVerdicts: [Verdict]?) -> Refusal? {
        for f in CorrectiveAction.fields {
            guard let v = a[keyPath: f.path] else { continue }
            if f.isDate, Day(iso: v) == nil {
                return Refusal(rule: "CA-1", "invalid date '\(v)' for the \(f.label.lowercased()) of \(item): write YYYY-MM-DD", needs: [.action(f.name)])
            }
            if f.isPerson, !roster.knows(v) {
                return Refusal(rule: "CA-1", "unknown person '\(v)' as \(f.label.lowercased()) of \(item)\(roster.hint(for: v))", needs: [.action(f.name)])
            }
        }
        if let verifier = a.verifiedBy {
            let name = roster.name(verifier)
            if verifier == a.owner {
                return Refusal(rule: "CA-2", "\(name) owns the corrective action on \(item) and may not verify it; name someone independent of the item", needs: [.action("verified-by")])
            }
            guard let verifierVerdicts else {
                return Refusal(rule: "CA-3", "\(name)'s independence of \(item) cannot be told yet (the programme is still being read); try again in a moment", needs: [.action("verified-by")])
            }
            if let block = verifierVerdicts.first(where: { $0.level == .block }) {
                return Refusal(rule: "CA-3", "\(name) may not verify the corrective action on \(item): \(block.reason) (\(block.rule.rawValue))", needs: [.action("verified-by")])
            }
        }
        if a.outcome != nil {
            let missing = [("verifier", a.verifiedBy), ("verification date", a.verifiedOn),
                           ("effectiveness criteria", a.effectivenessCriteria), ("corrective action", a.action)]
                .filter { $0.1 == nil }.map(\.0)
            if !missing.isEmpty {
                return Refusal(rule: "CA-4", "an effectiveness outcome on \(item) needs the \(missing.joined(separator: ", ")) first",
                               needs: ["verified-by", "verified-on", "effectiveness-criteria", "action"].map(RecordInput.action))
            }
        }
        return nil
    }
}
