import ArgumentParser
import AuditCore
import CursesTerminal
import Fieldwork
import Foundation
import SampleBundle
import TerminalKit
import Workpaper
import ConsoleSupport

enum Screen {
    static var executable: String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return FileManager.default.isExecutableFile(atPath: me) ? me : CommandLine.arguments[0]
    }

    static func run(path: String, actor: String?, theme themeName: String?, readOnly: Bool) throws {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let theme: Theme
        do { theme = try Theme.load(themeName ?? (noColor ? "monochrome" : "default")) } catch {
            Console.error(error.description)
            throw ExitCode(error.description.hasPrefix("aimsaudit: unknown theme") ? 64 : 65)
        }
        var note: String?
        let given = actor ?? env["AIMSAUDIT_AUDITOR"].flatMap { $0.isEmpty ? nil : $0 }
        // A config file that cannot be read is said, located, and otherwise left aside.
        let config = given == nil ? UserConfig.load() : UserConfig()
        if let warning = config.warning { Console.error("aimsaudit: warning: \(warning)") }
        let who = given ?? config.auditor ?? ""
        var writable = !readOnly
        if writable, FileManager.default.fileExists(atPath: path), let why = FileFault.unwritable(path) {
            // A workpaper on a read-only medium, or someone else's file: look, don't write.
            writable = false
            note = "read-only: \(why)"
        }
        // The checklist from the workpaper's tables first; the full open (the programme decoded,
        // everything derived again) runs meanwhile on another thread. Keys that only move around
        // the checklist are taken once the whole checklist is read, the rest wait for the full open.
        var early: CursesTerminal?
        // Where the user got to on the first frame (the frame's state itself is let go before the full one is made).
        var place: AppState.Place?
        var waiting: [Key] = []
        var opened: Result<WorkpaperFile, WorkpaperError>?
        // A screenful of rows is as many as the terminal is high (at most; its head takes some).
        var window = winsize()
        let rows = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0 && window.ws_row > 0 ? Int(window.ws_row) : 200
        if let glimpse = FirstFrame.read(path, me: who, rows: rows) {
            let t = try startTerminal(theme: theme, color: !noColor || themeName != nil)
            early = t
            installSignalHandlers()
            // First the screenful of the checklist (its first rows and the totals), then the whole
            // checklist from the tables (browsing keys are taken from then on), then the full open.
            var shown = AppState(first: glimpse, path: path, me: who, ascii: !t.utf8, size: t.size)
            let opening = "opening: reading the programme and checking independence…"
            shown.status = opening
            t.draw(Render.frame(shown))
            let tables = Handoff<FirstFrame?>(), full = Handoff<Result<WorkpaperFile, WorkpaperError>>()
            let forWriting = writable
            Thread { tables.set(FirstFrame.read(path, me: who)) }.start()
            Thread { full.set(Result { () throws(WorkpaperError) in try WorkpaperFile.open(path, forWriting: forWriting, stateFrom: .tables, programmeFrom: .image) }) }.start()
            var browsing = false, tablesRead = false
            /// Takes a key on the checklist read from the tables, if it only browses and nothing waits before it.
            func browse(_ key: Key) -> Bool {
                guard browsing, waiting.isEmpty, !FieldworkRunner.stopRequested, key == .resize || Fieldwork.browses(key, shown) else { return false }
                if key == .resize { shown.size = t.size }
                _ = Fieldwork.update(&shown, .key(key))
                return true
            }
            while opened == nil {
                // The whole checklist read (nil when it could not be: keys then wait for the full open).
                if !tablesRead, let read = tables.get() {
                    tablesRead = true
                    if let first = read {
                        shown = AppState(first: first, path: path, me: who, ascii: !t.utf8, size: t.size)
                        shown.status = opening
                        browsing = true
                        let typed = waiting
                        waiting = []
                        for key in typed where !browse(key) { waiting.append(key) }
                        t.draw(Render.frame(shown))
                    }
                }
                if let key = t.readKey(timeout: 0.02) {
                    if browse(key) {
                        t.draw(Render.frame(shown))
                    } else if key == .resize, !browsing {
                        // The screenful is drawn again at the new size (its rows may fall short of
                        // a taller terminal until the whole checklist is read).
                        shown.size = t.size
                        t.draw(Render.frame(shown))
                    } else {
                        waiting.append(key)
                    }
                }
                opened = full.get()
            }
            place = shown.place
        }
        /// Leaves the screen before saying why the workpaper could not be opened.
        func failing(_ message: String, _ code: Int32) -> ExitCode {
            early?.stop()
            Console.error(message)
            return ExitCode(code)
        }
        let workpaper: WorkpaperFile
        do {
            workpaper = try (opened ?? Result { () throws(WorkpaperError) in try WorkpaperFile.open(path, forWriting: writable, stateFrom: .tables, programmeFrom: .image) }).get()
        } catch let error {
            guard case .locked(_, let holder) = error else { throw failing(error.description, error.exitCode) }
            do { workpaper = try WorkpaperFile.open(path, stateFrom: .tables, programmeFrom: .image) } catch { throw failing(error.description, error.exitCode) }
            writable = false
            note = "read-only: open for writing by \(holder.description)"
        }
        defer { workpaper.close() }
        if !who.isEmpty, workpaper.programme.person(who) == nil {
            throw failing("aimsaudit: unknown person '\(who)'\(Suggest.hint(for: who, in: workpaper.programme.people.map(\.id)))", 64)
        }
        let terminal = try early ?? startTerminal(theme: theme, color: !noColor || themeName != nil)
        if early == nil { installSignalHandlers() }
        let runner = FieldworkRunner(workpaper: workpaper, me: who, terminal: terminal, readOnly: !writable, ascii: !terminal.utf8)
        if let note { runner.notify(note, error: false) } else if let warning = config.warning { runner.notify(warning, error: true) }
        if !terminal.utf8 { runner.notify("the locale is not UTF-8: wide text may show wrongly; ASCII marks are used", error: true) }
        if let place {
            runner.continueFrom(place)
            runner.send(waiting)
        }
        runner.run()
        terminal.stop()
        if !runner.pending.isEmpty {
            let what = "\(runner.pending.count) edit\(runner.pending.count == 1 ? "" : "s") could not be saved to \(path) (\(FileFault.reason(path) ?? "see the screen's last message"))"
            if let rescue = runner.rescued {
                Console.error("aimsaudit: \(what); they are in \(rescue), one JSON line per event as the journal would hold it")
            } else {
                Console.error("aimsaudit: \(what), and no rescue file could be written either")
            }
            throw ExitCode(74)
        }
    }

    /// What a thread of the open hands to the screen's thread; nil until it has.
    final class Handoff<T>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: T?
        func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
        func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
    }

    static func startTerminal(theme: Theme, color: Bool) throws -> CursesTerminal {
        do { return try CursesTerminal.start(theme: theme, useColor: color) } catch {
            Console.error(error.description)
            if case .notATerminal = error { throw ExitCode(64) }
            throw ExitCode(78)
        }
    }

    static func installSignalHandlers() {
        // Whoever started us may have blocked signals; the screen needs resize, hang-up and terminate.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for s in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] { sigaddset(&wanted, s) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        let handler: @convention(c) (Int32) -> Void = { _ in FieldworkRunner.stopRequested = true }
        signal(SIGTERM, handler)
        signal(SIGHUP, handler)
        signal(SIGINT, handler)
    }
}
