import AuditCore
import Foundation
import TerminalKit

extension Render {
    static func findings(_ c: inout Canvas, _ s: AppState) {
        c.put(1, 1, "Findings: nonconformities, observations and improvement opportunities", role: .title, bold: true, maxWidth: c.width - 2)
        c.put(1, 2, Width.pad("GRADE", 8) + Width.pad("ITEM", 20) + " " + Width.pad("ACTION", 18) + " FINDING", role: .muted, bold: true)
        let list = Fieldwork.findings(s)
        Render.list(&c, s, .findings, count: list.count, empty: "No findings recorded yet.", positionRow: 1, detail: { row in
            let item = list[row], key = item.key.description, r = s.records.record(key)
            var text = "\(r.grade.rawValue) · \(item.title)"
            if let gap = r.statement.gap ?? r.note { text += ": " + gap }
            if let a = r.action { text += " · action " + a.status(on: s.today).rawValue + (a.owner.map { ", \(s.name($0))" } ?? "") + (a.due.map { " by \($0)" } ?? "") }
            return (key, text)
        }, row: { c, row, y in
            let item = list[row], key = item.key.description, r = s.records.record(key)
            var x = 1 + c.put(1, y, Width.pad(gradeLabel(r.grade), 8), role: gradeRole(r.grade))
            x += c.column(x, y, key, 20)
            let nonconformity = r.grade.isNonconformity
            let status = r.action?.status(on: s.today)
            let action = r.action.map { a in status!.rawValue + (a.due.map { " \($0)" } ?? "") } ?? (nonconformity ? "no action yet" : emptyMark)
            let late = status == .overdue || status == .notEffective || (r.action == nil && nonconformity)
            x += c.column(x, y, action, 18, role: late ? .warn : .muted)
            c.put(x, y, r.statement.gap ?? r.note ?? item.title, maxWidth: c.width - x - 1)
        })
    }

    /// The cycle as a grid: one row per item of the whole programme, one column per quarter;
    /// ✓ an audit done, P an audit planned, ✗ a planned quarter gone by without it.
    static func programme(_ c: inout Canvas, _ s: AppState) {
        guard let cycle = s.cycle else { return }
        let pace = cycle.done()
        let overdue = cycle.items.filter(\.overdue).count
        let (done, planned, missed, none) = s.ascii ? ("v", "P", "x", "-") : ("✓", "P", "✗", emptyMark)
        let x = c.put(1, 1, "Cycle \(cycle.plan.from) to \(cycle.plan.to) · \(cycle.items.count) items", role: .title, bold: true)
        c.put(1 + x, 1, " · \(done) done \(planned) planned \(missed) missed", role: .muted, maxWidth: c.width - 2 - x)
        c.put(1, 2, "audits done \(pace.done) of \(pace.required) (even pace: \(pace.expected)) · \(overdue) overdue · as of \(cycle.asOf)",
              role: overdue > 0 ? .warn : .muted, maxWidth: c.width - 2)
        let quarters = cycle.plan.quarters, now = Quarter(cycle.asOf)
        let keyW = min(22, max(8, s.keyWidth)), gridX = 1 + keyW + 3
        var header = Width.pad("ITEM", keyW) + " T "
        for q in quarters { header += q.number == 1 || q == quarters.first ? Width.pad("'\(q.year % 100)", 3) : "   " }
        c.put(1, 3, header + "  NEXT DUE", role: .muted, bold: true)
        let quarterRow = quarters.map { " Q\($0.number)" }.joined()
        c.put(gridX, 4, quarterRow, role: .muted)
        if let i = quarters.firstIndex(of: now) { c.highlight(gridX + 3 * i, 4, 3) }
        list(&c, s, .programme, count: cycle.items.count, empty: "No items in the cycle.", positionRow: 3, detail: { row in
            let item = cycle.items[row]
            let title = s.item(item.key.description)?.title ?? ""
            let audits = item.done.map { "\($0.audit) \($0.date)" }
            var text = title.isEmpty ? "" : title + " · "
            text += "tier \(item.tier.rawValue) · done: " + (audits.isEmpty ? emptyMark : audits.joined(separator: ", "))
            text += " · next due: " + (item.nextDue.map(\.description) ?? "nothing more this cycle") + (item.overdue ? " (overdue)" : "")
            return (item.key.description, text)
        }, row: { c, row, y in
            let item = cycle.items[row]
            c.column(1, y, item.key.description, keyW)
            c.put(1 + keyW + 1, y, item.tier.rawValue, role: tierRole(item.tier))
            var marks = [Quarter: (String, TerminalKit.Role)]()
            for (k, o) in item.line.occurrences.enumerated() where k >= item.done.count {
                // A planned audit over without grading it: missed there, and proposed again.
                if let m = o.missed { marks[Quarter(m.day)] = (missed, .block) }
                marks[o.quarter] = o.quarter < now ? (missed, .block) : (planned, .normal)
            }
            for h in item.done { marks[Quarter(h.date)] = (done, .saved) }
            for (j, q) in quarters.enumerated() {
                let (mark, role) = marks[q] ?? (none, .muted)
                c.put(gridX + 3 * j + 1, y, mark, role: role)
            }
            c.put(gridX + 3 * quarters.count + 2, y, item.nextDue.map(\.description) ?? "done", role: item.overdue ? .warn : .muted)
        })
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
        let rows = Fieldwork.assignmentRows(s)
        list(&c, s, .assignment, count: rows.count, empty: "No items to assign.", positionRow: 3, detail: { row in
            (rows[row].item.description, "\(rows[row].auditor.map(s.name) ?? "nobody"): \(rows[row].reason)")
        }, row: { c, row, y in
            let r = rows[row]
            var x = 1 + c.column(1, y, r.item.description, keyW)
            x += c.put(x, y, Width.pad(r.auditor.map(s.name) ?? "nobody", nameW) + " ",
                       role: r.auditor == nil ? .block : r.auditor == s.me ? .key : .normal)
            c.put(x, y, r.reason, role: r.warned ? .warn : .muted, maxWidth: c.width - x - 1)
        })
    }

