import AuditCore

extension WorkpaperFile {
    /// The journal row by row, in order, with its payload and hash (the journal itself is never
    /// held): what an export that lists who recorded what reads.
    public func eachJournalEntry(_ each: (JournalEntry) -> Void) throws(WorkpaperError) {
        do {
            try db.read { db in
                try TableRows.each(db, "SELECT seq, id, time, actor, type, payload, prev_hash, hash FROM journal ORDER BY seq") { c in
                    each(JournalEntry(seq: c.int(0), id: c.text(1), time: c.text(2), actor: c.text(3), type: c.text(4),
                                      payload: c.text(5), prevHash: c.text(6), hash: c.text(7)))
                }
            }
        } catch {
            throw .io("cannot read the journal of \(path): \(error)")
        }
    }
}
