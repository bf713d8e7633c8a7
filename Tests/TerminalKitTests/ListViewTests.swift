import Testing
@testable import TerminalKit

/// The list widget as ratatui tests its own: keys in, the whole canvas out.
@Suite struct ListViewTests {
    /// A list of `count` rows "row 1"… drawn 5 rows high in a 20×7 canvas, its position on the last line.
    struct Screen {
        var count: Int
        var state = ListState()
        let rows = 5

        mutating func press(_ keys: Key...) {
            for key in keys { if let m = ListMove(key) { state.move(m, count: count, rows: rows) } }
        }

        var canvas: Canvas {
            var c = Canvas(width: 20, height: 7)
            c.put(0, 0, "NAME", role: .muted)
            let view = ListView(x: 0, y: 1, width: 20, height: rows, empty: "no rows")
            view.draw(into: &c, count: count, state: state) { c, row, y in
                c.put(1, y, "row \(row + 1)", role: row % 2 == 0 ? .gradeMajor : .normal)
            }
            if count > 0 { ListView.position(into: &c, y: 6, right: 20, count: count, state: state) }
            return c
        }
        var lines: [String] { canvas.lines }
        /// The rows under the selection bar.
        var selected: [String] {
            let c = canvas
            return (0..<c.height).filter { y in (0..<c.width).allSatisfy { c[$0, y].selected } }.map { c.lines[$0] }
        }
    }

    @Test func firstPageWithTheFirstRowSelected() {
        let s = Screen(count: 12)
        #expect(s.lines == ["NAME", " row 1", " row 2", " row 3", " row 4", " row 5", "            1 of 12"])
        #expect(s.selected == [" row 1"])
    }

    @Test func movingScrollsOnlyAsFarAsNeeded() {
        var s = Screen(count: 12)
        s.press(.down, .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(s.lines == ["NAME", " row 2", " row 3", " row 4", " row 5", " row 6", "            6 of 12"])
        #expect(s.selected == [" row 6"])
        s.press(.up, .up, .up, .up)
        #expect(s.lines[1 ... 5] == [" row 2", " row 3", " row 4", " row 5", " row 6"])
        #expect(s.selected == [" row 2"])
        s.press(.char("k"))
        #expect(s.lines[1] == " row 1" && s.selected == [" row 1"])
    }

    @Test func pagesJumpsAndClampsAtBothEnds() {
        var s = Screen(count: 12)
        s.press(.pageDown)
        #expect(s.selected == [" row 5"] && s.lines[6].hasSuffix("5 of 12"))
        s.press(.char("G"))
        #expect(s.lines == ["NAME", " row 8", " row 9", " row 10", " row 11", " row 12", "           12 of 12"])
        s.press(.down, .pageDown, .end)
        #expect(s.selected == [" row 12"])
        s.press(.char("g"))
        #expect(s.lines[1] == " row 1" && s.selected == [" row 1"])
        s.press(.up, .pageUp, .home)
        #expect(s.selected == [" row 1"] && s.lines[6].hasSuffix("1 of 12"))
    }

    /// The list shrinks under the selection (a search narrows it): the last row is selected and
    /// the last page is full, without a move.
    @Test func aShrunkListKeepsTheSelectionInIt() {
        var s = Screen(count: 12)
        s.press(.char("G"))
        s.count = 3
        #expect(s.lines == ["NAME", " row 1", " row 2", " row 3", "", "", "             3 of 3"])
        #expect(s.selected == [" row 3"])
        s.count = 0
        #expect(s.lines == ["NAME", " no rows", "", "", "", "", ""])
        #expect(s.selected.isEmpty)
    }

    /// The selection bar changes the background only: each cell keeps its role.
    @Test func theSelectionBarKeepsTheRowsColours() {
        let s = Screen(count: 3)
        let c = s.canvas
        #expect(c[1, 1].role == .gradeMajor && c[1, 1].selected)
        #expect(c[1, 2].role == .normal && !c[1, 2].selected)
        let theme = Theme(name: "t", styles: [.normal: Style(), .gradeMajor: { var st = Style(); st.fg = .indexed(9); return st }(),
                                              .selection: { var st = Style(); st.fg = .indexed(0); st.bg = .indexed(153); return st }(),
                                              .warn: { var st = Style(); st.fg = .indexed(0); st.bg = .indexed(3); return st }()])
        let major = theme.style(of: c[1, 1])
        #expect(major.fg == .indexed(9) && major.bg == .indexed(153))
        let plain = theme.style(of: Cell("x", role: .normal, selected: true))
        #expect(plain.fg == .indexed(0) && plain.bg == .indexed(153))
        // A chip with a background of its own (the ! of a warning) stays as it is.
        #expect(theme.style(of: Cell("!", role: .warn, selected: true)).bg == .indexed(3))
    }

    /// A page of text scrolls without a selection.
    @Test func aPageOfTextScrolls() {
        var state = ListState()
        state.scroll(.pageDown, count: 12, rows: 5)
        #expect(state.firstRow(count: 12, rows: 5) == 4)
        state.scroll(.bottom, count: 12, rows: 5)
        #expect(state.firstRow(count: 12, rows: 5) == 7)
        state.scroll(.down, count: 12, rows: 5)
        #expect(state.firstRow(count: 12, rows: 5) == 7)
        state.scroll(.top, count: 12, rows: 5)
        #expect(state.firstRow(count: 12, rows: 5) == 0)
    }
}

/// Panels and cut text: a form's panel has its title in its border; nothing is cut without "…".
@Suite struct PanelTests {
    @Test func aPanelHasItsTitleInTheBorderAndCoversWhatIsBehind() {
        var c = Canvas(width: 24, height: 5)
        for y in 0..<5 { c.put(0, y, String(repeating: "x", count: 24)) }
        Panel(x: 2, y: 1, width: 20, height: 3, title: "Grade", footnote: "1 of 7").draw(into: &c)
        #expect(c.lines == ["xxxxxxxxxxxxxxxxxxxxxxxx", "  ┌─ Grade ──────────┐", "  │                  │",
                            "  └───────── 1 of 7 ─┘", "xxxxxxxxxxxxxxxxxxxxxxxx"])
    }

    @Test func textCutShortEndsInAnEllipsis() {
        var c = Canvas(width: 12, height: 4)
        c.put(0, 0, "a reference too long", maxWidth: 10)
        c.put(0, 1, "Prüfung der Protokolle")
        c.put(0, 2, "監査監査監査監査")
        c.put(0, 3, "fits        ")
        #expect(c.lines == ["a referen…", "Prüfung der…", "監査監査監…", "fits"])
    }
}
