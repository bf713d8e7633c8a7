import AuditCore
import Foundation
import TerminalKit

extension Render {
    /// The form's labels, "Good practice" and a space or two.
    static let formLabelWidth = 15
    /// The cells a form's text takes on a screen this wide: what its editor wraps to as well.
    static func formTextWidth(_ screenWidth: Int) -> Int { screenWidth - formLabelWidth - 2 }

    /// The item screen scrolls: it is drawn on a page as tall as it needs, and the rows shown
    /// keep the focused field in sight; arrows in the right margin say there is more.
    static func item(_ c: inout Canvas, _ s: AppState, _ key: String) {
        // Tall enough for most items; taller again for one whose focused text runs on.
        var page = Canvas(width: c.width, height: max(c.height, 240))
        guard var focus = itemPage(&page, s, key) else { return }
        while focus.end >= page.height - 1, page.height < 4000 {
            page = Canvas(width: c.width, height: page.height * 2)
            focus = itemPage(&page, s, key) ?? focus
        }
        let bottom = contentBottom(s)
        let offset = min(max(0, focus.bottom - bottom), max(0, focus.top - 1))
        for y in 1 ..< max(1, bottom) where y + offset < page.height {
            for x in 0 ..< c.width { c[x, y] = page[x, y + offset] }
        }
        if let cursor = page.cursor, cursor.y - offset >= 1, cursor.y - offset < bottom { c.cursor = (cursor.x, cursor.y - offset) }
        if offset > 0 { c.put(c.width - 1, 1, s.ascii ? "^" : "↑", role: .muted) }
        if focus.end - offset > bottom { c.put(c.width - 1, bottom - 1, s.ascii ? "v" : "↓", role: .muted) }
    }

