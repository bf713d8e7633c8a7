import ArgumentParser
import AuditCore
import CursesTerminal
import Fieldwork
import Foundation
import SampleBundle
import TerminalKit
import Workpaper

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The fieldwork screen on a workpaper.",
        discussion: """
            Who you are: --as, else $AIMSAUDIT_AUDITOR, else `auditor:` in $XDG_CONFIG_HOME/aimsaudit/config.yaml \
            (default ~/.config), else a picker of the team. Themes: \(Theme.builtInNames.joined(separator: ", ")) or a YAML file; \
            NO_COLOR selects monochrome. Keys: ? in the screen. Exits 64 without a terminal, 78 for an unusable TERM.
            """)

    @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is auditing (a person id).", valueName: "PERSON")) var actor: String?
    @Option(help: ArgumentHelp("A built-in theme or a theme file.", valueName: "NAME|PATH")) var theme: String?
    @Flag(name: .customLong("read-only"), help: "Look without changing anything.") var readOnly = false

    func run() throws {
        try Screen.run(path: file, actor: actor, theme: theme, readOnly: readOnly)
    }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a fresh demo workpaper from the bundled sample in a temporary folder and open it.",
        discussion: "The demo is Harbourline Mutual's audit IA-2026-01, partly done, opened as its lead auditor Amara Nwosu.")

    @Option(help: ArgumentHelp("A built-in theme or a theme file.", valueName: "NAME|PATH")) var theme: String?
    @Option(name: .customLong("as"), help: ArgumentHelp("Open as another team member.", valueName: "PERSON")) var actor: String?

    func run() throws {
        // Without a terminal there is nothing to show: say so before building anything.
        guard isatty(0) == 1, isatty(1) == 1 else {
            Console.error(CursesTerminal.StartError.notATerminal.description)
            throw ExitCode(64)
        }
        // A folder of its own, made at once with a name no one has (a folder left by an earlier
        // process of the same id must not stand in the way).
        var template = Array(FileManager.default.temporaryDirectory.appendingPathComponent("aimsaudit-demo-XXXXXX").path.utf8CString)
        guard let made = mkdtemp(&template) else {
            Console.error("aimsaudit: cannot make a folder for the demo in \(FileManager.default.temporaryDirectory.path): \(String(cString: strerror(errno)))")
            throw ExitCode(73)
        }
        let dir = URL(fileURLWithPath: String(cString: made))
        do {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("evidence"), withIntermediateDirectories: true)
            for (path, bytes) in SampleBundle.files { try Data(bytes).write(to: dir.appendingPathComponent(path)) }
        } catch {
            Console.error("aimsaudit: cannot prepare the demo in \(dir.path): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        let workpaper = dir.appendingPathComponent("IA-2026-01.aimsaudit").path
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/bin/bash")
        script.arguments = [dir.appendingPathComponent("make-demo.sh").path, workpaper, dir.appendingPathComponent("report.md").path]
        script.environment = ProcessInfo.processInfo.environment.merging(["AIMSAUDIT": Screen.executable]) { $1 }
        script.standardOutput = FileHandle.nullDevice
        do { try script.run(); script.waitUntilExit() } catch {}
        guard script.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: dir)
            Console.error("aimsaudit: could not build the demo workpaper")
            throw ExitCode(74)
        }
        try Screen.run(path: workpaper, actor: actor ?? "amara", theme: theme, readOnly: false)
        Console.out("demo workpaper: \(workpaper)\nits report: \(dir.path)/report.md\n(delete the folder when done)")
    }
}

enum Screen {
    static var executable: String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return FileManager.default.isExecutableFile(atPath: me) ? me : CommandLine.arguments[0]
    }

    /// `auditor:` from the user's config file, if any.
    static func configuredAuditor() -> String? {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        guard let text = try? String(contentsOfFile: base + "/aimsaudit/config.yaml", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "auditor", !parts[1].isEmpty { return parts[1] }
        }
        return nil
    }

    static func run(path: String, actor: String?, theme themeName: String?, readOnly: Bool) throws {
        let env = ProcessInfo.processInfo.environment
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let theme: Theme
        do { theme = try Theme.load(themeName ?? (noColor ? "monochrome" : "default")) } catch {
            Console.error(error.description)
            throw ExitCode(error.description.hasPrefix("aimsaudit: unknown theme") ? 64 : 65)
        }
        let who = actor ?? env["AIMSAUDIT_AUDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? configuredAuditor() ?? ""
        var note: String?
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
        if let note { runner.notify(note, error: false) }
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
