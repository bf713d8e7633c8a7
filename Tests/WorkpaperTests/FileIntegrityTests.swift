import AuditCore
import Foundation
import GRDB
import Testing
@testable import Workpaper

/// `verify` covers the whole file, and a workpaper from elsewhere cannot run anything planted in it.
@Suite struct FileIntegrityTests {
    /// Every row of every table, the schema and the header's two numbers; nil when SQLite cannot
    /// read them all.
    static func content(_ path: String) -> [[DatabaseValue]]? {
        var config = Configuration()
        config.readonly = true
        guard let db = try? DatabaseQueue(path: path, configuration: config) else { return nil }
        defer { try? db.close() }
        return try? db.read { db in
            var out: [[DatabaseValue]] = [[try Int.fetchOne(db, sql: "PRAGMA user_version").databaseValue,
                                            try Int.fetchOne(db, sql: "PRAGMA application_id").databaseValue]]
            let schema = try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            for row in schema {
                out.append(Array(row.databaseValues))
                guard row["type"] == "table", let name: String = row["name"] else { continue }
                for r in try Row.fetchAll(db, sql: "SELECT rowid, * FROM \"\(name)\" ORDER BY rowid") { out.append(Array(r.databaseValues)) }
            }
            return out
        }
    }

    /// Each of 200 seeded flips of one byte, on a fresh copy of a workpaper with recorded events,
    /// either leaves every row as it was, or is refused by open, or is named by `verify`.
    @Test func everyByteFlipIsHarmlessOrCaught() throws {
        let s = try Scratch()
        try s.recorded()
        // Evidence by path only, and a carried finding's absence: the sample as `record` leaves it.
        let original = try Data(contentsOf: URL(fileURLWithPath: s.path))
        let before = try #require(Self.content(s.path))
        var rng = ImporterFuzzTests.Rng(state: 42_001)
        var unchanged = 0, refused = 0, named = 0
        var missed: [String] = []
        for _ in 0..<200 {
            let at = rng.below(original.count)
            let mask = UInt8(1 + rng.below(255))
            var bytes = original
            bytes[at] ^= mask
            let dir = s.dir.appendingPathComponent("flip-\(at)-\(mask)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let copy = dir.appendingPathComponent("IA-1.aimsaudit").path
            try bytes.write(to: URL(fileURLWithPath: copy))
            let after = Self.content(copy)
            let report: VerifyReport?
            do {
                let file = try WorkpaperFile.open(copy, tolerant: true)
                report = file.verify()
                file.close()
            } catch {
                report = nil
            }
            switch report {
            case nil: refused += 1
            case let r? where !r.ok: named += 1
            case .some:
                if after == before { unchanged += 1 } else { missed.append("byte \(at) ^ \(mask)") }
            }
            try? FileManager.default.removeItem(at: dir)
        }
        #expect(missed.isEmpty, "flips that changed the file and passed verify: \(missed)")
        #expect(unchanged + refused + named == 200)
        print("byte flips: \(unchanged) left every row as it was, \(refused) refused by open, \(named) named by verify, \(missed.count) missed (file of \(original.count) bytes)")
    }

    @Test func aForeignTriggerIsNamedAndNeverRunsOnRecord() throws {
        let s = try Scratch()
        try s.recorded()
        try s.tamper("""
            CREATE TRIGGER journal_spy AFTER INSERT ON journal BEGIN
              INSERT INTO meta (key, value) VALUES ('spy-' || new.seq, new.payload);
            END
            """)
        let report = try s.verify()
        #expect(report.problems.first?.hasPrefix("the workpaper holds a trigger journal_spy on journal that aimsaudit does not make: `CREATE TRIGGER journal_spy AFTER INSERT ON journal") == true, "\(report.problems)")

        var code: Int32 = 0, message = ""
        do { _ = try WorkpaperFile.open(s.path, forWriting: true) } catch {
            code = error.exitCode
            message = error.description
        }
        #expect(code == 65)
        #expect(message.contains("is not written to: the workpaper holds a trigger journal_spy on journal"), "\(message)")
        // Read-only opens still read it, and write nothing: the trigger never ran.
        let reader = try WorkpaperFile.open(s.path)
        #expect(reader.head.seq == 1 + Scratch.events.count)
        reader.close()
        let db = try DatabaseQueue(path: s.path)
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM meta WHERE key LIKE 'spy-%'") } == 0)
        #expect(try db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM journal") } == 1 + Scratch.events.count)
        try db.close()
    }

    /// An open for writing knows a workpaper of the current schema as made by the digest of its
    /// schema, without replaying every migration: the digest it knows is that of what the
    /// migrations make, which a new workpaper's schema gives too.
    @Test func theSchemaDigestIsThatOfWhatTheMigrationsMake() throws {
        #expect(Schema.digest(try Schema.made(version: Schema.version).required) == Schema.madeDigest)
        let s = try Scratch()
        let file = try s.create()
        #expect(try file.db.read { db in Schema.digest(try Schema.objects(db)) } == Schema.madeDigest)
        file.close()
        // One object more or changed gives another digest (and the comparison object by object).
        try s.tamper("CREATE INDEX journal_by_time ON journal(time)")
        let db = try DatabaseQueue(path: s.path)
        defer { try? db.close() }
        #expect(try db.read { db in Schema.digest(try Schema.objects(db)) } != Schema.madeDigest)
        #expect(try db.read { db in try Schema.differences(db, version: Schema.version) }
            == ["the workpaper holds a index journal_by_time on journal that aimsaudit does not make: `CREATE INDEX journal_by_time ON journal(time)`"])
    }

