/// An item's results in earlier audits, and whether this audit's finding repeats one of them:
/// 9.2.2 asks the programme to consider the results of previous audits, and a finding raised
/// again is the auditor's cue to consider a graver grade (DOMAIN §4.5). The tool flags; the
/// auditor decides.

/// An item's result in an earlier audit: from the programme's history, or from the earlier
/// workpaper a nonconformity was carried over from (`new --previous`), with what it found.
public struct EarlierResult: Codable, Hashable, Sendable {
    public var audit: String
    /// The last day of that audit's fieldwork.
    public var date: Day
    public var grade: Grade
    /// A nonconformity's status as the history gives it; one carried over was open when this audit began.
    public var status: FindingStatus?
    /// What it found (the statement's gap), when the earlier workpaper is at hand.
    public var finding: String?

    public init(audit: String, date: Day, grade: Grade, status: FindingStatus? = nil, finding: String? = nil) {
        self.audit = audit; self.date = date; self.grade = grade; self.status = status; self.finding = finding
    }

    /// "the open minor nonconformity of IA-2025-02 (2025-09-23)", "the observation of IA-2025-01 (2025-03-10)".
    public var inWords: String {
        let status = grade.isNonconformity ? (self.status.map { "\($0.rawValue) " } ?? "") : ""
        return "the \(status)\(Recurrence.gradeWords(grade)) of \(audit) (\(date))"
    }
}

extension FindingStatus: Codable {}

public enum Recurrence {
    /// The grades a repeat is flagged for: nonconformities and observations (an improvement
    /// opportunity or a conformity seen again is no warning sign).
    public static let repeatable: Set<Grade> = [.major, .minor, .observation]

    /// A grade in words, as a sentence names it.
    public static func gradeWords(_ g: Grade) -> String {
        switch g {
        case .major: "major nonconformity"
        case .minor: "minor nonconformity"
        case .observation: "observation"
        case .ofi: "opportunity for improvement"
        case .conform: "conformity"
        case .notApplicable: "not-applicable result"
        case .notAudited: "not-audited item"
        }
    }

    /// The programme's history as earlier results of an audit's items: entries of other audits
    /// whose fieldwork ended before this one's began, by item, oldest first. `items`: only these.
    public static func fromHistory(_ history: [HistoryEntry], before audit: Audit,
                                   items: Set<ItemKey>? = nil) -> [ItemKey: [EarlierResult]] {
        var out: [ItemKey: [EarlierResult]] = [:]
        for h in history where h.audit != audit.id && h.date < audit.fieldwork.from && items.map({ $0.contains(h.item) }) != false {
            out[h.item, default: []].append(EarlierResult(audit: h.audit, date: h.date, grade: h.grade, status: h.status))
        }
        for key in out.keys { out[key]?.sort { ($0.date, $0.audit) < ($1.date, $1.audit) } }
        return out
    }

    /// An item's earlier results: the history's, with the nonconformity carried over from an
    /// earlier workpaper (what it found taken in; the history's entry of the same audit kept for
    /// its status), oldest first.
    public static func earlier(history: [EarlierResult], carried: CarriedFinding?) -> [EarlierResult] {
        var out = history
        if let c = carried {
            if let i = out.firstIndex(where: { $0.audit == c.audit }) {
                out[i].finding = c.statement.gap
            } else if let day = Day(iso: c.date) {
                out.append(EarlierResult(audit: c.audit, date: day, grade: c.grade, status: .open, finding: c.statement.gap))
            }
        }
        return out.sorted { ($0.date, $0.audit) < ($1.date, $1.audit) }
    }

    /// A finding that repeats earlier ones, and the grade the auditor should consider.
    public struct Repeat: Hashable, Sendable {
        /// The earlier nonconformities and observations it repeats, oldest first.
        public var of: [EarlierResult]
        /// The graver grade to consider; nil when there is none (a major) or none is called for.
        public var consider: Grade?
        /// Why, in a sentence: what it repeats and what to consider.
        public var words: String
    }

    /// Whether a result graded `grade` repeats an earlier nonconformity or observation: a major
    /// repeats; a minor after an earlier nonconformity is to be considered for major (not
    /// corrected, or corrected without removing the cause), after an observation it is the
    /// weakness then seen become a nonconformity; an observation after an earlier observation or
    /// nonconformity is to be considered for minor.
    public static func repeatOf(_ grade: Grade, earlier: [EarlierResult]) -> Repeat? {
        guard repeatable.contains(grade) else { return nil }
        let repeated = earlier.filter { repeatable.contains($0.grade) }
        guard !repeated.isEmpty else { return nil }
        let list = repeated.map(\.inWords)
        let what = list.count == 1 ? list[0] : list.dropLast().joined(separator: ", ") + " and " + list.last!
        let earlierNC = repeated.contains { $0.grade.isNonconformity }
        let open = repeated.contains { $0.grade.isNonconformity && $0.status == .open }
        var consider: Grade?
        var why: String
        switch grade {
        case .major:
            why = "a major nonconformity raised again"
        case .minor where earlierNC:
            consider = .major
            why = open ? "a nonconformity not corrected since an earlier audit points to a failure of the process"
                       : "a nonconformity back after its action was closed points to a cause not removed"
        case .minor:
            why = "the weakness an earlier audit saw has become a nonconformity"
        default:
            consider = .minor
            why = earlierNC ? "the item was nonconforming before; check the cause was removed"
                            : "a weakness seen again may no longer be an isolated one"
        }
        let words = "Repeats \(what)" + (consider.map { "; consider grading it \($0.rawValue): \(why)." } ?? ": \(why).")
        return Repeat(of: repeated, consider: consider, words: words)
    }
}
