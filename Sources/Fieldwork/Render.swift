import AuditCore
import Foundation
import TerminalKit

/// Draws the state into a canvas. Only visible rows are rendered.
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
        }
        statusLine(&c, s)
        if let d = s.dialog { dialog(&c, s, d) }
        return c
    }

    // MARK: - Pieces

    static func titleBar(_ c: inout Canvas, _ s: AppState) {
        c.fill(0, 0, c.width, 1, role: .header)
        let lead = s.analysis.audit.lead == s.me ? " (lead)" : ""
        let right = "\(s.name(s.me))\(lead)\(s.readOnly ? " · read-only" : "") "
        let rw = Width.of(right)
        c.put(0, 0, " aimsaudit · \(s.analysis.audit.id) · \(s.facts.organisation)", role: .header, bold: true,
              maxWidth: c.width - rw - 1)
        c.put(c.width - rw, 0, right, role: .header)
    }

    static func statusLine(_ c: inout Canvas, _ s: AppState) {
        let y = c.height - 1
        let role: TerminalKit.Role = s.statusIsError || s.unsaved > 0 ? .statusError : .status
        c.fill(0, y, c.width, 1, role: role)
        let saved = s.unsaved > 0 ? "\(s.unsaved) NOT SAVED " : s.lastSaved.map { "saved \($0)\(s.waitToCopy ? ", wait to copy" : "") " } ?? ""
        var text: String
        if s.editor != nil {
            text = " editing \(s.field.label) — Esc or Tab saves · autosaved after 1 s idle"
            if !s.status.isEmpty, s.statusIsError { text = " " + s.status }
        } else if s.searching {
            text = " /\(s.search)▏ Enter keeps · Esc clears"
        } else if !s.status.isEmpty {
            text = " " + s.status
        } else {
            switch s.screen {
            case .checklist: text = " Enter open · / search · f filter · s sort · F findings · x export · ? keys"
            case .item where s.readOnly: text = " Tab field · h history · Esc back · ? keys · read-only"
            case .item(let key) where s.isBlocked(key):
                let rules = (s.myVerdicts[key] ?? []).filter { $0.level == .block }.map(\.rule.rawValue)
                text = " Tab field · h history · Esc back · ? keys · blocked (\(rules.joined(separator: ", "))): read-only"
            case .item: text = " Tab field · Enter edit · a evidence · S sample · c action · e editor · ? keys"
            default: text = " ↑↓ move · Enter open · Esc back · ? help"
            }
        }
        let sw = Width.of(saved)
        // A message too long for one line is read whole: wrapped upwards over the rows above the
        // status line (at most a third of the screen), until the next key.
        let room = c.width - sw - 2
        var lines = !s.status.isEmpty && Width.of(text) > room + 1 ? wrap(String(text.dropFirst()), room).map { " " + $0 } : [text]
        lines = Array(lines.suffix(max(1, c.height / 3)))
        for (i, line) in lines.enumerated() {
            let row = y - (lines.count - 1) + i
            c.fill(0, row, c.width, 1, role: role)
            c.put(0, row, line, role: role, maxWidth: c.width - sw - 1)
        }
        if !saved.isEmpty { c.put(c.width - sw, y, saved, role: role) }
    }

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

    static func gradeLabel(_ g: Grade) -> String { g == .notAudited ? "·" : g.shortLabel }

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

    /// Scrolls a list so the selected row is visible; returns the first row to show.
    static func firstRow(selection: Int, top: Int, rows: Int, count: Int) -> Int {
        var t = min(top, max(0, count - rows))
        if selection < t { t = selection }
        if selection >= t + rows { t = selection - rows + 1 }
        return max(0, t)
    }

    // MARK: - Checklist

    static func checklist(_ c: inout Canvas, _ s: AppState) {
        let p = s.summary.coverage
        let barWidth = 16
        let filled = Int((Double(barWidth) * Double(p.audited) / Double(max(1, p.total))).rounded())
        let bar = String(repeating: s.ascii ? "#" : "█", count: filled) + String(repeating: s.ascii ? "." : "░", count: barWidth - filled)
        var x = c.put(1, 1, "audited \(p.audited)/\(p.total) \(bar) \(p.percent)% by weight ")
        for g in Grade.allCases where g != .notAudited {
            let n = s.summary.grades[g] ?? 0
            guard n > 0, x < c.width - 8 else { continue }
            x += c.put(1 + x, 1, "\(gradeLabel(g)) \(n) ", role: gradeRole(g))
        }
        let items = s.visible
        let search = s.search.isEmpty ? "" : " · search “\(s.search)”"
        c.put(1, 2, "\(s.shownCount) shown · filter: \(s.filter) · sort: \(s.sort.rawValue)\(search)", role: .muted)

        let wide = c.width >= 100
        let keyW = min(22, max(8, s.keyWidth))
        let ownerW = wide ? 16 : 0, auditorW = 8, gradeW = 7
        let fixed = 2 + 2 + 6 + keyW + 1 + 1 + (wide ? ownerW + 1 : 0) + auditorW + 1 + gradeW + 1 + 2
        let titleW = max(8, c.width - fixed)
        var header = "  T SCORE " + Width.pad("ITEM", keyW) + " " + Width.pad("TITLE", titleW) + " "
        if wide { header += Width.pad("OWNER", ownerW) + " " }
        header += Width.pad("AUDITOR", auditorW) + " " + Width.pad("GRADE", gradeW) + " EV"
        c.put(0, 3, header, role: .muted, bold: true)

        let rows = c.height - 5
        let first = firstRow(selection: s.selection, top: s.top, rows: rows, count: items.count)
        if items.isEmpty { c.put(2, 4, s.search.isEmpty ? "no items match the filter" : "no items match “\(s.search)”", role: .muted) }
        for (row, position) in items.dropFirst(first).prefix(rows).enumerated() {
            let y = 4 + row
            let item = s.analysis.checklist[position]
            let key = s.keys[position]
            let r = s.records.record(key)
            let (m, mRole) = mark(s.levelAt[position], ascii: s.ascii)
            c.put(0, y, m, role: mRole)
            var x = 2
            x += c.put(x, y, item.weight.tier.rawValue + " ", role: tierRole(item.weight.tier))
            x += c.column(x, y, score(item.weight.score), 5)
            x += c.column(x, y, key, keyW)
            let tag = (r.carried != nil ? "[re-test] " : "") + (item.isExclusion ? "[SoA excl.] " : "")
            x += c.column(x, y, tag.isEmpty ? item.title : tag + item.title, titleW)
            if wide { x += c.column(x, y, item.owners.first.map { s.name($0.person) } ?? "-", ownerW, role: .muted) }
            x += c.column(x, y, item.auditor ?? "-", auditorW, role: item.auditor == s.me ? .key : .muted)
            x += c.column(x, y, (s.records.conflicts[key] == nil ? "" : "≠") + gradeLabel(r.grade), gradeW, role: gradeRole(r.grade))
            let ev = s.evidenceCount(on: key)
            c.put(x, y, ev == 0 ? "" : "\(ev)", role: .muted, maxWidth: 2)
            if first + row == s.selection { c.paint(0, y, c.width, role: .selection) }
        }
    }

    // MARK: - Item

    /// The form's labels, "Good practice" and a space or two.
    static let formLabelWidth = 15
    /// The cells a form's text takes on a screen this wide: what its editor wraps to as well.
    static func formTextWidth(_ screenWidth: Int) -> Int { screenWidth - formLabelWidth - 2 }

    /// The item screen scrolls: it is drawn on a page as tall as it needs, and the rows shown
    /// keep the focused field in sight; arrows in the right margin say there is more.
    static func item(_ c: inout Canvas, _ s: AppState, _ key: String) {
        var page = Canvas(width: c.width, height: max(c.height, 240))
        guard let focus = itemPage(&page, s, key) else { return }
        let rows = c.height - 2                                  // between the title bar and the status line
        let offset = min(max(0, focus.bottom - (c.height - 1)), max(0, focus.top - 1))
        for y in 1...max(1, rows) where y + offset < page.height && y < c.height - 1 {
            for x in 0..<c.width { c[x, y] = page[x, y + offset] }
        }
        if let cursor = page.cursor, cursor.y - offset >= 1, cursor.y - offset < c.height - 1 { c.cursor = (cursor.x, cursor.y - offset) }
        if offset > 0 { c.put(c.width - 1, 1, "↑", role: .muted) }
        if focus.end - offset > c.height - 1 { c.put(c.width - 1, c.height - 2, "↓", role: .muted) }
    }

    /// Draws the item on a tall page; the rows of the focused field and where the page ends.
    static func itemPage(_ c: inout Canvas, _ s: AppState, _ key: String) -> (top: Int, bottom: Int, end: Int)? {
        guard let item = s.item(key) else { return nil }
        let info = s.details[key]?.requirement
        let r = s.records.record(key)
        var y = 1
        // Wrapped text, at most `lines` rows, the last ending in "…" when there was more.
        func paragraph(_ text: String, _ role: TerminalKit.Role, lines: Int, bold: Bool = false) {
            let all = wrap(text, c.width - 2)
            for (i, line) in all.prefix(lines).enumerated() {
                let cut = i == lines - 1 && all.count > lines
                c.put(1, y, cut ? Width.clip(line + " …", c.width - 2) : line, role: role, bold: bold)
                y += 1
            }
        }
        paragraph("\(key)  \(item.title)", .title, lines: 1, bold: true)
        paragraph("Look for: " + (info?.lookFor ?? ""), .muted, lines: 2)
        let w = item.weight, t = w.terms
        paragraph("Tier \(w.tier.rawValue) · why \(score(w.score)): \(score(t.importance)) importance (I\(w.I)×C\(w.C)) + \(score(t.findings)) findings (F\(w.F)) + \(score(t.recency)) recency (T\(String(format: "%.2f", w.T))) + \(score(t.change)) change (D\(w.D))", tierRole(w.tier), lines: 2)
        let owners = item.owners.map { "\(s.name($0.person)) (\($0.what))" }.joined(separator: "; ")
        paragraph("Owners: " + (owners.isEmpty ? "none named" : owners), .muted, lines: 1)
        let roles = (item.entry?.roles ?? []).map { r -> String in
            "\(s.name(r.person)) \(r.role.rawValue)" + (r.interval.inWords(compact: true).map { " " + $0 } ?? "")
        }
        if !roles.isEmpty { paragraph("Roles: " + roles.joined(separator: "; "), .muted, lines: 1) }
        if let carried = r.carried {
            var line = "Re-test: \(carried.grade.rawValue) nonconformity of \(carried.audit) (to \(carried.date))"
            if let gap = carried.statement.gap { line += ": \(gap)" }
            if let a = carried.action { line += " · action when carried: \(a.status(on: s.analysis.audit.fieldwork.from).rawValue)" }
            paragraph(line, .warn, lines: 2)
        }
        let mine = s.myVerdicts[key] ?? []
        if mine.isEmpty {
            paragraph("You (\(s.name(s.me))) are independent of this item.", .saved, lines: 1)
        } else if s.isBlocked(key) {
            paragraph(Fieldwork.blockedMessage(s, key) + " The form is read-only.", .block, lines: 3)
        } else {
            for v in mine.prefix(2) {
                paragraph("\(v.level.rawValue.uppercased()) \(v.rule.rawValue): \(v.reason)", v.level == .warn ? .warn : .info, lines: 2)
            }
            if let j = r.justifications[s.me] {
                paragraph("Justified: \(j.text)" + (j.safeguard.map { " · safeguard: \($0)" } ?? ""), .muted, lines: 1)
            }
        }
        y += 1
        let labelW = formLabelWidth
        let valueX = 1 + labelW
        let valueW = formTextWidth(c.width)
        var focus = (top: y, bottom: y + 1)
        for field in Field.allCases {
            guard y < c.height - 1 else { break }
            let focused = field == s.field
            if focused { focus.top = y }
            c.put(1, y, Width.pad(field.label, labelW - 1), role: focused ? .fieldFocus : .normal, bold: focused)
            switch field {
            case .grade:
                c.put(valueX, y, r.grade.rawValue, role: gradeRole(r.grade))
                y += 1
            case .requirement, .evidence, .gap, .goodPractice, .note:
                if focused, let editor = s.editor {
                    let rows = min(5, c.height - 2 - y)
                    _ = editor.render(into: &c, x: valueX, y: y, width: valueW, height: rows, role: .fieldFocus, focused: true)
                    y += rows
                } else {
                    let text = s.text(of: field, key)
                    let lines = wrap(text.isEmpty ? "—" : text, valueW)
                    let shown = focused ? Array(lines.prefix(3)) : [lines.first ?? ""]
                    for (i, line) in shown.enumerated() {
                        let more = i == shown.count - 1 && lines.count > shown.count ? "…" : ""
                        // A row that fills the width still shows there is more.
                        c.put(valueX, y, Width.clip(line + more, valueW), role: text.isEmpty ? .muted : .normal)
                        y += 1
                    }
                }
            case .references:
                let refs = s.records.evidence(on: key)
                if refs.isEmpty { c.put(valueX, y, "— (a adds)", role: .muted); y += 1 }
                for e in refs.prefix(focused ? 6 : 3) where y < c.height - 1 {
                    var line = "\(e.label) \(e.type.rawValue): \(e.reference)"
                    if let d = e.description { line += " — \(d)" }
                    if let f = e.file { line += " [file \(f.path), sha256 \(f.sha256.prefix(8))…]" }
                    c.put(valueX, y, Width.clip(line, valueW))
                    y += 1
                }
                if refs.count > (focused ? 6 : 3), y < c.height - 1 {
                    c.put(valueX, y, "… \(refs.count - (focused ? 6 : 3)) more", role: .muted)
                    y += 1
                }
            case .sample:
                if let sm = r.sample {
                    c.put(valueX, y, Width.clip("\(sm.method.rawValue) \(sm.size) of \(sm.population)" + (sm.seed.map { ", seed \($0)" } ?? "")
                        + ": " + sm.selected.map(String.init).joined(separator: ", "), valueW))
                } else {
                    c.put(valueX, y, "— (S draws one)", role: .muted)
                }
                y += 1
            case .action:
                if let a = r.action {
                    let status = a.status(on: s.today)
                    var head = status.rawValue
                    if let owner = a.owner { head += " · \(s.name(owner))" }
                    if let due = a.due { head += " by \(due)" }
                    if let by = a.verifiedBy {
                        // Verified only once the outcome is recorded; until then the verifier is planned.
                        head += a.outcome == nil ? " · verifier \(s.name(by)) planned" : " · verified by \(s.name(by))" + (a.verifiedOn.map { " on \($0)" } ?? "")
                    }
                    c.put(valueX, y, Width.clip(head, valueW), role: status == .overdue || status == .notEffective ? .warn : .normal)
                    if focused {
                        for f in CorrectiveAction.fields where !f.isPerson && f.name != "due" {
                            guard let v = a[keyPath: f.path], y + 1 < c.height - 1 else { continue }
                            y += 1
                            c.put(valueX, y, Width.clip("\(a.label(of: f)): \(v)", valueW), role: .muted)
                        }
                    }
                } else {
                    c.put(valueX, y, r.grade.isNonconformity ? "— needed for this nonconformity (c sets it)" : "— (for major and minor)", role: .muted)
                }
                y += 1
            }
            if focused {
                c.paint(1, y - 1, 0, role: .fieldFocus)
                focus.bottom = y
            }
        }
        return (focus.top, focus.bottom, y)
    }

    // MARK: - Findings, history, help

    static func findings(_ c: inout Canvas, _ s: AppState) {
        c.put(1, 1, "Findings: nonconformities, observations and improvement opportunities", role: .title, bold: true)
        c.put(1, 2, Width.pad("GRADE", 8) + Width.pad("ITEM", 20) + " " + Width.pad("ACTION", 18) + " FINDING", role: .muted, bold: true)
        let list = Fieldwork.findings(s)
        if list.isEmpty { c.put(2, 3, "No findings recorded yet.", role: .muted) }
        let rows = c.height - 4
        let sel = s.listSelection[.findings] ?? 0
        let first = firstRow(selection: sel, top: 0, rows: rows, count: list.count)
        for (i, item) in list.dropFirst(first).prefix(rows).enumerated() {
            let y = 3 + i, key = item.key.description, r = s.records.record(key)
            var x = 1 + c.put(1, y, Width.pad(gradeLabel(r.grade), 8), role: gradeRole(r.grade))
            x += c.column(x, y, key, 20)
            let nonconformity = r.grade.isNonconformity
            let status = r.action?.status(on: s.today)
            let action = r.action.map { a in status!.rawValue + (a.due.map { " \($0)" } ?? "") } ?? (nonconformity ? "no action yet" : "")
            let late = status == .overdue || status == .notEffective || (r.action == nil && nonconformity)
            x += c.column(x, y, action, 18, role: late ? .warn : .muted)
            c.put(x, y, Width.clip(r.statement.gap ?? r.note ?? item.title, c.width - x - 1))
            if first + i == sel { c.paint(0, y, c.width, role: .selection) }
        }
    }

    /// The cycle as a grid: one row per item of the whole programme, one column per quarter;
    /// ✓ an audit done, P an audit planned, ! a planned quarter gone by without it.
    static func programme(_ c: inout Canvas, _ s: AppState) {
        guard let cycle = s.cycle else { return }
        let pace = cycle.done()
        let overdue = cycle.items.filter(\.overdue).count
        let (done, planned, late, none) = s.ascii ? ("x", "P", "!", ".") : ("✓", "P", "!", "·")
        let x = c.put(1, 1, "Cycle \(cycle.plan.from) to \(cycle.plan.to) · \(cycle.items.count) items", role: .title, bold: true)
        c.put(1 + x, 1, " · \(done) done \(planned) planned \(late) missed", role: .muted)
        c.put(1, 2, "audits done \(pace.done) of \(pace.required) (even pace: \(pace.expected)) · \(overdue) overdue · as of \(cycle.asOf)",
              role: overdue > 0 ? .warn : .muted)
        let quarters = cycle.plan.quarters, now = Quarter(cycle.asOf)
        let keyW = min(22, max(8, s.keyWidth)), gridX = 1 + keyW + 3
        var header = Width.pad("ITEM", keyW) + " T "
        for q in quarters { header += q.number == 1 || q == quarters.first ? Width.pad("'\(q.year % 100)", 3) : "   " }
        c.put(1, 3, header + "  NEXT DUE", role: .muted, bold: true)
        let quarterRow = quarters.map { " Q\($0.number)" }.joined()
        c.put(gridX, 4, quarterRow, role: .muted)
        if let i = quarters.firstIndex(of: now) { c.paint(gridX + 3 * i, 4, 3, role: .selection) }
        let rows = c.height - 6
        let sel = s.listSelection[.programme] ?? 0
        let first = firstRow(selection: sel, top: 0, rows: rows, count: cycle.items.count)
        for (i, item) in cycle.items.dropFirst(first).prefix(rows).enumerated() {
            let y = 5 + i
            c.column(1, y, item.key.description, keyW)
            c.put(1 + keyW + 1, y, item.tier.rawValue, role: tierRole(item.tier))
            var marks = [Quarter: (String, TerminalKit.Role)]()
            for (k, o) in item.line.occurrences.enumerated() where k >= item.done.count {
                marks[o.quarter] = o.quarter < now ? (late, .block) : (planned, .normal)
            }
            for h in item.done { marks[Quarter(h.date)] = (done, .saved) }
            for (j, q) in quarters.enumerated() {
                let (mark, role) = marks[q] ?? (none, .muted)
                c.put(gridX + 3 * j + 1, y, mark, role: role)
            }
            c.put(gridX + 3 * quarters.count + 2, y, item.nextDue.map(\.description) ?? "done", role: item.overdue ? .warn : .muted)
            if first + i == sel { c.paint(0, y, c.width, role: .selection) }
        }
    }

    /// The proposed auditor for each item of the open audit, with the reason.
    static func assignment(_ c: inout Canvas, _ s: AppState) {
        guard let p = s.proposal else {
            c.put(1, 1, "Proposed auditors for \(s.analysis.audit.id)", role: .title, bold: true)
            return
        }
        c.put(1, 1, "Proposed auditors for \(s.analysis.audit.id) · never blocked · fewest warnings · even load",
              role: .title, bold: true, maxWidth: c.width - 2)
        let load = p.load.map { "\($0.auditor) \($0.items)" }.joined(separator: " · ")
        c.put(1, 2, "load: \(load)" + (p.unassignable.isEmpty ? "" : " · \(p.unassignable.count) with no independent auditor"),
              role: p.unassignable.isEmpty ? .muted : .warn, maxWidth: c.width - 2)
        let keyW = min(22, max(8, s.keyWidth)), nameW = 16
        c.put(1, 3, Width.pad("ITEM", keyW) + " " + Width.pad("AUDITOR", nameW) + " WHY", role: .muted, bold: true)
        let list = Fieldwork.assignmentRows(s)
        let rows = c.height - 6
        let sel = s.listSelection[.assignment] ?? 0
        let first = firstRow(selection: sel, top: 0, rows: rows, count: list.count)
        for (i, row) in list.dropFirst(first).prefix(rows).enumerated() {
            let y = 4 + i
            var x = 1 + c.column(1, y, row.item.description, keyW)
            x += c.put(x, y, Width.pad(row.auditor.map(s.name) ?? "nobody", nameW) + " ",
                       role: row.auditor == nil ? .block : row.auditor == s.me ? .key : .normal)
            c.put(x, y, Width.clip(row.reason, c.width - x - 1), role: row.warned ? .warn : .muted)
            if first + i == sel { c.paint(0, y, c.width, role: .selection) }
        }
        // The chosen row's reason in full, as far as one line holds it.
        if list.indices.contains(sel) {
            c.put(1, c.height - 2, Width.clip("\(list[sel].item): \(list[sel].reason)", c.width - 2), role: .muted)
        }
    }

    static func history(_ c: inout Canvas, _ s: AppState, _ key: String?) {
        c.put(1, 1, key.map { "History of \($0)" } ?? "History of the workpaper", role: .title, bold: true)
        let lines = Fieldwork.history(s, key)
        if lines.isEmpty {
            c.put(1, 3, key.map { "Nothing recorded on \($0) yet." } ?? "Nothing recorded yet.", role: .muted, maxWidth: c.width - 2)
            return
        }
        let rows = c.height - 4
        let sel = s.listSelection[s.screen] ?? 0
        let first = firstRow(selection: sel, top: 0, rows: rows, count: lines.count)
        for (i, l) in lines.dropFirst(first).prefix(rows).enumerated() {
            let y = 3 + i
            let when = l.time.replacingOccurrences(of: "T", with: " ").prefix(19)
            var x = 1 + c.put(1, y, Width.pad("#\(l.seq)", 5) + " " + when + " ", role: .muted)
            x += c.column(x, y, l.actor, 8, role: .key)
            c.put(x, y, Width.clip(l.summary, c.width - x - 1))
            if first + i == sel { c.paint(0, y, c.width, role: .selection) }
        }
    }

    static func helpLines() -> [(String, String, Bool)] {
        var out: [(String, String, Bool)] = []
        for context in Binding.Context.allCases {
            let title: String
            switch context {
            case .everywhere: title = "Everywhere"
            case .lists: title = "Lists"
            case .checklist: title = "Checklist"
            case .item: title = "Item"
            }
            out.append((title, "", true))
            for b in Keymap.bindings where b.context == context {
                out.append((b.keys.map(\.description).joined(separator: " "), b.help, false))
            }
        }
        out.append(("Editing", "", true))
        out.append(("←→ Home End", "move; ↑↓ between lines; Ctrl-W, Ctrl-K, Ctrl-U delete", false))
        return out
    }

    static func help(_ c: inout Canvas, _ s: AppState) {
        c.put(1, 1, "Keys", role: .title, bold: true)
        let lines = helpLines()
        let rows = c.height - 4
        let first = min(s.listSelection[.help] ?? 0, max(0, lines.count - rows))
        for (i, l) in lines.dropFirst(first).prefix(rows).enumerated() {
            let y = 3 + i
            if l.2 { c.put(1, y, l.0, role: .title, bold: true); continue }
            c.put(3, y, Width.pad(l.0, 22), role: .key)
            c.put(26, y, l.1, maxWidth: c.width - 27)
        }
    }

    // MARK: - Dialog

    /// A dialog's width, its labels' column (labels shown whole, up to a third of it) and its inputs'.
    static func dialogWidths(_ d: Dialog, screenWidth: Int) -> (dialog: Int, labels: Int, inputs: Int) {
        let w = min(screenWidth - 4, 76)
        let labelW = d.labels.isEmpty ? 0 : min(max(15, d.labels.map(Width.of).max() ?? 0), w / 3)
        return (w, labelW, max(10, w - 4 - (d.labels.isEmpty ? 0 : labelW + 1)))
    }

    static func dialog(_ c: inout Canvas, _ s: AppState, _ d: Dialog) {
        let (w, labelW, inputW) = dialogWidths(d, screenWidth: c.width)
        var body = d.options.isEmpty ? d.inputs.reduce(0) { $0 + ($1.multiline ? 3 : 1) } : d.options.count
        // A refusal is read whole: wrapped over as many lines as it takes (the form gives up rows).
        var errorLines = d.error.map { wrap($0, w - 4) } ?? []
        errorLines = Array(errorLines.prefix(max(1, c.height - 8)))
        body = max(1, min(body, c.height - 7 - errorLines.count))
        let h = body + 4 + errorLines.count
        let x = (c.width - w) / 2, y0 = max(1, (c.height - h) / 2)
        // What is behind the dialog's rows is cleared, so the list's edges do not show beside it.
        c.fill(0, y0, c.width, min(h, c.height - 1 - y0), role: .normal)
        c.fill(x, y0, w, h, role: .dialog)
        c.put(x + 2, y0, d.title, role: .dialog, bold: true, maxWidth: w - 4)
        var y = y0 + 2
        if !d.options.isEmpty {
            let first = firstRow(selection: d.choice, top: 0, rows: body, count: d.options.count)
            for (i, o) in d.options.dropFirst(first).prefix(body).enumerated() {
                c.put(x + 2, y, (first + i == d.choice ? "▸ " : "  ") + o, role: first + i == d.choice ? .selection : .dialog, maxWidth: w - 4)
                y += 1
            }
        } else {
            // A form taller than the screen scrolls so the focused input shows.
            var first = 0
            while first < d.focus, d.inputs[first...d.focus].reduce(0, { $0 + ($1.multiline ? 3 : 1) }) > body { first += 1 }
            for (i, input) in d.inputs.enumerated() where i >= first {
                let rows = input.multiline ? 3 : 1
                guard y + rows <= y0 + 2 + body else { break }
                c.put(x + 2, y, Width.pad(d.labels[i], labelW), role: .dialog, bold: i == d.focus)
                let inputX = x + 3 + labelW
                if i != d.focus, !input.multiline {
                    // Not being typed in: the start of the text, as it reads.
                    c.fill(inputX, y, inputW, 1, role: .field)
                    c.put(inputX, y, Width.clip(input.text, inputW), role: .field)
                } else {
                    _ = input.render(into: &c, x: inputX, y: y, width: inputW, height: rows,
                                     role: i == d.focus ? .fieldFocus : .field, focused: i == d.focus)
                }
                y += rows
            }
        }
        for (i, line) in errorLines.enumerated() {
            c.put(x + 2, y0 + h - 1 - errorLines.count + i, line, role: .statusError, maxWidth: w - 4)
        }
        c.put(x + 2, y0 + h - 1, d.options.isEmpty ? "Enter confirm · Tab next field · Esc cancel" : "↑↓ choose · Enter confirm · Esc cancel",
              role: .muted, maxWidth: w - 4)
    }

    /// Word-wraps plain text to a cell width.
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if Width.of(candidate) > width, !line.isEmpty {
                    lines.append(line)
                    line = String(word)
                } else {
                    line = candidate
                }
            }
            lines.append(line)
        }
        return lines
    }
}
