import AuditCore
import Foundation
import TerminalKit

/// One labelled input of a form.
public struct Input: Hashable, Sendable {
    /// What the form calls it (`population`, `reference`): forms read their inputs by name.
    public let name: String
    public var label: String
    public var editor: TextEditor
    /// A fixed set of values, stepped through with ←→ (the evidence type, the sampling method).
    public var choices: [String]?

    public init(_ name: String, _ label: String, _ text: String = "", choices: [String]? = nil) {
        self.name = name; self.label = label; editor = TextEditor(text); self.choices = choices
    }

    public var text: String { editor.text }
    /// The text as given, without the blanks around it.
    public var value: String { editor.text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// A form over the screen: a small model of its own — its inputs by name, its keys (Tab, ←→ and
/// typing, unless it handles a key itself) and `submit`, which records through the one
/// validation or comes back with the refusal shown inside the form, what was typed kept.
public protocol FormModel: Sendable {
    associatedtype Name: RawRepresentable, CaseIterable where Name.RawValue == String
    var title: String { get }
    var inputs: [Input] { get set }
    var focus: Int { get set }
    var error: String? { get set }
    /// Enter: what the form records or does. It reopens itself with `refused` when it cannot.
    func submit(_ s: inout AppState) -> [Effect]
    /// A command the form handles in its own way (true), before the common handling.
    mutating func handle(_ command: Command) -> Bool
}

extension FormModel {
    public mutating func handle(_ command: Command) -> Bool { false }

    /// An input's value, by name.
    public func value(_ name: Name) -> String { inputs.first { $0.name == name.rawValue }?.value ?? "" }

    public func index(_ name: Name) -> Int? { inputs.firstIndex { $0.name == name.rawValue } }

    public var focused: Input { inputs[min(max(0, focus), inputs.count - 1)] }

    /// The form open again over the screen, with why it could not be done.
    func refused(_ s: inout AppState, _ why: String) -> [Effect] {
        var form = self
        form.error = why
        s.dialog = .form(form)
        return []
    }

    /// The common keys of a form: moving between inputs (not round past the ends), stepping
    /// through a fixed set of values, and typing.
    mutating func common(_ command: Command, key: Key, width: Int) {
        switch command {
        case .nextInput: focus = min(inputs.count - 1, focus + 1)
        case .previousInput: focus = max(0, focus - 1)
        case .nextChoice, .previousChoice:
            guard let all = inputs[focus].choices, !all.isEmpty else {
                _ = inputs[focus].editor.handle(key, width: width)
                return
            }
            let i = all.firstIndex(of: inputs[focus].text) ?? 0
            inputs[focus].editor = TextEditor(all[(i + (command == .nextChoice ? 1 : all.count - 1)) % all.count])
        default:
            // A fixed set of values is chosen, not typed.
            guard inputs[focus].choices == nil else { return }
            _ = inputs[focus].editor.handle(key, width: width)
        }
    }
}

/// A choice from a list (a grade, a filter, what to do with the references, who is auditing).
public struct Picker: Sendable {
    public enum Kind: Hashable, Sendable {
        case grade(item: String)
        case filter
        /// What to do on the References field: add, edit or remove a reference.
        case references(item: String, ids: [Int])
        /// Who is auditing, when neither --as, AIMSAUDIT_AUDITOR nor the config file says.
        case whoAmI
        /// Which of an item's conflicts to resolve (by their fields); then how to resolve one.
        case resolveWhich(item: String, fields: [String])
        case resolve(item: String, field: String)
        /// Whose justification on the item to approve.
        case approve(item: String, auditors: [String])
    }

    public var kind: Kind
    public var title: String
    public var options: [String]
    public var list: ListState

    public init(_ kind: Kind, title: String, options: [String], chosen: Int = 0) {
        self.kind = kind; self.title = title; self.options = options
        list = ListState(selected: chosen)
    }

    public var choice: Int { list.window(count: options.count, rows: 1).selected ?? 0 }

    static func whoAmI(_ s: AppState) -> Picker {
        let team = s.analysis.audit.team
        return Picker(.whoAmI, title: "Who is auditing? (blocked items in brackets)", options: team.map { id in
            let blocked = Set(s.analysis.verdicts.filter { $0.auditor == id && $0.level == .block }.map(\.item)).count
            return "\(s.name(id)) (\(id)) [\(blocked) blocked]" + (s.unsigned[id] == nil ? "" : " — no key here: read-only")
        })
    }
}

/// The one-line prompt of the status line.
public struct Prompt: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case search, command }
    public var kind: Kind
    public var line = TextEditor()
    /// Why the command could not be run; the line stays, to be put right.
    public var error: String?
    public init(_ kind: Kind) { self.kind = kind }

    /// What the prompt starts with: "/" or ":".
    public var sign: String { kind == .search ? "/" : ":" }
}

/// What is over the screen.
public enum Dialog: Sendable {
    case form(any FormModel)
    case picker(Picker)

    public var form: (any FormModel)? { if case .form(let f) = self { f } else { nil } }
    public var picker: Picker? { if case .picker(let p) = self { p } else { nil } }
    public var title: String { form?.title ?? picker?.title ?? "" }
    /// Why the form could not be done, shown inside it.
    public var error: String? { form?.error }
    /// What the form's inputs hold, in order.
    public var texts: [String] { form?.inputs.map(\.text) ?? [] }
    public var options: [String] { picker?.options ?? [] }
}
