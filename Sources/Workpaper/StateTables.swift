import AuditCore
import Foundation
import GRDB

/// The tables that hold the current state for speed. They are a pure function of the journal's
/// fold, written here and compared here by `verify`.
enum StateTables {
    struct Table: Sendable {
        let name: String
        let columns: [String]
        /// The first `keyCount` columns identify a row.
        let keyCount: Int
        let rows: @Sendable (WorkpaperState) -> [[DatabaseValue]]
    }

    static func value(_ s: String?) -> DatabaseValue { s?.databaseValue ?? .null }
    static func value(_ n: Int?) -> DatabaseValue { n?.databaseValue ?? .null }
    static func value(_ n: Int64?) -> DatabaseValue { n?.databaseValue ?? .null }

    static func json<T: Encodable>(_ v: T?) -> DatabaseValue {
        guard let v, let data = try? EventCodec.encoder.encode(v) else { return .null }
        return String(decoding: data, as: UTF8.self).databaseValue
    }

    static func itemRow(_ item: String, _ r: ItemRecord) -> [DatabaseValue] {
        [value(item), value(r.grade.rawValue), value(r.statement.requirement), value(r.statement.evidence),
         value(r.statement.gap), value(r.note), json(r.sample), value(r.action?.owner), value(r.action?.due),
         json(r.action), json(r.carried), value(r.goodPractice), value(r.provenanceKept.author), json(r.provenanceKept.whole)]
    }

    static func justificationRows(_ item: String, _ r: ItemRecord) -> [[DatabaseValue]] {
        r.justifications.values.sorted { $0.auditor < $1.auditor }.map {
            [value(item), value($0.auditor), value($0.text), value($0.safeguard), value(r.approvals[$0.auditor]?.approver)]
        }
    }

    static func evidenceRow(_ e: EvidenceReference) -> [DatabaseValue] {
        [value(e.id), value(e.item), value(e.type.rawValue), value(e.reference), value(e.description),
         value(e.obtainedFrom), value(e.obtainedOn), value(e.file?.path), value(e.file?.absolutePath),
         value(e.file?.sha256), value(e.file?.size), value(e.removed ? 1 : 0), value(e.removalReason),
         value(e.file?.relativePath)]
    }

    static let itemState = Table(
        name: "item_state",
        columns: ["item", "grade", "requirement", "evidence", "gap", "note", "sample", "action_owner", "action_due",
                  "action", "carried", "good_practice", "author", "provenance"],
        keyCount: 1,
        rows: { state in state.items.sorted { $0.key < $1.key }.map(itemRow) })

    static let justification = Table(
        name: "justification", columns: ["item", "auditor", "text", "safeguard", "approved_by"], keyCount: 2,
        rows: { state in state.items.sorted { $0.key < $1.key }.flatMap(justificationRows) })

    static let evidence = Table(
        name: "evidence",
        columns: ["id", "item", "type", "reference", "description", "obtained_from", "obtained_on", "file_path",
                  "file_abs", "file_sha256", "file_size", "removed", "removal_reason", "file_rel"],
        keyCount: 1,
        rows: { state in state.evidence.values.sorted { $0.id < $1.id }.map(evidenceRow) })

    static let all = [itemState, justification, evidence, auditRecord]

    static func insert(_ table: Table, _ row: [DatabaseValue], _ db: Database) throws {
        let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        try db.cachedStatement(sql: "INSERT INTO \(table.name) (\(table.columns.joined(separator: ", "))) VALUES (\(marks))")
            .execute(arguments: StatementArguments(row))
    }

