import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// Where the state comes from: folding the whole journal (every event read and checked), or
    /// the state tables written beside it in the same transactions (fast; for the screen).
    public enum StateSource: Sendable { case journal, tables }

    /// Where the programme comes from: the snapshot parsed (the default), or the decoded image kept
    /// beside it when it was made from this very snapshot (the screen; see `ProgrammeImage`).
    public enum ProgrammeSource: Sendable { case snapshot, image }

    /// Opens a workpaper; `forWriting` takes the single-writer lock first (75 when someone holds it).
    /// An event that cannot be read refuses the open, unless `tolerant` (for `verify`, which names it).
    /// A workpaper whose schema is not as aimsaudit makes it (a planted trigger or view) is never
    /// written to: opening it for writing is refused (65), and any other open only reads it.
    public static func open(_ path: String, forWriting: Bool = false, tolerant: Bool = false,
                            stateFrom: StateSource = .journal,
                            programmeFrom: ProgrammeSource = .snapshot) throws(WorkpaperError) -> WorkpaperFile {
        guard FileManager.default.fileExists(atPath: path) else { throw .noInput("cannot read \(path): no such file") }
        guard let header = leadingBytes(path) else { throw .noInput("cannot read \(path): permission denied") }
        guard header == sqliteHeader else {
            throw .notAWorkpaper("\(path) is not an aimsaudit workpaper (not a SQLite database); programme files are read by list and check, and turned into workpapers by new")
        }
        let lock = forWriting ? try writerLock(path) : nil
        do {
            let writable = FileManager.default.isWritableFile(atPath: path) && FileFault.unwritable(path) == nil
            let db = try DatabaseQueue(path: writable ? path : readOnlyName(path), configuration: configuration(readOnly: !writable))
            // The lock is on the file that was at the path; another put there meanwhile is not locked.
            if let lock, FileIdentity(path) != lock.workpaper {
                throw WorkpaperError.io("\(path) was replaced while it was being opened; open it again")
            }
            let version = try checkFormat(db, path)
            // Checked before anything is written: a planted trigger would run on our writes.
            let alien = try db.read { db in try Schema.differences(db, version: version) }
            if !alien.isEmpty, forWriting {
                throw WorkpaperError.notAWorkpaper("\(path) is not written to: \(alien.joined(separator: "; ")); run `aimsaudit verify \(path)`")
            }
            // Only the writer (holding the lock) writes: a command that reads never changes the file it reads.
            let writes = lock != nil && alien.isEmpty
            if writes {
                try db.writeWithoutTransaction { db in
                    try prepareForWriting(db)
                    if version < Schema.version { try Schema.migrate(db) }
                }
            }
            let (programme, audit, name) = try loadProgramme(db, path, from: programmeFrom,
                                                             store: lock != nil && writes && version == Schema.version)
            if writes {
                // Workpapers made before the first frame was kept get it now (the next open is quicker).
                try? db.write { db in
                    try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                   arguments: [FirstFrame.metaKey, FirstFrame.header(programme, audit)])
                }
            }
            // What an upgrade or an earlier writer left in the log goes into the file itself.
            if lock != nil { _ = checkpoint(db) }
            // An older workpaper opened read-only keeps its older tables: its state comes from the journal.
            if stateFrom == .tables, version == Schema.version || writes {
                let (state, head) = try db.read { db in try stateFromTables(db) }
                return WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                     state: state, head: head, lock: lock)
            }
            let (state, head, recorders) = try db.read { db in try foldJournal(db, path, tolerant: tolerant) }
            let file = WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                     state: state, head: head, lock: lock)
            // Who recorded what is known only when every event could be read.
            file.knownRecorders = recorders
            return file
        } catch let error as WorkpaperError {
            lock?.release()
            throw error
        } catch {
            lock?.release()
            throw .io("cannot open \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    /// The single writer's lock, or why it cannot be had.
    private static func writerLock(_ path: String) throws(WorkpaperError) -> WriterLock {
        if let why = FileFault.unwritable(path) { throw .io("cannot write to \(path): \(why)") }
        do { return try WriterLock.acquire(for: path, now: timestamp()) } catch {
            switch error {
            case .held(let holder): throw .locked(path, holder)
            case .cannotCreate(let why): throw .io("cannot write to \(path): \(FileFault.unwritable(path) ?? why)")
            }
        }
    }

    /// The schema version, once the file is known to be a workpaper this version can read.
    private static func checkFormat(_ db: DatabaseQueue, _ path: String) throws -> Int {
        let (appID, version) = try db.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
        guard appID == Schema.applicationID else {
            throw WorkpaperError.notAWorkpaper("\(path) is a SQLite database but not an aimsaudit workpaper")
        }
        guard version <= Schema.version else {
            throw WorkpaperError.notAWorkpaper("\(path) was made by a newer aimsaudit (workpaper schema \(version); this version reads up to \(Schema.version)); upgrade aimsaudit")
        }
        return version
    }

    /// The programme, from the snapshot or its decoded image; `store` keeps an image made now.
    private static func loadProgramme(_ db: DatabaseQueue, _ path: String, from source: ProgrammeSource,
                                      store: Bool) throws -> (Programme, Audit, String) {
        let (text, name, auditID, image) = try db.read { db -> (String, String, String, (sha256: String, body: [UInt8])?) in
            guard let row = try Row.fetchOne(db, sql: "SELECT source, name, audit FROM programme WHERE id = 1") else {
                throw WorkpaperError.notAWorkpaper("\(path) has no programme snapshot")
            }
            return (row["source"], row["name"], row["audit"], source == .image ? try ProgrammeImage.stored(in: db) : nil)
        }
        let programme: Programme
        let sha = source == .image ? FileHash.sha256(text) : ""
        if let image, image.sha256 == sha, let decoded = ProgrammeImage.decode(image.body) {
            programme = decoded
        } else {
            do { programme = try ProgrammeLoader.parse(text, path: "\(path) (programme snapshot \(name))") } catch {
                throw WorkpaperError.notAWorkpaper("the programme snapshot in \(path) no longer reads:\n\(error.description)")
            }
            // Made once (by whoever holds the writer's lock), the next open of the screen is quicker.
            if source == .image, store {
                try? db.write { db in try ProgrammeImage.store(programme, of: sha, in: db) }
            }
        }
        guard let audit = programme.audit(auditID) else {
            throw WorkpaperError.notAWorkpaper("the programme snapshot in \(path) has no audit \(auditID)")
        }
        return (programme, audit, name)
    }

    /// The state as the state tables hold it; the first event says how the workpaper was made.
    private static func stateFromTables(_ db: Database) throws -> (WorkpaperState, (Int, String)) {
        let first = try journalEntries(db, limit: 1).first
        var created: EventBody.Created?
        if let first, case .created(let c) = try EventCodec.decode(type: first.type, payload: first.payload) { created = c }
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
        var state = try StateTables.read(db, created: created)
        for c in try storedConflicts(db) { state.restore(c) }
        return (state, last.map { ($0["seq"], $0["hash"]) } ?? (0, genesisHash))
    }

    /// The journal folded as it is read, event by event: neither its rows nor its decoded events
    /// are held all at once (95,000 of them in a large audit). Who recorded what comes with it,
    /// when every event could be read.
    private static func foldJournal(_ db: Database, _ path: String, tolerant: Bool) throws
        -> (WorkpaperState, (Int, String), [ItemKey: Set<String>]?) {
        if let shared = try sharedFold(db, path, tolerant: tolerant) { return shared }
        var state = WorkpaperState(), recorders: [ItemKey: Set<String>] = [:]
        var head = (0, genesisHash), unreadable = 0
        try RawRows.each(db, "SELECT seq, actor, type, payload, hash FROM journal ORDER BY seq") { c in
            head = (c.int(0), c.text(4))
            let body: EventBody
            do { body = try EventCodec.decode(type: c.text(2), payload: c.text(3)) } catch {
                if !tolerant {
                    throw WorkpaperError.notAWorkpaper("\(path): journal event \(c.int(0)) cannot be read (\(error)); run `aimsaudit verify \(path)`")
                }
                unreadable += 1
                return
            }
            state.apply(body)
            note(body, by: c.text(1), in: &recorders, state: state)
        }
        return (state, head, unreadable == 0 ? recorders : nil)
    }

    /// The name to open a workpaper by when it may not be written. SQLite reads a WAL database
    /// only with a shared-memory file beside it, which a read-only folder (a write-protected
    /// stick, a read-only mount) cannot take; a workpaper closed cleanly has nothing in its WAL,
    /// so it is then opened as an immutable file.
    static func readOnlyName(_ path: String) -> String {
        let fm = FileManager.default
        let walEmpty = ((try? fm.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0) == 0
        guard FileFault.folderUnwritable(path) != nil, !fm.fileExists(atPath: path + "-shm"), walEmpty else { return path }
        let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        return "file:\(escaped)?immutable=1"
    }
}
