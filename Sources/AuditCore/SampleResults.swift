/// Samples as records (ISO 19011 A.6): the size with its basis — the table the tool suggests, or
/// the auditor's own reason — and what testing each sampled occurrence found, as expected or an
/// exception, with the evidence reference that shows it. Exceptions count against the item's
/// grade (GR-8). Samples recorded before these were kept read as before: no suggestion, no
/// reason for the size, no results.

/// What testing one sampled occurrence found.
public struct SampleResult: Codable, Hashable, Sendable {
    public enum Outcome: String, Codable, CaseIterable, Sendable {
        case asExpected = "as-expected", exception
        /// "as expected", "exception".
        public var words: String { self == .asExpected ? "as expected" : "exception" }
    }

    /// The occurrence as the sample names it (its number, or the population's own id).
    public var occurrence: String
    public var outcome: Outcome
    /// The number of the evidence reference that shows it (E3: 3), cited on the item.
    public var evidence: Int?
    /// What was found, in a few words (an exception's deviation, say).
    public var note: String?

    public init(occurrence: String, outcome: Outcome, evidence: Int? = nil, note: String? = nil) {
        self.occurrence = occurrence; self.outcome = outcome; self.evidence = evidence; self.note = note
    }

    public var evidenceLabel: String? { evidence.map { "E\($0)" } }

    /// The word for an occurrence without a result of its own (`rest=as-expected`).
    public static let rest = "rest"

    /// A line a person reads in a history view.
    static func summary(_ results: [SampleResult], on item: String) -> String {
        let n = results.count, x = results.filter { $0.outcome == .exception }.count
        return "recorded the result\(n == 1 ? "" : "s") of \(n) sampled occurrence\(n == 1 ? "" : "s") of \(item)"
            + (x > 0 ? " (\(x) exception\(x == 1 ? "" : "s"))" : "")
    }

    /// Results as an auditor writes them: `OCC[,OCC…]=as-expected|exception[,evidence=E3][,note=TEXT]`,
    /// `rest` standing for every occurrence of the sample without a result yet (neither on record
    /// nor earlier in `given`). Only the shape is checked here; what the occurrences and references
    /// may be is the validation's (`SampleRules`).
    public static func parse(_ spec: String, sample: Sample?, given: [SampleResult] = []) throws(Refusal) -> [SampleResult] {
        let shape = "write OCCURRENCE=as-expected or OCCURRENCE=exception, then ,evidence=E3 and ,note=TEXT if need be (several occurrences: 3,17,40=as-expected; rest: every one without a result yet)"
        guard let eq = spec.firstIndex(of: "=") else { throw Refusal(rule: "SAMPLE", "'\(spec)': \(shape)", needs: [.sample(.results)]) }
        var occurrences = spec[..<eq].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !occurrences.isEmpty else { throw Refusal(rule: "SAMPLE", "'\(spec)' names no occurrence: \(shape)", needs: [.sample(.results)]) }
        if let sample, occurrences.contains(rest), !sample.items.contains(rest) {
            let done = Set((sample.results ?? []).map(\.occurrence) + given.map(\.occurrence) + occurrences)
            occurrences = occurrences.filter { $0 != rest } + sample.items.filter { !done.contains($0) }
        }
        let (head, fields) = Self.split(String(spec[spec.index(after: eq)...]), keys: ["evidence", "note"])
        let word = head.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
        guard !word.isEmpty, let outcome = Outcome.allCases.first(where: { $0.rawValue.hasPrefix(word) }) else {
            throw Refusal(rule: "SAMPLE", "unknown result '\(head)' in '\(spec)': as-expected or exception", needs: [.sample(.results)])
        }
        var evidence: Int?
        if let e = fields["evidence"]?.trimmingCharacters(in: .whitespaces), !e.isEmpty {
            guard let n = Int(e.hasPrefix("E") || e.hasPrefix("e") ? String(e.dropFirst()) : e) else {
                throw Refusal(rule: "SAMPLE", "'\(e)' in '\(spec)' is no evidence reference: name one cited on the item, as E3", needs: [.sample(.results)])
            }
            evidence = n
        }
        let note = fields["note"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0.trimmingCharacters(in: .whitespaces) }
        return occurrences.map { SampleResult(occurrence: $0, outcome: outcome, evidence: evidence, note: note) }
    }

    /// Several results separated by `;` (the screen's form, one line); a note there cannot hold one.
    public static func parseList(_ text: String, sample: Sample?) throws(Refusal) -> [SampleResult] {
        var out: [SampleResult] = []
        for spec in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !spec.isEmpty {
            out += try parse(spec, sample: sample, given: out)
        }
        return out
    }

