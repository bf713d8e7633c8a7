import ArgumentParser
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAudit {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-walk the journal's hash chain, compare the state with it, re-hash cited files.",
            discussion: """
                Exit 1 names the first broken link, a state table that disagrees with the journal, or a cited file that changed or went missing. \
                --receipt prints the chain head (audit, events, hash, time) for the programme owner to keep; --against RECEIPT later proves \
                the workpaper was only appended to since. The chain cannot prove a laptop clock was right, nor catch a file rewritten \
                whole before any receipt was taken.
                """)

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Flag(help: "After verifying, print a receipt of the journal's head to hand to the programme owner.") var receipt = false
        @Option(help: ArgumentHelp("Also prove the journal was only appended to since this receipt.", valueName: "RECEIPT")) var against: String?

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, tolerant: true) }
            defer { workpaper.close() }
            let report = workpaper.verify()
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
