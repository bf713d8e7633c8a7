import AuditCore
import GRDB

/// The workpaper's SQLite layout. `application_id` says "this is an aimsaudit workpaper";
/// `user_version` is the schema version, raised by the migrations below.
enum Schema {
    /// 'AIMS' in ASCII.
    static let applicationID: Int32 = 0x4149_4D53
    static let version = 8

    /// Migrations from version N-1 to N, in order.
    static let migrations: [(Int, @Sendable (Database) throws -> Void)] = [
        (1, { db in
            try db.execute(sql: """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE programme (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,
                    sha256 TEXT NOT NULL, source TEXT NOT NULL, audit TEXT NOT NULL);
                CREATE TABLE checklist (position INTEGER NOT NULL, item TEXT PRIMARY KEY, requirement TEXT NOT NULL,
                    system TEXT, title TEXT NOT NULL, tier TEXT NOT NULL, score REAL NOT NULL, i INTEGER NOT NULL,
                    c INTEGER NOT NULL, f INTEGER NOT NULL, t REAL NOT NULL, d INTEGER NOT NULL,
                    owners TEXT NOT NULL, auditor TEXT, excluded INTEGER NOT NULL);
                CREATE TABLE verdict (auditor TEXT NOT NULL, item TEXT NOT NULL, rule TEXT NOT NULL,
                    level TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (auditor, item, rule));
                CREATE TABLE journal (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, time TEXT NOT NULL,
                    actor TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
                    prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE TABLE item_state (item TEXT PRIMARY KEY, grade TEXT NOT NULL, requirement TEXT,
                    evidence TEXT, gap TEXT, note TEXT, sample TEXT, action_owner TEXT, action_due TEXT);
                CREATE TABLE evidence (id INTEGER PRIMARY KEY, item TEXT NOT NULL, type TEXT NOT NULL,
                    reference TEXT NOT NULL, description TEXT, obtained_from TEXT, obtained_on TEXT,
                    file_path TEXT, file_abs TEXT, file_sha256 TEXT, file_size INTEGER,
                    removed INTEGER NOT NULL, removal_reason TEXT);
                CREATE TABLE justification (item TEXT NOT NULL, auditor TEXT NOT NULL, text TEXT NOT NULL,
                    safeguard TEXT, PRIMARY KEY (item, auditor));
                """)
        }),
        (2, { db in
            // Lookups by item for the screen and the report.
            try db.execute(sql: """
                CREATE INDEX evidence_by_item ON evidence(item);
                CREATE INDEX journal_by_actor ON journal(actor);
                """)
        }),
        (3, { db in
            // The whole corrective action (10.2) and a nonconformity carried over from an earlier
            // audit, each as canonical JSON; action_owner and action_due stay for queries.
            try db.execute(sql: """
                ALTER TABLE item_state ADD COLUMN action TEXT;
                ALTER TABLE item_state ADD COLUMN carried TEXT;
                """)
            let rows = try Row.fetchAll(db, sql: "SELECT item, action_owner, action_due FROM item_state WHERE action_owner IS NOT NULL")
            for row in rows {
                let action = CorrectiveAction(owner: row["action_owner"], due: row["action_due"])
                try db.execute(sql: "UPDATE item_state SET action = ? WHERE item = ?",
                               arguments: [StateTables.json(action), row["item"] as String])
            }
        }),
        (4, { db in
            // Evidence still cited, by item: the checklist's counts without visiting each row.
            try db.execute(sql: "CREATE INDEX evidence_live ON evidence(item) WHERE removed = 0")
        }),
        (5, { db in
            // Good practice the auditor wrote for the report (finding.good-practice events).
            try db.execute(sql: "ALTER TABLE item_state ADD COLUMN good_practice TEXT")
            // A cited file inside the workpaper's folder, by its path from there.
            try db.execute(sql: "ALTER TABLE evidence ADD COLUMN file_rel TEXT")
        }),
        (6, { db in
            // Each item's detail for the item screen (`ItemDetail`, JSON), filled from the snapshot
            // by the writer that upgrades (`DerivedTables.complete`); the facts go in `meta`. The
            // screen opens from these tables, so the binary image of the programme kept beside the
            // snapshot by version 5 and its first-frame header are no longer made.
            try db.execute(sql: "CREATE TABLE item_detail (item TEXT PRIMARY KEY, detail TEXT NOT NULL)")
            // Every team member's verdicts on the item shown, without a pass over all of them.
            try db.execute(sql: "CREATE INDEX verdict_by_item ON verdict(item)")
            try db.execute(sql: "DROP TABLE IF EXISTS programme_image")
            try db.execute(sql: "DELETE FROM meta WHERE key = 'first_frame'")
        }),
        (7, { db in
            // Replicas (see Replica.swift): each event's replica, its place in that replica's own
            // chain, what its author had seen of the others, the evidence an edit or removal is
            // about, and its signature. Events from before are the first replica's, named after
            // the first event's hash as every copy of the audit names it.
            try db.execute(sql: """
                ALTER TABLE journal ADD COLUMN replica TEXT;
                ALTER TABLE journal ADD COLUMN rseq INTEGER;
                ALTER TABLE journal ADD COLUMN clock TEXT;
                ALTER TABLE journal ADD COLUMN target TEXT;
                ALTER TABLE journal ADD COLUMN sig TEXT;
                UPDATE journal SET replica = (SELECT substr(hash, 1, 16) FROM journal ORDER BY seq LIMIT 1), rseq = seq;
                CREATE UNIQUE INDEX journal_by_replica ON journal(replica, rseq);
                CREATE TABLE evidence_origin (id INTEGER PRIMARY KEY, event TEXT NOT NULL, replica TEXT NOT NULL);
                INSERT OR IGNORE INTO evidence_origin (id, event, replica)
                    SELECT json_extract(payload, '$.id'), id, replica FROM journal WHERE type = 'evidence.added';
                CREATE TABLE conflict (item TEXT NOT NULL, field TEXT NOT NULL, position INTEGER NOT NULL,
                    value TEXT NOT NULL, actor TEXT NOT NULL, time TEXT NOT NULL, replica TEXT NOT NULL,
                    PRIMARY KEY (item, field, position));
                CREATE TABLE attachment (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB NOT NULL);
                INSERT OR IGNORE INTO meta (key, value) SELECT 'replica', substr(hash, 1, 16) FROM journal ORDER BY seq LIMIT 1;
                INSERT OR IGNORE INTO meta (key, value) SELECT 'replica_person', actor FROM journal ORDER BY seq LIMIT 1;
                """)
        }),
        (8, { db in
            // Who recorded each item's grade and statement: its one author (most items), or the
            // whole record (`Provenance`, JSON) when others changed it, disagreed or gave reasons.
            // Filled from the journal, which holds every event's actor, by the writer that
            // upgrades (`WorkpaperFile.fillProvenance`).
            try db.execute(sql: "ALTER TABLE item_state ADD COLUMN author TEXT")
            try db.execute(sql: "ALTER TABLE item_state ADD COLUMN provenance TEXT")
            // Who approved each justification (independence.approved events, programme format 2).
            try db.execute(sql: "ALTER TABLE justification ADD COLUMN approved_by TEXT")
        }),
    ]

    /// Brings a database from its `user_version` up to `target`, each step in its own transaction.
    static func migrate(_ db: Database, to target: Int = version) throws {
        let current = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        for (v, step) in migrations where v > current && v <= target {
            try db.inTransaction {
                try step(db)
                try db.execute(sql: "PRAGMA user_version = \(v)")
                return .commit
            }
        }
    }
}
