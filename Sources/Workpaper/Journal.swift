import AuditCore
import Foundation
import GRDB

/// One row of the journal, as stored.
public struct JournalEntry: Sendable, Hashable {
    public var seq: Int
    public var id: String
    public var time: String
    public var actor: String
    public var type: String
    public var payload: String
    public var prevHash: String
    public var hash: String
    /// The replica that recorded it and its place in that replica's chain (see Replica.swift).
    public var replica: String = ""
    public var rseq: Int = 0
    /// What its author had seen of other replicas; nil for an event hashed in the first form.
    public var clock: String?
    /// On an edit or a removal of evidence: the id of the event that cited it.
    public var target: String?
    /// The author's Ed25519 signature of `hash`, base64, when the programme lists their key.
    public var sig: String?
}

/// The hash-chained journal: reading it, appending to it, and copying each save into the file.
extension WorkpaperFile {
    static func journalEntries(_ db: Database, after seq: Int = 0, limit: Int = -1) throws -> [JournalEntry] {
        var out: [JournalEntry] = []
        try TableRows.each(db, "SELECT seq, id, time, actor, type, payload, prev_hash, hash FROM journal WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)") { c in
            out.append(JournalEntry(seq: c.int(0), id: c.text(1), time: c.text(2), actor: c.text(3), type: c.text(4),
                                    payload: c.text(5), prevHash: c.text(6), hash: c.text(7)))
        }
        return out
    }

    /// Who did what when, without the payloads, row by row: what a report says of the journal.
    public func journalOutline(_ each: (_ seq: Int, _ time: String, _ actor: String, _ type: String) -> Void) throws(WorkpaperError) {
        do {
            try db.read { db in
                try TableRows.each(db, "SELECT seq, time, actor, type FROM journal ORDER BY seq") { c in
                    each(c.int(0), c.text(1), c.text(2), c.text(3))
                }
            }
        } catch {
            throw .io("cannot read the journal of \(path): \(error)")
        }
    }

    /// The journal's last event, its number and hash ((0, the genesis hash) when it has none).
    static func lastEvent(_ db: Database) throws -> (seq: Int, hash: String) {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"))
            .map { ($0["seq"] as Int, $0["hash"] as String) } ?? (0, genesisHash)
    }

    /// The journal, or the part of it after event `seq`.
    public func journal(after seq: Int = 0) throws(WorkpaperError) -> [JournalEntry] {
        do { return try db.read { db in try Self.journalEntries(db, after: seq) } } catch { throw .io("cannot read the journal of \(path): \(error)") }
    }

    /// The hash of one journal row: SHA-256 over its fields, each written as `LENGTH:VALUE\n`.
    public static func chainHash(seq: Int, id: String, time: String, actor: String, type: String,
                                 payload: String, prevHash: String) -> String {
        var text = "aimsaudit-journal-1\n"
        for field in [String(seq), id, time, actor, type, payload, prevHash] {
            text += "\(field.utf8.count):\(field)\n"
        }
        return FileHash.sha256(text)
    }

