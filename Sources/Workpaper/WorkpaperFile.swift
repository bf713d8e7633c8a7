import AuditCore
import Foundation
import GRDB

public enum WorkpaperError: Error, CustomStringConvertible {
    case noInput(String)
    case exists(String)
    case cannotCreate(String)
    case notAWorkpaper(String)
    case locked(String, LockHolder)
    case io(String)
    case badProgramme(LoadError)
    case usage(String)

    /// The sysexits code that says this.
    public var exitCode: Int32 {
        switch self {
        case .noInput: 66
        case .exists, .cannotCreate: 73
        case .notAWorkpaper: 65
        case .locked: 75
        case .io: 74
        case .badProgramme(let e): e.exitCode
        case .usage: 64
        }
    }

    /// The description without the program's name in front, for a status line.
    public var message: String {
        let d = description
        return d.hasPrefix("aimsaudit: ") ? String(d.dropFirst("aimsaudit: ".count)) : d
    }

    public var description: String {
        switch self {
        case .noInput(let m), .exists(let m), .cannotCreate(let m), .notAWorkpaper(let m), .io(let m), .usage(let m):
            return "aimsaudit: \(m)"
        case let .locked(path, holder):
            return "aimsaudit: \(path) is open for writing by \(holder.description); try again when it is closed (reading with list, check or export works meanwhile)"
        case .badProgramme(let e):
            return e.description
        }
    }
}

/// One row of the journal, as stored.
public struct JournalEntry: Sendable, Hashable {
    public var seq: Int
    public var id: String
    public var time: String
    public var actor: String
    public var type: String
    public var payload: String
    public var prevHash: String
    public var hash: String
}

/// A workpaper: one SQLite file holding the programme snapshot, the derived checklist and
/// verdicts, the hash-chained journal of everything recorded, and state tables derived from it.
public final class WorkpaperFile {
    public let path: String
    public let programme: Programme
    public let audit: Audit
    /// The checklist and verdicts, derived by `AuditCore` from the programme snapshot.
    public let analysis: AuditAnalysis
    public let programmeName: String
    public private(set) var state: WorkpaperState
    public private(set) var head: (seq: Int, hash: String)
    private(set) var db: DatabaseQueue
    private var lock: WriterLock?
    /// The file's device and inode when opened: a save checks the path still names this file.
    private var identity: FileIdentity?

