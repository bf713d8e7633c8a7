import AuditCore

/// The journal as the report needs it: who did what when.
public struct ReportJournalEntry: Sendable {
    public var seq: Int
    public var time: String
    public var actor: String
    public var type: String
    public init(seq: Int, time: String, actor: String, type: String) {
        self.seq = seq; self.time = time; self.actor = actor; self.type = type
    }
}

/// What the report says of the journal, counted as its rows are read (the journal itself is
/// never held): how many events, what made the workpaper, and what was recorded before, during
/// and after fieldwork (by the UTC day of each event), and when the last one was.
public struct JournalSummary: Sendable {
    var count = 0, created = 0, carried = 0, before = 0, during = 0, after = 0
    var lastTime: String?
    let from: String, to: String

    public init(fieldwork: ClosedDays) {
        from = fieldwork.from.description
        to = fieldwork.to.description
    }

    public mutating func add(time: String, type: String) {
        count += 1
        lastTime = max(lastTime ?? time, time)
        switch type {
        case EventBody.Kind.created.rawValue: created += 1
        case EventBody.Kind.carried.rawValue: carried += 1
        default:
            let day = String(time.prefix(10))
            if day < from { before += 1 } else if day > to { after += 1 } else { during += 1 }
        }
    }
}

/// The audit report in the order of ISO 19011 6.5.1 as DOMAIN.md §4.7 lays it out, as
/// GitHub-flavoured Markdown. The same workpaper always renders to the same bytes.
public struct MarkdownReport {
    let programme: Programme
    let analysis: AuditAnalysis
    let state: WorkpaperState
    let journal: JournalSummary
    let head: String
    /// Who recorded something on each item (the journal's actors).
    let recordedBy: [ItemKey: Set<String>]
    /// The day follow-up statuses are judged on.
    let asOf: Day
    /// A draft (`export --draft`): the report says so at its top, with the conflicts still open.
    public var draft = false
    /// How many events each person signed (see Keys.swift), when the programme lists keys.
    public var signed: [String: Int] = [:]

    /// `asOf` defaults to the day of the last record, so the same workpaper always renders the same report.
    public init(programme: Programme, analysis: AuditAnalysis, state: WorkpaperState, journal: JournalSummary,
                head: String, recordedBy: [ItemKey: Set<String>], asOf: Day? = nil) {
        self.programme = programme; self.analysis = analysis; self.state = state; self.journal = journal
        self.head = head; self.recordedBy = recordedBy
        self.asOf = asOf ?? journal.lastTime.flatMap { Day(iso: String($0.prefix(10))) } ?? analysis.audit.fieldwork.to
    }

    /// The same, from journal entries at hand.
    public init(programme: Programme, analysis: AuditAnalysis, state: WorkpaperState, journal entries: [ReportJournalEntry],
                head: String, recordedBy: [ItemKey: Set<String>], asOf: Day? = nil) {
        var journal = JournalSummary(fieldwork: analysis.audit.fieldwork)
        for e in entries { journal.add(time: e.time, type: e.type) }
        self.init(programme: programme, analysis: analysis, state: state, journal: journal, head: head, recordedBy: recordedBy, asOf: asOf)
    }

    typealias M = Markdown
    var audit: Audit { analysis.audit }
    func name(_ id: String) -> String { programme.person(id)?.name ?? id }
    func record(_ item: ChecklistItem) -> ItemRecord { state.record(item.key.description) }
    func evidence(_ item: ChecklistItem) -> [EvidenceReference] { state.evidence(on: item.key.description) }

    /// Findings in report order: majors, minors, observations, improvement opportunities; then checklist order.
    var findings: [(number: String, item: ChecklistItem)] {
        state.findings(in: analysis.checklist).enumerated().map { (String(format2($0.offset + 1)), $0.element) }
    }

    func format2(_ n: Int) -> String { "F-" + (n < 10 ? "0\(n)" : "\(n)") }

    static func gradeName(_ g: Grade) -> String {
        switch g {
        case .major: "Major nonconformity"
        case .minor: "Minor nonconformity"
        case .observation: "Observation"
        case .ofi: "Opportunity for improvement"
        case .conform: "Conformity"
        case .notApplicable: "Not applicable"
        case .notAudited: "Not audited"
        }
    }

    public func render() -> String {
        [header(), objectives(), scope(), criteria(), team(), method(), summary(), findingsTable(), details(),
         notCovered(), diverging(), goodPractice(), followUp(), distribution()].joined(separator: "\n")
    }

