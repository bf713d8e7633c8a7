import AuditCore
import Foundation
import TerminalKit

/// A warned auditor's first edit on an item: why they may audit it (and a safeguard in
/// small-organisation mode); `then` is the command that goes on once it is recorded.
struct JustificationForm: FormModel {
    enum Name: String, CaseIterable { case justification, safeguard }
    let item: String
    let then: Command?
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    /// `safeguard`: whether the justification needs one (ownership warnings; every warning under
    /// programme format 2), as AuditCore says.
    init(item: String, warnings: [Verdict], safeguard: Bool, then: Command?) {
        self.item = item
        self.then = then
        title = "Independence: " + warnings.map(\.rule.rawValue).joined(separator: ", ") + " — justify before editing"
        inputs = [Input("justification", "Justification")] + (safeguard ? [Input("safeguard", "Safeguard")] : [])
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let j: Justification
        do { j = try Justification.make(auditor: s.me, text: value(.justification), safeguard: index(.safeguard).map { _ in value(.safeguard) }) } catch {
            return refused(&s, Fieldwork.words(error))
        }
        let saving = Fieldwork.record(&s, item, [.justified(item: item, j)], in: self)
        guard !saving.isEmpty else { return saving }   // refused: the form stays, with why
        // Applied at once, so the edit that follows is allowed.
        s.records.apply(.justified(item: item, j))
        s.recorded([item])
        return saving + (then.map { Fieldwork.run(&s, $0) } ?? [])
    }
}

/// Cites evidence on an item, or edits a reference already cited (`id`).
struct EvidenceForm: FormModel {
    enum Name: String, CaseIterable { case type, reference, description, obtainedFrom, obtainedOn, file }
    let item: String
    let id: Int?
    var title: String
    var inputs: [Input]
    var focus = 1
    var error: String?

    /// A new reference; the type first, the reference focused.
    init(adding item: String) {
        self.item = item
        id = nil
        title = "Add a reference to \(item)"
        inputs = Self.inputs(type: EvidenceType.document.rawValue) + [Input("file", "Local file")]
    }

    /// A reference on record, to change.
    init(editing e: EvidenceReference) {
        item = e.item
        id = e.id
        title = "Edit \(e.label) of \(e.item)"
        inputs = Self.inputs(type: e.type.rawValue, reference: e.reference, description: e.description ?? "",
                             from: e.obtainedFrom ?? "", on: e.obtainedOn ?? "")
    }

