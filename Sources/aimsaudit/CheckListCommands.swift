import ArgumentParser
import AuditCore
import Workpaper
import ConsoleSupport

extension AimsAudit {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a programme and list every independence verdict of an audit's team × checklist.",
            discussion: """
                Each verdict names its rule (IND-01 … IND-11; programme format 2 adds IND-09, IND-12, IND-17 \
                and IND-19), its level (block, warn, info) and the reason; under format 2 a justification says \
                whether it is approved. Exits 1 when an explicit assignment is blocked or the programme has an \
                error for the audit (e.g. an Annex A control in scope that the register never decides); \
                warnings (format 2's IND-14, an item with no owner, and IND-18, a lead blocked on more than \
                half) do not change the exit status.
                """)

        @OptionGroup var options: ProgrammeOptions

        func run() throws {
            let loaded = try options.load()
            var analysis = loaded.analysis
            if let workpaper = loaded.workpaper {
                analysis.problems += RecordedResults.problems(analysis, recordedBy: try fail { () throws(WorkpaperError) in try workpaper.recorders() })
                analysis.problems += workpaper.state.allConflicts.map {
                    Problem(.warning, "conflict on \($0.summary); the lead keeps one with record")
                }
            }
            switch options.format {
            case .json: Console.data(try JSONOutput.check(analysis, state: loaded.state))
            case .text: TextOutput.check(analysis, programme: loaded.programme, state: loaded.state, path: options.file, to: .init(Console.out))
            }
            if !analysis.passes { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "The risk-weighted checklist of an audit: tier, score and the inputs behind it.",
            discussion: """
                Score S = 100 × (0.50 × I×C/25 + 0.20 × F/4 + 0.15 × T + 0.15 × D/2): I inherent risk of the \
                AI system, C criticality, F earlier findings, T time since last audited, D change. \
                Tier A from 65, B from 40; a major in the history forces A, significant change at least B.
                """)

        @OptionGroup var options: ProgrammeOptions

        func run() throws {
            let loaded = try options.load()
            let audit = loaded.analysis.audit, items = loaded.analysis.checklist
            switch options.format {
            case .json: Console.data(try JSONOutput.list(audit: audit, items: items, state: loaded.state))
            case .text: Console.out(TextOutput.list(audit: audit, items: items, programme: loaded.programme, state: loaded.state))
            }
        }
    }
}
