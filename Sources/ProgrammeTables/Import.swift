import AuditCore
import DidYouMean
import Foundation
import Workpaper

/// CSV tables into a programme file: each table becomes its section, written as YAML in place of
/// the file's own (other sections and their comments stay as they were), and the whole is read
/// by the programme loader. Its messages are put back on the CSV cells the values came from, so
/// a table is checked by the same rules, in the same words, as the YAML.
public enum ProgrammeImport {
    public struct Source: Sendable {
        public var path: String
        public var table: Table
        public var bytes: [UInt8]
        public init(path: String, table: Table, bytes: [UInt8]) { self.path = path; self.table = table; self.bytes = bytes }
    }

    public struct Imported: Sendable {
        /// The programme file, as it is to be written.
        public var bytes: [UInt8]
        /// Each table with its number of rows.
        public var rows: [(table: Table, count: Int)]
    }

    /// The start of a new programme: its format and organisation.
    public static func newProgramme(organisation: String) -> [UInt8] {
        Array("format: \(Programme.format)\n\norganisation:\n  name: \(yamlScalar(organisation))\n".utf8)
    }

    /// The programme `base` (read from `path`) with the tables in place of its sections; every
    /// problem, in the tables and in what the programme then says, at once.
    public static func run(_ sources: [Source], into base: [UInt8], path: String) throws(LoadError) -> Imported {
        var problems: [Diagnostic] = []
        var unshown = 0
        var fatal = false
        var read: [ReadTable] = []
        for (n, source) in sources.enumerated() {
            switch ReadTable.read(source, number: n) {
            case .success(let table):
                read.append(table)
                problems += table.problems
            case .failure(let failure):
                problems += failure.problems
                fatal = true
            }
        }
        if fatal { throw badData(problems, order: sources.map(\.path) + [path]) }

        var sections = try Sections(base, path: path)
        for (n, table) in read.enumerated() { sections.put(table.source.table.section, table.lines.lines, as: n) }
        let lines = sections.lines
        let bytes = sections.bytes
        do {
            _ = try ProgrammeLoader.parse(bytes, path: path)
        } catch {
            guard case .badData(let found, let more) = error else { throw error }
            let mapper = Mapper(path: path, lines: lines.map(\.origin), tables: read)
            problems += found.map(mapper.map)
            unshown = more
        }
        if !problems.isEmpty { throw badData(problems, order: sources.map(\.path) + [path], unshown: unshown) }
        return Imported(bytes: bytes, rows: read.map { ($0.source.table, $0.count) })
    }

    /// Every problem once, by file (in the order given), row and column; the first 50 shown.
    /// `unshown`: the loader's messages beyond those it gave.
    static func badData(_ problems: [Diagnostic], order: [String], unshown: Int = 0) -> LoadError {
        let rank = Dictionary(order.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let sorted = Array(Set(problems)).sorted {
            (rank[$0.path] ?? 0, $0.line, $0.column, $0.message) < (rank[$1.path] ?? 0, $1.line, $1.column, $1.message)
        }
        let shown = Array(sorted.prefix(ProgrammeLoader.maxDiagnostics))
        return .badData(shown, more: sorted.count - shown.count + unshown)
    }
}

/// One CSV table read: its heading checked and its rows as the lines of its YAML section.
struct ReadTable {
    struct Failure: Error { var problems: [Diagnostic] }

    var source: ProgrammeImport.Source
    var number: Int
    /// Column name → its index in the file.
    var columns: [String: Int]
    var lines: FlowLines
    var count = 0
    var problems: [Diagnostic] = []

