import AuditCore
import Foundation
import TerminalKit

/// Editing an item: who may, the field editor, the forms a field opens, and the command line.
extension Fieldwork {
    static func blockedMessage(_ s: AppState, _ key: String) -> String {
        let reasons = (s.myVerdicts[key] ?? []).filter { $0.level == .block }.map { "\($0.rule.rawValue): \($0.reason)" }
        return "Blocked — \(reasons.joined(separator: "; ")). "
            + (ItemKey(key).map { s.analysis.alternativesSentence(to: $0, name: s.name) } ?? "")
    }

    /// Whether I may edit an item now; opens the justification form for a warned item's first
    /// edit, which goes on with `command` once the justification is given.
    static func mayEdit(_ s: inout AppState, _ key: String, then command: Command) -> Bool {
        if s.readOnly { say(&s, "read-only: opened with --read-only or while another process writes", error: true); return false }
        if s.isBlocked(key) { say(&s, blockedMessage(s, key), error: true); return false }
        if s.needsJustification(key) {
            let warnings = (s.myVerdicts[key] ?? []).filter { $0.level == .warn }
            s.dialog = .form(JustificationForm(item: key, warnings: warnings,
                                                 safeguard: s.analysis.justificationNeedsSafeguard(warnings), then: command))
            return false
        }
        return true
    }

    static func startEditing(_ s: inout AppState, _ key: String, _ field: Field) {
        s.field = field
        switch field {
        case .grade:
            let grades = Grade.allCases
            s.dialog = .picker(Picker(.grade(item: key), title: "Grade of \(key)", options: grades.map(\.rawValue),
                                      chosen: grades.firstIndex(of: s.records.record(key).grade) ?? 0))
        case .requirement, .evidence, .gap, .goodPractice, .note:
            let text = s.text(of: field, key)
            s.editor = TextEditor(text, multiline: true)
            s.editorSavedText = text
        case .references:
            let refs = s.records.evidence(on: key)
            if refs.isEmpty {
                s.dialog = .form(EvidenceForm(adding: key))
            } else {
                s.dialog = .picker(Picker(.references(item: key, ids: refs.map(\.id)), title: "References of \(key)",
                                          options: ["Add a new reference"] + refs.flatMap { e in
                                              ["Edit \(e.label) \(e.type.rawValue): \(e.reference)", "Remove \(e.label) \(e.type.rawValue): \(e.reference)"]
                                          }))
            }
        case .sample:
            s.dialog = .form(SampleForm(s, item: key))
        case .action:
            s.dialog = .form(ActionForm(s, item: key))
        }
    }

    /// Esc, Tab or Shift-Tab in the field editor: saves, and leaves for the field `by` on.
    static func leaveField(_ s: inout AppState, by: Int) -> [Effect] {
        let effects = saveEditor(&s)
        // Refused, the text stays in the editor with the refusal shown, to be put right; the
        // same key again leaves the field as it was.
        if s.editor?.text != s.editorSavedText, !s.leavingRefusedText {
            s.leavingRefusedText = true
            say(&s, s.status + " — \(by == 0 ? "Esc" : by > 0 ? "Tab" : "Shift-Tab") again leaves the field as it was", error: true)
            return effects
        }
        s.leavingRefusedText = false
        s.editor = nil
        if by != 0, let next = s.field.step(by) { s.field = next }
        return effects
    }

    /// Commits the text being edited, if it changed.
    static func saveEditor(_ s: inout AppState) -> [Effect] {
        guard case .item(let key) = s.screen, let text = s.editor?.text, text != s.editorSavedText else { return [] }
        let effects = record(&s, key, [event(setting: s.field, of: key, to: text)])
        // Refused: not saved, and said so; asked for a reason, the text goes on in the reason's form.
        if !effects.isEmpty || s.dialog?.form is ReasonForm { s.editorSavedText = text }
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

    /// The commands of the command line.
    static let commandWords = ["item KEY", "export [FILE]", "quit"]

    /// Enter on the prompt: keeps the search, or runs the command (a mistyped one stays on the
    /// line with why).
    static func confirm(_ s: inout AppState, _ prompt: Prompt) -> [Effect] {
        s.prompt = nil
        guard prompt.kind == .command else { return [] }
        func refuse(_ why: String) -> [Effect] {
            var p = prompt
            p.error = why
            s.prompt = p
            return []
        }
        let line = prompt.line.text.trimmingCharacters(in: .whitespaces)
        let words = line.split(separator: " ").map(String.init)
        // The rest of the line after the command word, spaces and all (a file name may have them).
        let rest = words.count > 1 ? line.dropFirst(words[0].count).trimmingCharacters(in: .whitespaces) : ""
        switch words.first {
        case "item"?, "i"?:
            guard words.count == 2, s.item(words[1]) != nil else {
                return refuse("no item '\(words.dropFirst().joined(separator: " "))'\(Suggest.hint(for: words.last ?? "", in: s.keys))")
            }
            return openItem(&s, words[1])
        case "export"?, "x"?:
            guard rest != "-" else { return refuse("the screen cannot export to standard output; use `aimsaudit export FILE -o -`") }
            return [.export(path: rest.isEmpty ? defaultReportPath(s) : rest)]
        case "quit"?, "q"?: return quit(&s)
        case nil: return []
        default:
            let known = commandWords.map { String($0.prefix { $0 != " " }) }
            return refuse("unknown command '\(words[0])'\(Suggest.hint(for: words[0], in: known)); commands: \(commandWords.joined(separator: ", "))")
        }
    }
}
