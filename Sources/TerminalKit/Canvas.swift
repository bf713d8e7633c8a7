/// What a cell means, not how it looks: a theme maps each role to colours and attributes.
public enum Role: String, CaseIterable, Hashable, Sendable {
    case normal, title, header, selection, status, statusError, muted, field, fieldFocus, dialog, key
    /// A key's name in the footer's hints and in help, so keys do not look like their descriptions.
    case hintKey = "hint-key"
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
    /// Under a selection bar: drawn on the selection's background, keeping its own colours.
    public var selected: Bool
    public init(_ text: String = " ", role: Role = .normal, bold: Bool = false, selected: Bool = false) {
        self.text = text; self.role = role; self.bold = bold; self.selected = selected
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
    /// Text cut short (by `maxWidth` or the canvas's edge) ends in "…", so a cut never passes
    /// for the whole text; only spaces left over are dropped without it. A wide character that
    /// would be split at the edge is replaced by a space (or the "…"). `ellipsis: false` draws a
    /// window onto longer text (a text field scrolled sideways) and leaves the cut unmarked.
    @discardableResult
    public mutating func put(_ x: Int, _ y: Int, _ text: String, role: Role = .normal, bold: Bool = false, maxWidth: Int? = nil,
                             ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        if Self.printableASCII(text) {
            // Printable ASCII: a cell a byte, no grapheme breaking needed.
            let bytes = text.utf8
            var index = bytes.startIndex
            while index != bytes.endIndex {
                guard col < limit else {
                    if ellipsis, bytes[index...].contains(where: { $0 != 0x20 }) { mark(at: col - 1, y, from: x, role: role, bold: bold) }
                    break
                }
                if col >= 0 { self[col, y] = Cell(Self.ascii[Int(bytes[index])], role: role, bold: bold) }
                col += 1
                index = bytes.index(after: index)
            }
            return col - x
        }
        // Text whose every scalar is a character of its own, shown as it is, is walked by scalars
        // (no grapheme breaking, no visible form to make); the rest by characters, made visible.
        let byScalars = Visible.oneScalarCharacters(text)
        var cut = false
        Self.characters(byScalars ? text : Visible.text(text), byScalars: byScalars) { c, w in
            if cut {
                // Past the limit: the cut is marked when more than spaces was left out.
                guard c.allSatisfy(\.isWhitespace) else { mark(at: limit - 1, y, from: x, role: role, bold: bold); return false }
                return true
            }
            if c == "\n" { return false }   // a line break ends the line
            if w == 0 {
                // A mark that combines with nothing drawable here is dropped rather than shifting the grid.
                if col > x, col - 1 >= 0, col - 1 < width, !self[col - 1, y].isContinuation {
                    self[col - 1, y].text += c
                }
                return true
            }
            if col + w > limit {
                if col < limit { self[col, y] = Cell(" ", role: role, bold: bold) }
                col = limit
                cut = ellipsis
                guard ellipsis, c.allSatisfy(\.isWhitespace) else {
                    if ellipsis { mark(at: limit - 1, y, from: x, role: role, bold: bold) }
                    return false
                }
                return true
            }
            if col >= 0 {
                self[col, y] = Cell(c, role: role, bold: bold)
                if w == 2, col + 1 < width { self[col + 1, y] = Cell("", role: role, bold: bold) }
            }
            col += w
            return true
        }
        return col - x
    }

    /// Each character of `text` with its width, in order, until `body` returns false: by scalars
    /// when each scalar is a character of its own, else by characters. Nothing is allocated for
    /// the walk (a frame draws thousands of cells this way).
    @inline(__always)
    static func characters(_ text: String, byScalars: Bool, _ body: (String, Int) -> Bool) {
        if byScalars {
            for u in text.unicodeScalars where !body(u.value < 0x80 ? ascii[Int(u.value)] : String(u), Width.of(u)) { return }
        } else {
            for c in text where !body(String(c), Width.of(c)) { return }
        }
    }

    /// Marks a cut: "…" in the cell at `at`, or in the first cell of a wide character there (its
    /// second cell then a space).
    private mutating func mark(at: Int, _ y: Int, from x: Int, role: Role, bold: Bool) {
        guard at >= max(0, x), at < width else { return }
        if self[at, y].isContinuation, at > max(0, x) {
            self[at - 1, y] = Cell("…", role: role, bold: bold)
            self[at, y] = Cell(" ", role: role, bold: bold)
            return
        }
        if at + 1 < width, self[at + 1, y].isContinuation { self[at + 1, y] = Cell(" ", role: role, bold: bold) }
        self[at, y] = Cell("…", role: role, bold: bold)
    }

    /// Draws `text` as a column `cells` wide, clipped with "…" or padded with spaces as
    /// `Width.pad` does, and one space after it; returns the cells used. The same as
    /// `put(x, y, Width.pad(text, cells) + " ")`, in one pass for printable ASCII (table rows).
    @discardableResult
    public mutating func column(_ x: Int, _ y: Int, _ text: String, _ cells: Int, role: Role = .normal, bold: Bool = false) -> Int {
        guard Self.printableASCII(text) else { return wideColumn(x, y, text, cells, role: role, bold: bold) }
        guard y >= 0, y < height, x < width else { return 0 }
        let cells = max(0, cells)
        let limit = min(width, x + min(cells + 1, width))   // as put: at most a canvas width from x
        let n = text.utf8.count
        let cut = n > cells
        var col = x
        for b in text.utf8.prefix(cut ? max(0, cells - 1) : n) {
            guard col < limit else { break }
            if col >= 0 { self[col, y] = Cell(Self.ascii[Int(b)], role: role, bold: bold) }
            col += 1
        }
        if cut, cells > 0, col < limit {
            if col >= 0 { self[col, y] = Cell("…", role: role, bold: bold) }
            col += 1
        }
        while col < limit {
            if col >= 0 { self[col, y] = Cell(" ", role: role, bold: bold) }
            col += 1
        }
        return col - x
    }

    /// `column` for text beyond printable ASCII: each character measured as it is drawn, not
    /// padded into a new string and measured again; text whose every scalar is a character of its
    /// own (`Visible.oneScalarCharacters`) is walked by scalars, without grapheme breaking.
    private mutating func wideColumn(_ x: Int, _ y: Int, _ text: String, _ cells: Int, role: Role, bold: Bool) -> Int {
        let simple = Visible.oneScalarCharacters(text)
        // Text that is not shown as it is (control characters, line breaks) goes the long way.
        if !simple, text.utf8.contains(0x0A) || Visible.text(text) != text {
            return put(x, y, Width.pad(text, cells) + " ", role: role, bold: bold, ellipsis: false)
        }
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(width, x + width)
        let cells = max(0, cells)
        var col = x, used = 0
        var stopped = false, over = false
        // Where "…" goes if the text turns out longer than the column: after the last character
        // that leaves a cell for it. One walk; what was drawn past that point is drawn over.
        var room = (col: x, used: 0, stopped: false)
        /// One character as `put` draws it; false once the canvas's edge is reached.
        func draw(_ c: String, _ w: Int) -> Bool {
            if w == 0 {
                if col > x, col - 1 >= 0, col - 1 < width, !self[col - 1, y].isContinuation { self[col - 1, y].text += c }
                return true
            }
            if col + w > limit {
                if col < limit { self[col, y] = Cell(" ", role: role, bold: bold) }
                col = limit
                stopped = true
                return false
            }
            if col >= 0 {
                self[col, y] = Cell(c, role: role, bold: bold)
                if w == 2, col + 1 < width { self[col + 1, y] = Cell("", role: role, bold: bold) }
            }
            col += w
            used += w
            return true
        }
        Self.characters(text, byScalars: simple) { c, w in
            guard used + w <= cells else { over = true; return false }
            // Past the canvas's edge a character is measured only: the column may still be cut.
            if stopped || !draw(c, w) { used += w }
            if used <= cells - 1 { room = (col, used, stopped) }
            return true
        }
        if over {
            (col, used, stopped) = room
            if cells > 0, !stopped { _ = draw("…", 1) }
        }
        // The padding, as the ASCII path pads.
        while !stopped, col < limit, used <= cells {
            if col >= 0 { self[col, y] = Cell(Self.ascii[0x20], role: role, bold: bold) }
            col += 1
            used += 1
        }
        return col - x
    }

    static func printableASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }

    /// Each ASCII character as a string, made once.
    static let ascii: [String] = (0 ..< 128).map { String(UnicodeScalar(UInt8($0))) }

    /// Fills a rectangle with spaces of a role.
    public mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, role: Role) {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(" ", role: role) }
        }
    }

    /// Sets the role of every cell in a row span, keeping the text.
    public mutating func paint(_ x: Int, _ y: Int, _ w: Int, role: Role) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { self[xx, y].role = role }
    }

    /// Puts a selection bar under a row span: the background changes, each cell keeps its role
    /// (a grade's colour, a warning's chip) and its text.
    public mutating func highlight(_ x: Int, _ y: Int, _ w: Int) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { self[xx, y].selected = true }
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
