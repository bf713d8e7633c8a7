/// Where the nonconformities of several audits stand on a day: each once, as the audit with the
/// latest fieldwork that holds it records it (a later audit that carried it over to re-test, or
/// the audit that found it), with the action as the finding audit's own record now has it.
public enum FollowUp {
    /// One audit's checklist and what was recorded on it.
    public struct Audited: Sendable {
        public var audit: Audit
        public var checklist: [ChecklistItem]
        public var state: WorkpaperState
        public init(audit: Audit, checklist: [ChecklistItem], state: WorkpaperState) {
            self.audit = audit; self.checklist = checklist; self.state = state
        }
    }

    /// A nonconformity not closed.
    public struct Open: Sendable {
        /// The audit that found it.
        public var audit: String
        public var item: String
        public var grade: Grade
        public var gap: String
        public var action: CorrectiveAction?
        public var status: CorrectiveAction.Status?
        /// The later audit that carried it over and has not re-tested it yet.
        public var retestIn: String?
        /// The later audit that re-tested it and found no nonconformity, and what it found: a
        /// re-test does not close a nonconformity whose action is not verified effective.
        public var retested: (audit: String, grade: Grade)?
    }

    /// The open ones (the most pressing first: overdue, not effective, without an action,
    /// incomplete, planned, awaiting verification; then by due date) and how many are closed
    /// (verified effective). A re-test that finds no nonconformity is recorded with the open one:
    /// it does not close a nonconformity whose action is not verified effective.
    public static func standing(_ audits: [Audited], on day: Day) -> (open: [Open], closed: Int) {
        struct Holding { var audit: Audited; var record: ItemRecord; var carried: Bool }
        // "finding audit|item" → where it is held.
        var instances: [String: [Holding]] = [:]
        var order: [String] = []
        let byID = Dictionary(audits.map { ($0.audit.id, $0) }, uniquingKeysWith: { a, _ in a })
        for a in audits {
            for item in a.checklist {
                let key = item.key.description, r = a.state.record(key)
                var ids: [(String, Bool)] = []
                if let c = r.carried { ids.append(("\(c.audit)|\(key)", true)) }
                if r.grade.isNonconformity { ids.append(("\(a.audit.id)|\(key)", false)) }
                for (id, carried) in ids {
                    if instances[id] == nil { order.append(id) }
                    instances[id, default: []].append(Holding(audit: a, record: r, carried: carried))
                }
            }
        }
        var open: [Open] = [], closed = 0
        for id in order {
            // The latest holder; on a tie, the one that carried it (it came after the finding).
            guard let latest = instances[id]?.max(by: { ($0.audit.audit.fieldwork.to, $0.carried ? 1 : 0) < ($1.audit.audit.fieldwork.to, $1.carried ? 1 : 0) })
            else { continue }
            let key = String(id[id.index(after: id.firstIndex(of: "|")!)...]), r = latest.record
            if !latest.carried {
                let status = r.action?.status(on: day)
                if status == .closed { closed += 1; continue }
                open.append(Open(audit: latest.audit.audit.id, item: key, grade: r.grade, gap: r.statement.gap ?? "", action: r.action, status: status))
                continue
            }
            // Found again: the re-testing audit's own finding stands for it.
            guard let c = r.carried, !r.grade.isNonconformity else { continue }
            let action = byID[c.audit].map { $0.state.record(key).action } ?? c.action
            let status = action?.status(on: day)
            if status == .closed { closed += 1; continue }
            let retested = r.grade == .notAudited ? nil : (latest.audit.audit.id, r.grade)
            open.append(Open(audit: c.audit, item: key, grade: c.grade, gap: c.statement.gap ?? "", action: action, status: status,
                             retestIn: retested == nil ? latest.audit.audit.id : nil, retested: retested))
        }
        let rank: (CorrectiveAction.Status?) -> Int = {
            switch $0 {
            case .overdue?: 0; case .notEffective?: 1; case nil: 2; case .incomplete?: 3; case .planned?: 4
            case .awaitingVerification?: 5; case .closed?: 6
            }
        }
        open.sort { (rank($0.status), $0.action?.due ?? "", $0.audit, $0.item) < (rank($1.status), $1.action?.due ?? "", $1.audit, $1.item) }
        return (open, closed)
    }
}
