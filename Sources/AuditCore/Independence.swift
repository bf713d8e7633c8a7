/// The independence rules (DOMAIN.md §5.3 as the format spec narrows them): IND-09, IND-12,
/// IND-17 and IND-19 are programme format 2's, the others format 1's.
public enum Rule: String, CaseIterable, Sendable, Comparable {
    case ind01 = "IND-01", ind02 = "IND-02", ind03 = "IND-03", ind04 = "IND-04", ind05 = "IND-05"
    case ind06 = "IND-06", ind07 = "IND-07", ind08 = "IND-08", ind09 = "IND-09", ind10 = "IND-10", ind11 = "IND-11"
    case ind12 = "IND-12", ind17 = "IND-17", ind19 = "IND-19"

    public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }

    /// What the rule guards against, in a few words.
    public var summary: String {
        switch self {
        case .ind01: "current owner, operator or approver (self-review)"
        case .ind02: "implemented the control"
        case .ind03: "held an ownership role within the cooling-off period"
        case .ind04: "held an ownership role before the cooling-off period"
        case .ind05: "an owner is above the auditor in the reporting line"
        case .ind06: "the auditor is above an owner in the reporting line"
        case .ind07: "the auditor shares a unit with an owner"
        case .ind08: "advised on the item within 12 months"
        case .ind10: "declared a material conflict of interest"
        case .ind11: "declared a non-material conflict of interest"
        case .ind09: "the audit programme owner on the audit process (9.2)"
        case .ind12: "the external auditor's firm implemented or advised on the item"
        case .ind17: "lacks a competence the item needs, or it has expired"
        case .ind19: "the auditor and an owner have the same manager"
        }
    }
}

public enum Level: String, Sendable, Comparable {
    case block, warn, info
    private var rank: Int { switch self { case .block: 0; case .warn: 1; case .info: 2 } }
    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
}

/// One rule that applies to one (auditor, item) pair.
public struct Verdict: Sendable, Hashable {
    public var auditor: String
    public var item: ItemKey
    public var rule: Rule
    public var level: Level
    public var reason: String
    public init(auditor: String, item: ItemKey, rule: Rule, level: Level, reason: String) {
        self.auditor = auditor; self.item = item; self.rule = rule; self.level = level; self.reason = reason
    }
}

/// Judges each (auditor, item) pair of an audit against the window from `period.from` to `fieldwork.to`.
struct Independence {
    let cx: Context
    /// Each person's managers, nearest first.
    let chains: [String: [String]]
    let conflicts: [String: [Conflict]]
    let coolingOffStart: Day
    let advisoryStart: Day
    /// What format 2 judges besides; nil for a format-1 programme.
    let two: Format2?

    init(_ cx: Context) {
        self.cx = cx
        var chains: [String: [String]] = [:]
        for p in cx.programme.people {
            var chain: [String] = []
            var next = p.manager
            while let m = next, m != p.id, !chain.contains(m) {
                chain.append(m)
                next = cx.people[m]?.manager
            }
            chains[p.id] = chain
        }
        self.chains = chains
        conflicts = Dictionary(grouping: cx.programme.conflicts, by: \.person)
        let months = cx.programme.settings.coolingOffMonths
        coolingOffStart = cx.audit.fieldwork.from.adding(months: -months)
        advisoryStart = min(cx.audit.fieldwork.from.adding(months: -12), cx.window.start)
        two = cx.programme.version >= 2 ? Format2(cx, coolingOffStart: coolingOffStart) : nil
    }

    /// What telling related pairs apart needs of an auditor, looked up once.
    struct AuditorFacts {
        let id: String
        let chain: [String]
        let unit: String?
        let declaredConflicts: Bool
        /// Format 2's: nil for a format-1 programme.
        var two: Format2.AuditorFacts?
    }