    static func read(_ source: ProgrammeImport.Source, number: Int) -> Result<ReadTable, Failure> {
        let csv = CSVTable(source.bytes)
        let table = source.table
        func problem(_ row: Int, _ column: Int, _ message: String) -> Diagnostic {
            Diagnostic(path: source.path, line: row, column: column, message: message)
        }
        var problems = csv.problems.map { problem($0.row, $0.column, $0.message) }
        if csv.problems.contains(where: \.fatal) { return .failure(Failure(problems: problems)) }
        guard let heading = csv.rows.first, heading.contains(where: { !$0.trimmingWhitespace().isEmpty }) else {
            problems.append(problem(1, 1, "the file is empty: its first row names the columns (\(table.columns.prefix(3).joined(separator: ", ")), …)"))
            return .failure(Failure(problems: problems))
        }
        var columns: [String: Int] = [:]
        var headed: Set<Int> = []
        for (c, text) in heading.enumerated() {
            let name = Table.columnName(text)
            guard !name.isEmpty else { continue }
            headed.insert(c)
            if let first = columns[name] {
                problems.append(problem(1, c + 1, "column '\(name)' a second time (first in column \(first + 1)): this one is left out"))
            } else if table.columns.contains(name) {
                columns[name] = c
            } else {
                problems.append(problem(1, c + 1, "unknown column '\(text.trimmingWhitespace())' in \(table.fileName)\(Suggest.hint(for: name, in: table.columns)): its columns are \(table.columns.joined(separator: ", "))"))
            }
        }
        let missing = table.required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { "'\($0)'" }.joined(separator: ", ")
            problems.append(problem(1, heading.count + 1, "missing column\(missing.count == 1 ? "" : "s") \(names): \(table.fileName) needs \(table.required.joined(separator: ", "))"))
            return .failure(Failure(problems: problems))
        }
        var read = ReadTable(source: source, number: number, columns: columns, lines: FlowLines(key: table.section))
        for (r, cells) in csv.rows.enumerated().dropFirst() where cells.contains(where: { !$0.trimmingWhitespace().isEmpty }) {
            for (c, cell) in cells.enumerated() where !headed.contains(c) && !cell.trimmingWhitespace().isEmpty {
                problems.append(problem(r + 1, c + 1, "a value in a column without a heading: name the column in row 1, or clear the cell"))
            }
            var row = Row(table: table, path: source.path, number: number, columns: columns, cells: cells, row: r + 1)
            let chunks = table == .register ? row.registerEntry() : table == .people ? row.person() : row.plain()
            problems += row.problems
            read.lines.row(chunks, place: Place(file: number, row: r + 1, column: 0))
            read.count += 1
        }
        read.lines.finishEmpty()
        read.problems = problems
        return .success(read)
    }
}

/// One row of a table as the chunks of its YAML flow mapping.
struct Row {
    let table: Table
    let path: String
    let number: Int
    /// Column name → its index in the file.
    let columns: [String: Int]
    let cells: [String]
    let row: Int
    var problems: [Diagnostic] = []

    /// A non-empty cell's text and place.
    func value(_ column: String) -> (text: String, place: Place)? {
        guard let c = columns[column], c < cells.count else { return nil }
        let text = cells[c].trimmingWhitespace()
        return text.isEmpty ? nil : (text, Place(file: number, row: row, column: c + 1))
    }

    /// Each column present is its key, a list for the columns holding several values.
    func plain(_ names: [String]? = nil) -> [[FlowLines.Piece]] {
        (names ?? table.columns).compactMap { name in
            value(name).map { v in
                table.lists.contains(name) ? listField(name, values(v.text), v.place) : field(name, v.text, v.place)
            }
        }
    }

