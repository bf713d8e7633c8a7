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
/// audits, everything as of one day: results per audit — the workpapers', and earlier audits'
/// from the programme's history — and their trend, nonconformities and corrective actions still
/// open (with how long) or overdue, the observations and improvement opportunities, and the
/// coverage of the programme's cycle so far. The same inputs always give the same bytes.
public struct ReviewReport {
    let programme: Programme
    let audits: [ReviewedAudit]
    /// Workpapers given whose fieldwork begins after the as-of day: left out.
    let later: [ReviewedAudit]
    let cycle: CycleStatus
    typealias M = Markdown

    /// `audits` in any order (they are reported by the end of fieldwork); `programme` gives the
    /// people, the history and the items of the cycle.
    public init(programme: Programme, audits: [ReviewedAudit], cycleFrom: Day, years: Int, asOf: Day) {
        self.programme = programme
        let sorted = audits.sorted { ($0.audit.fieldwork.to, $0.audit.id) < ($1.audit.fieldwork.to, $1.audit.id) }
        self.audits = sorted.filter { $0.audit.fieldwork.from <= asOf }
        later = sorted.filter { $0.audit.fieldwork.from > asOf }
        cycle = CycleStatus.compute(programme, from: cycleFrom, years: years, asOf: asOf,
                                    results: self.audits.flatMap { $0.state.historyEntries($0.analysis) })
    }

    var asOf: Day { cycle.asOf }
    func name(_ id: String) -> String { programme.person(id)?.name ?? id }
    var followed: [FollowUp.Audited] {
        audits.map { FollowUp.Audited(audit: $0.audit, checklist: $0.analysis.checklist, state: $0.state) }
    }

    public func render() -> String {
        [header(), results(), trend(), openActions(), noted(), coverage(), independence()].joined(separator: "\n")
    }

    func header() -> String {
        var s = "# Management review input: internal audits of \(M.inline(programme.organisation.name))\n\n"
        s += "The audit inputs ISO/IEC 42001 9.3.2 asks management review to consider: the results of internal audits, nonconformities and corrective actions, observations and opportunities for improvement, and how far the audit programme has come. Everything below is as of \(asOf): statuses, ages and coverage on that day, and only what the programme's history records by then.\n\n"
        s += M.table(["Audit", "Fieldwork", "Workpaper", "Journal head"], audits.map {
            [M.cell($0.audit.id), "\($0.audit.fieldwork.from) to \($0.audit.fieldwork.to)", M.cell($0.workpaper), M.code(String($0.head.prefix(16)))]
        })
        if !later.isEmpty {
            s += "\nLeft out, their fieldwork beginning after \(asOf): " + later.map { "\(M.inline($0.audit.id)) (\(M.inline($0.workpaper)), from \($0.audit.fieldwork.from))" }.joined(separator: ", ") + ".\n"
        }
        return s
    }

    /// The workpapers' audits and the history's earlier ones, by the end of fieldwork.
    var rows: [ManagementReview.Row] {
        let ids = Set(audits.map(\.audit.id))
        return (audits.map { ManagementReview.row($0.audit, checklist: $0.analysis.checklist, state: $0.state) }
            + ManagementReview.historyRows(programme.history, excluding: ids, asOf: asOf))
            .sorted { ($0.date, $0.audit) < ($1.date, $1.audit) }
    }

    func results() -> String {
        var s = "## 1. Results per audit\n\n"
        let all = rows
        s += M.table(["Audit", "Title", "Audited", "By weight", "Major", "Minor", "Observation", "OFI", "Conform", "NCs per 10 audited"], all.map { r in
            let title = r.fromHistory ? "(the programme's history)" : programme.audit(r.audit)?.title ?? audits.first { $0.audit.id == r.audit }?.audit.title ?? ""
            return [M.cell(r.audit), M.cell(title), r.total.map { "\(r.audited) of \($0)" } ?? "\(r.audited)", r.percent.map { "\($0)%" } ?? "-",
                    "\(r.grades[.major] ?? 0)", "\(r.grades[.minor] ?? 0)", "\(r.grades[.observation] ?? 0)",
                    "\(r.grades[.ofi] ?? 0)", "\(r.grades[.conform] ?? 0)", r.rate]
        })
        if all.contains(where: \.fromHistory) {
            s += "\nAn audit from the programme's history counts the items it graded; its checklist is not known here.\n"
        }
        return s
    }

