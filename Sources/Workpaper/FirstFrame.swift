import AuditCore
import Foundation
import GRDB

/// The screen's first frame, read from the workpaper's tables alone: the checklist as derived
/// when the workpaper was made, the auditor's own verdicts, the grades and evidence counts, and
/// a small header (the organisation, the audit, people's names). Parsing the programme snapshot
/// and deriving the checklist again is most of the time a large workpaper takes to open; the
/// screen draws this first, then opens the workpaper fully before it takes any key.
public struct FirstFrame: Sendable {
    /// Only the organisation, the people's names and this audit.
    public var programme: Programme
    /// The checklist, and only `me`'s verdicts.
    public var analysis: AuditAnalysis
    /// Grades, re-test marks and evidence counts.
    public var state: WorkpaperState
    /// For a glimpse (`read(_:me:rows:)` with rows), whose checklist is only its first rows: what
    /// the checklist's head says of the whole checklist.
    public var totals: Totals?

    public struct Totals: Sendable {
        /// Every item's key, in checklist order.
        public var keys: [String]
        public var coverage: Coverage
        public var grades: [Grade: Int]
    }

    struct Header: Codable {
        struct AuditHeader: Codable {
            var id, title, lead: String
            var team: [String]
            var period, fieldwork: [String]
        }
        var organisation: String
        var audit: AuditHeader
        /// id, name
        var people: [[String]]
    }

    static let metaKey = "first_frame"

    /// The header as the `meta` table keeps it.
    static func header(_ programme: Programme, _ audit: Audit) -> String {
        let h = Header(organisation: programme.organisation.name,
                       audit: .init(id: audit.id, title: audit.title, lead: audit.lead, team: audit.team,
                                    period: [audit.period.from.description, audit.period.to.description],
                                    fieldwork: [audit.fieldwork.from.description, audit.fieldwork.to.description]),
                       people: programme.people.map { [$0.id, $0.name] })
        return String(decoding: (try? EventCodec.encoder.encode(h)) ?? Data(), as: UTF8.self)
    }

