import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// Where the state comes from: folding the whole journal (every event read and checked; the
    /// programme parsed and the checklist derived), or the tables written beside it in the same
    /// transactions (the screen: the items' records without their evidence, which is read for the
    /// item shown; the audit from the facts kept with the checklist; the programme parsed only
    /// when something asks for it). `verify` proves the tables agree with the journal and the snapshot.
    public enum StateSource: Sendable { case journal, tables }

    /// Opens a workpaper; `forWriting` takes the single-writer lock first (75 when someone holds it).
    /// An event that cannot be read refuses the open, unless `tolerant` (for `verify`, which names it).
    /// A workpaper whose schema is not as aimsaudit makes it (a planted trigger or view) is never
    /// written to: opening it for writing is refused (65), and any other open only reads it.
    /// `screenFor`: opened for the screen of that person, which opens on the checklist's first
    /// `rows` (`firstRows`, read beside from now on) and reads the rest beside it (`restReader`).
    public static func open(_ path: String, forWriting: Bool = false, tolerant: Bool = false,
                            stateFrom: StateSource = .journal, screenFor me: String? = nil,
                            rows: Int = firstRowCount, begun: FirstRowsBegun? = nil) throws(WorkpaperError) -> WorkpaperFile {
        guard FileManager.default.fileExists(atPath: path) else { throw .noInput("cannot read \(path): no such file") }
        guard let header = leadingBytes(path) else { throw .noInput("cannot read \(path): permission denied") }
        guard header == sqliteHeader else {
            throw .notAWorkpaper("\(path) is not an aimsaudit workpaper (not a SQLite database); programme files are read by list and check, and turned into workpapers by new")
        }
        let lock = forWriting ? try writerLock(path) : nil
        do {
            let (opened, writable) = openName(path)
            let db = try DatabaseQueue(path: opened, configuration: configuration(readOnly: !writable))
            // The lock is on the file that was at the path; another put there meanwhile is not locked.
            if let lock, FileIdentity(path) != lock.workpaper {
                throw WorkpaperError.io("\(path) was replaced while it was being opened; open it again")
            }
            let version = try checkFormat(db, path)
            // The screen's first rows, begun before the open or now (unused if the workpaper is read whole).
            var first: FirstRead?
            if let me, stateFrom == .tables, version == Schema.version {
                // Begun on the file that is at the path now (the one locked, when it is).
                if let begun, begun.read.me == me, begun.read.count == rows, begun.opened == opened,
                   begun.file != nil, begun.file == (lock?.workpaper ?? FileIdentity(path)) {
                    first = begun.read
                } else {
                    first = readFirstRows(opened, path: path, me: me, rows: rows)
                }
            }
            // And whether the programme lists a key, which the screen asks before its terminal starts,
            // as the workpaper keeps it (one made before it kept it is looked through when asked).
            let keptKeys = me == nil ? nil : try db.read { db in
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [DerivedTables.keysKey])
            }
            // Checked before anything is written: a planted trigger would run on our writes (an
            // open that only reads writes nothing, and needs no check: `verify` makes its own).
            let alien = forWriting ? try db.read { db in try Schema.differences(db, version: version) } : []
            if !alien.isEmpty {
                throw WorkpaperError.notAWorkpaper("\(path) is not written to: \(alien.joined(separator: "; ")); run `aimsaudit verify \(path)`")
            }
            // Only the writer (holding the lock) writes: a command that reads never changes the file it reads.
            let writes = lock != nil
            if writes {
                try db.writeWithoutTransaction { db in
                    try prepareForWriting(db)
                    if version < Schema.version { try Schema.migrate(db) }
                }
            }
            // The audit as event 1 recorded it (`verify` holds the snapshot's row to it): the row's
            // own column comes after the snapshot's text, and reading it goes through the whole text
            // (2 MB at 10,000 items).
            let (name, auditID) = try db.read { db -> (String, String) in
                guard let name = try String.fetchOne(db, sql: "SELECT name FROM programme WHERE id = 1") else {
                    throw WorkpaperError.notAWorkpaper("\(path) has no programme snapshot")
                }
                // (An event 1 that cannot be read is left to `verify`, which opens it to say so.)
                let created = (try? createdEvent(db)) ?? nil
                return (name, try created?.audit ?? String.fetchOne(db, sql: "SELECT audit FROM programme WHERE id = 1") ?? "")
            }
            // From the tables: the audit as the facts kept with the checklist give it. An older
            // workpaper, or one whose facts cannot be read, is read from its snapshot and journal
            // (`verify` names what is wrong with the facts).
            let facts = stateFrom == .tables && version == Schema.version ? try db.read { db in try storedFacts(db) } : nil
            var file: WorkpaperFile
            if let facts, facts.audit.id == auditID {
                // The screen opens on its first rows, read beside while its terminal starts
                // (`firstRows`); the items' records beside the screen once its first frame is up
                // (`restReader`), or when first asked for.
                let (state, head) = me == nil ? try db.read { db in try stateFromTables(db, evidence: false) } : (WorkpaperState(), (0, genesisHash))
                file = WorkpaperFile(path: path, db: db, programme: nil, audit: facts.audit, name: name,
                                     state: state, head: head, lock: lock)
                file.readFromTables = true
                file.openedAs = opened
                file.facts = facts
                if let me {
                    file.stateUnread = true
                    file.firstRead = first ?? readFirstRows(opened, path: path, me: me, rows: rows)
                }
            } else {
                let text = try db.read { db in try String.fetchOne(db, sql: "SELECT source FROM programme WHERE id = 1") } ?? ""
                let (programme, audit) = try parseSnapshot(text, path: path, name: name, auditID: auditID)
                if stateFrom == .tables, version == Schema.version || writes {
                    // Tables upgraded by this writer, or whose facts cannot be read: all of their state.
                    let (state, head) = try db.read { db in try stateFromTables(db, evidence: true) }
                    file = WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                         state: state, head: head, lock: lock)
                } else {
                    let (state, head, recorders) = try db.read { db in try foldJournal(db, path, tolerant: tolerant) }
                    file = WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                         state: state, head: head, lock: lock)
                    // Who recorded what is known only when every event could be read.
                    file.knownRecorders = recorders
                }
            }
            file.listsNoKey = keptKeys == "no"
            // A workpaper of an older schema gets what the upgrade added, derived from its snapshot.
            if writes, version < 6 {
                let derivation = file.derivation(file.state)
                try db.write { db in try DerivedTables.complete(derivation, db) }
            }
            // And who recorded what, from its journal.
            if writes, version < 8 { try file.fillProvenance() }
            // What an upgrade or an earlier writer left in the log goes into the file itself.
            if lock != nil { _ = checkpoint(db) }
            return file
        } catch let error as WorkpaperError {
            lock?.release()
            throw error
        } catch {
            lock?.release()
            throw .io("cannot open \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    /// The facts kept with the checklist, nil when they cannot be read.
    private static func storedFacts(_ db: Database) throws -> AuditFacts? {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [DerivedTables.factsKey]) else { return nil }
        return try? JSONDecoder().decode(AuditFacts.self, from: Data(text.utf8))
    }

    /// The single writer's lock, or why it cannot be had.
    private static func writerLock(_ path: String) throws(WorkpaperError) -> WriterLock {
        if let why = FileFault.unwritable(path) { throw .io("cannot write to \(path): \(why)") }
        do { return try WriterLock.acquire(for: path, now: timestamp(Date())) } catch {
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

    /// The state as the state tables hold it, without the evidence (read for an item when it is
    /// shown); the first event says how the workpaper was made.
    static func stateFromTables(_ db: Database, evidence: Bool) throws -> (WorkpaperState, (Int, String)) {
        let created = try createdEvent(db)
        let last = try lastEvent(db)
        var state = try StateTables.read(db, created: created, evidence: evidence)
        for c in try storedConflicts(db) { state.restore(c) }
        return (state, last)
    }

    /// How the workpaper was made, as its first event says.
    static func createdEvent(_ db: Database) throws -> EventBody.Created? {
        guard let first = try journalEntries(db, limit: 1).first,
              case .created(let c) = try EventCodec.decode(type: first.type, payload: first.payload) else { return nil }
        return c
    }

    /// The journal folded as it is read, event by event: neither its rows nor its decoded events
    /// are held all at once (95,000 of them in a large audit). Who recorded what comes with it,
    /// when every event could be read.
    private static func foldJournal(_ db: Database, _ path: String, tolerant: Bool) throws
        -> (WorkpaperState, (Int, String), [ItemKey: Set<String>]?) {
        if let shared = try sharedFold(db, path, tolerant: tolerant) { return shared }
        var state = WorkpaperState(), recorders: [ItemKey: Set<String>] = [:]
        // As large as the tables say it will be (a hint: the journal decides what it holds).
        let sizes = (try? Row.fetchOne(db, sql: "SELECT (SELECT count(*) FROM item_state), (SELECT count(*) FROM evidence)")) ?? nil
        state.reserve(items: sizes?[0] ?? 0, evidence: sizes?[1] ?? 0)
        var head = (0, genesisHash), unreadable = 0
        try TableRows.each(db, "SELECT seq, actor, type, payload, hash FROM journal ORDER BY seq") { c in
            head = (c.int(0), c.text(4))
            let body: EventBody
            do { body = try EventCodec.decode(type: c.text(2), payload: c.text(3)) } catch {
                if !tolerant {
                    throw Self.unreadable(path, event: c.int(0), error)
                }
                unreadable += 1
                return
            }
            state.apply(body, by: c.text(1))
            note(body, by: c.text(1), in: &recorders, state: state)
        }
        return (state, head, unreadable == 0 ? recorders : nil)
    }

    /// Why a workpaper is refused when one of its events cannot be read.
    static func unreadable(_ path: String, event seq: Int, _ error: Error) -> WorkpaperError {
        .notAWorkpaper("\(path): journal event \(seq) cannot be read (\(error)); run `aimsaudit verify \(path)`")
    }

    /// The name SQLite opens the workpaper by, and whether it is opened for writing.
    static func openName(_ path: String) -> (name: String, writable: Bool) {
        let writable = FileManager.default.isWritableFile(atPath: path) && FileFault.unwritable(path) == nil
        return (writable ? path : readOnlyName(path), writable)
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
