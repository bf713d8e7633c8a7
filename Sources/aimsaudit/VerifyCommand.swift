import ArgumentParser
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAudit {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Re-walk the journal's hash chain, compare the state with it, re-hash cited files.",
            discussion: """
                Exit 1 names the first broken link (of each replica's chain, for a workpaper of several), an event not signed by its author where the programme lists their key, a state table that disagrees with the journal, or a cited file that changed or went missing. \
                --receipt prints the chain head (audit, events, hash, time) for the programme owner to keep; --against RECEIPT later proves \
                the workpaper was only appended to since. The chain cannot prove a laptop clock was right, nor catch a file rewritten \
                whole before any receipt was taken.
                """)

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Flag(help: "After verifying, print a receipt of the journal's head to hand to the programme owner.") var receipt = false
        @Option(help: ArgumentHelp("Also prove the journal was only appended to since this receipt.", valueName: "RECEIPT")) var against: String?
        @Flag(help: "A file cited on another replica that is not on this machine fails too.") var strict = false

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, tolerant: true) }
            defer { workpaper.close() }
            var report = workpaper.verify()
            if strict { report.problems += report.notHere }
            if let against {
                guard let text = try? String(contentsOfFile: against, encoding: .utf8) else {
                    Console.error("aimsaudit: cannot read \(against)")
                    throw ExitCode(66)
                }
                guard let old = Receipt(text) else {
                    Console.error("\(against):1:1: not an aimsaudit receipt (made by `aimsaudit verify --receipt`)")
                    throw ExitCode(65)
                }
                if let why = workpaper.mismatch(with: old) {
                    Console.error("\(file): \(why)")
                    throw ExitCode(1)
                }
            }
            if report.ok, receipt {
                Console.out(workpaper.receipt(report).description)
                return
            }
            if report.ok {
                for note in report.notHere { Console.error("\(file): note: \(note)") }
                if report.replicas > 1 || !report.conflicts.isEmpty || !report.signed.isEmpty {
                    var parts = ["\(report.replicas) replica\(report.replicas == 1 ? "" : "s"), each chain intact"]
                    if !report.signed.isEmpty { parts.append("signed: " + report.signed.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ")) }
                    if !report.conflicts.isEmpty { parts.append("\(report.conflicts.count) open conflict\(report.conflicts.count == 1 ? "" : "s") (list shows them)") }
                    Console.out("\(file): " + parts.joined(separator: "; "))
                }
                if let against { Console.out("\(file): only appended to since the receipt \(against)") }
                Console.out("\(file): ok — \(report.events) event\(report.events == 1 ? "" : "s"), chain intact, head \(report.headHash.prefix(16)) (\(report.headTime)); "
                    + "state agrees with the journal; \(report.filesChecked) cited file\(report.filesChecked == 1 ? "" : "s") unchanged")
                return
            }
            for p in report.problems { Console.error("\(file): \(p)") }
            throw ExitCode(1)
        }
    }
}
