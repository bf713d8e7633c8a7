import AuditCore
import TerminalKit

extension Render {
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
        let search = s.search.isEmpty ? "" : " · search “\(s.search)”"
        let x2 = c.put(1, 2, "\(s.shownCount) shown · filter: \(s.filter) · sort: \(s.sort.rawValue)\(search)", role: .muted, maxWidth: c.width - 12)
        // Conflicts left by a merge, for the lead to resolve: said whatever the filter.
        let open = s.records.conflicts.count
        if open > 0 { c.put(1 + x2, 2, " · ≠ \(open) item\(open == 1 ? "" : "s") in conflict", role: .warn, maxWidth: c.width - 13 - x2) }

        let wide = c.width >= 100
        let keyW = min(22, max(8, s.keyWidth))
        let ownerW = wide ? 16 : 0, auditorW = 8, gradeW = 7
        let fixed = 2 + 2 + 6 + keyW + 1 + 1 + (wide ? ownerW + 1 : 0) + auditorW + 1 + gradeW + 1 + 2
        let titleW = max(8, c.width - fixed)
        var header = "  T SCORE " + Width.pad("ITEM", keyW) + " " + Width.pad("TITLE", titleW) + " "
        if wide { header += Width.pad("OWNER", ownerW) + " " }
        header += Width.pad("AUDITOR", auditorW) + " " + Width.pad("GRADE", gradeW) + " EV"
        c.put(0, 3, header, role: .muted, bold: true)

        let empty = s.search.isEmpty ? "no items match the filter" : "no items match “\(s.search)”"
        list(&c, s, .checklist, count: s.shownCount, empty: empty, positionRow: 2, detail: { row in
            let item = s.analysis.checklist[s.visible[row]], key = s.keys[s.visible[row]]
            let owners = item.owners.map { s.name($0.person) }
            var text = item.title + " · owners: " + (owners.isEmpty ? emptyMark : owners.joined(separator: ", "))
            text += " · auditor: " + (item.auditor.map(s.name) ?? emptyMark)
            if let note = s.records.record(key).note { text += " · note: " + note }
            return (key, text)
        }, row: { c, row, y in
            let position = s.visible[row]
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
            if wide { x += c.column(x, y, item.owners.first.map { s.name($0.person) } ?? emptyMark, ownerW, role: .muted) }
            x += c.column(x, y, item.auditor ?? emptyMark, auditorW, role: item.auditor == s.me ? .key : .muted)
            x += c.column(x, y, (s.records.conflicts[key] == nil ? "" : "≠") + gradeLabel(r.grade), gradeW, role: gradeRole(r.grade))
            let ev = s.evidenceCount(on: key)
            c.put(x, y, ev == 0 ? emptyMark : "\(ev)", role: .muted, maxWidth: 2)
        })
    }
}
