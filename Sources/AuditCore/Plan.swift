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
/// a proposed quarter for each (spreading the load), and the planned audits checked against it.
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

    public struct Occurrence: Sendable, Hashable {
        /// The last day this audit of the item may happen on.
        public var due: Day
        public var quarter: Quarter
        /// The planned audit that covers it, if any.
        public var coveredBy: String?
    }

    public struct Line: Sendable {
        public var item: ChecklistItem
        public var occurrences: [Occurrence]
        /// Already past its maximum gap at the start of the cycle.
        public var overdue: Bool
        public var tier: Tier { item.weight.tier }
    }

    public struct Plan: Sendable {
        public var from: Day
        public var to: Day
        public var lines: [Line]
        public var load: [Quarter: Int]
        /// Items one quarter can take: auditors × items per auditor per quarter.
        public var capacity: Int
        /// The planned audits: id, the quarter of its fieldwork, its items.
        public var audits: [(id: String, quarter: Quarter, items: Int)]
        /// The last day of planned fieldwork: occurrences due by then must be covered.
        public var horizon: Day?
        public var quarters: [Quarter] { Quarter.range(Quarter(from), Quarter(to)) }
        public var overloaded: [Quarter] { quarters.filter { (load[$0] ?? 0) > capacity } }
        /// Occurrences due by the horizon that no planned audit covers.
        public var uncovered: [(item: ItemKey, occurrence: Occurrence)] {
            guard let horizon else { return [] }
            return lines.flatMap { line in
                line.occurrences.filter { $0.due <= horizon && $0.coveredBy == nil }.map { (line.item.key, $0) }
            }
        }
        public var overdue: [Line] { lines.filter(\.overdue) }
        public var passes: Bool { uncovered.isEmpty }
    }

    public static func plan(_ programme: Programme, from: Day, years: Int, perAuditorPerQuarter: Int = 40) -> Plan {
        let to = from.adding(months: 12 * years).adding(days: -1)
        let auditors = programme.people.filter(\.auditor).map(\.id)
        // The whole programme as one audit: every system, every requirement, weighed at the start.
        let whole = Audit(id: "cycle", title: "", objectives: "", criteria: [], scope: AuditScope(),
                          period: ClosedDays(from: from, to: from), fieldwork: ClosedDays(from: from, to: from),
                          lead: auditors.first ?? "", team: auditors)
        let items = Derive.checklist(of: whole, in: programme)
        let planned = programme.audits.map { audit in
            (audit, Set(Derive.checklist(of: audit, in: programme).map(\.key)))
        }
        var load: [Quarter: Int] = [:]
        let first = Quarter(from), last = Quarter(to)
        var lines: [Line] = []
        for item in items {
            let tier = item.weight.tier, gap = maxGap(tier)
            var previous = item.weight.lastAudited
            var earliest = first
            var occurrences: [Occurrence] = []
            var overdue = false
            var used: Set<String> = []
            for k in 0..<count(tier, years: years) {
                var due = (previous ?? from.adding(days: -1)).adding(months: gap)
                if k == 0, previous != nil, due < from { overdue = true; due = first.lastDay }
                if due > to { due = to }
                // Spread over the cycle: the k-th audit of n starts its search k/n of the way in
                // (never past its due date), so a tier-A item is audited once in each year.
                let slot = Quarter(from.adding(months: k * 12 * years / count(tier, years: years)))
                earliest = max(earliest, min(slot, Quarter(due)))
                let latest = max(earliest, Quarter(due))
                // The least loaded quarter in the window; the earliest of equals.
                let window = Quarter.range(earliest, min(latest, last))
                let quarter = window.min { (load[$0] ?? 0, $0) < (load[$1] ?? 0, $1) } ?? latest
                load[quarter, default: 0] += 1
                // A planned audit with the item whose fieldwork ends inside this occurrence's window.
                let cover = planned.first { audit, keys in
                    keys.contains(item.key) && !used.contains(audit.id)
                        && audit.fieldwork.to <= due && Quarter(audit.fieldwork.to) >= earliest
                }?.0.id
                if let cover { used.insert(cover) }
                occurrences.append(Occurrence(due: due, quarter: quarter, coveredBy: cover))
                previous = quarter.lastDay
                earliest = quarter.next
            }
            lines.append(Line(item: item, occurrences: occurrences, overdue: overdue))
        }
        return Plan(from: from, to: to, lines: lines, load: load, capacity: max(1, auditors.count) * perAuditorPerQuarter,
                    audits: planned.map { ($0.0.id, Quarter($0.0.fieldwork.to), $0.1.count) },
                    horizon: programme.audits.map(\.fieldwork.to).max())
    }
}
