import AuditCore
import GRDB

extension WorkpaperFile {
    /// Fills the state tables' `author` and `provenance` (schema 8) from the journal, whose every
    /// event names who recorded it: those columns alone, each row's other columns staying as the
    /// tables hold them. An event that cannot be read is left out here (`verify` names it).
    func fillProvenance() throws {
        let folded = try db.read { db -> WorkpaperState in
            if let shared = try Self.sharedFold(db, path, tolerant: true) { return shared.0 }
            var state = WorkpaperState()
            try TableRows.each(db, "SELECT actor, type, payload FROM journal ORDER BY seq") { c in
                guard let body = try? EventCodec.decode(type: c.text(1), payload: c.text(2)) else { return }
                state.apply(body, by: c.text(0))
            }
            return state
        }
        let kept = folded.items.filter { $0.value.provenance != nil }.map { ($0.key, $0.value.provenanceKept) }.sorted { $0.0 < $1.0 }
        guard !kept.isEmpty else { return }
        try db.write { db in
            for (item, p) in kept {
                try db.execute(sql: "UPDATE item_state SET author = ?, provenance = ? WHERE item = ?",
                               arguments: [StateTables.value(p.author), StateTables.json(p.whole), item])
            }
        }
        for (item, p) in kept { state.items[item]?.provenanceKept = p }
    }
}
