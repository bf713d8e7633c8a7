import AuditCore
import GRDB

/// The `checklist` and `verdict` tables: what `AuditCore` derives from the programme snapshot,
/// written when the workpaper is made and compared again by `verify`.
enum DerivedTables {
    struct Table: Sendable {
        let name: String
        let columns: [String]
        /// The columns that name a row in a message.
        let key: [Int]
        /// The order rows are compared in.
        let order: String
        let rows: @Sendable (AuditAnalysis) -> [[DatabaseValue]]
    }

    static let checklist = Table(
        name: "checklist",
        columns: ["position", "item", "requirement", "system", "title", "tier", "score", "i", "c", "f", "t", "d",
                  "owners", "auditor", "excluded"],
        key: [1], order: "position, item",
        rows: { analysis in
            analysis.checklist.enumerated().map { position, item in
                let w = item.weight
                return [(position + 1).databaseValue, item.key.description.databaseValue, item.requirement.databaseValue,
                        item.system.databaseValue, item.title.databaseValue, w.tier.rawValue.databaseValue,
                        w.score.databaseValue, w.I.databaseValue, w.C.databaseValue, w.F.databaseValue,
                        w.T.databaseValue, w.D.databaseValue,
                        item.owners.map(\.person).joined(separator: ",").databaseValue, item.auditor.databaseValue,
                        item.isExclusion.databaseValue]
            }
        })

    static let verdict = Table(
        name: "verdict", columns: ["auditor", "item", "rule", "level", "reason"], key: [0, 1, 2],
        order: "auditor, item, rule",
        rows: { analysis in
            analysis.verdicts.map {
                [$0.auditor.databaseValue, $0.item.description.databaseValue, $0.rule.rawValue.databaseValue,
                 $0.level.rawValue.databaseValue, $0.reason.databaseValue]
            }
            .sorted { bytes($0.prefix(3)).lexicographicallyPrecedes(bytes($1.prefix(3))) }
        })

    static let all = [checklist, verdict]

    /// Text values as SQLite's binary collation orders them (none holds a NUL).
    static func bytes(_ row: ArraySlice<DatabaseValue>) -> [UInt8] {
        row.flatMap { (String.fromDatabaseValue($0) ?? "").utf8 + [0] }
    }

    static func write(_ analysis: AuditAnalysis, _ db: Database) throws {
        for table in all {
            let sql = "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES (\(table.columns.map { _ in "?" }.joined(separator: ", ")))"
            for row in table.rows(analysis) {
                try db.execute(sql: sql, arguments: StatementArguments(row))
            }
        }
    }

    /// The first difference of each table from what the snapshot gives, in words.
    static func differences(from analysis: AuditAnalysis, _ db: Database) throws -> [String] {
        var out: [String] = []
        for table in all {
            let expected = table.rows(analysis)
            var actual: [[DatabaseValue]] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT \(table.columns.joined(separator: ", ")) FROM \(table.name) ORDER BY \(table.order)")
            while let row = try rows.next() { actual.append(table.columns.indices.map { row[$0] as DatabaseValue }) }
            let name = { (row: [DatabaseValue]) in table.key.map { StateTables.describe(row[$0]) }.joined(separator: " / ") }
            if let difference = first(expected, actual, table, name) { out.append(difference) }
        }
        return out
    }

    private static func first(_ expected: [[DatabaseValue]], _ actual: [[DatabaseValue]], _ table: Table,
                              _ name: ([DatabaseValue]) -> String) -> String? {
        for (i, row) in expected.enumerated() {
            guard i < actual.count else {
                return "table \(table.name) has no row for \(name(row)), which the programme snapshot gives"
            }
            if let c = table.columns.indices.first(where: { actual[i][$0] != row[$0] }) {
                return "table \(table.name), row \(name(row)): \(table.columns[c]) is \(StateTables.describe(actual[i][c])) but the programme snapshot gives \(StateTables.describe(row[c]))"
            }
        }
        if actual.count > expected.count {
            return "table \(table.name) has a row for \(name(actual[expected.count])) that the programme snapshot does not give"
        }
        return nil
    }
}
