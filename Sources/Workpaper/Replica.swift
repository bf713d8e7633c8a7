import AuditCore
import Foundation
import GRDB

/// A workpaper is one replica of its audit (see `TeamState`). Its journal holds the events of
/// every replica it has met; each replica's events form their own hash chain (`rseq` 1, 2, …,
/// each naming the hash of the one before), and each event carries what its author had seen of
/// the others (`clock`). The first replica is named after the hash of the audit's first event,
/// so every copy names it alike; a fork gets a new name.
///
/// Events hash in one of two forms: the first event of an audit, and every event written before
/// replicas existed, as `aimsaudit-journal-1` (no clock); every later one as `aimsaudit-journal-2`,
/// which covers its replica, place, clock and the evidence it is about as well.
extension JournalEntry {
    /// The event's place among the replicas.
    public var stamp: Stamp {
        Stamp(replica: replica, rseq: rseq, clock: clock.flatMap(ReplicaClock.decode) ?? [:], hash: hash, id: id, actor: actor, time: time)
    }

    /// The hash its fields give, in the form it was written in.
    public var recomputedHash: String {
        guard let clock else {
            return WorkpaperFile.chainHash(seq: rseq, id: id, time: time, actor: actor, type: type, payload: payload, prevHash: prevHash)
        }
        var text = "aimsaudit-journal-2\n"
        for field in [replica, String(rseq), id, time, actor, type, payload, clock, target ?? "", prevHash] {
            text += "\(field.utf8.count):\(field)\n"
        }
        return FileHash.sha256(text)
    }
}

/// A version vector as the journal keeps it: `{"<replica>":<rseq>,…}`, keys in order, no spaces.
public enum ReplicaClock {
    public static func encode(_ clock: [String: Int]) -> String {
        "{" + clock.keys.sorted().map { "\"\($0)\":\(clock[$0]!)" }.joined(separator: ",") + "}"
    }

    public static func decode(_ text: String) -> [String: Int]? {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        var out: [String: Int] = [:]
        for (k, v) in object {
            guard ReplicaName.valid(k), let n = v as? Int, n > 0 else { return nil }
            out[k] = n
        }
        return encode(out) == text ? out : nil
    }
}

public enum ReplicaName {
    /// 16 lower-case hexadecimal digits.
    public static func valid(_ s: String) -> Bool { s.utf8.count == 16 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } }

    public static func fresh() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    /// The first replica's name: the start of the audit's first event's hash.
    public static func first(_ firstHash: String) -> String { String(firstHash.prefix(16)) }
}

extension WorkpaperFile {
    /// True when the journal has the replica columns (schema 6 on); older files are read as one replica.
    static func hasReplicas(_ db: Database) throws -> Bool {
        try Row.fetchAll(db, sql: "PRAGMA table_info(journal)").contains { ($0["name"] as String) == "replica" }
    }

    static let entryColumns = "seq, id, time, actor, type, payload, prev_hash, hash"

    /// Every journal row with its replica columns (those after `seq`), in the journal's order.
    static func teamEntries(_ db: Database, after seq: Int = 0) throws -> [JournalEntry] {
        let replicas = try hasReplicas(db)
        let extra = replicas ? "replica, rseq, clock, target, sig" : "NULL, seq, NULL, NULL, NULL"
        var out: [JournalEntry] = []
        // A journal from before replicas is the first replica's, named after its first event.
        var first: String? = replicas || seq == 0 ? nil
            : try String.fetchOne(db, sql: "SELECT hash FROM journal ORDER BY seq LIMIT 1").map(ReplicaName.first)
        try TableRows.each(db, "SELECT \(entryColumns), \(extra) FROM journal WHERE seq > \(seq) ORDER BY seq") { c in
            if first == nil { first = ReplicaName.first(c.text(7)) }
            out.append(JournalEntry(seq: c.int(0), id: c.text(1), time: c.text(2), actor: c.text(3), type: c.text(4),
                                    payload: c.text(5), prevHash: c.text(6), hash: c.text(7),
                                    replica: c.optionalText(8) ?? first!, rseq: c.int(9), clock: c.optionalText(10),
                                    target: c.optionalText(11), sig: c.optionalText(12)))
        }
        return out
    }

    /// Every journal row with its replica columns (for tests and tools reading a workpaper whole).
    public static func teamEntries(_ file: WorkpaperFile) throws -> [JournalEntry] { try file.db.read { db in try teamEntries(db) } }

    /// The journal's rows after `seq`, each with the replica it was recorded on (the history).
    public func entries(after seq: Int) throws(WorkpaperError) -> [JournalEntry] {
        do { return try db.read { db in try Self.teamEntries(db, after: seq) } } catch { throw .io("cannot read the journal of \(path): \(error)") }
    }

