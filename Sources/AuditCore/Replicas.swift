/// Several auditors, one audit: each works on a replica of the workpaper, and their events are
/// brought together by set union. The state is the fold of the set in a causal order (an event
/// after everything its author had seen; ties by hash), and a field two people set without seeing
/// each other's value keeps both values until someone who has seen both sets it again.

/// Where an event stands among the replicas of an audit.
public struct Stamp: Hashable, Sendable {
    /// The replica that recorded it, and its place in that replica's own chain (from 1).
    public let replica: String
    public let rseq: Int
    /// What its author had seen of the other replicas: the last event of each (a version vector).
    public let clock: [String: Int]
    public var hash: String
    /// The event's own id, which edits of evidence it added name.
    public var id: String
    public var actor: String
    public var time: String

    public init(replica: String, rseq: Int, clock: [String: Int], hash: String, id: String, actor: String, time: String) {
        self.replica = replica; self.rseq = rseq; self.clock = clock; self.hash = hash; self.id = id
        self.actor = actor; self.time = time
        past = clock.values.reduce(rseq - 1, +)
    }

    /// How many events its author had seen: more than any event it saw had.
    public let past: Int

    /// True when `other` was among what this event's author had seen.
    public func saw(_ other: Stamp) -> Bool {
        other.replica == replica ? other.rseq < rseq : other.rseq <= clock[other.replica] ?? 0
    }

    /// The fold's order: after everything seen, ties by hash.
    public static func precedes(_ a: Stamp, _ b: Stamp) -> Bool { (a.past, a.hash) < (b.past, b.hash) }
}

/// One event with its stamp. `target`, on an edit or a removal of evidence, is the id of the
/// event that added it (numbers can change when two replicas cited evidence under the same one).
public struct TeamEvent: Sendable {
    public var stamp: Stamp
    public var body: EventBody
    public var target: String?
    public init(stamp: Stamp, body: EventBody, target: String? = nil) {
        self.stamp = stamp; self.body = body; self.target = target
    }
}

/// A field of an item that two people set without seeing each other's value: every value
/// standing, in the fold's order (the last is the one shown until it is resolved).
public struct FieldConflict: Hashable, Sendable {
    public struct Value: Hashable, Sendable {
        public var value: String
        public var actor: String
        public var time: String
        public var replica: String
        public init(value: String, actor: String, time: String, replica: String) {
            self.value = value; self.actor = actor; self.time = time; self.replica = replica
        }
    }
    public var item: String
    public var field: String
    public var values: [Value]
    public init(item: String, field: String, values: [Value]) { self.item = item; self.field = field; self.values = values }

    /// "A.6.2.8@ava grade: minor (olivia) / major (rita)".
    public var summary: String {
        "\(item) \(field): " + values.map { "\(Self.short($0.value)) (\($0.actor))" }.joined(separator: " / ")
    }

    /// A value in a few words, quoted: its first line, cut at 40 characters.
    public static func short(_ s: String) -> String {
        let line = s.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 40 || line.count < s.count ? "'\(line.prefix(40))…'" : "'\(line)'"
    }
}

