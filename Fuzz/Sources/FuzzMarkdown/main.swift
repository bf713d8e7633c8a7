// libFuzzer harness: the Markdown escaper on arbitrary (lossily decoded) UTF-8. Beyond "no crash",
// it checks the escaper's contract at the level of Unicode scalars, which is what a Markdown
// parser reads: every markup character in the output is backslash-escaped, removing the escapes
// gives back the user's text as `Visible.text` shows it, no control, bidi or zero-width character
// is left raw, a cell holds no line break (only `<br>`), and `text` joins lines only with hard breaks.
import Reports
import VisibleText
#if canImport(Glibc)
import Glibc
#endif

let strict = getenv("FUZZ_STRICT").map { !["", "0"].contains(String(cString: $0)) } ?? false
let special: Set<UInt32> = Set("\\`*_[]<>&|#~!$".unicodeScalars.map(\.value))
let lineBreaks: Set<UInt32> = [0x0A, 0x0D]

func fail(_ what: String, _ input: String, _ output: String) -> Never {
    fatalError("\(what): input \(String(reflecting: input)) gave \(String(reflecting: output))")
}

/// Undoes `Markdown.inline`'s escapes; nil when a markup character stands unescaped.
func unescape(_ s: String) -> (text: [Unicode.Scalar], unescaped: Unicode.Scalar?) {
    var out: [Unicode.Scalar] = []
    var it = s.unicodeScalars.makeIterator()
    while let u = it.next() {
        if u == "\\" {
            guard let next = it.next() else { return (out, u) }
            out.append(next)
        } else if special.contains(u.value) {
            return (out, u)
        } else {
            out.append(u)
        }
    }
    return (out, nil)
}

