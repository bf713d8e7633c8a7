import AuditCore

/// Plain-text tables and reports that read well in 80 columns.
enum TextOutput {
    static let width = 80

    static func header(_ audit: Audit, programme: Programme) -> [String] {
        let lead = programme.person(audit.lead)?.name ?? audit.lead
        return wrap("\(audit.id) — \(audit.title)", indent: 2, first: "")
            + wrap("\(programme.organisation.name) · fieldwork \(audit.fieldwork.from) to \(audit.fieldwork.to) · lead \(lead)", indent: 2, first: "")
    }

    static func list(audit: Audit, items: [ChecklistItem], programme: Programme, state: WorkpaperState) -> String {
        let recorded = state.created != nil
        var lines = header(audit, programme: programme)
        let counts = Tier.allCases.map { t in "\(t.rawValue) \(items.filter { $0.weight.tier == t }.count)" }
        lines.append("\(items.count) item\(items.count == 1 ? "" : "s") · tier \(counts.joined(separator: " · ")) · sorted by weight")
        lines.append("")
        let keyWidth = min(24, max(4, items.map { $0.key.description.count }.max() ?? 4))
        let auditorWidth = max(7, items.compactMap { $0.auditor?.count }.max() ?? 0)
        // A workpaper shows grade and evidence count in place of the weight's inputs.
        let fixed = 4 + 2 + 5 + 2 + keyWidth + 2 + auditorWidth + 2 + (recorded ? 7 + 2 + 2 + 2 : 12 + 2)
        let titleWidth = max(10, width - fixed)
        lines.append((["TIER", "SCORE", pad("ITEM", keyWidth)] + (recorded ? [] : ["I C F    T D"]) + [pad("AUDITOR", auditorWidth)]
            + (recorded ? ["GRADE  ", "EV"] : []) + ["TITLE"]).joined(separator: "  ").trimmingTrailing())
        for item in items {
            let w = item.weight
            let inputs = "\(w.I) \(w.C) \(w.F) \(fixed2(w.T)) \(w.D)"
            let title = (item.isExclusion ? "[excluded] " : "") + item.title
            let key = item.key.description
            // ≠ marks an item with a field set two ways, listed below the table.
            let mark = state.conflicts[key] == nil ? "" : "≠"
            let records = recorded ? [pad(mark + state.record(key).grade.shortLabel, 7), padLeft("\(state.evidenceCount(on: key))", 2)] : []
            lines.append(([pad(w.tier.rawValue, 4), padLeft(fixed1(w.score), 5), pad(clip(key, keyWidth), keyWidth)]
                + (recorded ? [] : [inputs]) + [pad(item.auditor ?? "-", auditorWidth)]
                + records + [clip(title, titleWidth)]).joined(separator: "  ").trimmingTrailing())
        }
        lines.append("")
        if !recorded {
            lines.append("I inherent risk · C criticality · F findings · T since last audit · D change")
        } else {
            let coverage = state.coverage(of: items)
            lines.append("EV evidence references · audited \(coverage.audited) of \(coverage.total) items, \(coverage.percent)% by weight")
        }
        let conflicts = state.allConflicts
        if !conflicts.isEmpty {
            lines.append("")
            lines.append("≠ \(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s"), set two ways without seeing each other (record the value to keep):")
            for c in conflicts { lines += wrap(c.summary, indent: 4, first: "  ") }
        }
        return lines.joined(separator: "\n")
    }

