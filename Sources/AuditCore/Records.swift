/// What an auditor records during fieldwork, as value types: the journal's events and the state
/// folded from them. Nothing here touches storage.

public enum EvidenceType: String, CaseIterable, Codable, Sendable {
    case document, record, interview, observation, reperformance, sample
    case dataAnalysis = "data-analysis"
}

/// A local file cited as evidence: hashed when cited so later changes show.
public struct CitedFile: Codable, Hashable, Sendable {
    /// As the auditor named it.
    public var path: String
    /// Where it was found when it was cited.
    public var absolutePath: String
    /// Its path from the workpaper's folder, when it was inside that folder: it is looked for
    /// there, wherever the folder has moved. Files cited before this was kept have none, and are
    /// looked for at `absolutePath`, as are files outside the folder.
    public var relativePath: String?
    public var sha256: String
    public var size: Int64
    public init(path: String, absolutePath: String, relativePath: String? = nil, sha256: String, size: Int64) {
        self.path = path; self.absolutePath = absolutePath; self.relativePath = relativePath
        self.sha256 = sha256; self.size = size
    }
}

public struct EvidenceReference: Codable, Hashable, Sendable {
    public var id: Int
    public var item: String
    public var type: EvidenceType
    /// Document id and version, URL, path, system record: what lets someone find it again.
    public var reference: String
    public var description: String?
    public var obtainedFrom: String?
    public var obtainedOn: String?
    public var file: CitedFile?
    public var removed: Bool
    public var removalReason: String?

    public init(id: Int, item: String, type: EvidenceType, reference: String, description: String? = nil,
                obtainedFrom: String? = nil, obtainedOn: String? = nil, file: CitedFile? = nil) {
        self.id = id; self.item = item; self.type = type; self.reference = reference
        self.description = description; self.obtainedFrom = obtainedFrom; self.obtainedOn = obtainedOn
        self.file = file; self.removed = false; self.removalReason = nil
    }

    /// "E3", as auditors cite it.
    public var label: String { "E\(id)" }
}

/// Changes to an evidence reference; nil leaves a field as it is.
public struct EvidenceEdit: Codable, Hashable, Sendable {
    public var type: EvidenceType?
    public var reference: String?
    public var description: String?
    public var obtainedFrom: String?
    public var obtainedOn: String?
    public init(type: EvidenceType? = nil, reference: String? = nil, description: String? = nil,
                obtainedFrom: String? = nil, obtainedOn: String? = nil) {
        self.type = type; self.reference = reference; self.description = description
        self.obtainedFrom = obtainedFrom; self.obtainedOn = obtainedOn
    }
    public var isEmpty: Bool { self == EvidenceEdit() }
}

public enum SampleMethod: String, CaseIterable, Codable, Sendable { case random, systematic, judgemental }

public struct Sample: Codable, Hashable, Sendable {
    /// What the population is ("daily drift reports, 2025-10-01 to 2026-09-30").
    public var description: String?
    public var population: Int
    public var size: Int
    public var method: SampleMethod
    public var seed: UInt64?
    /// Item numbers 1…population, ascending.
    public var selected: [Int]
    /// Why these items, for a judgemental sample.
    public var reason: String?
    public init(description: String? = nil, population: Int, size: Int, method: SampleMethod, seed: UInt64?,
                selected: [Int], reason: String? = nil) {
        self.description = description; self.population = population; self.size = size; self.method = method
        self.seed = seed; self.selected = selected; self.reason = reason
    }
}

public struct Justification: Codable, Hashable, Sendable {
    public var auditor: String
    public var text: String
    /// The compensating safeguard (required for ownership warnings in small-organisation mode).
    public var safeguard: String?
    public init(auditor: String, text: String, safeguard: String? = nil) {
        self.auditor = auditor; self.text = text; self.safeguard = safeguard
    }
}

