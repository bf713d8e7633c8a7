import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// An item's results in earlier audits as the programme's history gives them (oldest first),
    /// for the item screen: kept in `meta` when the workpaper was made, so the screen need not
    /// parse the snapshot; a workpaper made before they were kept has its snapshot read once.
    public func earlierResults(of key: String) -> [EarlierResult] {
        if earlierCache == nil { earlierCache = readEarlier() }
        return earlierCache?[key] ?? []
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