    /// Written as it is made (at 10,000 items it is 9 MB of text, which joined whole took 40 MB).
    static func check(_ analysis: AuditAnalysis, programme: Programme, state: WorkpaperState, path: String, to lines: TextSink) {
        let audit = analysis.audit
        lines += header(audit, programme: programme)
        let team = audit.team.map { $0 == audit.lead ? "\($0) (lead)" : $0 }.joined(separator: ", ")
        lines += wrap("team \(team) · \(analysis.checklist.count) items · window \(audit.period.from) to \(audit.fieldwork.to)", indent: 2, first: "")
        lines.append("")

        let byItem = Dictionary(grouping: analysis.verdicts, by: \.item)
        let auditorWidth = max(6, audit.team.map(\.count).max() ?? 6)
        let assigned = Dictionary(audit.assign.map { ($0.item, $0.auditor) }, uniquingKeysWith: { a, _ in a })
        for item in analysis.checklist {
            guard let verdicts = byItem[item.key], !verdicts.isEmpty else { continue }
            lines.append(clip("\(item.key)  \(item.title)", width))
            let sorted = verdicts.sorted { ($0.level, $0.rule, $0.auditor) < ($1.level, $1.rule, $1.auditor) }
            for v in sorted {
                let mark = assigned[item.key] == v.auditor ? "*" : " "
                let lead = "  \(pad(v.level.rawValue.uppercased(), 5)) \(v.rule.rawValue) \(mark)\(pad(v.auditor, auditorWidth)) "
                lines += wrap(v.reason, indent: lead.count, first: lead)
                if v.level == .warn, let j = state.record(item.key.description).justifications[v.auditor] {
                    var text = "justified: \(j.text)" + (j.safeguard.map { " (safeguard: \($0))" } ?? "")
                    if analysis.approvesJustifications {
                        let approval = state.record(item.key.description).approvals[v.auditor]
                        text += approval.map { "; approved by \($0.approver)" }
                            ?? "; awaiting approval" + (analysis.approver(of: v.auditor).map { " by \($0)" } ?? "")
                    }
                    lines += wrap(text, indent: lead.count, first: String(repeating: " ", count: lead.count))
                }
            }
        }
        if analysis.verdicts.contains(where: { assigned[$0.item] == $0.auditor }) { lines.append("(* the assigned auditor)") }

        lines.append("")
        lines.append("\(pad("AUDITOR", auditorWidth + 2)) BLOCK  WARN  INFO  INDEPENDENT OF")
        for member in audit.team {
            let mine = analysis.verdicts.filter { $0.auditor == member }
            let blockedOrWarned = Set(mine.filter { $0.level != .info }.map(\.item))
            let free = analysis.checklist.count - blockedOrWarned.count
            lines.append("\(pad(member, auditorWidth + 2)) \(padLeft("\(mine.filter { $0.level == .block }.count)", 5)) "
                + "\(padLeft("\(mine.filter { $0.level == .warn }.count)", 5)) \(padLeft("\(mine.filter { $0.level == .info }.count)", 5))  "
                + "\(free) of \(analysis.checklist.count) items")
        }

        lines.append("")
        if analysis.problems.isEmpty {
            lines.append("No problems in the programme for \(audit.id).")
        } else {
            lines.append("Problems in the programme for \(audit.id):")
            for p in analysis.problems { lines += problem(p, in: path, indent: 2) }
        }
        let blocks = analysis.verdicts.filter { $0.level == .block }.count
        let warns = analysis.verdicts.filter { $0.level == .warn }.count
        let infos = analysis.verdicts.filter { $0.level == .info }.count
        let blockedAssignments = analysis.blockedAssignments
        lines.append("")
        lines.append("\(blocks) block, \(warns) warn, \(infos) info; \(audit.assign.count) explicit assignment\(audit.assign.count == 1 ? "" : "s"), "
            + (blockedAssignments.isEmpty ? "none blocked" : "\(blockedAssignments.count) blocked"))
        lines.flush()
    }

    // MARK: - Helpers

    /// Lines of text output, written out a block at a time as they are added.
    final class TextSink {
        private var block = ""
        private let write: (String) -> Void

        init(_ write: @escaping (String) -> Void) { self.write = write }

        func append(_ line: String) {
            block += line
            block += "\n"
            if block.utf8.count >= 1 << 16 { flush() }
        }

        static func += (sink: TextSink, lines: [String]) { for line in lines { sink.append(line) } }

        /// Writes what is held.
        func flush() {
            if !block.isEmpty { write(block) }
            block = ""
        }
    }

    /// One problem of a programme. A located one stays on one line, as a compiler's diagnostic
    /// does, so editors and grep can jump to it whatever the path's length; others are wrapped.
    static func problem(_ p: Problem, in path: String, indent: Int = 0) -> [String] {
        let margin = String(repeating: " ", count: indent)
        if let at = p.location { return ["\(margin)\(path):\(at.line):\(at.column): \(p.level.rawValue): \(p.message)"] }
        return wrap("\(p.level.rawValue): \(p.message)", indent: indent, first: margin)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    static func padLeft(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func clip(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(max(0, n - 1))) + "…" }
    static func fixed1(_ x: Double) -> String { fixed(x, 1) }
    static func fixed2(_ x: Double) -> String { fixed(x, 2) }

    static func fixed(_ x: Double, _ places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let n = Int((x * scale).rounded())
        let whole = n / Int(scale), frac = abs(n % Int(scale))
        let f = String(frac)
        return "\(n < 0 && whole == 0 ? "-" : "")\(whole).\(String(repeating: "0", count: places - f.count))\(f)"
    }

    /// Word-wraps `text` to the width, the first line after `first` and the rest indented.
    static func wrap(_ text: String, indent: Int, first: String? = nil) -> [String] {
        var lines: [String] = []
        let margin = String(repeating: " ", count: indent)
        var current = first ?? margin
        var length = current.count
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let n = word.count
            if !empty, length + 1 + n > width {
                lines.append(current)
                current = margin
                length = indent
                empty = true
            }
            if !empty { current += " "; length += 1 }
            current += word
            length += n
            empty = false
        }
        lines.append(current)
        return lines
    }
}

extension String {
    func trimmingTrailing() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
