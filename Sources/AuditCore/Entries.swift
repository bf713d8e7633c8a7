/// What an auditor gives, made into what is recorded — checked, or refused with the rule and
/// what to give instead. The screen's forms and `record`'s options both parse their input and
/// call these; neither decides what a sample, a reference or an action change may be.

extension Sample {
    /// The items an auditor lists, comma-separated ("INV-2031, INV-2044" or "3,17,40"): each one
    /// without the blanks around it, empty ones left out.
    public static func items(from text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// A sample as the auditor describes it. A random or systematic sample is drawn from its
    /// seed (a new one when none is given); a judgemental one is the items chosen, with a reason:
    /// whole numbers from 1 to the population's size are its items' numbers, anything else the
    /// population's own ids (ticket or invoice numbers), kept as given.
    /// `item`: the checklist item whole (its register entry and tier), whose suggested size the
    /// sample keeps; a size other than it needs `sizeReason` (`SampleRules`).
    public static func make(population: Int?, size: Int?, method: SampleMethod, seed: UInt64?, chosen: [String]?,
                            description: String?, reason: String?, for item: ChecklistItem? = nil,
                            sizeReason: String? = nil) throws(Refusal) -> Sample {
        var sample = try drawn(population: population, size: size, method: method, seed: seed, chosen: chosen,
                               description: description, reason: reason)
        sample.suggested = item.flatMap { SampleSize.suggestion(for: $0, population: sample.population) }
        sample.sizeReason = sizeReason.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        return sample
    }

    static func drawn(population: Int?, size: Int?, method: SampleMethod, seed: UInt64?, chosen: [String]?,
                      description: String?, reason: String?) throws(Refusal) -> Sample {
        guard let population, population > 0 else {
            throw Refusal(rule: "SAMPLE", "a sample needs the size of its population, a whole number of at least 1",
                          needs: [.sample(.population)])
        }
        let description = description.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let reason = reason.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        if method == .judgemental {
            var seen = Set<String>()
            let items = (chosen ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && seen.insert($0).inserted }
            guard !items.isEmpty else {
                throw Refusal(rule: "SAMPLE", "a judgemental sample needs the items chosen: the population's own ids (ticket or invoice numbers) or numbers from 1 to \(population)",
                              needs: [.sample(.items)])
            }
            guard items.count <= population else {
                throw Refusal(rule: "SAMPLE", "a judgemental sample of \(items.count) items is larger than its population of \(population)",
                              needs: [.sample(.items), .sample(.population)])
            }
            guard let reason else {
                throw Refusal(rule: "SAMPLE", "a judgemental sample needs the reason for choosing these items", needs: [.sample(.reason)])
            }
            let numbers = items.compactMap { Int($0) }.filter { (1...population).contains($0) }
            if numbers.count == items.count {
                return Sample(description: description, population: population, size: numbers.count, method: .judgemental,
                              seed: nil, selected: numbers.sorted(), reason: reason)
            }
            return Sample(description: description, population: population, size: items.count, method: .judgemental,
                          seed: nil, selected: [], ids: items, reason: reason)
        }
        guard let size, (1...population).contains(size) else {
            throw Refusal(rule: "SAMPLE", "a \(method.rawValue) sample needs its size, from 1 to \(population)", needs: [.sample(.size)])
        }
        let seed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        return Sample(description: description, population: population, size: size, method: method, seed: seed,
                      selected: Sampler.draw(population: population, size: size, method: method, seed: seed), reason: reason)
    }
}

extension EvidenceReference {
    /// A new reference cited on an item: it must say what it is; a date must be a date.
    public static func make(id: Int, item: String, type: EvidenceType, reference: String, description: String?,
                            obtainedFrom: String?, obtainedOn: String?, file: String?) throws(Refusal) -> EvidenceReference {
        func given(_ s: String?) -> String? { s.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 } }
        try EvidenceEdit(reference: reference, obtainedOn: given(obtainedOn)).check()
        var e = EvidenceReference(id: id, item: item, type: type, reference: reference, description: given(description),
                                  obtainedFrom: given(obtainedFrom), obtainedOn: given(obtainedOn))
        // Hashed where the file is read (the command, or the screen's runner); the path is what the auditor named.
        if let file = given(file) { e.file = CitedFile(path: file, absolutePath: "", sha256: "", size: 0) }
        return e
    }
}