    /// Results as `parseList` reads them, in the sample's order: occurrences with the same result
    /// and reference and no note written together.
    public static func written(_ results: [SampleResult], in sample: Sample) -> String {
        var groups: [(key: String, occurrences: [String])] = []
        for r in sample.inOrder(results) {
            let tail = r.outcome.rawValue + (r.evidenceLabel.map { ",evidence=\($0)" } ?? "") + (r.note.map { ",note=\($0)" } ?? "")
            if r.note == nil, let last = groups.last, last.key == tail {
                groups[groups.count - 1].occurrences.append(r.occurrence)
            } else {
                groups.append((tail, [r.occurrence]))
            }
        }
        return groups.map { $0.occurrences.joined(separator: ",") + "=" + $0.key }.joined(separator: "; ")
    }

    /// Splits `HEAD,key=value,key=value` on the given keys only, so a note may hold commas.
    static func split(_ spec: String, keys: [String]) -> (head: String, fields: [String: String]) {
        var marks: [(Range<String.Index>, String)] = []
        for k in keys {
            if let r = spec.range(of: ",\(k)=") { marks.append((r, k)) }
        }
        marks.sort { $0.0.lowerBound < $1.0.lowerBound }
        var fields: [String: String] = [:]
        for (i, (r, k)) in marks.enumerated() {
            let end = i + 1 < marks.count ? marks[i + 1].0.lowerBound : spec.endIndex
            fields[k] = String(spec[r.upperBound..<end])
        }
        return (String(spec[..<(marks.first?.0.lowerBound ?? spec.endIndex)]), fields)
    }
}

extension Sample {
    /// Results in the sample's order of its items (those of occurrences no longer in it last).
    public func inOrder(_ results: [SampleResult]) -> [SampleResult] {
        let position = Dictionary(items.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        return results.enumerated().sorted { (position[$0.element.occurrence] ?? Int.max, $0.offset) < (position[$1.element.occurrence] ?? Int.max, $1.offset) }
            .map(\.element)
    }

    /// The results recorded, in the sample's order.
    public var resultsInOrder: [SampleResult] { inOrder(results ?? []) }

    /// The occurrences found not as expected.
    public var exceptions: [SampleResult] { (results ?? []).filter { $0.outcome == .exception } }

    /// The occurrences with no result yet, in the sample's order.
    public var untested: [String] {
        let done = Set((results ?? []).map(\.occurrence))
        return items.filter { !done.contains($0) }
    }

    /// The reason for the size: the auditor's own, or for a judgemental sample the reason the
    /// items were chosen (its size is what was chosen).
    public var reasonForSize: String? {
        let given = [sizeReason, method == .judgemental ? reason : nil].compactMap { $0 }.first { !$0.allSatisfy(\.isWhitespace) }
        return given
    }

    /// This sample as `sample.drawn` records it over `old`: the results already recorded for the
    /// occurrences it still holds are kept when it is drawn again from the same population (a
    /// random sample extended from the same seed keeps the occurrences already tested).
    func keepingResults(of old: Sample?) -> Sample {
        guard results == nil, let old, let kept = old.results, old.population == population, old.description == description else { return self }
        let items = Set(self.items)
        var s = self
        let still = kept.filter { items.contains($0.occurrence) }
        s.results = still.isEmpty ? nil : still
        return s
    }

    /// The sample with these results recorded, each replacing its occurrence's earlier one.
    func recording(_ new: [SampleResult]) -> Sample {
        var all = results ?? []
        for r in new {
            if let i = all.firstIndex(where: { $0.occurrence == r.occurrence }) { all[i] = r } else { all.append(r) }
        }
        var s = self
        s.results = all.isEmpty ? nil : all
        return s
    }
}

extension SampleSize {
    /// The size the table suggests for a sample of an item from a population of `population`;
    /// nil when the register does not say how often the item's control operates.
    public static func suggestion(for item: ChecklistItem, population: Int) -> Int? {
        guard let operates = item.entry?.operates else { return nil }
        return suggested(operates: operates, tier: item.weight.tier, population: population)
    }