    // MARK: - Sections

    /// "1 item", "3 items".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    func header() -> String {
        var s = draft ? "# DRAFT — Internal audit report: \(M.inline(audit.id)) — \(M.inline(audit.title))\n\n"
            : "# Internal audit report: \(M.inline(audit.id)) — \(M.inline(audit.title))\n\n"
        if draft {
            let open = state.allConflicts
            s += "**Draft, not the final report.**" + (open.isEmpty ? "\n\n" : " Conflicts still open:\n\n" + open.map { "- \(M.inline($0.summary))\n" }.joined() + "\n")
        }
        var signing: [[String]] = []
        if !signed.isEmpty {
            let total = signed.values.reduce(0, +)
            signing = [["Signed events", "\(Self.count(total, "event")) signed: " + signed.sorted { $0.key < $1.key }.map { "\(M.cell(name($0.key))) \($0.value)" }.joined(separator: ", ")]]
        }
        s += M.table(["Audit", M.cell(audit.id)], [
            ["Organisation", M.cell(programme.organisation.name)],
            ["Period covered", "\(audit.period.from) to \(audit.period.to)"],
            ["Fieldwork", "\(audit.fieldwork.from) to \(audit.fieldwork.to)"],
            ["Lead auditor", M.cell(name(audit.lead))],
            ["Audit team", M.cell(audit.team.map(name).joined(separator: ", "))],
            ["Workpaper journal", "\(journalCounts()); last \(journal.lastTime ?? "-"); chain head \(M.code(String(head.prefix(16))))"],
        ] + signing)
        return s
    }

    /// The journal's events by when they were recorded against the fieldwork dates (by the UTC
    /// day of each event): what made the workpaper, and what was recorded before, during and after.
    func journalCounts() -> String {
        let (created, carried, before, during, after) = (journal.created, journal.carried, journal.before, journal.during, journal.after)
        var parts = [Self.count(journal.count, "event") + ": " + Self.count(created, "creating the workpaper", "creating the workpaper")]
        if carried > 0 { parts[0] += ", " + Self.count(carried, "carrying over an open nonconformity", "carrying over open nonconformities") }
        let recorded = [(before, "before fieldwork"), (during, "during fieldwork"), (after, "after fieldwork")].filter { $0.0 > 0 }
        parts.append(recorded.isEmpty ? "nothing recorded yet" : "recorded " + recorded.map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        return parts.joined(separator: "; ")
    }

    func objectives() -> String { "## 1. Objectives\n\n\(M.text(audit.objectives, startsLine: true))\n" }

    func scope() -> String {
        let systems = audit.scope.systems.map { $0.map { programme.system($0)?.name ?? $0 } } ?? programme.systems.map(\.name)
        let requirements = audit.scope.requirements?.joined(separator: ", ") ?? "every requirement and control of the programme"
        let excluded = analysis.checklist.filter(\.isExclusion).count
        var s = "## 2. Scope\n\n"
        s += "- AI systems: \(M.inline(systems.isEmpty ? "none" : systems.joined(separator: ", ")))\n"
        s += "- Requirements and controls: \(M.inline(requirements))\n"
        s += "- Checklist: \(Self.count(analysis.checklist.count, "item")) (\(tierCounts())), of which \(Self.count(excluded, "Statement of Applicability exclusion")) whose justification was audited\n"
        return s
    }

    func tierCounts() -> String {
        Tier.allCases.map { t in "tier \(t.rawValue) \(analysis.checklist.filter { $0.weight.tier == t }.count)" }.joined(separator: ", ")
    }

    func criteria() -> String {
        "## 3. Criteria\n\n" + audit.criteria.map { "- \(M.inline($0))\n" }.joined()
    }

    func team() -> String {
        var s = "## 4. Team and independence declarations\n\n"
        let rows = audit.team.map { id -> [String] in
            let p = programme.person(id)
            let role = id == audit.lead ? "Lead auditor" : "Auditor"
            let mine = analysis.verdicts.filter { $0.auditor == id }
            return [M.cell(p?.name ?? id), role + (p?.external == true ? " (external)" : ""), M.cell(p?.unit ?? ""),
                    "\(mine.filter { $0.level == .block }.count)", "\(mine.filter { $0.level == .warn }.count)"]
        }
        s += M.table(["Auditor", "Role", "Unit", "Blocked items", "Warned items"], rows)
        s += "\nIndependence was judged for every auditor and every checklist item against the control register's ownership history, AI system ownership, reporting lines, units and declared conflicts, over the window \(audit.period.from) to \(audit.fieldwork.to)"
        s += analysis.approvesJustifications ? formatTwoJudged() + ".\n" : ".\n"

        s += "\n### 4.1 Justifications\n\n"
        var justified: [[String]] = []
        var awaiting = 0
        for item in analysis.checklist {
            let r = record(item)
            for j in r.justifications.values.sorted(by: { $0.auditor < $1.auditor }) {
                let rules = analysis.verdicts.filter { $0.item == item.key && $0.auditor == j.auditor && $0.level == .warn }
                var row = [M.cell(item.key.description), M.cell(name(j.auditor)), rules.map(\.rule.rawValue).joined(separator: ", "),
                           M.cell(rules.map(\.reason).joined(separator: "; ")), M.cell(j.text), M.cell(j.safeguard ?? "")]
                if analysis.approvesJustifications {
                    if r.approvals[j.auditor] == nil { awaiting += 1 }
                    row.append(approval(r.approvals[j.auditor], of: j.auditor))
                }
                justified.append(row)
            }
        }
        if justified.isEmpty {
            s += "No auditor needed a justification.\n"
        } else if analysis.approvesJustifications {
            s += "Each justification names a safeguard and is approved by the lead, or by the programme owner for the lead's own. "
                + (awaiting == 0 ? "All are approved.\n\n" : "\(Self.count(awaiting, "justification is", "justifications are")) awaiting approval.\n\n")
            s += M.table(["Item", "Auditor", "Rules", "Why warned", "Justification", "Safeguard", "Approval"], justified)
        } else {
            s += M.table(["Item", "Auditor", "Rules", "Why warned", "Justification", "Safeguard"], justified)
        }

        s += "\n### 4.2 Blocked pairs respected\n\n"
        let blocks = analysis.verdicts.filter { $0.level == .block }
        let respected = blocks.filter { !(recordedBy[$0.item] ?? []).contains($0.auditor) }
        s += "\(respected.count) of \(Self.count(blocks.count, "blocked auditor–item pair")) \(respected.count == 1 ? "was" : "were") respected: the blocked auditor recorded nothing on the item.\n\n"
        if !respected.isEmpty {
            s += M.table(["Item", "Auditor", "Rule", "Reason"], respected.map {
                [M.cell($0.item.description), M.cell(name($0.auditor)), $0.rule.rawValue, M.cell($0.reason)]
            })
        }
        let broken = blocks.filter { (recordedBy[$0.item] ?? []).contains($0.auditor) }
        if !broken.isEmpty {
            s += "\n**Not respected:**\n\n" + M.table(["Item", "Auditor", "Rule", "Reason"], broken.map {
                [M.cell($0.item.description), M.cell(name($0.auditor)), $0.rule.rawValue, M.cell($0.reason)]
            })
        }
        return s
    }

    /// What programme format 2 judged besides, after the window.
    func formatTwoJudged() -> String {
        let back = audit.fieldwork.from.adding(months: -programme.settings.coolingOffMonths)
        return ", and, as programme format 2 asks, against earlier units and managers from \(min(back, audit.period.from)), peers under one manager, competence records, the work of external auditors' firms and the programme owner's own audit process"
    }

    /// "Approved by Paul Renner (programme owner)", or who it awaits.
    func approval(_ a: Approval?, of auditor: String) -> String {
        if let a {
            let role = a.approver == audit.lead ? "lead" : a.approver == analysis.programmeOwner ? "programme owner" : nil
            return "Approved by \(M.cell(name(a.approver)))" + (role.map { " (\($0))" } ?? "")
        }
        return "**Awaiting approval**" + (analysis.approver(of: auditor).map { " by \(M.cell(name($0)))" } ?? " (by the programme owner, whom the programme does not name)")
    }

    func method() -> String {
        var s = "## 5. Dates, locations and method\n\n"
        s += "Fieldwork from \(audit.fieldwork.from) to \(audit.fieldwork.to), covering evidence from \(audit.period.from) to \(audit.period.to).\n\n"
        let cited = state.evidence.values.filter { !$0.removed }
        if cited.isEmpty {
            s += "No evidence was cited.\n"
        } else {
            let rows = EvidenceType.allCases.compactMap { t -> [String]? in
                let n = cited.filter { $0.type == t }.count
                return n == 0 ? nil : [t.rawValue, "\(n)"]
            }
            s += "Evidence cited, by method:\n\n" + M.table(["Method", "References"], rows)
        }
        let sampled = analysis.checklist.filter { record($0).sample != nil }
        s += "\n\(sampled.count) item\(sampled.count == 1 ? " was" : "s were") tested on a sample; see section 8.\n"
        return s
    }

    func summary() -> String {
        var s = "## 6. Summary and conclusion\n\n"
        let items = analysis.checklist
        let grades: [Grade] = [.major, .minor, .observation, .ofi, .conform, .notApplicable, .notAudited]
        s += M.table(["Grade", "Items"], grades.map { g in [Self.gradeName(g), "\(items.filter { record($0).grade == g }.count)"] })
        s += "\n"
        s += M.table(["Tier", "Items", "Audited"], Tier.allCases.map { t in
            let tier = items.filter { $0.weight.tier == t }
            return [t.rawValue, "\(tier.count)", "\(tier.filter { record($0).grade != .notAudited }.count)"]
        })
        let coverage = state.coverage(of: items)
        s += "\nCoverage: \(coverage.audited) of \(coverage.total) items audited; \(coverage.percent)% of the checklist by risk weight.\n\n"
        let majors = items.filter { record($0).grade == .major }.count, minors = items.filter { record($0).grade == .minor }.count
        let conclusion: String
        if majors > 0 {
            let found: String
            if minors == 0 {
                found = Self.count(majors, "major nonconformity", "major nonconformities")
            } else if majors > 1, minors == 1 {
                found = Self.count(majors, "major nonconformity", "major nonconformities") + " and 1 minor nonconformity"
            } else {
                // One noun for both counts, as many as the last: "1 major and 1 minor nonconformity".
                found = "\(majors) major and " + Self.count(minors, "minor nonconformity", "minor nonconformities")
            }
            conclusion = "The audited scope does not conform to the criteria: \(found) \(majors + minors == 1 ? "was" : "were") found; the major nonconformit\(majors == 1 ? "y needs" : "ies need") correction and verified corrective action."
        } else if minors > 0 {
            conclusion = "The audited scope conforms to the criteria except for "
                + (minors == 1 ? "1 minor nonconformity, with a corrective action to follow up." : "\(minors) minor nonconformities, each with a corrective action to follow up.")
        } else if coverage.audited == 0 {
            conclusion = "No item has been audited yet."
        } else {
            conclusion = "The audited scope conforms to the criteria; no nonconformity was found."
        }
        s += "**Conclusion.** \(conclusion)"
        let open = coverage.total - coverage.audited
        if open > 0 { s += " \(Self.count(open, "item")) \(open == 1 ? "was" : "were") not audited (section 9)." }
        return s + "\n"
    }

    func findingsTable() -> String {
        var s = "## 7. Findings\n\n"
        guard !findings.isEmpty else { return s + "No nonconformities, observations or improvement opportunities were recorded.\n" }
        s += M.table(["No.", "Grade", "Item", "Title", "Finding", "Action owner", "Due"], findings.map { number, item in
            let r = record(item)
            return [number, Self.gradeName(r.grade), M.cell(item.key.description), M.cell(item.title),
                    M.cell(findingText(r)), M.cell(r.action?.owner.map(name) ?? ""), r.action?.due ?? ""]
        })
        return s
    }

    /// What the report says an observation or improvement opportunity found: the statement's
    /// gap part (GR-5), or that none was recorded (a workpaper older than the rule).
    func findingText(_ r: ItemRecord) -> String { r.statement.gap ?? "no text recorded" }

    /// The people who recorded on an item, the team in its order first.
    func recorders(_ item: ChecklistItem) -> String {
        let ids = recordedBy[item.key] ?? []
        let ordered = audit.team.filter(ids.contains) + ids.subtracting(audit.team).sorted()
        return ordered.isEmpty ? "not known" : M.inline(ordered.map(name).joined(separator: ", "))
    }

    func details() -> String {
        var s = "## 8. Finding details\n"
        for (number, item) in findings {
            s += "\n### \(number) \(Self.gradeName(record(item).grade)): \(M.inline(item.key.description)) \(M.inline(item.title))\n\n"
            s += itemRecord(item)
        }
        let conforming = analysis.checklist.filter { record($0).grade == .conform }
        s += "\n### Conforming items\n"
        if conforming.isEmpty { s += "\nNone recorded.\n" }
        for item in conforming {
            s += "\n#### \(M.inline(item.key.description)) \(M.inline(item.title))\n\n" + itemRecord(item)
        }
        return s
    }

    /// What was recorded on an item, for the report: who recorded it, the statement's parts (all
    /// three for a nonconformity, those written for anything else), evidence, sample, re-test,
    /// corrective action and weight. Never the auditor's note.
    func itemRecord(_ item: ChecklistItem) -> String {
        let r = record(item)
        var s = "- **Recorded by:** \(recorders(item))\n"
        let nonconformity = r.grade.isNonconformity
        for (label, part) in [("Requirement", r.statement.requirement), ("Evidence", r.statement.evidence), ("Finding", r.statement.gap)]
        where nonconformity || part != nil {
            s += "- **\(label):** \(M.text(part ?? "", indent: 2))\n"
        }
        s += evidenceList(item)
        if let sample = r.sample { s += "- **Sample:** \(sampleLine(sample))\n" }
        if let c = r.carried { s += "- **Carried over:** \(carriedLine(c))\n" }
        if let a = r.action { s += actionList(a, on: item.key) }
        s += "- **Risk weight:** tier \(item.weight.tier.rawValue), score \(String(format1(item.weight.score)))\n"
        return s
    }

    func format1(_ x: Double) -> String {
        let n = Int((x * 10).rounded())
        return "\(n / 10).\(abs(n % 10))"
    }

    func evidenceList(_ item: ChecklistItem) -> String {
        let refs = evidence(item)
        guard !refs.isEmpty else { return "" }
        var s = "- **Evidence references:**\n"
        for e in refs {
            var line = "\(e.label) (\(e.type.rawValue)) \(M.inline(e.reference))"
            if let d = e.description { line += " — \(M.inline(d))" }
            if let from = e.obtainedFrom { line += "; obtained from \(M.inline(from))" }
            if let on = e.obtainedOn { line += e.obtainedFrom == nil ? "; obtained on \(on)" : " on \(on)" }
            if let f = e.file { line += "; file \(M.inline(f.path)), \(f.size) bytes, SHA-256 \(M.code(f.sha256))" }
            s += "  - \(line)\n"
        }
        return s
    }

    func sampleLine(_ s: Sample) -> String {
        var line = "\(s.method.rawValue), \(s.size) of \(s.population)"
        if let d = s.description { line += " (\(M.inline(d)))" }
        if let seed = s.seed { line += ", seed \(seed)" }
        line += "; items \(s.selected.map(String.init).joined(separator: ", "))"
        if let reason = s.reason { line += "; chosen because \(M.inline(reason))" }
        return line
    }

    func notCovered() -> String {
        var s = "## 9. Not covered, limitations and sampling\n\n"
        let open = analysis.checklist.filter { record($0).grade == .notAudited }
        if open.isEmpty {
            s += "Every checklist item was audited.\n"
        } else {
            s += "\(open.count) item\(open.count == 1 ? " was" : "s were") not audited:\n\n"
            s += M.table(["Item", "Title", "Tier", "Score"], open.map {
                [M.cell($0.key.description), M.cell($0.title), $0.weight.tier.rawValue, format1($0.weight.score)]
            })
        }
        let na = analysis.checklist.filter { record($0).grade == .notApplicable }
        if !na.isEmpty {
            s += "\nJudged not applicable:\n\n" + M.table(["Item", "Why"], na.map { [M.cell($0.key.description), M.cell(record($0).note ?? "")] })
        }
        let exclusions = analysis.checklist.filter(\.isExclusion)
        if !exclusions.isEmpty {
            s += "\nExcluded in the Statement of Applicability (the justification was in scope):\n\n"
            s += M.table(["Item", "Justification", "Audited as"], exclusions.map {
                [M.cell($0.key.description), M.cell($0.entry?.justification ?? ""), Self.gradeName(record($0).grade)]
            })
        }
        s += "\nAudits are based on samples of the available information. Findings describe what was seen in the evidence examined; conformity of what was not examined is neither confirmed nor denied, and there is a risk that a sample does not represent its population.\n"
        return s
    }

    func diverging() -> String { "## 10. Diverging opinions\n\nNone recorded.\n" }

    func goodPractice() -> String {
        var s = "## 11. Good practice and improvement opportunities\n\n"
        let items = analysis.checklist.filter { [.observation, .ofi].contains(record($0).grade) }
        // Good practice is what the auditor wrote as such, never a note.
        let good = analysis.checklist.filter { record($0).goodPractice != nil }
        if items.isEmpty && good.isEmpty { return s + "None recorded.\n" }
        for item in items {
            let r = record(item)
            s += "- **\(Self.gradeName(r.grade)), \(M.inline(item.key.description)):** \(M.text(findingText(r), indent: 2))\n"
        }
        for item in good {
            s += "- **Good practice, \(M.inline(item.key.description)):** \(M.text(record(item).goodPractice ?? "", indent: 2))\n"
        }
        return s
    }

    func followUp() -> String {
        var s = "## 12. Follow-up\n\n"
        let ncs = findings.filter { record($0.item).grade.isNonconformity }
        guard !ncs.isEmpty else { return s + "No nonconformity needs a corrective action.\n" + retests() }
        s += M.table(["Finding", "Item", "Grade", "Corrective action owner", "Due", "Status", "Effectiveness check"], ncs.map { number, item in
            let r = record(item)
            return [number, M.cell(item.key.description), Self.gradeName(r.grade),
                    M.cell(r.action?.owner.map(name) ?? "not yet set"), r.action?.due ?? "",
                    r.action.map { $0.status(on: asOf).rawValue } ?? "no action yet",
                    r.action.map(effectivenessCheck) ?? ""]
        })
        s += "\nStatuses as of \(asOf). Corrective actions follow ISO/IEC 42001 10.2: correction, root cause, extent, action, and a check of effectiveness by someone independent of the item.\n"
        s += retests()
        return s
    }

    /// The nonconformities of earlier audits brought in to be re-tested, and what the re-test found.
    func retests() -> String {
        let carried = analysis.checklist.compactMap { item in record(item).carried.map { (item, $0) } }
        guard !carried.isEmpty else { return "" }
        var s = "\n### Re-tested nonconformities of earlier audits\n\n"
        s += M.table(["Item", "Earlier audit", "Earlier grade", "Action status when this audit began", "Re-test result"], carried.map { item, c in
            [M.cell(item.key.description), M.cell(c.audit), Self.gradeName(c.grade),
             c.action.map { $0.status(on: audit.fieldwork.from).rawValue } ?? "no action",
             Self.gradeName(record(item).grade)]
        })
        return s
    }

    func carriedLine(_ c: CarriedFinding) -> String {
        var line = "re-test of the \(Self.gradeName(c.grade).lowercased()) of \(M.inline(c.audit)) (workpaper \(M.inline(c.workpaper)), fieldwork ended \(c.date), journal \(M.code(String(c.journalHash.prefix(16)))))"
        if let gap = c.statement.gap { line += "; it found: \(M.inline(gap))" }
        return line
    }

    /// Who verified the action's effectiveness, once the outcome is recorded; before that, who is to.
    func effectivenessCheck(_ a: CorrectiveAction) -> String {
        guard let verifier = a.verifiedBy.map(name) else { return "" }
        guard a.outcome != nil else { return M.cell(verifier) + ", planned" }
        return "verified by " + M.cell(verifier) + (a.verifiedOn.map { " on \($0)" } ?? "")
    }

    /// The corrective action's 10.2 record, one line per recorded field, in the order of the steps.
    func actionList(_ a: CorrectiveAction, on key: ItemKey) -> String {
        var s = "- **Corrective action (10.2):** \(a.status(on: asOf).rawValue)\n"
        for f in CorrectiveAction.fields {
            guard let v = a[keyPath: f.path] else { continue }
            s += "  - \(a.label(of: f)): \(f.isPerson ? M.inline(name(v)) : M.text(v, indent: 4))\n"
        }
        // A verifier is never blocked on the item (refused when recorded); warnings are stated.
        if let verifier = a.verifiedBy {
            let warnings = Derive.verdicts(of: verifier, on: key, analysis: analysis, programme: programme).filter { $0.level == .warn }
            if !warnings.isEmpty {
                s += "  - Verifier's independence: " + warnings.map { "\($0.rule.rawValue) warning, \(M.inline($0.reason))" }.joined(separator: "; ") + "\n"
            }
        }
        if let o = a.outcome { s += "  - Outcome: \(o == .effective ? "effective" : "not effective")\n" }
        return s
    }

    func distribution() -> String {
        var s = "## 13. Distribution\n\n"
        s += audit.reportTo.isEmpty ? "No distribution list in the programme.\n"
            : audit.reportTo.map { "- \(M.inline(name($0)))\n" }.joined()
        return s
    }
}