    /// nil whenever anything is not as this version writes it (an older workpaper, a damaged
    /// one, someone unknown): the caller then opens the workpaper fully, which says what is wrong.
    ///
    /// With `rows`, a glimpse: only the first rows of the checklist (in checklist order) with
    /// their verdicts, grades and evidence counts, and the totals of the whole checklist; enough
    /// for the first screen of the checklist, read in a few milliseconds whatever its size.
    public static func read(_ path: String, me: String, rows: Int? = nil) -> FirstFrame? {
        guard !me.isEmpty, let db = try? DatabaseQueue(path: path, configuration: WorkpaperFile.configuration(readOnly: true)) else { return nil }
        defer { try? db.close() }
        return try? db.read { db -> FirstFrame? in
            guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID,
                  try Int.fetchOne(db, sql: "PRAGMA user_version") == Schema.version,
                  let json = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [metaKey]),
                  let h = try? JSONDecoder().decode(Header.self, from: Data(json.utf8)),
                  h.people.contains(where: { $0.first == me }),
                  let pf = Day(iso: h.audit.period.first ?? ""), let pt = Day(iso: h.audit.period.last ?? ""),
                  let ff = Day(iso: h.audit.fieldwork.first ?? ""), let ft = Day(iso: h.audit.fieldwork.last ?? "")
            else { return nil }
            let audit = Audit(id: h.audit.id, title: h.audit.title, objectives: "", criteria: [],
                              period: ClosedDays(from: pf, to: pt), fieldwork: ClosedDays(from: ff, to: ft),
                              lead: h.audit.lead, team: h.audit.team)
            let programme = Programme(organisation: Organisation(name: h.organisation),
                                      people: h.people.compactMap { $0.count >= 2 ? Person(id: $0[0], name: $0[1]) : nil },
                                      audits: [audit])
            // Anything not as this version writes it ends the read (nil, below).
            let unreadable = RawRows.Failure(description: "not as this version writes it")
            // Positions are 1, 2, 3… in checklist order: a glimpse takes those up to `rows`.
            let first = rows.map { " WHERE position <= \(max(0, $0))" } ?? ""
            let firstItems = rows.map { " AND item IN (SELECT item FROM checklist WHERE position <= \(max(0, $0)))" } ?? ""
            var checklist: [ChecklistItem] = []
            checklist.reserveCapacity(try rows ?? (Int.fetchOne(db, sql: "SELECT count(*) FROM checklist") ?? 0))
            try RawRows.each(db, "SELECT item, system, title, i, c, f, t, d, owners, auditor, excluded, requirement FROM checklist\(first) ORDER BY position") { c in
                guard let key = ItemKey(c.text(0)) else { throw unreadable }
                let owners = c.text(8).split(separator: ",").map { ItemOwner(person: String($0), what: "") }
                // An SoA exclusion shows as one; the rest of the register entry waits for the full open.
                let entry = c.int(10) != 0 ? ControlEntry(requirement: c.text(11), system: c.optionalText(1), applicable: false) : nil
                checklist.append(ChecklistItem(key: key, title: c.text(2), kind: .own, entry: entry,
                                               weight: Weight(I: c.int(3), C: c.int(4), F: c.int(5), T: c.double(6), D: c.int(7)),
                                               owners: owners, auditor: c.optionalText(9)))
            }
            var verdicts: [Verdict] = []
            try RawRows.each(db, "SELECT item, rule, level, reason FROM verdict WHERE auditor = ?\(firstItems)", me) { c in
                guard let key = ItemKey(c.text(0)), let rule = Rule(rawValue: c.text(1)), let level = Level(rawValue: c.text(2)) else { throw unreadable }
                verdicts.append(Verdict(auditor: me, item: key, rule: rule, level: level, reason: c.text(3)))
            }
            var items: [String: ItemRecord] = [:]
            try RawRows.each(db, "SELECT item, grade, carried FROM item_state WHERE 1\(firstItems)") { c in
                guard let grade = Grade(rawValue: c.text(1)) else { throw unreadable }
                var r = ItemRecord()
                r.grade = grade
                if let carried = c.optionalText(2) { r.carried = try? JSONDecoder().decode(CarriedFinding.self, from: Data(carried.utf8)) }
                items[c.text(0)] = r
            }
            var counts: [String: Int] = [:]
            try RawRows.each(db, "SELECT item, count(*) FROM evidence WHERE removed = 0\(firstItems) GROUP BY item") { c in
                counts[c.text(0)] = c.int(1)
            }
            var totals: Totals?
            if rows != nil {
                // Read as stored (sorting 10,000 rows by position would take longer than the rest),
                // put in checklist order, which `Coverage` sums in.
                let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM checklist") ?? 0
                var keys = [String](repeating: "", count: n), scores = [Double](repeating: 0, count: n)
                var graded = [Grade?](repeating: nil, count: n)
                try RawRows.each(db, "SELECT c.position, c.item, c.score, s.grade FROM checklist c LEFT JOIN item_state s ON s.item = c.item") { c in
                    let at = c.int(0) - 1
                    guard keys.indices.contains(at), graded[at] == nil,
                          let grade = c.optionalText(3).map(Grade.init(rawValue:)) ?? .notAudited else { throw unreadable }
                    keys[at] = c.text(1)
                    scores[at] = c.double(2)
                    graded[at] = grade
                }
                var grades: [Grade: Int] = [:], items: [(score: Double, grade: Grade)] = []
                items.reserveCapacity(n)
                for at in 0 ..< n {
                    guard let grade = graded[at] else { throw unreadable }   // a position missing
                    grades[grade, default: 0] += 1
                    items.append((scores[at], grade))
                }
                totals = Totals(keys: keys, coverage: Coverage(items), grades: grades)
            }
            return FirstFrame(programme: programme, analysis: AuditAnalysis(audit: audit, checklist: checklist, verdicts: verdicts, problems: []),
                              state: WorkpaperState(items: items, evidenceCounts: counts), totals: totals)
        } ?? nil
    }
}
