/// How much of a checklist has been audited: by count and weighted by risk score.
public struct Coverage: Hashable, Sendable {
    public let audited: Int
    public let total: Int
    /// Share of the checklist's total score that is audited, 0…1.
    public let weighted: Double
    public var percent: Int { Int((weighted * 100).rounded()) }
    public init(audited: Int, total: Int, weighted: Double) { self.audited = audited; self.total = total; self.weighted = weighted }

    /// A risk score in tenths. Scores have one decimal (`Weight.score`), so coverage sums them in
    /// tenths: the sums are exact, and the same in whatever order they are made (in checklist
    /// order here, by grade in a table's sums).
    @inlinable
    public static func tenths(_ score: Double) -> Int { Int((score * 10).rounded()) }

    /// The coverage of a checklist given as each item's risk score and grade: an item counts as
    /// audited once it has any grade.
    /// (Inlinable: unspecialised, across modules, it cost 4,000 instructions an item.)
    @inlinable
    public init<S: Sequence>(_ items: S) where S.Element == (score: Double, grade: Grade) {
        var total = 0, audited = 0, all = 0, done = 0
        for item in items {
            let score = Self.tenths(item.score)
            total += 1
            all += score
            if item.grade != .notAudited {
                audited += 1
                done += score
            }
        }
        self.init(audited: audited, total: total, weighted: all > 0 ? Double(done) / Double(all) : 0)
    }

    /// How many items have a grade, and their total score in tenths.
    public struct Tally: Codable, Hashable, Sendable {
        public var items: Int
        public var score: Int
        public init(items: Int, score: Int) { (self.items, self.score) = (items, score) }
        public static let none = Tally(items: 0, score: 0)

        /// Counts an item of this score in (`times` 1) or out (-1).
        public mutating func count(_ score: Double, times: Int = 1) {
            items += times
            self.score += times * Coverage.tenths(score)
        }
    }

    /// The same from sums a table gives: per grade, how many items have it and their total score,
    /// with the count and total score (tenths) of every item (an item without a grade is not audited).
    public init(byGrade: [Grade: Tally], items total: Int, score all: Int) {
        let audited = byGrade.filter { $0.key != .notAudited }.values
        let done = audited.reduce(0) { $0 + $1.score }
        self.init(audited: audited.reduce(0) { $0 + $1.items }, total: total, weighted: all > 0 ? Double(done) / Double(all) : 0)
    }

    /// How many items have each grade, `notAudited` counting those without one (none: no entry).
    public func gradeCounts(_ byGrade: [Grade: Tally]) -> [Grade: Int] {
        var counts = byGrade.filter { $0.key != .notAudited }.mapValues(\.items)
        if total > audited { counts[.notAudited] = total - audited }
        return counts
    }
}

extension WorkpaperState {
    public func coverage(of checklist: [ChecklistItem]) -> Coverage {
        Coverage(checklist.lazy.map { (score: $0.weight.score, grade: record($0.key.description).grade) })
    }

    /// The grades that are findings, in the order a report lists them.
    public static let findingGrades: [Grade] = [.major, .minor, .observation, .ofi]

    /// Items graded major, minor, observation or ofi: by grade, then in checklist order.
    public func findings(in checklist: [ChecklistItem]) -> [ChecklistItem] {
        findingPositions(in: checklist).map { checklist[$0] }
    }

    /// The same, as positions in the checklist (no copy of an item: 7,800 findings at 10,000 items).
    public func findingPositions(in checklist: [ChecklistItem]) -> [Int] {
        var byGrade = [[Int]](repeating: [], count: Self.findingGrades.count)
        for (i, item) in checklist.enumerated() {
            if let g = Self.findingGrades.firstIndex(of: record(item.key.description).grade) { byGrade[g].append(i) }
        }
        return Array(byGrade.joined())
    }
}

extension AuditAnalysis {
    /// Who else in the team may audit an item: those with no verdict above info, and those with
    /// warnings, who may audit it once they record a justification. In team order.
    public func alternatives(to item: ItemKey) -> (independent: [String], withJustification: [String]) {
        var level: [String: Level] = [:]
        for v in verdicts where v.item == item && v.level != .info {
            if level[v.auditor] != .block { level[v.auditor] = v.level }
        }
        return (audit.team.filter { level[$0] == nil }, audit.team.filter { level[$0] == .warn })
    }

    /// The alternatives as a sentence: "Independent in the team: amara, paul; with a
    /// justification: tomasz." `name` words each person (an id on the command line, a name on screen).
    public func alternativesSentence(to item: ItemKey, name: (String) -> String = { $0 }) -> String {
        let (free, warned) = alternatives(to: item)
        if free.isEmpty, warned.isEmpty { return "Nobody in the team may audit it." }
        var parts: [String] = []
        if !free.isEmpty { parts.append("Independent in the team: \(free.map(name).joined(separator: ", "))") }
        if !warned.isEmpty {
            parts.append("\(free.isEmpty ? "In the team, only with" : "with") a justification: \(warned.map(name).joined(separator: ", "))")
        }
        return parts.joined(separator: "; ") + "."
    }
}
