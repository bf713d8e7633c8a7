/// The state of a workpaper: the fold of its journal.
public struct WorkpaperState: Hashable, Sendable {
    public var items: [String: ItemRecord] = [:]
    public private(set) var evidence = EvidenceStore()
    public var created: EventBody.Created?
    /// The audit's meetings, conclusion and approvals (AuditRecord.swift).
    public internal(set) var auditRecord = AuditRecord()
    /// Fields set two ways by people who had not seen each other's value, by item (see `TeamState`).
    public internal(set) var conflicts: [String: [FieldConflict]] = [:]
    /// Evidence ids by item, in the order cited: an index, so an item's evidence is found
    /// without looking through all of it.
    private var evidenceIDs: [String: [Int]] = [:]
    private var highestEvidenceID = 0
    public init() {}

    /// A state read back from where it was kept (the workpaper's state tables); its evidence may
    /// be only some of it (the screen reads an item's references when it shows the item), and
    /// `highestEvidenceID` is then the highest of all of it.
    public init(items: [String: ItemRecord], evidence: [EvidenceReference], created: EventBody.Created?,
                highestEvidenceID: Int = 0, auditRecord: AuditRecord = AuditRecord()) {
        self.items = items
        self.auditRecord = auditRecord
        self.created = created
        self.highestEvidenceID = highestEvidenceID
        adopt(evidence)
    }

    /// Takes in references read back from where they were kept (as they are there, replacing
    /// what this state held of them).
    public mutating func adopt(_ references: [EvidenceReference]) {
        evidence.reserveCapacity(evidence.count + references.count)
        var unordered: Set<String> = []
        for e in references {
            if evidence[e.id] == nil {
                if let last = evidenceIDs[e.item]?.last, last > e.id { unordered.insert(e.item) }
                evidenceIDs[e.item, default: []].append(e.id)
            }
            evidence[e.id] = e
            highestEvidenceID = max(highestEvidenceID, e.id)
        }
        // In the order cited (ids are given in that order), whatever order they were taken in.
        for item in unordered { evidenceIDs[item]?.sort() }
    }

    /// Takes what `other` holds of these items — their records and open conflicts — and of these
    /// references (the rest stays as it is).
    public mutating func take(items keys: Set<String>, evidence ids: Set<Int>, from other: WorkpaperState) {
        for key in keys {
            items[key] = other.items[key]
            conflicts[key] = other.conflicts[key]
        }
        auditRecord = other.auditRecord
        adopt(ids.compactMap { other.evidence[$0] })
    }

    public static func fold<S: Sequence>(_ events: S) -> WorkpaperState where S.Element == EventBody {
        var state = WorkpaperState()
        for e in events { state.apply(e) }
        return state
    }

    /// The fold of events with their authors, so that who recorded what is kept (`Provenance`).
    public static func fold<S: Sequence>(authored events: S) -> WorkpaperState where S.Element == (actor: String, body: EventBody) {
        var state = WorkpaperState()
        for e in events { state.apply(e.body, by: e.actor) }
        return state
    }

    public func record(_ item: String) -> ItemRecord { items[item] ?? ItemRecord() }

    /// Evidence still cited on an item, in the order it was cited.
    public func evidence(on item: String) -> [EvidenceReference] {
        (evidenceIDs[item] ?? []).compactMap { evidence[$0] }.filter { !$0.removed }.sorted { $0.id < $1.id }
    }

    /// How many references are still cited, by method (counted where they are: a copy of
    /// 100,000 references would be tens of megabytes).
    public func citedByType() -> [EvidenceType: Int] {
        var counts: [EvidenceType: Int] = [:]
        for e in evidence.values where !e.removed { counts[e.type, default: 0] += 1 }
        return counts
    }

    /// How many references are still cited on an item.
    public func evidenceCount(on item: String) -> Int {
        return (evidenceIDs[item] ?? []).reduce(0) { $0 + (evidence[$1]?.removed == false ? 1 : 0) }
    }

    public var nextEvidenceID: Int { highestEvidenceID + 1 }

    /// Items carried over from earlier audits to be re-tested, in key order.
    public var carriedItems: [ItemKey] {
        items.filter { $0.value.carried != nil }.keys.compactMap(ItemKey.init).sorted()
    }

    /// The nonconformities of this audit whose corrective action is verified effective by `day`.
    public func closedNonconformities(in checklist: [ChecklistItem], on day: Day) -> [ItemKey] {
        checklist.compactMap { item in
            let r = record(item.key.description)
            return r.grade.isNonconformity && r.action?.status(on: day) == .closed ? item.key : nil
        }
    }