extension EvidenceEdit {
    /// The change from `old` to what a form now holds: only what differs.
    public static func between(_ old: EvidenceReference, type: EvidenceType, reference: String, description: String,
                               obtainedFrom: String, obtainedOn: String) throws(Refusal) -> EvidenceEdit {
        func changed(_ new: String, _ was: String?) -> String? { new == (was ?? "") ? nil : new }
        let edit = EvidenceEdit(type: type == old.type ? nil : type, reference: changed(reference, old.reference),
                                description: changed(description, old.description), obtainedFrom: changed(obtainedFrom, old.obtainedFrom),
                                obtainedOn: changed(obtainedOn, old.obtainedOn))
        try edit.check()
        return edit
    }

    /// A reference may not be emptied; a date must be a date (an empty one clears it).
    public func check() throws(Refusal) {
        if let reference, reference.allSatisfy(\.isWhitespace) {
            throw Refusal(rule: "EVIDENCE", "the reference is empty: a document id and version, a URL, a record", needs: [.evidenceReference])
        }
        if let obtainedOn, !obtainedOn.isEmpty, Day(iso: obtainedOn) == nil {
            throw Refusal(rule: "EVIDENCE", "invalid date '\(obtainedOn)' for when the evidence was obtained: write YYYY-MM-DD",
                          needs: [.evidenceReference])
        }
    }
}

extension Justification {
    /// Why an auditor with independence warnings may still audit the item, and the safeguard.
    public static func make(auditor: String, text: String?, safeguard: String?) throws(Refusal) -> Justification {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            throw Refusal(rule: "JUSTIFY", "a justification says why you may audit the item despite the warnings", needs: [.justification])
        }
        return Justification(auditor: auditor, text: text, safeguard: safeguard.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 })
    }
}

extension CorrectiveAction {
    /// The change that sets the given fields (by name in `fields`; "" clears one) and the outcome
    /// (nil leaves it, "" takes it back, else `effective` or `not-effective`, or the start of one),
    /// leaving out what `before` already holds. Dates must be dates and people people (CA-1).
    public static func change(from before: CorrectiveAction, setting values: [String: String], outcome: String?,
                              item: String, roster: Roster) throws(Refusal) -> CorrectiveAction {
        var change = CorrectiveAction()
        for f in fields {
            guard let v = values[f.name], v != (before[keyPath: f.path] ?? "") else { continue }
            if f.isDate, !v.isEmpty, Day(iso: v) == nil {
                throw Refusal(rule: "CA-1", "invalid date '\(v)' for the \(f.label.lowercased()) of \(item): write YYYY-MM-DD",
                              needs: [.action(f.name)])
            }
            if f.isPerson, !v.isEmpty, !roster.knows(v) {
                throw Refusal(rule: "CA-1", "unknown person '\(v)' as \(f.label.lowercased()) of \(item)\(roster.hint(for: v))",
                              needs: [.action(f.name)])
            }
            change[keyPath: f.path] = v
        }
        if let outcome {
            if outcome.isEmpty {
                if before.outcome != nil { change.clearOutcome = true }
            } else {
                guard let o = Effectiveness.allCases.first(where: { $0.rawValue.hasPrefix(outcome.lowercased()) }) else {
                    throw Refusal(rule: "CA-1", "unknown outcome '\(outcome)': effective or not-effective, or empty to take it back",
                                  needs: [.action("outcome")])
                }
                if o != before.outcome { change.outcome = o }
            }
        }
        return change
    }
}
