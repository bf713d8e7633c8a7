import AuditCore
import Foundation
import GRDB

/// What `verify` checks beyond the journal: the file as SQLite sees it, its schema, and every
/// table that is derived from the snapshot or the journal.
extension WorkpaperFile {
    /// SQLite's own check of the file (pages, records, indexes) and the schema against the one
    /// aimsaudit makes for the workpaper's version.
    func structureProblems() -> [String] {
        var out: [String] = []
        do {
            let found = try db.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            if found != ["ok"] {
                let shown = found.prefix(3).joined(separator: "; ")
                out.append("SQLite finds the file damaged: \(shown)\(found.count > 3 ? " (and \(found.count - 3) more)" : "")")
            }
        } catch {
            out.append("SQLite cannot check the file: \(error)")
        }
        do {
            out += try db.read { db in
                try Schema.differences(db, version: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
        } catch {
            out.append("the workpaper's schema cannot be read: \(error)")
        }
        return out
    }

    /// The checklist and verdicts derived again from the snapshot, the `meta` rows and the
    /// programme row, each against what the journal and the snapshot give.
    func derivedProblems(ends: (first: JournalEntry?, last: JournalEntry?), created: EventBody.Created?, folded: WorkpaperState) -> [String] {
        var out: [String] = []
        let derived = derivation(folded)
        do {
            out += try db.read { db in try DerivedTables.differences(from: derived, db) }
        } catch {
            out.append("the checklist and verdicts cannot be read: \(error)")
        }
        let meta: [String: String]
        let row: Row?
        do {
            (meta, row) = try db.read { db in
                (try Dictionary(Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0["key"] as String, $0["value"] as String) },
                                uniquingKeysWith: { a, _ in a }),
                 try Row.fetchOne(db, sql: "SELECT name, sha256, audit FROM programme WHERE id = 1"))
            }
        } catch {
            return out + ["the meta and programme tables cannot be read: \(error)"]
        }
        out += metaProblems(meta, ends: ends, created: created, earlier: derived.earlierText)
        // Kept since the screen's header counts from them; older workpapers have none.
        out += KeptTotals.problems(meta, checklist: derived.analysis.checklist, records: folded)
        if let created, let row {
            for (column, expected) in [("name", created.programmeName), ("sha256", created.programmeSHA256), ("audit", created.audit)] {
                let value: String? = row[column]
                if value != expected {
                    out.append("table programme: \(column) is \(StateTables.describe(row[column])) but event 1 recorded '\(expected)'")
                }
            }
        }
        return out
    }

    /// The keys aimsaudit writes in `meta`, each against what it must be.
    private func metaProblems(_ meta: [String: String], ends: (first: JournalEntry?, last: JournalEntry?), created: EventBody.Created?,
                              earlier: String) -> [String] {
        var out: [String] = []
        if let seq = meta["head_seq"].flatMap(Int.init), let hash = meta["head_hash"] {
            let last = ends.last
            if let last, last.seq < seq {
                out.append("the journal ends at event \(last.seq) but the workpaper recorded \(seq) events: the last \(seq - last.seq) were deleted")
            } else if last?.seq != seq || last?.hash != hash {
                out.append("the journal's last event does not match the head the workpaper recorded (event \(seq), \(hash.prefix(12))…)")
            }
        } else {
            out.append("the workpaper has no recorded head of its journal")
        }
        let factsKey = DerivedTables.factsKey
        if let facts = meta[factsKey] {
            if facts != DerivedTables.jsonText(AuditFacts(programme, audit: audit)) {
                out.append("meta \(factsKey) is not what the programme snapshot gives (the screen shows the audit from it)")
            }
        } else if ((try? db.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }) ?? nil) ?? 0 >= 6 {
            out.append("meta has no row \(factsKey), which aimsaudit writes (the screen shows the audit from it)")
        }
        // Kept since the screen asks it before it starts; older workpapers have none.
        if let kept = meta[DerivedTables.keysKey], kept != (try? db.read { db in try DerivedTables.listsKeys(db) }) {
            out.append("meta \(DerivedTables.keysKey) is not what the programme snapshot gives (whether it lists a signing key)")
        }
        // Kept since the item screen shows earlier results; older workpapers have none.
        if let kept = meta[DerivedTables.earlierKey], kept != earlier {
            out.append("meta \(DerivedTables.earlierKey) is not what the programme snapshot's history gives (the item screen shows earlier results from it)")
        }
        if let created, meta["tool"] != created.tool {
            out.append("meta tool is \(meta["tool"].map { "'\($0)'" } ?? "missing") but event 1 recorded '\(created.tool)'")
        }
        if let first = ends.first, meta["created"].map({ Self.isTimestamp($0) && $0 <= first.time }) != true {
            out.append("meta created is \(meta["created"].map { "'\($0)'" } ?? "missing"), not a time before event 1 (\(first.time))")
        }
        if let seen = meta[Self.seenKey], Int(seen).map({ $0 >= 0 && $0 <= (ends.last?.seq ?? 0) }) != true {
            out.append("meta \(Self.seenKey) is '\(seen)', not a place in the journal (0 to \(ends.last?.seq ?? 0))")
        }
        // first_frame: written by schema 5 (a workpaper read where it cannot be upgraded keeps it).
        let known: Set<String> = ["created", "tool", "head_seq", "head_hash", factsKey, DerivedTables.earlierKey, DerivedTables.keysKey, KeptTotals.checklistKey, KeptTotals.gradesKey, "first_frame", "replica", "replica_person", Self.seenKey]
        for key in meta.keys.sorted() where !known.contains(key) {
            out.append("meta has a row '\(key)' that aimsaudit does not write")
        }
        return out
    }

    /// True for a time as `timestamp` writes it.
    static func isTimestamp(_ s: String) -> Bool {
        let shape = Array("0000-00-00T00:00:00.000Z".utf8)
        let bytes = Array(s.utf8)
        guard bytes.count == shape.count else { return false }
        return zip(bytes, shape).allSatisfy { b, f in f == UInt8(ascii: "0") ? (b >= 48 && b <= 57) : b == f }
    }
}
