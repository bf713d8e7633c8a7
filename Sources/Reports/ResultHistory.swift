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
    func shown(_ part: String, _ value: String) -> String {
        guard !value.isEmpty else { return part == "grade" ? "not audited" : "cleared" }
        guard part == "grade" else { return M.inline(value) }
        return Grade(rawValue: value).map { Self.gradeName($0).lowercased() } ?? M.inline(value)
    }

    /// One change, in words: "major (Tomasz Wierzbicki) changed to minor by Amara Nwosu; reason: …".
    func revisionLine(_ r: Revision) -> String {
        var line = "\(shown(r.part, r.from)), as \(M.inline(name(r.fromBy))) recorded it, changed to \(shown(r.part, r.to)) by \(M.inline(name(r.by)))"
        line += r.reason.map { "; reason: \(M.inline($0))" } ?? "; no reason recorded"
        return line
    }

    /// The finding details' lines on who recorded the grade and statement, the changes others
    /// made to them and the disagreements (nothing when no one changed another's part).
    func resultHistory(_ item: ChecklistItem) -> String {
        guard let p = record(item).provenance, !p.revisions.isEmpty || !p.disagreements.isEmpty else { return "" }
        var s = ""
        if let grader = p.authors["grade"] { s += "- **Graded by:** \(M.inline(name(grader)))\n" }
        if !p.revisions.isEmpty {
            s += "- **Changed by another auditor:**\n"
            for r in p.revisions { s += "  - \(Self.partName(r.part)): \(revisionLine(r))\n" }
        }
        for d in p.disagreements {
            s += "- **Disagreement of \(M.inline(name(d.by))):** \(M.text(d.text, indent: 2))\n"
        }
        return s
    }

    /// Section 10: every change an auditor made to another's grade or statement, and every
    /// disagreement recorded with one; unresolved, they are the audit's diverging opinions.
    func divergingOpinions() -> String {
        var s = "## 10. Diverging opinions\n\n"
        let number = Dictionary(findings.map { ($0.item.key, $0.number) }, uniquingKeysWith: { a, _ in a })
        var changes: [[String]] = [], disagreements = ""
        for item in analysis.checklist {
            guard let p = record(item).provenance else { continue }
            let label = (number[item.key].map { "\($0), " } ?? "") + M.inline(item.key.description)
            for r in p.revisions {
                changes.append([M.cell(label), Self.partName(r.part), M.cell("\(shown(r.part, r.from)) (\(name(r.fromBy)))"),
                                M.cell("\(shown(r.part, r.to)) (\(name(r.by)))"), M.cell(r.reason ?? "no reason recorded")])
            }
            for d in p.disagreements {
                disagreements += "- **\(label): \(M.inline(name(d.by))) disagrees.** \(M.text(d.text, indent: 2))\n"
            }
        }
        guard !changes.isEmpty || !disagreements.isEmpty else { return s + "None recorded.\n" }
        if !changes.isEmpty {
            s += "Results changed by an auditor other than the one who recorded them:\n\n"
            s += M.table(["Finding", "Part", "As recorded (by)", "Changed to (by)", "Reason"], changes)
        }
        s += "\n" + (disagreements.isEmpty ? "No auditor recorded disagreement with a change.\n"
            : "Disagreements recorded by the auditor whose result was changed:\n\n" + disagreements)
        return s
    }

    /// Section 5's list of the records that carry a reason for a date outside the audit's or an
    /// early verification (changes of another's result are in section 10).
    func reasonedRecords() -> String {
        var rows: [[String]] = []
        for item in analysis.checklist {
            for given in record(item).provenance?.reasons ?? [] {
                let answers = given.reason.answers.filter { $0.rule != "GR-6" }
                guard !answers.isEmpty else { continue }
                rows.append([M.cell(item.key.description), M.cell(name(given.by)),
                             M.cell(answers.map { "\($0.rule): \($0.text)" }.joined(separator: "; ")), M.cell(given.reason.text)])
            }
        }
        guard !rows.isEmpty else { return "" }
        return "\nRecords with dates outside the audit's, or an early verification, each with the reason given:\n\n"
            + M.table(["Item", "Recorded by", "What", "Reason"], rows)
    }

    /// How an outcome is reported: an effective one that lacks what closes the nonconformity says so.
    func outcomeLine(_ a: CorrectiveAction) -> String {
        guard let o = a.outcome else { return "" }
        var line = "  - Outcome: \(o == .effective ? "effective" : "not effective")"
        if !a.outcomeGaps.isEmpty { line += " — does not close the nonconformity: \(a.outcomeGaps.joined(separator: ", "))" }
        return line + "\n"
    }

    /// A re-test's result as the follow-up table gives it: one that found no nonconformity does
    /// not close one whose action is not verified effective.
    func retestResult(_ item: ChecklistItem, _ c: CarriedFinding) -> String {
        let g = record(item).grade
        var result = Self.gradeName(g)
        if g != .notAudited, !g.isNonconformity, c.action?.status(on: asOf) != .closed {
            result += "; the nonconformity stays open until its action is verified effective"
        }
        return result + earlierRetests(c)
    }

    /// Earlier re-tests of a carried nonconformity, for the line on where it came from.
    func earlierRetests(_ c: CarriedFinding) -> String {
        guard let retests = c.retests, !retests.isEmpty else { return "" }
        return "; re-tested before in " + retests.map { "\(M.inline($0.audit)) (\(Self.gradeName($0.grade).lowercased()), fieldwork ended \($0.date))" }
            .joined(separator: ", ") + ", which did not close it: its action was not verified effective"
    }
}
