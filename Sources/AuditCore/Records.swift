/// What an auditor records during fieldwork, as value types: the journal's events and the state
/// folded from them. Nothing here touches storage.

public enum SampleMethod: String, CaseIterable, Codable, Sendable { case random, systematic, judgemental }

public struct Sample: Codable, Hashable, Sendable {
    /// What the population is ("daily drift reports, 2025-10-01 to 2026-09-30").
    public var description: String?
    public var population: Int
    public var size: Int
    public var method: SampleMethod
    public var seed: UInt64?
    /// Item numbers 1…population, ascending (none when the items are named by `ids`).
    public var selected: [Int]
    /// The items chosen by the population's own ids (ticket or invoice numbers), as the auditor
    /// gave them, for a judgemental sample; nil when they are numbered 1…population. Workpapers
    /// from before this was kept have none.
    public var ids: [String]?
    /// Why these items, for a judgemental sample.
    public var reason: String?
    /// The size the tool's table suggested for the item when the sample was drawn (by how often
    /// its control operates, and its tier); nil when the register does not say how often it
    /// operates. Samples drawn before this was kept have none (see SampleResults.swift).
    public var suggested: Int?
    /// The auditor's reason for the size, when it is not the one suggested.
    public var sizeReason: String?
    /// What testing each sampled occurrence found, in the order recorded (`sample.tested`);
    /// nil until one is recorded.
    public var results: [SampleResult]?
    public init(description: String? = nil, population: Int, size: Int, method: SampleMethod, seed: UInt64?,
                selected: [Int], ids: [String]? = nil, reason: String? = nil, suggested: Int? = nil,
                sizeReason: String? = nil, results: [SampleResult]? = nil) {
        self.description = description; self.population = population; self.size = size; self.method = method
        self.seed = seed; self.selected = selected; self.ids = ids; self.reason = reason
        self.suggested = suggested; self.sizeReason = sizeReason; self.results = results
    }

    /// The items, as they are to be asked for: their ids, or their numbers.
    public var items: [String] { ids ?? selected.map(String.init) }
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
    /// Re-tests of later audits that found no nonconformity while the action was not verified
    /// effective: each is recorded, and the nonconformity stays open (nil when there were none).
    public var retests: [Retest]?
    public init(audit: String, workpaper: String, journalHash: String, date: String, grade: Grade,
                statement: Statement, action: CorrectiveAction?, retests: [Retest]? = nil) {
        self.audit = audit; self.workpaper = workpaper; self.journalHash = journalHash; self.date = date
        self.grade = grade; self.statement = statement; self.action = action; self.retests = retests
    }

