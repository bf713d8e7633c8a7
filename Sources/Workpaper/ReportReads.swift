import AuditCore
import GRDB

/// What the report reads of a workpaper opened from its tables: each item's evidence as the
/// report reaches it, within one read of the file.
extension WorkpaperFile {
    /// Whether an item's evidence is read from the table when asked for (`citedEvidence`), not
    /// held: the workpaper was opened with its state from the tables.
    public var readsEvidencePerItem: Bool { readFromTables }

    /// Runs `body` within one read of the file, which `citedEvidence` and `citedByType` then read
    /// from (one state of the file, without a transaction per item). That read must begin where
    /// the open ended: after an event saved since (by the screen beside, say), what was read at
    /// the open and what `body` reads would not be one state, and `.changed` is thrown before
    /// `body` runs (the caller opens the file again).
    public func withinOneRead<T>(_ body: () -> T) throws(WorkpaperError) -> T {
        do {
            return try db.read { db in
                // The first statement fixes the state every later one reads.
                guard try Self.lastEvent(db) == head else {
                    throw WorkpaperError.changed("\(path) was saved to while it was being read; run it again")
                }
                held = db
                defer { held = nil }
                return body()
            }
        } catch let error as WorkpaperError { throw error } catch { throw .io("cannot read \(path): \(error)") }
    }

    /// Reads within the read `withinOneRead` holds, else in one of its own.
    private func reading<T>(_ read: (Database) throws -> T) throws -> T {
        if let held { return try read(held) }
        return try db.read(read)
    }

    /// The item's references still cited, in the order of their numbers: from the state at hand,
    /// or read from the table and not kept (the report reads them an item at a time).
    public func citedEvidence(on item: String) throws(WorkpaperError) -> [EvidenceReference] {
        guard readFromTables else { return state.evidence(on: item) }
        do { return try reading { db in try StateTables.references(db, "WHERE item = ? AND removed = 0", item) } } catch {
            throw .io("cannot read the evidence of \(item) in \(path): \(error)")
        }
    }

    /// How many references are still cited, by method.
    public func citedByType() throws(WorkpaperError) -> [EvidenceType: Int] {
        guard readFromTables else { return state.citedByType() }
        var counts: [EvidenceType: Int] = [:]
        do {
            try reading { db in
                try TableRows.each(db, "SELECT type, count(*) FROM evidence WHERE removed = 0 GROUP BY type") { c in
                    guard let type = EvidenceType(rawValue: c.text(0)) else { throw EventCodec.DecodeError.badPayload("evidence", "unknown type \(c.text(0))") }
                    counts[type] = c.int(1)
                }
            }
        } catch { throw .io("cannot read the evidence of \(path): \(error)") }
        return counts
    }
}