    /// The history: who recorded what, when, and — once the work of several replicas came
    /// together — on which replica (whose workpaper: its first letters, named on the line above).
    static func history(_ c: inout Canvas, _ s: AppState, _ key: String?) {
        let x0 = c.put(1, 1, key.map { "History of \($0)" } ?? "History of the workpaper", role: .title, bold: true)
        let lines = Fieldwork.history(s, key)
        let shared = s.replicas.count > 1
        if shared {
            c.put(1 + x0, 1, " · on \(s.replicas.count) replicas", role: .muted, maxWidth: c.width - 2 - x0)
            let named = s.replicas.map { r in
                replicaLabel(r.name, s) + " " + r.people.map(s.name).joined(separator: ", ")
            }
            c.put(1, 2, "replicas: " + named.joined(separator: " · "), role: .muted, maxWidth: c.width - 2)
        }
        let empty = key.map { "Nothing recorded on \($0) yet." } ?? "Nothing recorded yet."
        list(&c, s, s.screen, count: lines.count, empty: empty, positionRow: 1, detail: { row in
            let l = lines[row]
            var text = "\(l.time) · \(s.name(l.actor)) (\(l.actor))"
            if shared { text += " · on replica \(l.replica)" + (l.replica == s.replica ? " (this workpaper)" : "") }
            return ("#\(l.seq)", text + " · \(l.summary)")
        }, row: { c, row, y in
            let l = lines[row]
            let when = l.time.replacingOccurrences(of: "T", with: " ").prefix(19)
            var x = 1 + c.put(1, y, Width.pad("#\(l.seq)", 5) + " " + when + " ", role: .muted)
            x += c.column(x, y, l.actor, 8, role: .key)
            if shared { x += c.column(x, y, replicaLabel(l.replica, s), 6, role: l.replica == s.replica ? .normal : .muted) }
            c.put(x, y, l.summary, maxWidth: c.width - x - 1)
        })
    }

    /// A replica as the history names it: its first six letters, or "here" for this workpaper's.
    static func replicaLabel(_ name: String, _ s: AppState) -> String { name == s.replica ? "here" : String(name.prefix(6)) }
}
