import AuditCore
import Workpaper

/// A programme as CSV tables and the YAML of everything else, which `ProgrammeImport` puts back
/// together. A value left at its default is an empty cell (criticality aside, which is always
/// written), as the programme file leaves such keys out.
public enum ProgrammeExport {
    /// A value a table cannot hold so that it reads back the same.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The table's rows, the heading first.
    public static func rows(_ table: Table, of p: Programme) throws(Refusal) -> [[String]] {
        let rows: [[Value]]
        switch table {
        case .people:
            rows = p.people.map { person in
                [.text(person.id), .text(person.name), .text(person.unit), .text(person.manager), flag(person.auditor),
                 flag(person.external), .list(person.competences), .text(person.employer),
                 .places(person.competences.map { person.competenceRecords[$0]?.basis ?? "" }),
                 .places(person.competences.map { person.competenceRecords[$0]?.confirmed?.description ?? "" }),
                 .places(person.competences.map { person.competenceRecords[$0]?.expires?.description ?? "" }),
                 .places(person.history.map { $0.unit ?? "" }), .places(person.history.map { $0.manager ?? "" }),
                 .places(person.history.map { $0.from?.description ?? "" }), .places(person.history.map(\.to.description))]
            }
        case .suppliers:
            rows = p.suppliers.map { [.text($0.id), .text($0.name)] }
        case .systems:
            rows = p.systems.map { [.text($0.id), .text($0.name), .text($0.purpose), .text($0.owner), .text("\($0.inherentRisk)"),
                                    .text($0.supplier)] }
        case .requirements:
            rows = p.requirements.map { [.text($0.id), .text($0.title), .text($0.guidance)] }
        case .register:
            rows = p.controls.map { c in
                [.text(c.requirement), .text(c.system), .text(c.applicable ? nil : "false"), .text(c.justification),
                 .text("\(c.criticality)"), .text(c.change == .none ? nil : c.change.rawValue), .text(c.operates?.rawValue),
                 .text(c.population.map(String.init)), .list(c.needs)]
                    + RoleKind.allCases.flatMap { kind -> [Value] in
                        let held = c.roles.filter { $0.role == kind }
                        return [.places(held.map(\.person)), .places(held.map { $0.from?.description ?? "" }),
                                .places(held.map { $0.to?.description ?? "" })]
                    }
            }
        case .history:
            rows = p.history.map { [.text($0.audit), .text($0.date.description), .text($0.item.description),
                                    .text($0.grade.rawValue), .text($0.status?.rawValue)] }
        default:
            rows = []
        }
        // A format-1 programme's tables have format 1's columns.
        let columns = table.columns(version: p.version)
        var out = [columns]
        for row in rows {
            var cells: [String] = []
            for (name, value) in zip(table.columns, row) where columns.contains(name) {
                guard let text = value.cell else {
                    let key = row.first?.cell.map { "'\($0)'" } ?? "a row"
                    throw Refusal(description: "cannot write the `\(name)` of \(key) to \(table.fileName) so that it reads back the same: a cell loses spaces at its ends, and a value in a list may not hold ';', '|' or a line break")
                }
                cells.append(text)
            }
            out.append(cells)
        }
        return out
    }

    /// What a cell shows.
    enum Value {
        case text(String?)
        /// Several values.
        case list([String])
        /// One value per person of a role column, an empty place kept.
        case places([String])

        /// The cell's text, or nil when it would read back otherwise (`values` and `cell`).
        var cell: String? {
            switch self {
            case .text(let t):
                let text = t ?? ""
                return text == text.trimmingWhitespace() ? text : nil
            case .list(let items):
                let text = ProgrammeTables.cell(items)
                return values(text) == items ? text : nil
            case .places(let items):
                let text = ProgrammeTables.cell(items)
                return values(text, positional: true) == (items.allSatisfy(\.isEmpty) ? [] : items) ? text : nil
            }
        }
    }

    /// The programme file's text without the tables' sections (and the comments right above them).
    public static func rest(_ source: [UInt8], path: String) throws(LoadError) -> [UInt8] {
        var sections = try Sections(source, path: path)
        for table in Table.all { sections.remove(table.section) }
        return sections.bytes
    }

    static func flag(_ on: Bool) -> Value { .text(on ? "true" : nil) }
}