    /// What telling related pairs apart needs of an item, looked up once for the whole team.
    struct ItemFacts {
        let rolePeople: [String]
        let systemOwner: String?
        let owners: [(person: String, unit: String?, chain: [String])]
        var two: Format2.ItemFacts?
    }

    func facts(auditor id: String) -> AuditorFacts {
        AuditorFacts(id: id, chain: chains[id] ?? [], unit: cx.people[id]?.unit, declaredConflicts: conflicts[id] != nil,
                     two: two?.facts(auditor: id, cx))
    }

    func facts(_ item: ChecklistItem) -> ItemFacts {
        ItemFacts(rolePeople: item.entry?.roles.map(\.person) ?? [], systemOwner: item.key.system.flatMap { cx.systems[$0] }?.owner,
                  owners: item.owners.map { ($0.person, cx.people[$0.person]?.unit, chains[$0.person] ?? []) },
                  two: two?.facts(item))
    }

    /// Whether any rule can apply to the pair: a role on the item, the item's AI system, a
    /// declared conflict, or an owner in the same unit or reporting line (every rule needs one;
    /// format 2 adds its own, `Format2.related`). Most pairs have nothing to do with each other,
    /// and are told apart without building anything.
    static func related(_ a: AuditorFacts, _ item: ItemFacts) -> Bool {
        if a.declaredConflicts || item.systemOwner == a.id || item.rolePeople.contains(a.id) { return true }
        if let mine = a.two, let its = item.two { return Format2.related(a, mine, item, its) }
        return item.owners.contains { o in
            o.person != a.id && (a.chain.contains(o.person) || o.chain.contains(a.id) || (a.unit != nil && o.unit == a.unit))
        }
    }

    func verdicts(auditor: String, item: ChecklistItem) -> [Verdict] {
        Self.related(facts(auditor: auditor), facts(item)) ? judged(auditor: auditor, item: item) : []
    }

