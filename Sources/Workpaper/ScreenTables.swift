import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// True when the audit's derivation is at hand already (the programme was parsed at the
    /// open: an older workpaper, or every command but the screen): the screen's tables are then
    /// taken from it rather than read.
    private var derivedInMemory: Bool { !readFromTables }

    /// What the screen opens from, for `me`: only their own verdicts (every team member's when
    /// nobody is named yet, to choose from), with their rules and levels but not their reasons
    /// (4 MB of text at 10,000 items): an item's verdicts, reasons and all, are read when it is
    /// shown, and nothing says a reason before that. Evidence is counted for the rows shown
    /// (`evidenceCounts(on:)`).
    public func screenTables(for me: String = "") throws(WorkpaperError) -> ScreenTables {
        if derivedInMemory {
            return ScreenTables(facts: AuditFacts(programme, audit: audit), analysis: analysis)
        }
        do { return try db.read { db in try Self.screenTables(db, path: path, me: me) } } catch { throw Self.checklistError(path, error) }
    }

    /// The same from a connection: the checklist, my verdicts and the facts kept with them, which
    /// are written once, when the workpaper is made (and again only by an upgrade).
    static func screenTables(_ db: Database, path: String, me: String) throws -> ScreenTables {
        let facts = try facts(db, path: path)
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM checklist") ?? 0
        let checklist = try checklist(db, path: path, first: count, of: count)
        let verdicts = try verdicts(db, me.isEmpty ? "" : "WHERE auditor = ?", me.isEmpty ? [] : [me], unreadable(path), reasons: false)
        return ScreenTables(facts: facts, analysis: analysis(facts, checklist, verdicts))
    }

    /// The facts kept with the checklist.
    static func facts(_ db: Database, path: String) throws -> AuditFacts {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [DerivedTables.factsKey]) else {
            throw WorkpaperError.notAWorkpaper("\(path) has no facts of its audit; run `aimsaudit verify \(path)`")
        }
        return try JSONDecoder().decode(AuditFacts.self, from: Data(text.utf8))
    }

    static func analysis(_ facts: AuditFacts, _ checklist: [ChecklistItem], _ verdicts: [Verdict]) -> AuditAnalysis {
        AuditAnalysis(audit: facts.audit, checklist: checklist, verdicts: verdicts, problems: [],
                      format: facts.format ?? 1, programmeOwner: facts.programmeOwner)
    }

    static func unreadable(_ path: String) -> Error {
        TableRows.Failure(description: "a checklist or verdict row is not as aimsaudit writes it; run `aimsaudit verify \(path)`")
    }

    /// The checklist's first `count` rows (positions 1…count) of its `total`, each put at its
    /// place as read (sorting 10,000 rows by position costs more than the rest).
    static func checklist(_ db: Database, path: String, first count: Int, of total: Int) throws -> [ChecklistItem] {
        let unreadable = unreadable(path)
        var rows = [ChecklistItem?](repeating: nil, count: count)
        let condition = count < total ? "WHERE position <= \(count)" : ""
        try TableRows.each(db, "SELECT position, item, title, i, c, f, t, d, owners, auditor, excluded FROM checklist \(condition)") { c in
            let at = c.int(0) - 1
            guard rows.indices.contains(at), rows[at] == nil, let key = ItemKey(c.text(1)) else { throw unreadable }
            let owners = c.text(8).split(ascii: UInt8(ascii: ",")).map { ItemOwner(person: String($0), what: "") }
            // The row says whether it is an exclusion; the rest of the entry is the item's detail.
            let entry = c.int(10) != 0 ? ControlEntry(requirement: key.requirement, system: key.system, applicable: false) : nil
            rows[at] = ChecklistItem(key: key, title: c.text(2), kind: .own, entry: entry,
                                     weight: Weight(I: c.int(3), C: c.int(4), F: c.int(5), T: c.double(6), D: c.int(7)),
                                     owners: owners, auditor: c.optionalText(9))
        }
        return try rows.map { row throws -> ChecklistItem in
            guard let row else { throw unreadable }   // a position missing
            return row
        }
    }

    /// Evidence still cited on each of these items (the checklist's rows as they come into view:
    /// counting every item's at the open took 98 M instructions at 10,000 items); nil when the
    /// file cannot be read now.
    public func evidenceCounts(on items: [String]) -> [String: Int]? {
        var counts: [String: Int] = [:]
        for item in items { counts[item] = derivedInMemory ? state.evidenceCount(on: item) : 0 }
        guard !derivedInMemory, !items.isEmpty else { return counts }
        do {
            try db.read { db in
                try TableRows.each(db, "SELECT item, count(*) FROM evidence WHERE removed = 0 AND item IN (\(TableRows.marks(items.count))) GROUP BY item",
                                   arguments: StatementArguments(items)) { c in counts[c.text(0)] = c.int(1) }
            }
        } catch {
            return nil
        }
        return counts
    }

    /// The verdicts the condition picks; without `reasons`, each reason is left empty.
    static func verdicts(_ db: Database, _ condition: String, _ arguments: StatementArguments, _ unreadable: Error,
                         reasons: Bool = true) throws -> [Verdict] {
        var verdicts: [Verdict] = []
        try TableRows.each(db, "SELECT auditor, item, rule, level\(reasons ? ", reason" : "") FROM verdict \(condition)", arguments: arguments) { c in
            guard let key = ItemKey(c.text(1)), let rule = Rule(rawValue: c.text(2)), let level = Level(rawValue: c.text(3)) else { throw unreadable }
            verdicts.append(Verdict(auditor: c.text(0), item: key, rule: rule, level: level, reason: reasons ? c.text(4) : ""))
        }
        return verdicts
    }

    /// Every team member's verdicts on an item (the screen reads them when it shows the item).
    public func verdicts(on item: String) -> [Verdict] {
        if derivedInMemory { return ItemKey(item).map { k in analysis.verdicts.filter { $0.item == k } } ?? [] }
        let unreadable = TableRows.Failure(description: "a verdict is not as aimsaudit writes it")
        return ((try? db.read { db in try Self.verdicts(db, "WHERE item = ?", [item], unreadable) }) ?? nil) ?? []
    }

    /// What the item screen shows of an item beyond its row, as kept in the checklist.
    public func detail(of key: String) -> ItemDetail? {
        if derivedInMemory {
            guard let k = ItemKey(key), let item = analysis.checklist.first(where: { $0.key == k }) else { return nil }
            return ItemDetail(item, requirement: programme.requirementIndex()[item.requirement])
        }
        let text = (try? db.read { db in try String.fetchOne(db, sql: "SELECT detail FROM item_detail WHERE item = ?", arguments: [key]) }) ?? nil
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
    public func evidenceCount(on item: String) -> Int { evidenceCounts(on: [item])?[item] ?? 0 }

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
