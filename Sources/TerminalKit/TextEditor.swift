/// An editable text: single-line fields and multi-line notes in the fieldwork screen.
///
/// Positions are offsets in `Character`s (grapheme clusters), so the cursor never sits inside
/// "e" + U+0301, an emoji ZWJ sequence or a flag. Layout is measured in terminal cells with the
/// same rules `Canvas.put` draws by: `Width.of`, except that a control character counts as wide as
/// the visible form `Visible.text` gives it ("^[" is 2 cells), so the cursor never drifts from
/// what is on screen.
///
/// Rules:
/// - Word wrap (multi-line only): a logical line (split on "\n") breaks after the last space that
///   fits; a word longer than the width is broken by character. A wide character is never split.
///   No visual line exceeds the width, except one holding a single character wider than the
///   width itself (width 1 and a CJK character).
/// - Cursor at a wrap point: an offset that ends one visual line and starts the next belongs to
///   the *next* line (column 0), like a caret after the last character typed. So that the cursor
///   after a line that exactly fills the width also has a cell to sit in, such a line is followed
///   by an empty visual line (`start == end`), where the next character typed will appear.
///   The visual row of an offset is therefore the last visual line whose `start` is not after it.
/// - Home/End (Ctrl-A/Ctrl-E) go to the first/last cursor position shown on the current visual row;
///   on a soft-wrapped row End stops before the row's last character (usually the space it broke
///   after), since the offset after it is shown at the start of the next row.
/// - Up/Down keep a goal cell column across successive vertical moves and land on the character
///   boundary with the largest column not beyond it, so never in the middle of a wide character.
///   On the first (last) row Up (Down) goes to the start (end) of the text. Single-line: not consumed.
/// - Ctrl-W deletes whitespace then non-whitespace before the cursor; Ctrl-U deletes to the start
///   of the logical line; Ctrl-K deletes to its end, or, already at its end, the "\n" (joining lines).
/// - Single-line text never holds a line break: "\n", "\r" and "\r\n" become spaces (multi-line: "\n").
public struct TextEditor: Hashable, Sendable {
    public private(set) var text: String
    /// Switching to single-line does not rewrite existing line breaks; new text never adds any.
    public var multiline: Bool
    /// Offset in Characters, 0...text.count.
    public private(set) var cursor: Int
    /// Cell column Up/Down aim for, kept while moving vertically; not part of equality.
    private var goalColumn: Int?

    /// One row of wrapped text: `start`/`end` are Character offsets into `text` (end exclusive,
    /// never including a hard "\n"); `width` is the cells it takes.
    public struct VisualLine: Hashable, Sendable {
        public var start: Int
        public var end: Int
        public var text: String
        public var width: Int
        public init(start: Int, end: Int, text: String, width: Int) {
            self.start = start; self.end = end; self.text = text; self.width = width
        }
    }

    public init(_ text: String = "", multiline: Bool = false) {
        self.multiline = multiline
        self.text = TextEditor.normalized(text, multiline: multiline)
        self.cursor = self.text.count
    }

    public static func == (a: TextEditor, b: TextEditor) -> Bool {
        a.text == b.text && a.multiline == b.multiline && a.cursor == b.cursor
    }

    public func hash(into h: inout Hasher) {
        h.combine(text); h.combine(multiline); h.combine(cursor)
    }

    // MARK: Editing

