import AuditCore

public enum Screen: Hashable, Sendable {
    case checklist
    case item(String)
    case findings
    case history(String?)
    case help
    /// The programme's cycle: every item by quarter, planned, done and overdue.
    case programme
    /// The proposed auditor for each item of this audit, with the reasons.
    case assignment
    /// The team's progress: per auditor, the items assigned and how many are graded.
    case team
    /// The audit's record: meetings, conclusion, approval, review coverage, responses.
    case record
}

public enum SortOrder: String, CaseIterable, Sendable { case weight, clause }

public enum Filter: Hashable, Sendable, CustomStringConvertible {
    /// `independence`: items I am blocked, warned or noted on; `mergeConflicts`: items with a
    /// field two people set without seeing each other's value (≠), for the lead to resolve.
    case all, notAudited, notReviewed, mine, unassigned, independence, mergeConflicts, retests
    case tier(Tier)
    case grade(Grade)
    case system(String)

    /// The filters offered for an audit: fixed ones, then one per grade and per AI system.
    public static func choices(_ facts: AuditFacts) -> [Filter] {
        [.all, .notAudited, .notReviewed, .mine, .unassigned, .independence, .mergeConflicts, .retests, .tier(.A), .tier(.B), .tier(.C)]
            + Grade.allCases.filter { $0 != .notAudited }.map { .grade($0) }
            + facts.systems.map { .system($0) }
    }

    public var description: String {
        switch self {
        case .all: "all items"
        case .notAudited: "not audited yet"
        case .notReviewed: "audited, not reviewed"
        case .mine: "assigned to me"
        case .unassigned: "unassigned"
        case .independence: "blocked or warned for me"
        case .mergeConflicts: "conflicts from merging (set two ways)"
        case .retests: "re-tests of earlier nonconformities"
        case .tier(let t): "tier \(t.rawValue)"
        case .grade(let g): "graded \(g.rawValue)"
        case .system(let id): "AI system \(id)"
        }
    }
}

/// The fields of the finding form, in Tab order. Their labels are the names the forms, the
/// refusals and the help use for them.
public enum Field: Int, CaseIterable, Sendable {
    case grade, requirement, evidence, gap, note, goodPractice, references, sample, action

    public var label: String {
        switch self {
        case .grade: "Grade"
        case .requirement: "Requirement"
        case .evidence: "Evidence"
        case .gap: "Gap"
        case .note: "Note"
        case .goodPractice: "Good practice"
        case .references: "References"
        case .sample: "Sample"
        case .action: "Action"
        }
    }

    /// Free text edited in place.
    public var isText: Bool { [.requirement, .evidence, .gap, .goodPractice, .note].contains(self) }

    /// The field after (or before) this one; nil at the end (the form does not wrap round).
    func step(_ by: Int) -> Field? { Field(rawValue: rawValue + by) }
}

/// How the screen shows "nothing here": one mark for every empty value.
public let emptyMark = "—"

public struct JournalLine: Hashable, Sendable {
    public var seq: Int
    public var time: String
    public var actor: String
    public var item: String?
    public var summary: String
    /// The replica (the workpaper of one team member) it was recorded on.
    public var replica: String
    public init(seq: Int, time: String, actor: String, item: String?, summary: String, replica: String = "") {
        self.seq = seq; self.time = time; self.actor = actor; self.item = item; self.summary = summary; self.replica = replica
    }
}
