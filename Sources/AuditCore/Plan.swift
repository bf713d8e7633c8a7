/// A calendar quarter, as a programme is planned in them.
public struct Quarter: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init(_ day: Day) { year = day.year; number = (day.month - 1) / 3 + 1 }
    init(year: Int, number: Int) { self.year = year; self.number = number }

    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    public var lastDay: Day { Day(year: year, month: number * 3, day: Day.daysIn(month: number * 3, year: year))! }
    public var description: String { "\(year)-Q\(number)" }
    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }

    /// The quarters from `a` to `b`, both included.
    static func range(_ a: Quarter, _ b: Quarter) -> [Quarter] {
        var out: [Quarter] = [], q = a
        while q <= b { out.append(q); q = q.next }
        return out
    }
}

/// The audit programme over a certification cycle: how often each item of the whole programme
/// must be audited (by its tier, DOMAIN §6.2), when each audit is due given the item's history,
/// the planned audits that cover them (in time or late), a proposed quarter for the others
/// (spreading the load), and what the planned audits leave uncovered.
public enum Planner {
    /// Most months allowed between two audits of an item of the tier.
    public static func maxGap(_ tier: Tier) -> Int { switch tier { case .A: 12; case .B: 18; case .C: 36 } }

    /// How many audits of an item of the tier a cycle of `years` needs.
    public static func count(_ tier: Tier, years: Int) -> Int {
        switch tier {
        case .A: max(1, years)
        case .B: max(1, (2 * years + 2) / 3)
        case .C: max(1, (years + 2) / 3)
        }
    }

    /// A planned audit that audits an occurrence of an item.
    public struct Cover: Sendable, Hashable {
        public var audit: String
        /// The last day of the audit's fieldwork.
        public var day: Day
        /// Days after the occurrence's due date the fieldwork ends; 0 when in time.
        public var daysLate: Int
        public var late: Bool { daysLate > 0 }
    }

    public struct Occurrence: Sendable, Hashable {
        /// The last day this audit of the item may happen on.
        public var due: Day
        /// The quarter of the planned audit's fieldwork when one covers it, else the one proposed.
        public var quarter: Quarter
        /// The planned audit that covers it, if any.
        public var cover: Cover?
        /// A planned audit over by the plan's day that had the item in scope in this occurrence's
        /// window and did not grade it: the occurrence is proposed again.
        public var missed: Cover? = nil
        public var coveredBy: String? { cover?.audit }
    }

    /// An item as a planned audit's checklist weighs it: as of that audit's first day of fieldwork.
    public struct OnAudit: Sendable {
        public var audit: String
        public var asOf: Day
        public var weight: Weight
    }

    public struct Line: Sendable {
        /// Weighed as of the cycle's first day.
        public var item: ChecklistItem
        public var occurrences: [Occurrence]
        /// Already past its maximum gap at the start of the cycle.
        public var overdue: Bool
        /// The planned audits in the cycle whose checklist holds the item, by fieldwork.
        public var onAudits: [OnAudit]
        public var tier: Tier { item.weight.tier }
        /// The planned audits that put the item in another tier than the plan does.
        public var otherTiers: [OnAudit] { onAudits.filter { $0.weight.tier != tier } }
    }

    /// An audit of the programme: its fieldwork and the size of its checklist.
    public struct PlannedAudit: Sendable {
        public var id: String
        public var fieldwork: ClosedDays
        /// The items on its checklist; once its fieldwork is over, those it graded.
        public var items: Int
        /// Its fieldwork ended before the plan's day: it counts what it graded.
        public var over = false
        /// The quarter its fieldwork ends in.
        public var quarter: Quarter { Quarter(fieldwork.to) }
    }

    /// Where an audit of an item stands against the planned audits.
    public enum Status: String, Sendable {
        /// A planned audit covers it by its due date.
        case inTime = "in-time"
        /// A planned audit covers it after its due date.
        case late
        /// Due by the horizon and in no planned audit.
        case uncovered
        /// Due after the horizon: only proposed.
        case proposed
    }

    /// How the planned audits meet the plan.
    public enum Outcome: String, Sendable, Equatable {
        /// Every audit due by the horizon is covered by a planned audit in time (or none are planned).
        case inTime = "in-time"
        /// Every audit due by the horizon is covered, some only after their due date.
        case late
        /// Some audit due by the horizon is covered by no planned audit.
        case uncovered
    }

