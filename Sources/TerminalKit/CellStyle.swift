extension Theme {
    /// How a cell looks: its role's style, and under a selection bar the selection's background
    /// with the cell's own colours kept — a grade's colour stays, a chip with a background of its
    /// own (a warning, a block) stays as it is. Plain text takes the selection's foreground, so
    /// it reads on the bar.
    public func style(of cell: Cell) -> Style {
        let own = style(cell.role)
        guard cell.selected else { return own }
        let bar = style(.selection), plain = style(.normal)
        if own.bg != plain.bg || own.reverse { return own }   // a chip keeps its own background
        var out = own
        out.bg = bar.bg
        if own.fg == plain.fg || own.fg == bar.bg { out.fg = bar.fg }
        out.reverse = bar.reverse
        out.bold = own.bold || bar.bold
        return out
    }
}
