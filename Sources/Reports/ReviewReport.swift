import AuditCore

/// One audit as the management review sees it: its checklist and what was recorded.
public struct ReviewedAudit: Sendable {
    public var workpaper: String
    public var analysis: AuditAnalysis
    public var state: WorkpaperState
    public var head: String
    public init(workpaper: String, analysis: AuditAnalysis, state: WorkpaperState, head: String) {
        self.workpaper = workpaper; self.analysis = analysis; self.state = state; self.head = head
    }
    public var audit: Audit { analysis.audit }
}

/// The internal-audit inputs to management review (ISO/IEC 42001 9.3.2) over one or more
/// audits: results per audit and their trend, nonconformities and corrective actions still open
/// or overdue, and the coverage of the programme's cycle so far. The same inputs always give
/// the same bytes.
public struct ReviewReport {
    let programme: Programme
    let audits: [ReviewedAudit]
    let cycle: CycleStatus
    typealias M = Markdown

    /// `audits` in any order (they are reported by the end of fieldwork); `programme` gives the
    /// people, the history and the items of the cycle.
    public init(programme: Programme, audits: [ReviewedAudit], cycleFrom: Day, years: Int, asOf: Day) {
        self.programme = programme
        self.audits = audits.sorted { ($0.audit.fieldwork.to, $0.audit.id) < ($1.audit.fieldwork.to, $1.audit.id) }
        cycle = CycleStatus.compute(programme, from: cycleFrom, years: years, asOf: asOf,
                                    results: self.audits.flatMap { $0.state.historyEntries($0.analysis) })
    }

    var asOf: Day { cycle.asOf }
    func name(_ id: String) -> String { programme.person(id)?.name ?? id }

    public func render() -> String {
        [header(), results(), trend(), openActions(), coverage(), independence()].joined(separator: "\n")
    }

    func header() -> String {
        var s = "# Management review input: internal audits of \(M.inline(programme.organisation.name))\n\n"
        s += "The audit inputs ISO/IEC 42001 9.3.2 asks management review to consider: the results of internal audits, nonconformities and corrective actions, and how far the audit programme has come. Statuses as of \(asOf).\n\n"
        s += M.table(["Audit", "Fieldwork", "Workpaper", "Journal head"], audits.map {
            [M.cell($0.audit.id), "\($0.audit.fieldwork.from) to \($0.audit.fieldwork.to)", M.cell($0.workpaper), M.code(String($0.head.prefix(16)))]
        })
        return s
    }

    struct Counts {
        var audited = 0, total = 0, percent = 0
        var grades: [Grade: Int] = [:]
        var nonconformities: Int { grades.filter { $0.key.isNonconformity }.values.reduce(0, +) }
        /// Nonconformities per 10 items audited, one decimal.
        var rate: String {
            guard audited > 0 else { return "-" }
            let n = Int((Double(nonconformities) * 100 / Double(audited)).rounded())
            return "\(n / 10).\(n % 10)"
        }
    }

    func counts(_ a: ReviewedAudit) -> Counts {
        let coverage = a.state.coverage(of: a.analysis.checklist)
        var c = Counts(audited: coverage.audited, total: coverage.total, percent: coverage.percent)
        for item in a.analysis.checklist { c.grades[a.state.record(item.key.description).grade, default: 0] += 1 }
        return c
    }

    func results() -> String {
        var s = "## 1. Results per audit\n\n"
        s += M.table(["Audit", "Title", "Audited", "By weight", "Major", "Minor", "Observation", "OFI", "Conform", "NCs per 10 audited"], audits.map { a in
            let c = counts(a)
            return [M.cell(a.audit.id), M.cell(a.audit.title), "\(c.audited) of \(c.total)", "\(c.percent)%",
                    "\(c.grades[.major] ?? 0)", "\(c.grades[.minor] ?? 0)", "\(c.grades[.observation] ?? 0)",
                    "\(c.grades[.ofi] ?? 0)", "\(c.grades[.conform] ?? 0)", c.rate]
        })
        return s
    }

