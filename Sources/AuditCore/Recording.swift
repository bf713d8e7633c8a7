/// The rules a recorded result must satisfy (GR-1 … GR-5), judged on the item as it would be.
public enum GradeRules {
    /// `settingText`: whether the events set the grade or the statement. GR-5 is judged only
    /// then, so an observation recorded before the rule (its text in the note) still takes a
    /// note, a reference or a sample.
    public static func check(item: String, record: ItemRecord, evidence: Int, settingText: Bool = true) -> Refusal? {
        switch record.grade {
        case .major, .minor:
            if !record.statement.isComplete {
                let missing = [("requirement", record.statement.requirement), ("evidence", record.statement.evidence),
                               ("gap", record.statement.gap)].filter { ($0.1 ?? "").allSatisfy(\.isWhitespace) }.map(\.0)
                return Refusal(rule: "GR-1", "a \(record.grade.rawValue) nonconformity on \(item) needs all three parts of its statement; missing: \(missing.joined(separator: ", "))",
                               needs: [.requirement, .evidence, .gap])
            }
        case .conform:
            if evidence == 0 {
                return Refusal(rule: "GR-2", "conformity on \(item) needs at least one evidence reference", needs: [.evidenceReference])
            }
            if let refusal = SampleRules.conformity(item, record) { return refusal }
        case .notApplicable:
            if (record.note ?? "").allSatisfy(\.isWhitespace) {
                return Refusal(rule: "GR-3", "not-applicable on \(item) needs a note saying why", needs: [.note])
            }
        case .observation, .ofi:
            // The statement's gap part is what the report prints as the finding; the note is the
            // auditor's own and never printed.
            if settingText, (record.statement.gap ?? "").allSatisfy(\.isWhitespace) {
                let what = record.grade == .observation ? "an observation" : "an opportunity for improvement"
                return Refusal(rule: "GR-5", "\(what) on \(item) needs its text: the statement's gap part, which the report prints as the finding", needs: [.gap])
            }
        case .notAudited:
            break
        }
        if record.action != nil, !record.grade.isNonconformity {
            return Refusal(rule: "GR-4", "a corrective action belongs to a major or minor nonconformity; \(item) is graded \(record.grade.rawValue)", needs: [.grade])
        }
        return nil
    }
}

/// Decides whether an auditor may record these events on an item: team membership, independence
/// (a block refuses; a warning needs a justification on record), and the grade rules.
public enum Recorder {
    /// The longest a single text may be: a note, a statement part, a justification (characters).
    public static let maxText = 65_536
    /// The longest an evidence reference or description may be.
    public static let maxReference = 4_096

    /// The texts an event carries, with what they are called and how long they may be.
    static func texts(_ event: EventBody) -> [(String, String, Int)] {
        switch event {
        case .created, .graded, .evidenceRemoved, .carried: return []
        case let .statement(_, s):
            return [("requirement", s.requirement ?? "", maxText), ("evidence", s.evidence ?? "", maxText), ("gap", s.gap ?? "", maxText)]
        case let .noted(_, note): return [("note", note, maxText)]
        case let .goodPractice(_, text): return [("good practice", text, maxText)]
        case let .evidenceAdded(e):
            return [("reference", e.reference, maxReference), ("description", e.description ?? "", maxReference),
                    ("obtained from", e.obtainedFrom ?? "", maxReference)]
        case let .evidenceEdited(_, e):
            return [("reference", e.reference ?? "", maxReference), ("description", e.description ?? "", maxReference),
                    ("obtained from", e.obtainedFrom ?? "", maxReference)]
        case let .justified(_, j): return [("justification", j.text, maxText), ("safeguard", j.safeguard ?? "", maxText)]
        case let .approved(_, a): return [("justification", a.text, maxText), ("safeguard", a.safeguard ?? "", maxText)]
        case let .sampled(_, s):
            return [("sample description", s.description ?? "", maxReference), ("sample reason", s.reason ?? "", maxText),
                    ("reason for the sample's size", s.sizeReason ?? "", maxText)]
        case let .sampleTested(_, results): return results.map { ("note on occurrence \($0.occurrence)", $0.note ?? "", maxText) }
        case let .actionSet(_, a):
            return CorrectiveAction.fields.map { ($0.label.lowercased(), a[keyPath: $0.path] ?? "", $0.isDate || $0.isPerson ? maxReference : maxText) }
        case let .reasoned(_, r): return [("reason", r.text, maxText)]
        case let .disagreed(_, text): return [("disagreement", text, maxText)]
        case .meeting, .responded, .reviewed, .deferred, .concluded, .approvedReport:
            return recordTexts(event)
        }
    }