/// What `inline` should show of one line: tabs as spaces, control characters made visible,
/// without leading or trailing spaces.
func expected(_ line: String) -> [Unicode.Scalar] {
    let tabless = String(String.UnicodeScalarView(line.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    var s = Array(Visible.text(tabless))
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return s.flatMap(\.unicodeScalars)
}

/// A scalar that must never reach the Markdown raw (ZWJ is allowed inside emoji sequences).
func hidden(_ u: Unicode.Scalar) -> Bool {
    let x = u.value
    return (x < 0x20 && x != 0x0A) || (0x7F...0x9F).contains(x) || (0x202A...0x202E).contains(x)
        || (0x2066...0x2069).contains(x) || [0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x2060, 0xFEFF].contains(x)
}

func checkVisible(_ what: String, _ input: String, _ output: String) {
    if let u = output.unicodeScalars.first(where: hidden) {
        fail("\(what): U+\(String(u.value, radix: 16, uppercase: true)) left raw", input, output)
    }
}

/// Known (findings/markdown-combining-after-special.bin): `inline` compares whole Characters with
/// its markup set, so a markup character that shares a grapheme with the next scalar (`*` + U+0301,
/// or the `>` of a `<U+202E>` notation followed by a combining mark) is not escaped. Unless
/// FUZZ_STRICT is set, the escaping checks skip output where that happens.
let markupScalars: Set<UInt32> = special.union("-+=.):/".unicodeScalars.map(\.value))
func knownMerge(_ out: String) -> Bool {
    !strict && out.contains { c in c.unicodeScalars.count > 1 && c.unicodeScalars.contains { markupScalars.contains($0.value) } }
}

func checkInline(_ line: String, lineStart: Bool) {
    let out = Markdown.inline(line, lineStart: lineStart)
    checkVisible("inline", line, out)
    if out.unicodeScalars.contains(where: { lineBreaks.contains($0.value) }) { fail("inline: line break in output", line, out) }
    if out.hasSuffix(" ") { fail("inline: trailing space", line, out) }
    if knownMerge(out) { return }
    let (text, raw) = unescape(out)
    if let raw { fail("inline: unescaped '\(raw)'", line, out) }
    // Known (findings/markdown-tab-combining.bin): a tab followed by a combining mark is not made
    // a space (Foundation's non-literal search), so it shows as "^I" plus the mark. Skipped unless
    // FUZZ_STRICT is set.
    let tabMerged = !strict && zip(line.unicodeScalars, line.unicodeScalars.dropFirst()).contains { $0 == "\t" && $1.properties.isGraphemeExtend }
    if text != expected(line), !tabMerged { fail("inline: escapes do not undo to the input", line, out) }
    if lineStart, startsBlock(Substring(out)) { fail("inline: list or heading marker at line start", line, out) }
}

/// Whether a line begins with an unescaped list or setext marker (`-`, `+`, `=`, `1.`, `1)`).
func startsBlock(_ line: Substring) -> Bool {
    let s = Array(line.unicodeScalars)
    guard let first = s.first else { return false }
    if "-+=".unicodeScalars.contains(first) { return true }
    let digits = s.prefix { ("0"..."9").contains($0) }.count
    return digits > 0 && digits < s.count && (s[digits] == "." || s[digits] == ")")
}

/// The text with every CR that precedes an LF dropped ("\r\r\n" too), so no CRLF is left.
func withoutCRLF(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        if u == "\n" { while out.last == "\r" { out.removeLast() } }
        out.append(u)
    }
    return String(out)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let mode = data[0]
    let raw = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    // Known (findings/markdown-crlf-*): a CRLF line break reaches the output as a raw "\n".
    // Unless FUZZ_STRICT is set, CRLF is passed as LF so that fuzzing looks for other faults.
    let input = strict ? raw : withoutCRLF(raw)

    // inline: on each line (split on the scalars CommonMark ends lines with).
    for line in input.unicodeScalars.split(whereSeparator: { lineBreaks.contains($0.value) }) {
        checkInline(String(String.UnicodeScalarView(line)), lineStart: mode & 1 != 0)
    }

    // text: lines joined by "\\\n" plus the indent.
    let indent = Int(mode >> 1) % 6
    let text = Markdown.text(input, indent: indent, startsLine: mode & 0x40 != 0)
    checkVisible("text", input, text)
    let pad = String(repeating: " ", count: indent)
    let textMerged = knownMerge(text)
    let rows = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    for (i, row) in rows.enumerated() {
        if row.unicodeScalars.contains("\r") { fail("text: CR in output", input, text) }
        // By scalars: a combining mark may share a grapheme with the indent or the break's "\\".
        var scalars = Array(row.unicodeScalars)[...]
        if i > 0 {
            guard scalars.starts(with: pad.unicodeScalars) else { fail("text: continuation line not indented", input, text) }
            scalars = scalars.dropFirst(indent)
        }
        if i < rows.count - 1 {
            guard scalars.last == "\\" else { fail("text: line break that is not a hard break", input, text) }
            scalars = scalars.dropLast()
        }
        if textMerged { continue }
        let body = Substring(String(String.UnicodeScalarView(scalars)))
        if i > 0 || mode & 0x40 != 0, startsBlock(body) { fail("text: list or heading marker at line start", input, text) }
        let (_, raw) = unescape(String(body))
        if let raw { fail("text: unescaped '\(raw)'", input, text) }
    }

    // cell: one line, `<br>` the only HTML.
    let cell = Markdown.cell(input)
    checkVisible("cell", input, cell)
    if cell.unicodeScalars.contains(where: { lineBreaks.contains($0.value) }) { fail("cell: line break in output", input, cell) }
    var scalars = Array(cell.unicodeScalars)[...]
    while !knownMerge(cell), let u = scalars.popFirst() {
        if u == "\\" {
            guard scalars.popFirst() != nil else { fail("cell: dangling backslash", input, cell) }
        } else if u == "<" {
            guard scalars.starts(with: "br>".unicodeScalars) else { fail("cell: unescaped '<' that is not <br>", input, cell) }
            scalars = scalars.dropFirst(3)
            if scalars.isEmpty || scalars.starts(with: "<br>".unicodeScalars) { fail("cell: empty piece around <br>", input, cell) }
        } else if special.contains(u.value) {
            fail("cell: unescaped '\(u)'", input, cell)
        }
    }

    _ = Markdown.code(input)
    return 0
}
