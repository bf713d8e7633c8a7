/// Proposes an auditor for every item of an audit: never a blocked one, the fewest warnings,
/// the competences an item needs, the lead kept off the audit process itself, and the load
/// balanced across the team — one minimum-cost assignment over all items at once, not a greedy
/// pass (a greedy pass gives the first items the best auditors and leaves later ones blocked).
public enum Assigner {
    public struct Choice: Sendable, Hashable {
        public var item: ItemKey
        public var auditor: String
        /// Why this auditor, in words.
        public var reason: String
        /// The warnings the auditor has on the item (each needs a justification when recording).
        public var warnings: [Verdict]
        /// Kept from the audit's own `assign:`.
        public var explicit: Bool
    }

    public struct Proposal: Sendable {
        public var choices: [Choice]
        /// Items no team member may audit, with why.
        public var unassignable: [(item: ItemKey, reason: String)]
        /// Items per auditor, in team order.
        public var load: [(auditor: String, items: Int)]
    }

    // Costs: a warning outweighs ten items of imbalance; a missing competence or the lead on
    // the audit process outweighs any number of warnings.
    static let warnCost = 100, infoCost = 1, slotCost = 10, severe = 100_000

    /// The audit process itself (clause 9.2): its lead should not audit it.
    static func isAuditProcess(_ key: ItemKey) -> Bool { RequirementID.isWithin(key.requirement, prefix: "9.2") }