    /// Where the table's suggestion comes from, in words: "a control that operates daily (20–40), tier B: the middle of the range".
    public static func basis(operates: Operates, tier: Tier) -> String {
        let r = range(operates)
        let span = r.lowerBound == r.upperBound ? "\(r.lowerBound)" : "\(r.lowerBound)–\(r.upperBound)"
        let place = r.lowerBound == r.upperBound ? "" : ": " + (tier == .A ? "the top" : tier == .B ? "the middle" : "the bottom") + " of the range"
        return "a control that operates \(operates.rawValue) (\(span)), tier \(tier.rawValue)\(place)"
    }
}

/// The rules of a sample as a record, judged by `Recorder.validate` on the item as it would be.
public enum SampleRules {
    /// SAMPLE: a size other than the one suggested needs its reason; results are for occurrences
    /// of the sample on record, each reference one cited on the item, an exception with its reference.
    public static func check(_ events: [EventBody], item: String, record: ItemRecord, state: WorkpaperState) -> Refusal? {
        for e in events {
            switch e {
            case let .sampled(i, s) where i == item:
                guard s.suggested != s.size, s.reasonForSize == nil else { continue }
                let why = s.suggested.map { "the tool's table suggests \($0) for \(item)" }
                    ?? "the register does not say how often the control of \(item) operates, so the tool suggests no size"
                return Refusal(rule: "SAMPLE", "a sample of \(s.size) needs the reason for its size: \(why)", needs: [.sample(.sizeReason)])
            case let .sampleTested(i, results) where i == item:
                guard let sample = record.sample else {
                    return Refusal(rule: "SAMPLE", "no sample is on record for \(item): draw one before recording what its occurrences showed",
                                   needs: [.sample(.population)])
                }
                if let refusal = check(results, of: sample, item: item, cited: cited(on: item, after: events, in: state)) { return refusal }
            default:
                continue
            }
        }
        return nil
    }

    static func check(_ results: [SampleResult], of sample: Sample, item: String, cited: Set<Int>) -> Refusal? {
        guard !results.isEmpty else { return Refusal(rule: "SAMPLE", "no result given for the sample of \(item)", needs: [.sample(.results)]) }
        let items = Set(sample.items)
        var seen: Set<String> = []
        for r in results {
            guard seen.insert(r.occurrence).inserted else {
                return Refusal(rule: "SAMPLE", "occurrence \(r.occurrence) of the sample of \(item) is given two results", needs: [.sample(.results)])
            }
            guard items.contains(r.occurrence) else {
                let shown = sample.items.prefix(8).joined(separator: ", ") + (sample.items.count > 8 ? ", …" : "")
                return Refusal(rule: "SAMPLE", "'\(r.occurrence)' is not an occurrence of the sample of \(item) (its items: \(shown))", needs: [.sample(.results)])
            }
            if let n = r.evidence, !cited.contains(n) {
                return Refusal(rule: "SAMPLE", "E\(n) is not an evidence reference cited on \(item)", needs: [.sample(.results), .evidenceReference])
            }
            if r.outcome == .exception, r.evidence == nil {
                return Refusal(rule: "SAMPLE", "the exception in occurrence \(r.occurrence) of \(item) needs the evidence reference that shows it",
                               needs: [.sample(.results), .evidenceReference])
            }
        }
        return nil
    }

    /// The evidence numbers cited on the item once the events are recorded.
    static func cited(on item: String, after events: [EventBody], in state: WorkpaperState) -> Set<Int> {
        var ids = Set(state.evidence(on: item).map(\.id))
        for e in events {
            switch e {
            case .evidenceAdded(let r) where r.item == item && !r.removed: ids.insert(r.id)
            case .evidenceRemoved(let id, _): ids.remove(id)
            default: break
            }
        }
        return ids
    }

    /// GR-8: a conformity is not recorded on a sample with exceptions. DOMAIN §4.4: an exception
    /// is a finding, unless the auditor judges it isolated and extends the sample once by its
    /// suggested size; a second exception is then a finding.
    static func conformity(_ item: String, _ record: ItemRecord) -> Refusal? {
        guard record.grade == .conform, let sample = record.sample else { return nil }
        let x = sample.exceptions.count
        guard x > 0 else { return nil }
        let extended = sample.suggested.map { sample.size >= 2 * $0 } ?? false
        if x == 1, extended { return nil }
        let tested = sample.results?.count ?? 0
        let found = "\(x) of the \(tested) sampled occurrences tested on \(item) \(x == 1 ? "is an exception" : "are exceptions")"
        return Refusal(rule: "GR-8", "\(found), so the sample does not support conformity: grade a finding, which counts them"
                       + (x == 1 ? ", or, if the exception is isolated, extend the sample once by its suggested size (a second exception is then a finding)" : ""),
                       needs: [.grade])
    }
}

extension Sample {
    /// Whether `other` is the same draw — the population, method, seed, items and reasons —
    /// whatever its results or the size suggested when each was made.
    public func sameDraw(as other: Sample) -> Bool {
        var a = self, b = other
        a.results = nil; b.results = nil
        a.suggested = nil; b.suggested = nil
        return a == b
    }
}
