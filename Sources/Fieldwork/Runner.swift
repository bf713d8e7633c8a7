import AuditCore
import Foundation
import Reports
import TerminalKit
import Workpaper

/// Runs the app on a terminal: feeds keys and time to `update`, performs the effects it returns
/// against the workpaper, and draws each frame.
public final class FieldworkRunner {
    public private(set) var state: AppState
    let workpaper: WorkpaperFile
    let terminal: Terminal
    let clock: () -> Double
    /// Events whose save failed (disk full, folder gone): kept and retried.
    public private(set) var pending: [(item: String, events: [EventBody])] = []
    /// How many of `pending` the screen's records already show.
    var shownPending = 0
    var quitAnyway = false
    /// Set from a signal handler: save what is typed and leave.
    nonisolated(unsafe) public static var stopRequested = false

    /// The screen over a workpaper, from its tables (see `WorkpaperFile.screenTables`; `tables`
    /// when they were read already), or from its first rows (`first`: the rest is read beside the
    /// screen once its first frame is up, and taken in with `takeRest`).
    public init(workpaper: WorkpaperFile, me: String, terminal: Terminal, readOnly: Bool = false, ascii: Bool = false,
                tables: ScreenTables? = nil, first: FirstRows? = nil,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) throws(WorkpaperError) {
        self.workpaper = workpaper
        self.terminal = terminal
        self.clock = clock
        if let first {
            state = AppState(first: first, path: workpaper.path, me: me, readOnly: readOnly, ascii: ascii, size: terminal.size)
            restToTake = true
        } else {
            let read: ScreenTables
            if let tables { read = tables } else { read = try workpaper.screenTables(for: me) }
            state = AppState(tables: read, records: workpaper.state, path: workpaper.path,
                             me: me, readOnly: readOnly, ascii: ascii, size: terminal.size)
        }
        state.replica = workpaper.replica.name
        // Who is auditing is chosen on the screen: those whose key this machine lacks may only look.
        if me.isEmpty, !readOnly {
            for id in state.analysis.audit.team { state.unsigned[id] = workpaper.signingRefusal(for: id) }
            if !state.unsigned.isEmpty { state.dialog = .picker(Picker.whoAmI(state)) }
        }
        if !restToTake { opened() }
        countEvidence()
    }

    /// Once the screen has every row and record: the journal's head, and what the others' work
    /// brought in (a merge, a sync) since the screen last had it open here (marked as it quits: a
    /// write at the open would hold up the first frame).
    private func opened() {
        state.head = (workpaper.head.hash, workpaper.head.seq)
        if let said = Fieldwork.cameIn(workpaper.arrivals(), state) { notify(said, error: false) }
    }

    /// The screen opened on its first rows and has not taken in the rest yet.
    public private(set) var restToTake = false
    /// Why the screen stopped, when the rest of the workpaper could not be read.
    public private(set) var failure: WorkpaperError?

    /// The rest read beside the screen, and the screen made whole from it there (at 10,000 items,
    /// making it in the loop held a key up 15 ms).
    private var restMade: Beside<(AppState, WorkpaperFile.Rest)>?

    /// Begins reading the rest beside the screen, once its first frame is up.
    private func readRest() {
        guard restToTake, restMade == nil else { return }
        let read = workpaper.restReader(for: state.me), shown = state
        restMade = Beside {
            let rest = try read()
            var whole = shown
            whole.takeRest(rest.tables, records: rest.records)
            return (whole, rest)
        }
    }

    /// Takes in the rest of the checklist and the items' records (waiting for them, if they are
    /// still being read). If they cannot be read, the screen stops and says why (`failure`).
    @discardableResult
    public func takeRest() -> Bool {
        guard restToTake else { return true }
        readRest()
        let made = restMade?.result()
        restToTake = false
        restMade = nil
        switch made {
        case .success(let (whole, rest)):
            workpaper.take(rest)
            state.takeRest(made: whole)
        case .failure(let error):
            failure = error as? WorkpaperError ?? .io("cannot open \(workpaper.path): \(error)")
            state.quit = true
            return false
        case nil:
            return false
        }
        opened()
        beginBeside()
        return true
    }

    /// Before the rest is taken in: a move on the checklist that stays within the rows read is
    /// made on them (they show what every row would); any other key waits for the rest.
    func movedOnFirstRows(_ key: Key) -> Bool {
        guard restToTake, ListMove(key) != nil, state.screen == .checklist, state.dialog == nil, state.prompt == nil else { return false }
        var moved = state
        let effects = Fieldwork.update(&moved, .key(key))
        guard effects.isEmpty, Self.showsRowsRead(moved) else { return false }
        state = moved
        countEvidence()
        return true
    }

