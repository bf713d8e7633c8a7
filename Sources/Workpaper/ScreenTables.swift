import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// True when the audit's derivation is at hand already (the programme was parsed at the
    /// open: an older workpaper, or every command but the screen): the screen's tables are then
    /// taken from it rather than read.
    private var derivedInMemory: Bool { !readFromTables }

    public func screenTables() throws(WorkpaperError) -> ScreenTables {
        if derivedInMemory {
            return ScreenTables(facts: AuditFacts(programme, audit: audit), analysis: analysis, evidenceCounts: evidenceCounts())
        }
        do {
            return try db.read { db in
                guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [DerivedTables.factsKey]) else {
                    throw WorkpaperError.notAWorkpaper("\(path) has no facts of its audit; run `aimsaudit verify \(path)`")
                }
                let facts = try JSONDecoder().decode(AuditFacts.self, from: Data(text.utf8))
                let unreadable = RawRows.Failure(description: "a checklist or verdict row is not as aimsaudit writes it; run `aimsaudit verify \(path)`")
                var checklist: [ChecklistItem] = []
                checklist.reserveCapacity(try Int.fetchOne(db, sql: "SELECT count(*) FROM checklist") ?? 0)
                try RawRows.each(db, "SELECT item, title, i, c, f, t, d, owners, auditor, excluded FROM checklist ORDER BY position") { c in
                    guard let key = ItemKey(c.text(0)) else { throw unreadable }
                    let owners = c.text(7).split(separator: ",").map { ItemOwner(person: String($0), what: "") }
                    // The row says whether it is an exclusion; the rest of the entry is the item's detail.
                    let entry = c.int(9) != 0 ? ControlEntry(requirement: key.requirement, system: key.system, applicable: false) : nil
                    checklist.append(ChecklistItem(key: key, title: c.text(1), kind: .own, entry: entry,
                                                   weight: Weight(I: c.int(2), C: c.int(3), F: c.int(4), T: c.double(5), D: c.int(6)),
                                                   owners: owners, auditor: c.optionalText(8)))
                }
                var verdicts: [Verdict] = []
                try RawRows.each(db, "SELECT auditor, item, rule, level, reason FROM verdict") { c in
                    guard let key = ItemKey(c.text(1)), let rule = Rule(rawValue: c.text(2)), let level = Level(rawValue: c.text(3)) else { throw unreadable }
                    verdicts.append(Verdict(auditor: c.text(0), item: key, rule: rule, level: level, reason: c.text(4)))
                }
                return ScreenTables(facts: facts, analysis: AuditAnalysis(audit: facts.audit, checklist: checklist, verdicts: verdicts, problems: []),
                                    evidenceCounts: try Self.evidenceCounts(db))
            }
        } catch let error as WorkpaperError {
            throw error
        } catch {
            throw .notAWorkpaper("cannot read the checklist of \(path): \(error)")
        }
    }

    /// Evidence still cited, per item.
    public func evidenceCounts() -> [String: Int] {
        if derivedInMemory {
            var counts: [String: Int] = [:]
            for e in state.evidence.values where !e.removed { counts[e.item, default: 0] += 1 }
            return counts
        }
        return ((try? db.read { db in try Self.evidenceCounts(db) }) ?? nil) ?? [:]
    }

    private static func evidenceCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try RawRows.each(db, "SELECT item, count(*) FROM evidence WHERE removed = 0 GROUP BY item") { c in
            counts[c.text(0)] = c.int(1)
        }
        return counts
    }

    /// What the item screen shows of an item beyond its row, as kept in the checklist.
    public func detail(of key: String) -> ItemDetail? {
        if derivedInMemory {
            guard let item = analysis.checklist.first(where: { $0.key.description == key }) else { return nil }
            return ItemDetail(item, requirement: programme.requirementIndex()[item.requirement])
        }
        let text = (try? db.read { db in try String.fetchOne(db, sql: "SELECT detail FROM checklist WHERE item = ?", arguments: [key]) }) ?? nil
        return text.flatMap { try? JSONDecoder().decode(ItemDetail.self, from: Data($0.utf8)) }
    }

    /// The item's evidence references as the table holds them, taken into the state (a save of
    /// an edit to one of them starts from it).
    @discardableResult
    public func readEvidence(on item: String) -> [EvidenceReference] {
        guard !derivedInMemory else { return state.evidence(on: item) }
        let refs = (try? db.read { db in try StateTables.references(db, "WHERE item = ?", item) }) ?? []
        state.adopt(refs)
        return state.evidence(on: item)
    }

    /// How many references are still cited on the item, as the table holds them.
    public func evidenceCount(on item: String) -> Int {
        guard !derivedInMemory else { return state.evidenceCount(on: item) }
        return ((try? db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM evidence WHERE item = ? AND removed = 0", arguments: [item]) }) ?? nil) ?? 0
    }

    /// The references with these ids as the table holds them, taken into the state.
    func adoptEvidence(_ ids: [Int]) {
        let missing = ids.filter { state.evidence[$0] == nil }
        guard !missing.isEmpty, !derivedInMemory else { return }
        let list = missing.map(String.init).joined(separator: ",")
        if let refs = try? db.read({ db in try StateTables.references(db, "WHERE id IN (\(list))") }) { state.adopt(refs) }
    }

    /// The item an event is about; an edit or a removal of evidence not read yet is looked up.
    public func item(of body: EventBody) -> String? {
        if let item = Self.item(of: body, in: state) { return item }
        switch body {
        case .evidenceEdited(let id, _), .evidenceRemoved(let id, _):
            adoptEvidence([id])
            return Self.item(of: body, in: state)
        default: return nil
        }
    }
}