    /// Appends events in one transaction, committed (synchronous=FULL) before it returns, and
    /// then copied from SQLite's write-ahead log into the file itself (see `fileHoldsAll`).
    /// Needs the workpaper opened for writing.
    @discardableResult
    public func append(_ events: [EventBody], actor: String) throws(WorkpaperError) -> ClosedRange<Int> {
        guard lock != nil else { throw .usage("\(path) is open read-only") }
        // Writing into a file that is no longer at its path would look saved and be lost.
        if isGone { throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "it is no longer the file that was opened")") }
        let range: ClosedRange<Int>
        do { range = try appendUnlocked(events, actor: actor) } catch let e as WorkpaperError { throw e } catch {
            throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
        fileHoldsAll = Self.checkpoint(db)
        return range
    }

    func appendUnlocked(_ events: [EventBody], actor: String) throws -> ClosedRange<Int> {
        // Applied in place, and taken back if the transaction fails: copying the whole state
        // for every save would cost as much as the state is large. References not read yet (the
        // screen reads an item's when it shows it) are read before they are edited.
        adoptEvidence(events.compactMap {
            switch $0 { case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): id; default: nil }
        })
        let hadConflicts = !state.conflicts.isEmpty
        let undo = state.apply(events, by: actor)
        let next = state
        let (items, evidence) = Self.touched(by: events, in: next)
        let signer = try signer(for: actor)
        let newHead: (Int, String)
        do { newHead = try db.write { db -> (Int, String) in
            var (seq, hash) = try Self.lastEvent(db)
            let replicas = try Self.hasReplicas(db)
            var me = replicas ? try Self.position(db) : nil
            // One record is one moment: its events share a time (a merge checks them together).
            let time = Self.timestamp()
            for e in events {
                let id = UUID().uuidString.lowercased(), payload = EventCodec.payload(e)
                guard var entry = me.map({ me in
                    JournalEntry(seq: seq + 1, id: id, time: time, actor: actor, type: e.type, payload: payload, prevHash: me.hash, hash: "",
                                 replica: me.name, rseq: me.rseq + 1, clock: ReplicaClock.encode(me.clock), target: nil)
                }) else {
                    // A file from before replicas (made at an older schema for a test of migration), or the first event.
                    let h = Self.chainHash(seq: seq + 1, id: id, time: time, actor: actor, type: e.type, payload: payload, prevHash: hash)
                    if replicas {
                        try Self.insert(JournalEntry(seq: seq + 1, id: id, time: time, actor: actor, type: e.type, payload: payload, prevHash: hash,
                                                     hash: h, replica: ReplicaName.first(h), rseq: 1, clock: nil, sig: signer?(h)), db)
                        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('replica', ?), ('replica_person', ?)",
                                       arguments: [ReplicaName.first(h), actor])
                        me = (ReplicaName.first(h), 1, h, [:])
                    } else {
                        try db.cachedStatement(sql: """
                            INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """).execute(arguments: [seq + 1, id, time, actor, e.type, payload, hash, h])
                    }
                    seq += 1
                    hash = h
                    continue
                }
                switch e {
                case .evidenceEdited(let n, _), .evidenceRemoved(let n, _):
                    entry.target = try String.fetchOne(db.cachedStatement(sql: "SELECT event FROM evidence_origin WHERE id = ?"), arguments: [n])
                case .evidenceAdded(let r):
                    try db.cachedStatement(sql: "INSERT OR REPLACE INTO evidence_origin (id, event, replica) VALUES (?, ?, ?)")
                        .execute(arguments: [r.id, id, entry.replica])
                default: break
                }
                entry.hash = entry.recomputedHash
                entry.sig = signer?(entry.hash)
                try Self.insert(entry, db)
                me!.rseq += 1
                me!.hash = entry.hash
                seq += 1
                hash = entry.hash
            }
            try StateTables.write(next, items: items, evidence: evidence, db)
            if hadConflicts { try Self.writeConflicts(next, items: items, db) }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)")
                .execute(arguments: [String(seq), hash])
            return (seq, hash)
        } } catch {
            state.undo(undo)
            throw error
        }
        let first = head.seq + 1
        head = newHead
        if knownRecorders != nil { for e in events { Self.note(e, by: actor, in: &knownRecorders!, state: state) } }
        return first...newHead.0
    }

    /// Copies what the write-ahead log holds into the file, as far as readers allow; true when all of it is.
    @discardableResult
    public func catchUp() -> Bool {
        guard lock != nil else { return true }
        fileHoldsAll = Self.checkpoint(db)
        return fileHoldsAll
    }

    /// SQLite's passive checkpoint: it never waits for a reader, and never blocks one; the pages a
    /// reader of an older state still needs from the log stay there until `catchUp` runs again.
    /// With `synchronous=FULL` the file is flushed to the disk before it returns.
    static func checkpoint(_ db: DatabaseQueue) -> Bool {
        guard let (log, copied) = try? db.writeWithoutTransaction({ db in try db.checkpoint(.passive) }) else { return false }
        return copied >= log
    }

    // MARK: - A reader beside a writer

    /// For a workpaper open read-only: takes in the events another process saved since it was
    /// read (a cheap check of `PRAGMA data_version` when nothing changed). True when there were any.
    public func refresh() -> Bool {
        guard lock == nil,
              let (version, added) = try? db.read({ db -> (Int, [JournalEntry]) in
                  let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                  return (version, version == seenVersion ? [] : try Self.journalEntries(db, after: head.seq))
              }) else { return false }
        var taken = 0
        // Events of several replicas are folded together, in their own order (a merge came in).
        if let entries = added.first.map({ _ in (try? db.read { db in try Self.sharedFold(db, path, tolerant: false) }) ?? nil }),
           let (shared, last, recorders) = entries {
            state = shared
            head = last
            knownRecorders = recorders
            seenVersion = version
            return true
        }
        for e in added {
            guard e.seq == head.seq + 1, let body = try? EventCodec.decode(type: e.type, payload: e.payload) else { break }
            state.apply(body, by: e.actor)
            if knownRecorders != nil { Self.note(body, by: e.actor, in: &knownRecorders!, state: state) }
            head = (e.seq, e.hash)
            taken += 1
        }
        // Seen only when all of it was taken in: an event that could not be read is tried again.
        if taken == added.count { seenVersion = version }
        return taken > 0
    }

    /// Throws away the state tables and writes them again from the journal.
    public func rebuildState() throws(WorkpaperError) {
        do {
            let folded = try db.read { db in
                try Self.sharedFold(db, path, tolerant: false)?.0
                    ?? WorkpaperState.fold(authored: try Self.journalEntries(db).map { (actor: $0.actor, body: try EventCodec.decode(type: $0.type, payload: $0.payload)) })
            }
            try db.write { db in
                try StateTables.rebuild(folded, db)
                try Self.writeConflicts(folded, items: nil, db)
            }
            state = folded
        } catch {
            throw .io("cannot rebuild the state of \(path): \(error)")
        }
    }
}
