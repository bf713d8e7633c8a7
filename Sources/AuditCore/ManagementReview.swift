/// What management review (ISO/IEC 42001 9.3.2) is given of the internal audits, all as of one
/// day: each audit's results — from its workpaper, or for an earlier audit from the programme's
/// history — and their trend (not read as one over few items), the nonconformities still open
/// with how long they have been, and the observations and improvement opportunities.
public enum ManagementReview {
    /// An audit that graded fewer items than this is too small to read a trend from.
    public static let fewItems = 20

    /// One audit's results.
    public struct Row: Sendable {
        public var audit: String
        /// The last day of its fieldwork.
        public var date: Day
        public var audited: Int
        /// The checklist's size and the share audited by weight, when its workpaper is at hand.
        public var total: Int?
        public var percent: Int?
        public var grades: [Grade: Int]
        /// Known only from the programme's history.
        public var fromHistory: Bool

        public var nonconformities: Int { grades.filter { $0.key.isNonconformity }.values.reduce(0, +) }
        /// Nonconformities per 10 items audited, one decimal; "-" when nothing was audited.
        public var rate: String {
            guard audited > 0 else { return "-" }
            let n = Int((Double(nonconformities) * 100 / Double(audited)).rounded())
            return "\(n / 10).\(n % 10)"
        }
        var perItem: Double { audited > 0 ? Double(nonconformities) / Double(audited) : 0 }
    }

    /// An audit's row from its workpaper.
    public static func row(_ audit: Audit, checklist: [ChecklistItem], state: WorkpaperState) -> Row {
        let coverage = state.coverage(of: checklist)
        var grades: [Grade: Int] = [:]
        for item in checklist { grades[state.record(item.key.description).grade, default: 0] += 1 }
        return Row(audit: audit.id, date: audit.fieldwork.to, audited: coverage.audited, total: coverage.total,
                   percent: coverage.percent, grades: grades, fromHistory: false)
    }

    /// Rows for the audits the programme's history knows and the workpapers do not (`excluding`),
    /// as of `asOf`.
    public static func historyRows(_ history: [HistoryEntry], excluding: Set<String>, asOf: Day) -> [Row] {
        var byAudit: [String: [HistoryEntry]] = [:]
        for h in history where h.date <= asOf && !excluding.contains(h.audit) && HistoryEntry.grades.contains(h.grade) {
            byAudit[h.audit, default: []].append(h)
        }
        return byAudit.map { audit, entries in
            var grades: [Grade: Int] = [:]
            for h in entries { grades[h.grade, default: 0] += 1 }
            return Row(audit: audit, date: entries.map(\.date).max()!, audited: Set(entries.map(\.item)).count,
                       total: nil, percent: nil, grades: grades, fromHistory: true)
        }
    }

    /// Two audits one after the other: whether the later found more or fewer nonconformities per
    /// item audited, and whether either graded too few items to call it a trend.
    public struct Comparison: Sendable {
        public var previous: Row
        public var next: Row
        /// "fewer than", "more than", "as many as".
        public var direction: String
        public var few: Bool
    }

    /// Each audit against the one before, in order of fieldwork (audits that graded nothing left out).
    public static func trend(_ rows: [Row]) -> [Comparison] {
        let audited = rows.filter { $0.audited > 0 }.sorted { ($0.date, $0.audit) < ($1.date, $1.audit) }
        return zip(audited, audited.dropFirst()).map { p, n in
            let direction = n.perItem < p.perItem ? "fewer than" : n.perItem > p.perItem ? "more than" : "as many as"
            return Comparison(previous: p, next: n, direction: direction, few: min(p.audited, n.audited) < fewItems)
        }
    }

    /// Nonconformities the history records as open, of audits whose workpapers are not among
    /// the inputs and not carried into one of them (`known`: "audit|item" of those held there).
    public static func openInHistory(_ history: [HistoryEntry], known: Set<String>, asOf: Day) -> [HistoryEntry] {
        history.filter { $0.date <= asOf && $0.grade.isNonconformity && $0.status == .open && !known.contains("\($0.audit)|\($0.item)") }
            .sorted { ($0.date, $0.audit, $0.item) < ($1.date, $1.audit, $1.item) }
    }

    /// The nonconformities the workpapers hold, found or carried: "audit|item".
    public static func known(_ audits: [FollowUp.Audited]) -> Set<String> {
        var out: Set<String> = []
        for a in audits {
            for item in a.checklist {
                let r = a.state.record(item.key.description)
                if r.grade.isNonconformity { out.insert("\(a.audit.id)|\(item.key)") }
                if let c = r.carried { out.insert("\(c.audit)|\(item.key)") }
            }
        }
        return out
    }

    /// The day the audit that found a nonconformity ended, as the inputs tell it.
    public static func foundOn(_ audit: String, _ audits: [FollowUp.Audited], history: [HistoryEntry]) -> Day? {
        if let a = audits.first(where: { $0.audit.id == audit }) { return a.audit.fieldwork.to }
        for a in audits {
            for r in a.state.items.values { if let c = r.carried, c.audit == audit, let day = Day(iso: c.date) { return day } }
        }
        return history.filter { $0.audit == audit }.map(\.date).max()
    }

    /// An observation or improvement opportunity, with its text when its workpaper is at hand.
    public struct Noted: Sendable {
        public var audit: String
        public var date: Day
        public var item: ItemKey
        public var grade: Grade
        public var text: String?
    }

    /// The observations and improvement opportunities of the audits, latest first: the
    /// workpapers' with their text, the history's of other audits without.
    public static func noted(_ audits: [FollowUp.Audited], history: [HistoryEntry], asOf: Day) -> [Noted] {
        let kinds: Set<Grade> = [.observation, .ofi]
        var out: [Noted] = []
        for a in audits {
            for item in a.checklist {
                let r = a.state.record(item.key.description)
                if kinds.contains(r.grade) {
                    out.append(Noted(audit: a.audit.id, date: a.audit.fieldwork.to, item: item.key, grade: r.grade, text: r.statement.gap))
                }
            }
        }
        let ids = Set(audits.map(\.audit.id))
        for h in history where h.date <= asOf && kinds.contains(h.grade) && !ids.contains(h.audit) {
            out.append(Noted(audit: h.audit, date: h.date, item: h.item, grade: h.grade, text: nil))
        }
        return out.sorted { a, b in
            if a.date != b.date { return a.date > b.date }
            return (a.audit, a.grade == .observation ? 0 : 1, a.item) < (b.audit, b.grade == .observation ? 0 : 1, b.item)
        }
    }
}
