import AuditCore
import Foundation
import TerminalKit

/// Draws the state into a canvas. Only visible rows are rendered. Where a list's rows, a form's
/// inputs and the bottom lines go is worked out here, for `update` (paging) as for drawing.
public enum Render {
    public static let minimum = (width: 50, height: 12)

    public static func frame(_ s: AppState) -> Canvas {
        var c = Canvas(width: s.size.width, height: s.size.height)
        guard s.size.width >= minimum.width, s.size.height >= minimum.height else {
            let message = "terminal too small (\(s.size.width)×\(s.size.height)): aimsaudit needs at least \(minimum.width)×\(minimum.height)"
            for (i, line) in wrap(message, max(1, s.size.width)).prefix(s.size.height).enumerated() { c.put(0, i, line) }
            return c
        }
        titleBar(&c, s)
        switch s.screen {
        case .checklist: checklist(&c, s)
        case .item(let key): item(&c, s, key)
        case .findings: findings(&c, s)
        case .history(let key): history(&c, s, key)
        case .help: help(&c, s)
        case .programme: programme(&c, s)
        case .assignment: assignment(&c, s)
        case .team: team(&c, s)
        case .record: record(&c, s)
        }
        bottom(&c, s)
        if let d = s.dialog { dialog(&c, s, d) }
        return c
    }

    // MARK: - Layout

    /// The rows a screen's own content has: between the title bar and the messages above the footer.
    static func contentBottom(_ s: AppState) -> Int { s.size.height - 1 - messages(s).count }

    /// Rows of the detail pane under a list (a rule and two lines of the selected row in full);
    /// none on a short screen.
    static func paneRows(_ s: AppState) -> Int { s.size.height >= 16 ? 3 : 0 }

    /// Where a screen's list starts.
    static func listTop(_ screen: Screen) -> Int {
        switch screen {
        case .checklist, .assignment, .team, .record: 4
        case .programme: 5
        case .findings, .history, .help: 3
        case .item: 1
        }
    }

    /// The rows a screen's list shows: `update` pages by it, `render` draws it.
    static func listRows(_ s: AppState, _ screen: Screen) -> Int {
        max(1, contentBottom(s) - listTop(screen) - (screen == .help ? 0 : paneRows(s)))
    }

    // MARK: - Title bar, messages, footer

    static func titleBar(_ c: inout Canvas, _ s: AppState) {
        c.fill(0, 0, c.width, 1, role: .header)
        let lead = s.analysis.audit.lead == s.me ? " (lead)" : ""
        let right = "\(s.name(s.me))\(lead)\(s.readOnly ? " · read-only" : "") "
        let rw = Width.of(right)
        c.put(0, 0, " aimsaudit · \(s.analysis.audit.id) · \(s.facts.organisation)", role: .header, bold: true,
              maxWidth: c.width - rw - 1)
        c.put(c.width - rw, 0, right, role: .header)
    }

    /// The lines above the footer: work going on beside the screen, then the message of the last
    /// command, wrapped whole (at most a third of the screen), or a prompt's refusal.
    static func messages(_ s: AppState) -> [(String, TerminalKit.Role)] {
        let width = max(10, s.size.width - 2)
        var out = s.working.values.sorted().map { (" " + Width.clip($0, width), TerminalKit.Role.status) }
        let error = s.prompt?.error ?? (s.status.isEmpty ? nil : s.status)
        if let error {
            let role: TerminalKit.Role = s.prompt?.error != nil || s.statusIsError ? .statusError : .status
            out += wrap(error, width).map { (" " + $0, role) }
        }
        return Array(out.suffix(max(1, s.size.height / 3)))
    }

    /// The bottom of the screen: the messages, and the footer — the key hints for what has the
    /// keys now (made from the binding table), the prompt when one is open, and when it saved.
    static func bottom(_ c: inout Canvas, _ s: AppState) {
        let y = c.height - 1
        let lines = messages(s)
        for (i, line) in lines.enumerated() {
            let row = y - lines.count + i
            c.fill(0, row, c.width, 1, role: line.1)
            c.put(0, row, line.0, role: line.1, maxWidth: c.width)
        }
        let role: TerminalKit.Role = s.unsaved > 0 ? .statusError : .status
        c.fill(0, y, c.width, 1, role: role)
        let saved = s.unsaved > 0 ? "\(s.unsaved) NOT SAVED " : s.lastSaved.map { "saved \($0)\(s.waitToCopy ? ", wait to copy" : "") " } ?? ""
        let sw = Width.of(saved)
        var x = 1
        if let prompt = s.prompt {
            x += c.put(x, y, prompt.sign, role: role)
            let w = min(max(10, c.width / 2), c.width - x - sw - 2)
            _ = prompt.line.render(into: &c, x: x, y: y, width: w, height: 1, role: role, focused: true)
            x += min(w, Width.of(prompt.line.text) + 1) + 2
        } else if s.editor != nil {
            x += c.put(x, y, "editing \(s.field.label) — ", role: role)
        }
        if x < c.width - sw - 2 {
            let end = c.width - sw - 1
            for (i, part) in Help.footerParts(s, fitting: end - x).enumerated() where x < end {
                if i > 0 { x += c.put(x, y, " · ", role: role, maxWidth: end - x) }
                if !part.key.isEmpty { x += c.put(x, y, part.key, role: .hintKey, maxWidth: end - x) + 1 }
                if x < end { x += c.put(x, y, part.text, role: role, maxWidth: end - x) }
            }
        }
        if !saved.isEmpty { c.put(c.width - sw, y, saved, role: role) }
    }

