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
    /// When the last approval of the report was recorded.
    var approvedAt: String?
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
        case EventBody.Kind.approvedReport.rawValue:
            approvedAt = time
            fallthrough
        default:
            let day = String(time.prefix(10))
            if day < from { before += 1 } else if day > to { after += 1 } else { during += 1 }
        }
    }
}

/// The audit report in the order of ISO 19011 6.5.1 as DOMAIN.md §4.7 lays it out: a `Document`,
/// written as GitHub-flavoured Markdown (`render`), as a web page (`html`) or, through pandoc,
/// as Word. The same workpaper always renders to the same bytes.
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
    /// The checklist's items' results in earlier audits, from the programme's history.
    let earlierHistory: [ItemKey: [EarlierResult]]
    /// An item's references still cited: the state's, or a workpaper's read an item at a time
    /// (`WorkpaperReport`); and how many are cited by method.
    var evidenceOn: (String) -> [EvidenceReference]
    var citedByType: () -> [EvidenceType: Int]
    /// The workpaper's evidence reads, when the report makes them (see `reading`).
    var evidenceReads: EvidenceReads?

    /// `asOf` defaults to the day of the last record, so the same workpaper always renders the same report.
    public init(programme: Programme, analysis: AuditAnalysis, state: WorkpaperState, journal: JournalSummary,
                head: String, recordedBy: [ItemKey: Set<String>], asOf: Day? = nil) {
        self.programme = programme; self.analysis = analysis; self.state = state; self.journal = journal
        self.head = head; self.recordedBy = recordedBy
        earlierHistory = Recurrence.fromHistory(programme.history, before: analysis.audit, items: Set(analysis.checklist.map(\.key)))
        self.asOf = asOf ?? journal.lastTime.flatMap { Day(iso: String($0.prefix(10))) } ?? analysis.audit.fieldwork.to
        evidenceOn = { state.evidence(on: $0) }
        citedByType = { state.citedByType() }
    }

    /// The same, from journal entries at hand.
    public init(programme: Programme, analysis: AuditAnalysis, state: WorkpaperState, journal entries: [ReportJournalEntry],
                head: String, recordedBy: [ItemKey: Set<String>], asOf: Day? = nil) {
        var journal = JournalSummary(fieldwork: analysis.audit.fieldwork)
        for e in entries { journal.add(time: e.time, type: e.type) }
        self.init(programme: programme, analysis: analysis, state: state, journal: journal, head: head, recordedBy: recordedBy, asOf: asOf)
    }

    var audit: Audit { analysis.audit }
    func name(_ id: String) -> String { programme.person(id)?.name ?? id }
    func record(_ item: ChecklistItem) -> ItemRecord { state.record(item.key.description) }
    func evidence(_ item: ChecklistItem) -> [EvidenceReference] { evidenceOn(item.key.description) }

    /// Findings in report order: majors, minors, observations, improvement opportunities; then checklist order.
    var findings: [(number: String, item: ChecklistItem)] {
        state.findingPositions(in: analysis.checklist).enumerated().map { (String(format2($0.offset + 1)), analysis.checklist[$0.element]) }
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

    /// The report as Markdown.
    public func render() -> String {
        var out = ""
        write { out += $0 }
        return out
    }

    /// The report as Markdown, a block at a time: a report of 10,000 items is never whole in memory.
    public func write(_ emit: (String) -> Void) { MarkdownWriter.write(blocks, to: emit) }

    /// The report as one self-contained HTML page.
    public func html() -> String { HTMLWriter.write(document()) }

    /// The report as a document, for any writer.
    public func document() -> Document {
        var all: [Block] = []
        blocks { all.append($0) }
        return Document(all)
    }

    /// The report's blocks in order, given one at a time (the finding details an item at a time).
    public func blocks(_ emit: (Block) -> Void) {
        for section in [header, objectives, scope, criteria, team, method, gradingScheme, summary, findingsTable] { section().forEach(emit) }
        details(emit)
        for section in [notCovered, diverging, goodPractice, followUp, distribution] { section().forEach(emit) }
    }

    // MARK: - Sections

    /// "1 item", "3 items".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    /// User text in a table cell: every line, with line breaks between.
    func cell(_ text: String) -> [Inline] { Inline.lines(text) }

    func header() -> [Block] {
        var blocks: [Block] = [.heading(1, [draft ? "DRAFT — Internal audit report: " : "Internal audit report: ",
                                            .oneLine(audit.id), " — ", .oneLine(audit.title)])]
        if draft {
            let open = state.allConflicts
            blocks.append(.paragraph([.strong(["Draft, not the final report."])] + (open.isEmpty ? [] : [" Conflicts still open:"])))
            if !open.isEmpty { blocks.append(.list(open.map { ListItem([.oneLine($0.summary)]) })) }
        }
        blocks += statusBlocks()
        var signing: [[[Inline]]] = []
        if !signed.isEmpty {
            let total = signed.values.reduce(0, +)
            let who = signed.sorted { $0.key < $1.key }.map { cell(name($0.key)) + [" \($0.value)"] }
            signing = [[["Signed events"], ["\(Self.count(total, "event")) signed: "] + [Inline](joining: who, separator: ", ")]]
        }
        blocks.append(.table(header: [["Audit"], cell(audit.id)], rows: [
            [["Organisation"], cell(programme.organisation.name)],
            [["Period covered"], ["\(audit.period.from) to \(audit.period.to)"]],
            [["Fieldwork"], ["\(audit.fieldwork.from) to \(audit.fieldwork.to)"]],
            [["Lead auditor"], cell(name(audit.lead))],
            [["Audit team"], cell(audit.team.map(name).joined(separator: ", "))],
        ] + reportRows() + [
            [["Workpaper journal"], ["\(journalCounts()); last \(journal.lastTime ?? "-"); chain head ", .code(String(head.prefix(16)))]],
        ] + signing))
        return blocks
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

    func objectives() -> [Block] { [.heading(2, ["1. Objectives"]), .paragraph(Inline.lines(audit.objectives))] }

    func scope() -> [Block] {
        let systems = audit.scope.systems.map { $0.map { programme.system($0)?.name ?? $0 } } ?? programme.systems.map(\.name)
        let requirements = audit.scope.requirements?.joined(separator: ", ") ?? "every requirement and control of the programme"
        let excluded = analysis.checklist.filter(\.isExclusion).count
        return [.heading(2, ["2. Scope"]), .list([
            ListItem(["AI systems: ", .oneLine(systems.isEmpty ? "none" : systems.joined(separator: ", "))]),
            ListItem(["Requirements and controls: ", .oneLine(requirements)]),
            ListItem(["Checklist: \(Self.count(analysis.checklist.count, "item")) (\(tierCounts())), of which \(Self.count(excluded, "Statement of Applicability exclusion")) whose justification was audited"]),
        ])]
    }

    func tierCounts() -> String {
        Tier.allCases.map { t in "tier \(t.rawValue) \(analysis.checklist.filter { $0.weight.tier == t }.count)" }.joined(separator: ", ")
    }

    func criteria() -> [Block] {
        [.heading(2, ["3. Criteria"]), .list(audit.criteria.map { ListItem([.oneLine($0)]) })]
    }

    func team() -> [Block] {
        var blocks: [Block] = [.heading(2, ["4. Team and independence declarations"])]
        let rows = audit.team.map { id -> [[Inline]] in
            let p = programme.person(id)
            let role = id == audit.lead ? "Lead auditor" : "Auditor"
            let mine = analysis.verdicts.filter { $0.auditor == id }
            return [cell(p?.name ?? id), [.text(role + (p?.external == true ? " (external)" : ""))], cell(p?.unit ?? ""),
                    ["\(mine.filter { $0.level == .block }.count)"], ["\(mine.filter { $0.level == .warn }.count)"]]
        }
        blocks.append(.table(["Auditor", "Role", "Unit", "Blocked items", "Warned items"], rows))
        blocks.append(.paragraph([.text("Independence was judged for every auditor and every checklist item against the control register's ownership history, AI system ownership, reporting lines, units and declared conflicts, over the window \(audit.period.from) to \(audit.fieldwork.to)"
                                     + (analysis.approvesJustifications ? formatTwoJudged() : "") + ".")]))

        blocks.append(.heading(3, ["4.1 Justifications"]))
        var justified: [[[Inline]]] = []
        var awaiting = 0
        for item in analysis.checklist {
            let r = record(item)
            for j in r.justifications.values.sorted(by: { $0.auditor < $1.auditor }) {
                let rules = analysis.verdicts.filter { $0.item == item.key && $0.auditor == j.auditor && $0.level == .warn }
                var row = [cell(item.key.description), cell(name(j.auditor)), [.text(rules.map(\.rule.rawValue).joined(separator: ", "))],
                           cell(rules.map(\.reason).joined(separator: "; ")), cell(j.text), cell(j.safeguard ?? "")]
                if analysis.approvesJustifications {
                    if r.approvals[j.auditor] == nil { awaiting += 1 }
                    row.append(approval(r.approvals[j.auditor], of: j.auditor))
                }
                justified.append(row)
            }
        }
        if justified.isEmpty {
            blocks.append(.paragraph(["No auditor needed a justification."]))
        } else if analysis.approvesJustifications {
            blocks.append(.paragraph([.text("Each justification names a safeguard and is approved by the lead, or by the programme owner for the lead's own. "
                                      + (awaiting == 0 ? "All are approved." : "\(Self.count(awaiting, "justification is", "justifications are")) awaiting approval."))]))
            blocks.append(.table(["Item", "Auditor", "Rules", "Why warned", "Justification", "Safeguard", "Approval"], justified))
        } else {
            blocks.append(.table(["Item", "Auditor", "Rules", "Why warned", "Justification", "Safeguard"], justified))
        }

        blocks.append(.heading(3, ["4.2 Blocked pairs respected"]))
        let blocks_ = analysis.verdicts.filter { $0.level == .block }
        let respected = blocks_.filter { !(recordedBy[$0.item] ?? []).contains($0.auditor) }
        blocks.append(.paragraph(["\(respected.count) of \(Self.count(blocks_.count, "blocked auditor–item pair")) \(respected.count == 1 ? "was" : "were") respected: the blocked auditor recorded nothing on the item."]))
        func pairs(_ verdicts: [Verdict]) -> Block {
            .table(["Item", "Auditor", "Rule", "Reason"], verdicts.map {
                [cell($0.item.description), cell(name($0.auditor)), [.text($0.rule.rawValue)], cell($0.reason)]
            })
        }
        if !respected.isEmpty { blocks.append(pairs(respected)) }
        let broken = blocks_.filter { (recordedBy[$0.item] ?? []).contains($0.auditor) }
        if !broken.isEmpty { blocks += [.paragraph([.strong(["Not respected:"])]), pairs(broken)] }
        return blocks + participants()
    }

    /// What programme format 2 judged besides, after the window.
    func formatTwoJudged() -> String {
        let back = audit.fieldwork.from.adding(months: -programme.settings.coolingOffMonths)
        return ", and, as programme format 2 asks, against earlier units and managers from \(min(back, audit.period.from)), peers under one manager, competence records, the work of external auditors' firms and the programme owner's own audit process"
    }

    /// "Approved by Paul Renner (programme owner)", or who it awaits.
    func approval(_ a: Approval?, of auditor: String) -> [Inline] {
        if let a {
            let role = a.approver == audit.lead ? "lead" : a.approver == analysis.programmeOwner ? "programme owner" : nil
            return ["Approved by "] + cell(name(a.approver)) + (role.map { [" (\($0))"] } ?? [])
        }
        return [.strong(["Awaiting approval"])]
            + (analysis.approver(of: auditor).map { [" by "] + cell(name($0)) } ?? [" (by the programme owner, whom the programme does not name)"])
    }

    func method() -> [Block] {
        var blocks: [Block] = [.heading(2, ["5. Dates, locations and method"]),
                               .paragraph(["Fieldwork from \(audit.fieldwork.from) to \(audit.fieldwork.to), covering evidence from \(audit.period.from) to \(audit.period.to)."])]
        let cited = citedByType()
        if cited.isEmpty {
            blocks.append(.paragraph(["No evidence was cited."]))
        } else {
            let rows = EvidenceType.allCases.compactMap { t -> [[Inline]]? in
                let n = cited[t] ?? 0
                return n == 0 ? nil : [[.text(t.rawValue)], ["\(n)"]]
            }
            blocks += [.paragraph(["Evidence cited, by method:"]), .table(["Method", "References"], rows)]
        }
        let sampled = analysis.checklist.lazy.filter { record($0).sample != nil }.count
        blocks.append(.paragraph(["\(sampled) item\(sampled == 1 ? " was" : "s were") tested on a sample; see section 8."]))
        return blocks + reasonedRecords() + locationsAndMeetings()
    }

    /// How a grade is coloured in a chart.
    static func tone(_ g: Grade) -> BarChart.Tone {
        switch g {
        case .major: .grave
        case .minor: .serious
        case .observation: .notable
        case .ofi: .mild
        case .conform: .good
        case .notApplicable: .neutral
        case .notAudited: .none
        }
    }

    func summary() -> [Block] {
        let items = analysis.checklist
        let grades: [(grade: Grade, items: Int)] = [Grade.major, .minor, .observation, .ofi, .conform, .notApplicable, .notAudited].map { g in
            (g, items.filter { record($0).grade == g }.count)
        }
        let tiers: [(tier: Tier, items: Int, audited: Int)] = Tier.allCases.map { t in
            let tier = items.filter { $0.weight.tier == t }
            return (t, tier.count, tier.filter { record($0).grade != .notAudited }.count)
        }
        var blocks: [Block] = [
            .heading(2, ["6. Summary and conclusion"]),
            // Each table's figures drawn beside it, where the format can draw.
            .table(["Grade", "Items"], grades.map { [[.text(Self.gradeName($0.grade))], ["\($0.items)"]] }),
            .chart(BarChart(title: "Items by grade", bars: grades.map { BarChart.Bar(Self.gradeName($0.grade), $0.items, tone: Self.tone($0.grade)) })),
            .table(["Tier", "Items", "Audited"], tiers.map { [[.text($0.tier.rawValue)], ["\($0.items)"], ["\($0.audited)"]] }),
            .chart(BarChart(title: "Items audited by tier", bars: tiers.map { BarChart.Bar("Tier \($0.tier.rawValue)", $0.audited, of: $0.items, tone: .mild) })),
        ]
        let coverage = state.coverage(of: items)
        blocks.append(.paragraph(["Coverage: \(coverage.audited) of \(coverage.total) items audited; \(coverage.percent)% of the checklist by risk weight."]))
        let majors = grades[0].items, minors = grades[1].items
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
        let open = coverage.total - coverage.audited
        let notAudited = open > 0 ? " \(Self.count(open, "item")) \(open == 1 ? "was" : "were") not audited (section 9)." : ""
        blocks.append(.paragraph([.strong(["Conclusion."]), " \(conclusion)\(notAudited)"]))
        return blocks + conclusionAndReview()
    }

    func findingsTable() -> [Block] {
        let heading = Block.heading(2, ["7. Findings"])
        let findings = findings
        guard !findings.isEmpty else { return [heading, .paragraph(["No nonconformities, observations or improvement opportunities were recorded."])] }
        return [heading, .table(["No.", "Grade", "Item", "Title", "Finding", "Action owner", "Due"], findings.map { number, item in
            let r = record(item)
            return [[.text(number)], [.text(Self.gradeName(r.grade))], cell(item.key.description), cell(item.title),
                    findingCell(r), cell(r.action?.owner.map(name) ?? ""), [.text(r.action?.due ?? "")]]
        })] + repeatsTable()
    }

    /// What the report says an observation or improvement opportunity found: the statement's
    /// gap part (GR-5), or that none was recorded (a workpaper older than the rule).
    func findingText(_ r: ItemRecord) -> String { r.statement.gap ?? "no text recorded" }

    /// The people who recorded on an item, the team in its order first.
    func recorders(_ item: ChecklistItem) -> Inline {
        let ids = recordedBy[item.key] ?? []
        let ordered = audit.team.filter(ids.contains) + ids.subtracting(audit.team).sorted()
        return ordered.isEmpty ? "not known" : .oneLine(ordered.map(name).joined(separator: ", "))
    }

    func details(_ emit: (Block) -> Void) {
        emit(.heading(2, ["8. Finding details"]))
        for (number, item) in findings {
            emit(.heading(3, ["\(number) \(Self.gradeName(record(item).grade)): ", .oneLine(item.key.description), " ", .oneLine(item.title)]))
            emit(itemRecord(item))
        }
        emit(.heading(3, ["Conforming items"]))
        var none = true
        for item in analysis.checklist where record(item).grade == .conform {
            none = false
            emit(.heading(4, [.oneLine(item.key.description), " ", .oneLine(item.title)]))
            emit(itemRecord(item))
        }
        if none { emit(.paragraph(["None recorded."])) }
    }

    /// What was recorded on an item, for the report: who recorded it, the statement's parts (all
    /// three for a nonconformity, those written for anything else), evidence, sample, re-test,
    /// corrective action and weight. Never the auditor's note.
    func itemRecord(_ item: ChecklistItem) -> Block {
        let r = record(item)
        var list = [ListItem([.strong(["Recorded by:"]), " ", recorders(item)])] + resultHistory(item) + repeatItem(item)
        let nonconformity = r.grade.isNonconformity
        for (label, part) in [("Requirement", r.statement.requirement), ("Evidence", r.statement.evidence), ("Finding", r.statement.gap)]
        where nonconformity || part != nil {
            list.append(ListItem([.strong(["\(label):"]), " "] + Inline.lines(part ?? "")))
        }
        let refs = evidence(item)
        if !refs.isEmpty { list.append(ListItem([.strong(["Evidence references:"])], sublist: refs.map { ListItem(evidenceLine($0)) })) }
        if let sample = r.sample {
            list.append(ListItem([.strong(["Sample:"]), " "] + sampleLine(sample) + sizeBasis(sample, item), sublist: sampleResults(sample)))
        }
        if let c = r.carried { list.append(ListItem([.strong(["Carried over:"]), " "] + carriedLine(c))) }
        list += earlierItems(item)
        if let a = r.action { list.append(actionItem(a, on: item.key)) }
        list += recordLines(item)
        list.append(ListItem([.strong(["Risk weight:"]), " tier \(item.weight.tier.rawValue), score \(format1(item.weight.score))"]))
        return .list(list)
    }

    func format1(_ x: Double) -> String {
        let n = Int((x * 10).rounded())
        return "\(n / 10).\(abs(n % 10))"
    }

    func evidenceLine(_ e: EvidenceReference) -> [Inline] {
        var line: [Inline] = ["\(e.label) (\(e.type.rawValue)) ", .oneLine(e.reference)]
        if let d = e.description { line += [" — ", .oneLine(d)] }
        if let from = e.obtainedFrom { line += ["; obtained from ", .oneLine(from)] }
        if let on = e.obtainedOn { line.append(e.obtainedFrom == nil ? "; obtained on \(on)" : " on \(on)") }
        if let f = e.file { line += ["; file ", .oneLine(f.path), ", \(f.size) bytes, SHA-256 ", .code(f.sha256)] }
        return line
    }

    func sampleLine(_ s: Sample) -> [Inline] {
        var line: [Inline] = ["\(s.method.rawValue), \(s.size) of \(s.population)"]
        if let d = s.description { line += [" (", .oneLine(d), ")"] }
        if let seed = s.seed { line.append(", seed \(seed)") }
        line.append("; items ")
        for (i, item) in s.items.enumerated() { line += (i == 0 ? [] : [", "]) + [.oneLine(item)] }
        if let reason = s.reason { line += ["; chosen because ", .oneLine(reason)] }
        return line
    }

    func notCovered() -> [Block] {
        var blocks: [Block] = [.heading(2, ["9. Not covered, limitations and sampling"])]
        let open = analysis.checklist.filter { record($0).grade == .notAudited }
        if open.isEmpty {
            blocks.append(.paragraph(["Every checklist item was audited."]))
        } else {
            let later = laterAudits
            blocks += [.paragraph(["\(open.count) item\(open.count == 1 ? " was" : "s were") not audited:"]),
                       .table(["Item", "Title", "Tier", "Score", "Why not audited", "Moves to"], open.map {
                           [cell($0.key.description), cell($0.title), [.text($0.weight.tier.rawValue)], [.text(format1($0.weight.score))]]
                               + notAuditedCells($0, later: later)
                       })]
        }
        let na = analysis.checklist.filter { record($0).grade == .notApplicable }
        if !na.isEmpty {
            blocks += [.paragraph(["Judged not applicable:"]),
                       .table(["Item", "Why"], na.map { [cell($0.key.description), cell(record($0).note ?? "")] })]
        }
        let exclusions = analysis.checklist.filter(\.isExclusion)
        if !exclusions.isEmpty {
            blocks += [.paragraph(["Excluded in the Statement of Applicability (the justification was in scope):"]),
                       .table(["Item", "Justification", "Audited as"], exclusions.map {
                           [cell($0.key.description), cell($0.entry?.justification ?? ""), [.text(Self.gradeName(record($0).grade))]]
                       })]
        }
        blocks.append(.paragraph(["Audits are based on samples of the available information. Findings describe what was seen in the evidence examined; conformity of what was not examined is neither confirmed nor denied, and there is a risk that a sample does not represent its population."]))
        return blocks
    }

    /// Section 10: the auditee's disagreements with the audit team (ISO 19011 6.4.10), then
    /// disagreements within the team (a result changed by another auditor, GR-6 and GR-7).
    func diverging() -> [Block] {
        [.heading(2, ["10. Diverging opinions"]), .heading(3, ["10.1 The auditee and the audit team"])] + responsesAndDiverging()
            + [.heading(3, ["10.2 Within the audit team"])] + divergingOpinions()
    }

    func goodPractice() -> [Block] {
        let heading = Block.heading(2, ["11. Good practice and improvement opportunities"])
        let items = analysis.checklist.filter { [.observation, .ofi].contains(record($0).grade) }
        // Good practice is what the auditor wrote as such, never a note.
        let good = analysis.checklist.filter { record($0).goodPractice != nil }
        if items.isEmpty && good.isEmpty { return [heading, .paragraph(["None recorded."])] }
        let found = items.map { item in
            let r = record(item)
            return ListItem([.strong(["\(Self.gradeName(r.grade)), ", .oneLine(item.key.description), ":"]), " "] + Inline.lines(findingText(r)))
        }
        let practice = good.map { item in
            ListItem([.strong(["Good practice, ", .oneLine(item.key.description), ":"]), " "] + Inline.lines(record(item).goodPractice ?? ""))
        }
        return [heading, .list(found + practice)]
    }

    func followUp() -> [Block] {
        let heading = Block.heading(2, ["12. Follow-up"])
        let ncs = findings.filter { record($0.item).grade.isNonconformity }
        guard !ncs.isEmpty else { return [heading, .paragraph(["No nonconformity needs a corrective action."])] + retests() }
        return [heading, .table(["Finding", "Item", "Grade", "Corrective action owner", "Due", "Status", "Effectiveness check"], ncs.map { number, item in
            let r = record(item)
            return [[.text(number)], cell(item.key.description), [.text(Self.gradeName(r.grade))],
                    cell(r.action?.owner.map(name) ?? "not yet set"), [.text(r.action?.due ?? "")],
                    [.text(r.action.map { $0.status(on: asOf).rawValue } ?? "no action yet")],
                    r.action.map(effectivenessCheck) ?? []]
        }),
        .paragraph(["Statuses as of \(asOf). Corrective actions follow ISO/IEC 42001 10.2: correction, root cause, extent, action, and a check of effectiveness by someone independent of the item."]),
        ] + retests()
    }

    /// The nonconformities of earlier audits brought in to be re-tested, and what the re-test found.
    func retests() -> [Block] {
        let carried = analysis.checklist.compactMap { item in record(item).carried.map { (item, $0) } }
        guard !carried.isEmpty else { return [] }
        return [.heading(3, ["Re-tested nonconformities of earlier audits"]),
                .table(["Item", "Earlier audit", "Earlier grade", "Action status when this audit began", "Re-test result"], carried.map { item, c in
                    [cell(item.key.description), cell(c.audit), [.text(Self.gradeName(c.grade))],
                     [.text(c.action.map { $0.status(on: audit.fieldwork.from).rawValue } ?? "no action")],
                     retestResult(item, c)]
                })]
    }

    func carriedLine(_ c: CarriedFinding) -> [Inline] {
        var line: [Inline] = ["re-test of the \(Self.gradeName(c.grade).lowercased()) of ", .oneLine(c.audit), " (workpaper ", .oneLine(c.workpaper),
                              ", fieldwork ended \(c.date), journal ", .code(String(c.journalHash.prefix(16))), ")"]
        if let gap = c.statement.gap { line += ["; it found: ", .oneLine(gap)] }
        return line + earlierRetests(c)
    }

    /// Who verified the action's effectiveness, once the outcome is recorded; before that, who is to.
    func effectivenessCheck(_ a: CorrectiveAction) -> [Inline] {
        guard let verifier = a.verifiedBy.map(name) else { return [] }
        guard a.outcome != nil else { return cell(verifier) + [", planned"] }
        return ["verified by "] + cell(verifier) + (a.verifiedOn.map { [" on \($0)"] } ?? [])
    }

    /// The corrective action's 10.2 record, one line per recorded field, in the order of the steps.
    func actionItem(_ a: CorrectiveAction, on key: ItemKey) -> ListItem {
        var fields: [ListItem] = []
        for f in CorrectiveAction.fields {
            guard let v = a[keyPath: f.path] else { continue }
            fields.append(ListItem(["\(a.label(of: f)): "] + (f.isPerson ? [.oneLine(name(v))] : Inline.lines(v))))
        }
        // A verifier is never blocked on the item (refused when recorded); warnings are stated.
        if let verifier = a.verifiedBy {
            let warnings = Derive.verdicts(of: verifier, on: key, analysis: analysis, programme: programme).filter { $0.level == .warn }
            if !warnings.isEmpty {
                fields.append(ListItem(["Verifier's independence: "] + [Inline](joining: warnings.map { ["\($0.rule.rawValue) warning, ", .oneLine($0.reason)] }, separator: "; ")))
            }
        }
        if let o = outcomeItem(a) { fields.append(o) }
        return ListItem([.strong(["Corrective action (10.2):"]), " \(a.status(on: asOf).rawValue)"], sublist: fields)
    }

    /// Section 13: who receives the report, then its confidentiality and how long it is kept.
    func distribution() -> [Block] { distributionBlocks() + confidentialityAndRetention() }
}
