/// Where the audit programme stands in its cycle on a given day: for each item the audits its
/// tier asks for, those done (the programme's history and the audits' workpapers), and whether
/// the next is overdue. The management review's coverage and the programme screen both read it.
public struct CycleStatus: Sendable {
    public struct Item: Sendable {
        public var line: Planner.Line
        /// Audits of the item inside the cycle up to `asOf`, oldest first.
        public var done: [HistoryEntry]
        /// How many audits the cycle needs.
        public var required: Int { line.occurrences.count }
        /// The last day of the next audit still needed, nil when the cycle's count is reached.
        public var nextDue: Day?
        /// The next audit's last day has passed.
        public var overdue: Bool
        public var key: ItemKey { line.item.key }
        public var tier: Tier { line.tier }
    }

    public var plan: Planner.Plan
    public var asOf: Day
    public var items: [Item]

    /// Share of the audits the cycle needs that were done, and what a steady pace would have
    /// done by now.
    public func done(tier: Tier? = nil) -> (done: Int, required: Int, expected: Int) {
        let chosen = items.filter { tier == nil || $0.tier == tier }
        let days = max(1, plan.to.ordinal - plan.from.ordinal + 1)
        let elapsed = min(days, max(0, asOf.ordinal - plan.from.ordinal + 1))
        let required = chosen.reduce(0) { $0 + $1.required }
        let done = chosen.reduce(0) { $0 + min($1.done.count, $1.required) }
        return (done, required, Int((Double(required) * Double(elapsed) / Double(days)).rounded()))
    }

    /// `results`: audit results beyond the programme's history (from workpapers); an audit's
    /// result already in the history counts once. Results dated after `asOf` count only when
    /// `countingLater` (the screen, while the audit's fieldwork runs).
    public static func compute(_ programme: Programme, from: Day, years: Int, asOf: Day, results: [HistoryEntry],
                               countingLater: Bool = false) -> CycleStatus {
        let plan = Planner.plan(programme, from: from, years: years, asOf: asOf,
                                results: results.filter { countingLater || $0.date <= asOf })
        var seen: Set<String> = []
        var byItem: [ItemKey: [HistoryEntry]] = [:]
        let history = programme.history.filter { $0.date <= asOf }
        for h in history + results.filter({ countingLater || $0.date <= asOf }) where h.date >= from
            && HistoryEntry.grades.contains(h.grade) && seen.insert("\(h.audit)|\(h.item)").inserted {
            byItem[h.item, default: []].append(h)
        }
        let items = plan.lines.map { line -> Item in
            let done = (byItem[line.item.key] ?? []).sorted { $0.date < $1.date }
            // The next audit is due its tier's gap after the last one (or after the cycle's start).
            // Once the cycle's count is reached, the tier's gap still holds until the cycle ends.
            var nextDue: Day?
            let gapEnd = done.last.map { $0.date.adding(months: Planner.maxGap(line.tier)) }
            if done.count < line.occurrences.count {
                let planned = line.occurrences[done.count].due
                nextDue = gapEnd.map { min(plan.to, $0, planned) } ?? planned
            } else if let gapEnd, gapEnd < plan.to {
                nextDue = gapEnd
            }
            return Item(line: line, done: done, nextDue: nextDue, overdue: nextDue.map { $0 < asOf } ?? false)
        }
        return CycleStatus(plan: plan, asOf: asOf, items: items)
    }
}

extension WorkpaperState {
    /// An audit's results as the programme's history entries: one per graded item (not-applicable
    /// and not-audited say nothing), dated the last day of fieldwork; a nonconformity is closed
    /// once its corrective action is verified effective, open until then.
    public func historyEntries(_ analysis: AuditAnalysis) -> [HistoryEntry] {
        let audit = analysis.audit
        return analysis.checklist.compactMap { item in
            let r = record(item.key.description)
            guard HistoryEntry.grades.contains(r.grade) else { return nil }
            let status: FindingStatus? = r.grade.isNonconformity
                ? (r.action?.status(on: audit.fieldwork.to) == .closed ? .closed : .open) : nil
            return HistoryEntry(audit: audit.id, date: audit.fieldwork.to, item: item.key, grade: r.grade, status: status)
        }
    }
}
