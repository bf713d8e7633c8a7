import Testing
@testable import AuditCore

/// Three replicas record at random, now and then taking in each other's events; the fold of
/// the whole set is the same in any order it is given, every field two of them set without
/// seeing each other is a conflict with exactly those values, and nothing recorded is lost.
@Suite struct TeamFoldTests {
    struct Replica {
        let name: String
        let actor: String
        var own: [TeamEvent] = []
        /// Everything it holds: its own events and those it took in.
        var held: [String: TeamEvent] = [:]
        var clock: [String: Int] = [:]
    }

    static let items = ["9.2.1", "9.2.2", "10.2"]
    static let texts = ["alpha", "beta", "gamma", "delta", "監査", ""]

    /// One random history: replicas record and take in each other's events.
    static func history(seed: UInt64) -> [Replica] {
        var rng = SplitMix64(state: seed)
        var replicas = [("aaaaaaaaaaaaaaaa", "amara"), ("bbbbbbbbbbbbbbbb", "olivia"), ("cccccccccccccccc", "rita")].map { Replica(name: $0.0, actor: $0.1) }
        var hashes = 0
        for step in 0..<(5 + rng.below(40)) {
            let r = rng.below(3)
            if rng.below(4) == 0 {
                // r takes in everything another replica holds.
                let other = replicas[(r + 1 + rng.below(2)) % 3]
                for (h, e) in other.held { replicas[r].held[h] = e }
                for (k, v) in other.clock where k != replicas[r].name { replicas[r].clock[k] = max(replicas[r].clock[k] ?? 0, v) }
                replicas[r].clock[other.name] = max(replicas[r].clock[other.name] ?? 0, other.own.count)
                continue
            }
            var me = replicas[r]
            let item = items[rng.below(items.count)]
            let body: EventBody
            let held = me.held.values.compactMap { e -> (String, Int)? in
                if case .evidenceAdded(let ref) = e.body { return (e.stamp.id, ref.id) } else { return nil }
            }
            var target: String?
            switch rng.below(6) {
            case 0: body = .graded(item: item, grade: [.conform, .minor, .observation, .ofi][rng.below(4)])
            case 1: body = .statement(item: item, Statement(gap: texts[rng.below(texts.count)]))
            case 2: body = .noted(item: item, note: "\(me.actor) note \(step)")
            case 3 where !held.isEmpty:
                let (origin, _) = held[rng.below(held.count)]
                // The number the author sees is their own fold's; the target says which evidence it is.
                let seen = TeamState.fold(Array(me.held.values))
                body = .evidenceEdited(id: seen.numbers[origin]!, EvidenceEdit(description: texts[rng.below(texts.count - 1)]))
                target = origin
            default:
                let seen = TeamState.fold(Array(me.held.values))
                body = .evidenceAdded(EvidenceReference(id: seen.state.nextEvidenceID, item: item, type: .record, reference: "\(me.actor) ref \(step)"))
            }
            hashes += 1
            var hasher = SplitMix64(state: seed &+ UInt64(hashes))
            let hash = String(hasher.next(), radix: 16)
            let stamp = Stamp(replica: me.name, rseq: me.own.count + 1, clock: me.clock, hash: hash, id: "\(me.name)-\(me.own.count + 1)",
                              actor: me.actor, time: "2026-11-2\(3 + rng.below(5))T10:00:00.000Z")
            let e = TeamEvent(stamp: stamp, body: body, target: target)
            me.own.append(e)
            me.held[hash] = e
            replicas[r] = me
        }
        return replicas
    }