    /// Whether the checklist shows only rows that were read (on a terminal taller than the first
    /// rows, the screen takes in the rest before its first frame).
    static func showsRowsRead(_ s: AppState) -> Bool {
        let rows = Render.listRows(s, .checklist)
        return s.list(.checklist).window(count: s.shownCount, rows: rows).first + rows <= s.visible.count || s.unread == 0
    }

    /// What is made beside the screen once it has every row: what search looks through, and every
    /// item's earlier results.
    private func beginBeside() {
        // Made once the first frame is up, so that the first keys are not kept waiting (a search
        // begun before it comes makes it there and then). The notes are folded there too: in the
        // loop, at 10,000 items, they held a key up 20 ms.
        let make = state.searchableMaker()
        start { _ in .searchable(make()) }
        workpaper.readEarlierBeside()
    }

    /// The day follow-up is judged on (today, unless a test says otherwise).
    public var today: Day {
        get { state.today }
        set { state.today = newValue }
    }

    /// The history is read when it is first shown, and after that only what was added since.
    func refreshJournalIfShown() {
        guard case .history = state.screen, state.journal.last?.seq ?? 0 < workpaper.head.seq else { return }
        state.take(journal: journalLines(after: state.journal.last?.seq ?? 0))
    }

    func journalLines(after seq: Int) -> [JournalLine] {
        ((try? workpaper.entries(after: seq)) ?? []).map { e in
            let body = try? EventCodec.decode(type: e.type, payload: e.payload)
            let item = body.flatMap { workpaper.item(of: $0) }
            return JournalLine(seq: e.seq, time: e.time, actor: e.actor, item: item, summary: body?.summary ?? e.type, replica: e.replica)
        }
    }

    public func draw() { terminal.draw(Render.frame(state)) }

    /// Counts the evidence of the checklist's rows in view (and `pages` screenfuls away) not yet counted.
    func countEvidence(pages: Int = 0) { state.countEvidence(pages: pages, workpaper.evidenceCounts(on:)) }

    /// Shows a message in the status line.
    public func notify(_ message: String, error: Bool) {
        state.status = message
        state.statusIsError = error
    }

    /// The main loop: until quit. While text is being edited the loop wakes every quarter second
    /// to autosave it after a second of idle; while work goes on beside the screen, more often,
    /// to take in what it brings back. Keys are read all the while: there is no other loop.
    public func run() {
        if restToTake, !Self.showsRowsRead(state) { takeRest() }
        draw()
        countEvidence(pages: 1)
        if restToTake { readRest() } else { beginBeside() }
        while !state.quit {
            if Self.stopRequested {
                guard takeRest() else { break }
                // Keys already typed but not yet read belong to the text too: take them first.
                while let key = terminal.readKey(timeout: 0) { send(.key(key)) }
                quitAnyway = true
                send(.key(.ctrl("c")))
                break
            }
            let waiting = state.editor != nil || !pending.isEmpty
            // While the rest is read, the loop looks for it every few milliseconds.
            let key = terminal.readKey(timeout: restToTake ? 0.005 : mail.busy ? 0.05 : waiting ? 0.25 : 1.0)
            if let key {
                if key == .resize { state.size = terminal.size }
                take(key)
            } else if restToTake {
                // Nothing to draw until it comes.
                guard restMade?.ready != nil else { continue }
                takeRest()
            } else {
                send(.tick(clock()))
            }
            takeMail()
            draw()
            // The rows a page away, counted once the frame is up: paging finds them counted.
            countEvidence(pages: 1)
        }
        // Work still going on (a file being hashed) is finished and saved before the screen ends.
        if mail.busy {
            notify("finishing the work in hand before quitting…", error: false)
            draw()
            _ = settle(timeout: nil)
        }
        flush(quietly: true)
        if !pending.isEmpty { writeRescue() }
    }

    /// Processes one action: update, then its effects.
    public func send(_ action: Action) {
        let editingBefore = state.editor
        let effects = Fieldwork.update(&state, action)
        if case .key = action, state.editor != nil, state.editor != editingBefore { state.lastEdit = clock() }
        if case .tick = action, !pending.isEmpty { retryPending() }
        if case .tick = action { keepUp() }
        for e in effects { perform(e) }
        refreshJournalIfShown()
        countEvidence()
    }

