import GRDB

extension WorkpaperFile {
    /// Where the `evidence_origin` table differs from the journal: each evidence number, the
    /// event that cited it and the replica it was cited on (an edit or removal names that event).
    /// Nil when they agree, or the table is not there (an older schema kept read-only).
    func originProblem(origins: [Int: String], citedOn: [Int: String]) -> String? {
        var stored: [Int: (String, String)] = [:]
        do {
            let rows = try db.read { db in
                try db.tableExists("evidence_origin") ? try Row.fetchAll(db, sql: "SELECT id, event, replica FROM evidence_origin") : []
            }
            for row in rows {
                // Read as whatever a tampered row holds: a value of another type is named, never trapped on.
                guard let id = Int.fromDatabaseValue(row["id"] as DatabaseValue), let event = String.fromDatabaseValue(row["event"] as DatabaseValue),
                      let replica = String.fromDatabaseValue(row["replica"] as DatabaseValue) else {
                    return "table evidence_origin has a row that is not an evidence number, an event and a replica"
                }
                stored[id] = (event, replica)
            }
        } catch {
            return "the evidence_origin table cannot be read: \(error)"
        }
        guard !stored.isEmpty || !origins.isEmpty else { return nil }
        for (n, event) in origins.sorted(by: { $0.key < $1.key }) {
            guard let (e, r) = stored[n] else { return "table evidence_origin has no row for E\(n), which the journal cites" }
            if e != event || r != citedOn[n] {
                return "table evidence_origin, E\(n): cited by event \(e) on replica \(r) but the journal says event \(event) on replica \(citedOn[n] ?? "")"
            }
        }
        if let extra = stored.keys.sorted().first(where: { origins[$0] == nil }) {
            return "table evidence_origin has a row for E\(extra) that no journal event cited"
        }
        return nil
    }
}
