import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAuditDev {
    /// Two replicas of one synthetic audit, each with its own fieldwork recorded, and the time
    /// merging one into the other takes (for Scripts/bench.py).
    struct BenchMerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-merge",
            abstract: "Make two replicas of a programme's audit with synthetic records; time merging the second into copies of the first.",
            discussion: "Prints one line per run: milliseconds. The replicas are left at INTO and FROM.")

        @Argument(help: ArgumentHelp("The programme.", valueName: "PROGRAMME.yaml")) var programme: String
        @Argument(help: ArgumentHelp("The first replica (made).", valueName: "INTO")) var into: String
        @Argument(help: ArgumentHelp("The second replica (made).", valueName: "FROM")) var from: String
        @Option(help: "Evidence references recorded on each replica.") var evidence = 25_000
        @Option(help: "Items graded on each replica.") var findings = 10_000
        @Option(help: "Timed merges.") var runs = 3

        func run() throws {
            try fail { () throws(WorkpaperError) in try WorkpaperFile.create(programmePath: programme, auditID: "IA-2026-01", at: into).close() }
            let base = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(into) }
            let team = base.audit.team
            try fail { () throws(WorkpaperError) in try base.fork(for: team.count > 1 ? team[1] : team[0], to: from) }
            base.close()
            for (path, seed) in [(into, UInt64(1)), (from, UInt64(2))] {
                let file = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path, forWriting: true) }
                for batch in SynthProgramme.records(for: file.analysis, evidence: evidence, findings: findings, seed: seed) {
                    try fail { () throws(WorkpaperError) in _ = try file.append(batch.events, actor: batch.actor) }
                }
                file.close()
            }
            var out = ""
            for run in 0..<runs {
                let copy = into + ".merge-\(run)"
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
                try FileManager.default.copyItem(atPath: into, toPath: copy)
                let start = DispatchTime.now().uptimeNanoseconds
                let target = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(copy, forWriting: true, stateFrom: .tables) }
                _ = try fail { () throws(WorkpaperError) in try target.readProgramme() }
                let source = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(from, stateFrom: .tables) }
                _ = try fail { () throws(WorkpaperError) in try source.readProgramme() }
                let result = try fail { () throws(WorkpaperError) in try target.merge(try source.incoming()) }
                source.close()
                target.close()
                out += String(format: "%.1f %d\n", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, result.count)
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            }
            Console.data(out)
        }
    }
}