extension EventBody {
    /// The fields an event sets, each with the event that sets that field alone and the value
    /// as a person reads it. Additions (evidence cited, a carried finding) and removals set none.
    /// `item` is the item of an edit of evidence.
    public func fieldWrites(item evidenceItem: String? = nil) -> [(item: String, field: String, alone: EventBody, shown: String)] {
        switch self {
        case let .graded(item, grade): return [(item, "grade", self, grade.rawValue)]
        case let .statement(item, s):
            return [("requirement", s.requirement, Statement(requirement: s.requirement)), ("evidence", s.evidence, Statement(evidence: s.evidence)),
                    ("gap", s.gap, Statement(gap: s.gap))].compactMap { name, value, alone in
                value.map { (item, name, .statement(item: item, alone), $0) }
            }
        case let .noted(item, note): return [(item, "note", self, note)]
        case let .goodPractice(item, text): return [(item, "good practice", self, text)]
        case let .justified(item, j): return [(item, "justification of \(j.auditor)", self, j.text + (j.safeguard.map { " (safeguard: \($0))" } ?? ""))]
        case let .sampled(item, s):
            return [(item, "sample", self, "\(s.method.rawValue) \(s.size) of \(s.population): \(s.selected.map(String.init).joined(separator: ","))")]
        case let .sampleTested(item, results):
            return results.map { r in
                (item, "sample result \(r.occurrence)", .sampleTested(item: item, [r]), r.outcome.words + (r.evidenceLabel.map { " (\($0))" } ?? ""))
            }
        case let .actionSet(item, a):
            var out = CorrectiveAction.fields.compactMap { f -> (String, String, EventBody, String)? in
                guard let v = a[keyPath: f.path] else { return nil }
                var alone = CorrectiveAction()
                alone[keyPath: f.path] = v
                return (item, "action \(f.name)", .actionSet(item: item, alone), v)
            }
            if a.outcome != nil || a.clearOutcome == true {
                out.append((item, "action outcome", .actionSet(item: item, CorrectiveAction(outcome: a.outcome, clearOutcome: a.clearOutcome)),
                            a.outcome?.rawValue ?? "none"))
            }
            return out
        case let .evidenceEdited(id, edit):
            guard let item = evidenceItem else { return [] }
            let parts: [(String, String?, EvidenceEdit)] = [
                ("type", edit.type?.rawValue, EvidenceEdit(type: edit.type)), ("reference", edit.reference, EvidenceEdit(reference: edit.reference)),
                ("description", edit.description, EvidenceEdit(description: edit.description)),
                ("obtained from", edit.obtainedFrom, EvidenceEdit(obtainedFrom: edit.obtainedFrom)),
                ("obtained on", edit.obtainedOn, EvidenceEdit(obtainedOn: edit.obtainedOn)),
            ]
            return parts.compactMap { name, value, alone in value.map { (item, "E\(id) \(name)", .evidenceEdited(id: id, alone), $0) } }
        case let .responded(item, r): return [(item, "response", self, r.shown)]
        case let .deferred(item, d): return [(item, "not audited", self, d.shown)]
        case .created, .evidenceAdded, .evidenceRemoved, .carried, .reasoned, .disagreed, .approved, .meeting, .reviewed, .concluded,
             .approvedReport:
            return []
        }
    }
}

/// The fold of the events of several replicas. Applied in any causal order it reaches the same
/// state; `fold` sorts them into the one order the numbering of evidence follows.
public struct TeamState: Sendable {
    public internal(set) var state = WorkpaperState()
    /// The evidence number given to each event that cited evidence, by the event's id.
    public private(set) var numbers: [String: Int] = [:]
    /// The replica each piece of evidence was cited on, by number.
    public private(set) var citedOn: [Int: String] = [:]

    struct Write: Sendable {
        var stamp: Stamp
        var alone: EventBody
        var shown: String
    }
    /// The values standing in each field (item, field): those no later write had seen.
    private var live: [String: [Write]] = [:]
    /// How many events of each replica are folded in, and the last event of each replica that
    /// changed each item's work: what a review or an approval had seen of them (AuditRecord.swift).
    var folded: [String: Int] = [:]
    var lastWork: [String: [String: Int]] = [:]

    public init() {}

    public static func fold<S: Sequence>(_ events: S) -> TeamState where S.Element == TeamEvent {
        var team = TeamState()
        for e in events.sorted(by: { Stamp.precedes($0.stamp, $1.stamp) }) { team.apply(e) }
        return team
    }

    /// The number an edit or a removal of evidence means.
    public func number(of id: Int, target: String?) -> Int { target.flatMap { numbers[$0] } ?? id }

    /// The event that cited evidence number `n`, when known.
    public func origin(of n: Int) -> String? { numbers.first { $0.value == n }?.key }

