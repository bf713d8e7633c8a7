import Testing
@testable import TerminalKit

@Suite struct TextEditorTests {
    private func type(_ s: String, into e: inout TextEditor, width: Int = 40) {
        for k in Key.typed(s) { #expect(press(&e, k, width: width)) }
    }

    /// `handle`, outside the #expect macro (which cannot hold a mutating call).
    private func press(_ e: inout TextEditor, _ key: Key, width: Int) -> Bool { e.handle(key, width: width) }

    private func texts(_ e: TextEditor, width: Int) -> [String] { e.layout(width: width).map(\.text) }

    private func pos(_ e: TextEditor, width: Int) -> [Int] {
        let p = e.cursorPosition(width: width)
        return [p.row, p.column]
    }

    // MARK: Editing

    @Test func typingMixedScripts() {
        var e = TextEditor()
        #expect(e.text == "" && e.cursor == 0 && !e.multiline)
        type("Prüfung 監査 ✓", into: &e)
        #expect(e.text == "Prüfung 監査 ✓")
        #expect(e.cursor == e.text.count)
        #expect(e.cursor == 12)
        #expect(pos(e, width: 40) == [0, 14])
    }

    @Test func initialCursorAtEnd() {
        let e = TextEditor("ab監", multiline: true)
        #expect(e.cursor == 3)
        #expect(e.multiline)
    }

    @Test func leftRightOverWideCharacter() {
        var e = TextEditor("a監b")
        #expect(pos(e, width: 20) == [0, 4])
        #expect(press(&e, .left, width: 20))
        #expect(e.cursor == 2)
        #expect(pos(e, width: 20) == [0, 3])
        #expect(press(&e, .left, width: 20))
        #expect(e.cursor == 1)
        #expect(pos(e, width: 20) == [0, 1])
        #expect(press(&e, .right, width: 20))
        #expect(e.cursor == 2)
        #expect(pos(e, width: 20) == [0, 3])
        _ = e.handle(.left, width: 20); _ = e.handle(.left, width: 20); _ = e.handle(.left, width: 20)
        #expect(e.cursor == 0)
        _ = e.handle(.right, width: 20); _ = e.handle(.right, width: 20); _ = e.handle(.right, width: 20)
        _ = e.handle(.right, width: 20)
        #expect(e.cursor == 3)
    }

    @Test func leftRightOverCombiningMark() {
        var e = TextEditor("xe\u{301}y")
        #expect(e.text.count == 3)
        #expect(press(&e, .left, width: 20))
        #expect(e.cursor == 2)
        #expect(pos(e, width: 20) == [0, 2])
        #expect(press(&e, .left, width: 20))
        #expect(e.cursor == 1)
        #expect(pos(e, width: 20) == [0, 1])
        e.insert("z")
        #expect(e.text == "xze\u{301}y")
        #expect(e.cursor == 2)
    }

    @Test func typedCombiningMarkJoinsPreviousCharacter() {
        var e = TextEditor("ab")
        _ = e.handle(.left, width: 20)
        #expect(press(&e, .char("\u{301}"), width: 20))
        // The mark cannot be a Character on its own after "a": it joins it.
        #expect(e.text == "a\u{301}b")
        #expect(e.text.count == 2)
        #expect(e.cursor == 1)
    }

    @Test func backspaceAndDeleteRemoveWholeGraphemes() {
        var e = TextEditor("ae\u{301}")
        #expect(press(&e, .backspace, width: 20))
        #expect(e.text == "a")
        #expect(e.cursor == 1)

        var f = TextEditor("x👩\u{200D}💻")
        #expect(f.text.count == 2)
        #expect(press(&f, .backspace, width: 20))
        #expect(f.text == "x")
        #expect(f.text.unicodeScalars.count == 1)

        var g = TextEditor("監👩\u{200D}💻z")
        _ = g.handle(.home, width: 20)
        #expect(press(&g, .right, width: 20))
        #expect(press(&g, .delete, width: 20))
        #expect(g.text == "監z")
        #expect(g.cursor == 1)
        #expect(press(&g, .backspace, width: 20))
        #expect(g.text == "z")
        #expect(g.cursor == 0)
        #expect(press(&g, .backspace, width: 20))   // at the start: consumed, nothing changes
        #expect(g.text == "z")
        _ = g.handle(.end, width: 20)
        #expect(press(&g, .delete, width: 20))
        #expect(g.text == "z")
    }

    @Test func cursorColumnCountsWideAsTwo() {
        var e = TextEditor("漢字a")
        #expect(pos(e, width: 20) == [0, 5])
        _ = e.handle(.left, width: 20)
        #expect(pos(e, width: 20) == [0, 4])
        _ = e.handle(.left, width: 20)
        #expect(pos(e, width: 20) == [0, 2])
        let emoji = TextEditor("😀\u{2764}\u{FE0F}✓")
        #expect(pos(emoji, width: 20) == [0, 5])
    }

    @Test func controlCharactersTakeTheirVisibleWidth() {
        // ESC is drawn as "^[", so the cursor after it is two cells on.
        let e = TextEditor("a\u{1B}b")
        #expect(pos(e, width: 20) == [0, 4])
        var canvas = Canvas(width: 10, height: 1)
        e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true)
        #expect(canvas.lines == ["a^[b"])
        #expect(canvas.cursor?.x == 4)
    }

