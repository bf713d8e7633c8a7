import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// An item's results in earlier audits as the programme's history gives them (oldest first),
    /// for the item screen: kept in `meta` when the workpaper was made, so the screen need not
    /// parse the snapshot; a workpaper made before they were kept has its snapshot read once.
    public func earlierResults(of key: String) -> [EarlierResult] {
        if readFromTables, let kept = keptEarlier(of: key) { return kept }
        if earlierCache == nil { earlierCache = readEarlier() }
        return earlierCache?[key] ?? []
    }

    /// The item's, as kept in `meta`, picked out of the JSON by SQLite: decoding all of it for the
    /// first item shown took 20 ms at 10k items. Nil when none are kept or they cannot be read.
    private func keptEarlier(of key: String) -> [EarlierResult]? {
        // A row when they are kept: the item's array, or NULL when it has none.
        let row = try? db.read { db in
            try Row.fetchOne(db, sql: "SELECT (SELECT j.value FROM json_each(meta.value) AS j WHERE j.key = ?) FROM meta WHERE meta.key = ?",
                             arguments: [key, DerivedTables.earlierKey])
        }
        guard let row else { return nil }
        let text: String = row[0] ?? "[]"
        return try? JSONDecoder().decode([EarlierResult].self, from: Data(text.utf8))
    }

    private func readEarlier() -> [String: [EarlierResult]] {
        if readFromTables,
           let text = ((try? db.read { db in
               try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [DerivedTables.earlierKey])
           }) ?? nil),
           let kept = try? JSONDecoder().decode([String: [EarlierResult]].self, from: Data(text.utf8)) {
            return kept
        }
        guard let programme = try? readProgramme() else { return [:] }
        let found = Recurrence.fromHistory(programme.history, before: audit)
        return Dictionary(uniqueKeysWithValues: found.map { ($0.key.description, $0.value) })
    }
}
