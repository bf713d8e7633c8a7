import Foundation

public enum Tier: String, Sendable, CaseIterable, Comparable {
    case A, B, C
    public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
}

/// The risk weight of one checklist item (DOMAIN.md §6.2, the programme format's days rule for T).
public struct Weight: Sendable, Hashable {
    /// Inherent risk of the item's AI system (or the highest in scope), 1–5.
    public var I: Int
    /// Criticality of the register entry, 1–5 (3 without an entry).
    public var C: Int
    /// Worst earlier finding, 0–4.
    public var F: Int
    /// Time since the item was last audited, 0–1 (1 when never audited).
    public var T: Double
    /// Change, 0–2.
    public var D: Int
    /// The latest earlier audit of the item, if any (what T is measured from).
    public var lastAudited: Day?

    public init(I: Int, C: Int, F: Int, T: Double, D: Int, lastAudited: Day? = nil) {
        self.I = I; self.C = C; self.F = F; self.T = T; self.D = D; self.lastAudited = lastAudited
    }

    /// The four terms of the score, in points: importance, findings, recency, change.
    public var terms: (importance: Double, findings: Double, recency: Double, change: Double) {
        (100 * 0.50 * Double(I * C) / 25, 100 * 0.20 * Double(F) / 4, 100 * 0.15 * T, 100 * 0.15 * Double(D) / 2)
    }

    /// S, rounded to one decimal (what is shown, sorted on and tiered on).
    public var score: Double {
        let t = terms
        return ((t.importance + t.findings + t.recency + t.change) * 10).rounded() / 10
    }

    public var tier: Tier {
        let s = score
        var tier: Tier = s >= 65 ? .A : s >= 40 ? .B : .C
        if F == 4 { tier = .A }
        if D == 2, tier == .C { tier = .B }
        return tier
    }

    /// Why the tier is what it is when an override, not the score, decided it.
    public var tierOverride: String? {
        let s = score
        if F == 4, s < 65 { return "a major nonconformity in its history forces tier A" }
        if D == 2, s < 40, F != 4 { return "significant change forces at least tier B" }
        return nil
    }

    /// T by the days rule: min(1, days since the latest earlier audit / 1095.75); never audited 1.
    public static func recency(lastAudited: Day?, fieldworkStart: Day) -> Double {
        guard let last = lastAudited else { return 1 }
        return min(1, max(0, Double(fieldworkStart.days(since: last)) / 1095.75))
    }

    /// F from the item's earlier results: ofi or observation 1, closed minor 2,
    /// open minor or two and more minors 3, any major 4; none 0.
    public static func findings(_ history: [HistoryEntry]) -> Int {
        var f = 0
        var minors = 0
        for h in history {
            switch h.grade {
            case .major: f = max(f, 4)
            case .minor:
                minors += 1
                f = max(f, h.status == .closed ? 2 : 3)
            case .observation, .ofi: f = max(f, 1)
            case .conform, .notApplicable, .notAudited: break
            }
        }
        if minors >= 2 { f = max(f, 3) }
        return f
    }
}
