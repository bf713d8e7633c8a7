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

    /// Takes every item's kept earlier results apart beside the caller, as text by item (1,800
    /// items' arrays, 164 kB at 10k items: 4 ms), so that showing an item then only decodes its
    /// own (picking it out of the JSON with SQLite takes 1 ms an item). The screen starts it after
    /// its first frame; until it is done, an item's are picked out alone. `done` runs once they
    /// are read, on the thread that read them.
    public func readEarlierBeside(then done: (@Sendable () -> Void)? = nil) {
        guard readFromTables, earlierRead == nil else { done?(); return }
        let db = db
        earlierRead = Beside(then: done) {
            try db.read { db -> [String: String] in
                var texts: [String: String] = [:]
                try TableRows.each(db, "SELECT j.key, j.value FROM meta, json_each(meta.value) AS j WHERE meta.key = ?", DerivedTables.earlierKey) { c in
                    texts[c.text(0)] = c.text(1)
                }
                return texts
            }
        }
    }

    /// The item's, as kept in `meta`: from the texts read beside, or picked out of the JSON by
    /// SQLite (decoding all of it for the first item shown took 20 ms at 10k items). Nil when
    /// none are kept or they cannot be read.
    private func keptEarlier(of key: String) -> [EarlierResult]? {
        let text: String
        if let texts = try? earlierRead?.ready?.get(), !texts.isEmpty {
            guard let mine = texts[key] else { return [] }
            text = mine
        } else {
            // A row when they are kept: the item's array, or NULL when it has none.
            let row = try? db.read { db in
                try Row.fetchOne(db, sql: "SELECT (SELECT j.value FROM json_each(meta.value) AS j WHERE j.key = ?) FROM meta WHERE meta.key = ?",
                                 arguments: [key, DerivedTables.earlierKey])
            }
            guard let row else { return nil }
            text = row[0] ?? "[]"
        }
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
