import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// How many rows the screen opens on: more than a tall terminal shows, with pages to spare.
    public static let firstRowCount = 128

    /// Whether the screen opens on its first rows: opened for it from the tables (an older
    /// workpaper is read whole, from its snapshot and journal).
    public var opensOnFirstRows: Bool { stateUnread }

    /// The screen's first rows, read beside since the open (`open`'s `screenFor`); read now when
    /// the open did not begin it, or again, to say why, when it failed there.
    public func firstRows() throws(WorkpaperError) -> FirstRows {
        let (me, count) = (firstRead?.me ?? "", firstRead?.count ?? Self.firstRowCount)
        if let (_, _, rows) = firstRead {
            firstRead = nil
            if case .success(let rows) = rows.result(), let facts { return rows(facts) }
        }
        do {
            return try db.read { db in try Self.firstRows(db, path: path, me: me, rows: count)(try facts ?? Self.facts(db, path: path)) }
        } catch {
            throw Self.checklistError(path, error)
        }
    }

    /// Begins reading the screen's first rows beside, on a connection of its own, as soon as the
    /// file is known to be a workpaper (the open reads the facts meanwhile).
    static func readFirstRows(_ opened: String, path: String, me: String, rows: Int) -> FirstRead {
        (me, rows, Beside(urgent: true) { try besideConnection(opened).read { db in try firstRows(db, path: path, me: me, rows: rows) } })
    }

    /// The screen's first rows for `me`, begun beside before the workpaper is opened (`open`'s
    /// `begun`): while the screen loads its theme and the open takes the lock and checks the file.
    /// A path that is not a workpaper has them fail unread (the open says why).
    public static func beginFirstRows(of path: String, for me: String, rows: Int = firstRowCount) -> FirstRowsBegun {
        let (opened, file) = (openName(path).name, FileIdentity(path))
        return FirstRowsBegun(read: readFirstRows(opened, path: path, me: me, rows: rows), opened: opened, file: file)
    }

    public struct FirstRowsBegun: Sendable {
        let read: FirstRead
        let opened: String
        let file: FileIdentity?
    }

    typealias FirstRead = (me: String, count: Int, rows: Beside<@Sendable (AuditFacts) -> FirstRows>)

    /// The first rows, their records and my verdicts on them, with the head's totals as kept;
    /// made whole with the facts.
    static func firstRows(_ db: Database, path: String, me: String, rows: Int) throws -> @Sendable (AuditFacts) -> FirstRows {
        let (kept, tallies) = try KeptTotals.read(db)
        let checklist = try checklist(db, path: path, first: min(kept.items, rows), of: kept.items)
        let keys = checklist.map(\.key.description)
        let verdicts = try verdicts(db, "WHERE auditor = ? AND item IN (\(TableRows.marks(keys.count)))", StatementArguments([me] + keys),
                                    unreadable(path), reasons: false)
        var records = try StateTables.read(db, created: nil, evidence: false, items: keys)
        for c in try storedConflicts(db) { records.restore(c) }
        var byGrade: [Grade: Coverage.Tally] = [:]
        for (name, tally) in tallies {
            guard let grade = Grade(rawValue: name) else { throw EventCodec.DecodeError.badPayload("item_state", "unknown grade") }
            byGrade[grade] = tally
        }
        let coverage = Coverage(byGrade: byGrade, items: kept.items, score: kept.score)
        return { [records, byGrade] facts in
            FirstRows(tables: ScreenTables(facts: facts, analysis: analysis(facts, checklist, verdicts)), records: records,
                      count: kept.items, grades: coverage.gradeCounts(byGrade), coverage: coverage, widestKeys: kept.widest)
        }
    }

    /// What the screen opened without: every row of the checklist with my verdicts, every item's
    /// record, and the journal's head read with them.
    public struct Rest: Sendable {
        public let tables: ScreenTables
        public let records: WorkpaperState
        let head: (seq: Int, hash: String)
    }

    /// Reads the rest, from any thread, in one read on a connection of its own (one thread: the
    /// other core is left to the keys typed meanwhile; read on two at once, a key waited up to 5 ms).
    public func restReader(for me: String) -> @Sendable () throws(WorkpaperError) -> Rest {
        let (opened, path) = (openedAs, path)
        return { () throws(WorkpaperError) -> Rest in
            do {
                return try WorkpaperFile.besideConnection(opened).read { db in
                    let tables: ScreenTables
                    do { tables = try WorkpaperFile.screenTables(db, path: path, me: me) } catch { throw WorkpaperFile.checklistError(path, error) }
                    let (records, head) = try WorkpaperFile.stateFromTables(db, evidence: false)
                    return Rest(tables: tables, records: records, head: head)
                }
            } catch {
                throw WorkpaperFile.openError(path, error)
            }
        }
    }

    /// Takes in the records and head of the rest, when the open left them to be read.
    public func take(_ rest: Rest) {
        guard stateUnread else { return }
        stateUnread = false
        (storedState, storedHead) = (rest.records, rest.head)
    }

    /// Reads the items' records and the journal's head if the open left them to be read.
    func readState() throws(WorkpaperError) {
        guard stateUnread else { return }
        let read: (WorkpaperState, (Int, String))
        do { read = try db.read { db in try Self.stateFromTables(db, evidence: false) } } catch { throw Self.openError(path, error) }
        (storedState, storedHead) = (read.0, read.1)
        stateUnread = false
    }

    /// A read of the checklist that failed, said as the screen says it.
    static func checklistError(_ path: String, _ error: Error) -> WorkpaperError {
        error as? WorkpaperError ?? .notAWorkpaper("cannot read the checklist of \(path): \(error)")
    }

    /// A read at the open that failed, said as the open says it.
    static func openError(_ path: String, _ error: Error) -> WorkpaperError {
        error as? WorkpaperError ?? .io("cannot open \(path): \(FileFault.reason(path) ?? "\(error)")")
    }

    /// The state read when first used, if the open left it to be read (the screen reads it with `readState` first).
    func settle() {
        guard stateUnread else { return }
        do { try readState() } catch { preconditionFailure("the records of \(path) were used before they could be read: \(error)") }
    }

    /// A read-only connection of its own, beside the workpaper's, with a page cache of `cache`
    /// KiB (small for tables read once; nil: SQLite's usual).
    static func besideConnection(_ opened: String, cache: Int? = 128) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: opened, configuration: configuration(readOnly: true))
        if let cache { try queue.inDatabase { db in try db.execute(sql: "PRAGMA cache_size = -\(cache)") } }
        return queue
    }
}