    public static func propose(_ analysis: AuditAnalysis, in programme: Programme) -> Proposal {
        let team = analysis.audit.team
        var byPair: [ItemKey: [String: [Verdict]]] = [:]
        for v in analysis.verdicts { byPair[v.item, default: [:]][v.auditor, default: []].append(v) }
        let explicit = Dictionary(analysis.audit.assign.map { ($0.item, $0.auditor) }, uniquingKeysWith: { a, _ in a })
        // Competences held on the first day of fieldwork (a format-2 record may have expired).
        let fieldwork = analysis.audit.fieldwork.from
        let competences = Dictionary(programme.people.map { p in (p.id, Set(p.competences.filter { p.holds($0, on: fieldwork) })) },
                                     uniquingKeysWith: { a, _ in a })

        var choices: [Choice] = []
        var unassignable: [(ItemKey, String)] = []
        var load = Dictionary(team.map { ($0, 0) }, uniquingKeysWith: { a, _ in a })
        // Items kept as the programme assigns them, when that auditor is not blocked.
        var open: [ChecklistItem] = []
        var replaced: [ItemKey: String] = [:]
        for item in analysis.checklist {
            let verdicts = byPair[item.key] ?? [:]
            if let who = explicit[item.key], team.contains(who), !(verdicts[who] ?? []).contains(where: { $0.level == .block }) {
                load[who, default: 0] += 1
                choices.append(Choice(item: item.key, auditor: who, reason: "kept: assigned in the programme",
                                      warnings: (verdicts[who] ?? []).filter { $0.level == .warn }, explicit: true))
            } else {
                open.append(item)
            }
            if let who = explicit[item.key], let block = (verdicts[who] ?? []).first(where: { $0.level == .block }) {
                replaced[item.key] = "replaces \(who) of the programme, who is blocked (\(block.rule.rawValue))"
            }
        }
        // Costs of each (open item, auditor) pair; nil when blocked.
        func cost(_ item: ChecklistItem, _ auditor: String) -> Int? {
            let verdicts = byPair[item.key]?[auditor] ?? []
            if verdicts.contains(where: { $0.level == .block }) { return nil }
            var c = verdicts.reduce(0) { $0 + ($1.level == .warn ? warnCost : infoCost) }
            let needs = item.entry?.needs ?? []
            c += needs.filter { !(competences[auditor] ?? []).contains($0) }.count * severe
            if auditor == analysis.audit.lead, isAuditProcess(item.key) { c += severe }
            return c
        }
        var edges: [[(auditor: Int, cost: Int)]] = []
        var assignable: [ChecklistItem] = []
        for item in open {
            let options = team.indices.compactMap { a in cost(item, team[a]).map { (a, $0) } }
            if options.isEmpty {
                let blocks = (byPair[item.key] ?? [:]).values.flatMap { $0 }.filter { $0.level == .block }
                    .map { "\($0.auditor) \($0.rule.rawValue)" }.sorted()
                unassignable.append((item.key, "every team member is blocked (\(blocks.joined(separator: ", ")))"))
            } else {
                edges.append(options)
                assignable.append(item)
            }
        }
        let picks = MinCostAssignment.solve(edges: edges, workers: team.count,
                                            startLoad: team.map { load[$0] ?? 0 }, slotCost: slotCost)
        for (item, a) in zip(assignable, picks) {
            let who = team[a]
            load[who, default: 0] += 1
            let verdicts = byPair[item.key]?[who] ?? []
            let warnings = verdicts.filter { $0.level == .warn }
            var reasons: [String] = replaced[item.key].map { [$0] } ?? []
            if warnings.isEmpty {
                reasons.append("independent of it")
            } else {
                // Who could have taken it with fewer warnings, and why they did not.
                let cleaner = team.filter { other in
                    other != who && cost(item, other) != nil
                        && (byPair[item.key]?[other] ?? []).filter { $0.level == .warn }.count < warnings.count
                }
                let needs = item.entry?.needs ?? []
                let why: String
                if cleaner.isEmpty {
                    why = "as is every other team member who may take it"
                } else if !needs.isEmpty, cleaner.allSatisfy({ !Set(needs).isSubset(of: competences[$0] ?? []) }) {
                    why = "the others with fewer warnings lack \(needs.joined(separator: ", "))"
                } else if isAuditProcess(item.key), cleaner == [analysis.audit.lead] {
                    why = "the only one with fewer warnings is the lead, who stays off the audit process"
                } else {
                    why = "to keep the load even"
                }
                reasons.append("warned (\(warnings.map(\.rule.rawValue).joined(separator: ", "))), \(why)")
            }
            let needs = item.entry?.needs ?? []
            if !needs.isEmpty {
                let missing = needs.filter { !(competences[who] ?? []).contains($0) }
                reasons.append(missing.isEmpty ? "has \(needs.joined(separator: ", "))"
                               : "lacks \(missing.joined(separator: ", ")), as does everyone else who may audit it")
            }
            if who == analysis.audit.lead, isAuditProcess(item.key) {
                reasons.append("the lead, as no one else may audit it")
            }
            choices.append(Choice(item: item.key, auditor: who, reason: reasons.joined(separator: "; "), warnings: warnings, explicit: false))
        }
        let order = Dictionary(analysis.checklist.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        choices.sort { (order[$0.item] ?? 0) < (order[$1.item] ?? 0) }
        return Proposal(choices: choices, unassignable: unassignable.map { (item: $0.0, reason: $0.1) },
                        load: team.map { ($0, load[$0] ?? 0) })
    }
}

/// Assigns each task to one worker at the least total cost, where the k-th task a worker takes
/// costs `k × slotCost` more (which balances the load): a minimum-cost flow, solved by
/// successive shortest paths (Bellman–Ford, as edge costs may be negative on residual arcs).
enum MinCostAssignment {
    static func solve(edges: [[(auditor: Int, cost: Int)]], workers: Int, startLoad: [Int], slotCost: Int) -> [Int] {
        let tasks = edges.count
        guard tasks > 0, workers > 0 else { return [] }
        // Nodes: source 0, tasks 1…T, workers T+1…T+W, sink T+W+1.
        let source = 0, sink = tasks + workers + 1, nodes = tasks + workers + 2
        struct Arc { var to: Int; var capacity: Int; var cost: Int; var reverse: Int }
        var graph = [[Arc]](repeating: [], count: nodes)
        func add(_ from: Int, _ to: Int, _ cost: Int) {
            graph[from].append(Arc(to: to, capacity: 1, cost: cost, reverse: graph[to].count))
            graph[to].append(Arc(to: from, capacity: 0, cost: -cost, reverse: graph[from].count - 1))
        }
        for t in 0..<tasks {
            add(source, 1 + t, 0)
            for (w, c) in edges[t] { add(1 + t, 1 + tasks + w, c) }
        }
        // One arc per possible slot, each dearer than the one before.
        for w in 0..<workers {
            for k in 0..<tasks { add(1 + tasks + w, sink, (startLoad[w] + k) * slotCost) }
        }
        for _ in 0..<tasks {
            var distance = [Int](repeating: Int.max, count: nodes)
            var previous = [(node: Int, arc: Int)?](repeating: nil, count: nodes)
            distance[source] = 0
            var queue = [source], inQueue = [Bool](repeating: false, count: nodes)
            inQueue[source] = true
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                inQueue[u] = false
                for (i, arc) in graph[u].enumerated() where arc.capacity > 0 && distance[u] + arc.cost < distance[arc.to] {
                    distance[arc.to] = distance[u] + arc.cost
                    previous[arc.to] = (u, i)
                    if !inQueue[arc.to] { inQueue[arc.to] = true; queue.append(arc.to) }
                }
            }
            guard distance[sink] != Int.max else { break }
            var v = sink
            while let (u, i) = previous[v] {
                graph[u][i].capacity -= 1
                graph[v][graph[u][i].reverse].capacity += 1
                v = u
            }
        }
        return (0..<tasks).map { t in
            graph[1 + t].first { $0.to > tasks && $0.to <= tasks + workers && $0.capacity == 0 }.map { $0.to - 1 - tasks } ?? 0
        }
    }
}