    @Test(arguments: 0..<300)
    func anyOrderReachesOneStateAndEveryConcurrentSetIsAConflict(seed: Int) {
        let replicas = Self.history(seed: UInt64(seed) &* 7919)
        let all = replicas.flatMap(\.own)
        var rng = SplitMix64(state: UInt64(seed))
        let folded = TeamState.fold(all)
        // Merged in every order of the three replicas, and shuffled.
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            #expect(TeamState.fold(order.flatMap { replicas[$0].own }).state == folded.state)
        }
        var shuffled = all
        for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, rng.below(i + 1)) }
        #expect(TeamState.fold(shuffled).state == folded.state)

        // Every field set by writes none of the others had seen, with different values, is a conflict.
        var expected: [String: Set<String>] = [:]
        let numbered = folded.numbers
        for e in all {
            let item: String? = { if case .evidenceEdited = e.body { return folded.state.evidence[numbered[e.target!]!]?.item } else { return nil } }()
            var body = e.body
            if case .evidenceEdited(_, let edit) = body { body = .evidenceEdited(id: numbered[e.target!]!, edit) }
            for w in body.fieldWrites(item: item) where w.field != "note" {
                let key = w.item + " " + w.field
                let rivals = all.filter { other in
                    other.stamp != e.stamp && other.stamp.saw(e.stamp) && {
                        var b = other.body
                        if case .evidenceEdited(_, let edit) = b { b = .evidenceEdited(id: numbered[other.target!]!, edit) }
                        return b.fieldWrites(item: item).contains { $0.item == w.item && $0.field == w.field }
                    }()
                }
                if rivals.isEmpty { expected[key, default: []].insert(w.shown) }
            }
        }
        let conflicts = Dictionary(folded.state.allConflicts.map { ($0.item + " " + $0.field, Set($0.values.map(\.value))) }, uniquingKeysWith: { a, _ in a })
        for (key, values) in expected where values.count > 1 {
            #expect(conflicts[key] == values, "seed \(seed): \(key)")
        }
        #expect(conflicts.keys.allSatisfy { (expected[$0]?.count ?? 0) > 1 }, "seed \(seed): \(conflicts)")

        // Nothing recorded is missing: every citation has its own number, every standing note is kept.
        let cited = all.filter { if case .evidenceAdded = $0.body { true } else { false } }
        #expect(Set(folded.numbers.values).count == cited.count)
        #expect(folded.state.evidence.count == cited.count)
        for e in all {
            guard case .noted(let item, let note) = e.body, !all.contains(where: { other in
                if case .noted(item, _) = other.body { return other.stamp.saw(e.stamp) } else { return false }
            }) else { continue }
            #expect(folded.state.record(item).note?.contains(note) == true, "seed \(seed): \(note) lost")
        }
    }

    @Test func aLaterValueFromSomeoneWhoSawBothResolvesTheConflict() {
        let base = Stamp(replica: "aaaaaaaaaaaaaaaa", rseq: 1, clock: [:], hash: "0", id: "a1", actor: "amara", time: "t")
        let olivia = Stamp(replica: "bbbbbbbbbbbbbbbb", rseq: 1, clock: ["aaaaaaaaaaaaaaaa": 1], hash: "1", id: "b1", actor: "olivia", time: "t")
        let rita = Stamp(replica: "cccccccccccccccc", rseq: 1, clock: ["aaaaaaaaaaaaaaaa": 1], hash: "2", id: "c1", actor: "rita", time: "t")
        let lead = Stamp(replica: "aaaaaaaaaaaaaaaa", rseq: 2, clock: ["bbbbbbbbbbbbbbbb": 1, "cccccccccccccccc": 1], hash: "3", id: "a2", actor: "amara", time: "t")
        let created = TeamEvent(stamp: base, body: .created(.init(audit: "IA-1", programmeSHA256: "", programmeName: "p", tool: "t")))
        var events = [created, TeamEvent(stamp: olivia, body: .graded(item: "9.2.1", grade: .minor)),
                      TeamEvent(stamp: rita, body: .graded(item: "9.2.1", grade: .observation))]
        let open = TeamState.fold(events).state
        #expect(open.allConflicts.map(\.summary) == ["9.2.1 grade: 'minor' (olivia) / 'observation' (rita)"])
        events.append(TeamEvent(stamp: lead, body: .graded(item: "9.2.1", grade: .minor)))
        let resolved = TeamState.fold(events).state
        #expect(resolved.allConflicts.isEmpty)
        #expect(resolved.record("9.2.1").grade == .minor)
    }
}
