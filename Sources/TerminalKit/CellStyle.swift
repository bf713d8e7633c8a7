extension Theme {
    /// How a cell looks: its role's style, and under a selection bar the selection's background
    /// with the cell's own colours kept (`look` decides, for the screen and the contrast test).
    public func style(of cell: Cell, colors: Int = 256) -> Style {
        look(cell.role, emphasis: cell.bold, selected: cell.selected, colors: colors)
    }
}
