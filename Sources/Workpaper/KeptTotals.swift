import AuditCore
import Foundation
import GRDB

/// The head's totals, kept in `meta` so that the screen's first frame reads two rows instead of
/// every row of the checklist and of the items' records (at 10,000 items the join took 8–14 ms,
/// on the first frame's path):
/// - `checklist_totals`: the checklist's count, its total score and the keys that may be the
///   widest, written with the checklist;
/// - `grade_totals`: per grade, how many of the checklist's items have it and their total score,
///   kept by each write of the items' records (`StateTables.write`, from the grades it changes).
/// Scores are kept in tenths (`Coverage.tenths`), so the sums are exact whatever their order.
/// Both are worked out again from the tables by `verify`; a workpaper made before they were kept
/// has them worked out when they are read.
enum KeptTotals {
    static let checklistKey = "checklist_totals"
    static let gradesKey = "grade_totals"

    struct Checklist: Codable, Hashable, Sendable {
        var items: Int
        var score: Int
        /// The longest key in plain ASCII (as wide as it is long) and every other key.
        var widest: [String]
    }

    typealias Grades = [String: Coverage.Tally]

    /// The checklist's totals, from its items' keys and scores in checklist order.
    static func checklist<S: Sequence>(_ items: S) -> Checklist where S.Element == (key: String, score: Double) {
        var count = 0, score = 0, longest: String?, others: [String] = []
        for item in items {
            count += 1
            score += Coverage.tenths(item.score)
            if !item.key.utf8.allSatisfy({ $0 < 0x80 }) {
                others.append(item.key)
            } else if item.key.utf8.count > longest?.utf8.count ?? -1 {
                longest = item.key
            }
        }
        return Checklist(items: count, score: score, widest: (longest.map { [$0] } ?? []) + others)
    }

    /// Each grade's tally over the checklist's items that have a record.
    static func grades<S: Sequence>(_ items: S, grade: (String) -> String?) -> Grades where S.Element == (key: String, score: Double) {
        var out: Grades = [:]
        for item in items {
            if let g = grade(item.key) { out[g, default: .none].count(item.score) }
        }
        return out
    }

    /// The checklist's keys and scores as its table holds them, in checklist order.
    private static func scores(_ db: Database) throws -> [(key: String, score: Double)] {
        var out: [(key: String, score: Double)] = []
        try TableRows.each(db, "SELECT item, score FROM checklist ORDER BY position", arguments: []) { c in out.append((c.text(0), c.double(1))) }
        return out
    }

    /// The grades of the items' records as their table holds them.
    private static func recordedGrades(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        try TableRows.each(db, "SELECT item, grade FROM item_state", arguments: []) { c in out[c.text(0)] = c.text(1) }
        return out
    }

    /// Both, as kept; each worked out from the tables when it is not kept (a workpaper made before).
    static func read(_ db: Database) throws -> (Checklist, Grades) {
        let kept = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta WHERE key IN (?, ?)",
                                                                     arguments: [checklistKey, gradesKey]).map { ($0[0] as String, $0[1] as String) })
        let decoder = JSONDecoder()
        // Neither kept: the checklist's scores read once for both.
        let read = kept.count == 2 ? [] : try scores(db)
        let checklist = try kept[checklistKey].map { try decoder.decode(Checklist.self, from: Data($0.utf8)) } ?? Self.checklist(read)
        let grades = try kept[gradesKey].map { try decoder.decode(Grades.self, from: Data($0.utf8)) } ?? wholeGrades(db, read)
        return (checklist, grades)
    }

    private static func wholeGrades(_ db: Database, _ scores: [(key: String, score: Double)]? = nil) throws -> Grades {
        let recorded = try recordedGrades(db)
        return grades(try scores ?? Self.scores(db)) { recorded[$0] }
    }

    static func writeChecklist(_ derived: Derivation, _ db: Database) throws {
        try keep(checklistKey, checklist(derived.analysis.checklist.lazy.map { (key: $0.key.description, score: $0.weight.score) }), db)
    }

    static func writeGrades(_ db: Database) throws { try keep(gradesKey, try wholeGrades(db), db) }

    private static func keep<T: Encodable>(_ key: String, _ value: T, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
            .execute(arguments: [key, DerivedTables.jsonText(value)])
    }

    /// Items' grades changed by a write (nil: no record), each as it was and as it is.
    typealias Changes = [(item: String, was: String?, is: String?)]

    /// Keeps the grade totals after a write of the items' records changed `changes`.
    static func update(_ changes: Changes, _ db: Database) throws {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = ?"), arguments: [gradesKey]) else {
            // Not kept yet: a new workpaper's first event, or one made before they were kept.
            return try writeGrades(db)
        }
        let moved = changes.filter { $0.was != $0.is }
        guard !moved.isEmpty else { return }
        var grades = try JSONDecoder().decode(Grades.self, from: Data(text.utf8))
        for change in moved {
            guard let score = try Double.fetchOne(db.cachedStatement(sql: "SELECT score FROM checklist WHERE item = ?"), arguments: [change.item])
            else { continue }   // not an item of the checklist: not counted
            if let was = change.was {
                grades[was, default: .none].count(score, times: -1)
                if grades[was]?.items == 0 { grades[was] = nil }
            }
            if let now = change.is { grades[now, default: .none].count(score) }
        }
        try keep(gradesKey, grades, db)
    }

    /// What differs between the totals kept and those the snapshot's checklist and the journal's
    /// records give, in words (a row of the checklist or a record changed by hand is named by
    /// the comparison of its own table).
    static func problems(_ meta: [String: String], checklist: [ChecklistItem], records: WorkpaperState) -> [String] {
        let decoder = JSONDecoder()
        let items = checklist.map { (key: $0.key.description, score: $0.weight.score) }
        var out: [String] = []
        if let kept = meta[checklistKey], (try? decoder.decode(Checklist.self, from: Data(kept.utf8))) != Self.checklist(items) {
            out.append("meta \(checklistKey) is not what the programme snapshot gives (the screen's header counts from it)")
        }
        if let kept = meta[gradesKey],
           (try? decoder.decode(Grades.self, from: Data(kept.utf8))) != grades(items, grade: { records.items[$0]?.grade.rawValue }) {
            out.append("meta \(gradesKey) is not what the journal's records give (the screen's header counts from it)")
        }
        return out
    }
}
