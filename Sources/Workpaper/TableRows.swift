import GRDB

/// Rows read in order, each column by its position, for the tables read whole (the journal, the
/// state tables, the checklist): one GRDB cursor, whose row is reused from row to row. (Reading
/// them through SQLite's C interface saved 5% of the open's instructions and nothing of
/// export's time, so it went: docs/performance.md.) Text is read up to a zero byte, as it is
/// written; a record never holds one (`Recorder.validate`, rule TEXT).
enum TableRows {
    /// The columns of the current row.
    struct Columns {
        let row: Row
        /// The column's text; empty for NULL.
        func text(_ i: Int32) -> String { row[Int(i)] ?? "" }
        func optionalText(_ i: Int32) -> String? { row[Int(i)] }
        func int(_ i: Int32) -> Int { row[Int(i)] ?? 0 }
        func double(_ i: Int32) -> Double { row[Int(i)] ?? 0 }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `sql` (with one optional text parameter) and hands each row to `row`. The statement
    /// is kept, compiled, with the connection: the report reads an item's references 20,000
    /// times at 10,000 items.
    static func each(_ db: Database, _ sql: String, _ bind: String? = nil, _ row: (Columns) throws -> Void) throws {
        try each(db, sql, arguments: bind.map { [$0] } ?? StatementArguments(), row)
    }

    /// The same with any arguments.
    static func each(_ db: Database, _ sql: String, arguments: StatementArguments, _ row: (Columns) throws -> Void) throws {
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
        while let r = try rows.next() { try row(Columns(row: r)) }
    }

    /// `?, ?, …`: the places of `count` arguments in an `IN (…)` list.
    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ",") }
}