    // MARK: - Work beside the screen

    /// What work beside the screen brings back, for the loop to take in.
    let mail = Mailbox()

    /// Runs `work` on another thread; what it returns (and any progress it posts) comes back into
    /// the loop as actions.
    func start(_ work: @escaping @Sendable (Mailbox) -> Action) {
        mail.started()
        let box = mail
        DispatchQueue.global(qos: .userInitiated).async {
            yieldToKeys()
            box.finished(work(box))
        }
    }

    /// Takes in what work beside the screen has brought back.
    func takeMail() { for action in mail.take() { send(action) } }

    /// Waits until the work beside the screen is done and taken in (or `timeout` seconds pass);
    /// true when it is. Tests, and the end of the screen, use it.
    @discardableResult
    public func settle(timeout: Double? = 30) -> Bool {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            takeMail()
            guard mail.busy else { return true }
            if let deadline, Date() >= deadline { return false }
            mail.wait(until: deadline)
        }
    }

    /// Keys, as the loop takes them (before the rest is taken in, a move within the first rows is made on them).
    public func send(_ keys: [Key]) { for k in keys { take(k) } }

    /// A key typed: on the first rows when it moves within them, else (the rest taken in first) through `update`.
    func take(_ key: Key) {
        if !movedOnFirstRows(key), takeRest() { send(.key(key)) }
    }

    func perform(_ effect: Effect) {
        switch effect {
        case let .record(item, events):
            save(item, events)
        case let .cite(e, form):
            // Without a file it is cited at once, through the same path (a reason asked for, if needed).
            guard let path = e.file?.path else { send(.cited(e, form: form)); return }
            // Hashed beside the screen, a large file in a stream; the footer says how far it has got.
            let job = Fieldwork.citing(e), workpaperPath = workpaper.path, here = FileManager.default.currentDirectoryPath
            state.working[job] = "hashing \(path)…"
            draw()
            start { box in
                do throws(WorkpaperFile.CiteFailure) {
                    var cited = e
                    cited.file = try WorkpaperFile.cite(path, workpaper: workpaperPath, from: here) { done, total in
                        guard total > 16 << 20, done % (32 << 20) == 0 || done == total else { return }
                        box.post(.progress(job: job, "hashing \(path): \(done * 100 / max(total, 1))% of \(total >> 20) MiB"))
                    }
                    return .cited(cited, form: form)
                } catch {
                    switch error {
                    case .missing: return .citeFailed(e, form: form, why: "cannot cite \(path): there is no such file (from \(here))")
                    case .unreadable(let why): return .citeFailed(e, form: form, why: "cannot cite \(path): it cannot be read (\(why))")
                    }
                }
            }
        case .export(let path):
            export(to: path)
        case let .editExternal(item, field, text):
            editExternally(item, field, text)
        case .redraw:
            terminal.invalidate()
        case .suspend:
            suspendToShell()
        case .propose:
            // Seconds for thousands of items: worked out beside the screen, which goes on taking keys.
            guard let programme = state.programme else { return }
            let analysis = state.analysis
            draw()
            start { _ in .proposed(Assigner.propose(analysis, in: programme)) }
        case .show(let key):
            state.details[key] = workpaper.detail(of: key)
            state.earlier[key] = workpaper.earlierResults(of: key)
            state.shown(verdicts: workpaper.verdicts(on: key), on: key)
            let refs = inPlace { workpaper.readEvidence(on: key) }
            if shownPending > 0 { state.records.adopt(refs) }
            state.evidenceCounts[key] = state.records.evidenceCount(on: key)
        case .readProgramme(let then):
            if state.programme == nil {
                notify("reading the programme…", error: false)
                draw()
                do { state.programme = try workpaper.readProgramme() } catch {
                    fail(error.description)
                    return
                }
                notify("", error: false)
            }
            if let then { send(.run(then)) }
        case .quit:
            flush(quietly: true)
            if !pending.isEmpty, !quitAnyway {
                // Once more and the edits go to a rescue file; until then the screen stays.
                quitAnyway = true
                state.quit = false
                let what = pending.count == 1 ? "1 edit" : "\(pending.count) edits"
                fail("\(what) NOT SAVED (\(FileFault.reason(workpaper.path) ?? "see above")): quit again to put \(pending.count == 1 ? "it" : "them") in a rescue file")
                return
            }
            state.quit = true
            // What came in so far has been seen: the next open speaks only of what comes after.
            if !state.readOnly { workpaper.markSeen() }
        }
    }

    func fail(_ message: String) {
        state.status = message
        state.statusIsError = true
    }

    /// Saves what the update asked for. Edits are saved in the order they were made: once one
    /// could not be saved (disk full, read-only, folder gone), later ones queue behind it, the
    /// screen shows them as made, and the queue is retried every quarter second.
    func save(_ item: String, _ events: [EventBody]) {
        // Judged by the update already (AuditCore's one validation): here it is only saved.
        let wasQueued = !pending.isEmpty
        pending.append((item, events))
        flush(quietly: false)
        if wasQueued, pending.isEmpty { state.status = "all kept edits saved" }
    }

    /// Changes the workpaper's records in place. The screen's records are the workpaper's, shared:
    /// they let go first, so the change does not copy every item's record (10,000 records are
    /// megabytes), and share again after, the change and all. Not while edits not yet saved are
    /// shown as made: then the screen's records are its own.
    @discardableResult
    func inPlace<T, E: Error>(_ change: () throws(E) -> T) throws(E) -> T {
        guard shownPending == 0 else { return try change() }
        state.records = WorkpaperState()
        defer { state.records = workpaper.state }
        return try change()
    }

    /// Saves the queue in order, stopping at the first failure.
    func flush(quietly: Bool) {
        guard !pending.isEmpty else { return }
        if workpaper.isGone { try? workpaper.restore() }
        var saved = 0
        while let next = pending.first {
            let shared = shownPending == 0
            // A conflict the edit resolves is said as such (judged on the records before it).
            let resolved = Resolution.resolved(by: next.events, in: state.records).map { "\($0.item) \($0.field)" }
            do {
                try inPlace { () throws(WorkpaperError) in try workpaper.append(next.events, actor: state.me) }
            } catch {
                // Shown as made: the screen's records take the edits not saved yet.
                for p in pending[shownPending...] {
                    _ = state.records.apply(p.events)
                    state.recorded(WorkpaperFile.touched(by: p.events, in: state.records).items)
                }
                shownPending = pending.count
                state.unsaved = pending.count
                let why = FileFault.reason(workpaper.path)
                    ?? error.message.replacingOccurrences(of: "cannot save to \(workpaper.path): ", with: "")
                fail("NOT SAVED: \(why); \(pending.count == 1 ? "the edit is" : "\(pending.count) edits are") kept and saved when it can be")
                return
            }
            pending.removeFirst()
            shownPending = max(0, shownPending - 1)
            // The screen's records take the saved items and references as the workpaper holds them.
            let (items, evidence) = WorkpaperFile.touched(by: next.events, in: workpaper.state)
            if !shared { state.records.take(items: items, evidence: evidence, from: workpaper.state) }
            state.recorded(items)
            saved += 1
            if !quietly || pending.isEmpty {
                // Recorded on an item the audit assigns to someone else: said, as it is recorded as mine.
                state.status = next.events.map(\.summary).joined(separator: "; ")
                    + (resolved.isEmpty ? "" : " — conflict resolved: " + resolved.joined(separator: ", "))
                    + (state.assignedElsewhere(next.item).map { " — note: \($0)" } ?? "")
                state.statusIsError = false
            }
        }
        if saved > 0 {
            state.head = (workpaper.head.hash, workpaper.head.seq)
            state.lastSaved = WorkpaperFile.clockTime()
            state.waitToCopy = !workpaper.fileHoldsAll
            state.unsaved = 0
            if quietly { state.status = "saved \(saved == 1 ? "the kept edit" : "\(saved) kept edits")"; state.statusIsError = false }
        }
    }

    func retryPending() { flush(quietly: true) }

    /// Once a second: a read-only screen takes in what the writer beside it saved, where the
    /// user is; a writer finishes putting its saves into the workpaper's file itself, when a
    /// reader elsewhere held that up (the status line says to wait before copying the file).
    func keepUp() {
        if state.readOnly {
            if workpaper.refresh() {
                state.replace(records: workpaper.state)
                state.head = (workpaper.head.hash, workpaper.head.seq)
            }
        } else if state.waitToCopy {
            state.waitToCopy = !workpaper.catchUp()
        }
    }

    /// Edits that could not be saved when the screen ended are written here.
    public private(set) var rescued: String?

    /// Last resort when the screen ends with edits still unsaved: write them, as the journal
    /// would have held them, to a file beside the workpaper, in the home folder or in the
    /// temporary folder, whichever takes it.
    func writeRescue() {
        var lines: [String] = []
        for p in pending {
            for e in p.events {
                let row: [String: String] = ["workpaper": workpaper.path, "actor": state.me, "item": p.item,
                                             "type": e.type, "payload": EventCodec.payload(e)]
                if let data = try? JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]) {
                    lines.append(String(decoding: data, as: UTF8.self))
                }
            }
        }
        let stamp = String(Int(Date().timeIntervalSince1970))
        let name = URL(fileURLWithPath: workpaper.path).lastPathComponent + ".unsaved-\(stamp).jsonl"
        let folders = [URL(fileURLWithPath: workpaper.path).deletingLastPathComponent().path,
                       ProcessInfo.processInfo.environment["HOME"] ?? "", NSTemporaryDirectory()].filter { !$0.isEmpty }
        let text = Data((lines.joined(separator: "\n") + "\n").utf8)
        for folder in folders {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if (try? AtomicFile.write(text, to: url.path)) != nil { rescued = url.path; return }
        }
    }

    func export(to typed: String) {
        // As a shell would: `~` and `~/…` are the home folder.
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        let path = typed == "~" || typed.hasPrefix("~/") ? home + typed.dropFirst() : typed
        do {
            // As `aimsaudit export` writes it, from a connection of its own.
            let saved = try WorkpaperFile.open(workpaper.path, stateFrom: .tables)
            defer { saved.close() }
            let report = try MarkdownReport(workpaper: saved)
            try AtomicFile.write(to: path) { emit throws(WorkpaperError) in
                try report.reading { report.write { emit(Data($0.utf8)) } }
            }
            state.status = "report written to \(URL(fileURLWithPath: path).path)"
            state.statusIsError = false
        } catch {
            fail(error.message)
        }
    }

    /// Where the editor's command is read from ($VISUAL, $EDITOR).
    public var environment = ProcessInfo.processInfo.environment

    /// Steps the screen aside, edits the text in the user's editor (which owns the terminal until
    /// it exits), then redraws and saves what comes back. An editor that fails changes nothing.
    func editExternally(_ item: String, _ field: Field, _ text: String) {
        let editor: (words: [String], from: String)
        switch ExternalEditor.command(environment) {
        case .success(let found): editor = found
        case .failure(let refusal): fail("\(refusal.message); \(field.label) left as it was"); return
        }
        guard let path = ExternalEditor.temporaryFile(item: item, field: field.label, text: text) else {
            fail("cannot write a temporary file for the editor in \(NSTemporaryDirectory()); \(field.label) left as it was")
            return
        }
        var keep = false
        defer { if !keep { unlink(path) } }
        terminal.suspend()
        let outcome = Job.runInForeground(editor.words + [path], environment: environment)
        terminal.resume()
        state.size = terminal.size
        let name = editor.words[0]
        let failure: String? = switch outcome {
        case .exited(0): nil
        case .exited(let code): "\(name) exited with status \(code)"
        case .killed(let signal): "\(name) was killed by \(Job.name(ofSignal: signal))"
        case .notStarted(let code): "cannot start the editor \(name) (\(editor.from)): \(String(cString: strerror(code)))"
        }
        if let failure { fail("\(failure); \(field.label) left as it was"); return }
        guard let data = FileManager.default.contents(atPath: path) else {
            fail("\(name) left no file to read; \(field.label) left as it was")
            return
        }
        var edited = String(decoding: data, as: UTF8.self)
        while edited.last?.isNewline == true { edited.removeLast() }
        guard edited != text else { state.status = "no change"; state.statusIsError = false; return }
        let effects = Fieldwork.record(&state, item, [Fieldwork.event(setting: field, of: item, to: edited)])
        // Refused: what was written in the editor is kept in its file, named, to be used again.
        if effects.isEmpty, !(state.dialog?.form is ReasonForm) {
            keep = true
            fail(state.status + "; what you wrote is kept in \(path)")
        }
        for effect in effects { perform(effect) }
    }

    /// Ctrl-Z: the screen steps aside and the program stops until the shell's `fg`, then everything
    /// is drawn again, at the terminal's size then.
    func suspendToShell() {
        terminal.suspend()
        let stopped = terminal.stopJob()
        terminal.resume()
        state.size = terminal.size
        if !stopped { fail("Ctrl-Z: no shell to return to (this screen was not started from one); q quits") }
    }
}
