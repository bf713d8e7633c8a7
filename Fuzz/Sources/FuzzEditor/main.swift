// libFuzzer harness: TerminalKit's `Width`, `Visible` and `TextEditor`, with the input read as a
// script of edits. Checks after every step: the cursor stays in 0...text.count, single-line text
// never holds a line break, the layout covers the text exactly, no visual line is wider than the
// width (but for a lone character wider than the width itself), the cursor has a cell inside the
// width, and drawing stays inside its rectangle with the cursor on it.
//
// Script: byte 0 width (0..<24), byte 1 height (1..<6) and multi-line flag; then per step one byte:
// printable ASCII types that character, 0x80... types an awkward character from `awkward`, and the
// control range picks a key or a command (see `step`).
import TerminalKit
#if canImport(Glibc)
import Glibc
#endif

let strict = getenv("FUZZ_STRICT").map { !["", "0"].contains(String(cString: $0)) } ?? false

let awkward: [String] = [
    "漢", "e\u{301}", "\u{301}", "👩\u{200D}💻", "🇫", "🇷", "\u{FE0F}", "\u{200D}", "\u{1B}", "\u{7F}",
    "\u{202E}", "\r", "\n", "\r\n", "\t", "\u{0}", "\u{85}", "\u{600}", "\u{1100}", "\u{1161}", "❤",
    "\u{2028}", "\u{200B}", "ｗ", "\u{AD}", "😀", "🏽", "\u{E0001}", "\u{9F}", "\u{0915}", "\u{094D}", " ",
]

/// Grapheme_Cluster_Break=Prepend (Unicode 15.1).
let prependScalars: [ClosedRange<UInt32>] = [
    0x0600...0x0605, 0x06DD...0x06DD, 0x070F...0x070F, 0x0890...0x0891, 0x08E2...0x08E2, 0x0D4E...0x0D4E,
    0x110BD...0x110BD, 0x110CD...0x110CD, 0x111C2...0x111C3, 0x1193F...0x1193F, 0x11941...0x11941,
    0x11A3A...0x11A3A, 0x11A84...0x11A89, 0x11D46...0x11D46, 0x11F02...0x11F02,
]

func fail(_ what: String, _ e: TextEditor, _ width: Int) -> Never {
    fatalError("\(what): text \(String(reflecting: e.text)) cursor \(e.cursor) multiline \(e.multiline) width \(width)")
}

/// Cells a character takes when drawn (as `TextEditor` and `Canvas.put` count them).
func cells(_ c: Character) -> Int {
    if let a = c.asciiValue, a >= 0x20, a < 0x7F { return 1 }
    let s = String(c)
    let v = Visible.text(s)
    return v == s ? Width.of(c) : Width.of(v)
}

func checkWidth(_ s: String, _ n: Int) {
    let (p, w) = Width.prefix(s, fitting: n)
    guard w == Width.of(p), w <= n, s.hasPrefix(p) else { fatalError("Width.prefix(\(String(reflecting: s)), \(n)) = \(String(reflecting: p)), \(w)") }
    let c = Width.clip(s, n)
    guard Width.of(c) <= n else { fatalError("Width.clip(\(String(reflecting: s)), \(n)) is \(Width.of(c)) wide: \(String(reflecting: c))") }
    let padded = Width.pad(s, n)
    // Known (findings/editor-width-pad-prepend.bin): a Prepend character (U+0600...) joins the next
    // character, a padding space too, into one cluster measured by the Prepend alone (0 cells).
    // Only reported with FUZZ_STRICT.
    let prepend = !strict && s.unicodeScalars.contains { u in prependScalars.contains { $0.contains(u.value) } }
    guard Width.of(padded) == n || prepend else { fatalError("Width.pad(\(String(reflecting: s)), \(n)) is \(Width.of(padded)) wide: \(String(reflecting: padded))") }
    let v = Visible.text(s)
    for u in v.unicodeScalars {
        let x = u.value
        if (x < 0x20 && x != 0x0A) || (0x7F...0x9F).contains(x) || (0x202A...0x202E).contains(x)
            || (0x2066...0x2069).contains(x) || [0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x2060, 0xFEFF].contains(x) {
            fatalError("Visible.text(\(String(reflecting: s))) left U+\(String(x, radix: 16)) raw: \(String(reflecting: v))")
        }
    }
}

