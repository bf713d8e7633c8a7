import GRDB
import GRDBSQLite

/// Rows read straight from SQLite, for the tables read whole at every open (tens of thousands of
/// rows): GRDB's row objects cost microseconds each, the C interface a fraction of that.
enum RawRows {
    /// The columns of the current row of a statement.
    struct Columns {
        let statement: OpaquePointer
        /// The column's text whole, by its length (a zero byte inside does not end it).
        func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(statement, i) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i))), as: UTF8.self)
        }
        func optionalText(_ i: Int32) -> String? { sqlite3_column_type(statement, i) == SQLITE_NULL ? nil : text(i) }
        func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }
        func double(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `sql` (with one optional text parameter) and hands each row to `row`.
    static func each(_ db: Database, _ sql: String, _ bind: String? = nil, _ row: (Columns) throws -> Void) throws {
        guard let connection = db.sqliteConnection else { throw Failure(description: "the database is closed") }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw Failure(description: String(cString: sqlite3_errmsg(connection)))
        }
        defer { sqlite3_finalize(statement) }
        // SQLITE_TRANSIENT: SQLite copies the text.
        if let bind { sqlite3_bind_text(statement, 1, bind, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)) }
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: try row(Columns(statement: statement))
            case SQLITE_DONE: return
            default: throw Failure(description: String(cString: sqlite3_errmsg(connection)))
            }
        }
    }
}
