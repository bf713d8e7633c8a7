import AuditCore
import Foundation
import GRDB

/// The `audit_record` state table: the audit's record beyond findings, folded from the journal
/// like the other state tables. One row per item and kind — `review`, `response`, `deferral` —
/// and, under the empty item, the audit's `meetings`, `conclusion` and `approval`; each value as
/// canonical JSON.
extension StateTables {
    /// The latest approval, how many there were, and the events recorded since.
    struct Approvals: Codable {
        var latest: ReportApproval
        var count: Int
        var since: Int
    }

    static func recordRows(_ item: String, _ r: ItemRecord) -> [[DatabaseValue]] {
        [("deferral", json(r.deferral)), ("response", json(r.response)), ("review", json(r.review))]
            .filter { $0.1 != .null }.map { [value(item), value($0.0), $0.1] }
    }

    static func auditRows(_ a: AuditRecord) -> [[DatabaseValue]] {
        var rows: [[DatabaseValue]] = []
        if let latest = a.approval { rows.append([value(""), value("approval"), json(Approvals(latest: latest, count: a.approvals, since: a.sinceApproval))]) }
        if let c = a.conclusion { rows.append([value(""), value("conclusion"), json(c)]) }
        if !a.meetings.isEmpty { rows.append([value(""), value("meetings"), json(a.meetings)]) }
        return rows
    }

    static let auditRecord = Table(
        name: "audit_record", columns: ["item", "kind", "value"], keyCount: 2,
        rows: { state in auditRows(state.auditRecord) + state.items.sorted { $0.key < $1.key }.flatMap(recordRows) })

    /// Rewrites the record's rows of these items, and the audit's own.
    static func writeRecord(_ state: WorkpaperState, items: Set<String>, _ db: Database) throws {
        for item in items.sorted() + [""] {
            try db.cachedStatement(sql: "DELETE FROM audit_record WHERE item = ?").execute(arguments: [item])
            let rows = item.isEmpty ? auditRows(state.auditRecord) : state.items[item].map { recordRows(item, $0) } ?? []
            for row in rows { try insert(auditRecord, row, db) }
        }
    }

    /// Reads the record back into the items and the audit.
    /// `condition` (a WHERE clause on `item`, with its `arguments`): only those items' (and no audit-wide record).
    static func readRecord(_ db: Database, into items: inout [String: ItemRecord], _ condition: String = "",
                           _ arguments: StatementArguments = []) throws -> AuditRecord {
        guard try !presentColumns(auditRecord.columns, of: auditRecord.name, db).isEmpty else { return AuditRecord() }
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_: T.Type, _ text: String) throws -> T { try decoder.decode(T.self, from: Data(text.utf8)) }
        var meetings: [Meeting] = [], conclusion: Conclusion?, approvals: Approvals?
        for row in try Row.fetchAll(db, sql: "SELECT item, kind, value FROM audit_record \(condition)", arguments: arguments) {
            let item: String = row["item"], kind: String = row["kind"], text: String = row["value"]
            switch (item.isEmpty, kind) {
            case (true, "meetings"): meetings = try decode([Meeting].self, text)
            case (true, "conclusion"): conclusion = try decode(Conclusion.self, text)
            case (true, "approval"): approvals = try decode(Approvals.self, text)
            case (false, "review"): items[item, default: ItemRecord()].review = try decode(Review.self, text)
            case (false, "response"): items[item, default: ItemRecord()].response = try decode(AuditeeResponse.self, text)
            case (false, "deferral"): items[item, default: ItemRecord()].deferral = try decode(Deferral.self, text)
            default: throw EventCodec.DecodeError.badPayload("audit_record", "unknown kind '\(kind)' of '\(item)'")
            }
        }
        return AuditRecord(meetings: meetings, conclusion: conclusion, approval: approvals?.latest, approvals: approvals?.count ?? 0,
                           sinceApproval: approvals?.since ?? 0)
    }
}