    public static let genesisHash = String(repeating: "0", count: 64)
    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    private init(path: String, db: DatabaseQueue, programme: Programme, audit: Audit, name: String,
                 state: WorkpaperState, head: (seq: Int, hash: String), lock: WriterLock?) {
        self.path = path
        self.db = db
        self.programme = programme
        self.audit = audit
        self.programmeName = name
        self.analysis = Derive.analyse(audit, in: programme, adding: state.carriedItems)
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

    // MARK: - Time

    /// UTC with milliseconds, `2026-11-23T09:00:00.000Z`. Written by hand: making an
    /// ISO8601DateFormatter costs more than a save costs to commit, and a shared one is not safe
    /// across threads.
    static func timestamp(_ date: Date = Date()) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        let milliseconds = min(999, Int(((t - t.rounded(.down)) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds)
    }

    // MARK: - Creating

    /// Creates the workpaper of one audit of a programme file. Refuses to overwrite.
    @discardableResult
    /// `carrying`: earlier audits' open nonconformities, brought in as re-test items.
    public static func create(programmePath: String, auditID: String, at path: String, actor: String? = nil,
                              carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) -> WorkpaperFile {
        try build(programmePath: programmePath, auditID: auditID, at: path, actor: actor, carrying: carrying)
        return try open(path)
    }

    /// Makes the file; `upToSchema` leaves it at an older schema version (for tests of migration).
    static func build(programmePath: String, auditID: String, at path: String, actor: String? = nil,
                      upToSchema: Int? = nil, carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) {
        if FileManager.default.fileExists(atPath: path) {
            throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper (choose another name with -o)")
        }
        let programme: Programme
        do { programme = try ProgrammeLoader.load(path: programmePath) } catch { throw .badProgramme(error) }
        guard let audit = programme.audit(auditID) else {
            let ids = programme.audits.map(\.id)
            throw .usage("unknown audit '\(auditID)' in \(programmePath)\(Suggest.hint(for: auditID, in: ids)); its audits are \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
        }
        let creator = actor ?? audit.lead
        guard programme.person(creator) != nil else {
            throw .usage("unknown person '\(creator)'\(Suggest.hint(for: creator, in: programme.people.map(\.id)))")
        }
        guard let source = FileManager.default.contents(atPath: programmePath) else {
            throw .noInput("cannot read \(programmePath)")
        }
        let text = String(decoding: source, as: UTF8.self)
        let textSHA = FileHash.sha256(text)
        let name = URL(fileURLWithPath: programmePath).lastPathComponent
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).creating-\(getpid())").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        do {
            let db = try DatabaseQueue(path: temp, configuration: configuration())
            try db.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try Schema.migrate(db, to: upToSchema ?? Schema.version)
            }
            let analysis = Derive.analyse(audit, in: programme, adding: carrying.map(\.0))
            try db.write { db in
                try db.execute(sql: "INSERT INTO programme (id, name, sha256, source, audit) VALUES (1, ?, ?, ?, ?)",
                               arguments: [name, textSHA, text, audit.id])
                for (position, item) in analysis.checklist.enumerated() {
                    let w = item.weight
                    try db.execute(sql: """
                        INSERT INTO checklist (position, item, requirement, system, title, tier, score, i, c, f, t, d, owners, auditor, excluded)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [position + 1, item.key.description, item.requirement, item.system, item.title,
                                         w.tier.rawValue, w.score, w.I, w.C, w.F, w.T, w.D,
                                         item.owners.map(\.person).joined(separator: ","), item.auditor, item.isExclusion])
                }
                for v in analysis.verdicts {
                    try db.execute(sql: "INSERT INTO verdict (auditor, item, rule, level, reason) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [v.auditor, v.item.description, v.rule.rawValue, v.level.rawValue, v.reason])
                }
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('created', ?), ('tool', ?), (?, ?)",
                               arguments: [timestamp(), "aimsaudit \(toolVersion)", FirstFrame.metaKey, FirstFrame.header(programme, audit)])
                if upToSchema == nil { try ProgrammeImage.store(programme, of: textSHA, in: db) }
            }
            let file = WorkpaperFile(path: temp, db: db, programme: programme, audit: audit, name: name,
                                     state: WorkpaperState(), head: (0, genesisHash), lock: nil)
            _ = try file.appendUnlocked([.created(.init(audit: audit.id, programmeSHA256: textSHA,
                                                         programmeName: name, tool: "aimsaudit \(toolVersion)"))]
                                        + carrying.map { EventBody.carried(item: $0.0.description, $0.1) },
                                        actor: creator)
            try db.close()
        } catch let error as WorkpaperError {
            throw error
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
            throw .cannotCreate("cannot create \(path): \(error)")
        }
        // link() refuses an existing name, so a workpaper that appeared meanwhile is never replaced.
        if link(temp, path) != 0 {
            let code = errno
            // Filesystems without hard links: rename, after checking again that the name is free.
            if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP, !FileManager.default.fileExists(atPath: path),
               rename(temp, path) == 0 {
                return
            }
            try? FileManager.default.removeItem(atPath: temp)
            if code == EEXIST { throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper") }
            throw .cannotCreate("cannot create \(path): \(String(cString: strerror(code)))")
        }
        try? FileManager.default.removeItem(atPath: temp)
    }

    public static let toolVersion = "0.2.0"

    static func configuration(readOnly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(5)
        return config
    }

    // MARK: - Opening

    /// Opens a workpaper; `forWriting` takes the single-writer lock first (75 when someone holds it).
    /// An event that cannot be read refuses the open, unless `tolerant` (for `verify`, which names it).
    /// Where the state comes from: folding the whole journal (every event read and checked), or
    /// the state tables written beside it in the same transactions (fast; for the screen).
    public enum StateSource: Sendable { case journal, tables }

    /// Where the programme comes from: the snapshot parsed (the default), or the decoded image kept
    /// beside it when it was made from this very snapshot (the screen; see `ProgrammeImage`).
    public enum ProgrammeSource: Sendable { case snapshot, image }

    public static func open(_ path: String, forWriting: Bool = false, tolerant: Bool = false,
                            stateFrom: StateSource = .journal,
                            programmeFrom: ProgrammeSource = .snapshot) throws(WorkpaperError) -> WorkpaperFile {
        guard FileManager.default.fileExists(atPath: path) else { throw .noInput("cannot read \(path): no such file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .noInput("cannot read \(path): permission denied") }
        let data: Data? = (try? handle.read(upToCount: 16)) ?? nil
        let header = Array(data ?? Data())
        try? handle.close()
        guard header == sqliteHeader else {
            throw .notAWorkpaper("\(path) is not an aimsaudit workpaper (not a SQLite database); programme files are read by list and check, and turned into workpapers by new")
        }
        let lock: WriterLock?
        if forWriting {
            if let why = FileFault.unwritable(path) { throw .io("cannot write to \(path): \(why)") }
            do { lock = try WriterLock.acquire(for: path, now: timestamp()) } catch {
                switch error {
                case .held(let holder): throw .locked(path, holder)
                case .cannotCreate(let why): throw .io("cannot write to \(path): \(FileFault.unwritable(path) ?? why)")
                }
            }
        } else {
            lock = nil
        }
        do {
            let writable = FileManager.default.isWritableFile(atPath: path) && FileFault.unwritable(path) == nil
            let db = try DatabaseQueue(path: writable ? path : readOnlyName(path), configuration: configuration(readOnly: !writable))
            // The lock is on the file that was at the path; another put there meanwhile is not locked.
            if let lock, FileIdentity(path) != lock.workpaper {
                throw WorkpaperError.io("\(path) was replaced while it was being opened; open it again")
            }
            let (appID, version) = try db.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
            guard appID == Schema.applicationID else {
                throw WorkpaperError.notAWorkpaper("\(path) is a SQLite database but not an aimsaudit workpaper")
            }
            guard version <= Schema.version else {
                throw WorkpaperError.notAWorkpaper("\(path) was made by a newer aimsaudit (workpaper schema \(version); this version reads up to \(Schema.version)); upgrade aimsaudit")
            }
            if writable {
                try db.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    // GRDB leaves WAL databases at NORMAL; a saved record must survive a power cut.
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                    if version < Schema.version { try Schema.migrate(db) }
                }
            }
            let (source, name, auditID, image) = try db.read { db -> (String, String, String, (sha256: String, body: [UInt8])?) in
                guard let row = try Row.fetchOne(db, sql: "SELECT source, name, audit FROM programme WHERE id = 1") else {
                    throw WorkpaperError.notAWorkpaper("\(path) has no programme snapshot")
                }
                return (row["source"], row["name"], row["audit"], programmeFrom == .image ? try ProgrammeImage.stored(in: db) : nil)
            }
            let programme: Programme
            let sha = programmeFrom == .image ? FileHash.sha256(source) : ""
            if let image, image.sha256 == sha, let decoded = ProgrammeImage.decode(image.body) {
                programme = decoded
            } else {
                do { programme = try ProgrammeLoader.parse(source, path: "\(path) (programme snapshot \(name))") } catch {
                    throw WorkpaperError.notAWorkpaper("the programme snapshot in \(path) no longer reads:\n\(error.description)")
                }
                // Made once (by whoever holds the writer's lock), the next open of the screen is quicker.
                if programmeFrom == .image, lock != nil, writable, version == Schema.version {
                    try? db.write { db in try ProgrammeImage.store(programme, of: sha, in: db) }
                }
            }
            guard let audit = programme.audit(auditID) else {
                throw WorkpaperError.notAWorkpaper("the programme snapshot in \(path) has no audit \(auditID)")
            }
            if writable {
                // Workpapers made before the first frame was kept get it now (the next open is quicker).
                try? db.write { db in
                    try db.execute(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                                   arguments: [FirstFrame.metaKey, FirstFrame.header(programme, audit)])
                }
            }
            // What an upgrade or an earlier writer left in the log goes into the file itself.
            if lock != nil { _ = checkpoint(db) }
            // An older workpaper opened read-only keeps its older tables: its state comes from the journal.
            if stateFrom == .tables, version == Schema.version || writable {
                // The first event says how the workpaper was made; the tables hold the rest.
                let (state, head) = try db.read { db -> (WorkpaperState, (Int, String)) in
                    let first = try journalEntries(db, limit: 1).first
                    var created: EventBody.Created?
                    if let first, case .created(let c) = try EventCodec.decode(type: first.type, payload: first.payload) { created = c }
                    let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")
                    return (try StateTables.read(db, created: created), last.map { ($0["seq"], $0["hash"]) } ?? (0, genesisHash))
                }
                return WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                     state: state, head: head, lock: lock)
            }
            // The journal folded as it is read, event by event: neither its rows nor its decoded
            // events are held all at once (95,000 of them in a large audit).
            var state = WorkpaperState(), recorders: [ItemKey: Set<String>] = [:]
            var head = (0, genesisHash), unreadable = 0
            try db.read { db in
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
            }
            let file = WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                     state: state, head: head, lock: lock)
            // Who recorded what is known only when every event could be read.
            if unreadable == 0 { file.knownRecorders = recorders }
            return file
        } catch let error as WorkpaperError {
            lock?.release()
            throw error
        } catch {
            lock?.release()
            throw .io("cannot open \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
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

    /// True when the file starts like a SQLite database (a workpaper, or something that must be refused as one).
    public static func looksLikeWorkpaper(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let data: Data? = (try? handle.read(upToCount: 16)) ?? nil
        return Array(data ?? Data()) == sqliteHeader
    }

    /// Who recorded something on each item, from the journal.
    public func recorders() throws(WorkpaperError) -> [ItemKey: Set<String>] {
        if let knownRecorders { return knownRecorders }
        var out: [ItemKey: Set<String>] = [:]
        // Evidence is found by its id in the state as of each event, as the open's fold does.
        var asOf = WorkpaperState()
        for e in try journal() {
            guard let body = try? EventCodec.decode(type: e.type, payload: e.payload) else { continue }
            asOf.apply(body)
            Self.note(body, by: e.actor, in: &out, state: asOf)
        }
        knownRecorders = out
        return out
    }

    /// Who recorded on which item, kept up to date once known (the report asks for it).
    private var knownRecorders: [ItemKey: Set<String>]?

    static func note(_ body: EventBody, by actor: String, in out: inout [ItemKey: Set<String>], state: WorkpaperState) {
        // Carrying a finding over is the creator's act, not a result recorded on the item.
        if case .carried = body { return }
        var item = body.item
        if item == nil, case .evidenceEdited(let id, _) = body { item = state.evidence[id]?.item }
        if item == nil, case .evidenceRemoved(let id, _) = body { item = state.evidence[id]?.item }
        if let item, let key = ItemKey(item) { out[key, default: []].insert(actor) }
    }

    static func journalEntries(_ db: Database, after seq: Int = 0, limit: Int = -1) throws -> [JournalEntry] {
        var out: [JournalEntry] = []
        try RawRows.each(db, "SELECT seq, id, time, actor, type, payload, prev_hash, hash FROM journal WHERE seq > \(seq) ORDER BY seq LIMIT \(limit)") { c in
            out.append(JournalEntry(seq: c.int(0), id: c.text(1), time: c.text(2), actor: c.text(3), type: c.text(4),
                                    payload: c.text(5), prevHash: c.text(6), hash: c.text(7)))
        }
        return out
    }

    /// Who did what when, without the payloads: what a report says of the journal.
    public func journalOutline() throws(WorkpaperError) -> [(seq: Int, time: String, actor: String, type: String)] {
        var out: [(seq: Int, time: String, actor: String, type: String)] = []
        do {
            try db.read { db in
                try RawRows.each(db, "SELECT seq, time, actor, type FROM journal ORDER BY seq") { c in
                    out.append((c.int(0), c.text(1), c.text(2), c.text(3)))
                }
            }
        } catch {
            throw .io("cannot read the journal of \(path): \(error)")
        }
        return out
    }

    /// The journal, or the part of it after event `seq`.
    public func journal(after seq: Int = 0) throws(WorkpaperError) -> [JournalEntry] {
        do { return try db.read { db in try Self.journalEntries(db, after: seq) } } catch { throw .io("cannot read the journal of \(path): \(error)") }
    }

    // MARK: - Appending

    /// The hash of one journal row: SHA-256 over its fields, each written as `LENGTH:VALUE\n`.
    public static func chainHash(seq: Int, id: String, time: String, actor: String, type: String,
                                 payload: String, prevHash: String) -> String {
        var text = "aimsaudit-journal-1\n"
        for field in [String(seq), id, time, actor, type, payload, prevHash] {
            text += "\(field.utf8.count):\(field)\n"
        }
        return FileHash.sha256(text)
    }

    /// Appends events in one transaction, committed (synchronous=FULL) before it returns, and
    /// then copied from SQLite's write-ahead log into the file itself (see `fileHoldsAll`).
    /// Needs the workpaper opened for writing.
    @discardableResult
    public func append(_ events: [EventBody], actor: String) throws(WorkpaperError) -> ClosedRange<Int> {
        guard lock != nil else { throw .usage("\(path) is open read-only") }
        // Writing into a file that is no longer at its path would look saved and be lost.
        if isGone { throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "it is no longer the file that was opened")") }
        let range: ClosedRange<Int>
        do { range = try appendUnlocked(events, actor: actor) } catch let e as WorkpaperError { throw e } catch {
            throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
        fileHoldsAll = Self.checkpoint(db)
        return range
    }

    // MARK: - The file alone holds every saved event

    /// True when the `.aimsaudit` file alone holds every saved event, so that a copy of it made
    /// now (`cp`, a mail attachment) is complete. A commit first goes to SQLite's write-ahead log
    /// beside the file (`NAME.aimsaudit-wal`), and each save then copies it into the file; that
    /// copy stops short only while another process still reads the state from before the save,
    /// and `catchUp` finishes it.
    public private(set) var fileHoldsAll = true

    /// Copies what the write-ahead log holds into the file, as far as readers allow; true when all of it is.
    @discardableResult
    public func catchUp() -> Bool {
        guard lock != nil else { return true }
        fileHoldsAll = Self.checkpoint(db)
        return fileHoldsAll
    }

    /// SQLite's passive checkpoint: it never waits for a reader, and never blocks one; the pages a
    /// reader of an older state still needs from the log stay there until `catchUp` runs again.
    /// With `synchronous=FULL` the file is flushed to the disk before it returns.
    static func checkpoint(_ db: DatabaseQueue) -> Bool {
        guard let (log, copied) = try? db.writeWithoutTransaction({ db in try db.checkpoint(.passive) }) else { return false }
        return copied >= log
    }

    // MARK: - A reader beside a writer

    /// SQLite's `data_version` when the journal was last read: it changes when another
    /// connection commits.
    private var seenVersion: Int?

    /// For a workpaper open read-only: takes in the events another process saved since it was
    /// read (a cheap check of `PRAGMA data_version` when nothing changed). True when there were any.
    public func refresh() -> Bool {
        guard lock == nil,
              let (version, added) = try? db.read({ db -> (Int, [JournalEntry]) in
                  let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
                  return (version, version == seenVersion ? [] : try Self.journalEntries(db, after: head.seq))
              }) else { return false }
        seenVersion = version
        var taken = 0
        for e in added {
            guard e.seq == head.seq + 1, let body = try? EventCodec.decode(type: e.type, payload: e.payload) else { break }
            state.apply(body)
            if knownRecorders != nil { Self.note(body, by: e.actor, in: &knownRecorders!, state: state) }
            head = (e.seq, e.hash)
            taken += 1
        }
        return taken > 0
    }

    // MARK: - A workpaper whose file went away

    /// True when the path no longer names the file that was opened: its folder was removed, or
    /// the file was deleted, moved or replaced. What was saved is still in the open file.
    public var isGone: Bool { identity != nil && FileIdentity(path) != identity }

    /// Writes the whole open workpaper back to its path once the path is free again (its folder
    /// recreated), and goes on writing there. Refuses while the folder is missing or while
    /// another file is at the path (that file is never overwritten).
    public func restore() throws(WorkpaperError) {
        guard isGone else { return }
        let url = URL(fileURLWithPath: path)
        guard FileIdentity(url.deletingLastPathComponent().path) != nil else { throw .io("the folder of \(path) is gone") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .io("\(path) is now another file; it is left alone")
        }
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).restoring-\(getpid())").path
        unlink(temp)
        do {
            try db.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temp]) }
            FileFault.sync(temp)
            // link(2) fails rather than replacing a file that appeared meanwhile.
            guard link(temp, path) == 0 else { throw WorkpaperError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
            unlink(temp)
            let holder = lock != nil
            lock?.release()
            lock = nil
            if holder {
                do { lock = try WriterLock.acquire(for: path, now: Self.timestamp()) } catch {
                    throw WorkpaperError.io("cannot lock \(path) again after writing it back")
                }
            }
            let fresh = try DatabaseQueue(path: path, configuration: Self.configuration())
            try fresh.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            try? db.close()
            db = fresh
            identity = FileIdentity(path)
        } catch let error as WorkpaperError {
            unlink(temp)
            throw error
        } catch {
            unlink(temp)
            throw .io("cannot write \(path) back: \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    private func appendUnlocked(_ events: [EventBody], actor: String) throws -> ClosedRange<Int> {
        // Applied in place, and taken back if the transaction fails: copying the whole state
        // for every save would cost as much as the state is large.
        let undo = state.apply(events)
        let next = state
        var items: Set<String> = [], evidence: Set<Int> = []
        for e in events {
            if let item = e.item { items.insert(item) }
            switch e {
            case .evidenceAdded(let r): evidence.insert(r.id)
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _):
                evidence.insert(id)
                if let item = next.evidence[id]?.item { items.insert(item) }
            default: break
            }
        }
        let newHead: (Int, String)
        do { newHead = try db.write { db -> (Int, String) in
            var (seq, hash) = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1"))
                .map { ($0["seq"] as Int, $0["hash"] as String) } ?? (0, Self.genesisHash)
            for e in events {
                let id = UUID().uuidString.lowercased(), time = Self.timestamp(), payload = EventCodec.payload(e)
                let h = Self.chainHash(seq: seq + 1, id: id, time: time, actor: actor, type: e.type, payload: payload, prevHash: hash)
                try db.cachedStatement(sql: """
                    INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [seq + 1, id, time, actor, e.type, payload, hash, h])
                seq += 1
                hash = h
            }
            try StateTables.write(next, items: items, evidence: evidence, db)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('head_seq', ?), ('head_hash', ?)")
                .execute(arguments: [String(seq), hash])
            return (seq, hash)
        } } catch {
            state.undo(undo)
            throw error
        }
        let first = head.seq + 1
        head = newHead
        if knownRecorders != nil { for e in events { Self.note(e, by: actor, in: &knownRecorders!, state: state) } }
        return first...newHead.0
    }

    /// Throws away the state tables and writes them again from the journal.
    public func rebuildState() throws(WorkpaperError) {
        do {
            let events = try db.read { db in try Self.journalEntries(db) }.map { try EventCodec.decode(type: $0.type, payload: $0.payload) }
            let folded = WorkpaperState.fold(events)
            try db.write { db in try StateTables.rebuild(folded, db) }
            state = folded
        } catch {
            throw .io("cannot rebuild the state of \(path): \(error)")
        }
    }
}
