/// How much of a checklist has been audited: by count and weighted by risk score.
public struct Coverage: Hashable, Sendable {
    public let audited: Int
    public let total: Int
    /// Share of the checklist's total score that is audited, 0…1.
    public let weighted: Double
    public var percent: Int { Int((weighted * 100).rounded()) }
    public init(audited: Int, total: Int, weighted: Double) { self.audited = audited; self.total = total; self.weighted = weighted }

    /// The coverage of a checklist given as each item's risk score and grade, in checklist order
    /// (the sums are made in that order): an item counts as audited once it has any grade.
    public init<S: Sequence>(_ items: S) where S.Element == (score: Double, grade: Grade) {
        var total = 0, audited = 0, all = 0.0, done = 0.0
        for item in items {
            total += 1
            all += item.score
            if item.grade != .notAudited {
                audited += 1
                done += item.score
            }
        }
        self.init(audited: audited, total: total, weighted: all > 0 ? done / all : 0)
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
        Self.findingGrades.flatMap { g in checklist.filter { record($0.key.description).grade == g } }
    }
}

extension AuditAnalysis {
    /// The team members not blocked on an item, in team order.
    public func independentAuditors(of item: ItemKey) -> [String] {
        let blocked = Set(verdicts.filter { $0.item == item && $0.level == .block }.map(\.auditor))
        return audit.team.filter { !blocked.contains($0) }
    }
}
