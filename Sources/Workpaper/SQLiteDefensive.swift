import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SQLite's defensive mode on one connection: the schema's own table cannot be written through
/// it (`PRAGMA writable_schema` does nothing) nor the database otherwise damaged by plain SQL.
///
/// `sqlite3_db_config` takes variable arguments, which Swift cannot call, and GRDB wraps only
/// its other uses. On Linux (x86-64 and AArch64) a variadic function taking integers and a
/// pointer receives them exactly as a fixed-argument one would, so it is called through that
/// type, looked up in the SQLite library the process already uses. Elsewhere this does nothing.
enum SQLiteDefensive {
    private typealias DBConfig = @convention(c) (OpaquePointer?, Int32, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    private static let defensive: Int32 = 1010 // SQLITE_DBCONFIG_DEFENSIVE

    private static let dbConfig: DBConfig? = {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        // A null handle is RTLD_DEFAULT: every library the process has loaded.
        guard let symbol = dlsym(nil, "sqlite3_db_config") else { return nil }
        return unsafeBitCast(symbol, to: DBConfig.self)
        #else
        return nil
        #endif
    }()

    /// Turns defensive mode on; true when the connection now reports it on.
    @discardableResult
    static func enable(_ connection: OpaquePointer?) -> Bool {
        guard let dbConfig, let connection else { return false }
        var now: Int32 = 0
        _ = dbConfig(connection, defensive, 1, &now)
        return now == 1
    }

    /// Whether the connection is in defensive mode (-1 asks without changing it).
    static func isOn(_ connection: OpaquePointer?) -> Bool {
        guard let dbConfig, let connection else { return false }
        var now: Int32 = 0
        _ = dbConfig(connection, defensive, -1, &now)
        return now == 1
    }
}
