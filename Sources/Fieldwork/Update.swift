import AuditCore
import Foundation
import TerminalKit

public enum Action: Sendable {
    case key(Key)
    /// Time passing (seconds since some start): autosaves text typed and left idle for a second.
    case tick(Double)
    case resize(Int, Int)
    /// A command run by the runner (one that waited for the programme to be read).
    case run(Command)
}

/// What `update` asks the runner to do; the runner's results come back as state changes.
public enum Effect: Hashable, Sendable {
    case record(item: String, events: [EventBody])
    /// Cite evidence: the runner hashes a local file first, if one is named.
    /// Cite evidence; a file named in it is hashed first. `form` is the form it came from,
    /// opened again with the problem when the file cannot be read.
    case addEvidence(EvidenceReference, form: Dialog)
    case export(path: String)
    case editExternal(item: String, field: Field, text: String)
    /// Write the whole screen again (Ctrl-L).
    case redraw
    /// Leave the screen to the shell until `fg` (Ctrl-Z).
    case suspend
    case quit
    /// Work out the assignment proposal (seconds for thousands of items: the runner says so first).
    case propose
    /// Read an item's detail and evidence references from the workpaper, for the item screen.
    case show(item: String)
    /// Read the programme snapshot (for the cycle, a proposal, a verifier outside the team), then run `then`.
    case readProgramme(then: Command?)
}

public enum Fieldwork {
    public static let autosaveDelay = 1.0

