import AuditCore
import Foundation
import GRDB

/// What the workpaper keeps of its audit as `AuditCore` derives it from the programme snapshot:
/// the checklist (each row with the item screen's detail), the verdicts, and the facts the
/// screen shows beside them. Kept so that the screen opens from the tables alone.
struct Derivation: Sendable {
    let analysis: AuditAnalysis
    let requirements: [String: RequirementInfo]
    let facts: AuditFacts
    /// The checklist's items' results in earlier audits, from the programme's history.
    let earlier: [String: [EarlierResult]]

    init(_ programme: Programme, _ analysis: AuditAnalysis) {
        self.analysis = analysis
        requirements = programme.requirementIndex()
        facts = AuditFacts(programme, audit: analysis.audit)
        earlier = Self.earlier(programme, analysis)
    }

    /// The history's results of the checklist's items, by item key.
    static func earlier(_ programme: Programme, _ analysis: AuditAnalysis) -> [String: [EarlierResult]] {
        let found = Recurrence.fromHistory(programme.history, before: analysis.audit, items: Set(analysis.checklist.map(\.key)))
        return Dictionary(uniqueKeysWithValues: found.map { ($0.key.description, $0.value) })
    }

    /// The facts as `meta` keeps them.
    var factsText: String { DerivedTables.jsonText(facts) }
    /// The earlier results as `meta` keeps them.
    var earlierText: String { DerivedTables.jsonText(earlier) }
}

/// The `checklist` and `verdict` tables and the facts in `meta`: written when the workpaper is
/// made (or upgraded) and derived again from the snapshot by `verify`, which names any difference.
enum DerivedTables {
    struct Table: Sendable {
        let name: String
        let columns: [String]
        /// The columns that name a row in a message.
        let key: [Int]
        /// The order rows are compared in.
        let order: String
        let rows: @Sendable (Derivation) -> [[DatabaseValue]]
    }

    /// The key of the facts' row in `meta`.
    static let factsKey = "audit_facts"
    /// The key in `meta` of whether the programme snapshot lists a signing key ("yes" or "no"):
    /// the screen asks it before its terminal starts, and looking through the snapshot for one
    /// (2 MB at 10,000 items) held its first frame up 5–15 ms. Saves still read the keys from the
    /// snapshot itself.
    static let keysKey = "lists_keys"

    /// Whether the programme snapshot lists a key, as `meta` keeps it.
    static func listsKeys(_ db: Database) throws -> String { try Keys.listed(db) ? "yes" : "no" }
    /// The key of the items' earlier results in `meta` (what the item screen shows of the history);
    /// workpapers made before it was kept have none, and the screen reads their snapshot instead.
    static let earlierKey = "earlier_results"

