/// One person's hold on an item, as independence rules and readers need it.
public struct ItemOwner: Sendable, Hashable, Codable {
    public var person: String
    /// "owner of A.7.4 for ClaimSort", "owner of the AI system ClaimSort".
    public var what: String
    public init(person: String, what: String) { self.person = person; self.what = what }
}

public struct ChecklistItem: Sendable, Hashable {
    public var key: ItemKey
    public var title: String
    public var kind: Catalogue.Kind
    /// The register entry behind the item; nil for a clause requirement the register does not name.
    public var entry: ControlEntry?
    public var weight: Weight
    /// People holding owner, operator or approver on the entry in the audit's window, and the system's owner.
    public var owners: [ItemOwner]
    /// The explicit assignment of the audit, if any.
    public var auditor: String?

    public init(key: ItemKey, title: String, kind: Catalogue.Kind, entry: ControlEntry?, weight: Weight,
                owners: [ItemOwner], auditor: String?) {
        self.key = key; self.title = title; self.kind = kind; self.entry = entry; self.weight = weight
        self.owners = owners; self.auditor = auditor
    }

    /// An SoA exclusion: what is audited is the justification.
    public var isExclusion: Bool { entry?.applicable == false }
    public var requirement: String { key.requirement }
    public var system: String? { key.system }
}

/// Everything derived from a programme for one audit: its checklist in order, the independence
/// verdicts of its team, and the problems found in the programme for it.
public struct AuditAnalysis: Sendable {
    public var audit: Audit
    public var checklist: [ChecklistItem]
    public var verdicts: [Verdict]
    public var problems: [Problem]
    /// The programme's format (2: justifications need a safeguard and an approval).
    public var format: Int
    /// The audit programme owner, who approves the lead's justifications (format 2).
    public var programmeOwner: String?

    public init(audit: Audit, checklist: [ChecklistItem], verdicts: [Verdict], problems: [Problem],
                format: Int = 1, programmeOwner: String? = nil) {
        self.audit = audit; self.checklist = checklist; self.verdicts = verdicts; self.problems = problems
        self.format = format; self.programmeOwner = programmeOwner
    }

    public func verdicts(for item: ItemKey) -> [Verdict] { verdicts.filter { $0.item == item } }

    /// Explicit assignments whose auditor is blocked on the item, with the first blocking verdict.
    public var blockedAssignments: [(assignment: Assignment, verdict: Verdict)] {
        audit.assign.compactMap { a in
            verdicts.first { $0.item == a.item && $0.auditor == a.auditor && $0.level == .block }.map { (a, $0) }
        }
    }

    /// False when `check` must fail: a blocked assignment or an error in the programme.
    public var passes: Bool { !problems.contains { $0.level == .error } }
}

public struct Problem: Sendable, Hashable {
    public enum Level: String, Sendable { case error, warning, info }
    public var level: Level
    public var message: String
    public var location: SourceLocation?
    public init(_ level: Level, _ message: String, at location: SourceLocation? = nil) {
        self.level = level; self.message = message; self.location = location
    }
}

/// Shared lookups for deriving one audit's checklist and verdicts.
struct Context {
    let programme: Programme
    let audit: Audit
    let requirements: [String: RequirementInfo]
    let people: [String: Person]
    let systems: [String: AISystem]
    let suppliers: [String: Supplier]
    let window: (start: Day, end: Day)

