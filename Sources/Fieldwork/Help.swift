import TerminalKit

/// What the binding table says to the user: the footer's hints, the help screen (the screen's own
/// keys first, then the rest, then what the marks mean) and the README's key table.
public enum Help {
    /// The footer's key hints for what has the keys now: the hints of the commands that can be
    /// done, in the table's order (moving last: arrows need no saying); and what must show
    /// whatever the room: `? keys`, where the rest are, and a reason that holds several of the
    /// hints back (blocked, read-only), said once.
    public static func footer(_ s: AppState) -> (hints: [String], always: [String]) {
        let (hints, always, _) = footerHints(s)
        return (hints, always)
    }

    /// The footer's hints, and the reasons among those that always show.
    static func footerHints(_ s: AppState) -> (hints: [String], always: [String], reasons: Set<String>) {
        var hints: [String] = [], always: [String] = [], held: [String: Int] = [:], order: [String] = []
        let contexts = Keymap.contexts(s)
        for b in Keymap.bindings where contexts.contains(b.context) {
            guard let hint = b.hint else { continue }
            if let why = b.disabled(s) {
                if held[why] == nil { order.append(why) }
                held[why, default: 0] += 1
            } else if b.command == .help {
                always.append(hint)
            } else if !hints.contains(hint) {
                hints.append(hint)
            }
        }
        let moving = hints.filter { $0.hasPrefix("↑↓") }
        let reasons = order.filter { held[$0]! > 1 }
        return (hints.filter { !$0.hasPrefix("↑↓") } + moving, always + reasons, Set(reasons))
    }

    /// The footer's hints as they fit in `width` cells: as many as there is room for, then the
    /// ones that always show; each as its key (drawn as a key) and what it does. A reason that
    /// holds hints back has no key.
    public static func footerParts(_ s: AppState, fitting width: Int) -> [(key: String, text: String)] {
        let (hints, always, reasons) = footerHints(s)
        var shown: [String] = [], used = Width.of(always.joined(separator: " · "))
        for hint in hints {
            let w = Width.of(hint) + 3
            guard used + w <= width else { break }
            shown.append(hint)
            used += w
        }
        return (shown + always).map { hint in
            guard !reasons.contains(hint), let space = hint.firstIndex(of: " ") else { return ("", hint) }
            return (String(hint[..<space]), String(hint[hint.index(after: space)...]))
        }
    }

    public struct Line: Sendable, Hashable {
        public var keys: String
        public var text: String
        public var heading: Bool
    }

    /// The help's lines for the screen it was opened from: that screen's keys first.
    public static func lines(_ s: AppState) -> [Line] {
        var under = s
        if under.screen == .help, under.stack.count > 1 { under.stack.removeLast() }
        let first = Keymap.contexts(of: under.screen)
        var out: [Line] = []
        for context in first + Context.allCases.filter({ !first.contains($0) }) {
            out.append(Line(keys: context.title, text: "", heading: true))
            for b in Keymap.bindings where b.context == context {
                let why = first.contains(context) ? b.disabled(under) : nil
                out.append(Line(keys: b.keyNames, text: b.help + (why.map { " (not now: \($0))" } ?? ""), heading: false))
            }
        }
        out.append(Line(keys: "What the marks mean", text: "", heading: true))
        for (mark, meaning) in legend(ascii: s.ascii) { out.append(Line(keys: mark, text: meaning, heading: false)) }
        return out
    }

    /// One meaning for each mark the screen draws.
    public static func legend(ascii: Bool) -> [(String, String)] {
        [("!", "you have an independence warning on the item: justify it before the first edit"),
         (ascii ? "X" : "✖", "you may not audit the item (blocked): its form is read-only"),
         (ascii ? "i" : "ℹ", "a note on your independence, nothing to do"),
         (ascii ? "#" : "≠", "a merge conflict: the lead resolves it (R)"),
         (ascii ? "-" : emptyMark, "nothing recorded, nobody named"),
         (ascii ? "~" : "…", "text cut short: the pane under the list shows it whole"),
         ("[re-test]", "an earlier audit's nonconformity, to be tested again"),
         ("[SoA excl.]", "excluded in the Statement of Applicability: its justification is audited"),
         (ascii ? "v P x" : "✓ P ✗", "the programme's cycle: an audit done, planned, missed"),
         (ascii ? "^ v" : "↑ ↓", "more above, more below"),
         ("12 of 59", "where the selected row is in the list")]
    }

    /// The README's table of keys: the binding table's own words, where each is read said once.
    public static func markdown() -> String {
        var out = "| where | keys | what they do |\n|---|---|---|\n"
        for context in Context.allCases {
            for (i, b) in Keymap.bindings.filter({ $0.context == context }).enumerated() {
                let keys = b.keys.map { "`\($0.description)`" }.joined(separator: " ")
                out += "| \(i == 0 ? context.title : "") | \(keys) | \(b.help) |\n"
            }
        }
        return out
    }
}

extension Render {
    /// Two columns when the screen is wide enough for two of the help's lines side by side.
    static func helpColumns(_ s: AppState) -> Int { s.size.width >= 120 ? 2 : 1 }

    /// The cells a help line's text has: its column less the keys, and room for the "more" marks.
    static func helpTextWidth(_ s: AppState) -> Int { max(10, (s.size.width - 1) / helpColumns(s) - 26 - 8) }

    /// The help's lines as shown: a text too long for its column goes on under itself.
    static func helpLines(_ s: AppState) -> [Help.Line] {
        let width = helpTextWidth(s)
        return Help.lines(s).flatMap { line -> [Help.Line] in
            guard !line.heading, Width.of(line.text) > width else { return [line] }
            return wrap(line.text, width).enumerated().map { i, text in Help.Line(keys: i == 0 ? line.keys : "", text: text, heading: false) }
        }
    }

    static func help(_ c: inout Canvas, _ s: AppState) {
        c.put(1, 1, "Keys", role: .title, bold: true)
        c.put(6, 1, "· this screen's keys first, then the rest, then the marks", role: .muted, maxWidth: c.width - 14)
        let lines = helpLines(s)
        let rows = listRows(s, .help), columns = helpColumns(s)
        let first = s.list(.help).firstRow(count: lines.count, rows: rows * columns)
        let columnWidth = (c.width - 1) / columns
        for column in 0 ..< columns {
            let x = 1 + column * columnWidth
            let room = helpTextWidth(s)
            for (i, l) in lines.dropFirst(first + column * rows).prefix(rows).enumerated() {
                let y = listTop(.help) + i
                if l.heading {
                    c.put(x, y, l.keys, role: .title, bold: true, maxWidth: columnWidth - 1)
                } else {
                    c.put(x + 2, y, Width.pad(l.keys, 22), role: .key)
                    c.put(x + 25, y, l.text, maxWidth: room)
                }
            }
        }
        // More than the page holds: said at the corner it goes on from.
        let more = s.ascii ? ("^ more", "v more") : ("↑ more", "↓ more")
        if first > 0 { c.put(c.width - 7, listTop(.help), more.0, role: .muted) }
        if first + rows * columns < lines.count { c.put(c.width - 7, listTop(.help) + rows - 1, more.1, role: .muted) }
    }
}