    static func jsonText<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? EventCodec.encoder.encode(value)) ?? Data(), as: UTF8.self)
    }

    static let checklist = Table(
        name: "checklist",
        columns: ["position", "item", "requirement", "system", "title", "tier", "score", "i", "c", "f", "t", "d",
                  "owners", "auditor", "excluded"],
        key: [1], order: "position, item",
        rows: { derived in
            derived.analysis.checklist.enumerated().map { position, item in
                let w = item.weight
                return [(position + 1).databaseValue, item.key.description.databaseValue, item.requirement.databaseValue,
                        item.system.databaseValue, item.title.databaseValue, w.tier.rawValue.databaseValue,
                        w.score.databaseValue, w.I.databaseValue, w.C.databaseValue, w.F.databaseValue,
                        w.T.databaseValue, w.D.databaseValue,
                        item.owners.map(\.person).joined(separator: ",").databaseValue, item.auditor.databaseValue,
                        item.isExclusion.databaseValue]
            }
        })

    /// Each item's detail for the item screen (`ItemDetail`, JSON), apart from the checklist so
    /// that reading the checklist whole does not read them.
    static let itemDetail = Table(
        name: "item_detail", columns: ["item", "detail"], key: [0], order: "item",
        rows: { derived in
            derived.analysis.checklist.map { item -> [DatabaseValue] in
                [item.key.description.databaseValue,
                 jsonText(ItemDetail(item, requirement: derived.requirements[item.requirement])).databaseValue]
            }
            .sorted { bytes($0.prefix(1)).lexicographicallyPrecedes(bytes($1.prefix(1))) }
        })

    static let verdict = Table(
        name: "verdict", columns: ["auditor", "item", "rule", "level", "reason"], key: [0, 1, 2],
        order: "auditor, item, rule",
        rows: { derived in
            derived.analysis.verdicts.map {
                [$0.auditor.databaseValue, $0.item.description.databaseValue, $0.rule.rawValue.databaseValue,
                 $0.level.rawValue.databaseValue, $0.reason.databaseValue]
            }
            .sorted { bytes($0.prefix(3)).lexicographicallyPrecedes(bytes($1.prefix(3))) }
        })

    static let all = [checklist, verdict, itemDetail]

    /// Text values as SQLite's binary collation orders them (none holds a NUL).
    static func bytes(_ row: ArraySlice<DatabaseValue>) -> [UInt8] {
        row.flatMap { (String.fromDatabaseValue($0) ?? "").utf8 + [0] }
    }

    /// Writes the tables the schema has (a workpaper made at an older schema, for tests of
    /// upgrades, lacks the item details) and, with them, the facts.
    static func write(_ derived: Derivation, _ db: Database) throws {
        for table in all where try db.tableExists(table.name) { try insert(table, derived, db) }
        if try db.tableExists(itemDetail.name) { try writeFacts(derived, db) }
    }

    private static func insert(_ table: Table, _ derived: Derivation, _ db: Database) throws {
        let sql = "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES (\(table.columns.map { _ in "?" }.joined(separator: ", ")))"
        for row in table.rows(derived) {
            try db.execute(sql: sql, arguments: StatementArguments(row))
        }
    }

    private static func writeFacts(_ derived: Derivation, _ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [factsKey, derived.factsText])
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [keysKey, try listsKeys(db)])
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [earlierKey, derived.earlierText])
        try KeptTotals.writeChecklist(derived, db)
    }

    /// Fills what an upgrade from an older schema added: the items' details and the facts.
    static func complete(_ derived: Derivation, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM \(itemDetail.name)")
        try insert(itemDetail, derived, db)
        try writeFacts(derived, db)
    }

    /// The first difference of each table from what the snapshot gives, in words. An older
    /// schema read where it cannot be upgraded has fewer columns: the ones it has are compared.
    static func differences(from derived: Derivation, _ db: Database) throws -> [String] {
        var out: [String] = []
        for table in all where try db.tableExists(table.name) {
            let kept = try StateTables.presentColumns(table.columns, of: table.name, db)
            let expected = table.rows(derived).map { row in kept.map { row[$0] } }
            var actual: [[DatabaseValue]] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(kept.map { table.columns[$0] }.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)")
            while let row = try rows.next() { actual.append(kept.indices.map { row[$0] as DatabaseValue }) }
            let name = { (row: [DatabaseValue]) in table.key.map { StateTables.describe(row[kept.firstIndex(of: $0) ?? 0]) }.joined(separator: " / ") }
            if let difference = first(expected, actual, table, kept.map { table.columns[$0] }, name) { out.append(difference) }
        }
        return out
    }

    private static func first(_ expected: [[DatabaseValue]], _ actual: [[DatabaseValue]], _ table: Table, _ columns: [String],
                              _ name: ([DatabaseValue]) -> String) -> String? {
        for (i, row) in expected.enumerated() {
            guard i < actual.count else {
                return "table \(table.name) has no row for \(name(row)), which the programme snapshot gives"
            }
            if let c = columns.indices.first(where: { actual[i][$0] != row[$0] }) {
                return "table \(table.name), row \(name(row)): \(columns[c]) is \(StateTables.describe(actual[i][c])) but the programme snapshot gives \(StateTables.describe(row[c]))"
            }
        }
        if actual.count > expected.count {
            return "table \(table.name) has a row for \(name(actual[expected.count])) that the programme snapshot does not give"
        }
        return nil
    }
}