    /// A re-test of a carried nonconformity: the audit, the last day of its fieldwork, what it found.
    public struct Retest: Codable, Hashable, Sendable {
        public var audit: String
        public var date: String
        public var grade: Grade
        public init(audit: String, date: String, grade: Grade) { self.audit = audit; self.date = date; self.grade = grade }
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
    /// What testing sampled occurrences found (each replaces that occurrence's earlier result).
    case sampleTested(item: String, [SampleResult])
    case actionSet(item: String, CorrectiveAction)
    /// An open nonconformity of an earlier audit brought in to be re-tested.
    case carried(item: String, CarriedFinding)
    /// An opening or closing meeting; one recorded again (same kind, date and time) replaces it.
    case meeting(Meeting)
    /// The auditee's response to a finding: agreed, or disagreed with the reason.
    case responded(item: String, AuditeeResponse)
    /// The item's work reviewed by the lead or an independent reviewer.
    case reviewed(item: String, Review)
    /// Why the item was not audited, and the audit it moves to.
    case deferred(item: String, Deferral)
    /// The lead's conclusion of the audit.
    case concluded(Conclusion)
    /// The lead's approval of the report, with the journal's head it approves.
    case approvedReport(ReportApproval)
    /// The reason for what the record it ends does beyond the usual (see `Exception`), with what it answers.
    case reasoned(item: String, Reason)
    /// An auditor's disagreement with a change another made to their grade or statement.
    case disagreed(item: String, text: String)
    /// A justification approved by the lead, or by the programme owner for the lead's (format 2).
    case approved(item: String, Approval)

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
        case sampleTested = "sample.tested"
        case actionSet = "action.set"
        case carried = "finding.carried"
        case meeting = "audit.meeting"
        case responded = "finding.response"
        case reviewed = "work.reviewed"
        case deferred = "item.deferred"
        case concluded = "audit.conclusion"
        case approvedReport = "report.approved"
        case reasoned = "record.reason"
        case disagreed = "finding.disagreed"
        case approved = "independence.approved"
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
        case .sampleTested: .sampleTested
        case .actionSet: .actionSet
        case .carried: .carried
        case .meeting: .meeting
        case .responded: .responded
        case .reviewed: .reviewed
        case .deferred: .deferred
        case .concluded: .concluded
        case .approvedReport: .approvedReport
        case .reasoned: .reasoned
        case .disagreed: .disagreed
        case .approved: .approved
        }
    }

    /// The journal's `type` of the event.
    public var type: String { kind.rawValue }

    /// The item the event is about, when it is about one.
    public var item: String? {
        switch self {
        case .created, .evidenceEdited, .evidenceRemoved, .meeting, .concluded, .approvedReport: nil
        case let .graded(item, _), let .statement(item, _), let .noted(item, _), let .goodPractice(item, _), let .justified(item, _),
             let .sampled(item, _), let .sampleTested(item, _), let .actionSet(item, _), let .carried(item, _), let .reasoned(item, _),
             let .disagreed(item, _), let .approved(item, _), let .responded(item, _), let .reviewed(item, _), let .deferred(item, _): item
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
        case let .sampleTested(item, results): SampleResult.summary(results, on: item)
        case let .carried(item, c): "carried over the open \(c.grade.rawValue) nonconformity on \(item) from \(c.audit) to re-test"
        case let .actionSet(item, a): "recorded \(a.changedSteps) of the corrective action on \(item)"
        case let .meeting(m): "recorded the \(m.title)"
        case let .responded(item, r): "recorded that the auditee \(r.position.rawValue) with the finding on \(item)"
        case let .reviewed(item, _): "reviewed the work on \(item)"
        case let .deferred(item, d): "recorded why \(item) was not audited" + (d.to.map { " (moves to \($0))" } ?? "")
        case .concluded: "wrote the audit's conclusion"
        case let .approvedReport(a): "approved the report dated \(a.date) at \(a.events) events"
        case let .reasoned(item, r): "gave the reason for \(r.answered) on \(item)"
        case let .disagreed(item, _): "recorded disagreement with a change on \(item)"
        case let .approved(item, a): "approved the justification of \(a.auditor) auditing \(item)"
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
    /// The review of the item's work standing (nil: not reviewed, or changed since), the
    /// auditee's response, and why it was not audited (AuditRecord.swift).
    public var review: Review? {
        get { rare?.value.review }
        set { update { $0.review = newValue } }
    }
    public var response: AuditeeResponse? {
        get { rare?.value.response }
        set { update { $0.response = newValue } }
    }
    public var deferral: Deferral? {
        get { rare?.value.deferral }
        set { update { $0.deferral = newValue } }
    }
    /// Who recorded the grade and the statement, the changes others made to them, disagreements
    /// and the reasons given (nil when nothing was recorded by a known person). Kept as the one
    /// author of every part when that is all there is to say (most items: no allocation, and the
    /// tables keep a name, not JSON), else whole.
    public var provenance: Provenance? {
        get {
            if let whole = rare?.value.provenance { return whole }
            guard let author else { return nil }
            var p = Provenance()
            for name in Provenance.parts where !part(name).isEmpty { p.authors[name] = author }
            return p.isEmpty ? nil : p
        }
        set {
            let p = newValue.flatMap { $0.isEmpty ? nil : $0 }
            if let p, p.revisions.isEmpty, p.disagreements.isEmpty, p.reasons.isEmpty, Set(p.authors.values).count == 1 {
                provenanceKept = (p.authors.values.first, nil)
            } else {
                provenanceKept = (nil, p)
            }
        }
    }

    /// The one author of every part of the result, when `provenance` says no more.
    private var author: String?

    /// `provenance` as it is kept: the one author, or the whole of it (for the state tables).
    public var provenanceKept: (author: String?, whole: Provenance?) {
        get { (author, rare?.value.provenance) }
        set {
            author = newValue.author
            // Most items: an author alone, and nothing out of line to change.
            if newValue.whole == nil, rare == nil { return }
            update { $0.provenance = newValue.whole }
        }
    }

    /// The approvals of justifications still standing, by the auditor justified (format 2).
    public var approvals: [String: Approval] {
        get { rare?.value.approvals ?? [:] }
        set { update { $0.approvals = newValue } }
    }
    public init() {}

    /// The sample, the corrective action, the carried finding, good practice, provenance, the
    /// review, the response and the deferral, which few items have, kept out of line: a record is
    /// then about a hundred bytes instead of eight hundred (10,000 of them are held by the screen).
    private var rare: Shared<Rare>?

    struct Rare: Hashable, Sendable {
        var sample: Sample?
        var action: CorrectiveAction?
        var carried: CarriedFinding?
        var goodPractice: String?
        var review: Review?
        var response: AuditeeResponse?
        var deferral: Deferral?
        var provenance: Provenance?
        var approvals: [String: Approval] = [:]
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
