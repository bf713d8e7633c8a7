import Foundation
import SafeYAML

/// A CSV file as spreadsheets save it (RFC 4180): cells separated by commas — or semicolons or
/// tabs, as the heading row shows —, a cell in double quotes may hold separators, line breaks
/// and quotes (written twice); CRLF, LF or CR line ends; a UTF-8 byte-order mark is skipped.
/// Every problem is kept with its row and column as a spreadsheet numbers them (the first row
/// is 1, also when cells before it hold line breaks).
public struct CSVTable: Sendable {
    public struct Problem: Sendable, Hashable {
        public var row: Int
        public var column: Int
        public var message: String
        /// The file cannot be read further: what follows from its cells would only mislead.
        public var fatal: Bool
    }

    /// The cells of every row, line breaks inside a cell as "\n".
    public var rows: [[String]] = []
    public var problems: [Problem] = []

    public init(_ input: [UInt8]) {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.contains(0) {
            problems.append(Problem(row: 1, column: 1, message: "this is a binary file, not CSV", fatal: true))
            return
        }
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let separator = Self.separator(bytes)
        enum State { case start, plain, quoted, closed }
        var state = State.start
        var row: [[UInt8]] = [], cell: [UInt8] = []
        var rawRows: [[[UInt8]]] = []
        var opened = (row: 1, column: 1)
        var i = bytes.startIndex
        func endCell() { row.append(cell); cell = []; state = .start }
        func endRow() { endCell(); rawRows.append(row); row = [] }
        while i < bytes.endIndex {
            let b = bytes[i]
            let next = bytes.index(after: i) < bytes.endIndex ? bytes[bytes.index(after: i)] : nil
            switch state {
            case .quoted:
                if b == quote, next == quote {
                    cell.append(quote); i += 1
                } else if b == quote {
                    state = .closed
                } else if b == cr {
                    cell.append(lf)   // a line break inside a cell is "\n", however it was saved
                    if next == lf { i += 1 }
                } else {
                    cell.append(b)
                }
            case .start, .plain, .closed:
                if b == separator {
                    endCell()
                } else if b == lf || b == cr {
                    endRow()
                    if b == cr, next == lf { i += 1 }
                } else if state == .start, b == quote {
                    state = .quoted
                    opened = (rawRows.count + 1, row.count + 1)
                } else {
                    if state == .closed {
                        problems.append(Problem(row: rawRows.count + 1, column: row.count + 1,
                                                message: "text after the closing quote of a quoted cell: inside quotes, write a quote twice (\"\")",
                                                fatal: false))
                    }
                    cell.append(b)
                    state = .plain
                }
            }
            i += 1
        }
        if state == .quoted {
            problems.append(Problem(row: opened.row, column: opened.column,
                                    message: "this quoted cell never ends: its closing quote (\") is missing", fatal: true))
            return
        }
        if !row.isEmpty || !cell.isEmpty || state != .start { endRow() }
        for (r, raw) in rawRows.enumerated() {
            var cells: [String] = []
            for (c, bytes) in raw.enumerated() {
                switch UTF8Check.validate(bytes) {
                case .valid(let text): cells.append(text)
                case .invalid(_, _, let byte):
                    let hex = String(byte, radix: 16, uppercase: true)
                    problems.append(Problem(row: r + 1, column: c + 1,
                                            message: "not UTF-8 text (byte 0x\(hex.count < 2 ? "0" : "")\(hex)): save the file as CSV UTF-8",
                                            fatal: true))
                    return
                }
            }
            rows.append(cells)
        }
    }

    /// The separator the heading row uses outside quotes: the most frequent of comma, semicolon
    /// and tab (a comma when none or a tie).
    static func separator(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for b in bytes {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") { break }
            if b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "\t") { counts[b, default: 0] += 1 }
        }
        let comma = counts[UInt8(ascii: ","), default: 0]
        let best = counts.max { a, b in a.value < b.value || (a.value == b.value && a.key > b.key) }
        guard let best, best.value > comma else { return UInt8(ascii: ",") }
        return best.key
    }
}

/// Writes rows as spreadsheets read them: UTF-8 with a byte-order mark (so Excel does not take
/// it for the local code page), commas, CRLF line ends, a cell quoted when it holds a comma, a
/// quote or a line break.
public enum CSVWriter {
    public static func bytes(_ rows: [[String]]) -> [UInt8] {
        var out: [UInt8] = [0xEF, 0xBB, 0xBF]
        for row in rows {
            out += Array(row.map(cell).joined(separator: ",").utf8)
            out += [13, 10]
        }
        return out
    }

    public static func cell(_ text: String) -> String {
        let special = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