    /// The nonconformities this audit leaves open for the next one, judged on `day` (the next
    /// audit's start): majors and minors whose action is not verified effective, and re-tests
    /// brought in whose action is not verified effective either — a re-test that found no
    /// nonconformity is recorded with what is carried over, and does not close it. Each with what
    /// the next audit carries over.
    public func openNonconformities(in checklist: [ChecklistItem], audit: Audit, workpaper: String,
                                    journalHash: String, on day: Day) -> [(ItemKey, CarriedFinding)] {
        checklist.compactMap { item -> (ItemKey, CarriedFinding)? in
            let r = record(item.key.description)
            if r.grade.isNonconformity {
                guard r.action.map({ $0.status(on: day).isOpen }) ?? true else { return nil }
                return (item.key, CarriedFinding(audit: audit.id, workpaper: workpaper, journalHash: journalHash,
                                                 date: audit.fieldwork.to.description, grade: r.grade,
                                                 statement: r.statement, action: r.action))
            }
            guard var c = r.carried, c.action?.status(on: day) != .closed else { return nil }
            if r.grade != .notAudited {
                c.retests = (c.retests ?? []) + [CarriedFinding.Retest(audit: audit.id, date: audit.fieldwork.to.description, grade: r.grade)]
            }
            return (item.key, c)
        }
    }

    /// What `undo` needs to take events back: the touched entries as they were.
    public struct Undo: Sendable {
        var items: [String: ItemRecord?] = [:]
        var evidence: [Int: EvidenceReference?] = [:]
        var evidenceIDs: [String: [Int]?] = [:]
        var highestEvidenceID = 0
        var created: EventBody.Created?
        var conflicts: [String: [FieldConflict]] = [:]
        var auditRecord = AuditRecord()
    }

    /// Applies events in place (no copy of the whole state) and says how to take them back;
    /// `actor` is who recorded them, when known.
    public mutating func apply(_ events: [EventBody], by actor: String? = nil) -> Undo {
        var undo = Undo(highestEvidenceID: highestEvidenceID, created: created, conflicts: conflicts, auditRecord: auditRecord)
        for e in events {
            if let item = e.item, undo.items[item] == nil { undo.items[item] = .some(items[item]) }
            switch e {
            case .evidenceAdded(let r):
                if undo.evidence[r.id] == nil { undo.evidence[r.id] = .some(evidence[r.id]) }
                if undo.evidenceIDs[r.item] == nil { undo.evidenceIDs[r.item] = .some(evidenceIDs[r.item]) }
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _):
                if undo.evidence[id] == nil { undo.evidence[id] = .some(evidence[id]) }
                // Its item's review is re-opened.
                if let item = evidence[id]?.item, undo.items[item] == nil { undo.items[item] = .some(items[item]) }
            default: break
            }
            apply(e, by: actor)
        }
        return undo
    }

    public mutating func undo(_ u: Undo) {
        for (item, record) in u.items { items[item] = record }
        for (id, e) in u.evidence { evidence[id] = e }
        for (item, ids) in u.evidenceIDs { evidenceIDs[item] = ids }
        highestEvidenceID = u.highestEvidenceID
        created = u.created
        conflicts = u.conflicts
        auditRecord = u.auditRecord
    }

    /// Room for this many items and references made at once (a fold of a long journal then never
    /// holds the old and the new table of a growing dictionary together).
    public mutating func reserve(items: Int, evidence references: Int) {
        self.items.reserveCapacity(items)
        evidence.reserveCapacity(references)
        evidenceIDs.reserveCapacity(items)
    }

    /// Folds one event in; `actor` is who recorded it, when known (see `Provenance`), and
    /// `revising` false when it was set beside another's value without seeing it.
    public mutating func apply(_ event: EventBody, by actor: String? = nil, revising: Bool = true) {
        let chosen = chosenAuthors(event)
        resolveConflicts(event)
        auditRecord.apply(event)
        reopenReview(event)
        switch event {
        case .created(let c):
            created = c
        case .evidenceAdded(let e):
            if evidence[e.id] == nil { evidenceIDs[e.item, default: []].append(e.id) }
            evidence[e.id] = e
            highestEvidenceID = max(highestEvidenceID, e.id)
        case let .evidenceEdited(id, edit):
            evidence[id]?.apply(edit)
        case let .evidenceRemoved(id, reason):
            evidence[id]?.removed = true
            evidence[id]?.removalReason = reason
        default:
            if let item = event.item { items[item, default: ItemRecord()].apply(event, by: actor, revising: revising, chosen: chosen) }
        }
    }

    /// An item's record and its count of evidence still cited as they would be after `events`
    /// recorded by `actor`, worked out on that item alone (the state is neither changed nor copied).
    public func preview(_ events: [EventBody], on item: String, by actor: String? = nil) -> (record: ItemRecord, evidence: Int) {
        var record = self.record(item)
        var cited = Set((evidenceIDs[item] ?? []).filter { evidence[$0]?.removed == false })
        for e in events {
            switch e {
            case .evidenceAdded(let r) where r.item == item:
                if !r.removed { cited.insert(r.id) }
                record.review = nil
            case .evidenceRemoved(let id, _):
                cited.remove(id)
                if evidence[id]?.item == item { record.review = nil }
            case .evidenceEdited(let id, _): if evidence[id]?.item == item { record.review = nil }
            case .created, .evidenceAdded: break
            default: if e.item == item { record.apply(e, by: actor) }
            }
        }
        return (record, cited.count)
    }

    /// The references cited on an item as they would be after `events` (those the state holds:
    /// the screen reads an item's when it shows it).
    public func previewEvidence(_ events: [EventBody], on item: String) -> [EvidenceReference] {
        var refs = Dictionary(evidence(on: item).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for e in events {
            switch e {
            case .evidenceAdded(let r) where r.item == item && !r.removed: refs[r.id] = r
            case let .evidenceEdited(id, edit): refs[id]?.apply(edit)
            case .evidenceRemoved(let id, _): refs[id] = nil
            default: break
            }
        }
        return refs.values.sorted { $0.id < $1.id }
    }
}

