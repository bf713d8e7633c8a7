import AuditCore

/// What the report says of an item's earlier results and of a finding that repeats one, and the
/// grading scheme it used. AuditCore decides what repeats; these are its words and blocks.
extension MarkdownReport {
    /// The item's results in earlier audits: the programme's history and the nonconformity carried over from an earlier workpaper.
    func earlierResults(_ item: ChecklistItem) -> [EarlierResult] {
        Recurrence.earlier(history: earlierHistory[item.key] ?? [], carried: record(item).carried)
    }

    /// What the item's finding repeats, if anything.
    func repeatOf(_ item: ChecklistItem) -> Recurrence.Repeat? {
        Recurrence.repeatOf(record(item).grade, earlier: earlierResults(item))
    }

    /// The list items an item's record gets for its earlier results.
    func earlierItems(_ item: ChecklistItem) -> [ListItem] {
        let earlier = earlierResults(item)
        guard !earlier.isEmpty else { return [] }
        return [ListItem([.strong(["Earlier results:"])], sublist: earlier.map { e in
            var line: [Inline] = [.oneLine(e.audit), ", \(e.date): \(Self.gradeName(e.grade).lowercased())"]
            if e.grade.isNonconformity, let status = e.status { line.append(", \(status.rawValue)") }
            if let found = e.finding { line += ["; it found: ", .oneLine(found)] }
            return ListItem(line)
        })]
    }

    /// "Repeat:" with what it repeats and the grade to consider.
    func repeatItem(_ item: ChecklistItem) -> [ListItem] {
        repeatOf(item).map { [ListItem([.strong(["Repeat:"]), " ", .oneLine($0.words)])] } ?? []
    }

    /// After the findings table: the findings that repeat earlier results, for their auditors to
    /// consider a graver grade.
    func repeatsTable() -> [Block] {
        let rows = findings.compactMap { number, item -> [[Inline]]? in
            guard let r = repeatOf(item) else { return nil }
            return [[.text(number)], cell(item.key.description), [.text(Self.gradeName(record(item).grade))],
                    cell(r.of.map { "\($0.audit) (\(Recurrence.gradeWords($0.grade)))" }.joined(separator: ", ")),
                    [.text(r.consider.map(Self.gradeName) ?? "—")]]
        }
        guard !rows.isEmpty else { return [] }
        return [.paragraph(["Findings that repeat a nonconformity or observation of an earlier audit (section 5.1; details in section 8):"]),
                .table(["No.", "Item", "Grade", "Repeats", "To consider"], rows)]
    }

    /// Section 5.1: the grades this report uses, in our own words, and how repeats and sample
    /// exceptions bear on them.
    func gradingScheme() -> [Block] {
        let grades: [(Grade, String, String)] = [
            (.major, "A requirement is not met in a way that puts in doubt what the AI management system is meant to achieve: a required process missing or broken down, several nonconformities on one requirement that together show a systemic failure, or a nonconformity not corrected since an earlier audit.",
             "Correction and corrective action; closed only once someone independent of the item has verified the action effective."),
            (.minor, "A requirement is not met in an isolated way that does not put the system's results in doubt.",
             "Corrective action with an owner and a due date; followed up, and checked at a later audit."),
            (.observation, "No requirement is breached yet, but a weakness was seen that could become a nonconformity.",
             "No action required; looked at again by the next audit."),
            (.ofi, "The requirement is met; a better practice is suggested.", "Optional; for management to decide."),
            (.conform, "The requirement is met, as the evidence cited shows.", "None."),
        ]
        return [.heading(3, ["5.1 How findings are graded"]),
                .table(["Grade", "Means", "What follows"], grades.map { [[.text(Self.gradeName($0.0))], [.text($0.1)], [.text($0.2)]] }),
                .paragraph(["A finding that repeats a nonconformity or an observation of an earlier audit (from the programme's history, or from an earlier audit's workpaper) is marked as a repeat, and its auditor considers a graver grade: a repeated minor nonconformity may be major, a repeated observation a minor nonconformity. A sampled occurrence found not as expected is an exception: an item whose sample has one is not graded conformity, unless the auditor judged it isolated and extended the sample once by its suggested size without finding another."])]
    }
}