    // MARK: - Lists

    /// A list from `listTop` down, with a detail pane under it that shows the selected row's text
    /// in full (`detail`), and the position ("12 of 59") on the pane's rule, else on `positionRow`.
    static func list(_ c: inout Canvas, _ s: AppState, _ screen: Screen, count: Int, empty: String, positionRow: Int,
                     detail: ((Int) -> (title: String, text: String))?, row: (inout Canvas, Int, Int) -> Void) {
        let top = listTop(screen), rows = listRows(s, screen)
        let state = s.list(screen)
        let view = ListView(x: 0, y: top, width: c.width, height: rows, empty: empty)
        let selected = view.draw(into: &c, count: count, state: state, row: row)
        let paneY = top + rows
        if paneRows(s) > 0, let detail {
            c.put(0, paneY, String(repeating: "─", count: c.width), role: .muted)
            if let selected {
                let (title, text) = detail(selected)
                c.put(1, paneY, " " + title + " ", role: .title, bold: true, maxWidth: c.width - 16)
                let room = paneRows(s) - 1, lines = wrap(text, c.width - 2, limit: room)
                for (i, line) in lines.prefix(room).enumerated() {
                    let cut = i == room - 1 && lines.count > room
                    c.put(1, paneY + 1 + i, cut ? Width.clip(line + " …", c.width - 2) : line)
                }
            }
            if count > 0 { ListView.position(into: &c, y: paneY, right: c.width - 1, count: count, state: state) }
        } else if count > 0 {
            ListView.position(into: &c, y: positionRow, right: c.width, count: count, state: state)
        }
    }

    // MARK: - Small pieces

    static func gradeRole(_ g: Grade) -> TerminalKit.Role {
        switch g {
        case .major: .gradeMajor
        case .minor: .gradeMinor
        case .observation: .gradeObservation
        case .ofi: .gradeOfi
        case .conform: .gradeConform
        case .notApplicable: .gradeNotApplicable
        case .notAudited: .gradeNotAudited
        }
    }

    static func tierRole(_ t: Tier) -> TerminalKit.Role { t == .A ? .tierA : t == .B ? .tierB : .tierC }

    /// A grade in a list's column: nothing recorded shows as the one empty mark.
    static func gradeLabel(_ g: Grade) -> String { g == .notAudited ? emptyMark : g.shortLabel }

    /// The checklist's mark of my independence on an item: ! a warning, ✖ a block, ℹ a note.
    static func mark(_ level: Level?, ascii: Bool) -> (String, TerminalKit.Role) {
        switch level {
        case .block?: (ascii ? "X" : "✖", .block)
        case .warn?: ("!", .warn)
        case .info?: (ascii ? "i" : "ℹ", .info)
        case nil: (" ", .normal)
        }
    }

    static func score(_ x: Double) -> String {
        let n = Int((x * 10).rounded())
        return "\(n / 10).\(n % 10)"
    }

    /// Word-wraps plain text to a cell width; a word longer than the width is broken. With
    /// `limit`, stops once it has one line more than that (enough to know the text goes on).
    public static func wrap(_ text: String, _ width: Int, limit: Int = .max) -> [String] {
        var lines: [String] = []
        let width = max(1, width)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", used = 0
            for var word in paragraph.split(separator: " ").map(String.init) {
                guard lines.count <= limit else { return lines }
                var w = Width.of(word)
                while w > width {
                    if !line.isEmpty { lines.append(line); line = ""; used = 0 }
                    let (head, headWidth) = Width.prefix(word, fitting: width)
                    guard !head.isEmpty else { break }
                    lines.append(head)
                    word = String(word.dropFirst(head.count))
                    w -= headWidth
                }
                if line.isEmpty {
                    line = word
                    used = w
                } else if used + 1 + w > width {
                    lines.append(line)
                    line = word
                    used = w
                } else {
                    line += " " + word
                    used += 1 + w
                }
            }
            lines.append(line)
            if lines.count > limit { return lines }
        }
        return lines
    }
}