    /// A register entry: its own columns, then `roles`, one per person named in a role column,
    /// with the n-th date of its `_since` and `_until` columns; listed oldest first (by since,
    /// an open start first), then by kind (owner, operator, approver, implementer, advisor).
    mutating func registerEntry() -> [[FlowLines.Piece]] {
        var chunks = plain(Array(Table.register.columns.prefix(9)))
        var roles: [(since: String, kind: Int, position: Int, pieces: [FlowLines.Piece])] = []
        for (k, kind) in RoleKind.allCases.enumerated() {
            let names = Table.roleColumns(kind)
            let who = value(names[0]), since = value(names[1]), until = value(names[2])
            let people = who.map { values($0.text, positional: true) } ?? []
            let froms = since.map { values($0.text, positional: true) } ?? []
            let tos = until.map { values($0.text, positional: true) } ?? []
            for (dates, cell, column) in [(froms, since, names[1]), (tos, until, names[2])] where dates.count > people.count {
                let count = "\(people.count) \(people.count == 1 ? "person" : "people")"
                problem(cell!.place, "\(dates.count) dates in `\(column)` for \(count) in `\(kind.rawValue)`: the n-th date is the n-th person's")
            }
            for (i, person) in people.enumerated() {
                let from = i < froms.count ? froms[i] : "", to = i < tos.count ? tos[i] : ""
                guard !person.isEmpty else {
                    if let dated = !from.isEmpty ? since : !to.isEmpty ? until : nil {
                        problem(dated.place, "date \(i + 1) in `\(!from.isEmpty ? names[1] : names[2])` is for person \(i + 1) of `\(kind.rawValue)`, who is not named")
                    }
                    continue
                }
                var pieces = [FlowLines.Piece(text: "{", place: who!.place)] + field("person", person, who!.place)
                pieces.append(FlowLines.Piece(text: ", role: \(kind.rawValue)", place: nil))
                if !from.isEmpty { pieces.append(FlowLines.Piece(text: ", ", place: nil)); pieces += field("from", from, since!.place) }
                if !to.isEmpty { pieces.append(FlowLines.Piece(text: ", ", place: nil)); pieces += field("to", to, until!.place) }
                pieces.append(FlowLines.Piece(text: "}", place: nil))
                roles.append((from, k, i, pieces))
            }
        }
        roles.sort { ($0.since, $0.kind, $0.position) < ($1.since, $1.kind, $1.position) }
        for (i, role) in roles.enumerated() {
            var pieces = role.pieces
            if i == 0 { pieces.insert(FlowLines.Piece(text: "roles: [", place: nil), at: 0) }
            if i == roles.count - 1 { pieces.append(FlowLines.Piece(text: "]", place: nil)) }
            chunks.append(pieces)
        }
        return chunks
    }

    /// A person: their own columns, then their competences (a record where a `competence_` column
    /// gives its n-th value) and history (the n-th values of the `history_` columns, one entry).
    mutating func person() -> [[FlowLines.Piece]] {
        var chunks = plain(["id", "name", "unit", "manager", "auditor", "external", "employer"])
        func positional(_ columns: [(column: String, key: String)]) -> [(column: String, key: String, cell: (text: String, place: Place)?, values: [String])] {
            columns.map { c in (c.column, c.key, value(c.column), value(c.column).map { values($0.text, positional: true) } ?? []) }
        }
        let ids = value("competences")
        let names = ids.map { values($0.text) } ?? []
        let details = positional(Table.competenceColumns)
        for d in details where d.values.count > names.count {
            problem(d.cell!.place, "\(d.values.count) values in `\(d.column)` for \(names.count) in `competences`: the n-th value is the n-th competence's")
        }
        if let ids, !names.isEmpty {
            var pieces = [FlowLines.Piece(text: "competences: ", place: ids.place), FlowLines.Piece(text: "[", place: ids.place)]
            for (i, id) in names.enumerated() {
                if i > 0 { pieces.append(FlowLines.Piece(text: ", ", place: nil)) }
                let given = details.filter { i < $0.values.count && !$0.values[i].isEmpty }
                guard !given.isEmpty else { pieces.append(FlowLines.Piece(text: yamlScalar(id), place: ids.place)); continue }
                pieces += [FlowLines.Piece(text: "{", place: ids.place)] + field("id", id, ids.place)
                for d in given { pieces += [FlowLines.Piece(text: ", ", place: nil)] + field(d.key, d.values[i], d.cell!.place) }
                pieces.append(FlowLines.Piece(text: "}", place: nil))
            }
            pieces.append(FlowLines.Piece(text: "]", place: nil))
            chunks.append(pieces)
        }
        let history = positional(Table.historyColumns)
        var entries: [(place: Place, pieces: [FlowLines.Piece])] = []
        for i in 0..<(history.map(\.values.count).max() ?? 0) {
            // A place empty in every column is no entry.
            let given = history.filter { i < $0.values.count && !$0.values[i].isEmpty }
            guard let first = given.first else { continue }
            var pieces = [FlowLines.Piece(text: "{", place: first.cell!.place)]
            for (n, d) in given.enumerated() { pieces += [FlowLines.Piece(text: n > 0 ? ", " : "", place: nil)] + field(d.key, d.values[i], d.cell!.place) }
            pieces.append(FlowLines.Piece(text: "}", place: nil))
            entries.append((first.cell!.place, pieces))
        }
        for (i, entry) in entries.enumerated() {
            var pieces = entry.pieces
            if i == 0 { pieces.insert(FlowLines.Piece(text: "history: [", place: entry.place), at: 0) }
            if i == entries.count - 1 { pieces.append(FlowLines.Piece(text: "]", place: nil)) }
            chunks.append(pieces)
        }
        return chunks
    }