    /// The one validation of a record, whoever makes it (the screen, `record`, a merge): judged on
    /// the item as it would be after the events, worked out on that item alone, so nothing the
    /// size of the whole state is copied. `independence` gives a person's verdicts on the item (a
    /// corrective action's verifier may be outside the team); nil when they cannot be told now.
    /// `recordedOn` is the day of the record, for the rules on it (DATE-1, DATE-3); nil only where
    /// it is not judged again (a merge: see `RecordRules.exceptions`).
    public static func validate(_ events: [EventBody], actor: String, item: ItemKey, analysis: AuditAnalysis,
                                programme: Programme, state: WorkpaperState, recordedOn: Day? = nil) -> Refusal? {
        validate(events, actor: actor, item: item, analysis: analysis, roster: programme.roster, state: state,
                 independence: { Derive.verdicts(of: $0, on: item, analysis: analysis, programme: programme) },
                 programme: programme, recordedOn: recordedOn)
    }

    /// The same, with the people and the independence of anyone on the item given by the caller;
    /// `programme`, when at hand, for whether an audit an item moves to holds it (DEFER-3).
    public static func validate(_ events: [EventBody], actor: String, item: ItemKey, analysis: AuditAnalysis,
                                roster: Roster, state: WorkpaperState,
                                independence: (String) -> [Verdict]?, programme: Programme? = nil,
                                recordedOn: Day? = nil) -> Refusal? {
        for e in events {
            for (what, text, limit) in texts(e) {
                if text.count > limit {
                    return Refusal(rule: "SIZE", "the \(what) is \(text.count) characters long; the limit is \(limit) (cite a longer text as a document instead)")
                }
                // A text is stored and compared as a whole; a zero byte would end it in the tables.
                if text.utf8.contains(0) {
                    return Refusal(rule: "TEXT", "the \(what) holds a zero byte (NUL, shown as ^@ in vim); take it out and record it again")
                }
            }
        }
        if let approvals = approvalsAlone(events, actor: actor, item: item, analysis: analysis, roster: roster, state: state) {
            return approvals
        }
        let name = roster.name(actor)
        guard analysis.audit.team.contains(actor) else {
            return Refusal(rule: "TEAM", "\(name) (\(actor)) is not in the team of \(analysis.audit.id); the team is \(analysis.audit.team.joined(separator: ", "))")
        }
        let verdicts = analysis.verdicts.filter { $0.item == item && $0.auditor == actor }
        if let block = verdicts.first(where: { $0.level == .block }) {
            return Refusal(rule: block.rule.rawValue, "\(name) may not record on \(item): \(block.reason). "
                + analysis.alternativesSentence(to: item))
        }
        let key = item.description
        let (record, evidence) = state.preview(events, on: key, by: actor)
        let warnings = verdicts.filter { $0.level == .warn }
        if !warnings.isEmpty {
            let rules = warnings.map(\.rule.rawValue).joined(separator: ", ")
            guard let j = record.justifications[actor], !j.text.allSatisfy(\.isWhitespace) else {
                return Refusal(rule: warnings[0].rule.rawValue, "\(name) has independence warnings on \(item) (\(rules): \(warnings.map(\.reason).joined(separator: "; "))); record a justification first",
                               needs: [.justification])
            }
            let ownership = warnings.filter { $0.rule == .ind01 || $0.rule == .ind03 }
            if !ownership.isEmpty, (j.safeguard ?? "").allSatisfy(\.isWhitespace) {
                return Refusal(rule: ownership[0].rule.rawValue, "in small-organisation mode, \(name) may audit \(item) despite \(ownership.map(\.rule.rawValue).joined(separator: ", ")) only with a named safeguard, such as an independent review of the workpapers",
                               needs: [.safeguard])
            }
            if let refusal = ApprovalRules.safeguardRefusal(warnings, j, name: name, item: item, analysis: analysis) { return refusal }
        }
        if let refusal = recordRules(events, actor: actor, item: item, record: record, audit: analysis.audit, roster: roster,
                                     programme: programme) {
            return refusal
        }
        if events.contains(where: { if case .actionSet = $0 { true } else { false } }), let action = record.action {
            let verdicts = action.verifiedBy.map { independence($0) } ?? []
            if let refusal = ActionRules.check(item: key, action: action, roster: roster, verifierVerdicts: verdicts) {
                return refusal
            }
        }
        if let refusal = SampleRules.check(events, item: key, record: record, state: state) { return refusal }
        let settingText = events.contains { if case .graded = $0 { true } else if case .statement = $0 { true } else { false } }
        if let refusal = GradeRules.check(item: key, record: record, evidence: evidence, settingText: settingText) { return refusal }
        return RecordRules.check(events, actor: actor, item: key, audit: analysis.audit, roster: roster, state: state, recordedOn: recordedOn)
    }
}