    /// Draws the item on a tall page; the rows of the focused field and where the page ends.
    static func itemPage(_ c: inout Canvas, _ s: AppState, _ key: String) -> (top: Int, bottom: Int, end: Int)? {
        guard let item = s.item(key) else { return nil }
        let info = s.details[key]?.requirement
        let r = s.records.record(key)
        var y = 1
        // Wrapped text, at most `lines` rows, the last ending in "…" when there was more.
        func paragraph(_ text: String, _ role: TerminalKit.Role, lines: Int, bold: Bool = false, indent: Int = 0) {
            let all = wrap(text, c.width - 2 - indent)
            for (i, line) in all.prefix(lines).enumerated() {
                let cut = i == lines - 1 && all.count > lines
                c.put(1 + indent, y, cut ? Width.clip(line + " …", c.width - 2 - indent) : line, role: role, bold: bold)
                y += 1
            }
        }
        paragraph("\(key)  \(item.title)", .title, lines: 1, bold: true)
        paragraph("Look for: " + (info?.lookFor ?? emptyMark), .muted, lines: 2)
        let w = item.weight, t = w.terms
        paragraph("Tier \(w.tier.rawValue) · why \(score(w.score)): \(score(t.importance)) importance (I\(w.I)×C\(w.C)) + \(score(t.findings)) findings (F\(w.F)) + \(score(t.recency)) recency (T\(String(format: "%.2f", w.T))) + \(score(t.change)) change (D\(w.D))", tierRole(w.tier), lines: 2)
        if item.isExclusion {
            paragraph("Excluded in the SoA; what is audited is its justification: " + (item.entry?.justification ?? "none given"), .info, lines: 4)
        }
        let owners = item.owners.map { "\(s.name($0.person)) (\($0.what))" }.joined(separator: "; ")
        paragraph("Owners: " + (owners.isEmpty ? emptyMark : owners), .muted, lines: 1)
        let roles = (item.entry?.roles ?? []).map { r -> String in
            "\(s.name(r.person)) \(r.role.rawValue)" + (r.interval.inWords(compact: true).map { " " + $0 } ?? "")
        }
        if !roles.isEmpty { paragraph("Roles: " + roles.joined(separator: "; "), .muted, lines: 1) }
        // Whom the audit assigns the item to (the checklist's AUDITOR): someone else's item says so.
        switch item.auditor {
        case nil: break
        case s.me?: paragraph("Auditor: you", .muted, lines: 1)
        case let other?: paragraph("Auditor: \(s.name(other)), not you: what you record here is recorded as yours", .warn, lines: 2)
        }
        if let carried = r.carried { carriedFinding(carried, s, paragraph) }
        earlierResults(key, s, paragraph)
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
                paragraph("Justified" + (Fieldwork.approvalState(s, key, j).map { " (\($0))" } ?? "") + ": \(j.text)"
                          + (j.safeguard.map { " · safeguard: \($0)" } ?? ""), .muted, lines: 2)
            }
        }
        // Others' justifications, where they await an approval or have one.
        for j in r.justifications.values.sorted(by: { $0.auditor < $1.auditor }) where j.auditor != s.me {
            guard let state = Fieldwork.approvalState(s, key, j) else { break }
            // Whether it is approved comes first: the text may be cut.
            paragraph("\(s.name(j.auditor)) justified (\(state)): \(j.text)" + (j.safeguard.map { " · safeguard: \($0)" } ?? ""),
                      .muted, lines: 2)
        }
        // Fields set two ways by people who had not seen each other's value: every value, by whom.
        let conflicts = s.records.conflicts[key] ?? []
        for c in conflicts {
            paragraph("≠ \(c.field) was set two ways, neither seeing the other:", .warn, lines: 1, bold: true)
            for (i, v) in c.values.enumerated() {
                let place = v.replica == s.replica ? "here" : "replica \(v.replica.prefix(6))"
                let shown = i == c.values.count - 1 && c.field != "note" ? ", shown below" : ""
                paragraph("'\(v.value)' — \(s.name(v.actor)), \(Fieldwork.minute(v.time)) (\(place))\(shown)", .warn, lines: 3, indent: 2)
            }
        }
        if !conflicts.isEmpty {
            paragraph(s.isLead ? "R resolves it: keep one value, or write a new one."
                               : "The lead, \(s.name(s.analysis.audit.lead)), resolves \(conflicts.count == 1 ? "it" : "them").", .muted, lines: 1)
        }
        for (text, role) in recordLines(s, key) { paragraph(text, role, lines: 2) }
        y += 1
        var focus = (top: y, bottom: y + 1)
        for field in Field.allCases {
            let focused = field == s.field
            let top = y
            y = formField(&c, s, key, field, focused: focused, y: y)
            if focused { focus = (top, y) }
        }
        return (focus.top, focus.bottom, y)
    }

    /// The earlier audit's open nonconformity an item is re-tested for, as it was recorded.
    static func carriedFinding(_ carried: CarriedFinding, _ s: AppState, _ paragraph: (String, TerminalKit.Role, Int, Bool, Int) -> Void) {
        var head = "Re-test: \(carried.grade.rawValue) nonconformity of \(carried.audit) (to \(carried.date))"
        if let a = carried.action {
            head += " · its action when carried: \(a.status(on: s.analysis.audit.fieldwork.from).rawValue)"
            if let owner = a.owner { head += ", \(s.name(owner))" }
            if let due = a.due { head += " by \(due)" }
        }
        paragraph(head, .warn, 2, false, 0)
        for (label, text) in [("Requirement", carried.statement.requirement), ("Evidence", carried.statement.evidence),
                              ("Gap", carried.statement.gap)] {
            paragraph("\(label): " + (text ?? emptyMark), .muted, 2, false, 2)
        }
    }

    /// One field of the item's form: its label and value, a focused text field whole.
    static func formField(_ c: inout Canvas, _ s: AppState, _ key: String, _ field: Field, focused: Bool, y top: Int) -> Int {
        let r = s.records.record(key)
        let valueX = 1 + formLabelWidth, valueW = formTextWidth(c.width)
        var y = top
        if (s.records.conflicts[key] ?? []).contains(where: { Field(conflict: $0.field) == field }) { c.put(0, y, "≠", role: .warn) }
        c.put(1, y, Width.pad(field.label, formLabelWidth - 1), role: focused ? .fieldFocus : .normal, bold: focused)
        func line(_ text: String, _ role: TerminalKit.Role = .normal) {
            c.put(valueX, y, text, role: role, maxWidth: valueW)
            y += 1
        }
        switch field {
        case .grade:
            line(r.grade.rawValue, gradeRole(r.grade))
        case .requirement, .evidence, .gap, .goodPractice, .note:
            if focused, let editor = s.editor {
                let rows = max(5, editor.layout(width: valueW).count)
                _ = editor.render(into: &c, x: valueX, y: y, width: valueW, height: rows, role: .fieldFocus, focused: true)
                y += rows
            } else {
                let text = s.text(of: field, key)
                let lines = wrap(text.isEmpty ? emptyMark : text, valueW)
                // The focused field is shown whole; the others in a line, "…" saying there is more.
                let shown = focused ? lines : [lines.first ?? ""]
                for (i, l) in shown.enumerated() {
                    let more = i == shown.count - 1 && lines.count > shown.count ? "…" : ""
                    line(Width.clip(l + more, valueW), text.isEmpty ? .muted : .normal)
                }
            }
        case .references:
            let refs = s.records.evidence(on: key)
            if refs.isEmpty { line("\(emptyMark) (a adds one)", .muted) }
            let shown = focused ? refs.count : min(3, refs.count)
            for e in refs.prefix(shown) {
                var text = "\(e.label) \(e.type.rawValue): \(e.reference)"
                if let d = e.description { text += " — \(d)" }
                if let f = e.file { text += " [file \(f.path), sha256 \(f.sha256.prefix(8))…]" }
                line(text)
            }
            if refs.count > shown { line("… \(refs.count - shown) more (Tab to References shows them)", .muted) }
        case .sample:
            if let sm = r.sample {
                line("\(sm.method.rawValue) \(sm.size) of \(sm.population)" + (sm.seed.map { ", seed \($0)" } ?? "")
                    + ": " + sm.items.joined(separator: ", "))
                if let tested = sampleTested(sm) { line(tested, sm.exceptions.isEmpty ? .normal : .warn) }
                if focused, let why = sm.method == .judgemental ? sm.reason : sm.description {
                    line((sm.method == .judgemental ? "Reason: " : "Description: ") + why, .muted)
                }
                if focused, let size = sampleSize(sm) { line(size, .muted) }
            } else {
                line("\(emptyMark) (S draws one)", .muted)
            }
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
                line(head, status == .overdue || status == .notEffective ? .warn : .normal)
                if focused {
                    for f in CorrectiveAction.fields where !f.isPerson && f.name != "due" {
                        guard let v = a[keyPath: f.path] else { continue }
                        line("\(a.label(of: f)): \(v)", .muted)
                    }
                }
            } else {
                line(r.grade.isNonconformity ? "\(emptyMark) needed for this nonconformity (c sets it)" : "\(emptyMark) (for major and minor)", .muted)
            }
        }
        return y
    }
}