    mutating func problem(_ place: Place, _ message: String) {
        problems.append(Diagnostic(path: path, line: place.row, column: place.column, message: message))
    }
}

/// Puts the loader's messages about the combined programme back where their values came from:
/// a line of the programme file, or a cell of a table.
struct Mapper {
    let path: String
    let lines: [Sections.Origin]
    let tables: [ReadTable]

    enum Where { case file(Int), cell(ReadTable, Place) }

    func origin(_ line: Int, _ column: Int) -> Where {
        switch lines[max(0, min(line, lines.count) - 1)] {
        case .file(let n): return .file(n)
        case let .new(t, l):
            let table = tables[t]
            return .cell(table, table.lines.place(line: l, column: column) ?? Place(file: table.number, row: 1, column: 1))
        }
    }

    func map(_ d: Diagnostic) -> Diagnostic {
        var message = d.message.replacing(#/at line (\d+)\)/#) { match in
            switch origin(Int(match.1) ?? 1, 1) {
            case .file(let n): return "at line \(n))"
            case let .cell(table, place): return "at \(table.source.path):\(place.row))"
            }
        }
        switch origin(d.line, d.column) {
        case .file(let n):
            return Diagnostic(path: path, line: n, column: d.column, message: message)
        case let .cell(table, place):
            var column = place.column
            if let missing = message.firstMatch(of: #/^missing required key '([a-z_]+)' in /#) {
                var key = String(missing.1)
                // A history entry's `to` is the `history_to` column's.
                if table.source.table == .people, let c = Table.historyColumns.first(where: { $0.key == key && message.contains("`history`") }) { key = c.column }
                column = table.columns[key].map { $0 + 1 } ?? 1
                message = "empty cell in required column '\(key)' of " + message.dropFirst(missing.0.count)
            }
            message = message.replacingOccurrences(of: "at \(table.source.path):", with: "at row ")
            // A role's keys are its column's: `owner_since`, not `from`.
            if let name = table.columns.first(where: { $0.value == place.column - 1 })?.key,
               table.source.table == .register, RoleKind.allCases.contains(where: { Table.roleColumns($0).contains(name) }) {
                for key in ["person", "from", "to"] { message = message.replacingOccurrences(of: "`\(key)`", with: "`\(name)`") }
            }
            // A competence's or a history entry's keys are its columns': `history_to`, not `to`.
            if let name = table.columns.first(where: { $0.value == place.column - 1 })?.key, table.source.table == .people,
               let key = (Table.competenceColumns + Table.historyColumns).first(where: { $0.column == name })?.key {
                message = message.replacingOccurrences(of: "`\(key)`", with: "`\(name)`")
            }
            return Diagnostic(path: table.source.path, line: place.row, column: max(1, column), message: message)
        }
    }
}