    public struct Plan: Sendable {
        public var from: Day
        public var to: Day
        public var lines: [Line]
        /// Items audited in each quarter: those on its planned audits' checklists, and those proposed.
        public var load: [Quarter: Int]
        /// Items one quarter can take: auditors × items per auditor per quarter.
        public var capacity: Int
        /// The planned audits whose fieldwork ends inside the cycle, by the end of their fieldwork.
        public var audits: [PlannedAudit]
        /// Planned audits whose fieldwork ends outside the cycle: not checked against it.
        public var outside: [PlannedAudit]
        /// The last day of planned fieldwork in the cycle: occurrences due by then must be covered.
        public var horizon: Day?
        /// The day the plan was made, when given: audits over by then count what they graded.
        public var asOf: Day?
        /// The day the plan's weights and tiers are judged as of: the cycle's first day.
        public var tiersAsOf: Day { from }
        public var quarters: [Quarter] { Quarter.range(Quarter(from), Quarter(to)) }
        public var overloaded: [Quarter] { quarters.filter { (load[$0] ?? 0) > capacity } }
        public func status(_ o: Occurrence) -> Status {
            if let cover = o.cover { return cover.late ? .late : .inTime }
            return horizon.map { o.due <= $0 } == true ? .uncovered : .proposed
        }
        /// The occurrences of that status, item by item.
        public func occurrences(_ status: Status) -> [(item: ItemKey, occurrence: Occurrence)] {
            lines.flatMap { line in line.occurrences.filter { self.status($0) == status }.map { (line.item.key, $0) } }
        }
        /// Occurrences due by the horizon that no planned audit covers.
        public var uncovered: [(item: ItemKey, occurrence: Occurrence)] { occurrences(.uncovered) }
        /// Occurrences a planned audit covers after their due date.
        public var late: [(item: ItemKey, occurrence: Occurrence)] { occurrences(.late) }
        /// Occurrences a planned audit that is over had in scope and did not grade.
        public var missed: [(item: ItemKey, occurrence: Occurrence)] {
            lines.flatMap { line in line.occurrences.filter { $0.missed != nil }.map { (line.item.key, $0) } }
        }
        public var overdue: [Line] { lines.filter(\.overdue) }
        public var outcome: Outcome { !uncovered.isEmpty ? .uncovered : !late.isEmpty ? .late : .inTime }
    }