    @Test func ctrlW() {
        var e = TextEditor("hello big  world")
        #expect(press(&e, .ctrl("w"), width: 40))
        #expect(e.text == "hello big  ")
        #expect(press(&e, .ctrl("w"), width: 40))
        #expect(e.text == "hello ")
        #expect(press(&e, .ctrl("w"), width: 40))
        #expect(e.text == "")
        #expect(press(&e, .ctrl("w"), width: 40))
        #expect(e.text == "")

        var m = TextEditor("one 監査 two", multiline: false)
        for _ in 0..<4 { _ = m.handle(.left, width: 40) }   // before " two"
        #expect(m.cursor == 6)
        _ = m.handle(.ctrl("w"), width: 40)
        #expect(m.text == "one  two")
        #expect(m.cursor == 4)
    }

    @Test func ctrlKAndCtrlU() {
        var e = TextEditor("one two\nthree four", multiline: true)
        // Ctrl-U: to the start of the logical line only.
        #expect(press(&e, .ctrl("u"), width: 40))
        #expect(e.text == "one two\n")
        #expect(e.cursor == 8)
        #expect(press(&e, .ctrl("u"), width: 40))
        #expect(e.text == "one two\n")

        var k = TextEditor("one two\nthree", multiline: true)
        for _ in 0..<10 { _ = k.handle(.left, width: 40) }
        #expect(k.cursor == 3)
        #expect(press(&k, .ctrl("k"), width: 40))
        #expect(k.text == "one\nthree")
        #expect(k.cursor == 3)
        // At the end of a logical line Ctrl-K removes the line break.
        #expect(press(&k, .ctrl("k"), width: 40))
        #expect(k.text == "onethree")
        #expect(k.cursor == 3)
        _ = k.handle(.end, width: 40)
        #expect(press(&k, .ctrl("k"), width: 40))
        #expect(k.text == "onethree")

        var u = TextEditor("ab\ncd監ef", multiline: true)
        _ = u.handle(.left, width: 40); _ = u.handle(.left, width: 40)
        _ = u.handle(.ctrl("u"), width: 40)
        #expect(u.text == "ab\nef")
        #expect(u.cursor == 3)
    }

    @Test func singleLineHasNoLineBreaks() {
        var e = TextEditor()
        e.insert("a\nb")
        #expect(e.text == "a b")
        e.insert("\r\nc\rd")
        #expect(e.text == "a b c d")
        #expect(!press(&e, .enter, width: 20))
        #expect(e.text == "a b c d")
        #expect(!press(&e, .up, width: 20))
        #expect(!press(&e, .down, width: 20))
        #expect(e.cursor == 7)
        #expect(press(&e, .char("\n"), width: 20))
        #expect(e.text == "a b c d ")
        #expect(TextEditor("x\ny").text == "x y")
        #expect(e.layout(width: 3).count == 1)
    }

    @Test func multilineEnterAndPaste() {
        var e = TextEditor(multiline: true)
        #expect(press(&e, .enter, width: 20))
        #expect(e.text == "\n")
        e.insert("a\r\nb\rc")
        #expect(e.text == "\na\nb\nc")
        #expect(e.cursor == 6)
        #expect(pos(e, width: 20) == [3, 1])
    }

    @Test func keysTheEditorDoesNotConsume() {
        var e = TextEditor("abc", multiline: true)
        for k: Key in [.tab, .backTab, .escape, .function(2), .pageUp, .pageDown, .resize, .ctrl("l")] {
            #expect(!press(&e, k, width: 20), "\(k)")
        }
        #expect(e.text == "abc" && e.cursor == 3)
    }

    // MARK: Layout

