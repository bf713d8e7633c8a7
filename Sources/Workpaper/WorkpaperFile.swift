import AuditCore
import Crypto
import Foundation
import GRDB

/// A workpaper: one SQLite file holding the programme snapshot, the derived checklist and
/// verdicts, the hash-chained journal of everything recorded, and state tables derived from it.
///
/// Made in WorkpaperCreate, opened in WorkpaperOpen, read for the screen in ScreenTables and for
/// the report in ReportReads, appended to in Journal, written back after its folder went away in
/// Restore, checked in Verify.
public final class WorkpaperFile {
    public let path: String
    /// The audit: from the snapshot, or when opened from the tables, from the facts kept beside them.
    public let audit: Audit
    public let programmeName: String
    /// The items' records (without their evidence when read from the tables: see `readEvidence`).
    /// The screen opens before they are read (`FirstRows`): they are then read when first asked for.
    public internal(set) var state: WorkpaperState {
        _read { settle(); yield storedState }
        _modify { settle(); yield &storedState }
    }
    /// The journal's last event, read with the state.
    public internal(set) var head: (seq: Int, hash: String) {
        _read { settle(); yield storedHead }
        _modify { settle(); yield &storedHead }
    }
    var storedState: WorkpaperState
    var storedHead: (seq: Int, hash: String)
    /// The state and head are still to be read (the screen's open: the screen reads them with
    /// `restReader` and takes them in with `take`; anything else that asks reads them then).
    var stateUnread = false
    var db: DatabaseQueue
    var lock: WriterLock?
    /// The file's device and inode when opened: a save checks the path still names this file.
    var identity: FileIdentity?
    /// Who recorded on which item, kept up to date once known (the report asks for it).
    var knownRecorders: [ItemKey: Set<String>]?
    /// SQLite's `data_version` when the journal was last read: it changes when another
    /// connection commits.
    var seenVersion: Int?
    private var parsed: Programme?
    private var derived: AuditAnalysis?
    /// The public keys the programme snapshot lists (see Keys.swift), once read.
    var keyCache: [String: Curve25519.Signing.PublicKey]?
    /// The workpaper keeps that its snapshot lists no signing key (`meta`, written when it was made;
    /// `verify` checks it): the screen need not look through the snapshot before it starts. A save
    /// still signs by the keys the snapshot itself lists.
    public internal(set) var listsNoKey = false
    /// The items' earlier results from the history (see EarlierResults.swift), once read.
    var earlierCache: [String: [EarlierResult]]?
    /// Every item's, as the JSON text kept in `meta`, once read beside the screen.
    var earlierRead: Beside<[String: String]>?
    /// The connection within `withinOneRead`.
    var held: Database?

    /// True when the `.aimsaudit` file alone holds every saved event, so that a copy of it made
    /// now (`cp`, a mail attachment) is complete. A commit first goes to SQLite's write-ahead log
    /// beside the file (`NAME.aimsaudit-wal`), and each save then copies it into the file; that
    /// copy stops short only while another process still reads the state from before the save,
    /// and `catchUp` finishes it.
    public internal(set) var fileHoldsAll = true

    public static let toolVersion = "0.2.0"
    public static let genesisHash = String(repeating: "0", count: 64)
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// `programme` nil: read from the snapshot when first asked for (`readProgramme`).
    init(path: String, db: DatabaseQueue, programme: Programme?, audit: Audit, name: String,
         state: WorkpaperState, head: (seq: Int, hash: String), lock: WriterLock?, analysis: AuditAnalysis? = nil) {
        self.path = path
        self.db = db
        self.parsed = programme
        self.audit = audit
        self.programmeName = name
        self.derived = analysis
        self.storedState = state
        self.storedHead = head
        self.lock = lock
        self.identity = FileIdentity(path)
    }

    /// The programme snapshot, parsed on first use. A workpaper opened with its state from the
    /// journal (every command but the screen) has it parsed already; the screen asks for it only
    /// for what needs it (the programme's cycle, an assignment proposal, the report) and calls
    /// `readProgramme` first, which says why it cannot be read.
    public var programme: Programme {
        if let parsed { return parsed }
        do { return try readProgramme() } catch { preconditionFailure("the programme of \(path) was used before it was read: \(error)") }
    }

    /// Opened with its state from the tables (see `StateSource`): its evidence is read per item.
    var readFromTables = false
    /// The screen's first rows, read beside from the open for the one named (`open`'s `screenFor`).
    var firstRead: FirstRead?
    /// The facts kept with the checklist, when opened from the tables.
    public internal(set) var facts: AuditFacts?
    /// The name the file was opened by (a read-only medium's is a URI): what a connection beside it opens.
    var openedAs = ""

    /// Parses the programme snapshot, once.
    @discardableResult
    public func readProgramme() throws(WorkpaperError) -> Programme {
        if let parsed { return parsed }
        let text: String?
        do { text = try db.read { db in try String.fetchOne(db, sql: "SELECT source FROM programme WHERE id = 1") } } catch {
            throw .io("cannot read the programme snapshot of \(path): \(error)")
        }
        let programme = try Self.parseSnapshot(text ?? "", path: path, name: programmeName, auditID: audit.id).programme
        parsed = programme
        return programme
    }

    static func parseSnapshot(_ text: String, path: String, name: String, auditID: String) throws(WorkpaperError) -> (programme: Programme, audit: Audit) {
        let programme: Programme
        do { programme = try ProgrammeLoader.parse(text, path: "\(path) (programme snapshot \(name))") } catch {
            throw .notAWorkpaper("the programme snapshot in \(path) no longer reads:\n\(error.description)")
        }
        guard let audit = programme.audit(auditID) else {
            throw .notAWorkpaper("the programme snapshot in \(path) has no audit \(auditID)")
        }
        return (programme, audit)
    }

    /// The checklist and verdicts, derived by `AuditCore` from the programme snapshot (once).
    public var analysis: AuditAnalysis {
        if let derived { return derived }
        let made = derivedAnalysis()
        derived = made
        return made
    }

    /// The same, not kept by the workpaper, with only the reasons `keepingReason` keeps (see
    /// `Derive.analyse`).
    public func derivedAnalysis(keepingReason: ((Verdict) -> Bool)? = nil) -> AuditAnalysis {
        derived ?? Derive.analyse(audit, in: programme, adding: state.carriedItems, keepingReason: keepingReason)
    }

    /// What the workpaper keeps of the derivation, made again from the snapshot (verify, upgrade).
    func derivation(_ folded: WorkpaperState) -> Derivation {
        Derivation(programme, Derive.analyse(audit, in: programme, adding: folded.carriedItems))
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
