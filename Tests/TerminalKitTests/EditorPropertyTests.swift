import Testing
@testable import TerminalKit

/// Random editing sessions over wide, combining and emoji text: the editor's invariants hold.
@Suite struct EditorPropertyTests {
    static let keys: [Key] = [.left, .right, .up, .down, .home, .end, .backspace, .delete, .enter, .ctrl("w"), .ctrl("k"), .ctrl("u"),
                              .char("a"), .char(" "), .char("監"), .char("é"), .char("e\u{301}"), .char("👩‍💻"), .char("x"), .char("\u{1B}")]

    @Test(arguments: [false, true])
    func randomSessionsKeepTheInvariants(multiline: Bool) {
        var state: UInt64 = multiline ? 7 : 11
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for session in 0..<200 {
            var editor = TextEditor("Prüfung 監査 ✓", multiline: multiline)
            let width = 3 + next(20)
            for _ in 0..<60 {
                _ = editor.handle(Self.keys[next(Self.keys.count)], width: width)
                #expect((0...editor.text.count).contains(editor.cursor), "session \(session)")
                if !multiline { #expect(!editor.text.contains("\n")) }
            }
            let lines = editor.layout(width: width)
            #expect(!lines.isEmpty)
            for l in lines where multiline && l.text.count > 1 {
                #expect(Width.of(Visible.text(l.text)) <= width || l.text.count == 1, "session \(session): \(l.text)")
            }
            let pos = editor.cursorPosition(width: width)
            if multiline { #expect(pos.row < lines.count) }
            var canvas = Canvas(width: width + 2, height: 4)
            editor.render(into: &canvas, x: 1, y: 0, width: width, height: 4, role: .field, focused: true)
            if let c = canvas.cursor { #expect(c.x >= 1 && c.x <= width + 1 && c.y >= 0 && c.y < 4, "session \(session)") }
        }
    }
}