/// A nonconformity of an earlier audit still open when this one began: brought into the checklist
/// to be re-tested, with what was recorded then.
public struct CarriedFinding: Codable, Hashable, Sendable {
    /// The earlier audit's id and the workpaper file it came from.
    public var audit: String
    public var workpaper: String
    /// The last journal hash of that workpaper when it was read: the record it was taken from.
    public var journalHash: String
    /// The last day of the earlier audit's fieldwork.
    public var date: String
    public var grade: Grade
    public var statement: Statement
    public var action: CorrectiveAction?
    public init(audit: String, workpaper: String, journalHash: String, date: String, grade: Grade,
                statement: Statement, action: CorrectiveAction?) {
        self.audit = audit; self.workpaper = workpaper; self.journalHash = journalHash; self.date = date
        self.grade = grade; self.statement = statement; self.action = action
    }
}

/// The three parts of a nonconformity statement.
public struct Statement: Codable, Hashable, Sendable {
    public var requirement: String?
    public var evidence: String?
    public var gap: String?
    public init(requirement: String? = nil, evidence: String? = nil, gap: String? = nil) {
        self.requirement = requirement; self.evidence = evidence; self.gap = gap
    }
    public var isComplete: Bool { [requirement, evidence, gap].allSatisfy { !($0 ?? "").allSatisfy(\.isWhitespace) } }

    /// The parts this sets, in words: "requirement", "evidence statement and gap".
    public var partsNamed: String {
        let parts = [(requirement, "requirement"), (evidence, "evidence statement"), (gap, "gap")].filter { $0.0 != nil }.map(\.1)
        switch parts.count {
        case 0: return "statement"
        case 1: return parts[0]
        default: return parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        }
    }
}

/// One journal event's meaning. The journal stores `type` and the payload as canonical JSON.
public enum EventBody: Hashable, Sendable {
    case created(Created)
    case graded(item: String, grade: Grade)
    /// Sets the given parts; nil leaves a part as it is, "" clears it.
    case statement(item: String, Statement)
    /// The auditor's own note: never printed in the report (except as GR-3's reason for not-applicable).
    case noted(item: String, note: String)
    /// Good practice seen on the item, written for the report; "" takes it back.
    case goodPractice(item: String, text: String)
    case evidenceAdded(EvidenceReference)
    case evidenceEdited(id: Int, EvidenceEdit)
    case evidenceRemoved(id: Int, reason: String?)
    case justified(item: String, Justification)
    case sampled(item: String, Sample)
    case actionSet(item: String, CorrectiveAction)
    /// An open nonconformity of an earlier audit brought in to be re-tested.
    case carried(item: String, CarriedFinding)

    public struct Created: Codable, Hashable, Sendable {
        public var audit: String
        public var programmeSHA256: String
        public var programmeName: String
        public var tool: String
        public init(audit: String, programmeSHA256: String, programmeName: String, tool: String) {
            self.audit = audit; self.programmeSHA256 = programmeSHA256; self.programmeName = programmeName; self.tool = tool
        }
    }

    /// The journal's name for each kind of event, written here alone: the journal stores it, and
    /// the workpaper reads events back by it.
    public enum Kind: String, CaseIterable, Sendable {
        case created = "workpaper.created"
        case graded = "finding.graded"
        case statement = "finding.statement"
        case noted = "finding.noted"
        case goodPractice = "finding.good-practice"
        case evidenceAdded = "evidence.added"
        case evidenceEdited = "evidence.edited"
        case evidenceRemoved = "evidence.removed"
        case justified = "independence.justified"
        case sampled = "sample.drawn"
        case actionSet = "action.set"
        case carried = "finding.carried"
    }

    public var kind: Kind {
        switch self {
        case .created: .created
        case .graded: .graded
        case .statement: .statement
        case .noted: .noted
        case .goodPractice: .goodPractice
        case .evidenceAdded: .evidenceAdded
        case .evidenceEdited: .evidenceEdited
        case .evidenceRemoved: .evidenceRemoved
        case .justified: .justified
        case .sampled: .sampled
        case .actionSet: .actionSet
        case .carried: .carried
        }
    }

    /// The journal's `type` of the event.
    public var type: String { kind.rawValue }

    /// The item the event is about, when it is about one.
    public var item: String? {
        switch self {
        case .created, .evidenceEdited, .evidenceRemoved: nil
        case let .graded(item, _), let .statement(item, _), let .noted(item, _), let .goodPractice(item, _), let .justified(item, _),
             let .sampled(item, _), let .actionSet(item, _), let .carried(item, _): item
        case let .evidenceAdded(e): e.item
        }
    }

