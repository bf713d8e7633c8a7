import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// How many rows the screen opens on: more than a tall terminal shows, with pages to spare.
    public static let firstRowCount = 256

    /// Whether the screen opens on its first rows: opened for it from the tables (an older
    /// workpaper is read whole, from its snapshot and journal).
    public var opensOnFirstRows: Bool { stateUnread }

    /// The screen's first rows, read beside since the open (`open`'s `screenFor`); read now when
    /// the open did not begin it, or again, to say why, when it failed there.
    public func firstRows() throws(WorkpaperError) -> FirstRows {
        let (me, count) = (firstRead?.me ?? "", firstRead?.count ?? Self.firstRowCount)
        if let (_, _, rows, totals) = firstRead {
            firstRead = nil
            if case .success(let rows) = rows.result(), case .success(let totals) = totals.result() { return rows(totals) }
        }
        do {
            return try db.read { db in
                try Self.firstRows(db, path: path, me: me, facts: try Self.facts(db, path: path), rows: count)(try Self.totals(db))
            }
        } catch {
            throw Self.checklistError(path, error)
        }
    }

    /// The head's totals, read beside the first rows (the longest of their reads).
    struct Totals: Sendable {
        let grades: [Grade: Int]
        let coverage: Coverage
        let widestKeys: [String]
    }

    /// Begins reading the screen's first rows and the head's totals beside, each on a connection
    /// of its own, as soon as the file is known to be a workpaper (the totals take longest: 8 ms at
    /// 10,000 items; SQLite's usual page cache, as their join reads pages again and again).
    static func readFirstRows(_ opened: String, path: String, me: String, rows: Int) -> FirstRead {
        let totalsRead = Beside { try besideConnection(opened, cache: nil).read { db in try totals(db) } }
        return (me, rows, Beside { try besideConnection(opened).read { db in
            try firstRows(db, path: path, me: me, facts: try facts(db, path: path), rows: rows)
        } }, totalsRead)
    }

    typealias FirstRead = (me: String, count: Int, rows: Beside<@Sendable (Totals) -> FirstRows>, totals: Beside<Totals>)

    /// The first rows, their records and my verdicts on them, made whole with the totals.
    static func firstRows(_ db: Database, path: String, me: String, facts: AuditFacts, rows: Int) throws -> @Sendable (Totals) -> FirstRows {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM checklist") ?? 0
        let checklist = try checklist(db, path: path, first: min(count, rows), of: count)
        let keys = checklist.map(\.key.description)
        let verdicts = try verdicts(db, "WHERE auditor = ? AND item IN (\(TableRows.marks(keys.count)))", StatementArguments([me] + keys),
                                    unreadable(path), reasons: false)
        var records = try StateTables.read(db, created: nil, evidence: false, items: keys)
        for c in try storedConflicts(db) { records.restore(c) }
        let tables = ScreenTables(facts: facts, analysis: analysis(facts, checklist, verdicts))
        return { [records] totals in
            FirstRows(tables: tables, records: records, count: totals.coverage.total, grades: totals.grades, coverage: totals.coverage,
                      widestKeys: totals.widestKeys)
        }
    }

    /// Every row's grade counted, and the coverage by weight (`Coverage` makes both from the sums
    /// by grade); the keys that may be the widest.
    static func totals(_ db: Database) throws -> Totals {
        // In one pass over the checklist: its rows, their total score, and the longest key (SQLite
        // gives a bare column from the row of the one max()), which is the widest when every key is
        // plain ASCII (as many characters as bytes).
        guard let row = try Row.fetchOne(db, sql: """
            SELECT count(*), total(score), item, max(length(item)), total(length(CAST(item AS BLOB)) - length(item)) FROM checklist
            """) else { throw EventCodec.DecodeError.badPayload("checklist", "no rows") }
        let count: Int = row[0], all: Double = row[1], ascii = (row[4] as Double) == 0
        let widest = ascii ? [row[2] as String? ?? ""] : try String.fetchAll(db, sql: "SELECT item FROM checklist")
        var byGrade: [Grade: (items: Int, score: Double)] = [:]
        try TableRows.each(db, "SELECT s.grade, count(*), total(c.score) FROM item_state s JOIN checklist c ON c.item = s.item GROUP BY s.grade",
                           arguments: []) { c in
            guard let grade = Grade(rawValue: c.text(0)) else { throw EventCodec.DecodeError.badPayload("item_state", "unknown grade") }
            byGrade[grade] = (c.int(1), c.double(2))
        }
        let coverage = Coverage(byGrade: byGrade, items: count, score: all)
        return Totals(grades: coverage.gradeCounts(byGrade), coverage: coverage, widestKeys: widest)
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
