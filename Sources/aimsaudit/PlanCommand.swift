import ArgumentParser
import AuditCore
import Foundation
import Workpaper

/// `aimsaudit plan`: the programme over a certification cycle.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan the audit programme over a certification cycle and check the planned audits against it.",
        discussion: """
            Every item of the whole programme (all systems, all decided controls, all clause \
            requirements) is audited as often as its tier asks: A every year (at most 12 months \
            apart), B at least twice in three years (18 months), C at least once. First due dates \
            follow the history; each audit gets a proposed quarter, spreading the load. Occurrences \
            due by the end of the last planned fieldwork that no planned audit covers are listed, and \
            the command exits 1. Quarters with more items than the auditors can take are reported.
            """)

    @Argument(help: ArgumentHelp("The programme (YAML).", valueName: "FILE")) var file: String
    @Option(help: ArgumentHelp("First day of the cycle (default: settings.cycle_start, else today).", valueName: "DATE")) var from: String?
    @Option(help: "Years in the cycle.") var years = 3
    @Option(help: ArgumentHelp("Items one auditor can audit in a quarter.", valueName: "N")) var capacity = 40
    @Option(help: "Output format: text, json or markdown.") var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    func validate() throws {
        guard (1...10).contains(years) else { throw ValidationError("--years must be 1 to 10") }
        guard capacity > 0 else { throw ValidationError("--capacity must be at least 1") }
        if let from, Day(iso: from) == nil { throw ValidationError("--from must be a date, YYYY-MM-DD") }
    }

    func run() throws {
        let programme = try ProgrammeOptions.programme(at: file)
        let today = Day.today()
        let start = from.flatMap(Day.init(iso:)) ?? programme.settings.cycleStart ?? today
        let plan = Planner.plan(programme, from: start, years: years, perAuditorPerQuarter: capacity)
        switch format {
        case .text: Console.out(Self.text(plan, years: years))
        case .markdown: Console.out(Self.markdown(plan, programme, years: years))
        case .json: Console.data(try Self.json(plan))
        }
        if !plan.passes { throw ExitCode(1) }
    }

    static func tierSummary(_ plan: Planner.Plan, years: Int) -> String {
        Tier.allCases.map { t in
            "\(t.rawValue) \(plan.lines.filter { $0.tier == t }.count) (\(Planner.count(t, years: years))×)"
        }.joined(separator: " · ")
    }

    static func text(_ plan: Planner.Plan, years: Int) -> String {
        var lines = ["Programme plan \(plan.from) to \(plan.to) · \(plan.lines.count) items · tier \(tierSummary(plan, years: years))"]
        lines.append("")
        lines.append("QUARTER  ITEMS  CAPACITY  PLANNED AUDITS")
        for q in plan.quarters {
            let n = plan.load[q] ?? 0
            let audits = plan.audits.filter { $0.quarter == q }.map { "\($0.id) (\($0.items) items)" }.joined(separator: ", ")
            lines.append("\(q)  " + String(repeating: " ", count: max(0, 5 - "\(n)".count)) + "\(n)  "
                         + String(repeating: " ", count: max(0, 8 - "\(plan.capacity)".count)) + "\(plan.capacity)"
                         + (n > plan.capacity ? " OVER" : "     ") + "  " + audits)
        }
        if !plan.overdue.isEmpty {
            lines.append("")
            lines.append("Overdue at the start of the cycle (last audit longer ago than the tier allows):")
            for l in plan.overdue {
                lines.append("  \(l.item.key)  tier \(l.tier.rawValue), last audited \(l.item.weight.lastAudited.map(\.description) ?? "never")")
            }
        }
        let uncovered = plan.uncovered
        lines.append("")
        if let horizon = plan.horizon {
            if uncovered.isEmpty {
                lines.append("Every audit due by \(horizon) (the end of the last planned fieldwork) is covered by a planned audit.")
            } else {
                lines.append("Due by \(horizon) (the end of the last planned fieldwork) but in no planned audit: \(uncovered.count)")
                for u in uncovered { lines.append("  \(u.item)  due \(u.occurrence.due), proposed \(u.occurrence.quarter)") }
            }
        } else {
            lines.append("The programme plans no audits yet: nothing to check against the plan.")
        }
        return lines.joined(separator: "\n")
    }

    static func markdown(_ plan: Planner.Plan, _ programme: Programme, years: Int) -> String {
        var s = "# Audit programme plan, \(programme.organisation.name)\n\n"
        s += "Cycle \(plan.from) to \(plan.to). \(plan.lines.count) items: tier \(tierSummary(plan, years: years)). "
        s += "Tier A is audited every year (at most 12 months apart), B at least twice in three years (18 months), C at least once.\n\n"
        s += "## Quarters\n\n| Quarter | Items | Capacity | Planned audits |\n|---|---|---|---|\n"
        for q in plan.quarters {
            let audits = plan.audits.filter { $0.quarter == q }.map(\.id).joined(separator: ", ")
            s += "| \(q) | \(plan.load[q] ?? 0) | \(plan.capacity)\((plan.load[q] ?? 0) > plan.capacity ? " (over)" : "") | \(audits) |\n"
        }
        let uncovered = plan.uncovered
        s += "\n## Not covered by a planned audit\n\n"
        s += uncovered.isEmpty ? "None.\n" : uncovered.map { "- `\($0.item)`, due \($0.occurrence.due)\n" }.joined()
        s += "\n## Items\n\n| Item | Tier | Last audited | Proposed quarters |\n|---|---|---|---|\n"
        for l in plan.lines {
            let qs = l.occurrences.map { "\($0.quarter)\($0.coveredBy.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
            s += "| `\(l.item.key)` | \(l.tier.rawValue) | \(l.item.weight.lastAudited.map(\.description) ?? "never")\(l.overdue ? " (overdue)" : "") | \(qs) |\n"
        }
        return s
    }

    static func json(_ plan: Planner.Plan) throws -> String {
        let object: [String: Any] = [
            "from": plan.from.description, "to": plan.to.description, "capacity": plan.capacity,
            "items": plan.lines.map { l in
                ["item": l.item.key.description, "tier": l.tier.rawValue, "overdue": l.overdue,
                 "last_audited": l.item.weight.lastAudited?.description ?? NSNull(),
                 "audits": l.occurrences.map { ["due": $0.due.description, "quarter": $0.quarter.description,
                                                "covered_by": $0.coveredBy ?? NSNull()] as [String: Any] }] as [String: Any]
            },
            "quarters": plan.quarters.map { ["quarter": $0.description, "items": plan.load[$0] ?? 0] as [String: Any] },
            "uncovered": plan.uncovered.map { ["item": $0.item.description, "due": $0.occurrence.due.description] },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
