/// A cell of a CSV file: the file's place among those read, its row and column (1-based, as a
/// spreadsheet shows them; column 0 is the row as a whole).
struct Place: Hashable, Sendable {
    var file: Int
    var row: Int
    var column: Int
}

/// Lines of YAML, one flow mapping per row (`  - {id: amara, name: Amara Nwosu}`) as the
/// programme file is usually written, with the place of each value in the lines kept, so that
/// the loader's message about a value can be put back on the cell it came from.
struct FlowLines {
    /// A piece of a row: text, and the cell it shows when it is a value.
    struct Piece {
        var text: String
        var place: Place?
    }

    /// Longer rows continue on the next line, between two of their keys or list items.
    static let width = 100
    static let continuation = "     "

    private(set) var lines: [String] = []
    /// For each line, the columns (in Unicode scalars, as the YAML parser counts) where values start.
    private(set) var anchors: [[(column: Int, place: Place)]] = []

    init(key: String) { lines = [key + ":"]; anchors = [[]] }

    /// The whole section as `KEY: []` when it has no row.
    mutating func finishEmpty() {
        if lines.count == 1 { lines[0] += " []" }
    }

    /// One row: `  - {` then its chunks (each a `key: value`, or a list item that may start a line)
    /// separated by `, `, then `}`.
    mutating func row(_ chunks: [[Piece]], place: Place) {
        var line = "  - ", here: [(Int, Place)] = []
        func add(_ piece: Piece) {
            if let p = piece.place { here.append((line.unicodeScalars.count + 1, p)) }
            line += piece.text
        }
        add(Piece(text: "{", place: place))
        for (i, chunk) in chunks.enumerated() {
            let length = chunk.reduce(0) { $0 + $1.text.unicodeScalars.count }
            if i > 0, line.unicodeScalars.count + 2 + length > Self.width {
                lines.append(line + ","); anchors.append(here)
                line = Self.continuation; here = []
            } else if i > 0 {
                line += ", "
            }
            chunk.forEach(add)
        }
        line += "}"
        lines.append(line); anchors.append(here)
    }

    /// The place of the value at a line (1-based within these lines) and column: the value that
    /// starts there, else the last one before it on the line, else the line's first.
    func place(line: Int, column: Int) -> Place? {
        guard anchors.indices.contains(line - 1) else { return nil }
        let here = anchors[line - 1]
        return (here.last { $0.column <= column } ?? here.first)?.place
    }
}

/// `key: value` as a chunk of a row; a message about the key is the value's cell's too.
func field(_ key: String, _ value: String, _ place: Place) -> [FlowLines.Piece] {
    [FlowLines.Piece(text: key + ": ", place: place), FlowLines.Piece(text: yamlScalar(value), place: place)]
}

/// `key: [a, b]` as a chunk of a row, every value placed on the cell.
func listField(_ key: String, _ items: [String], _ place: Place) -> [FlowLines.Piece] {
    var pieces = [FlowLines.Piece(text: key + ": ", place: nil), FlowLines.Piece(text: "[", place: place)]
    for (i, item) in items.enumerated() {
        if i > 0 { pieces.append(FlowLines.Piece(text: ", ", place: nil)) }
        pieces.append(FlowLines.Piece(text: yamlScalar(item), place: place))
    }
    pieces.append(FlowLines.Piece(text: "]", place: nil))
    return pieces
}

/// A value as YAML reads it back exactly: plain where that is safe inside `{…}` (so numbers and
/// true/false stay plain, as the loader wants them), else double-quoted with escapes.
func yamlScalar(_ text: String) -> String {
    isPlainSafe(text) ? text : quoted(text)
}

func isPlainSafe(_ text: String) -> Bool {
    let s = Array(text.unicodeScalars)
    guard let first = s.first, let last = s.last else { return false }
    if ["~", "null", "Null", "NULL"].contains(text) { return false }
    let flow: Set<Unicode.Scalar> = [",", "[", "]", "{", "}"]
    let leading: Set<Unicode.Scalar> = ["-", "?", ":", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
    if first == " " || last == " " || last == ":" { return false }
    if leading.contains(first) {
        // `-1`, `?x`: an indicator followed by a character that is neither space nor a flow indicator.
        guard ["-", "?", ":"].contains(first), s.count > 1, s[1] != " ", !flow.contains(s[1]) else { return false }
    }
    for (i, c) in s.enumerated() {
        guard printable(c), !flow.contains(c) else { return false }
        if c == ":" && i + 1 < s.count && s[i + 1] == " " { return false }
        if c == "#" && i > 0 && s[i - 1] == " " { return false }
    }
    return true
}

/// Characters YAML takes as they are in a plain or double-quoted scalar (no line breaks of any
/// kind, no byte-order mark, no control characters).
private func printable(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x20...0x7E: return true
    case 0xA0...0xD7FF, 0xE000...0xFFFD: return c.value != 0x2028 && c.value != 0x2029 && c.value != 0xFEFF
    case 0x10000...0x10FFFF: return true
    default: return false
    }
}

func quoted(_ text: String) -> String {
    var out = "\""
    for c in text.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if printable(c) {
                out.unicodeScalars.append(c)
            } else {
                let hex = String(c.value, radix: 16, uppercase: true)
                out += c.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
        }
    }
    return out + "\""
}
