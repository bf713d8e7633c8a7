/// What a cell means, not how it looks: a theme maps each role to colours and attributes.
public enum Role: String, CaseIterable, Hashable, Sendable {
    case normal, title, header, selection, status, statusError, muted, field, fieldFocus, dialog, key
    case block, warn, info, saved
    case gradeMajor = "grade-major", gradeMinor = "grade-minor", gradeObservation = "grade-observation"
    case gradeOfi = "grade-ofi", gradeConform = "grade-conform", gradeNotApplicable = "grade-not-applicable"
    case gradeNotAudited = "grade-not-audited"
    case tierA = "tier-a", tierB = "tier-b", tierC = "tier-c"
}

/// One terminal cell. A wide character sits in its first cell; the cell after it is a
/// continuation (`text` empty) so the grid never disagrees with the terminal.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: Role
    public var bold: Bool
    public init(_ text: String = " ", role: Role = .normal, bold: Bool = false) {
        self.text = text; self.role = role; self.bold = bold
    }
    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells the app draws into; a terminal backend shows it, a test reads its lines.
public struct Canvas: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor should be shown, if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Draws text from (x, y), at most `maxWidth` cells, made visible first; returns the cells used.
    /// A wide character that would be split at the edge is replaced by a space.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, role: Role = .normal, bold: Bool = false, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII: a cell a byte, no grapheme breaking needed.
            for b in text.utf8 {
                guard col < limit else { break }
                if col >= 0 { self[col, y] = Cell(String(UnicodeScalar(b)), role: role, bold: bold) }
                col += 1
            }
            return col - x
        }
        for c in Visible.text(text) {
            if c == "\n" { break }
            let w = Width.of(c)
            if w == 0 {
                // A mark that combines with nothing drawable here is dropped rather than shifting the grid.
                if col > x, col - 1 >= 0, col - 1 < width, !self[col - 1, y].isContinuation {
                    self[col - 1, y].text.append(c)
                }
                continue
            }
            if col + w > limit {
                if col < limit { self[col, y] = Cell(" ", role: role, bold: bold) }
                col = limit
                break
            }
            if col >= 0 {
                self[col, y] = Cell(String(c), role: role, bold: bold)
                if w == 2, col + 1 < width { self[col + 1, y] = Cell("", role: role, bold: bold) }
            }
            col += w
        }
        return col - x
    }

    /// Fills a rectangle with spaces of a role.
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, role: Role) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(" ", role: role) }
        }
    }

    /// Sets the role of every cell in a row span, keeping the text (for a selection bar).
    public mutating func paint(_ x: Int, _ y: Int, _ w: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { self[xx, y].role = role }
    }

    /// The text of each row, trailing spaces removed: what a test asserts.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += self[x, y].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public static func == (a: Canvas, b: Canvas) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }

    public func hash(into h: inout Hasher) { h.combine(width); h.combine(height); h.combine(cells) }
}
