/// A bordered panel with its title in the top border (as lazygit and k9s draw theirs), for the
/// screen's forms and pickers. Whatever was behind it is covered: the panel's own rows are
/// cleared the whole width of the screen, so nothing at its sides reads as part of it.
public struct Panel {
    public var x: Int, y: Int, width: Int, height: Int
    public var title: String
    /// Text in the bottom border, at the right ("3 of 7", "↓ more").
    public var footnote: String

    public init(x: Int, y: Int, width: Int, height: Int, title: String, footnote: String = "") {
        self.x = x; self.y = y; self.width = width; self.height = height; self.title = title; self.footnote = footnote
    }

    /// The inside of the panel: one cell in from the border, one more column of margin each side.
    public var inner: (x: Int, y: Int, width: Int, height: Int) { (x + 2, y + 1, max(0, width - 4), max(0, height - 2)) }

    public func draw(into c: inout Canvas) {
        guard width >= 4, height >= 2 else { return }
        c.fill(0, y, c.width, height, role: .normal)
        c.fill(x, y, width, height, role: .dialog)
        let horizontal = String(repeating: "─", count: width - 2)
        c.put(x, y, "┌" + horizontal + "┐", role: .dialog)
        for row in y + 1 ..< y + height - 1 {
            c.put(x, row, "│", role: .dialog)
            c.put(x + width - 1, row, "│", role: .dialog)
        }
        c.put(x, y + height - 1, "└" + horizontal + "┘", role: .dialog)
        if !title.isEmpty { c.put(x + 2, y, " " + title + " ", role: .dialog, bold: true, maxWidth: width - 4) }
        if !footnote.isEmpty {
            let text = " " + footnote + " "
            c.put(max(x + 2, x + width - 2 - Width.of(text)), y + height - 1, text, role: .dialog, maxWidth: width - 4)
        }
    }
}
