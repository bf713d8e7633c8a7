/// What programme format 2 adds to the programme: competence records, dated earlier units and
/// managers, and the outside firms that worked on the AIMS.

/// A competence with what shows it: the basis (a course, a certificate, experience), when it
/// was last confirmed and when it lapses. A competence written as a plain id has none of these.
public struct Competence: Sendable, Hashable {
    public var id: String
    public var basis: String?
    public var confirmed: Day?
    public var expires: Day?
    public init(id: String, basis: String? = nil, confirmed: Day? = nil, expires: Day? = nil) {
        self.id = id; self.basis = basis; self.confirmed = confirmed; self.expires = expires
    }
}

/// A unit or manager a person had before, from one day to another (an open start: since ever).
public struct Spell: Sendable, Hashable {
    public var unit: String?
    public var manager: String?
    public var from: Day?
    public var to: Day
    public init(unit: String? = nil, manager: String? = nil, from: Day? = nil, to: Day) {
        self.unit = unit; self.manager = manager; self.from = from; self.to = to
    }
}

public enum WorkKind: String, CaseIterable, Sendable {
    case advisory, implementation
}

/// An outside organisation that worked on the AIMS: an external auditor's employer is judged by
/// what it did (IND-12).
public struct Firm: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var work: [FirmWork]
    public init(id: String, name: String? = nil, work: [FirmWork] = []) { self.id = id; self.name = name; self.work = work }
}

public struct FirmWork: Sendable, Hashable {
    public var kind: WorkKind
    /// Item keys (`A.7.4@rad`) or requirement ids and prefixes at a dot boundary (`A.7`, `6.1.3`),
    /// a system after `@` narrowing a prefix to that system.
    public var items: [String]
    public var from: Day?
    public var to: Day?
    public init(kind: WorkKind, items: [String], from: Day? = nil, to: Day? = nil) {
        self.kind = kind; self.items = items; self.from = from; self.to = to
    }

    public var interval: DayInterval { DayInterval(from: from, to: to) }

    /// Whether the work touched the item: one of `items` names it or a prefix of it (matched like
    /// an audit's scope).
    public func covers(_ key: ItemKey) -> Bool {
        items.contains { pattern in
            let parts = pattern.split(separator: "@", maxSplits: 1).map(String.init)
            guard let requirement = parts.first, RequirementID.isWithin(key.requirement, prefix: requirement) else { return false }
            return parts.count == 1 || parts[1] == key.system
        }
    }
}

extension Person {
    /// Whether the person holds the competence on `day`: has it, and it has not expired before.
    public func holds(_ competence: String, on day: Day) -> Bool {
        competences.contains(competence) && (competenceRecords[competence]?.expires.map { $0 >= day } ?? true)
    }

    /// What a unit or manager of the person was and when: each dated one from `history`, and the
    /// current one from the day after the last dated one of its kind ends (always, when none is).
    public func held(_ kind: Held.Kind) -> [Held] {
        let value: (Spell) -> String? = kind == .unit ? { $0.unit } : { $0.manager }
        var out: [Held] = []
        var lastEnd: Day?
        for s in history {
            guard let v = value(s) else { continue }
            out.append(Held(value: v, from: s.from, to: s.to))
            lastEnd = max(lastEnd ?? s.to, s.to)
        }
        if let current = kind == .unit ? unit : manager {
            out.append(Held(value: current, from: lastEnd?.adding(days: 1), to: nil))
        }
        return out
    }
}

/// A unit or a manager held over a span of days; `to` nil: still held.
public struct Held: Sendable, Hashable {
    public enum Kind: Sendable { case unit, manager }
    public var value: String
    public var from: Day?
    public var to: Day?

    public var isCurrent: Bool { to == nil }

    /// The last day both held theirs within `start`…`end`, when they overlap there: nil `to` when
    /// both still hold it.
    public func overlap(_ other: Held, within start: Day, _ end: Day) -> (from: Day, to: Day?)? {
        let first = [from, other.from, start].compactMap { $0 }.max()!
        let ends = [to, other.to].compactMap { $0 }
        let last = min(ends.min() ?? end, end)
        guard first <= last else { return nil }
        return (first, ends.min())
    }
}