    init(_ programme: Programme, _ audit: Audit) {
        self.programme = programme
        self.audit = audit
        requirements = programme.requirementIndex()
        people = Dictionary(programme.people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        systems = Dictionary(programme.systems.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        suppliers = Dictionary(programme.suppliers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        window = (audit.period.from, audit.fieldwork.to)
    }

    func name(_ person: String) -> String { people[person]?.name ?? person }
    func systemName(_ id: String) -> String { systems[id]?.name ?? id }

    /// "A.7.4 for ClaimSort", "6.1.2".
    func phrase(_ key: ItemKey) -> String {
        key.system.map { "\(key.requirement) for \(systemName($0))" } ?? key.requirement
    }

    /// The AI systems the audit covers.
    var systemsInScope: [AISystem] { programme.systems.filter { audit.scope.includes(system: $0.id) } }
}

public enum Derive {
    /// The checklist of an audit in checklist order (tier A, B, C; score descending; key):
    /// every register entry in scope, plus every assessable clause requirement in scope.
    public static func checklist(of audit: Audit, in programme: Programme) -> [ChecklistItem] {
        checklist(Context(programme, audit))
    }

    /// `adding`: items outside the scope that the audit takes on anyway (re-tests of earlier
    /// nonconformities).
    static func checklist(_ cx: Context, adding extra: [ItemKey] = []) -> [ChecklistItem] {
        let scope = cx.audit.scope
        var entries: [ItemKey: ControlEntry] = [:]
        var keys: [ItemKey] = []
        for entry in cx.programme.controls where scope.includes(requirement: entry.requirement)
            && (entry.system.map(scope.includes(system:)) ?? true) {
            if entries[entry.key] == nil { keys.append(entry.key) }
            entries[entry.key] = entry
        }
        for catalogue in cx.programme.catalogues {
            for r in catalogue.requirements where r.kind == .clause && scope.includes(requirement: r.id) {
                let key = ItemKey(requirement: r.id)
                if entries[key] == nil, !keys.contains(key) { keys.append(key) }
            }
        }
        for key in extra where !keys.contains(key) {
            keys.append(key)
            entries[key] = cx.programme.controls.last { $0.key == key }
        }
        var historyByItem: [ItemKey: [HistoryEntry]] = [:]
        for h in cx.programme.history { historyByItem[h.item, default: []].append(h) }
        let highestRisk = cx.systemsInScope.map(\.inherentRisk).max()
            ?? cx.programme.systems.map(\.inherentRisk).max() ?? 3
        let assigned = Dictionary(cx.audit.assign.map { ($0.item, $0.auditor) }, uniquingKeysWith: { a, _ in a })

        let items = keys.map { key -> ChecklistItem in
            let entry = entries[key]
            let info = cx.requirements[key.requirement]
            let history = historyByItem[key] ?? []
            let last = history.map(\.date).max()
            let weight = Weight(
                I: key.system.flatMap { cx.systems[$0]?.inherentRisk } ?? highestRisk,
                C: entry?.criticality ?? 3,
                F: Weight.findings(history),
                T: Weight.recency(lastAudited: last, fieldworkStart: cx.audit.fieldwork.from),
                D: entry?.change.factor ?? 0,
                lastAudited: last)
            return ChecklistItem(key: key, title: info?.title ?? key.requirement, kind: info?.kind ?? .own,
                                 entry: entry, weight: weight, owners: owners(of: key, entry: entry, cx),
                                 auditor: assigned[key])
        }
        // Sorted by index on the weights alone: moving or copying whole items (entries, roles,
        // owners) while sorting cost more than the rest of deriving them.
        let tiers = items.map(\.weight.tier), scores = items.map(\.weight.score)
        return items.indices.sorted { a, b in
            inChecklistOrder((tiers[a], scores[a], keys[a]), (tiers[b], scores[b], keys[b]))
        }.map { items[$0] }
    }

    /// The checklist's order: tier A first, then the higher score, then by item key.
    static func inChecklistOrder(_ a: (tier: Tier, score: Double, key: ItemKey), _ b: (tier: Tier, score: Double, key: ItemKey)) -> Bool {
        if a.tier != b.tier { return a.tier < b.tier }
        if a.score != b.score { return a.score > b.score }
        return a.key < b.key
    }

    static func owners(of key: ItemKey, entry: ControlEntry?, _ cx: Context) -> [ItemOwner] {
        var result: [ItemOwner] = []
        var seen: Set<String> = []
        for role in entry?.roles ?? [] where role.role.isOwnership
            && role.interval.overlaps(cx.window.start, cx.window.end) && !seen.contains(role.person) {
            seen.insert(role.person)
            result.append(ItemOwner(person: role.person, what: "\(role.role.rawValue) of \(cx.phrase(key))"))
        }
        if let sid = key.system, let system = cx.systems[sid], !seen.contains(system.owner) {
            result.append(ItemOwner(person: system.owner, what: "owner of the AI system \(system.name)"))
        }
        return result
    }

    /// The checklist, the team's independence verdicts and the programme's problems for one audit.
    /// A caller that prints few reasons (the report: 8 MB of them at 10,000 items) says which it
    /// keeps (`keepingReason`, which must keep every block's: the problems name them); the others
    /// are left empty as they are made.
    public static func analyse(_ audit: Audit, in programme: Programme, adding extra: [ItemKey] = [],
                               keepingReason: ((Verdict) -> Bool)? = nil) -> AuditAnalysis {
        let cx = Context(programme, audit)
        let items = checklist(cx, adding: extra)
        let judge = Independence(cx)
        var verdicts: [Verdict] = []
        let team = audit.team.map { judge.facts(auditor: $0) }
        for item in items {
            let facts = judge.facts(item)
            for auditor in team where Independence.related(auditor, facts) {
                var judged = judge.judged(auditor: auditor.id, item: item)
                if let keepingReason {
                    for i in judged.indices where judged[i].level != .block && !keepingReason(judged[i]) { judged[i].reason = "" }
                }
                verdicts += judged
            }
        }
        var analysis = AuditAnalysis(audit: audit, checklist: items, verdicts: verdicts, problems: [],
                                     format: programme.version, programmeOwner: programme.organisation.owner)
        analysis.problems = problems(cx, analysis)
        return analysis
    }

    /// The independence of anyone in the programme on an item of the audit: the team's verdicts
    /// as derived, anyone else's (a corrective action's verifier) judged by the same rules.
    public static func verdicts(of person: String, on key: ItemKey, analysis: AuditAnalysis, programme: Programme) -> [Verdict] {
        if analysis.audit.team.contains(person) { return analysis.verdicts.filter { $0.item == key && $0.auditor == person } }
        guard let item = analysis.checklist.first(where: { $0.key == key }) else { return [] }
        return verdicts(of: person, on: item, analysis: analysis, programme: programme) ?? []
    }

    /// The same for the whole item as given (its register entry and owners: the screen's
    /// checklist rows carry them only for the items shown); nil when `person` is outside the team
    /// and there is no programme to judge them by yet.
    public static func verdicts(of person: String, on item: ChecklistItem, analysis: AuditAnalysis, programme: Programme?) -> [Verdict]? {
        if analysis.audit.team.contains(person) { return analysis.verdicts.filter { $0.item == item.key && $0.auditor == person } }
        guard let programme else { return nil }
        return Independence(Context(programme, analysis.audit)).verdicts(auditor: person, item: item)
    }

    static func problems(_ cx: Context, _ analysis: AuditAnalysis) -> [Problem] {
        let items = analysis.checklist
        var problems: [Problem] = []
        // The Statement of Applicability must decide every Annex A control in scope.
        let decided = Set(cx.programme.controls.map(\.requirement))
        for catalogue in cx.programme.catalogues {
            for r in catalogue.requirements where r.kind == .control
                && cx.audit.scope.includes(requirement: r.id) && !decided.contains(r.id) {
                problems.append(Problem(.error, "\(r.id) \(r.title) is in the scope of \(cx.audit.id) but the control register never decides it: the Statement of Applicability must include or exclude every Annex A control"))
            }
        }
        var blocks: [ItemKey: [Verdict]] = [:]
        for v in analysis.verdicts where v.level == .block { blocks[v.item, default: []].append(v) }
        for (a, v) in analysis.blockedAssignments {
            problems.append(Problem(.error, "\(a.item) is assigned to \(a.auditor), who may not audit it (\(v.rule.rawValue): \(v.reason)). \(analysis.alternativesSentence(to: a.item))", at: a.location))
        }
        for item in items where !cx.audit.team.isEmpty {
            let blocked = Set((blocks[item.key] ?? []).map(\.auditor))
            if cx.audit.team.allSatisfy(blocked.contains) {
                problems.append(Problem(.warning, "nobody in the team of \(cx.audit.id) is independent of \(item.key): add an auditor or ask an external party"))
            }
        }
        for member in cx.audit.team where cx.people[member].map({ !$0.auditor }) ?? false {
            problems.append(Problem(.warning, "\(cx.name(member)) (\(member)) is in the team of \(cx.audit.id) but not marked `auditor: true`"))
        }
        if cx.programme.version >= 2 { problems += auditLevelChecks(cx, analysis) }
        return problems
    }

    /// Format 2's checks of the audit as a whole (IND-14, IND-18): warnings among the problems.
    static func auditLevelChecks(_ cx: Context, _ analysis: AuditAnalysis) -> [Problem] {
        var out: [Problem] = []
        for item in analysis.checklist where item.owners.isEmpty {
            out.append(Problem(.warning, "IND-14: \(item.key) has no owner from \(cx.window.start) to \(cx.window.end) (no ownership role in the register, no AI system), so independence of its owners cannot be judged: name its owner in the register", at: item.entry?.location))
        }
        let lead = cx.audit.lead
        let blocked = Set(analysis.verdicts.filter { $0.auditor == lead && $0.level == .block }.map(\.item)).count
        if blocked * 2 > analysis.checklist.count {
            out.append(Problem(.warning, "IND-18: the lead, \(cx.name(lead)) (\(lead)), is blocked on \(blocked) of the \(analysis.checklist.count) items of \(cx.audit.id), more than half: consider another lead"))
        }
        return out
    }
}
