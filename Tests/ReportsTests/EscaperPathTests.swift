import Testing
@testable import Reports
import VisibleText

/// The escaper's fast path for text of one-scalar characters must escape exactly as the
/// character-by-character path does.
@Suite struct EscaperPathTests {
    @Test func byteByByteIsCharacterByCharacter() {
        let pieces = ["a", "W", "w", "www", "WwW.", ".", ":", "//", "://", "-", "+", "=", "1", "12", ")", " ", "  ",
                      "*", "_", "[", "]", "<", ">", "&", "|", "#", "~", "!", "$", "`", "\\", "検証", "é", "ß", "—", "“",
                      "한", "ｗｗｗ", "Ａ", "カ", "、", "x.com", "www.example.org"]
        var rng = SystemRandomNumberGenerator()
        var tried = 0
        for _ in 0 ..< 20_000 {
            let text = (0 ..< Int.random(in: 1 ... 7, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            guard Visible.oneScalarCharacters(text) else { continue }
            tried += 1
            for lineStart in [false, true] {
                let fast = Markdown.oneScalarInline(text, lineStart: lineStart), slow = Markdown.characterInline(text, lineStart: lineStart)
                if fast != slow {
                    Issue.record("\(text.debugDescription) (line start \(lineStart)): \(fast.debugDescription), by characters \(slow.debugDescription)")
                    return
                }
            }
        }
        #expect(tried > 5_000)
    }
}