    public static func update(_ s: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case let .resize(w, h):
            s.size = (w, h)
            return []
        case .run(let command):
            return run(&s, command)
        case .tick(let now):
            if s.editor != nil, s.editor?.text != s.editorSavedText, now - s.lastEdit >= autosaveDelay {
                return saveEditor(&s)
            }
            return []
        case .key(let key):
            if key == .resize { return [] }
            // Ctrl-Z works wherever the user is, even while typing (what is typed is saved first and stays).
            if Keymap.command(for: key, on: s.screen) == .suspend { return (s.editor != nil ? saveEditor(&s) : []) + [.suspend] }
            if s.dialog != nil { return dialogKey(&s, key) }
            if s.editor != nil { return editorKey(&s, key) }
            if s.searching { return searchKey(&s, key) }
            guard let command = Keymap.command(for: key, on: s.screen) else { return [] }
            // A message is read by the next command; the footer's key hints come back.
            say(&s, "")
            return run(&s, command)
        }
    }

    // MARK: - Commands

    static func run(_ s: inout AppState, _ command: Command) -> [Effect] {
        switch command {
        case .up, .down, .top, .bottom, .pageUp, .pageDown:
            move(&s, command)
        case .open:
            switch s.screen {
            case .checklist:
                if let key = s.selectedKey { return openItem(&s, key) }
            case .findings:
                let f = findings(s)
                let i = s.listSelection[.findings] ?? 0
                if f.indices.contains(i) { return openItem(&s, f[i].key.description) }
            case .programme, .assignment:
                let keys = s.screen == .programme ? s.cycle?.items.map(\.key) ?? [] : assignmentRows(s).map(\.item)
                let i = s.listSelection[s.screen] ?? 0
                guard keys.indices.contains(i) else { break }
                if s.item(keys[i].description) != nil {
                    return openItem(&s, keys[i].description)
                } else {
                    s.status = "\(keys[i]) is not on the checklist of \(s.analysis.audit.id)"
                    s.statusIsError = true
                }
            default: break
            }
        case .back:
            if s.stack.count > 1 { s.stack.removeLast() } else { return quit(&s) }
        case .cancel:
            // Esc never quits: it goes back, or clears what narrows the checklist.
            if s.stack.count > 1 {
                s.stack.removeLast()
            } else if !s.search.isEmpty {
                s.search = ""
                s.selection = 0
                s.top = 0
            } else if s.filter != .all {
                s.filter = .all
                s.selection = 0
                s.top = 0
            } else {
                say(&s, "q quits")
            }
        case .quit:
            return quit(&s)
        case .search:
            s.searching = true
            s.search = ""
            s.selection = 0
        case .next:
            move(&s, .down)
        case .previous:
            move(&s, .up)
        case .filter:
            let choices = Filter.choices(s.facts)
            s.dialog = Dialog(kind: .filter, title: "Filter", labels: [], inputs: [],
                              options: choices.map(\.description), choice: choices.firstIndex(of: s.filter) ?? 0)
        case .sort:
            s.sort = s.sort == .weight ? .clause : .weight
            s.selection = 0
            s.top = 0
            s.status = "sorted by \(s.sort.rawValue)"
            s.statusIsError = false
        case .findings:
            s.stack.append(.findings)
        case .programme:
            guard let programme = s.programme else { return [.readProgramme(then: .programme)] }
            // This audit's results count as done; worked out again each time the view opens.
            let settings = programme.settings
            s.cycle = CycleStatus.compute(programme, from: settings.cycleStart ?? s.analysis.audit.period.from, years: 3,
                                          asOf: s.today, results: s.records.historyEntries(s.analysis), countingLater: true)
            s.stack.append(.programme)
        case .assignment:
            guard s.programme != nil else { return [.readProgramme(then: .assignment)] }
            s.stack.append(.assignment)
            if s.proposal == nil { return [.propose] }
        case .history:
            if case .item(let key) = s.screen { s.stack.append(.history(key)) } else { s.stack.append(.history(nil)) }
        case .help:
            if s.screen != .help { s.stack.append(.help) }
        case .export:
            s.dialog = Dialog(kind: .export, title: "Export the report to", labels: ["File"],
                              inputs: [TextEditor(defaultReportPath(s))])
        case .commandLine:
            s.dialog = Dialog(kind: .command, title: "Command (item KEY, export [FILE], quit)", labels: [":"], inputs: [TextEditor()])
        case .redraw:
            return [.redraw]
        case .suspend:
            return [.suspend]
        case .nextField, .previousField:
            let all = Field.allCases
            let i = all.firstIndex(of: s.field)!
            s.field = all[(i + (command == .nextField ? 1 : all.count - 1)) % all.count]
        case .edit:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .edit) else { break }
            startEditing(&s, key, s.field)
        case .addEvidence:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .addEvidence) else { break }
            s.field = .references
            openEvidenceForm(&s, key)
        case .sample:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .sample) else { break }
            startEditing(&s, key, .sample)
        case .action:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .action) else { break }
            startEditing(&s, key, .action)
            // A verifier may be from outside the team: their independence is judged on the programme.
            if s.programme == nil { return [.readProgramme(then: nil)] }
        case .editExternal:
            guard case .item(let key) = s.screen, s.field.isText, mayEdit(&s, key, then: .editExternal) else { break }
            return [.editExternal(item: key, field: s.field, text: s.text(of: s.field, key))]
        }
        return []
    }

    static func quit(_ s: inout AppState) -> [Effect] {
        var effects = s.editor != nil ? saveEditor(&s) : []
        // Text the rules refused is not dropped in silence: the first quit keeps it on screen.
        if let text = s.editor?.text, text != s.editorSavedText, !s.leavingRefusedText {
            s.leavingRefusedText = true
            say(&s, s.status + " — quit again to leave without this text", error: true)
            return effects
        }
        s.editor = nil
        s.quit = true
        effects.append(.quit)
        return effects
    }

    /// Shows an item; its detail and references are read by the runner.
    static func openItem(_ s: inout AppState, _ key: String) -> [Effect] {
        s.stack.append(.item(key))
        s.field = .grade
        // A blocked item says so in its body and its footer; a key that would record says it again.
        return [.show(item: key)]
    }

    static func defaultReportPath(_ s: AppState) -> String {
        let dir = s.path.contains("/") ? String(s.path[..<s.path.lastIndex(of: "/")!]) + "/" : ""
        return dir + "\(s.analysis.audit.id)-report.md"
    }

    static func say(_ s: inout AppState, _ text: String, error: Bool = false) {
        s.status = text
        s.statusIsError = error
    }

    static func move(_ s: inout AppState, _ command: Command) {
        let page = max(1, s.size.height - 6)
        func step(_ i: Int, _ count: Int) -> Int {
            guard count > 0 else { return 0 }
            switch command {
            case .up: return max(0, i - 1)
            case .down: return min(count - 1, i + 1)
            case .top: return 0
            case .bottom: return count - 1
            case .pageUp: return max(0, i - page)
            case .pageDown: return min(count - 1, i + page)
            default: return i
            }
        }
        switch s.screen {
        case .checklist:
            s.selection = step(s.selection, s.visible.count)
        case .findings:
            s.listSelection[.findings] = step(s.listSelection[.findings] ?? 0, findings(s).count)
        case .history(let key):
            s.listSelection[s.screen] = step(s.listSelection[s.screen] ?? 0, history(s, key).count)
        case .help:
            s.listSelection[.help] = step(s.listSelection[.help] ?? 0, Keymap.bindings.count + 8)
        case .programme:
            s.listSelection[.programme] = step(s.listSelection[.programme] ?? 0, s.cycle?.items.count ?? 0)
        case .assignment:
            s.listSelection[.assignment] = step(s.listSelection[.assignment] ?? 0, assignmentRows(s).count)
        case .item:
            break
        }
    }

    // MARK: - Independence gate

    static func blockedMessage(_ s: AppState, _ key: String) -> String {
        let reasons = (s.myVerdicts[key] ?? []).filter { $0.level == .block }.map { "\($0.rule.rawValue): \($0.reason)" }
        return "Blocked — \(reasons.joined(separator: "; ")). "
            + (ItemKey(key).map { s.analysis.alternativesSentence(to: $0, name: s.name) } ?? "")
    }

    /// Whether I may edit an item now; opens the justification dialog for a warned item's first
    /// edit, which goes on with `command` once the justification is given.
    static func mayEdit(_ s: inout AppState, _ key: String, then command: Command) -> Bool {
        if s.readOnly { say(&s, "read-only: opened with --read-only or while another process writes", error: true); return false }
        if s.isBlocked(key) { say(&s, blockedMessage(s, key), error: true); return false }
        if s.needsJustification(key) {
            let warnings = (s.myVerdicts[key] ?? []).filter { $0.level == .warn }
            let ownership = warnings.contains { $0.rule == .ind01 || $0.rule == .ind03 }
            s.dialog = Dialog(kind: .justification(item: key, then: command),
                              title: "Independence: " + warnings.map(\.rule.rawValue).joined(separator: ", ") + " — justify before editing",
                              labels: ownership ? ["Justification", "Safeguard"] : ["Justification"],
                              inputs: ownership ? [TextEditor(), TextEditor()] : [TextEditor()])
            return false
        }
        return true
    }

    static func startEditing(_ s: inout AppState, _ key: String, _ field: Field) {
        s.field = field
        let r = s.records.record(key)
        switch field {
        case .grade:
            let grades = Grade.allCases
            s.dialog = Dialog(kind: .grade(item: key), title: "Grade of \(key)", labels: [], inputs: [],
                              options: grades.map(\.rawValue), choice: grades.firstIndex(of: r.grade) ?? 0)
        case .requirement, .evidence, .gap, .goodPractice, .note:
            let text = s.text(of: field, key)
            s.editor = TextEditor(text, multiline: true)
            s.editorSavedText = text
        case .references:
            let refs = s.records.evidence(on: key)
            if refs.isEmpty || s.dialog != nil {
                openEvidenceForm(&s, key)
            } else {
                s.dialog = Dialog(kind: .references(item: key, ids: refs.map(\.id)), title: "References of \(key)", labels: [], inputs: [],
                                  options: ["Add a new reference"] + refs.flatMap { e in
                                      ["Edit \(e.label) \(e.type.rawValue): \(e.reference)", "Remove \(e.label) \(e.type.rawValue): \(e.reference)"]
                                  })
            }
        case .sample:
            let item = s.item(key)
            let population = item?.entry?.population ?? 0
            let suggested = item.map { SampleSize.suggested(operates: $0.entry?.operates, tier: $0.weight.tier, population: population) } ?? 1
            let labels = ["Population", "Size", "Method (←→)", "Seed", "Items (judgemental)", "Reason / description"]
            if let drawn = r.sample {
                // The sample on record, to read or redraw: the form opens with it.
                s.dialog = Dialog(kind: .sample(item: key), title: "Sample for \(key) (on record; Enter records it again as shown)",
                                  labels: labels,
                                  inputs: [TextEditor("\(drawn.population)"), TextEditor("\(drawn.size)"), TextEditor(drawn.method.rawValue),
                                           TextEditor(drawn.seed.map { "\($0)" } ?? ""),
                                           TextEditor(drawn.method == .judgemental ? drawn.selected.map(String.init).joined(separator: ",") : ""),
                                           TextEditor((drawn.method == .judgemental ? drawn.reason : drawn.description) ?? "")])
            } else {
                s.dialog = Dialog(kind: .sample(item: key), title: "Sample for \(key) (suggested size from tier and frequency)",
                                  labels: labels,
                                  inputs: [TextEditor(population > 0 ? "\(population)" : ""), TextEditor("\(suggested)"), TextEditor("random"),
                                           TextEditor(), TextEditor(), TextEditor()])
            }
        case .action:
            let a = r.action ?? CorrectiveAction()
            s.dialog = Dialog(kind: .action(item: key), title: "Corrective action (10.2) for \(key): dates YYYY-MM-DD, people by id",
                              labels: CorrectiveAction.fields.map(\.short) + ["Outcome"],
                              inputs: CorrectiveAction.fields.map { TextEditor(a[keyPath: $0.path] ?? "") }
                                  + [TextEditor(a.outcome?.rawValue ?? "")])
        }
    }

    static let evidenceLabels = ["Type (←→)", "Reference", "Description", "Obtained from", "Obtained on", "Local file"]

    static func openEvidenceForm(_ s: inout AppState, _ key: String) {
        s.dialog = Dialog(kind: .evidence(item: key), title: "Add evidence to \(key)", labels: evidenceLabels,
                          inputs: [TextEditor("document"), TextEditor(), TextEditor(), TextEditor(), TextEditor(), TextEditor()], focus: 1)
    }

    // MARK: - Editing text in place

    static func editorKey(_ s: inout AppState, _ key: Key) -> [Effect] {
        switch key {
        case .escape, .tab, .backTab:
            let effects = saveEditor(&s)
            // Refused, the text stays in the editor with the refusal shown, to be put right; the
            // same key again leaves the field as it was.
            if s.editor?.text != s.editorSavedText, !s.leavingRefusedText {
                s.leavingRefusedText = true
                say(&s, s.status + " — \(key == .escape ? "Esc" : "Tab") again leaves the field as it was", error: true)
                return effects
            }
            s.leavingRefusedText = false
            s.editor = nil
            if key == .tab { _ = run(&s, .nextField) }
            if key == .backTab { _ = run(&s, .previousField) }
            return effects
        case .ctrl("c"):
            return quit(&s)
        default:
            s.leavingRefusedText = false
            _ = s.editor?.handle(key, width: max(10, Render.formTextWidth(s.size.width)))
            return []
        }
    }

    /// Commits the text being edited, if it changed.
    static func saveEditor(_ s: inout AppState) -> [Effect] {
        guard case .item(let key) = s.screen, let text = s.editor?.text, text != s.editorSavedText else { return [] }
        let effects = record(&s, key, [event(setting: s.field, of: key, to: text)])
        if !effects.isEmpty { s.editorSavedText = text }   // refused: not saved, and said so
        return effects
    }

    /// The event that sets a text field of the form.
    public static func event(setting field: Field, of item: String, to text: String) -> EventBody {
        switch field {
        case .requirement: .statement(item: item, Statement(requirement: text))
        case .evidence: .statement(item: item, Statement(evidence: text))
        case .gap: .statement(item: item, Statement(gap: text))
        case .goodPractice: .goodPractice(item: item, text: text)
        default: .noted(item: item, note: text)
        }
    }

    // MARK: - Search

    static func searchKey(_ s: inout AppState, _ key: Key) -> [Effect] {
        switch key {
        case .enter: s.searching = false
        case .escape: s.searching = false; s.search = ""
        case .backspace: if !s.search.isEmpty { s.search.removeLast() }
        case .char(let c): s.search.append(c)
        default: break
        }
        s.selection = 0
        s.top = 0
        return []
    }

    // MARK: - Dialogs

    static func dialogKey(_ s: inout AppState, _ key: Key) -> [Effect] {
        guard var d = s.dialog else { return [] }
        if key == .escape {
            if case .whoAmI = d.kind { return quit(&s) }
            s.dialog = nil
            return []
        }
        if key == .ctrl("c") { s.dialog = nil; return quit(&s) }
        if !d.options.isEmpty {
            switch key {
            case .up, .char("k"): d.choice = max(0, d.choice - 1)
            case .down, .char("j"): d.choice = min(d.options.count - 1, d.choice + 1)
            case .home, .char("g"): d.choice = 0
            case .end, .char("G"): d.choice = d.options.count - 1
            case .enter:
                s.dialog = nil
                return confirm(&s, d)
            default: break
            }
            s.dialog = d
            return []
        }
        // A field with a fixed set of values (the evidence type, the sampling method): ←→ cycles it.
        let choices: [String]? = {
            switch d.kind {
            case .evidence, .editEvidence: return d.focus == 0 ? EvidenceType.allCases.map(\.rawValue) : nil
            case .sample: return d.focus == 2 ? SampleMethod.allCases.map(\.rawValue) : nil
            default: return nil
            }
        }()
        if let all = choices, key == .left || key == .right {
            let i = all.firstIndex(of: d.inputs[d.focus].text) ?? 0
            d.inputs[d.focus] = TextEditor(all[(i + (key == .right ? 1 : all.count - 1)) % all.count])
            s.dialog = d
            return []
        }
        switch key {
        case .tab, .down: d.focus = (d.focus + 1) % max(1, d.inputs.count)
        case .backTab, .up: d.focus = (d.focus + d.inputs.count - 1) % max(1, d.inputs.count)
        case .enter where !(d.inputs.indices.contains(d.focus) && d.inputs[d.focus].multiline):
            s.dialog = nil
            return confirm(&s, d)
        case .ctrl("s"):
            s.dialog = nil
            return confirm(&s, d)
        default:
            if d.inputs.indices.contains(d.focus) { _ = d.inputs[d.focus].handle(key, width: Render.dialogWidths(d, screenWidth: s.size.width).inputs) }
        }
        s.dialog = d
        return []
    }

    /// Reopens the dialog with an error message, keeping what was typed.
    static func reject(_ s: inout AppState, _ d: Dialog, _ error: String) -> [Effect] {
        var d = d
        d.error = error
        s.dialog = d
        return []
    }

    static func confirm(_ s: inout AppState, _ d: Dialog) -> [Effect] {
        let value = { (i: Int) -> String in d.inputs.indices.contains(i) ? d.inputs[i].text.trimmingCharacters(in: .whitespacesAndNewlines) : "" }
        switch d.kind {
        case .whoAmI:
            s.become(s.analysis.audit.team[d.choice])
            say(&s, "working as \(s.name(s.me))")
            return []
        case .filter:
            s.filter = Filter.choices(s.facts)[d.choice]
            s.selection = 0
            s.top = 0
            return []
        case .grade(let key):
            return record(&s, key, [.graded(item: key, grade: Grade.allCases[d.choice])])
        case let .justification(key, then):
            let j: Justification
            do { j = try Justification.make(auditor: s.me, text: value(0), safeguard: d.inputs.count > 1 ? value(1) : nil) } catch {
                return refuse(&s, error, in: d)
            }
            let saving = record(&s, key, [.justified(item: key, j)], in: d)
            guard !saving.isEmpty else { return saving }   // refused: the dialog stays, with why
            // Applied at once, so the edit that follows is allowed.
            s.records.apply(.justified(item: key, j))
            s.recorded([key])
            return saving + (then.map { run(&s, $0) } ?? [])
        case let .references(key, ids):
            if d.choice == 0 { openEvidenceForm(&s, key); return [] }
            let id = ids[(d.choice - 1) / 2]
            guard let e = s.records.evidence[id] else { return [] }
            if (d.choice - 1) % 2 == 0 {
                s.dialog = Dialog(kind: .editEvidence(item: key, id: id), title: "Edit \(e.label) of \(key)",
                                  labels: Array(evidenceLabels.prefix(5)),
                                  inputs: [TextEditor(e.type.rawValue), TextEditor(e.reference), TextEditor(e.description ?? ""),
                                           TextEditor(e.obtainedFrom ?? ""), TextEditor(e.obtainedOn ?? "")], focus: 1)
            } else {
                s.dialog = Dialog(kind: .removeEvidence(item: key, id: id), title: "Remove \(e.label) (\(e.reference)) from \(key)",
                                  labels: ["Why"], inputs: [TextEditor()])
            }
            return []
        case let .editEvidence(key, id):
            guard let old = s.records.evidence[id] else { return [] }
            guard let type = EvidenceType(rawValue: value(0)) else { return reject(&s, d, "type: ←→ chooses one") }
            let edit: EvidenceEdit
            do {
                edit = try EvidenceEdit.between(old, type: type, reference: value(1), description: value(2),
                                                obtainedFrom: value(3), obtainedOn: value(4))
            } catch { return refuse(&s, error, in: d) }
            if edit.isEmpty { say(&s, "no change"); return [] }
            return record(&s, key, [.evidenceEdited(id: id, edit)], in: d)
        case let .removeEvidence(key, id):
            guard !value(0).isEmpty else { return reject(&s, d, "say why it is withdrawn; the reference stays in the history") }
            return record(&s, key, [.evidenceRemoved(id: id, reason: value(0))], in: d)
        case .evidence(let key):
            guard let type = EvidenceType(rawValue: value(0)) else {
                return reject(&s, d, "type: one of " + EvidenceType.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let e: EvidenceReference
            do {
                e = try EvidenceReference.make(id: s.records.nextEvidenceID, item: key, type: type, reference: value(1),
                                               description: value(2), obtainedFrom: value(3), obtainedOn: value(4), file: value(5))
            } catch { return refuse(&s, error, in: d) }
            // Judged before the file is hashed (the runner hashes it, then saves).
            if let refusal = refusal(s, key, [.evidenceAdded(e)]) { return refuse(&s, refusal, in: d) }
            return [.addEvidence(e, form: d)]
        case .sample(let key):
            guard let method = SampleMethod(rawValue: value(2)) else { return reject(&s, d, "method: random, systematic or judgemental") }
            let judgemental = method == .judgemental
            let sample: Sample
            do {
                sample = try Sample.make(population: Int(value(0)), size: Int(value(1)), method: method, seed: UInt64(value(3)),
                                         chosen: Sample.items(from: value(4)),
                                         description: judgemental ? nil : value(5), reason: judgemental ? value(5) : nil)
            } catch { return refuse(&s, error, in: d) }
            return record(&s, key, [.sampled(item: key, sample)], in: d)
        case .action(let key):
            let before = s.records.record(key).action ?? CorrectiveAction()
            var values: [String: String] = [:]
            for (i, f) in CorrectiveAction.fields.enumerated() { values[f.name] = value(i) }
            let change: CorrectiveAction
            do {
                change = try CorrectiveAction.change(from: before, setting: values, outcome: value(CorrectiveAction.fields.count),
                                                     item: key, roster: s.roster)
            } catch { return refuse(&s, error, in: d) }
            guard !change.isEmpty else { return [] }
            return record(&s, key, [.actionSet(item: key, change)], in: d)
        case .export:
            guard !value(0).isEmpty else { return reject(&s, d, "name a file") }
            guard value(0) != "-" else { return reject(&s, d, "the screen cannot export to standard output; use `aimsaudit export FILE -o -`") }
            return [.export(path: value(0))]
        case .command:
            let line = value(0)
            let words = line.split(separator: " ").map(String.init)
            // The rest of the line after the command word, spaces and all (a file name may have them).
            let rest = words.count > 1 ? line.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces) : ""
            switch words.first {
            case "item"?, "i"?:
                guard words.count == 2, s.item(words[1]) != nil else {
                    let keys = s.analysis.checklist.map(\.key.description)
                    return reject(&s, d, "no item '\(words.dropFirst().joined(separator: " "))'\(Suggest.hint(for: words.last ?? "", in: keys))")
                }
                return openItem(&s, words[1])
            case "export"?, "x"?:
                guard rest != "-" else { return reject(&s, d, "the screen cannot export to standard output; use `aimsaudit export FILE -o -`") }
                return [.export(path: rest.isEmpty ? defaultReportPath(s) : rest)]
            case "quit"?, "q"?: return quit(&s)
            case nil: s.dialog = nil; return []
            default:
                let known = ["item", "export", "quit"]
                return reject(&s, d, "unknown command '\(words[0])'\(Suggest.hint(for: words[0], in: known)); commands: item KEY, export [FILE], quit")
            }
        }
    }

    // MARK: - Lists other screens show

    /// The assignment screen's rows: items nobody may take first, then the proposal in checklist order.
    public static func assignmentRows(_ s: AppState) -> [(item: ItemKey, auditor: String?, reason: String, warned: Bool)] {
        guard let p = s.proposal else { return [] }
        return p.unassignable.map { ($0.item, nil, $0.reason, true) }
            + p.choices.map { ($0.item, $0.auditor, $0.reason, !$0.warnings.isEmpty) }
    }

    static func findings(_ s: AppState) -> [ChecklistItem] { s.records.findings(in: s.analysis.checklist) }

    static func history(_ s: AppState, _ key: String?) -> [JournalLine] {
        s.journal.filter { key == nil || $0.item == key }.reversed()
    }
}