extension Recorder {
    /// Approvals of justifications among the events, judged by their own rules: a refusal, or
    /// `.some(nil)` when they are all the events (an approval is the approver's act, not a result
    /// on the item, so the approver need not be in the team); nil when the rest is to be judged.
    static func approvalsAlone(_ events: [EventBody], actor: String, item: ItemKey, analysis: AuditAnalysis, roster: Roster,
                               state: WorkpaperState) -> Refusal?? {
        func isApproval(_ e: EventBody) -> Bool { if case .approved = e { true } else { false } }
        guard events.contains(where: isApproval) else { return nil }
        if let refusal = ApprovalRules.check(events, actor: actor, item: item, analysis: analysis, roster: roster, state: state) {
            return .some(refusal)
        }
        return events.allSatisfy(isApproval) ? .some(nil) : nil
    }
}

/// Draws samples so that a random selection can be reproduced from its seed.
public enum Sampler {
    public static func draw(population: Int, size: Int, method: SampleMethod, seed: UInt64) -> [Int] {
        let n = max(0, population), k = min(max(0, size), n)
        guard k > 0 else { return [] }
        switch method {
        case .random:
            var rng = SplitMix64(state: seed)
            var pool = Array(1...n)
            for i in 0..<k {
                let j = i + rng.below(n - i)
                pool.swapAt(i, j)
            }
            return pool.prefix(k).sorted()
        case .systematic:
            let step = Double(n) / Double(k)
            let start = Double(seed % UInt64(max(1, Int(step))))
            return (0..<k).map { min(n, Int(start + Double($0) * step) + 1) }
        case .judgemental:
            return []
        }
    }
}

/// A small, fast, reproducible pseudo-random generator (SplitMix64).
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Problems in what was recorded: a result recorded on an item by an auditor blocked on it.
public enum RecordedResults {
    public static func problems(_ analysis: AuditAnalysis, recordedBy: [ItemKey: Set<String>]) -> [Problem] {
        var out: [Problem] = []
        for item in analysis.checklist {
            for actor in (recordedBy[item.key] ?? []).sorted() {
                if let v = analysis.verdicts.first(where: { $0.item == item.key && $0.auditor == actor && $0.level == .block }) {
                    out.append(Problem(.error, "a result on \(item.key) was recorded by \(actor), who is blocked on it (\(v.rule.rawValue): \(v.reason))"))
                }
            }
        }
        return out
    }
}

/// Suggested sample sizes by how often a control operates (DOMAIN.md §4.4's practitioner table):
/// tier A takes the top of the range, B the middle, C the bottom; never more than the population.
public enum SampleSize {
    public static func range(_ operates: Operates?) -> ClosedRange<Int> {
        switch operates {
        case .annually?, .automated?, nil: 1...1
        case .quarterly?: 2...2
        case .monthly?: 2...5
        case .weekly?: 5...15
        case .daily?: 20...40
        case .manyDaily?: 25...60
        }
    }

    public static func suggested(operates: Operates?, tier: Tier, population: Int) -> Int {
        let r = range(operates)
        let size: Int
        switch tier {
        case .A: size = r.upperBound
        case .B: size = (r.lowerBound + r.upperBound + 1) / 2
        case .C: size = r.lowerBound
        }
        return population > 0 ? min(size, population) : size
    }
}
