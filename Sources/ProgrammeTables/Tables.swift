import AuditCore

/// The programme's sections kept as spreadsheets: one CSV file each, named after the table,
/// with a heading row naming the columns. A column is the programme file's key of the same
/// name, except the register's roles, which take three columns per kind of role.
public struct Table: Sendable, Hashable {
    /// The file's name without `.csv`.
    public let name: String
    /// The programme file's key the rows go under.
    public let section: String
    /// What one row is, in messages ("3 people").
    public let rowNoun: (one: String, many: String)
    public let columns: [String]
    /// Columns the heading row must name.
    public let required: [String]
    /// Columns whose cells hold several values.
    public let lists: [String]

    public var fileName: String { name + ".csv" }

    public static func == (a: Table, b: Table) -> Bool { a.name == b.name }
    public func hash(into h: inout Hasher) { h.combine(name) }

    public static let people = Table(
        name: "people", section: "people", rowNoun: ("person", "people"),
        columns: ["id", "name", "unit", "manager", "auditor", "external", "competences"] + formatTwoPeopleColumns,
        required: ["id", "name"], lists: ["competences"] + Array(formatTwoPeopleColumns.dropFirst()))

    /// People's columns of programme format 2, written only for a format-2 programme: the
    /// employer, and per competence (the n-th value the n-th competence's) and per earlier unit
    /// and manager (the n-th values one entry of the history), the key each column stands for.
    public static let formatTwoPeopleColumns = ["employer"] + competenceColumns.map(\.column) + historyColumns.map(\.column)
    static let competenceColumns = [("competence_basis", "basis"), ("competence_confirmed", "confirmed"), ("competence_expires", "expires")]
        .map { (column: $0.0, key: $0.1) }
    static let historyColumns = [("history_unit", "unit"), ("history_manager", "manager"), ("history_from", "from"), ("history_to", "to")]
        .map { (column: $0.0, key: $0.1) }

    /// The columns a programme of this format version has.
    public func columns(version: Int) -> [String] {
        self == .people && version < 2 ? columns.filter { !Self.formatTwoPeopleColumns.contains($0) } : columns
    }
    public static let suppliers = Table(
        name: "suppliers", section: "suppliers", rowNoun: ("supplier", "suppliers"),
        columns: ["id", "name"], required: ["id", "name"], lists: [])
    public static let systems = Table(
        name: "ai_systems", section: "ai_systems", rowNoun: ("AI system", "AI systems"),
        columns: ["id", "name", "purpose", "owner", "inherent_risk", "supplier"],
        required: ["id", "name", "owner", "inherent_risk"], lists: [])
    public static let requirements = Table(
        name: "requirements", section: "requirements", rowNoun: ("own requirement", "own requirements"),
        columns: ["id", "title", "guidance"], required: ["id", "title"], lists: [])
    public static let register = Table(
        name: "register", section: "controls", rowNoun: ("register entry", "register entries"),
        columns: ["requirement", "system", "applicable", "justification", "criticality", "change", "operates",
                  "population", "needs"] + RoleKind.allCases.flatMap { roleColumns($0) },
        required: ["requirement"], lists: ["needs"] + RoleKind.allCases.flatMap { roleColumns($0) })
    public static let history = Table(
        name: "history", section: "history", rowNoun: ("history entry", "history entries"),
        columns: ["audit", "date", "item", "grade", "status"], required: ["audit", "date", "item", "grade"], lists: [])

    /// In the order of the programme file.
    public static let all: [Table] = [people, suppliers, systems, requirements, register, history]

    /// The register's three columns for one kind of role: who, since when, until when.
    public static func roleColumns(_ kind: RoleKind) -> [String] {
        [kind.rawValue, kind.rawValue + "_since", kind.rawValue + "_until"]
    }

    /// The table a file holds, by its name (`People.csv` is people).
    public static func named(_ fileName: String) -> Table? {
        let base = fileName.lowercased()
        return all.first { base == $0.fileName }
    }

    /// A heading as written in a spreadsheet, as a column name: case, surrounding spaces, and
    /// spaces or hyphens for underscores aside ("Inherent risk" is inherent_risk).
    static func columnName(_ heading: String) -> String {
        String(heading.trimmingWhitespace().lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// The values of a cell that holds several, separated by `;`, `|` or line breaks, each without
/// its surrounding spaces. An empty cell holds none; `positional` keeps empty places between
/// separators (the n-th date of a role column belongs to the n-th person).
func values(_ cell: String, positional: Bool = false) -> [String] {
    let parts = cell.split(omittingEmptySubsequences: false) { $0 == ";" || $0 == "|" || $0.isNewline }
        .map { String($0).trimmingWhitespace() }
    if parts.allSatisfy(\.isEmpty) { return [] }
    return positional ? parts : parts.filter { !$0.isEmpty }
}

/// Values as one cell: `a; b`, an empty place kept (`2026-01-31;`).
func cell(_ values: [String]) -> String {
    guard values.contains(where: { !$0.isEmpty }) else { return "" }
    return values.joined(separator: "; ").trimmingWhitespace()
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
