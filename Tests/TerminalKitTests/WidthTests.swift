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

    @Test func wideCharacterThatDoesNotFitBecomesAnEllipsis() {
        var canvas = Canvas(width: 3, height: 1)
        let used = canvas.put(0, 0, "監査", role: .field)
        #expect(used == 3)
        #expect(canvas[0, 0].text == "監")
        #expect(canvas[1, 0].text == "")
        #expect(canvas[1, 0].isContinuation)
        #expect(canvas[2, 0].text == "…")
        #expect(canvas[2, 0].role == .field)
        #expect(canvas.lines == ["監…"])

        // Cut short, the text says so: "…" where the wide character did not fit.
        var wider = Canvas(width: 10, height: 1)
        wider.put(0, 0, "監査", maxWidth: 3)
        #expect(wider[0, 0].text == "監")
        #expect(wider[1, 0].isContinuation)
        #expect(wider[2, 0].text == "…")
        #expect(wider.lines == ["監…"])
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

/// `Canvas.column` draws table cells in one pass; it must draw exactly what padding with
/// `Width.pad` and putting the result draws, wherever the column falls.
@Suite struct CanvasColumnTests {
    @Test func scalarsAreCharactersWhereTheFastPathSaysSo() {
        // Every scalar of the ranges the fast path accepts is one character, however it is surrounded.
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x2FF, 0x2010...0x2027, 0x2030...0x205E, 0x3000...0x3029,
                                             0x3030...0x303F, 0x3041...0x3096, 0x30A0...0x30FF, 0x4E00...0x4FFF, 0xAC00...0xAFFF, 0xFF01...0xFF60]
        let scalars = ranges.flatMap { $0.compactMap(Unicode.Scalar.init) }
        for (i, u) in scalars.enumerated() {
            let next = scalars[(i * 7919 + 13) % scalars.count]
            let text = String(u) + String(next) + String(u)
            #expect(Visible.oneScalarCharacters(text))
            #expect(text.count == 3, "U+\(String(u.value, radix: 16)) beside U+\(String(next.value, radix: 16))")
            #expect(Visible.text(text) == text)
        }
        #expect(!Visible.oneScalarCharacters("e\u{301}"))
        #expect(!Visible.oneScalarCharacters("カ\u{3099}"))
    }

    @Test func columnIsPutOfPaddedText() {
        let texts = ["", "a", "abc", "A.6.2.6@claimsort", "exactly-ten", "x y z", "Zoë Müller", "监控日志", "tab\there", "e\u{301}te",
                     "\u{301}start", "监a控b日c志", "👩\u{200D}💻 dev", "🇩🇪 flag", "line\nbreak", "bidi\u{202E}x", "ＡＢＣ",
                     "Own requirement 38 — 検証 of control 38", "soft\u{AD}hyphen", "한국어 ｶﾞ", "カ\u{3099}"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0 ..< 3000 {
            let text = texts.randomElement(using: &rng)! + (Bool.random(using: &rng) ? String(repeating: "w", count: Int.random(in: 0 ... 12, using: &rng)) : "")
            let cells = Int.random(in: -2 ... 24, using: &rng), x = Int.random(in: -3 ... 22, using: &rng), y = Int.random(in: -1 ... 3, using: &rng)
            let role: Role = Bool.random(using: &rng) ? .muted : .normal
            var a = Canvas(width: 20, height: 3), b = Canvas(width: 20, height: 3)
            let usedA = a.column(x, y, text, cells, role: role)
            // A column is cut to its cells with "…" itself; the canvas's edge cuts it as a window.
            let usedB = b.put(x, y, Width.pad(text, cells) + " ", role: role, ellipsis: false)
            if a != b || usedA != usedB {
                Issue.record("\(text.debugDescription) in \(cells) cells at \(x),\(y): \(a.lines) used \(usedA), padded \(b.lines) used \(usedB)")
                return
            }
        }
    }
}
