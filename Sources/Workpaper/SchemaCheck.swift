import Crypto
import GRDB

/// The schema a workpaper holds (`sqlite_master`: every table, index, trigger and view with its
/// SQL) against the one aimsaudit makes for that schema version. A workpaper may come from
/// anyone: a trigger or view planted in it must never run on the auditor's machine, and a
/// changed table or index means the file is not as aimsaudit wrote it.
extension Schema {
    struct Object: Hashable, Comparable {
        var type: String
        var name: String
        var table: String
        var sql: String?

        static func < (a: Object, b: Object) -> Bool { (a.type, a.name) < (b.type, b.name) }

        var described: String { type == "table" || name == table ? "\(type) \(name)" : "\(type) \(name) on \(table)" }
    }

    static func objects(_ db: Database) throws -> Set<Object> {
        Set(try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master").map {
            Object(type: $0["type"], name: $0["name"], table: $0["tbl_name"], sql: $0["sql"])
        })
    }

    /// Whether the file holds the table `name` (as SQLite compares names, whatever their case),
    /// asked of `sqlite_master` itself: GRDB's `tableExists` first reads the whole schema into its
    /// cache (1.7 M instructions at the screen's open).
    static func hasTable(_ name: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE)",
                          arguments: [name]) ?? false
    }

    /// What aimsaudit makes for `version`: the objects every such workpaper holds, and those it
    /// may hold (up to version 5, the programme image's table, made on first use).
    static func made(version: Int) throws -> (required: Set<Object>, optional: Set<Object>) {
        let db = try DatabaseQueue()
        return try db.writeWithoutTransaction { db in
            try migrate(db, to: version)
            let required = try objects(db)
            guard version < 6 else { return (required, []) }
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS programme_image (id INTEGER PRIMARY KEY CHECK (id = 1),
                    sha256 TEXT NOT NULL, body BLOB NOT NULL)
                """)
            return (required, try objects(db).subtracting(required))
        }
    }

    /// The digest (`digest`) of what the migrations make for the current version. A workpaper of
    /// that version whose schema gives it is as made, found without replaying every migration in
    /// memory (18 M instructions, 4 ms at each open for writing); any other is compared object by
    /// object. A test works it out again from the migrations.
    static let madeDigest = "c743e92d58734ead6d6ff54903b93394195bdadd15c0ade7bf11ca139c5212ea"

    /// SHA-256 of the objects in their order, each field with its length.
    static func digest(_ objects: Set<Object>) -> String {
        var bytes: [UInt8] = []
        for o in objects.sorted() {
            for field in [o.type, o.name, o.table, o.sql] {
                guard let field else { bytes.append(UInt8(ascii: "-")); continue }
                bytes += "\(field.utf8.count):".utf8
                bytes += field.utf8
            }
        }
        return FileHash.hex(SHA256.hash(data: bytes))
    }

    /// Every difference from what aimsaudit makes, objects that are not ours first; empty when
    /// the schema is as made.
    static func differences(_ db: Database, version: Int) throws -> [String] {
        let present = try objects(db)
        if version == Self.version, digest(present) == madeDigest { return [] }
        let made = try made(version: version)
        let ours = made.required.union(made.optional)
        let names = Dictionary(ours.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var foreign: [String] = [], changed: [String] = [], missing: [String] = []
        for object in present.subtracting(ours).sorted() {
            if let mine = names[object.name], mine.type == object.type {
                changed.append("the \(object.described) is not as aimsaudit makes it (\(sqlText(object.sql)) instead of \(sqlText(mine.sql)))")
            } else {
                foreign.append("the workpaper holds a \(object.described) that aimsaudit does not make: \(sqlText(object.sql))")
            }
        }
        for object in made.required.subtracting(present).sorted() where !present.contains(where: { $0.name == object.name }) {
            missing.append("the workpaper has no \(object.described), which aimsaudit makes")
        }
        return foreign + changed + missing
    }

    /// SQL in one line, cut to a length a message can carry.
    static func sqlText(_ sql: String?) -> String {
        guard let sql else { return "no SQL" }
        let line = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 100 ? "`\(line.prefix(100))…`" : "`\(line)`"
    }
}
