import ArgumentParser
import AuditCore
import Fieldwork
import Foundation
import TerminalKit
import Workpaper
import ConsoleSupport

extension AimsAuditDev {
    /// Developer commands for Scripts/bench.py: timings and instruction counts measured inside the
    /// process, where a pseudo-terminal cannot separate them out.
    struct BenchSave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-save", abstract: "Time saving one edit, N times (prints milliseconds, one per line).")

        @Argument(help: ArgumentHelp("A workpaper (it is written to).", valueName: "FILE")) var file: String
        @Option(help: "Edits to save.") var count = 200
        @Option(help: "Who records.") var actor: String

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, forWriting: true) }
            defer { workpaper.close() }
            let item = workpaper.analysis.checklist[0].key.description
            var out = ""
            for i in 0..<count {
                let start = DispatchTime.now().uptimeNanoseconds
                try fail { () throws(WorkpaperError) in _ = try workpaper.append([.noted(item: item, note: "bench note \(i) 監査")], actor: actor) }
                out += String(format: "%.4f\n", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            Console.data(out)
        }
    }

    struct BenchKeys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-keys", abstract: "Drive the screen headless with keys (for instruction counts).")

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Option(help: "Who is auditing.") var actor: String
        @Option(help: "Keys: j (down), J (page down), G, g, / followed by text, F (the next filter), o (open and back).") var keys = "jjjjjjjjjj"

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, stateFrom: .tables) }
            defer { workpaper.close() }
            let terminal = MemoryTerminal(width: 120, height: 40)
            let runner = try fail { () throws(WorkpaperError) in try FieldworkRunner(workpaper: workpaper, me: actor, terminal: terminal, readOnly: true) }
            runner.draw()
            let sequence: [[Key]] = keys.map { c -> [Key] in
                switch c {
                case "J": [.pageDown]
                case "o": [.enter, .char("q")]
                case "F": [.char("f"), .char("j"), .enter]
                default: [.char(c)]
                }
            }
            Self.keyLoop(runner, sequence)
            Console.data("\(sequence.count) keys; last frame:\n" + (terminal.last?.lines.first ?? ""))
        }

        /// The part valgrind counts (`--toggle-collect='*BenchKeys*keyLoop*'`): each key and its frame.
        @inline(never)
        static func keyLoop(_ runner: FieldworkRunner, _ sequence: [[Key]]) {
            for keys in sequence {
                for k in keys { runner.send(.key(k)) }
                runner.draw()
            }
        }
    }

    struct BenchOpen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-open", abstract: "Time the phases of opening the screen (milliseconds).")

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Option(help: "Who is auditing.") var actor: String

        func run() throws {
            var last = DispatchTime.now().uptimeNanoseconds
            var out: [String] = []
            /// Peak resident memory so far, MiB (Linux).
            func peak() -> Double {
                let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
                let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
                return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
            }
            func lap(_ what: String) {
                let now = DispatchTime.now().uptimeNanoseconds
                out.append(String(format: "%-34@ %8.2f ms  peak %6.1f MiB", what, Double(now - last) / 1e6, peak()))
                last = now
            }
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, stateFrom: .tables, screenFor: actor) }
            defer { workpaper.close() }
            lap("open")
            let first = try fail { () throws(WorkpaperError) in try workpaper.firstRows() }
            lap("first rows and kept totals (beside)")
            var state = AppState(first: first, path: file, me: actor, readOnly: true, size: (120, 40))
            state.countEvidence(workpaper.evidenceCounts(on:))
            lap("screen state")
            _ = Render.frame(state)
            lap("draw: the first frame")
            let rest = try fail { () throws(WorkpaperError) in try workpaper.restReader(for: actor)() }
            lap("the rest: every row, every record (beside)")
            var whole = state
            whole.takeRest(rest.tables, records: rest.records)
            lap("the rest made whole (beside)")
            workpaper.take(rest)
            state.takeRest(made: whole)
            lap("the rest taken in")
            _ = try fail { () throws(WorkpaperError) in try workpaper.readProgramme() }
            lap("programme (on demand: cycle, proposal)")
            Console.data(out.joined(separator: "\n"))
        }
    }
}