    /// Folds one event in; every event its author had seen must be folded in already.
    public mutating func apply(_ e: TeamEvent) {
        noteFolded(e)
        switch e.body {
        case .evidenceAdded(var r):
            guard numbers[e.stamp.id] == nil else { return }
            // Two replicas citing under the same number: the later in the fold takes the next free one.
            if state.evidence[r.id] != nil { r.id = state.nextEvidenceID }
            numbers[e.stamp.id] = r.id
            citedOn[r.id] = e.stamp.replica
            state.apply(.evidenceAdded(r))
        case let .evidenceRemoved(id, reason):
            state.apply(.evidenceRemoved(id: number(of: id, target: e.target), reason: reason))
        case .created, .carried, .reasoned, .disagreed, .approved, .meeting, .concluded:
            state.apply(e.body, by: e.stamp.actor)
        case .reviewed, .approvedReport:
            applySeeing(e)
        case let .evidenceEdited(id, edit):
            let n = number(of: id, target: e.target)
            write(EventBody.evidenceEdited(id: n, edit).fieldWrites(item: state.evidence[n]?.item), e.stamp)
        default:
            write(e.body.fieldWrites(), e.stamp)
        }
    }

    private mutating func write(_ writes: [(item: String, field: String, alone: EventBody, shown: String)], _ stamp: Stamp) {
        for w in writes {
            let key = w.item + "\u{1}" + w.field
            var standing = (live[key] ?? []).filter { !stamp.saw($0.stamp) }
            standing.append(Write(stamp: stamp, alone: w.alone, shown: w.shown))
            standing.sort { Stamp.precedes($0.stamp, $1.stamp) }
            live[key] = standing
            if case .noted(let item, _) = w.alone {
                // Notes are each person's own: concurrent ones are all kept, one after the other.
                let text = standing.map(\.shown).filter { !$0.isEmpty }.joined(separator: "\n\n")
                state.apply(.noted(item: item, note: text))
            } else {
                let shown = standing.last!
                // Set beside another's value without seeing it: no change of another's result (one
                // of the values standing, chosen later, stays its author's: see `chosenAuthors`).
                state.apply(shown.alone, by: shown.stamp.actor, revising: standing.count == 1)
            }
            let values = standing.map { FieldConflict.Value(value: $0.shown, actor: $0.stamp.actor, time: $0.stamp.time, replica: $0.stamp.replica) }
            if standing.count > 1, w.field != "note", Set(values.map(\.value)).count > 1 {
                state.setConflict(FieldConflict(item: w.item, field: w.field, values: values))
            } else {
                state.setConflict(FieldConflict(item: w.item, field: w.field, values: []))
            }
        }
    }
}

extension WorkpaperState {
    /// Every open conflict, by item and field.
    public var allConflicts: [FieldConflict] {
        conflicts.keys.sorted().flatMap { item in conflicts[item]!.sorted { $0.field < $1.field } }
    }

    /// Sets a field's conflict; one without values removes it.
    mutating func setConflict(_ c: FieldConflict) {
        var list = (conflicts[c.item] ?? []).filter { $0.field != c.field }
        if !c.values.isEmpty { list.append(c) }
        conflicts[c.item] = list.isEmpty ? nil : list
    }

    /// A conflict read back from where it was kept.
    public mutating func restore(_ c: FieldConflict) { setConflict(c) }

    /// For an event that sets a field in conflict to one of the values standing: the author of that
    /// value, by the part of the result it is (see `Provenance`).
    func chosenAuthors(_ event: EventBody) -> [String: String] {
        guard !conflicts.isEmpty, let item = event.item, let open = conflicts[item] else { return [:] }
        var out: [String: String] = [:]
        for w in event.fieldWrites() where Provenance.parts.contains(w.field) {
            if let v = open.first(where: { $0.field == w.field })?.values.first(where: { $0.value == w.shown }) { out[w.field] = v.actor }
        }
        return out
    }

    /// An event recorded by someone who sees the whole workpaper resolves the fields it sets.
    mutating func resolveConflicts(_ event: EventBody) {
        guard !conflicts.isEmpty else { return }
        var item: String?
        if case .evidenceEdited(let id, _) = event { item = evidence[id]?.item }
        for w in event.fieldWrites(item: item) where conflicts[w.item] != nil {
            setConflict(FieldConflict(item: w.item, field: w.field, values: []))
        }
    }
}
