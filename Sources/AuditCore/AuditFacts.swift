/// Who may be named in a record, and what they are called: the programme's people by id.
public struct Roster: Sendable, Hashable {
    /// Ids in the programme's order, for suggestions.
    public let ids: [String]
    private let names: [String: String]

    public init(_ people: [(id: String, name: String)]) {
        ids = people.map(\.id)
        names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    public func knows(_ id: String) -> Bool { names[id] != nil }
    /// The person's name, or the id when the programme has no such person.
    public func name(_ id: String) -> String { names[id] ?? id }
    /// "unknown person 'okafr' (did you mean 'okafor'?)"'s hint.
    public func hint(for id: String) -> String { Suggest.hint(for: id, in: ids) }
}

extension Programme {
    public var roster: Roster { Roster(people.map { ($0.id, $0.name) }) }
}

/// What the screen shows of the programme beside the checklist: the organisation, the audit, who
/// is who, and the AI systems. A workpaper keeps it beside the checklist and verdicts it was made
/// with (and `verify` derives it again), so the screen opens from the workpaper's tables without
/// reading the programme.
public struct AuditFacts: Codable, Sendable, Hashable {
    public struct Name: Codable, Sendable, Hashable {
        public var id: String
        public var name: String
    }

    public var organisation: String
    public var audit: Audit
    public var people: [Name]
    /// AI system ids, in the programme's order.
    public var systems: [String]
    /// The programme format and owner, which judge justifications; nil for format 1 (whose
    /// workpapers keep the facts they had).
    public var format: Int?
    public var programmeOwner: String?

    public init(_ programme: Programme, audit: Audit) {
        organisation = programme.organisation.name
        self.audit = audit
        people = programme.people.map { Name(id: $0.id, name: $0.name) }
        systems = programme.systems.map(\.id)
        if programme.version >= 2 {
            format = programme.version
            programmeOwner = programme.organisation.owner
        }
    }

    public var roster: Roster { Roster(people.map { ($0.id, $0.name) }) }
}

/// What the screen opens from: the facts of the audit and the checklist's rows with every
/// verdict — all a workpaper keeps in its tables, so no programme is parsed and no reference read
/// to open it. An item's detail and references come when it is shown, the count of its evidence
/// when its row is.
public struct ScreenTables: Sendable {
    public var facts: AuditFacts
    /// The checklist's rows (each item's `ItemDetail` comes when it is shown) and every verdict.
    public var analysis: AuditAnalysis

    public init(facts: AuditFacts, analysis: AuditAnalysis) {
        self.facts = facts; self.analysis = analysis
    }
}

/// What the screen shows first, read before the rest: the checklist's first rows, their records
/// and my verdicts on them, and the totals its head shows. At 10,000 items, reading every row
/// before the first frame took three times as long as the frame itself; the rest (every row,
/// every record) is read beside the screen once that frame is up (Workpaper's `restReader`).
public struct FirstRows: Sendable {
    /// The facts, the first rows of the checklist (positions 1…`firstRowCount`) and my verdicts on them.
    public let tables: ScreenTables
    /// Those rows' records, and every conflict a merge left open (the head counts them).
    public let records: WorkpaperState
    /// How many rows the checklist has.
    public let count: Int
    /// Every row's grade, counted (`notAudited` for a row without one), and the coverage by weight.
    public let grades: [Grade: Int]
    public let coverage: Coverage
    /// The keys that may be the widest: the longest in plain ASCII, and every key that is not.
    public let widestKeys: [String]

    public init(tables: ScreenTables, records: WorkpaperState, count: Int, grades: [Grade: Int], coverage: Coverage, widestKeys: [String]) {
        (self.tables, self.records, self.count, self.grades, self.coverage, self.widestKeys) = (tables, records, count, grades, coverage, widestKeys)
    }
}

/// What the item screen shows of an item beyond its checklist row: the register entry behind it
/// with every role, who holds it and how, and what the requirement asks. Kept in the workpaper's
/// checklist and read when the item is opened.
public struct ItemDetail: Codable, Sendable, Hashable {
    public var kind: Catalogue.Kind
    public var entry: ControlEntry?
    public var owners: [ItemOwner]
    public var requirement: RequirementInfo?

    public init(_ item: ChecklistItem, requirement: RequirementInfo?) {
        kind = item.kind
        entry = item.entry
        owners = item.owners
        self.requirement = requirement
    }

    /// The whole checklist item, given its row.
    public func item(_ row: ChecklistItem) -> ChecklistItem {
        ChecklistItem(key: row.key, title: row.title, kind: kind, entry: entry, weight: row.weight, owners: owners,
                      auditor: row.auditor)
    }
}

// Days and item keys are written as the programme file writes them.
extension Day: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a day: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension ItemKey: Codable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = ItemKey(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an item key: \(text)"))
        }
        self = key
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