    func trend() -> String {
        let s = "## 2. Trend\n\n"
        var lines: [String] = []
        for (previous, next) in zip(audits, audits.dropFirst()) {
            let p = counts(previous), n = counts(next)
            guard p.audited > 0, n.audited > 0 else { continue }
            let a = Double(p.nonconformities) / Double(p.audited), b = Double(n.nonconformities) / Double(n.audited)
            let direction = b < a ? "fewer than" : b > a ? "more than" : "as many as"
            lines.append("- \(M.inline(next.audit.id)) found \(n.rate) nonconformities per 10 items audited, \(direction) \(M.inline(previous.audit.id)) (\(p.rate)).")
        }
        // Items found nonconforming by more than one audit (history included): a sign that actions did not remove the cause.
        var ncAudits: [ItemKey: Set<String>] = [:]
        for h in programme.history where h.grade.isNonconformity { ncAudits[h.item, default: []].insert(h.audit) }
        for a in audits {
            for item in a.analysis.checklist where a.state.record(item.key.description).grade.isNonconformity {
                ncAudits[item.key, default: []].insert(a.audit.id)
            }
        }
        let recurring = ncAudits.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }
        lines += recurring.map { "- Recurring: \(M.inline($0.key.description)) was nonconforming in \($0.value.sorted().joined(separator: ", "))." }
        let retests = audits.flatMap { a in
            a.analysis.checklist.compactMap { item in a.state.record(item.key.description).carried.map { _ in a.state.record(item.key.description).grade } }
        }
        if !retests.isEmpty {
            let failing = retests.filter(\.isNonconformity).count, pending = retests.filter { $0 == .notAudited }.count
            lines.append("- Re-tests of earlier nonconformities: \(retests.count); \(retests.count - failing - pending) without a nonconformity, \(failing) still nonconforming, \(pending) not yet re-tested.")
        }
        return s + (lines.isEmpty ? "One audit so far: no trend yet.\n" : lines.joined(separator: "\n") + "\n")
    }

    /// Nonconformities not verified closed, each once: the audit with the latest fieldwork that
    /// holds it speaks for it (a later audit that carried it over to re-test, or the audit that
    /// found it), with the action as the finding audit's workpaper now records it when it is
    /// among the inputs.
    func openActions() -> String {
        var s = "## 3. Open nonconformities and corrective actions\n\n"
        let (rows, closed) = FollowUp.standing(audits.map { FollowUp.Audited(audit: $0.audit, checklist: $0.analysis.checklist, state: $0.state) },
                                               on: asOf)
        let overdue = rows.filter { $0.status == .overdue }.count, failed = rows.filter { $0.status == .notEffective }.count
        let unplanned = rows.filter { $0.status == nil || $0.status == .incomplete }.count
        s += "\(rows.count) open: \(overdue) overdue, \(failed) found not effective, \(unplanned) without a complete action; \(closed) closed (verified effective). A re-test that finds no nonconformity does not close one whose action is not verified effective.\n\n"
        guard !rows.isEmpty else { return s }
        s += M.table(["Audit", "Item", "Grade", "Finding", "Owner", "Due", "Status", "Days late", "Re-test"], rows.map { r in
            let late = r.action?.overdueSince(on: asOf).map { "\(asOf.ordinal - $0.ordinal)" } ?? ""
            return [M.cell(r.audit), M.cell(r.item), r.grade == .major ? "major" : "minor", M.cell(r.gap),
                    M.cell(r.action?.owner.map(name) ?? ""), r.action?.due ?? "", r.status?.rawValue ?? "no action", late,
                    M.cell(retest(r))]
        })
        return s
    }

    /// Where a nonconformity's re-test stands: due in a later audit, or done there without closing it.
    func retest(_ r: FollowUp.Open) -> String {
        if let (audit, grade) = r.retested { return "\(grade.rawValue) in \(audit), not closing it" }
        return r.retestIn.map { "due in \($0)" } ?? ""
    }

    func coverage() -> String {
        var s = "## 4. Coverage of the audit programme\n\n"
        s += "Cycle \(cycle.plan.from) to \(cycle.plan.to); \(cycle.items.count) items of the whole programme. Audits the tiers ask for, those done by \(asOf) (the programme's history and these audits), and what an even pace would have done by now:\n\n"
        s += M.table(["Tier", "Items", "Audits needed in the cycle", "Done", "Even pace by now", "Never audited in the cycle"], Tier.allCases.map { t in
            let d = cycle.done(tier: t), items = cycle.items.filter { $0.tier == t }
            return [t.rawValue, "\(items.count)", "\(d.required)", "\(d.done)", "\(d.expected)", "\(items.filter { $0.done.isEmpty }.count)"]
        })
        let overdue = cycle.items.filter(\.overdue).sorted { ($0.nextDue!, $0.key) < ($1.nextDue!, $1.key) }
        s += "\n"
        if overdue.isEmpty {
            s += "No item is past the longest gap its tier allows.\n"
        } else {
            s += "\(overdue.count) item\(overdue.count == 1 ? " is" : "s are") past the longest gap their tier allows:\n\n"
            s += M.table(["Item", "Tier", "Last audited", "Due by"], overdue.map { i in
                [M.cell(i.key.description), i.tier.rawValue, i.done.last.map { "\($0.date) (\(M.cell($0.audit)))" } ?? (i.line.item.weight.lastAudited.map(\.description) ?? "never"), i.nextDue!.description]
            })
        }
        return s
    }

    func independence() -> String {
        var s = "## 5. Objectivity of the audits\n\n"
        s += "Blocked auditors cannot record results; where a warning applied, the auditor's written justification (and safeguard) is in the audit's report.\n\n"
        s += M.table(["Audit", "Team", "Items audited under a justified warning", "With a named safeguard"], audits.map { a in
            let justified = a.state.items.values.filter { !$0.justifications.isEmpty && $0.grade != .notAudited }
            return [M.cell(a.audit.id), "\(a.audit.team.count)", "\(justified.count)",
                    "\(justified.filter { $0.justifications.values.contains { $0.safeguard != nil } }.count)"]
        })
        return s
    }
}
