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
        // Named whose screen it is, the screen's first rows are read beside from now on.
        let named = actor ?? env["AIMSAUDIT_AUDITOR"].flatMap { $0.isEmpty ? nil : $0 }
        let begun = named.map { WorkpaperFile.beginFirstRows(of: path, for: $0) }
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        let theme: Theme
        do { theme = try Theme.load(themeName ?? (noColor ? "monochrome" : "default")) } catch {
            Console.error(error.description)
            throw ExitCode(error.description.hasPrefix("aimsaudit: unknown theme") ? 64 : 65)
        }
        var note: String?
        // A config file that cannot be read is said, located, and otherwise left aside.
        let config = named == nil ? UserConfig.load() : UserConfig()
        if let warning = config.warning { Console.error("aimsaudit: warning: \(warning)") }
        let who = named ?? config.auditor ?? ""
        var writable = !readOnly
        if writable, FileManager.default.fileExists(atPath: path), let why = FileFault.unwritable(path) {
            // A workpaper on a read-only medium, or someone else's file: look, don't write.
            writable = false
            note = "read-only: \(why)"
        }
        /// Leaves the screen before saying why the workpaper could not be opened.
        var terminal: CursesTerminal?
        func failing(_ message: String, _ code: Int32) -> ExitCode {
            terminal?.stop()
            Console.error(message)
            return ExitCode(code)
        }
        // One open, from the workpaper's tables: the checklist, the verdicts and the items' records
        // (an item's evidence is read when it is shown; the programme only for what needs it).
        let workpaper: WorkpaperFile
        do {
            workpaper = try WorkpaperFile.open(path, forWriting: writable, stateFrom: .tables, screenFor: who, begun: begun)
        } catch let error {
            guard case .locked(_, let holder) = error else { throw failing(error.description, error.exitCode) }
            do { workpaper = try WorkpaperFile.open(path, stateFrom: .tables, screenFor: who, begun: begun) } catch { throw failing(error.description, error.exitCode) }
            writable = false
            note = "read-only: open for writing by \(holder.description)"
        }
        defer { workpaper.close() }
        // The screen opens on the checklist's first rows, read beside while the terminal starts, when
        // it is named whose screen it is (the rest is read beside it once its first frame is up);
        // otherwise every row is read first.
        let onFirstRows = !who.isEmpty && workpaper.opensOnFirstRows
        var tables: ScreenTables?
        if !onFirstRows {
            do { tables = try workpaper.screenTables(for: who) } catch { throw failing(error.description, error.exitCode) }
        }
        guard let roster = (tables?.facts ?? workpaper.facts)?.roster else { throw failing("aimsaudit: \(path) has no facts of its audit", 65) }
        if !who.isEmpty, !roster.knows(who) {
            throw failing("aimsaudit: unknown person '\(who)'\(roster.hint(for: who))", 64)
        }
        // Every event recorded as someone the programme lists a key for is signed with it: without
        // the key here, the screen would refuse every save; it says so before it starts (77).
        if writable, !who.isEmpty, !workpaper.listsNoKey, let why = workpaper.signingRefusal(for: who) {
            throw failing("aimsaudit: \(why); to look without recording: aimsaudit open \(path) --read-only", 77)
        }
        let started = try startTerminal(theme: theme, color: !noColor || themeName != nil)
        terminal = started
        installSignalHandlers()
        var first: FirstRows?
        if onFirstRows {
            do { first = try workpaper.firstRows() } catch { throw failing(error.description, error.exitCode) }
        }
        let runner: FieldworkRunner
        do {
            runner = try FieldworkRunner(workpaper: workpaper, me: who, terminal: started, readOnly: !writable, ascii: !started.utf8,
                                         tables: tables, first: first)
        } catch {
            throw failing(error.description, error.exitCode)
        }
        if let note { runner.notify(note, error: false) } else if let warning = config.warning { runner.notify(warning, error: true) }
        if !started.utf8 { runner.notify("the locale is not UTF-8: wide text may show wrongly; ASCII marks are used", error: true) }
        runner.run()
        started.stop()
        if let failure = runner.failure {
            Console.error(failure.description)
            throw ExitCode(failure.exitCode)
        }
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
