import ArgumentParser
import AuditCore
import Foundation
import ConsoleSupport

/// `aimsaudit assign`: an auditor for every item of an audit, as an `assign:` block to paste.
extension AimsAudit {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Propose an auditor for every item of an audit, as an assign: block for the programme.",
            discussion: """
                Never a blocked auditor; the fewest independence warnings; the competences an item \
                `needs`; the lead kept off the audit process itself (9.2); the load balanced across the \
                team. All items are weighed at once (a minimum-cost assignment). Items the programme \
                already assigns to an auditor who may take them are kept. Exits 1 when some item has \
                no team member who may audit it; those are listed.
                """)

        @Argument(help: ArgumentHelp("The programme (YAML).", valueName: "FILE")) var file: String
        @Option(help: ArgumentHelp("The audit (its id); may be left out when there is only one.", valueName: "ID")) var audit: String?
        @Option(help: "Output format: yaml or json.") var format: Format = .yaml

        enum Format: String, ExpressibleByArgument, CaseIterable { case yaml, json }

        func run() throws {
            var options = try ProgrammeOptions.parse([file] + (audit.map { ["--audit", $0] } ?? []))
            options.format = .text
            let loaded = try options.load()
            let proposal = Assigner.propose(loaded.analysis, in: loaded.programme)
            switch format {
            case .yaml: Console.out(Self.yaml(proposal, loaded.analysis))
            case .json: Console.data(try Self.json(proposal))
            }
            if !proposal.unassignable.isEmpty { throw ExitCode(1) }
        }

        /// A block to paste under the audit in the programme, each line with its reason.
        static func yaml(_ p: Assigner.Proposal, _ analysis: AuditAnalysis) -> String {
            let width = p.choices.map { "{item: \($0.item), auditor: \($0.auditor)}".count }.max() ?? 0
            var lines = ["# aimsaudit assign: \(analysis.audit.id), \(p.choices.count) of \(analysis.checklist.count) items; "
                         + "load " + p.load.map { "\($0.auditor) \($0.items)" }.joined(separator: ", ")]
            let warned = p.choices.filter { !$0.warnings.isEmpty }.count
            if warned > 0 { lines.append("# \(warned) with an independence warning: the auditor records a justification before the first edit") }
            lines.append("assign:")
            for c in p.choices {
                let entry = "{item: \(c.item), auditor: \(c.auditor)}"
                lines.append("  - " + entry + String(repeating: " ", count: width - entry.count) + "  # " + c.reason)
            }
            for u in p.unassignable {
                lines.append("# no one in the team may audit \(u.item): \(u.reason); add an independent auditor or an external party")
            }
            return lines.joined(separator: "\n")
        }

        static func json(_ p: Assigner.Proposal) throws -> String {
            let object: [String: Any] = [
                "assign": p.choices.map { c in
                    ["item": c.item.description, "auditor": c.auditor, "reason": c.reason, "kept": c.explicit,
                     "warnings": c.warnings.map { ["rule": $0.rule.rawValue, "reason": $0.reason] }] as [String: Any]
                },
                "unassignable": p.unassignable.map { ["item": $0.item.description, "reason": $0.reason] },
                "load": p.load.map { ["auditor": $0.auditor, "items": $0.items] as [String: Any] },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