func check(_ e: TextEditor, width: Int, everMultiline: Bool) {
    guard e.cursor >= 0, e.cursor <= e.text.count else { fail("cursor out of bounds", e, width) }
    if e.text.unicodeScalars.contains("\r") { fail("CR in the text", e, width) }
    if !everMultiline, e.text.unicodeScalars.contains("\n") { fail("line break in single-line text", e, width) }
    let chars = Array(e.text)
    let lines = e.layout(width: width)
    guard !lines.isEmpty else { fail("no visual lines", e, width) }
    let limit = max(1, width)
    var next = 0
    for (i, l) in lines.enumerated() {
        guard l.start <= l.end, l.end <= chars.count else { fail("line \(i) has bad bounds \(l.start)..<\(l.end)", e, width) }
        guard l.start == next || (l.start == next + 1 && chars[next] == "\n") || (l.start == next && l.start == l.end)
        else { fail("line \(i) starts at \(l.start), expected \(next)", e, width) }
        guard l.text == String(chars[l.start..<l.end]) else { fail("line \(i) text differs from its range", e, width) }
        let w = chars[l.start..<l.end].reduce(0) { $0 + cells($1) }
        guard l.width == w else { fail("line \(i) says width \(l.width), its characters take \(w)", e, width) }
        if e.multiline, w > limit, l.end - l.start != 1 { fail("line \(i) is \(w) cells, wider than \(limit)", e, width) }
        next = l.end
    }
    guard next == chars.count else { fail("layout ends at \(next), not at the end \(chars.count)", e, width) }
    let (row, column) = e.cursorPosition(width: width)
    guard row >= 0, row < lines.count, column >= 0 else { fail("cursor at row \(row) column \(column)", e, width) }
    if e.multiline, column >= limit {
        // Known (findings/editor-cursor-before-zero-width.bin): before zero-width characters at the
        // end of a full row the cursor is one column past the width. Only reported with FUZZ_STRICT.
        let rest = chars[min(e.cursor, lines[row].end)..<lines[row].end]
        if strict || rest.isEmpty || rest.contains(where: { cells($0) > 0 }) {
            fail("cursor column \(column) outside width \(limit)", e, width)
        }
    }
}

func checkRender(_ e: TextEditor, width: Int, height: Int, scroll: inout Int) {
    var canvas = Canvas(width: width + 2, height: height + 2)
    scroll = e.render(into: &canvas, x: 1, y: 1, width: width, height: height, role: .field, focused: true, scroll: scroll)
    guard width > 0 else { return }
    guard let (cx, cy) = canvas.cursor, cx >= 1, cx <= width, cy >= 1, cy <= height
    else { fail("render put the cursor at \(String(describing: canvas.cursor)) outside \(width)x\(height) at 1,1", e, width) }
    for y in 0..<canvas.height {
        for x in 0..<canvas.width where y == 0 || y == height + 1 || x == 0 || x == width + 1 {
            guard canvas[x, y] == .blank else { fail("render drew outside its rectangle at \(x),\(y)", e, width) }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    var width = Int(data[0] % 24)
    let height = 1 + Int(data[1] >> 1) % 5
    var editor = TextEditor("", multiline: data[1] & 1 != 0)
    var everMultiline = editor.multiline
    var scroll = 0
    var i = 2
    func byte() -> UInt8? { guard i < size else { return nil }; defer { i += 1 }; return data[i] }
    let keys: [Key] = [.enter, .backspace, .delete, .left, .right, .home, .end, .up, .down,
                       .ctrl("a"), .ctrl("e"), .ctrl("w"), .ctrl("k"), .ctrl("u"), .tab, .escape, .pageDown, .function(2)]
    var steps = 0
    while let b = byte(), steps < 4096 {
        steps += 1
        switch b {
        case 0x20..<0x7F:
            _ = editor.handle(.char(Character(UnicodeScalar(b))), width: width)
        case 0x80...:
            let s = awkward[Int(b - 0x80) % awkward.count]
            _ = editor.handle(.char(Character(s)), width: width)
        case 0x00..<0x12:
            let key = keys[Int(b)]
            let consumed = editor.handle(key, width: width)
            if !consumed, [.backspace, .delete, .left, .right, .home, .end].contains(key) { fail("\(key) not consumed", editor, width) }
        case 0x12:      // new width
            width = Int((byte() ?? 0) % 24)
        case 0x13:      // switch single-/multi-line
            editor.multiline.toggle()
            if editor.multiline { everMultiline = true }
        case 0x14, 0x15:      // paste: a length byte, then that many bytes of lossy UTF-8
            let n = Int(byte() ?? 0) % 32
            var bytes: [UInt8] = []
            while bytes.count < n, let x = byte() { bytes.append(x) }
            let s = String(decoding: bytes, as: UTF8.self)
            if b == 0x14 { editor.insert(s) } else { checkWidth(s, width) }
        case 0x16:      // check Width on the whole text
            checkWidth(editor.text, width)
        default:        // draw
            checkRender(editor, width: width, height: height, scroll: &scroll)
        }
        check(editor, width: width, everMultiline: everMultiline)
    }
    checkRender(editor, width: width, height: height, scroll: &scroll)
    return 0
}