    /// Every rule, for a pair `related` says may have one.
    func judged(auditor: String, item: ChecklistItem) -> [Verdict] {
        var out: [Verdict] = []
        // Named only when a rule applies: most pairs have no verdict at all.
        lazy var me = cx.name(auditor)
        lazy var what = cx.phrase(item.key)
        let smallOrg = cx.programme.settings.smallOrgMode
        let smallOrgNote = " (small-organisation mode: a warning that needs a justification and a named safeguard)"
        func add(_ rule: Rule, _ level: Level, _ reasons: [String], suffix: String = "") {
            guard !reasons.isEmpty else { return }
            out.append(Verdict(auditor: auditor, item: item.key, rule: rule, level: level,
                               reason: reasons.joined(separator: "; ") + suffix))
        }
        let fieldwork = cx.audit.fieldwork.from
        let roles = (item.entry?.roles ?? []).filter { $0.person == auditor }

        // IND-01: holds an ownership role in the window, or owns the item's AI system.
        var held: [String] = []
        for r in roles where r.role.isOwnership && r.interval.overlaps(cx.window.start, cx.window.end) {
            let stillHeld = r.to.map { $0 >= cx.window.end } ?? true
            held.append("\(me) \(stillHeld ? "is" : "was") \(r.role.rawValue) of \(what)\(Independence.dates(r))")
        }
        if let sid = item.key.system, let system = cx.systems[sid], system.owner == auditor {
            held.append("\(me) owns the AI system \(system.name)")
        }
        add(.ind01, smallOrg ? .warn : .block, held, suffix: smallOrg ? smallOrgNote : "")

        // IND-02: ever implementer.
        add(.ind02, .block, roles.filter { $0.role == .implementer }.map {
            "\(me) was implementer of \(what)\(Independence.dates($0))"
        })

        // IND-03 / IND-04: an ownership role that ended before the window.
        var recent: [String] = [], earlier: [String] = []
        for r in roles where r.role.isOwnership {
            guard let to = r.to, to < cx.window.start else { continue }
            let ago = spanInWords(days: fieldwork.days(since: to))
            if to >= coolingOffStart {
                recent.append("\(me) was \(r.role.rawValue) of \(what) until \(to), \(ago) before fieldwork (cooling-off \(cx.programme.settings.coolingOffMonths) months)")
            } else {
                earlier.append("\(me) was \(r.role.rawValue) of \(what) until \(to), \(ago) before fieldwork, beyond the \(cx.programme.settings.coolingOffMonths)-month cooling-off")
            }
        }
        add(.ind03, smallOrg ? .warn : .block, recent, suffix: smallOrg ? smallOrgNote : "")
        add(.ind04, .info, earlier)

        // IND-05 … IND-07: reporting lines and units against the item's other owners.
        let others = item.owners.filter { $0.person != auditor }
        let myChain = chains[auditor] ?? []
        // Format 2 also counts a direct manager from the history in its range, and shared units dated.
        add(.ind05, .warn, others.filter { myChain.contains($0.person) }.map {
            "\(cx.name($0.person)), \($0.what), is above \(me) in the reporting line (\(line(from: auditor, to: $0.person)))"
        } + (two?.formerManagers(of: auditor, among: others.filter { !myChain.contains($0.person) }, self) ?? []))
        add(.ind06, .warn, others.filter { (chains[$0.person] ?? []).contains(auditor) }.map {
            "\(me) is above \(cx.name($0.person)), \($0.what), in the reporting line (\(line(from: $0.person, to: auditor)))"
        } + (two?.formerReports(of: auditor, among: others.filter { !(chains[$0.person] ?? []).contains(auditor) }, self) ?? []))
        if let two {
            add(.ind07, .warn, two.sharedUnits(auditor, others, self))
        } else if let unit = cx.people[auditor]?.unit {
            add(.ind07, .warn, others.filter { cx.people[$0.person]?.unit == unit }.map {
                "\(me) and \(cx.name($0.person)), \($0.what), are both in unit \(unit)"
            })
        }

        // IND-08: advisor within 12 months before fieldwork or during the window.
        add(.ind08, .warn, roles.filter { $0.role == .advisor && $0.interval.overlaps(advisoryStart, cx.window.end) }.map {
            "\(me) was advisor on \(what)\(Independence.dates($0)), within 12 months before fieldwork"
        })

        // IND-10 / IND-11: declared conflicts with the system, its supplier or an owner.
        var material: [String] = [], minor: [String] = []
        let system = item.key.system.flatMap { cx.systems[$0] }
        for c in conflicts[auditor] ?? [] {
            var target: String?
            switch c.with {
            case .system(let id) where id == system?.id:
                target = "the AI system \(cx.systemName(id))"
            case .supplier(let id) where id == system?.supplier:
                target = "supplier \(cx.suppliers[id]?.name ?? id), supplier of \(system?.name ?? "")"
            case .person(let id):
                if let o = others.first(where: { $0.person == id }) { target = "\(cx.name(id)), \(o.what)" }
            default: break
            }
            guard let target else { continue }
            let sentence = "\(me) declared a \(c.material ? "material" : "non-material") conflict with \(target)"
                + (c.note.map { ": \($0)" } ?? "")
            if c.material { material.append(sentence) } else { minor.append(sentence) }
        }
        add(.ind10, .block, material)
        add(.ind11, .warn, minor)
        guard let two else { return out }
        out += two.verdicts(auditor: auditor, item: item, self)
        return out.sorted { $0.rule < $1.rule }
    }

    /// "Daniel Osei → Helen Achebe": the reporting line from a person up to a manager.
    func line(from person: String, to manager: String) -> String {
        var names = [cx.name(person)]
        for m in chains[person] ?? [] {
            names.append(cx.name(m))
            if m == manager { break }
        }
        return names.joined(separator: " → ")
    }

    /// " since 2024-03-01", " from … to …", or "" for a role with no dates.
    static func dates(_ r: Role) -> String { r.interval.inWords().map { " " + $0 } ?? "" }
}
