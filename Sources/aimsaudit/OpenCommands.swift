import ArgumentParser
import CursesTerminal
import Foundation
import SampleBundle
import TerminalKit
import ConsoleSupport

extension AimsAudit {
    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
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
            commandName: "demo",
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
}
