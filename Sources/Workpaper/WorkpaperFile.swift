import AuditCore
import Crypto
import Foundation
import GRDB

/// A workpaper: one SQLite file holding the programme snapshot, the derived checklist and
/// verdicts, the hash-chained journal of everything recorded, and state tables derived from it.
///
/// Made in WorkpaperCreate, opened in WorkpaperOpen, appended to in Journal, written back after
/// its folder went away in Restore, checked in Verify.
public final class WorkpaperFile {
    public let path: String
    public let programme: Programme
    public let audit: Audit
    /// The checklist and verdicts, derived by `AuditCore` from the programme snapshot.
    public let analysis: AuditAnalysis
    public let programmeName: String
    public internal(set) var state: WorkpaperState
    public internal(set) var head: (seq: Int, hash: String)
    var db: DatabaseQueue
    var lock: WriterLock?
    /// The file's device and inode when opened: a save checks the path still names this file.
    var identity: FileIdentity?
    /// Who recorded on which item, kept up to date once known (the report asks for it).
    var knownRecorders: [ItemKey: Set<String>]?
    /// SQLite's `data_version` when the journal was last read: it changes when another
    /// connection commits.
    var seenVersion: Int?
    /// The public keys the programme snapshot lists (see Keys.swift), once read.
    var keyCache: [String: Curve25519.Signing.PublicKey]?

    /// True when the `.aimsaudit` file alone holds every saved event, so that a copy of it made
    /// now (`cp`, a mail attachment) is complete. A commit first goes to SQLite's write-ahead log
    /// beside the file (`NAME.aimsaudit-wal`), and each save then copies it into the file; that
    /// copy stops short only while another process still reads the state from before the save,
    /// and `catchUp` finishes it.
    public internal(set) var fileHoldsAll = true

    public static let toolVersion = "0.2.0"
    public static let genesisHash = String(repeating: "0", count: 64)
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    init(path: String, db: DatabaseQueue, programme: Programme, audit: Audit, name: String,
         state: WorkpaperState, head: (seq: Int, hash: String), lock: WriterLock?, analysis: AuditAnalysis? = nil) {
        self.path = path
        self.db = db
        self.programme = programme
        self.audit = audit
        self.programmeName = name
        self.analysis = analysis ?? Derive.analyse(audit, in: programme, adding: state.carriedItems)
        self.state = state
        self.head = head
        self.lock = lock
        self.identity = FileIdentity(path)
    }

    deinit { lock?.release() }

    /// Ends writing: closes the database (SQLite then folds its write-ahead log into the file and
    /// removes it, unless someone else still reads it) and releases the lock.
    public func close() {
        try? db.close()
        lock?.release()
        lock = nil
    }

    /// How every workpaper connection is opened. A workpaper may come from elsewhere (a mail, a
    /// shared folder), so SQLite is told not to trust its schema: no function a planted view or
    /// trigger names runs unless SQLite marks it harmless, and the connection cannot be used to
    /// rewrite the schema's own table (`SQLITE_DBCONFIG_DEFENSIVE`). Objects that are not ours
    /// are refused before anything is written (see `foreignObjects`).
    static func configuration(readOnly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA trusted_schema = OFF")
            SQLiteDefensive.enable(db.sqliteConnection)
        }
        return config
    }

    /// The first 16 bytes of the file, nil when it cannot be read.
    static func leadingBytes(_ path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let data: Data? = (try? handle.read(upToCount: 16)) ?? nil
        return Array(data ?? Data())
    }

    /// True when the file starts like a SQLite database (a workpaper, or something that must be refused as one).
    public static func looksLikeWorkpaper(_ path: String) -> Bool {
        leadingBytes(path) == sqliteHeader
    }

    /// Puts a connection that writes in the write-ahead log mode, with every commit on the disk
    /// before it returns (GRDB leaves WAL databases at NORMAL; a saved record must survive a
    /// power cut).
    static func prepareForWriting(_ db: Database) throws {
        try db.execute(sql: "PRAGMA journal_mode = WAL")
        try db.execute(sql: "PRAGMA synchronous = FULL")
    }
}