    static func inputs(type: String, reference: String = "", description: String = "", from: String = "", on: String = "") -> [Input] {
        [Input("type", "Type", type, choices: EvidenceType.allCases.map(\.rawValue)), Input("reference", "Reference", reference),
         Input("description", "Description", description), Input("obtainedFrom", "Obtained from", from),
         Input("obtainedOn", "Obtained on", on)]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        guard let type = EvidenceType(rawValue: value(.type)) else {
            return refused(&s, "type: one of " + EvidenceType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let id {
            guard let old = s.records.evidence[id] else { return [] }
            let edit: EvidenceEdit
            do {
                edit = try EvidenceEdit.between(old, type: type, reference: value(.reference), description: value(.description),
                                                obtainedFrom: value(.obtainedFrom), obtainedOn: value(.obtainedOn))
            } catch { return refused(&s, Fieldwork.words(error)) }
            if edit.isEmpty { Fieldwork.say(&s, "no change"); return [] }
            return Fieldwork.record(&s, item, [.evidenceEdited(id: id, edit)], in: self)
        }
        let e: EvidenceReference
        do {
            e = try EvidenceReference.make(id: s.records.nextEvidenceID, item: item, type: type, reference: value(.reference),
                                           description: value(.description), obtainedFrom: value(.obtainedFrom),
                                           obtainedOn: value(.obtainedOn), file: value(.file))
        } catch { return refused(&s, Fieldwork.words(error)) }
        // Judged before the file is hashed (the runner hashes it beside the screen, then saves);
        // what a reason lets through asks for it when it is saved.
        if let refusal = Fieldwork.refusal(s, item, [.evidenceAdded(e)]), !refusal.reasonAllowed {
            return refused(&s, Fieldwork.words(refusal))
        }
        return [.cite(e, form: self)]
    }
}

/// Withdraws a reference: the reason is kept, and the reference stays in the history.
struct RemoveEvidenceForm: FormModel {
    enum Name: String, CaseIterable { case why }
    let item: String
    let id: Int
    var title: String
    var inputs = [Input("why", "Why")]
    var focus = 0
    var error: String?

    init(_ e: EvidenceReference) {
        item = e.item
        id = e.id
        title = "Remove \(e.label) (\(e.reference)) from \(e.item)"
    }

    func submit(_ s: inout AppState) -> [Effect] {
        guard !value(.why).isEmpty else { return refused(&s, "say why it is withdrawn; the reference stays in the history") }
        return Fieldwork.record(&s, item, [.evidenceRemoved(id: id, reason: value(.why))], in: self)
    }
}

/// Draws a sample (random, systematic) or records one chosen by judgement, with the population's
/// own ids (ticket or invoice numbers) if the auditor gives them, and the reason for a size other
/// than the one the tool's table suggests; records what testing its occurrences found
/// (`3,17=as-expected,evidence=E2; 40=exception,evidence=E5,note=…`, `rest` for every occurrence
/// without a result yet). Opens with the sample on record.
struct SampleForm: FormModel {
    enum Name: String, CaseIterable { case population, size, method, seed, items, reason, sizeReason, results }
    let item: String
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(_ s: AppState, item key: String) {
        item = key
        let methods = SampleMethod.allCases.map(\.rawValue)
        if let drawn = s.records.record(key).sample {
            title = "Sample for \(key), on record (results: OCC=as-expected|exception,evidence=E1; rest=…)"
            let judgemental = drawn.method == .judgemental
            inputs = [Input("population", "Population", "\(drawn.population)"), Input("size", "Size", "\(drawn.size)"),
                      Input("method", "Method", drawn.method.rawValue, choices: methods),
                      Input("seed", "Seed", drawn.seed.map { "\($0)" } ?? ""),
                      Input("items", "Items", judgemental ? drawn.items.joined(separator: ", ") : ""),
                      Input("reason", "", (judgemental ? drawn.reason : drawn.description) ?? ""),
                      Input("sizeReason", "Why this size", drawn.sizeReason ?? ""),
                      Input("results", "Results", SampleResult.written(drawn.results ?? [], in: drawn))]
        } else {
            let item = s.item(key)
            let population = item?.entry?.population ?? 0
            let suggested = item.map { SampleSize.suggested(operates: $0.entry?.operates, tier: $0.weight.tier, population: population) } ?? 1
            title = "Sample for \(key) (size suggested from tier and frequency)"
            inputs = [Input("population", "Population", population > 0 ? "\(population)" : ""), Input("size", "Size", "\(suggested)"),
                      Input("method", "Method", SampleMethod.random.rawValue, choices: methods), Input("seed", "Seed"),
                      Input("items", "Items"), Input("reason", ""), Input("sizeReason", "Why this size"), Input("results", "Results")]
        }
        relabel()
    }

    /// The labels say what the method asks for: a seed for a drawn sample, the items chosen and
    /// the reason for a judgemental one.
    mutating func relabel() {
        let judgemental = value(.method) == SampleMethod.judgemental.rawValue
        inputs[index(.seed)!].label = judgemental ? "Seed (drawn only)" : "Seed"
        inputs[index(.items)!].label = judgemental ? "Items chosen" : "Items (judgemental)"
        inputs[index(.reason)!].label = judgemental ? "Reason" : "Description"
    }

    mutating func handle(_ command: Command) -> Bool {
        guard command == .nextChoice || command == .previousChoice, focus == index(.method) else { return false }
        common(command, key: .right, width: 0)
        relabel()
        return true
    }

    func submit(_ s: inout AppState) -> [Effect] {
        guard let method = SampleMethod(rawValue: value(.method)) else { return refused(&s, "method: random, systematic or judgemental") }
        let judgemental = method == .judgemental
        let onRecord = s.records.record(item).sample
        let sample: Sample
        var events: [EventBody] = []
        do {
            sample = try Sample.make(population: Int(value(.population)), size: Int(value(.size)), method: method, seed: UInt64(value(.seed)),
                                     chosen: Sample.items(from: value(.items)),
                                     description: judgemental ? nil : value(.reason), reason: judgemental ? value(.reason) : nil,
                                     for: s.item(item), sizeReason: value(.sizeReason))
            // Drawn again only when the draw changed; the results on record are kept either way.
            let redrawn = onRecord.map { !$0.sameDraw(as: sample) } ?? true
            if redrawn { events.append(.sampled(item: item, sample)) }
            let tested = redrawn ? sample : onRecord
            let known = Dictionary((onRecord?.results ?? []).map { ($0.occurrence, $0) }, uniquingKeysWith: { _, b in b })
            let changed = try SampleResult.parseList(value(.results), sample: tested).filter { known[$0.occurrence] != $0 }
            if !changed.isEmpty { events.append(.sampleTested(item: item, changed)) }
        } catch { return refused(&s, Fieldwork.words(error)) }
        if events.isEmpty { Fieldwork.say(&s, "no change"); return [] }
        return Fieldwork.record(&s, item, events, in: self)
    }
}

/// The corrective action's 10.2 record: every field by the name the CLI and the report use, the
/// labels as the item screen shows them, and the outcome chosen from its values.
struct ActionForm: FormModel {
    struct Name: RawRepresentable, CaseIterable, Hashable {
        var rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
        static let outcome = Name(rawValue: "outcome")
        static var allCases: [Name] { CorrectiveAction.fields.map { Name(rawValue: $0.name) } + [outcome] }
    }
    let item: String
    var title: String
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(_ s: AppState, item key: String) {
        item = key
        let a = s.records.record(key).action ?? CorrectiveAction()
        title = "Corrective action (10.2) for \(key): dates YYYY-MM-DD, people by id"
        inputs = CorrectiveAction.fields.map { Input($0.name, a.label(of: $0), a[keyPath: $0.path] ?? "") }
            + [Input("outcome", "Outcome", a.outcome?.rawValue ?? "", choices: [""] + CorrectiveAction.Effectiveness.allCases.map(\.rawValue))]
    }

    func submit(_ s: inout AppState) -> [Effect] {
        let before = s.records.record(item).action ?? CorrectiveAction()
        var values: [String: String] = [:]
        for f in CorrectiveAction.fields { values[f.name] = value(Name(rawValue: f.name)) }
        let change: CorrectiveAction
        do {
            change = try CorrectiveAction.change(from: before, setting: values, outcome: value(.outcome), item: item, roster: s.roster)
        } catch { return refused(&s, Fieldwork.words(error)) }
        guard !change.isEmpty else { return [] }
        return Fieldwork.record(&s, item, [.actionSet(item: item, change)], in: self)
    }
}

/// Where the report goes.
struct ExportForm: FormModel {
    enum Name: String, CaseIterable { case file }
    var title = "Export the report to"
    var inputs: [Input]
    var focus = 0
    var error: String?

    init(path: String) { inputs = [Input("file", "File", path)] }

    func submit(_ s: inout AppState) -> [Effect] {
        guard !value(.file).isEmpty else { return refused(&s, "name a file") }
        guard value(.file) != "-" else { return refused(&s, "the screen cannot export to standard output; use `aimsaudit export FILE -o -`") }
        return [.export(path: value(.file))]
    }
}