    /// A line a person reads in a history view.
    public var summary: String {
        switch self {
        case let .created(c): "created the workpaper of \(c.audit) from \(c.programmeName)"
        case let .graded(item, grade): "graded \(item) \(grade.rawValue)"
        case let .statement(item, st): "wrote the \(st.partsNamed) of \(item)"
        case let .noted(item, _): "wrote a note on \(item)"
        case let .goodPractice(item, text): text.isEmpty ? "took back the good practice on \(item)" : "wrote good practice on \(item)"
        case let .evidenceAdded(e): "cited \(e.label) (\(e.type.rawValue)) on \(e.item)"
        case let .evidenceEdited(id, _): "edited E\(id)"
        case let .evidenceRemoved(id, _): "removed E\(id)"
        case let .justified(item, j): "justified \(j.auditor) auditing \(item)"
        case let .sampled(item, s): "drew a \(s.method.rawValue) sample of \(s.size) of \(s.population) for \(item)"
        case let .carried(item, c): "carried over the open \(c.grade.rawValue) nonconformity on \(item) from \(c.audit) to re-test"
        case let .actionSet(item, a): "recorded \(a.changedSteps) of the corrective action on \(item)"
        }
    }
}

/// Everything recorded on one checklist item.
public struct ItemRecord: Hashable, Sendable {
    public var grade: Grade = .notAudited
    public var statement = Statement()
    public var note: String?
    public var justifications: [String: Justification] = [:]
    public var sample: Sample? {
        get { rare?.value.sample }
        set { update { $0.sample = newValue } }
    }
    public var action: CorrectiveAction? {
        get { rare?.value.action }
        set { update { $0.action = newValue } }
    }
    /// Good practice the auditor wrote for the report (the note is theirs alone).
    public var goodPractice: String? {
        get { rare?.value.goodPractice }
        set { update { $0.goodPractice = newValue } }
    }
    /// Set when the item is the re-test of an earlier audit's open nonconformity.
    public var carried: CarriedFinding? {
        get { rare?.value.carried }
        set { update { $0.carried = newValue } }
    }
    public init() {}

    /// The sample, the corrective action, the carried finding and good practice, which few items have, kept
    /// out of line: a record is then about a hundred bytes instead of eight hundred (10,000 of
    /// them are held by the screen).
    private var rare: Shared<Rare>?

    struct Rare: Hashable, Sendable {
        var sample: Sample?
        var action: CorrectiveAction?
        var carried: CarriedFinding?
        var goodPractice: String?
    }

    private mutating func update(_ change: (inout Rare) -> Void) {
        var r = rare?.value ?? Rare()
        change(&r)
        rare = r == Rare() ? nil : Shared(r)
    }
}

/// An immutable value behind a reference, compared and hashed by the value.
final class Shared<Value: Hashable & Sendable>: Hashable, Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    static func == (a: Shared, b: Shared) -> Bool { a === b || a.value == b.value }
    func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

/// The state of a workpaper: the fold of its journal.
public struct WorkpaperState: Hashable, Sendable {
    public var items: [String: ItemRecord] = [:]
    public private(set) var evidence: [Int: EvidenceReference] = [:]
    public var created: EventBody.Created?
    /// Evidence ids by item, in the order cited: an index, so an item's evidence is found
    /// without looking through all of it.
    private var evidenceIDs: [String: [Int]] = [:]
    private var highestEvidenceID = 0
    /// Only the number of references per item, for a first look that reads no reference.
    private var countsOnly: [String: Int]?
    public init() {}

    /// Grades and the like with evidence counts only: enough to draw the checklist.
    public init(items: [String: ItemRecord], evidenceCounts: [String: Int]) {
        self.items = items
        countsOnly = evidenceCounts
    }

    /// A state read back from where it was kept (the workpaper's state tables).
    public init(items: [String: ItemRecord], evidence: [EvidenceReference], created: EventBody.Created?) {
        self.items = items
        self.created = created
        self.evidence.reserveCapacity(evidence.count)
        for e in evidence {
            self.evidence[e.id] = e
            evidenceIDs[e.item, default: []].append(e.id)
            highestEvidenceID = max(highestEvidenceID, e.id)
        }
    }

