import Testing
@testable import TerminalKit

@Suite struct WidthTests {
    private func cells(_ c: Character) -> Int { Width.of(c) }

    @Test func characterWidths() {
        #expect(cells("a") == 1)
        #expect(cells("漢") == 2)
        let composed: Character = "e\u{301}"
        #expect(String(composed).count == 1)
        #expect(cells(composed) == 1)
        #expect(cells("\u{301}") == 0)
        #expect(cells("\u{200D}") == 0)
        #expect(cells("😀") == 2)
        let technologist: Character = "👩\u{200D}💻"
        #expect(String(technologist).count == 1)
        #expect(cells(technologist) == 2)
        #expect(cells("✓") == 1)
        #expect(cells("\u{2764}") == 1)
        #expect(cells("\u{2764}\u{FE0F}") == 2)
    }

    @Test func stringWidth() {
        #expect(Width.of("Prüfung 監査 ✓") == 14)
        #expect(Width.of("e\u{301}e\u{301}") == 2)
        #expect(Width.of("") == 0)
    }

    @Test func prefixClipAndPad() {
        #expect(Width.prefix("監査監査", fitting: 5) == ("監査", 4))
        #expect(Width.clip("監査監査", 5) == "監査…")
        #expect(Width.clip("監査", 4) == "監査")
        #expect(Width.clip("abc", 0) == "")
        #expect(Width.pad("ab", 4) == "ab  ")
        #expect(Width.pad("監", 3) == "監 ")
        #expect(Width.pad("監査監査", 5) == "監査…")
        #expect(Width.of(Width.pad("監査監査", 6)) == 6)
        #expect(Width.pad("監査監査", 6) == "監査… ")
    }

    @Test func visibleControlCharacters() {
        #expect(Visible.text("a\u{1B}[31mb") == "a^[[31mb")
        #expect(Visible.text("\u{202E}x").contains("<U+202E>"))
        #expect(Visible.text("\u{202E}x") == "<U+202E>x")
        #expect(Visible.text("a\rb\u{7F}") == "a^Mb^?")
        #expect(Visible.text("Prüfung 監査 ✓") == "Prüfung 監査 ✓")
    }

    @Test func wideCharacterThatDoesNotFitBecomesASpace() {
        var canvas = Canvas(width: 3, height: 1)
        let used = canvas.put(0, 0, "監査", role: .field)
        #expect(used == 3)
        #expect(canvas[0, 0].text == "監")
        #expect(canvas[1, 0].text == "")
        #expect(canvas[1, 0].isContinuation)
        #expect(canvas[2, 0].text == " ")
        #expect(canvas[2, 0].role == .field)
        #expect(canvas.lines == ["監"])

        var wider = Canvas(width: 10, height: 1)
        wider.put(0, 0, "監査", maxWidth: 3)
        #expect(wider[0, 0].text == "監")
        #expect(wider[1, 0].isContinuation)
        #expect(wider[2, 0].text == " ")
        #expect(wider.lines == ["監"])
    }

    @Test func canvasLines() {
        var canvas = Canvas(width: 8, height: 3)
        canvas.put(0, 0, "ab  ")
        canvas.put(2, 1, "監査x")
        canvas.put(1, 2, "e\u{301}\u{1B}")
        #expect(canvas.lines == ["ab", "  監査x", " e\u{301}^["])
        #expect(canvas.cursor == nil)
        canvas.cursor = (3, 2)
        #expect(canvas.cursor?.x == 3)
        #expect(canvas.cursor?.y == 2)
    }
}