    /// `asOf`: the day the plan is made (nil: the cycle's first day). A planned audit whose
    /// fieldwork ended before it covers only the items it graded — its entries in the history, or
    /// in `results` (workpapers) — not its whole scope; and no audit is proposed in a quarter
    /// before the one it falls in.
    public static func plan(_ programme: Programme, from: Day, years: Int, perAuditorPerQuarter: Int = 40,
                            asOf: Day? = nil, results: [HistoryEntry] = []) -> Plan {
        let to = from.adding(months: 12 * years).adding(days: -1)
        let today = max(asOf ?? from, from)
        let auditors = programme.people.filter(\.auditor).map(\.id)
        // The whole programme as one audit: every system, every requirement, weighed at the start.
        let whole = Audit(id: "cycle", title: "", objectives: "", criteria: [], scope: AuditScope(),
                          period: ClosedDays(from: from, to: from), fieldwork: ClosedDays(from: from, to: from),
                          lead: auditors.first ?? "", team: auditors)
        let items = Derive.checklist(of: whole, in: programme)
        // The planned audits in the cycle, earliest first, each with its checklist's weights.
        let inCycle = programme.audits.filter { from <= $0.fieldwork.to && $0.fieldwork.to <= to }
            .sorted { ($0.fieldwork.to, $0.id) < ($1.fieldwork.to, $1.id) }
        let graded = gradedItems(programme.history + results)
        // An audit over by the plan's day holds what it graded; the rest of its scope it missed.
        var skipped: [ItemKey: [Audit]] = [:]
        let planned = inCycle.map { audit in
            let checklist = Derive.checklist(of: audit, in: programme)
            let done = audit.fieldwork.to < today ? graded[audit.id] ?? [] : nil
            for item in checklist where done.map({ !$0.contains(item.key) }) ?? false { skipped[item.key, default: []].append(audit) }
            return (audit, Dictionary(checklist.filter { done?.contains($0.key) ?? true }.map { ($0.key, $0.weight) },
                                      uniquingKeysWith: { a, _ in a }))
        }
        // A quarter's load: every item on the checklists of its planned audits, and the audits proposed in it.
        var load: [Quarter: Int] = [:]
        for (audit, items) in planned { load[Quarter(audit.fieldwork.to), default: 0] += items.count }
        let first = Quarter(from), last = Quarter(to)
        var lines: [Line] = []
        for item in items {
            let tier = item.weight.tier, gap = maxGap(tier)
            let holding = planned.filter { $0.1[item.key] != nil }
            var previous = item.weight.lastAudited
            var earliest = first
            var occurrences: [Occurrence] = []
            var overdue = false
            var used: Set<String> = []
            var missedBy = skipped[item.key] ?? []
            for k in 0..<count(tier, years: years) {
                var due = (previous ?? from.adding(days: -1)).adding(months: gap)
                if k == 0, previous != nil, due < from { overdue = true; due = first.lastDay }
                if due > to { due = to }
                // Spread over the cycle: the k-th audit of n starts its search k/n of the way in
                // (never past its due date), so a tier-A item is audited once in each year.
                let slot = Quarter(from.adding(months: k * 12 * years / count(tier, years: years)))
                earliest = max(earliest, min(slot, Quarter(due)))
                // The first planned audit with the item whose fieldwork ends inside this occurrence's
                // window: by its due date (in time), or before the next would have fallen due had
                // this one been in time (late). Later than that, this occurrence is missed and the
                // audit counts for a later one.
                if let audit = holding.first(where: { audit, _ in
                    !used.contains(audit.id) && Quarter(audit.fieldwork.to) >= earliest
                        && audit.fieldwork.to <= due.adding(months: gap)
                })?.0 {
                    used.insert(audit.id)
                    let day = audit.fieldwork.to, quarter = Quarter(day)
                    occurrences.append(Occurrence(due: due, quarter: quarter,
                                                  cover: Cover(audit: audit.id, day: day, daysLate: max(0, day.days(since: due)))))
                    previous = day
                    earliest = quarter.next
                    continue
                }
                // A planned audit over by now that had it in scope in this window and did not grade it: missed.
                var missed: Cover?
                if let audit = missedBy.first(where: { Quarter($0.fieldwork.to) >= earliest && $0.fieldwork.to <= due.adding(months: gap) }) {
                    missedBy.removeAll { $0.id == audit.id }
                    missed = Cover(audit: audit.id, day: audit.fieldwork.to, daysLate: max(0, audit.fieldwork.to.days(since: due)))
                }
                // Else the least loaded quarter in the window, never one already past; the earliest of equals.
                let start = max(earliest, Quarter(today))
                let latest = max(start, Quarter(due))
                let window = Quarter.range(start, min(latest, last))
                let quarter = window.min { (load[$0] ?? 0, $0) < (load[$1] ?? 0, $1) } ?? latest
                load[quarter, default: 0] += 1
                occurrences.append(Occurrence(due: due, quarter: quarter, cover: nil, missed: missed))
                previous = quarter.lastDay
                earliest = quarter.next
            }
            let onAudits = holding.map { OnAudit(audit: $0.0.id, asOf: $0.0.fieldwork.from, weight: $0.1[item.key]!) }
            lines.append(Line(item: item, occurrences: occurrences, overdue: overdue, onAudits: onAudits))
        }
        func summary(_ audit: Audit, items: Int) -> PlannedAudit {
            PlannedAudit(id: audit.id, fieldwork: audit.fieldwork, items: items, over: audit.fieldwork.to < today)
        }
        let outside = programme.audits.filter { $0.fieldwork.to < from || $0.fieldwork.to > to }
        return Plan(from: from, to: to, lines: lines, load: load, capacity: max(1, auditors.count) * perAuditorPerQuarter,
                    audits: planned.map { summary($0.0, items: $0.1.count) },
                    outside: outside.map { summary($0, items: Derive.checklist(of: $0, in: programme).count) },
                    horizon: inCycle.last?.fieldwork.to, asOf: asOf)
    }

    /// The items each audit graded (a result that says something of the item's control), by audit.
    static func gradedItems(_ results: [HistoryEntry]) -> [String: Set<ItemKey>] {
        var out: [String: Set<ItemKey>] = [:]
        for h in results where HistoryEntry.grades.contains(h.grade) { out[h.audit, default: []].insert(h.item) }
        return out
    }
}