    public static func fold<S: Sequence>(_ events: S) -> WorkpaperState where S.Element == EventBody {
        var state = WorkpaperState()
        for e in events { state.apply(e) }
        return state
    }

    public func record(_ item: String) -> ItemRecord { items[item] ?? ItemRecord() }

    /// Evidence still cited on an item, in the order it was cited.
    public func evidence(on item: String) -> [EvidenceReference] {
        (evidenceIDs[item] ?? []).compactMap { evidence[$0] }.filter { !$0.removed }.sorted { $0.id < $1.id }
    }

    /// How many references are still cited on an item.
    public func evidenceCount(on item: String) -> Int {
        if let countsOnly { return countsOnly[item] ?? 0 }
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
    /// brought in but not yet re-tested. Each with what the next audit carries over.
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
            if r.grade == .notAudited, let c = r.carried { return (item.key, c) }
            return nil
        }
    }

    /// What `undo` needs to take events back: the touched entries as they were.
    public struct Undo: Sendable {
        var items: [String: ItemRecord?] = [:]
        var evidence: [Int: EvidenceReference?] = [:]
        var evidenceIDs: [String: [Int]?] = [:]
        var highestEvidenceID = 0
        var created: EventBody.Created?
    }

    /// Applies events in place (no copy of the whole state) and says how to take them back.
    public mutating func apply(_ events: [EventBody]) -> Undo {
        var undo = Undo(highestEvidenceID: highestEvidenceID, created: created)
        for e in events {
            if let item = e.item, undo.items[item] == nil { undo.items[item] = .some(items[item]) }
            switch e {
            case .evidenceAdded(let r):
                if undo.evidence[r.id] == nil { undo.evidence[r.id] = .some(evidence[r.id]) }
                if undo.evidenceIDs[r.item] == nil { undo.evidenceIDs[r.item] = .some(evidenceIDs[r.item]) }
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _):
                if undo.evidence[id] == nil { undo.evidence[id] = .some(evidence[id]) }
            default: break
            }
            apply(e)
        }
        return undo
    }

    public mutating func undo(_ u: Undo) {
        for (item, record) in u.items { items[item] = record }
        for (id, e) in u.evidence { evidence[id] = e }
        for (item, ids) in u.evidenceIDs { evidenceIDs[item] = ids }
        highestEvidenceID = u.highestEvidenceID
        created = u.created
    }

    public mutating func apply(_ event: EventBody) {
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
            if let item = event.item { items[item, default: ItemRecord()].apply(event) }
        }
    }

    /// An item's record and its count of evidence still cited as they would be after `events`,
    /// worked out on that item alone (the state is neither changed nor copied).
    public func preview(_ events: [EventBody], on item: String) -> (record: ItemRecord, evidence: Int) {
        var record = self.record(item)
        var cited = Set((evidenceIDs[item] ?? []).filter { evidence[$0]?.removed == false })
        for e in events {
            switch e {
            case .evidenceAdded(let r) where r.item == item: if !r.removed { cited.insert(r.id) }
            case .evidenceRemoved(let id, _): cited.remove(id)
            case .created, .evidenceAdded, .evidenceEdited: break
            default: if e.item == item { record.apply(e) }
            }
        }
        return (record, cited.count)
    }
}

extension ItemRecord {
    /// Folds an event about this item into it (evidence events are the state's to fold).
    public mutating func apply(_ event: EventBody) {
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
        case let .sampled(_, s):
            sample = s
        case let .actionSet(_, a):
            let merged = (action ?? CorrectiveAction()).merging(a)
            action = merged.isEmpty ? nil : merged
        case let .carried(_, c):
            carried = c
        case .created, .evidenceAdded, .evidenceEdited, .evidenceRemoved:
            break
        }
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

extension Grade: Codable {
    /// A label that fits a 7-character column: MAJOR stands out, not-audited is "-".
    public var shortLabel: String {
        switch self {
        case .major: "MAJOR"
        case .minor: "minor"
        case .observation: "obs"
        case .ofi: "ofi"
        case .conform: "conform"
        case .notApplicable: "n/a"
        case .notAudited: "-"
        }
    }
}