    func trend() -> String {
        let s = "## 2. Trend\n\n"
        var lines: [String] = []
        for c in ManagementReview.trend(rows) {
            var line = "- \(M.inline(c.next.audit)) found \(c.next.rate) nonconformities per 10 items audited, \(c.direction) \(M.inline(c.previous.audit)) (\(c.previous.rate))"
            if c.few {
                line += ", over \(c.previous.audited) and \(c.next.audited) items audited: too few to read as a trend (under \(ManagementReview.fewItems) in an audit)"
            }
            lines.append(line + ".")
        }
        // Items found nonconforming by more than one audit (history included): a sign that actions did not remove the cause.
        var ncAudits: [ItemKey: Set<String>] = [:]
        for h in programme.history where h.grade.isNonconformity && h.date <= asOf { ncAudits[h.item, default: []].insert(h.audit) }
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
    /// among the inputs; then those only the programme's history records as open. Each with how
    /// long it has been open.
    func openActions() -> String {
        var s = "## 3. Open nonconformities and corrective actions\n\n"
        let followed = self.followed
        let (rows, closed) = FollowUp.standing(followed, on: asOf)
        let history = ManagementReview.openInHistory(programme.history, known: ManagementReview.known(followed), asOf: asOf)
        let overdue = rows.filter { $0.status == .overdue }.count, failed = rows.filter { $0.status == .notEffective }.count
        let unplanned = rows.filter { $0.status == nil || $0.status == .incomplete }.count
        s += "\(rows.count + history.count) open: \(overdue) overdue, \(failed) found not effective, \(unplanned) without a complete action"
        s += history.isEmpty ? "" : ", \(history.count) known only from the programme's history"
        s += "; \(closed) closed (verified effective). A re-test that finds no nonconformity does not close one whose action is not verified effective.\n\n"
        guard !rows.isEmpty || !history.isEmpty else { return s }
        func age(_ day: Day?) -> String { day.map { "\(max(0, asOf.ordinal - $0.ordinal))" } ?? "" }
        var table = rows.map { r -> [String] in
            let late = r.action?.overdueSince(on: asOf).map { "\(asOf.ordinal - $0.ordinal)" } ?? ""
            return [M.cell(r.audit), M.cell(r.item), r.grade == .major ? "major" : "minor", M.cell(r.gap),
                    M.cell(r.action?.owner.map(name) ?? ""), r.action?.due ?? "", r.status?.rawValue ?? "no action", late,
                    M.cell(retest(r)), age(ManagementReview.foundOn(r.audit, followed, history: programme.history))]
        }
        table += history.map { h in
            [M.cell(h.audit), M.cell(h.item.description), h.grade == .major ? "major" : "minor", "(the programme's history)", "", "",
             "open in the history", "", "", age(h.date)]
        }
        s += M.table(["Audit", "Item", "Grade", "Finding", "Owner", "Due", "Status", "Days late", "Re-test", "Days open"], table)
        let ages = (rows.compactMap { ManagementReview.foundOn($0.audit, followed, history: programme.history) } + history.map(\.date))
        if let oldest = ages.min() {
            s += "\nThe oldest has been open \(asOf.ordinal - oldest.ordinal) days, since its audit ended on \(oldest).\n"
        }
        return s
    }

    /// Observations and improvement opportunities: what management may act on before it is a nonconformity.
    func noted() -> String {
        var s = "## 4. Observations and opportunities for improvement\n\n"
        let all = ManagementReview.noted(followed, history: programme.history, asOf: asOf)
        guard !all.isEmpty else { return s + "None recorded.\n" }
        s += M.table(["Audit", "Item", "Grade", "What was found"], all.map { n in
            [M.cell(n.audit), M.cell(n.item.description), n.grade == .observation ? "observation" : "OFI",
             M.cell(n.text ?? "(the programme's history)")]
        })
        return s
    }

    /// Where a nonconformity's re-test stands: due in a later audit, or done there without closing it.
    func retest(_ r: FollowUp.Open) -> String {
        if let (audit, grade) = r.retested { return "\(grade.rawValue) in \(audit), not closing it" }
        return r.retestIn.map { "due in \($0)" } ?? ""
    }

    func coverage() -> String {
        var s = "## 5. Coverage of the audit programme\n\n"
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
        var s = "## 6. Objectivity of the audits\n\n"
        s += "Blocked auditors cannot record results; where a warning applied, the auditor's written justification (and safeguard) is in the audit's report.\n\n"
        s += M.table(["Audit", "Team", "Items audited under a justified warning", "With a named safeguard"], audits.map { a in
            let justified = a.state.items.values.filter { !$0.justifications.isEmpty && $0.grade != .notAudited }
            return [M.cell(a.audit.id), "\(a.audit.team.count)", "\(justified.count)",
                    "\(justified.filter { $0.justifications.values.contains { $0.safeguard != nil } }.count)"]
        })
        return s
    }
}