    @Test func aForeignViewAndIndexAndAChangedIndexAreNamed() throws {
        let s = try Scratch()
        try s.recorded()
        try s.tamper("""
            CREATE VIEW actors AS SELECT DISTINCT actor FROM journal;
            CREATE INDEX journal_by_time ON journal(time);
            DROP INDEX evidence_by_item; CREATE INDEX evidence_by_item ON evidence(type);
            """)
        let problems = try s.verify().problems
        #expect(problems.contains("the workpaper holds a view actors that aimsaudit does not make: `CREATE VIEW actors AS SELECT DISTINCT actor FROM journal`"), "\(problems)")
        #expect(problems.contains("the workpaper holds a index journal_by_time on journal that aimsaudit does not make: `CREATE INDEX journal_by_time ON journal(time)`"), "\(problems)")
        #expect(problems.contains("the index evidence_by_item on evidence is not as aimsaudit makes it (`CREATE INDEX evidence_by_item ON evidence(type)` instead of `CREATE INDEX evidence_by_item ON evidence(item)`)"), "\(problems)")
        #expect(problems.count == 3)
    }

    @Test(arguments: [
        ("UPDATE checklist SET title = 'Anything' WHERE position = 1",
         "table checklist, row 'A.6.2.6@claimsort': title is 'Anything' but the programme snapshot gives"),
        ("DELETE FROM verdict WHERE rowid = (SELECT max(rowid) FROM verdict)", "table verdict has no row for"),
        ("INSERT INTO checklist SELECT position + 100, item || 'x', requirement, system, title, tier, score, i, c, f, t, d, owners, auditor, excluded FROM checklist WHERE position = 1",
         "table checklist has a row for 'A.6.2.6@claimsortx' that the programme snapshot does not give"),
        ("UPDATE meta SET value = replace(value, 'Test Org', 'Test Orc') WHERE key = 'audit_facts'",
         "meta audit_facts is not what the programme snapshot gives"),
        ("UPDATE item_detail SET detail = replace(detail, 'owner', 'approver') WHERE item = 'A.6.2.6@claimsort'",
         "table item_detail, row 'A.6.2.6@claimsort': detail is"),
        ("UPDATE meta SET value = 'aimsaudit 9' WHERE key = 'tool'", "meta tool is 'aimsaudit 9' but event 1 recorded"),
        ("UPDATE meta SET value = 'yes' WHERE key = 'lists_keys'", "meta lists_keys is not what the programme snapshot gives"),
        ("UPDATE meta SET value = json_set(value, '$.score', 1) WHERE key = 'checklist_totals'",
         "meta checklist_totals is not what the programme snapshot gives"),
        ("UPDATE meta SET value = json_set(value, '$.minor.items', 5) WHERE key = 'grade_totals'",
         "meta grade_totals is not what the journal's records give"),
        ("UPDATE meta SET value = '3000-01-01T00:00:00.000Z' WHERE key = 'created'", "meta created is '3000-01-01T00:00:00.000Z', not a time before event 1"),
        ("INSERT INTO meta VALUES ('extra', 'x')", "meta has a row 'extra' that aimsaudit does not write"),
        ("UPDATE meta SET value = '9' WHERE key = 'head_seq'", "the journal's last event does not match the head the workpaper recorded (event 9"),
        ("UPDATE programme SET name = 'other.yaml'", "table programme: name is 'other.yaml' but event 1 recorded"),
    ])
    func derivedRowsAndMetaAreChecked(sql: String, problem: String) throws {
        let s = try Scratch()
        try s.recorded()
        #expect(try s.verify().ok)
        try s.tamper(sql)
        let problems = try s.verify().problems
        #expect(problems.count == 1 && problems[0].hasPrefix(problem), "\(sql): \(problems)")
    }

    /// Whether the snapshot lists a signing key is kept when the workpaper is made, so the screen
    /// need not look through the snapshot before it starts; a workpaper made before it was kept
    /// is looked through as before.
    @Test func whetherTheSnapshotListsAKeyIsKept() throws {
        let s = try Scratch()
        try s.recorded()
        func screenOpen() throws -> Bool {
            let file = try WorkpaperFile.open(s.path, stateFrom: .tables, screenFor: "amara")
            defer { file.close() }
            return file.listsNoKey && file.publicKeys.isEmpty
        }
        #expect(try screenOpen())
        try s.tamper("DELETE FROM meta WHERE key = 'lists_keys'")
        #expect(try !screenOpen())
        #expect(try s.verify().ok)
    }

    @Test func aDamagedPageIsNamedBySQLite() throws {
        let s = try Scratch()
        try s.recorded()
        // An index said to be of other columns than its pages hold, changed through the schema table.
        try s.tamper("PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX journal_by_actor ON journal(type)' WHERE name = 'journal_by_actor'")
        let problems = try s.verify().problems
        #expect(problems.first?.hasPrefix("SQLite finds the file damaged: ") == true, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("the index journal_by_actor on journal is not as aimsaudit makes it") }, "\(problems)")
    }

    /// The tool's own connections cannot rewrite the schema's table, nor trust functions a
    /// planted object names.
    @Test func workpaperConnectionsAreDefensive() throws {
        let s = try Scratch()
        let file = try s.create()
        defer { file.close() }
        #expect(try file.db.read { db in try Int.fetchOne(db, sql: "PRAGMA trusted_schema") } == 0)
        #if os(Linux)
        #expect(try file.db.read { db in SQLiteDefensive.isOn(db.sqliteConnection) })
        #expect(throws: (any Error).self) {
            try file.db.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA writable_schema = ON")
                try db.execute(sql: "UPDATE sqlite_master SET sql = sql WHERE name = 'meta'")
            }
        }
        #endif
    }
}