    /// Handles an editing or movement key; false when the key is not the editor's (Tab, Esc,
    /// function keys, Enter in a single-line field, Up/Down in a single-line field...).
    public mutating func handle(_ key: Key, width: Int) -> Bool {
        let goal = goalColumn
        goalColumn = nil
        switch key {
        case .char(let c):
            insert(String(c))
        case .enter:
            guard multiline else { return false }
            insert("\n")
        case .backspace:
            if cursor > 0 { replace(cursor - 1..<cursor, with: "") }
        case .delete:
            if cursor < text.count { replace(cursor..<cursor + 1, with: "") }
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"):
            cursor = rowBounds(width: width).first
        case .end, .ctrl("e"):
            cursor = rowBounds(width: width).last
        case .up, .down:
            guard multiline else { return false }
            moveVertically(down: key == .down, width: width, goal: goal)
        case .ctrl("w"):
            let chars = Array(text)
            var i = cursor
            while i > 0, chars[i - 1].isWhitespace { i -= 1 }
            while i > 0, !chars[i - 1].isWhitespace { i -= 1 }
            replace(i..<cursor, with: "")
        case .ctrl("k"):
            let chars = Array(text)
            var i = cursor
            while i < chars.count, chars[i] != "\n" { i += 1 }
            if i == cursor, i < chars.count { i += 1 }
            replace(cursor..<i, with: "")
        case .ctrl("u"):
            let chars = Array(text)
            var i = cursor
            while i > 0, chars[i - 1] != "\n" { i -= 1 }
            replace(i..<cursor, with: "")
        default:
            return false
        }
        return true
    }

    /// Inserts text at the cursor (typed or pasted); the cursor ends after it.
    public mutating func insert(_ s: String) {
        replace(cursor..<cursor, with: TextEditor.normalized(s, multiline: multiline))
    }

    private mutating func replace(_ range: Range<Int>, with replacement: String) {
        let chars = Array(text)
        let head = String(chars[..<range.lowerBound]) + replacement
        text = head + String(chars[range.upperBound...])
        // Counted on the joined text, so a cluster that merges across the seam (a combining mark
        // typed after "e", a flag's second half) counts once and the cursor ends after it.
        let seam = text.utf8.index(text.startIndex, offsetBy: head.utf8.count)
        var n = 0, i = text.startIndex
        while i < seam {
            i = text.index(after: i)
            n += 1
        }
        cursor = n
    }