    /// Rewrites the rows of the given items and evidence from `state` (and only those).
    static func write(_ state: WorkpaperState, items: Set<String>, evidence evidenceIDs: Set<Int>, _ db: Database) throws {
        var grades: KeptTotals.Changes = []
        for item in items.sorted() {
            let was = try String.fetchOne(db.cachedStatement(sql: "SELECT grade FROM item_state WHERE item = ?"), arguments: [item])
            grades.append((item, was, state.items[item]?.grade.rawValue))
            try db.cachedStatement(sql: "DELETE FROM item_state WHERE item = ?").execute(arguments: [item])
            try db.cachedStatement(sql: "DELETE FROM justification WHERE item = ?").execute(arguments: [item])
            guard let r = state.items[item] else { continue }
            try insert(itemState, itemRow(item, r), db)
            for row in justificationRows(item, r) { try insert(justification, row, db) }
        }
        for id in evidenceIDs.sorted() {
            try db.cachedStatement(sql: "DELETE FROM evidence WHERE id = ?").execute(arguments: [id])
            if let e = state.evidence[id] { try insert(evidence, evidenceRow(e), db) }
        }
        try KeptTotals.update(grades, db)
        // A workpaper kept at an older schema (read-only media, a test of the upgrade) has no such table.
        if try db.tableExists(auditRecord.name) { try writeRecord(state, items: items, db) }
    }

    /// The state as the tables hold it: what the screen starts from, without reading the whole
    /// journal (`verify` proves the two agree); without `evidence`, no reference is read (the
    /// screen reads an item's when it is shown).
    /// `items`: only these items' records (the screen's first rows), without the audit's own.
    static func read(_ db: Database, created: EventBody.Created?, evidence withEvidence: Bool = true, items only: [String]? = nil) throws -> WorkpaperState {
        var items: [String: ItemRecord] = [:]
        let decoder = JSONDecoder()
        let (condition, arguments) = only.map { ("WHERE item IN (\(TableRows.marks($0.count)))", StatementArguments($0)) } ?? ("", [])
        // By position, in the order of `itemState.columns`.
        try TableRows.each(db, "SELECT \(itemState.columns.joined(separator: ", ")) FROM item_state \(condition)", arguments: arguments) { c in
            var r = ItemRecord()
            let item = c.text(0)
            guard let grade = Grade(rawValue: c.text(1)) else { throw EventCodec.DecodeError.badPayload("item_state", "unknown grade of \(item)") }
            r.grade = grade
            r.statement = Statement(requirement: c.optionalText(2), evidence: c.optionalText(3), gap: c.optionalText(4))
            r.note = c.optionalText(5)
            if let sample = c.optionalText(6) { r.sample = try decoder.decode(Sample.self, from: Data(sample.utf8)) }
            if let action = c.optionalText(9) { r.action = try decoder.decode(CorrectiveAction.self, from: Data(action.utf8)) }
            if let carried = c.optionalText(10) { r.carried = try decoder.decode(CarriedFinding.self, from: Data(carried.utf8)) }
            if let goodPractice = c.optionalText(11) { r.goodPractice = goodPractice }
            let whole = try c.optionalText(13).map { try decoder.decode(Provenance.self, from: Data($0.utf8)) }
            if whole != nil || c.optionalText(12) != nil { r.provenanceKept = (c.optionalText(12), whole) }
            items[item] = r
        }
        let approvals = try presentColumns(["approved_by"], of: "justification", db).isEmpty ? "NULL" : "approved_by"
        for row in try Row.fetchAll(db, sql: "SELECT item, auditor, text, safeguard, \(approvals) AS approved_by FROM justification \(condition)", arguments: arguments) {
            let j = Justification(auditor: row["auditor"], text: row["text"], safeguard: row["safeguard"])
            items[row["item"], default: ItemRecord()].justifications[j.auditor] = j
            if let approver: String = row["approved_by"] { items[row["item"]]?.approvals[j.auditor] = Approval(of: j, by: approver) }
        }
        let record = try readRecord(db, into: &items, condition, arguments)
        guard withEvidence else {
            let highest = try Int.fetchOne(db, sql: "SELECT max(id) FROM evidence") ?? 0
            return WorkpaperState(items: items, evidence: [], created: created, highestEvidenceID: highest, auditRecord: record)
        }
        return WorkpaperState(items: items, evidence: try references(db, ""), created: created, auditRecord: record)
    }