    @Test func emptyTextHasOneEmptyLine() {
        let e = TextEditor(multiline: true)
        #expect(e.layout(width: 10) == [.init(start: 0, end: 0, text: "", width: 0)])
        #expect(pos(e, width: 10) == [0, 0])
        #expect(TextEditor().layout(width: 10) == [.init(start: 0, end: 0, text: "", width: 0)])
    }

    @Test func wrapsAtWordBoundaries() {
        var e = TextEditor("the quick brown fox", multiline: true)
        #expect(e.layout(width: 10) == [
            .init(start: 0, end: 10, text: "the quick ", width: 10),
            .init(start: 10, end: 19, text: "brown fox", width: 9),
        ])
        #expect(pos(e, width: 10) == [1, 9])
        // An offset at a soft wrap belongs to the next row.
        for _ in 0..<9 { _ = e.handle(.left, width: 10) }
        #expect(e.cursor == 10)
        #expect(pos(e, width: 10) == [1, 0])
        _ = e.handle(.left, width: 10)
        #expect(pos(e, width: 10) == [0, 9])

        #expect(texts(e, width: 8) == ["the ", "quick ", "brown ", "fox"])
        #expect(texts(e, width: 40) == ["the quick brown fox"])
    }

    @Test func longWordBreaksByCharacter() {
        let e = TextEditor("ab abcdefghijkl x", multiline: true)
        #expect(texts(e, width: 5) == ["ab ", "abcde", "fghij", "kl x"])
        #expect(e.layout(width: 5).allSatisfy { $0.width <= 5 })
    }

    @Test func wideCharactersAreNeverSplit() {
        let e = TextEditor("監査報告書類", multiline: true)
        #expect(e.layout(width: 5) == [
            .init(start: 0, end: 2, text: "監査", width: 4),
            .init(start: 2, end: 4, text: "報告", width: 4),
            .init(start: 4, end: 6, text: "書類", width: 4),
        ])
        #expect(pos(e, width: 5) == [2, 4])
        #expect(texts(TextEditor("a監査", multiline: true), width: 4) == ["a監", "査"])
    }

    @Test func lineExactlyFillingTheWidthIsFollowedByAnEmptyRow() {
        let e = TextEditor("abcde", multiline: true)
        #expect(e.layout(width: 5) == [
            .init(start: 0, end: 5, text: "abcde", width: 5),
            .init(start: 5, end: 5, text: "", width: 0),
        ])
        #expect(pos(e, width: 5) == [1, 0])
        #expect(texts(TextEditor("監査監", multiline: true), width: 6) == ["監査監", ""])
        #expect(texts(TextEditor("abcde\nxy", multiline: true), width: 5) == ["abcde", "", "xy"])
        #expect(texts(TextEditor("abcd\n\nxy", multiline: true), width: 5) == ["abcd", "", "xy"])
        #expect(texts(TextEditor("abcd\n", multiline: true), width: 5) == ["abcd", ""])
    }

    @Test func hardLineBreaksAreExcludedFromLines() {
        let e = TextEditor("ab\ncd", multiline: true)
        #expect(e.layout(width: 10) == [
            .init(start: 0, end: 2, text: "ab", width: 2),
            .init(start: 3, end: 5, text: "cd", width: 2),
        ])
    }

    @Test func homeAndEndUseTheVisualLine() {
        var e = TextEditor("the quick brown fox", multiline: true)
        #expect(press(&e, .home, width: 10))
        #expect(e.cursor == 10)
        #expect(press(&e, .ctrl("e"), width: 10))
        #expect(e.cursor == 19)
        _ = e.handle(.up, width: 10)
        #expect(press(&e, .ctrl("a"), width: 10))
        #expect(e.cursor == 0)
        // End of a soft-wrapped row stops before the space it broke after.
        #expect(press(&e, .end, width: 10))
        #expect(e.cursor == 9)
        #expect(pos(e, width: 10) == [0, 9])

        var s = TextEditor("the quick brown fox")
        _ = s.handle(.home, width: 10)
        #expect(s.cursor == 0)
        _ = s.handle(.end, width: 10)
        #expect(s.cursor == 19)
    }

    @Test func upAndDownAcrossWrappedLines() {
        var e = TextEditor("the quick brown fox", multiline: true)
        for _ in 0..<7 { _ = e.handle(.left, width: 10) }
        #expect(e.cursor == 12)
        #expect(pos(e, width: 10) == [1, 2])
        #expect(press(&e, .up, width: 10))
        #expect(e.cursor == 2)
        #expect(press(&e, .down, width: 10))
        #expect(e.cursor == 12)
        // Column 9 of row 1 (end) goes to column 9 of row 0, before its trailing space.
        _ = e.handle(.end, width: 10)
        _ = e.handle(.up, width: 10)
        #expect(e.cursor == 9)
        // At the first row Up goes to the start; at the last, Down to the end.
        #expect(press(&e, .up, width: 10))
        #expect(e.cursor == 0)
        _ = e.handle(.down, width: 10)
        #expect(e.cursor == 10)
        #expect(press(&e, .down, width: 10))
        #expect(e.cursor == 19)
    }

    @Test func upAndDownNeverLandInsideAWideCharacter() {
        var e = TextEditor("a監査\n監査", multiline: true)
        #expect(texts(e, width: 6) == ["a監査", "監査"])
        _ = e.handle(.up, width: 6)
        _ = e.handle(.home, width: 6)
        _ = e.handle(.right, width: 6); _ = e.handle(.right, width: 6)
        #expect(e.cursor == 2)
        #expect(pos(e, width: 6) == [0, 3])
        // Column 3 is the second half of 査 on the row below: land before it.
        #expect(press(&e, .down, width: 6))
        #expect(e.cursor == 5)
        #expect(pos(e, width: 6) == [1, 2])
        // The goal column is kept: back up to column 3, not 2.
        #expect(press(&e, .up, width: 6))
        #expect(e.cursor == 2)
        #expect(pos(e, width: 6) == [0, 3])

        // From column 4 at the end: column 4 of a soft-wrapped row would be the next row's start,
        // so the cursor stops before the row's last character, at column 2.
        var cjk = TextEditor("監査報告書類", multiline: true)
        #expect(pos(cjk, width: 5) == [2, 4])
        _ = cjk.handle(.up, width: 5)
        #expect(cjk.cursor == 3)
        #expect(pos(cjk, width: 5) == [1, 2])
        _ = cjk.handle(.up, width: 5)
        #expect(cjk.cursor == 1)
        #expect(pos(cjk, width: 5) == [0, 2])
        _ = cjk.handle(.down, width: 5)
        _ = cjk.handle(.down, width: 5)
        #expect(cjk.cursor == 6)
        #expect(pos(cjk, width: 5) == [2, 4])
    }

    @Test func goalColumnSurvivesAShortLine() {
        var e = TextEditor("abcdef\nab\nabcdef", multiline: true)
        _ = e.handle(.left, width: 20)
        #expect(pos(e, width: 20) == [2, 5])
        _ = e.handle(.up, width: 20)
        #expect(e.cursor == 9)
        #expect(pos(e, width: 20) == [1, 2])
        _ = e.handle(.up, width: 20)
        #expect(e.cursor == 5)
        #expect(pos(e, width: 20) == [0, 5])
        // Equality ignores the remembered column.
        var same = TextEditor("abcdef\nab\nabcdef", multiline: true)
        for _ in 0..<11 { _ = same.handle(.left, width: 20) }
        #expect(same == e)
    }

    // MARK: Rendering

    @Test func rendersWrappedTextAndCursor() {
        let e = TextEditor("the quick brown fox", multiline: true)
        var canvas = Canvas(width: 10, height: 3)
        let first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 3, role: .fieldFocus, focused: true)
        #expect(first == 0)
        #expect(canvas.lines == ["the quick", "brown fox", ""])
        #expect(canvas.cursor?.x == 9)
        #expect(canvas.cursor?.y == 1)
        #expect(canvas[9, 2].role == .fieldFocus)
        #expect(canvas[0, 0].role == .fieldFocus)

        var unfocused = Canvas(width: 10, height: 3)
        e.render(into: &unfocused, x: 0, y: 0, width: 10, height: 3, role: .field, focused: false)
        #expect(unfocused.cursor == nil)
        #expect(unfocused.lines == canvas.lines)
    }

    @Test func rendersAtAnOffsetWithWideCharacters() {
        var e = TextEditor("監査報告書類", multiline: true)
        _ = e.handle(.up, width: 5)
        var canvas = Canvas(width: 10, height: 3)
        e.render(into: &canvas, x: 2, y: 1, width: 5, height: 2, role: .field, focused: true)
        #expect(canvas.lines == ["", "  監査", "  報告"])
        #expect(e.cursor == 3)
        #expect(canvas.cursor?.x == 4)
        #expect(canvas.cursor?.y == 2)
        #expect(canvas[6, 1].role == .field)
        #expect(canvas[7, 1].role == .normal)
    }

    @Test func scrollsToKeepTheCursorRowVisible() {
        var e = TextEditor("1\n2\n3\n4\n5", multiline: true)
        var canvas = Canvas(width: 10, height: 2)
        var first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true)
        #expect(first == 3)
        #expect(canvas.lines == ["4", "5"])
        #expect(canvas.cursor?.y == 1)
        // Moving up within the shown rows keeps the scroll; past them, it follows the cursor.
        _ = e.handle(.up, width: 10)
        first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true, scroll: first)
        #expect(first == 3)
        #expect(canvas.cursor?.y == 0)
        _ = e.handle(.up, width: 10)
        first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true, scroll: first)
        #expect(first == 2)
        #expect(canvas.lines == ["3", "4"])
        #expect(canvas.cursor?.y == 0)
        // A scroll below the cursor row comes back to it.
        first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true, scroll: 4)
        #expect(first == 2)
        #expect(canvas.lines == ["3", "4"])
        // A scroll that would leave rows empty under the text is pulled back.
        _ = e.handle(.down, width: 10); _ = e.handle(.down, width: 10)
        first = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true, scroll: 4)
        #expect(first == 3)
        #expect(canvas.lines == ["4", "5"])
        #expect(canvas.cursor?.y == 1)
        let short = TextEditor("a", multiline: true)
        #expect(short.render(into: &canvas, x: 0, y: 0, width: 10, height: 2, role: .field, focused: true, scroll: 5) == 0)
        #expect(canvas.lines == ["a", ""])
    }

    @Test func longSingleLineScrollsHorizontally() {
        var e = TextEditor("abcdefghijklmnopqrstuvwxyz")
        var canvas = Canvas(width: 10, height: 1)
        var h = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true)
        #expect(h == 17)
        #expect(canvas.lines == ["rstuvwxyz"])
        #expect(canvas.cursor?.x == 9)
        _ = e.handle(.home, width: 10)
        h = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true, scroll: h)
        #expect(h == 0)
        #expect(canvas.lines == ["abcdefghij"])
        #expect(canvas.cursor?.x == 0)
        // Moving right inside the window keeps it; past the edge scrolls one column at a time.
        for _ in 0..<9 { _ = e.handle(.right, width: 10) }
        h = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true, scroll: h)
        #expect(h == 0)
        #expect(canvas.cursor?.x == 9)
        _ = e.handle(.right, width: 10)
        h = e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true, scroll: h)
        #expect(h == 1)
        #expect(canvas.lines == ["bcdefghijk"])
        #expect(canvas.cursor?.x == 9)
    }

    @Test func wideSingleLineScrollsByWholeCharacters() {
        var e = TextEditor("監査監査監査")
        var canvas = Canvas(width: 5, height: 1)
        var h = e.render(into: &canvas, x: 0, y: 0, width: 5, height: 1, role: .field, focused: true)
        #expect(h == 8)
        #expect(canvas.lines == ["監査"])
        #expect(canvas.cursor?.x == 4)
        _ = e.handle(.home, width: 5)
        for _ in 0..<3 { _ = e.handle(.right, width: 5) }
        h = e.render(into: &canvas, x: 0, y: 0, width: 5, height: 1, role: .field, focused: true, scroll: 0)
        #expect(h == 2)
        #expect(canvas.lines == ["査監"])
        #expect(canvas.cursor?.x == 4)
    }

    @Test func shortSingleLineDoesNotScroll() {
        let e = TextEditor("abc")
        var canvas = Canvas(width: 10, height: 1)
        #expect(e.render(into: &canvas, x: 0, y: 0, width: 10, height: 1, role: .field, focused: true, scroll: 2) == 0)
        #expect(canvas.lines == ["abc"])
        #expect(canvas.cursor?.x == 3)
    }
}

/// Inputs coverage-guided fuzzing found (Scripts/fuzz.sh) in the editor and the width table.
@Suite struct EditorFuzzFindingTests {
    /// A zero-width character after a full row kept the row from wrapping and put the cursor
    /// one cell outside the field.
    @Test func cursorStaysInsideTheFieldBeforeAZeroWidthCharacter() {
        var e = TextEditor(" \u{1161}", multiline: true)
        _ = e.handle(.home, width: 1)
        _ = e.handle(.right, width: 1)
        let p = e.cursorPosition(width: 1)
        #expect(p.column < 1, "\(p)")
    }

    /// A prepended concatenation mark (U+0600) forms one cluster with the character after it;
    /// measuring only the mark gave 0 cells for what is drawn 2 wide, and `pad` came up short.
    @Test func prependedMarkTakesTheWidthOfWhatFollows() {
        #expect(Width.of("\u{600}漢") == 2)
        #expect(Width.of(Width.pad("\u{600}", 3)) == 3)
        #expect(Visible.text("\u{600}5") == "<U+0600>5")
    }
}