    /// True when the journal holds events of more than one replica.
    static func isShared(_ db: Database) throws -> Bool {
        guard try hasReplicas(db) else { return false }
        return try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM journal WHERE replica != (SELECT replica FROM journal ORDER BY seq LIMIT 1))
            """) ?? false
    }

    /// The events as the team fold takes them; an unreadable one throws, or is skipped when `tolerant`.
    static func teamEvents(_ entries: [JournalEntry], tolerant: Bool = false) throws -> [TeamEvent] {
        var out: [TeamEvent] = []
        out.reserveCapacity(entries.count)
        for e in entries {
            do { out.append(TeamEvent(stamp: e.stamp, body: try EventCodec.decode(type: e.type, payload: e.payload), target: e.target)) } catch {
                if !tolerant { throw error }
            }
        }
        return out
    }

    /// The fold of a journal shared by several replicas, with who recorded on which item; nil
    /// for a journal of one replica (the open folds that as it reads it).
    static func sharedFold(_ db: Database, _ path: String, tolerant: Bool) throws -> (WorkpaperState, (Int, String), [ItemKey: Set<String>]?)? {
        guard try isShared(db) else { return nil }
        let entries = try teamEntries(db)
        let events: [TeamEvent]
        do { events = try teamEvents(entries, tolerant: tolerant) } catch {
            throw WorkpaperError.notAWorkpaper("\(path): a journal event cannot be read (\(error)); run `aimsaudit verify \(path)`")
        }
        let team = TeamState.fold(events)
        var recorders: [ItemKey: Set<String>] = [:]
        for e in events {
            guard e.body.recordsOnItem else { continue }
            let item: String?
            switch e.body {
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): item = team.state.evidence[team.number(of: id, target: e.target)]?.item
            default: item = e.body.item
            }
            if let item, let key = ItemKey(item) { recorders[key, default: []].insert(e.stamp.actor) }
        }
        let last = entries.last.map { ($0.seq, $0.hash) } ?? (0, genesisHash)
        return (team.state, last, events.count == entries.count ? recorders : nil)
    }

    /// The open conflicts as the `conflict` table keeps them (for a state read from the tables).
    static func storedConflicts(_ db: Database) throws -> [FieldConflict] {
        guard try Schema.hasTable("conflict", db) else { return [] }
        var out: [String: FieldConflict] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item, field, value, actor, time, replica FROM conflict ORDER BY item, field, position") {
            let key = (row["item"] as String) + "\u{1}" + (row["field"] as String)
            out[key, default: FieldConflict(item: row["item"], field: row["field"], values: [])].values
                .append(FieldConflict.Value(value: row["value"], actor: row["actor"], time: row["time"], replica: row["replica"]))
        }
        return out.keys.sorted().map { out[$0]! }
    }

    /// Rewrites the conflict rows of the given items (every item when nil) from `state`.
    static func writeConflicts(_ state: WorkpaperState, items: Set<String>?, _ db: Database) throws {
        guard try Schema.hasTable("conflict", db) else { return }
        if let items {
            for item in items { try db.execute(sql: "DELETE FROM conflict WHERE item = ?", arguments: [item]) }
        } else {
            try db.execute(sql: "DELETE FROM conflict")
        }
        for c in state.allConflicts where items?.contains(c.item) ?? true {
            for (i, v) in c.values.enumerated() {
                try db.execute(sql: "INSERT INTO conflict (item, field, position, value, actor, time, replica) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [c.item, c.field, i + 1, v.value, v.actor, v.time, v.replica])
            }
        }
    }

    /// This workpaper's replica: its name, and the person it was made or forked for.
    public var replica: (name: String, person: String) {
        let found = try? db.read { db -> (String?, String?) in
            (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'replica'"),
             try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'replica_person'"))
        }
        if let name = found?.0, let person = found?.1 { return (name, person) }
        // A workpaper from before replicas: the first replica, its creator's.
        let first = (try? db.read { db in try Self.journalEntries(db, limit: 1).first }) ?? nil
        return (ReplicaName.first(first?.hash ?? ""), first?.actor ?? audit.lead)
    }

    /// Every replica met, with its last event here.
    public func replicas() throws(WorkpaperError) -> [(name: String, events: Int, people: Set<String>)] {
        do {
            let entries = try db.read { db in try Self.teamEntries(db) }
            var out: [String: (Int, Set<String>)] = [:]
            for e in entries { out[e.replica, default: (0, [])].0 = max(out[e.replica]?.0 ?? 0, e.rseq); out[e.replica]!.1.insert(e.actor) }
            return out.keys.sorted().map { ($0, out[$0]!.0, out[$0]!.1) }
        } catch { throw .io("cannot read the journal of \(path): \(error)") }
    }
}

extension WorkpaperFile {
    /// Where this replica's next event goes: its name, its last event, and the last event of
    /// every other replica it has seen. Nil while the journal is empty.
    static func position(_ db: Database) throws -> (name: String, rseq: Int, hash: String, clock: [String: Int])? {
        guard let name = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'replica'") else { return nil }
        var clock: [String: Int] = [:]
        // Each replica's last event by seeks on the index of (replica, rseq), not by a pass over
        // the whole journal (a save would otherwise read every event's index entry).
        for replica in try replicaNames(db) {
            clock[replica] = try Int.fetchOne(db.cachedStatement(sql: "SELECT max(rseq) FROM journal WHERE replica = ?"), arguments: [replica]) ?? 0
        }
        let mine = clock.removeValue(forKey: name) ?? 0
        let hash = mine == 0 ? genesisHash
            : try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM journal WHERE replica = ? AND rseq = ?"), arguments: [name, mine]) ?? genesisHash
        return (name, mine, hash, clock)
    }

    /// The replicas the journal holds events of, by seeks on the index of (replica, rseq).
    static func replicaNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db.cachedStatement(sql: """
            WITH RECURSIVE r(name) AS (SELECT min(replica) FROM journal
                UNION ALL SELECT (SELECT min(replica) FROM journal WHERE replica > r.name) FROM r WHERE r.name IS NOT NULL)
            SELECT name FROM r WHERE name IS NOT NULL
            """))
    }

    static func insert(_ e: JournalEntry, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash, replica, rseq, clock, target, sig)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [e.seq, e.id, e.time, e.actor, e.type, e.payload, e.prevHash, e.hash, e.replica, e.rseq,
                                     e.clock, e.target, e.sig])
    }
}
