import AuditCore
import TerminalKit

extension Render {
    /// The team's progress: per auditor, the items assigned, how many are graded, what is left,
    /// the findings among them and the conflicts open on them.
    static func team(_ c: inout Canvas, _ s: AppState) {
        let rows = Fieldwork.teamRows(s)
        c.put(1, 1, "Team progress · the items assigned to each auditor, graded or still to do", role: .title, bold: true,
              maxWidth: c.width - 2)
        let assigned = rows.filter { $0.auditor != nil }.reduce(0) { $0 + $1.assigned }
        let graded = rows.filter { $0.auditor != nil }.reduce(0) { $0 + $1.graded }
        c.put(1, 2, "lead \(s.name(s.analysis.audit.lead)) · \(assigned) of \(s.analysis.checklist.count) items assigned, \(graded) of them graded",
              role: .muted, maxWidth: c.width - 2)
        let nameW = 22, barW = 10
        func right(_ text: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - Width.of(text))) + text }
        c.put(1, 3, Width.pad("AUDITOR", nameW) + " " + right("ASSIGNED", 8) + " " + right("GRADED", 7) + "  "
              + Width.pad("PROGRESS", barW + 5) + " " + right("TO DO", 6) + " " + right("FINDINGS", 8) + "  ≠", role: .muted, bold: true)
        func who(_ r: Fieldwork.TeamRow) -> String {
            guard let a = r.auditor else { return "nobody (unassigned)" }
            return s.name(a) + (a == s.analysis.audit.lead ? " (lead)" : "")
        }
        list(&c, s, .team, count: rows.count, empty: "No items in the checklist.", positionRow: 2, detail: { row in
            let r = rows[row]
            var text = "\(r.graded) of \(r.assigned) item\(r.assigned == 1 ? "" : "s") graded, \(r.assigned - r.graded) to do"
            text += " · \(r.findings) finding\(r.findings == 1 ? "" : "s")"
            if r.conflicts > 0 { text += " · \(r.conflicts) with a conflict to resolve (≠)" }
            return (r.auditor.map { "\(s.name($0)) (\($0))" } ?? "Assigned to nobody", text)
        }, row: { c, row, y in
            let r = rows[row]
            var x = 1 + c.put(1, y, Width.pad(who(r), nameW) + " ", role: r.auditor == s.me ? .key : r.auditor == nil ? .muted : .normal,
                              maxWidth: nameW + 1)
            x += c.put(x, y, right("\(r.assigned)", 8) + " " + right("\(r.graded)", 7) + "  ")
            let filled = r.assigned == 0 ? 0 : Int((Double(barW) * Double(r.graded) / Double(r.assigned)).rounded())
            let bar = String(repeating: s.ascii ? "#" : "█", count: filled) + String(repeating: s.ascii ? "." : "░", count: barW - filled)
            let percent = r.assigned == 0 ? "" : "\(r.graded * 100 / r.assigned)%"
            x += c.put(x, y, bar + " " + Width.pad(right(percent, 4), 4) + " ", role: r.graded == r.assigned && r.assigned > 0 ? .saved : .muted)
            x += c.put(x, y, right("\(r.assigned - r.graded)", 6) + " " + right("\(r.findings)", 8) + "  ")
            if r.conflicts > 0 { c.put(x, y, "\(r.conflicts)", role: .warn) }
        })
    }
}
