import TerminalKit

/// What a key asks for. One table (`Keymap.bindings`) maps keys to commands wherever the keys
/// are read — screens, forms, pickers, the field editor, the prompt — and writes the footer, the
/// help screen and the README's key table, so none of them can disagree with what a key does.
public enum Command: Hashable, Sendable {
    case move(ListMove)
    case open, back, cancel, quit
    case search, next, previous, filter, sort
    case nextField, previousField, edit, addEvidence, sample, action, editExternal
    case findings, history, export, help, commandLine, redraw, suspend, programme, assignment, team
    /// On an item: resolve a conflict (the lead).
    case resolve, disagree
    /// On an item: approve a justification that awaits you (programme format 2).
    case approve
    /// The audit's record (RecordScreen.swift): its screen; on an item, review, respond, not audited;
    /// on the record, a meeting, the conclusion, the approval of the report.
    case auditRecord, review, respond, deferItem, addMeeting, conclude, approveReport
    /// In a form, a picker or the prompt: go ahead; cancel.
    case confirm, dismiss
    /// In a form: the next or previous input; the next or previous value of a fixed set.
    case nextInput, previousInput, nextChoice, previousChoice
    /// In the field editor: save, and leave the field for the one `by` fields on (0: stay on it).
    case leaveField(by: Int)
    /// The key goes to the text being typed.
    case type
}

/// Where a key is read. The screens' contexts apply on their screen; the others while a form, a
/// picker, the field editor or the prompt has the keys; `always` wherever the user is.
public enum Context: String, CaseIterable, Sendable {
    case checklist, item, record, lists, everywhere, picker, form, editor, prompt, text, always

    public var title: String {
        switch self {
        case .checklist: "On the checklist"
        case .item: "On an item"
        case .record: "On the audit's record (M)"
        case .lists: "In lists (checklist, findings, history, cycle, assignment, team, record, help)"
        case .everywhere: "On every screen"
        case .picker: "Choosing from a list (grade, filter, references)"
        case .form: "In a form"
        case .editor: "Editing a field of the item"
        case .prompt: "On the status line (/ search, : command)"
        case .text: "Typing text (forms, editor, status line)"
        case .always: "Anywhere, even while typing"
        }
    }
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var context: Context
    public var command: Command
    public var help: String
    /// Its hint in the footer ("Enter open"); nil: it is in the help only.
    public var hint: String?
    /// Why the command does nothing here, in a few words (blocked, read-only, no search), or nil.
    public var disabled: @Sendable (AppState) -> String?

    init(_ keys: [Key], _ context: Context, _ command: Command, _ help: String, hint: String? = nil,
         disabled: @escaping @Sendable (AppState) -> String? = { _ in nil }) {
        self.keys = keys; self.context = context; self.command = command; self.help = help; self.hint = hint
        self.disabled = disabled
    }

    /// The keys as the help writes them: "↓ j", "Ctrl-L".
    public var keyNames: String { keys.map(\.description).joined(separator: " ") }
}

public enum Keymap {
    /// Why I cannot record on the item shown, if I cannot.
    static let recording: @Sendable (AppState) -> String? = { s in
        guard case .item(let key) = s.screen else { return nil }
        return s.cannotRecord(on: key)
    }

    /// Why the lead's own record cannot be made here: someone else, or read-only.
    static func leadOnly(_ s: AppState, _ whose: String) -> String? {
        s.isLead ? (s.readOnly ? "read-only" : nil) : whose
    }

