import AuditCore

/// What the report says of who graded what and every change of it, of disagreements, of the
/// reasons given for dates outside the audit's, and of what closes a nonconformity (see
/// `RecordRules`). Each part is a function the report's sections call.
extension MarkdownReport {
    static func partName(_ part: String) -> String {
        switch part {
        case "grade": "Grade"
        case "requirement": "Requirement"
        case "evidence": "Evidence"
        default: "Finding"
        }
    }

    /// A part's value as the report prints it: a grade by its name, a text as written.
    func shown(_ part: String, _ value: String) -> [Inline] {
        guard !value.isEmpty else { return [.text(part == "grade" ? "not audited" : "cleared")] }
        guard part == "grade", let grade = Grade(rawValue: value) else { return [.oneLine(value)] }
        return [.text(Self.gradeName(grade).lowercased())]
    }

    /// One change, in words: "major (Tomasz Wierzbicki) changed to minor by Amara Nwosu; reason: …".
    func revisionLine(_ r: Revision) -> [Inline] {
        shown(r.part, r.from) + [", as ", .oneLine(name(r.fromBy)), " recorded it, changed to "] + shown(r.part, r.to)
            + [" by ", .oneLine(name(r.by))] + (r.reason.map { ["; reason: ", .oneLine($0)] } ?? ["; no reason recorded"])
    }

    /// The finding details' lines on who recorded the grade and statement, the changes others
    /// made to them and the disagreements (nothing when no one changed another's part).
    func resultHistory(_ item: ChecklistItem) -> [ListItem] {
        guard let p = record(item).provenance, !p.revisions.isEmpty || !p.disagreements.isEmpty else { return [] }
        var list: [ListItem] = []
        if let grader = p.authors["grade"] { list.append(ListItem([.strong(["Graded by:"]), " ", .oneLine(name(grader))])) }
        if !p.revisions.isEmpty {
            list.append(ListItem([.strong(["Changed by another auditor:"])],
                                 sublist: p.revisions.map { r in ListItem(["\(Self.partName(r.part)): "] + revisionLine(r)) }))
        }
        for d in p.disagreements {
            list.append(ListItem([.strong(["Disagreement of ", .oneLine(name(d.by)), ":"]), " "] + Inline.lines(d.text)))
        }
        return list
    }

    /// Section 10: every change an auditor made to another's grade or statement, and every
    /// disagreement recorded with one; unresolved, they are the audit's diverging opinions.
    func divergingOpinions() -> [Block] {
        var blocks: [Block] = [.heading(2, ["10. Diverging opinions"])]
        let number = Dictionary(findings.map { ($0.item.key, $0.number) }, uniquingKeysWith: { a, _ in a })
        var changes: [[[Inline]]] = [], disagreements: [ListItem] = []
        for item in analysis.checklist {
            guard let p = record(item).provenance else { continue }
            let label: [Inline] = (number[item.key].map { ["\($0), "] } ?? []) + [.oneLine(item.key.description)]
            for r in p.revisions {
                changes.append([label, [.text(Self.partName(r.part))], shown(r.part, r.from) + [" (", .oneLine(name(r.fromBy)), ")"],
                                shown(r.part, r.to) + [" (", .oneLine(name(r.by)), ")"], cell(r.reason ?? "no reason recorded")])
            }
            for d in p.disagreements {
                disagreements.append(ListItem([.strong(label + [": ", .oneLine(name(d.by)), " disagrees."]), " "] + Inline.lines(d.text)))
            }
        }
        guard !changes.isEmpty || !disagreements.isEmpty else { return blocks + [.paragraph(["None recorded."])] }
        if !changes.isEmpty {
            blocks += [.paragraph(["Results changed by an auditor other than the one who recorded them:"]),
                       .table(header: ["Finding", "Part", "As recorded (by)", "Changed to (by)", "Reason"].map { [.text($0)] }, rows: changes)]
        }
        if disagreements.isEmpty {
            blocks.append(.paragraph(["No auditor recorded disagreement with a change."]))
        } else {
            blocks += [.paragraph(["Disagreements recorded by the auditor whose result was changed:"]), .list(disagreements)]
        }
        return blocks
    }

    /// Section 5's list of the records that carry a reason for a date outside the audit's or an
    /// early verification (changes of another's result are in section 10).
    func reasonedRecords() -> [Block] {
        var rows: [[[Inline]]] = []
        for item in analysis.checklist {
            for given in record(item).provenance?.reasons ?? [] {
                let answers = given.reason.answers.filter { $0.rule != "GR-6" }
                guard !answers.isEmpty else { continue }
                rows.append([cell(item.key.description), cell(name(given.by)),
                             cell(answers.map { "\($0.rule): \($0.text)" }.joined(separator: "; ")), cell(given.reason.text)])
            }
        }
        guard !rows.isEmpty else { return [] }
        return [.paragraph(["Records with dates outside the audit's, or an early verification, each with the reason given:"]),
                .table(header: ["Item", "Recorded by", "What", "Reason"].map { [.text($0)] }, rows: rows)]
    }

    /// How an outcome is reported: an effective one that lacks what closes the nonconformity says so.
    func outcomeItem(_ a: CorrectiveAction) -> ListItem? {
        guard let o = a.outcome else { return nil }
        var line = "Outcome: \(o == .effective ? "effective" : "not effective")"
        if !a.outcomeGaps.isEmpty { line += " — does not close the nonconformity: \(a.outcomeGaps.joined(separator: ", "))" }
        return ListItem([.text(line)])
    }

    /// A re-test's result as the follow-up table gives it: one that found no nonconformity does
    /// not close one whose action is not verified effective.
    func retestResult(_ item: ChecklistItem, _ c: CarriedFinding) -> [Inline] {
        let g = record(item).grade
        var result = Self.gradeName(g)
        if g != .notAudited, !g.isNonconformity, c.action?.status(on: asOf) != .closed {
            result += "; the nonconformity stays open until its action is verified effective"
        }
        return [.text(result)] + earlierRetests(c)
    }

    /// Earlier re-tests of a carried nonconformity, for the line on where it came from.
    func earlierRetests(_ c: CarriedFinding) -> [Inline] {
        guard let retests = c.retests, !retests.isEmpty else { return [] }
        var line: [Inline] = ["; re-tested before in "]
        for (i, r) in retests.enumerated() {
            line += (i == 0 ? [] : [", "]) + [.oneLine(r.audit), " (\(Self.gradeName(r.grade).lowercased()), fieldwork ended \(r.date))"]
        }
        return line + [", which did not close it: its action was not verified effective"]
    }
}
