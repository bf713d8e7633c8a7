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
    /// Work done beside the screen, come back into the loop: the assignment proposal; a file
    /// hashed for a reference (or why it could not be); how far a piece of work has got.
    case proposed(Assigner.Proposal)
    case cited(EvidenceReference, form: any FormModel)
    case citeFailed(EvidenceReference, form: any FormModel, why: String)
    case progress(job: String, String)
    /// What search looks through, made beside the screen after the first frame.
    case searchable(AppState.Searchable)
}

/// What `update` asks the runner to do; the runner's results come back as state changes or actions.
public enum Effect: Sendable {
    case record(item: String, events: [EventBody])
    /// Cite evidence: a file named in it is hashed beside the screen first (`cited` brings it
    /// back); `form` is the form it came from, opened again if the file cannot be read.
    case cite(EvidenceReference, form: any FormModel)
    case export(path: String)
    case editExternal(item: String, field: Field, text: String)
    /// Write the whole screen again (Ctrl-L).
    case redraw
    /// Leave the screen to the shell until `fg` (Ctrl-Z).
    case suspend
    case quit
    /// Work out the assignment proposal beside the screen (seconds for thousands of items);
    /// `proposed` brings it back.
    case propose
    /// Read an item's detail and evidence references from the workpaper, for the item screen.
    case show(item: String)
    /// Read the programme snapshot (for the cycle, a proposal, a verifier outside the team), then run `then`.
    case readProgramme(then: Command?)
}

public enum Fieldwork {
    public static let autosaveDelay = 1.0
    /// The names of the work that can go on beside the screen, in `AppState.working`.
    static let proposing = "proposal"

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
        case .proposed(let proposal):
            s.proposal = proposal
            s.working[proposing] = nil
            return []
        case let .progress(job, text):
            if s.working[job] != nil { s.working[job] = text }
            return []
        case .searchable(let made):
            s.take(made)
            return []
        case .cited(var e, let form):
            s.working[citing(e)] = nil
            // Numbered as it is saved: another reference may have been added while this one was hashed.
            e.id = s.records.nextEvidenceID
            return record(&s, e.item, [.evidenceAdded(e)], in: s.dialog == nil ? form : nil)
        case let .citeFailed(e, form, why):
            s.working[citing(e)] = nil
            if s.dialog == nil, s.editor == nil {
                var form = form
                form.error = why
                s.dialog = .form(form)
            } else {
                say(&s, why + "; the reference was not added", error: true)
            }
            return []
        case .key(let key):
            if key == .resize { return [] }
            guard let binding = Keymap.binding(for: key, in: s) else { return type(&s, key) }
            // A message is read by the next command on a screen; the footer's key hints stay.
            if s.dialog == nil, s.editor == nil, s.prompt == nil { say(&s, "") }
            return run(&s, binding.command, key: key)
        }
    }

    /// The name of the work of hashing a reference's file.
    static func citing(_ e: EvidenceReference) -> String { "cite \(e.item) \(e.file?.path ?? "")" }

    static func say(_ s: inout AppState, _ text: String, error: Bool = false) {
        s.status = text
        s.statusIsError = error
    }

    /// A key that is no command here goes to whatever takes text: the form's focused input, the
    /// field editor, the prompt.
    static func type(_ s: inout AppState, _ key: Key) -> [Effect] {
        if case .form(var form)? = s.dialog {
            form.common(.type, key: key, width: Render.dialogInputWidth(form, screenWidth: s.size.width))
            s.dialog = .form(form)
        } else if s.editor != nil {
            s.leavingRefusedText = false
            _ = s.editor?.handle(key, width: max(10, Render.formTextWidth(s.size.width)))
        } else if var prompt = s.prompt {
            _ = prompt.line.handle(key, width: max(10, s.size.width - 2))
            prompt.error = nil
            s.prompt = prompt
            if prompt.kind == .search {
                s.search = prompt.line.text
                s.lists[.checklist] = ListState()
            }
        }
        return []
    }
}