    public static let bindings: [Binding] = [
        // Lists
        Binding(ListMove.up.keys, .lists, .move(.up), "move up"),
        Binding(ListMove.down.keys, .lists, .move(.down), "move down", hint: "↑↓ move"),
        Binding(ListMove.top.keys, .lists, .move(.top), "first row"),
        Binding(ListMove.bottom.keys, .lists, .move(.bottom), "last row"),
        Binding(ListMove.pageUp.keys, .lists, .move(.pageUp), "page up"),
        Binding(ListMove.pageDown.keys, .lists, .move(.pageDown), "page down"),
        Binding([.enter], .lists, .open, "open the item of the row", hint: "Enter open",
                disabled: { Fieldwork.openable($0) == nil ? "nothing to open" : nil }),
        // The checklist
        Binding([.char("/")], .checklist, .search, "search key, title, owner and note", hint: "/ search"),
        Binding([.char("n")], .checklist, .next, "next match", disabled: { $0.search.isEmpty ? "no search" : nil }),
        Binding([.char("N")], .checklist, .previous, "previous match", disabled: { $0.search.isEmpty ? "no search" : nil }),
        Binding([.char("f")], .checklist, .filter,
                "filter: grade, tier, not reviewed, mine, unassigned, blocked or warned for me, conflicts from merging, re-tests, AI system",
                hint: "f filter"),
        Binding([.char("s")], .checklist, .sort, "sort by weight or by clause", hint: "s sort"),
        Binding([.char("F")], .checklist, .findings, "findings and their corrective actions", hint: "F findings"),
        Binding([.char("P")], .checklist, .programme, "the programme's cycle: every item by quarter (done, planned, missed)"),
        Binding([.char("A")], .checklist, .assignment, "the proposed auditor per item, with the reason"),
        Binding([.char("T")], .checklist, .team, "the team: per auditor, the items assigned and how many are graded"),
        Binding([.char("M")], .checklist, .auditRecord, "the audit's record: meetings, conclusion, approval, review and responses"),
        // An item
        Binding([.tab, .down, .char("j")], .item, .nextField, "next field", hint: "Tab field"),
        Binding([.backTab, .up, .char("k")], .item, .previousField, "previous field"),
        Binding([.enter], .item, .edit, "edit the field (Esc or Tab ends and saves)", hint: "Enter edit", disabled: recording),
        Binding([.char("R")], .item, .resolve, "resolve a conflict (≠): keep one of its values or write a new one (the lead)",
                hint: "R resolve", disabled: { s in
                    guard case .item(let key) = s.screen, s.records.conflicts[key] != nil else { return "no conflict here" }
                    return s.isLead ? recording(s) : "the lead resolves conflicts"
                }),
        Binding([.char("D")], .item, .disagree, "record your disagreement with a change another auditor made to your grade or statement (GR-7)",
                hint: "D disagree", disabled: { s in
                    guard case .item(let key) = s.screen, !(s.records.record(key).provenance?.changed(from: s.me).isEmpty ?? true) else {
                        return "nothing of yours changed by another"
                    }
                    return s.readOnly ? "read-only" : nil
                }),
        Binding([.char("J")], .item, .approve, "approve a justification that awaits you (format 2: the lead approves, the programme owner the lead's)",
                hint: "J approve", disabled: { s in
                    guard case .item(let key) = s.screen, !Fieldwork.awaitingApproval(s, key).isEmpty else {
                        return "no justification here awaits your approval"
                    }
                    return s.readOnly ? "read-only" : nil
                }),
        Binding([.char("a")], .item, .addEvidence, "add an evidence reference", hint: "a reference", disabled: recording),
        Binding([.char("S")], .item, .sample, "draw a sample, or see the one on record and record what its occurrences showed", hint: "S sample", disabled: recording),
        Binding([.char("c")], .item, .action, "the corrective action (10.2) of a major or minor", hint: "c action", disabled: recording),
        Binding([.char("e")], .item, .editExternal, "edit the field's text in $VISUAL or $EDITOR", hint: "e editor",
                disabled: { s in recording(s) ?? (s.field.isText ? nil : "\(s.field.label) is not text") }),
        Binding([.char("v")], .item, .review, "mark the item's work reviewed, with notes (the lead or an independent reviewer)", disabled: recording),
        Binding([.char("o")], .item, .respond, "the auditee's response (opinion) on the finding: agreed, or disagreed with the reason",
                disabled: recording),
        Binding([.char("w")], .item, .deferItem, "why the item is not audited, and the audit it moves to (the lead)",
                disabled: { leadOnly($0, "the lead records it") }),
        // The audit's record
        Binding([.char("m")], .record, .addMeeting, "record an opening or closing meeting", hint: "m meeting",
                disabled: { $0.readOnly ? "read-only" : nil }),
        Binding([.char("C")], .record, .conclude, "write the audit's conclusion (the lead)", hint: "C conclusion",
                disabled: { leadOnly($0, "the lead writes it") }),
        Binding([.char("p")], .record, .approveReport, "approve the report as the workpaper stands (the lead)", hint: "p approve",
                disabled: { leadOnly($0, "the lead approves") }),
        // Every screen
        Binding([.char("h")], .everywhere, .history, "history of the item, or of the workpaper"),
        Binding([.char("x")], .everywhere, .export, "export the Markdown report", hint: "x export"),
        Binding([.char(":")], .everywhere, .commandLine, "command line: item KEY, export [FILE], quit"),
        Binding([.char("?")], .everywhere, .help, "the keys (this help)", hint: "? keys",
                disabled: { $0.screen == .help ? "this is the help" : nil }),
        Binding([.escape], .everywhere, .cancel, "back; on the checklist clear the search, then the filter (never quits)",
                hint: "Esc back", disabled: { s in
                    s.stack.count == 1 && s.search.isEmpty && s.filter == .all ? "nothing to clear (q quits)" : nil
                }),
        Binding([.char("q")], .everywhere, .back, "back; on the checklist, quit"),
        // Choosing from a list
        Binding(ListMove.up.keys, .picker, .move(.up), "previous choice"),
        Binding(ListMove.down.keys, .picker, .move(.down), "next choice", hint: "↑↓ choose"),
        Binding(ListMove.top.keys, .picker, .move(.top), "first choice"),
        Binding(ListMove.bottom.keys, .picker, .move(.bottom), "last choice"),
        Binding(ListMove.pageUp.keys, .picker, .move(.pageUp), "a page of choices up"),
        Binding(ListMove.pageDown.keys, .picker, .move(.pageDown), "a page of choices down"),
        Binding([.enter], .picker, .confirm, "take the choice", hint: "Enter confirm"),
        Binding([.escape], .picker, .dismiss, "cancel", hint: "Esc cancel"),
        // A form
        Binding([.tab, .down], .form, .nextInput, "next input", hint: "Tab next"),
        Binding([.backTab, .up], .form, .previousInput, "previous input"),
        Binding([.right], .form, .nextChoice, "next value of a fixed set (type, method, outcome)", hint: "←→ choose",
                disabled: { $0.dialog?.form?.focused.choices == nil ? "no choices here" : nil }),
        Binding([.left], .form, .previousChoice, "previous value of a fixed set",
                disabled: { $0.dialog?.form?.focused.choices == nil ? "no choices here" : nil }),
        Binding([.enter, .ctrl("s")], .form, .confirm, "confirm the form", hint: "Enter confirm"),
        Binding([.escape], .form, .dismiss, "cancel the form (nothing is recorded)", hint: "Esc cancel"),
        // The field editor
        Binding([.escape], .editor, .leaveField(by: 0), "save and leave the field", hint: "Esc saves"),
        Binding([.tab], .editor, .leaveField(by: 1), "save and go to the next field", hint: "Tab saves, next"),
        Binding([.backTab], .editor, .leaveField(by: -1), "save and go to the previous field"),
        Binding([.enter], .editor, .type, "a new line"),
        // The prompt
        Binding([.enter], .prompt, .confirm, "run the command; keep the search", hint: "Enter done"),
        Binding([.escape], .prompt, .dismiss, "cancel the command; clear the search", hint: "Esc cancel"),
        // Typing
        Binding([.left, .right], .text, .type, "move the cursor"),
        Binding([.home, .end, .ctrl("a"), .ctrl("e")], .text, .type, "start, end of the line"),
        Binding([.up, .down], .text, .type, "line up, line down (a field's long text)"),
        Binding([.backspace, .delete], .text, .type, "delete before, at the cursor"),
        Binding([.ctrl("w"), .ctrl("u"), .ctrl("k")], .text, .type, "delete the word before; to the start; to the end"),
        // Anywhere
        Binding([.ctrl("l")], .always, .redraw, "redraw the screen"),
        Binding([.ctrl("z")], .always, .suspend, "suspend to the shell, what is typed kept (fg comes back)"),
        Binding([.ctrl("c")], .always, .quit, "save what is typed and quit"),
    ]

    /// Where keys are read now, most particular first.
    public static func contexts(_ s: AppState) -> [Context] {
        if let d = s.dialog { return d.form == nil ? [.picker, .always] : [.form, .text, .always] }
        if s.editor != nil { return [.editor, .text, .always] }
        if s.prompt != nil { return [.prompt, .text, .always] }
        return contexts(of: s.screen) + [.always]
    }

    /// A screen's own contexts.
    static func contexts(of screen: Screen) -> [Context] {
        switch screen {
        case .checklist: [.checklist, .lists, .everywhere]
        case .item: [.item, .everywhere]
        case .findings, .history, .programme, .assignment, .team, .help: [.lists, .everywhere]
        case .record: [.record, .lists, .everywhere]
        }
    }

    /// The binding a key means now: the first one not disabled in the most particular context, or
    /// else the first one at all (its command says why it cannot be done).
    public static func binding(for key: Key, in s: AppState) -> Binding? {
        let contexts = contexts(s)
        var first: Binding?
        for context in contexts {
            for b in bindings where b.context == context && b.keys.contains(key) {
                if b.disabled(s) == nil { return b }
                if first == nil { first = b }
            }
        }
        return first
    }
}
