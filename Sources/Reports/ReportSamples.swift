import AuditCore

/// What the report says of a sample as a record: the basis of its size, each occurrence's result,
/// and the exceptions counted in the finding. AuditCore keeps the rules (`SampleRules`).
extension MarkdownReport {
    /// "1 exception in 25 occurrences tested", for a sample with results.
    func exceptionCount(_ s: Sample) -> String? {
        guard let results = s.results, !results.isEmpty else { return nil }
        let x = s.exceptions.count
        return "\(Self.count(x, "exception")) in \(Self.count(results.count, "occurrence")) tested"
    }

    /// What the findings table says a finding is: its text, and its sample's exceptions.
    func findingCell(_ r: ItemRecord) -> [Inline] {
        var text = cell(findingText(r))
        if let sample = r.sample, let count = exceptionCount(sample) { text += [" (sample: \(count))"] }
        return text
    }

    /// Where the sample's size comes from: the tool's table or the auditor's reason. Nothing for
    /// a sample recorded before either was kept.
    func sizeBasis(_ s: Sample, _ item: ChecklistItem) -> [Inline] {
        let table = s.suggested.map { " (the table suggests \($0))" } ?? ""
        if let reason = s.sizeReason, s.suggested != s.size {
            return ["; size \(s.size), the auditor's reason\(table): ", .oneLine(reason)]
        }
        if let suggested = s.suggested, suggested == s.size, let operates = item.entry?.operates {
            return ["; size \(s.size) as the tool's table suggests for \(SampleSize.basis(operates: operates, tier: item.weight.tier))"]
        }
        if s.method == .judgemental, s.suggested != nil {
            return ["; size \(s.size), the items chosen\(table)"]
        }
        return []
    }

    /// Each sampled occurrence's result: those as expected with the same reference in one line,
    /// each exception and each result with a note in its own; then those not yet tested.
    func sampleResults(_ s: Sample) -> [ListItem] {
        guard let count = exceptionCount(s) else { return [] }
        var lines: [ListItem] = []
        var group: (evidence: Int?, occurrences: [String])?
        func flush() {
            guard let g = group else { return }
            let reference: [Inline] = g.evidence.map { [.text(" (E\($0))")] } ?? []
            lines.append(ListItem(["As expected: "] + occurrenceList(g.occurrences) + reference))
            group = nil
        }
        for r in s.resultsInOrder {
            if r.outcome == .asExpected, r.note == nil {
                if let g = group, g.evidence != r.evidence { flush() }
                group = (r.evidence, (group?.occurrences ?? []) + [r.occurrence])
                continue
            }
            flush()
            let outcome: Inline = r.outcome == .exception ? .strong(["Exception:"]) : .text("As expected:")
            var line: [Inline] = [outcome, " ", .oneLine(r.occurrence)]
            if let label = r.evidenceLabel { line.append(" (\(label))") }
            if let note = r.note { line += [" — ", .oneLine(note)] }
            lines.append(ListItem(line))
        }
        flush()
        let untested = s.untested
        if !untested.isEmpty { lines.append(ListItem(["Not yet tested: "] + occurrenceList(untested))) }
        return [ListItem(["Results: \(count)"], sublist: lines)]
    }

    func occurrenceList(_ occurrences: [String]) -> [Inline] {
        [Inline](joining: occurrences.map { [.oneLine($0)] }, separator: ", ")
    }
}