    /// Evidence references as the table holds them (`condition`: a WHERE clause with one text parameter, or "").
    static func references(_ db: Database, _ condition: String, _ parameter: String? = nil) throws -> [EvidenceReference] {
        var evidenceRefs: [EvidenceReference] = []
        // By position, in the order of `evidence.columns`: the biggest table.
        try TableRows.each(db, "SELECT \(evidence.columns.joined(separator: ", ")) FROM evidence \(condition) ORDER BY id", parameter) { c in
            let id = c.int(0)
            guard let type = EvidenceType(rawValue: c.text(2)) else { throw EventCodec.DecodeError.badPayload("evidence", "unknown type of E\(id)") }
            var file: CitedFile?
            if let path = c.optionalText(7) {
                file = CitedFile(path: path, absolutePath: c.text(8), relativePath: c.optionalText(13), sha256: c.text(9),
                                 size: Int64(c.int(10)))
            }
            var e = EvidenceReference(id: id, item: c.text(1), type: type, reference: c.text(3), description: c.optionalText(4),
                                      obtainedFrom: c.optionalText(5), obtainedOn: c.optionalText(6), file: file)
            e.removed = c.int(11) != 0
            e.removalReason = c.optionalText(12)
            evidenceRefs.append(e)
        }
        return evidenceRefs
    }

    /// Replaces every state row with the fold of the journal.
    static func rebuild(_ state: WorkpaperState, _ db: Database) throws {
        for table in all {
            try db.execute(sql: "DELETE FROM \(table.name)")
            for row in table.rows(state) { try insert(table, row, db) }
        }
        try KeptTotals.writeGrades(db)
    }

    /// Where the tables disagree with `state`, in words; empty when they agree.
    static func differences(from state: WorkpaperState, _ db: Database) throws -> [String] {
        var out: [String] = []
        for table in all {
            // An older schema read where it cannot be upgraded (read-only media) has fewer
            // columns: the ones it has are compared.
            let kept = try presentColumns(table.columns, of: table.name, db)
            // A table an older schema does not have yet holds nothing its journal could have made.
            if kept.isEmpty { continue }
            let expected = table.rows(state).map { row in kept.map { row[$0] } }
            let actual = try Row.fetchAll(db, sql: "SELECT \(kept.map { table.columns[$0] }.joined(separator: ", ")) FROM \(table.name)")
                .map { row in kept.indices.map { row[$0] as DatabaseValue } }
            let key = { (row: [DatabaseValue]) in row.prefix(table.keyCount).map(describe).joined(separator: " / ") }
            let byKey = Dictionary(actual.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let expectedKeys = Set(expected.map(key))
            for row in expected {
                guard let found = byKey[key(row)] else {
                    out.append("table \(table.name) has no row for \(key(row)), which the journal records")
                    continue
                }
                if let i = kept.indices.first(where: { found[$0] != row[$0] }) {
                    out.append("table \(table.name), row \(key(row)): \(table.columns[kept[i]]) is \(describe(found[i])) but the journal says \(describe(row[i]))")
                }
            }
            for row in actual where !expectedKeys.contains(key(row)) {
                out.append("table \(table.name) has a row for \(key(row)) that no journal event made")
            }
        }
        return out
    }

    /// The positions in `columns` of those the table has: an older schema read where it cannot
    /// be upgraded (read-only media) has fewer, and only those are compared.
    static func presentColumns(_ columns: [String], of table: String, _ db: Database) throws -> [Int] {
        let present = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String })
        return columns.indices.filter { present.contains(columns[$0]) }
    }

    static func describe(_ v: DatabaseValue) -> String {
        switch v.storage {
        case .null: return "empty"
        case .int64(let n): return String(n)
        case .double(let d): return String(d)
        case .string(let s): return s.count > 60 ? "'\(s.prefix(60))…'" : "'\(s)'"
        case .blob(let b): return "\(b.count) bytes"
        }
    }
}