    private static func normalized(_ s: String, multiline: Bool) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        let lineBreak: Character = multiline ? "\n" : " "
        return String(s.map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? lineBreak : $0 })
    }

    // MARK: Layout

    /// Cells a character takes when drawn by `Canvas.put` (control characters made visible).
    static func cells(_ c: Character) -> Int {
        if let a = c.asciiValue, a >= 0x20, a < 0x7F { return 1 }
        let s = String(c)
        let v = Visible.text(s)
        return v == s ? Width.of(c) : Width.of(v)
    }

    /// The visual lines of the text wrapped to `width` cells (single-line: one unwrapped line).
    public func layout(width: Int) -> [VisualLine] {
        let chars = Array(text)
        let w = chars.map(TextEditor.cells)
        var lines: [VisualLine] = []
        func emit(_ s: Int, _ e: Int, _ cells: Int) {
            lines.append(VisualLine(start: s, end: e, text: String(chars[s..<e]), width: cells))
        }
        guard multiline else {
            emit(0, chars.count, w.reduce(0, +))
            return lines
        }
        let limit = max(1, width)
        var lineStart = 0
        while true {
            var lineEnd = lineStart
            while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
            var s = lineStart, cells = 0, k = lineStart
            var breakAfterSpace: Int?
            while k < lineEnd {
                if cells + w[k] > limit, k > s {
                    let cut = breakAfterSpace ?? k
                    emit(s, cut, cells - w[cut..<k].reduce(0, +))
                    cells = w[cut..<k].reduce(0, +)
                    s = cut
                    breakAfterSpace = nil
                    continue    // the rest may still not leave room for a wide character
                }
                cells += w[k]
                if chars[k] == " " { breakAfterSpace = k + 1 }
                k += 1
            }
            emit(s, lineEnd, cells)
            if lineEnd > s, cells >= limit { emit(lineEnd, lineEnd, 0) }
            if lineEnd == chars.count { break }
            lineStart = lineEnd + 1
        }
        return lines
    }

    /// Visual row and cell column of the cursor.
    public func cursorPosition(width: Int) -> (row: Int, column: Int) {
        let lines = layout(width: width)
        let row = TextEditor.row(of: cursor, in: lines)
        // A zero-width character after a full row keeps the row from wrapping; the cursor
        // behind it stays on the row's last cell.
        let column = column(of: cursor, in: lines[row])
        return (row, multiline ? min(column, max(0, width - 1)) : column)
    }

    static func row(of offset: Int, in lines: [VisualLine]) -> Int {
        var row = 0
        for (i, l) in lines.enumerated() where l.start <= offset { row = i }
        return row
    }

    private func column(of offset: Int, in line: VisualLine) -> Int {
        line.text.prefix(offset - line.start).reduce(0) { $0 + TextEditor.cells($1) }
    }

    /// The first and last cursor offsets shown on visual row `row`.
    private static func bounds(of row: Int, in lines: [VisualLine]) -> (first: Int, last: Int) {
        let l = lines[row]
        if row + 1 < lines.count, lines[row + 1].start == l.end { return (l.start, max(l.start, l.end - 1)) }
        return (l.start, l.end)
    }

    private func rowBounds(width: Int) -> (first: Int, last: Int) {
        let lines = layout(width: width)
        return TextEditor.bounds(of: TextEditor.row(of: cursor, in: lines), in: lines)
    }

    private mutating func moveVertically(down: Bool, width: Int, goal: Int?) {
        let lines = layout(width: width)
        let row = TextEditor.row(of: cursor, in: lines)
        let column = goal ?? column(of: cursor, in: lines[row])
        let target = row + (down ? 1 : -1)
        guard target >= 0, target < lines.count else {
            cursor = down ? text.count : 0
            return
        }
        let (first, last) = TextEditor.bounds(of: target, in: lines)
        let chars = Array(text)
        var best = first, col = 0
        for p in first..<last {
            col += TextEditor.cells(chars[p])
            if col > column { break }
            best = p + 1
        }
        cursor = best
        goalColumn = column
    }

    // MARK: Drawing

    /// Draws the editor in the rectangle (x, y, width, height), every row filled with `role`;
    /// when `focused`, puts the canvas cursor on the cursor's cell. Multi-line: `scroll` is the
    /// first visual row the caller showed last time, moved only as far as needed to show the
    /// cursor row. Single-line: `scroll` is the first cell column shown, likewise. Returns the
    /// row (column) actually used, for the caller to pass back next time.
    @discardableResult
    public func render(into canvas: inout Canvas, x: Int, y: Int, width: Int, height: Int, role: Role,
                       focused: Bool, scroll: Int = 0) -> Int {
        guard width > 0, height > 0 else { return max(0, scroll) }
        let lines = layout(width: width)
        let (row, column) = cursorPosition(width: width)
        if multiline {
            var first = max(0, scroll)
            if row < first { first = row }
            if row >= first + height { first = row - height + 1 }
            first = min(first, max(0, lines.count - height))
            for i in 0..<height {
                canvas.fill(x, y + i, width, 1, role: role)
                if first + i < lines.count {
                    canvas.put(x, y + i, lines[first + i].text, role: role, maxWidth: width)
                }
            }
            if focused { canvas.cursor = (x + min(column, width - 1), y + row - first) }
            return first
        }
        // Single line: scroll horizontally in whole characters so the cursor cell is visible,
        // and never further than needed to show the end of the text and the cell after it.
        let chars = Array(text)
        var boundaries = [0]    // cell column at each character offset
        for c in chars { boundaries.append(boundaries[boundaries.count - 1] + TextEditor.cells(c)) }
        let total = boundaries[chars.count]
        var h = max(0, scroll)
        if column < h { h = column }
        if column - h > width - 1 { h = boundaries.first { column - $0 <= width - 1 } ?? column }
        let fitEnd = boundaries.first { total + 1 - $0 <= width } ?? total
        if h > fitEnd { h = fitEnd }
        let startOffset = boundaries.firstIndex { $0 >= h } ?? chars.count
        h = boundaries[startOffset]
        canvas.fill(x, y, width, 1, role: role)
        canvas.put(x, y, String(chars[startOffset...]), role: role, maxWidth: width, ellipsis: false)
        if focused { canvas.cursor = (x + min(column - h, width - 1), y) }
        return h
    }
}