extension ItemRecord {
    /// Folds an event about this item into it (evidence events are the state's to fold), keeping
    /// who recorded what when `actor` is known.
    public mutating func apply(_ event: EventBody, by actor: String? = nil, revising: Bool = true, chosen: [String: String] = [:]) {
        trace(event, by: actor, revising: revising, chosen: chosen)
        if review != nil, Self.changesWork(event) { review = nil }
        switch event {
        case let .graded(_, grade):
            self.grade = grade
        case let .statement(_, s):
            if let v = s.requirement { statement.requirement = v.isEmpty ? nil : v }
            if let v = s.evidence { statement.evidence = v.isEmpty ? nil : v }
            if let v = s.gap { statement.gap = v.isEmpty ? nil : v }
        case let .noted(_, note):
            self.note = note.isEmpty ? nil : note
        case let .goodPractice(_, text):
            goodPractice = text.isEmpty ? nil : text
        case let .justified(_, j):
            justifications[j.auditor] = j
            // An approval is of the justification as it read: another one needs approving again.
            if let a = approvals[j.auditor], !a.approves(j) { approvals[j.auditor] = nil }
        case let .approved(_, a):
            if let j = justifications[a.auditor], a.approves(j) { approvals[a.auditor] = a }
        case let .sampled(_, s):
            sample = s.keepingResults(of: sample)
        case let .sampleTested(_, results):
            sample = sample.map { $0.recording(results) }
        case let .actionSet(_, a):
            let merged = (action ?? CorrectiveAction()).merging(a)
            action = merged.isEmpty ? nil : merged
        case let .carried(_, c):
            carried = c
        case let .responded(_, r):
            response = r
        case let .reviewed(_, r):
            review = r
        case let .deferred(_, d):
            deferral = d.reason.isEmpty ? nil : d
        case .created, .evidenceAdded, .evidenceEdited, .evidenceRemoved, .reasoned, .disagreed, .meeting, .concluded, .approvedReport:
            break
        }
    }
}

extension WorkpaperState {
    /// Evidence cited, edited or withdrawn changes its item's work: the item's review is re-opened
    /// (changes to the item itself re-open it in `ItemRecord.apply`).
    mutating func reopenReview(_ event: EventBody) {
        let item: String?
        switch event {
        case .evidenceAdded(let r): item = r.item
        case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): item = evidence[id]?.item
        default: return
        }
        if let item, items[item]?.review != nil { items[item]?.review = nil }
    }
}

extension EvidenceReference {
    /// Applies an edit: given parts replace, an empty text clears.
    public mutating func apply(_ edit: EvidenceEdit) {
        if let v = edit.type { type = v }
        if let v = edit.reference { reference = v }
        if let v = edit.description { description = v.isEmpty ? nil : v }
        if let v = edit.obtainedFrom { obtainedFrom = v.isEmpty ? nil : v }
        if let v = edit.obtainedOn { obtainedOn = v.isEmpty ? nil : v }
    }
}
