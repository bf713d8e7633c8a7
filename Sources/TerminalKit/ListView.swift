/// Draws a list into a rectangle of a canvas: the rows in sight for a `ListState`, the selected one
/// under a selection bar that changes only the background (each row keeps its colours and marks),
/// and, when asked, the position ("12 of 59") at the right end of a line above or below.
public struct ListView {
    public var x: Int, y: Int, width: Int, height: Int
    /// Shown in the first row when the list is empty.
    public var empty: String

    public init(x: Int, y: Int, width: Int, height: Int, empty: String = "nothing here") {
        self.x = x; self.y = y; self.width = width; self.height = height; self.empty = empty
    }

    /// Draws rows `first ..< first + height` with `row(canvas, index, y)` onto a cleared area;
    /// returns the selected row shown, if any.
    @discardableResult
    public func draw(into c: inout Canvas, count: Int, state: ListState, row: (inout Canvas, Int, Int) -> Void) -> Int? {
        guard height > 0 else { return nil }
        if count == 0 {
            c.put(x + 1, y, empty, role: .muted, maxWidth: width - 1)
            return nil
        }
        let (selected, first) = state.window(count: count, rows: height)
        for i in first ..< min(count, first + height) {
            let yy = y + i - first
            row(&c, i, yy)
            if i == selected { c.highlight(x, yy, width) }
        }
        return selected
    }

    /// The position ("12 of 59") drawn at the right end of line `y`.
    public static func position(into c: inout Canvas, y: Int, right: Int, count: Int, state: ListState, role: Role = .muted) {
        let text = " " + state.position(count: count) + " "
        c.put(right - Width.of(text), y, text, role: role)
    }
}
