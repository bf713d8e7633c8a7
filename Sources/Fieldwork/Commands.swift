import AuditCore
import Foundation
import TerminalKit

extension Fieldwork {
    /// Does what a command asks; `key` is the key that asked, for commands that pass it on.
    static func run(_ s: inout AppState, _ command: Command, key: Key? = nil) -> [Effect] {
        switch command {
        case .move(let m):
            move(&s, m)
        case .open:
            guard let key = openable(s) else { break }
            if s.item(key) != nil { return openItem(&s, key) }
            say(&s, "\(key) is not on the checklist of \(s.analysis.audit.id)", error: true)
        case .back:
            if s.stack.count > 1 { s.stack.removeLast() } else { return quit(&s) }
        case .cancel:
            // Esc never quits: it goes back, or clears what narrows the checklist.
            if s.stack.count > 1 {
                s.stack.removeLast()
            } else if !s.search.isEmpty {
                s.search = ""
                s.lists[.checklist] = ListState()
            } else if s.filter != .all {
                s.filter = .all
                s.lists[.checklist] = ListState()
            } else {
                say(&s, "nothing to clear; q quits")
            }
        case .quit:
            return quit(&s)
        case .search:
            s.prompt = Prompt(.search)
            s.search = ""
            s.lists[.checklist] = ListState()
        case .next:
            move(&s, .down)
        case .previous:
            move(&s, .up)
        case .filter:
            let choices = Filter.choices(s.facts)
            s.dialog = .picker(Picker(.filter, title: "Filter", options: choices.map(\.description),
                                      chosen: choices.firstIndex(of: s.filter) ?? 0))
        case .sort:
            s.sort = s.sort == .weight ? .clause : .weight
            s.lists[.checklist] = ListState()
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
            if s.proposal == nil, s.working[proposing] == nil {
                s.working[proposing] = "working out the proposed auditors for \(s.analysis.checklist.count) items…"
                return [.propose]
            }
        case .team:
            s.stack.append(.team)
        case .resolve:
            guard case .item(let key) = s.screen else { break }
            return resolve(&s, key)
        case .approve:
            guard case .item(let key) = s.screen else { break }
            return approve(&s, key)
        case .disagree:
            guard case .item(let key) = s.screen, let p = s.records.record(key).provenance else { break }
            s.dialog = .form(DisagreeForm(item: key, changes: p.changed(from: s.me).map { "\($0.part): \($0.from) → \($0.to) by \(s.name($0.by))" }))
        case .history:
            if case .item(let key) = s.screen { s.stack.append(.history(key)) } else { s.stack.append(.history(nil)) }
        case .help:
            if s.screen != .help {
                s.stack.append(.help)
                s.lists[.help] = ListState()
            }
        case .export:
            s.dialog = .form(ExportForm(path: defaultReportPath(s)))
        case .commandLine:
            s.prompt = Prompt(.command)
        case .redraw:
            return [.redraw]
        case .suspend:
            return (s.editor != nil ? saveEditor(&s) : []) + [.suspend]
        case .nextField, .previousField:
            guard let next = s.field.step(command == .nextField ? 1 : -1) else {
                // The form does not wrap round: the first and last fields say so.
                say(&s, command == .nextField ? "\(s.field.label) is the last field; Shift-Tab goes back"
                                              : "\(s.field.label) is the first field; Tab goes on")
                break
            }
            s.field = next
        case .edit:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .edit) else { break }
            startEditing(&s, key, s.field)
        case .addEvidence:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .addEvidence) else { break }
            s.field = .references
            s.dialog = .form(EvidenceForm(adding: key))
        case .sample:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .sample) else { break }
            startEditing(&s, key, .sample)
        case .action:
            guard case .item(let key) = s.screen, mayEdit(&s, key, then: .action) else { break }
            startEditing(&s, key, .action)
            // A verifier may be from outside the team: their independence is judged on the programme.
            if s.programme == nil { return [.readProgramme(then: nil)] }
        case .editExternal:
            guard case .item(let key) = s.screen else { break }
            guard s.field.isText else { say(&s, "\(s.field.label) is not text: Enter edits it"); break }
            guard mayEdit(&s, key, then: .editExternal) else { break }
            return [.editExternal(item: key, field: s.field, text: s.text(of: s.field, key))]
        case .confirm:
            if let prompt = s.prompt { return confirm(&s, prompt) }
            guard let dialog = s.dialog else { break }
            s.dialog = nil
            switch dialog {
            case .form(let form): return form.submit(&s)
            case .picker(let picker): return choose(&s, picker)
            }
        case .dismiss:
            if let prompt = s.prompt {
                s.prompt = nil
                if prompt.kind == .search { s.search = "" }
            } else if case .picker(let p)? = s.dialog, p.kind == .whoAmI {
                return quit(&s)
            } else {
                s.dialog = nil
            }
        case .nextInput, .previousInput, .nextChoice, .previousChoice, .type:
            guard case .form(var form)? = s.dialog else { return type(&s, key ?? .escape) }
            if !form.handle(command) {
                form.common(command, key: key ?? .escape, width: Render.dialogInputWidth(form, screenWidth: s.size.width))
            }
            s.dialog = .form(form)
        case .leaveField(let by):
            return leaveField(&s, by: by)
        case .auditRecord, .review, .respond, .deferItem, .addMeeting, .conclude, .approveReport:
            return runRecord(&s, command)
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
        s.dialog = nil
        s.quit = true
        effects.append(.quit)
        return effects
    }

    /// Shows an item; its detail and references are read by the runner.
    static func openItem(_ s: inout AppState, _ key: String) -> [Effect] {
        s.stack.append(.item(key))
        s.field = .grade
        return [.show(item: key)]
    }

    static func defaultReportPath(_ s: AppState) -> String {
        let dir = s.path.contains("/") ? String(s.path[..<s.path.lastIndex(of: "/")!]) + "/" : ""
        return dir + "\(s.analysis.audit.id)-report.md"
    }

    /// Moves in the list shown: a picker's choices, or the screen's list.
    static func move(_ s: inout AppState, _ m: ListMove) {
        if case .picker(var p)? = s.dialog {
            p.list.move(m, count: p.options.count, rows: Render.pickerRows(p, screenHeight: s.size.height))
            s.dialog = .picker(p)
            return
        }
        let screen = s.screen
        let rows = Render.listRows(s, screen)
        if screen == .help {
            s.lists[.help, default: ListState()].scroll(m, count: Render.helpLines(s).count, rows: rows * Render.helpColumns(s))
        } else if case .item = screen {
            return
        } else {
            s.lists[screen, default: ListState()].move(m, count: count(s, screen), rows: rows)
        }
    }

    /// How many rows a screen's list has.
    static func count(_ s: AppState, _ screen: Screen) -> Int {
        switch screen {
        case .checklist: s.shownCount
        case .findings: findings(s).count
        case .history(let key): history(s, key).count
        case .programme: s.cycle?.items.count ?? 0
        case .assignment: assignmentRows(s).count
        case .team: teamRows(s).count
        case .record: recordRows(s).count
        case .help: Render.helpLines(s).count
        case .item: 0
        }
    }

    /// The item of the selected row, where the screen shows a list of items.
    static func openable(_ s: AppState) -> String? {
        let screen = s.screen
        guard let row = s.list(screen).window(count: count(s, screen), rows: 1).selected else { return nil }
        switch screen {
        case .checklist: return s.keys[s.visible[row]]
        case .findings: return findings(s)[row].key.description
        case .history(let key): return history(s, key)[row].item
        case .programme: return s.cycle?.items[row].key.description
        case .assignment: return assignmentRows(s)[row].item.description
        case .help, .item, .team, .record: return nil
        }
    }

    /// Takes a picker's choice.
    static func choose(_ s: inout AppState, _ p: Picker) -> [Effect] {
        switch p.kind {
        case .whoAmI:
            s.become(s.analysis.audit.team[p.choice])
            if let why = s.unsigned[s.me] {
                // Events recorded as them would be signed with a key this machine does not hold.
                s.readOnly = true
                say(&s, "read-only: \(why)", error: true)
            } else {
                say(&s, "working as \(s.name(s.me))")
            }
        case .filter:
            s.filter = Filter.choices(s.facts)[p.choice]
            s.lists[.checklist] = ListState()
        case .grade(let key):
            return record(&s, key, [.graded(item: key, grade: Grade.allCases[p.choice])])
        case .resolveWhich, .resolve:
            return chooseResolution(&s, p)
        case let .approve(key, auditors):
            return chooseApproval(&s, key, auditors[p.choice])
        case let .references(key, ids):
            if p.choice == 0 { s.dialog = .form(EvidenceForm(adding: key)); return [] }
            guard let e = s.records.evidence[ids[(p.choice - 1) / 2]] else { return [] }
            s.dialog = (p.choice - 1) % 2 == 0 ? .form(EvidenceForm(editing: e)) : .form(RemoveEvidenceForm(e))
        }
        return []
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
