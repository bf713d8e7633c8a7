import AuditCore
import Foundation
import GRDB

/// What a merge brought in.
public struct MergeResult: Sendable {
    /// Events added, by who recorded them, and the time of the last.
    public var added: [String: Int] = [:]
    public var lastTime = ""
    public var attachments = 0
    public var conflicts: [FieldConflict] = []
    public var count: Int { added.values.reduce(0, +) }
}

/// Events from elsewhere (another workpaper, a sync folder), checked before they are taken.
public struct Incoming: Sendable {
    /// Where they come from, as messages name it.
    public var source: String
    public var entries: [JournalEntry]
    /// The attached files they bring, by SHA-256.
    public var attachments: [String: Data]
    public init(source: String, entries: [JournalEntry], attachments: [String: Data]) {
        self.source = source; self.entries = entries; self.attachments = attachments
    }
}

extension WorkpaperFile {
    /// Everything another workpaper of the same audit holds, as a merge takes it: its journal
    /// (each replica's chain checked first, naming the first broken link) and its attached files.
    /// A workpaper whose schema is not as aimsaudit makes it is refused (65).
    public func incoming() throws(WorkpaperError) -> Incoming {
        do {
            let alien = try db.read { db in try Schema.differences(db, version: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0) }
            if !alien.isEmpty { throw WorkpaperError.notAWorkpaper("\(path) is not merged: \(alien.joined(separator: "; "))") }
            let (entries, blobs) = try db.read { db -> ([JournalEntry], [String: Data]) in
                var blobs: [String: Data] = [:]
                if try db.tableExists("attachment") {
                    for row in try Row.fetchAll(db, sql: "SELECT sha256, content FROM attachment") { blobs[row["sha256"]] = row["content"] }
                }
                return (try Self.teamEntries(db), blobs)
            }
            return Incoming(source: path, entries: entries, attachments: blobs)
        } catch let e as WorkpaperError { throw e } catch {
            throw .io("cannot read \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    /// Checks each replica's chain in `entries` (in any order), from the first event of each.
    /// The first broken link, or nil.
    static func chainProblem(of entries: [JournalEntry]) -> String? {
        var byReplica: [String: [JournalEntry]] = [:]
        for e in entries { byReplica[e.replica, default: []].append(e) }
        let held = byReplica.mapValues { $0.map(\.rseq).max() ?? 0 }
        for name in byReplica.keys.sorted() {
            var previous = (rseq: 0, hash: genesisHash)
            for e in byReplica[name]!.sorted(by: { $0.rseq < $1.rseq }) {
                if let why = chainProblem(e, after: previous, expecting: e.seq, shared: true) { return why }
                if let clock = e.clock {
                    guard let c = ReplicaClock.decode(clock) else { return "event \(e.rseq) of replica \(e.replica): its record of the other replicas cannot be read" }
                    if let (r, n) = c.first(where: { $0.key == name || (held[$0.key] ?? 0) < $0.value }) {
                        return "event \(e.rseq) of replica \(e.replica) had seen event \(n) of replica \(r), which is not there"
                    }
                }
                previous = (e.rseq, e.hash)
            }
        }
        return nil
    }

    /// Brings in every event of `incoming` this workpaper lacks, and the attached files they
    /// cite, in one transaction: all of them or, on any failure, none. Refused before anything
    /// is written: a broken chain (1), another audit (65), an event the rules refuse or that is
    /// not signed by its author (1), a replica whose events differ from the ones held here (65).
    @discardableResult
    public func merge(_ incoming: Incoming) throws(WorkpaperError) -> MergeResult {
        guard lock != nil else { throw .usage("\(path) is open read-only") }
        if isGone { throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "it is no longer the file that was opened")") }
        let source = incoming.source
        if let why = Self.chainProblem(of: incoming.entries) { throw .refused("\(source): \(why); nothing was merged") }
        let mine: [JournalEntry]
        do { mine = try db.read { db in try Self.teamEntries(db) } } catch { throw .io("cannot read the journal of \(path): \(error)") }
        guard let myFirst = mine.first, let theirFirst = incoming.entries.first(where: { $0.rseq == 1 && $0.replica == ReplicaName.first($0.hash) && $0.clock == nil })
                ?? incoming.entries.first else {
            throw .notAWorkpaper("\(source) holds no journal; nothing was merged")
        }
        guard theirFirst.hash == myFirst.hash else {
            let theirs = (try? EventCodec.decode(type: theirFirst.type, payload: theirFirst.payload)).flatMap { b -> String? in
                if case .created(let c) = b { return c.audit } else { return nil }
            } ?? "another audit"
            throw .notAWorkpaper("\(source) is not a workpaper of the same audit as \(path): \(source) is \(theirs) (first event \(theirFirst.hash.prefix(12))…), \(path) is \(audit.id) (first event \(myFirst.hash.prefix(12))…); nothing was merged")
        }
        var held: [String: [Int: String]] = [:]
        for e in mine { held[e.replica, default: [:]][e.rseq] = e.hash }
        var fresh: [JournalEntry] = []
        for e in incoming.entries {
            if let hash = held[e.replica]?[e.rseq] {
                if hash != e.hash {
                    throw .notAWorkpaper("\(source): event \(e.rseq) of replica \(e.replica) is not the event \(path) holds under that place (\(e.hash.prefix(12))… there, \(hash.prefix(12))… here): one of them was rewritten; nothing was merged")
                }
                continue
            }
            fresh.append(e)
        }
        var result = MergeResult()
        guard !fresh.isEmpty else { return result }
        for e in fresh { if let why = signatureProblem(e) { throw .refused("\(source): \(why); nothing was merged") } }

        // The whole set, folded; each new event checked by the rules against what its author had seen.
        let all: [TeamEvent]
        do { all = try Self.teamEvents(mine + fresh) } catch { throw .notAWorkpaper("\(source): an event cannot be read (\(error)); nothing was merged") }
        if let refusal = refusal(of: Set(fresh.map(\.hash)), in: all) { throw .refused("\(source): \(refusal); nothing was merged") }
        let team = TeamState.fold(all)

        // Attached files the new events cite, which must come with them.
        var blobs: [Data] = []
        let have: Set<String>
        do { have = try db.read { db in try attachmentNames(db) } } catch { throw .io("cannot read \(path): \(error)") }
        let freshHashes = Set(fresh.map(\.hash))
        for e in all where freshHashes.contains(e.stamp.hash) {
            guard case .evidenceAdded(let r) = e.body, let file = r.file, file.attached == true, !have.contains(file.sha256) else { continue }
            guard let data = incoming.attachments[file.sha256], FileHash.hex(sha256Digest(data)) == file.sha256 else {
                throw .notAWorkpaper("\(source): the file attached to \(r.label) on \(r.item) (\(file.path)) is missing or damaged; nothing was merged")
            }
            blobs.append(data)
        }

        // In the fold's order, after the events held here.
        let order = fresh.map { ($0, $0.stamp) }.sorted { Stamp.precedes($0.1, $1.1) }.map(\.0)
        do {
            let newHead = try db.write { db -> (Int, String) in
                var seq = try Int.fetchOne(db, sql: "SELECT max(seq) FROM journal") ?? 0
                for var e in order {
                    seq += 1
                    e.seq = seq
                    try Self.insert(e, db)
                }
                for data in blobs { try Self.storeAttachment(data, db) }
                try Self.writeTeamTables(team, db)
                let last = order.last!
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)",
                               arguments: [String(seq), last.hash])
                return (seq, last.hash)
            }
            head = newHead
        } catch {
            throw .io("cannot merge into \(path): \(FileFault.reason(path) ?? "\(error)"); nothing was merged")
        }
        fileHoldsAll = Self.checkpoint(db)
        state = team.state
        knownRecorders = nil
        for e in order {
            result.added[e.actor, default: 0] += 1
            result.lastTime = max(result.lastTime, e.time)
        }
        result.attachments = blobs.count
        result.conflicts = team.state.allConflicts
        return result
    }

    /// The state tables, the evidence numbers and the conflicts, all from the team fold.
    static func writeTeamTables(_ team: TeamState, _ db: Database) throws {
        try StateTables.rebuild(team.state, db)
        try writeConflicts(team.state, items: nil, db)
        try db.execute(sql: "DELETE FROM evidence_origin")
        for (event, n) in team.numbers.sorted(by: { $0.value < $1.value }) {
            try db.execute(sql: "INSERT OR REPLACE INTO evidence_origin (id, event, replica) VALUES (?, ?, ?)",
                           arguments: [n, event, team.citedOn[n] ?? ""])
        }
    }

    /// The first of the new events (`fresh`, by hash) that the rules refuse when judged on the
    /// workpaper as its author saw it: everything their replica had seen, and nothing else.
    func refusal(of fresh: Set<String>, in all: [TeamEvent]) -> String? {
        // Each item's verdicts alone: the rules look at no other item's.
        let verdicts = Dictionary(grouping: analysis.verdicts, by: \.item)
        let keys = Set(analysis.checklist.map(\.key))
        let sorted = all.sorted { Stamp.precedes($0.stamp, $1.stamp) }
        let replicas = Set(sorted.filter { fresh.contains($0.stamp.hash) }.map(\.stamp.replica))
        for name in replicas.sorted() {
            var view = TeamState()
            var pending: [String: [TeamEvent]] = [:]
            var next = 0
            let theirs = sorted.filter { $0.stamp.replica == name }
            var i = 0
            while i < theirs.count {
                // One record: events of one replica in a row with one author and one time, all new
                // here or all held (a record travels whole), and never the creation with what follows
                // (a script can record in the millisecond the workpaper was made).
                var batch = [theirs[i]]
                func sameRecord(_ n: TeamEvent) -> Bool {
                    let first = theirs[i]
                    if case .created = first.body { return false }
                    return n.stamp.actor == first.stamp.actor && n.stamp.time == first.stamp.time
                        && n.stamp.rseq == batch.last!.stamp.rseq + 1
                        && fresh.contains(n.stamp.hash) == fresh.contains(first.stamp.hash)
                }
                while i + batch.count < theirs.count, sameRecord(theirs[i + batch.count]) {
                    batch.append(theirs[i + batch.count])
                }
                let e = batch[0]
                // What the author had seen: first the held-back events it had, then the rest in order.
                func flush() {
                    while let best = pending.filter({ e.stamp.saw($0.value[0].stamp) })
                        .min(by: { Stamp.precedes($0.value[0].stamp, $1.value[0].stamp) }) {
                        view.apply(best.value[0])
                        pending[best.key]!.removeFirst()
                        if pending[best.key]!.isEmpty { pending[best.key] = nil }
                    }
                }
                flush()
                while next < sorted.count, Stamp.precedes(sorted[next].stamp, e.stamp) {
                    let f = sorted[next]
                    next += 1
                    if f.stamp.replica == name { continue }
                    if pending[f.stamp.replica] == nil, e.stamp.saw(f.stamp) { view.apply(f) } else { pending[f.stamp.replica, default: []].append(f) }
                }
                if batch.contains(where: { fresh.contains($0.stamp.hash) }), let why = judge(batch, on: view, keys: keys, verdicts: verdicts) {
                    return "event \(e.stamp.rseq) of replica \(name) (by \(e.stamp.actor) at \(e.stamp.time)) is refused: \(why)"
                }
                for b in batch { view.apply(b) }
                i += batch.count
            }
        }
        return nil
    }

    /// Why the rules refuse one record made on `view`, or nil.
    func judge(_ batch: [TeamEvent], on view: TeamState, keys: Set<ItemKey>, verdicts: [ItemKey: [Verdict]]) -> String? {
        let actor = batch[0].stamp.actor
        guard programme.person(actor) != nil else { return "\(actor) is not a person of the programme" }
        var byItem: [String: [EventBody]] = [:]
        for e in batch {
            switch e.body {
            case .created: return "an audit has one creation, its first event"
            case .carried: return "findings are carried over only when the workpaper is made"
            case .evidenceEdited(let id, let edit):
                let n = view.number(of: id, target: e.target)
                guard let item = view.state.evidence[n]?.item else { return "it edits evidence that was never cited" }
                byItem[item, default: []].append(.evidenceEdited(id: n, edit))
            case .evidenceRemoved(let id, let reason):
                let n = view.number(of: id, target: e.target)
                guard let item = view.state.evidence[n]?.item else { return "it removes evidence that was never cited" }
                byItem[item, default: []].append(.evidenceRemoved(id: n, reason: reason))
            default:
                guard let item = e.body.item else { continue }
                byItem[item, default: []].append(e.body)
            }
        }
        for (item, events) in byItem.sorted(by: { $0.key < $1.key }) {
            guard let key = ItemKey(item), keys.contains(key) else {
                return "\(item) is not on the checklist of \(audit.id)"
            }
            var mine = analysis
            mine.verdicts = verdicts[key] ?? []
            // The rules on the day a record was made were judged when it was made, by its laptop's clock.
            if let refusal = Recorder.validate(events, actor: actor, item: key, analysis: mine, programme: programme, state: view.state) {
                return "\(refusal.rule): \(refusal.message)"
            }
        }
        return nil
    }
}
