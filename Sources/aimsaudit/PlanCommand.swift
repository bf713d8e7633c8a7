import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

/// `aimsaudit plan`: the programme over a certification cycle.
extension AimsAudit {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Plan the audit programme over a certification cycle and check the planned audits against it.",
            discussion: """
                Every item of the whole programme (all systems, all decided controls, all clause \
                requirements) is audited as often as its tier asks, its tier weighed as of the cycle's \
                first day: A every year (at most 12 months apart), B at least twice in three years \
                (18 months), C at least once. First due dates follow the history. Each audit of an item \
                goes to the first planned audit with the item on its checklist whose fieldwork ends in \
                time, or late but before the next audit would have fallen due; the others get a proposed \
                quarter, spreading the load. Quarters with more items than the auditors can take are \
                reported, and items a planned audit's checklist puts in another tier.

                The plan is made as of --as-of (today by default): a planned audit whose fieldwork is \
                over counts only the items it graded (its results in the programme's history, which \
                `aimsaudit history --into` adds), not its whole scope; and no audit is proposed in a \
                quarter already past.

                Exit status: 0 when every audit due by the end of the last planned fieldwork is in a \
                planned audit in time; 1 when some are in no planned audit (listed, with any late ones); \
                2 when all are in a planned audit but some only after their due date (listed).

                """)

        @Argument(help: ArgumentHelp("The programme (YAML).", valueName: "FILE")) var file: String
        @Option(help: ArgumentHelp("First day of the cycle (default: settings.cycle_start, else today).", valueName: "DATE")) var from: String?
        @Option(help: "Years in the cycle.") var years = 3
        @Option(help: ArgumentHelp("Items one auditor can audit in a quarter.", valueName: "N")) var capacity = 40
        @Option(help: "Output format: text, json or markdown.") var format: Format = .text
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The day the plan is made (default today): a planned audit over by then counts the items it graded, and no audit is proposed in a quarter before it.", valueName: "DATE")) var asOf: String?

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

        func validate() throws {
            guard (1...10).contains(years) else { throw ValidationError("--years must be 1 to 10") }
            guard capacity > 0 else { throw ValidationError("--capacity must be at least 1") }
            if let from, Day(iso: from) == nil { throw ValidationError("--from must be a date, YYYY-MM-DD") }
            if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of must be a date, YYYY-MM-DD") }
        }

        func run() throws {
            let programme = try ProgrammeOptions.programme(at: file)
            let today = asOf.flatMap(Day.init(iso:)) ?? Day.today()
            let start = from.flatMap(Day.init(iso:)) ?? programme.settings.cycleStart ?? today
            let plan = Planner.plan(programme, from: start, years: years, perAuditorPerQuarter: capacity, asOf: today)
            switch format {
            case .text: Console.out(Self.text(plan, years: years))
            case .markdown: Console.out(Self.markdown(plan, programme, years: years))
            case .json: Console.data(try Self.json(plan))
            }
            switch plan.outcome {
            case .inTime: break
            case .uncovered: throw ExitCode(1)
            case .late: throw ExitCode(2)
            }
        }

        typealias T = TextOutput

        static func tierSummary(_ plan: Planner.Plan, years: Int) -> String {
            Tier.allCases.map { t in
                let n = Planner.count(t, years: years)
                return "\(t.rawValue) \(plan.lines.filter { $0.tier == t }.count) (\(t == .A ? plural(n, "audit") : "\(n)") each)"
            }.joined(separator: " · ")
        }

        static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

        /// "59 items", "15 items graded" (an audit over by the plan's day).
        static func itemsOf(_ a: Planner.PlannedAudit) -> String { plural(a.items, "item") + (a.over ? " graded" : "") }

        /// "20 days", "276 days (9 months)".
        static func lateness(_ days: Int) -> String {
            days < 45 ? plural(days, "day") : "\(days) days (\(spanInWords(days: days)))"
        }

        /// "due 2026-03-10, 276 days (9 months) late".
        static func lateness(_ o: Planner.Occurrence) -> String {
            "due \(o.due)" + (o.cover.map { ", \(lateness($0.daysLate)) late" } ?? "")
        }

        /// The late audits by the planned audit that covers them, in the order of the audits.
        static func byAudit(_ late: [(item: ItemKey, occurrence: Planner.Occurrence)], _ plan: Planner.Plan)
            -> [(audit: Planner.PlannedAudit, items: [(item: ItemKey, occurrence: Planner.Occurrence)])] {
            plan.audits.map { a in (a, late.filter { $0.occurrence.cover?.audit == a.id }) }.filter { !$0.items.isEmpty }
        }

        /// "B 63.9".
        static func tier(_ w: Weight) -> String { "\(w.tier.rawValue) \(T.fixed1(w.score))" }

        /// An audit of an item in Markdown: "2026-Q4 IA-2026-01", "**2026-Q4 IA-2026-02, 276 days
        /// (9 months) late**", "**2026-Q1 missing**", "2027-Q3" (proposed).
        static func occurrence(_ o: Planner.Occurrence, _ plan: Planner.Plan) -> String {
            switch plan.status(o) {
            case .inTime: "\(o.quarter) \(o.cover!.audit)"
            case .late: "**\(o.quarter) \(o.cover!.audit), \(lateness(o.cover!.daysLate)) late**"
            case .uncovered: "**\(o.quarter) missing**"
            case .proposed: "\(o.quarter)"
            }
        }

        /// "Planned audits outside the cycle, not checked against it: IA-2025-02 (fieldwork ends
        /// 2025-11-30)."; nil when there are none.
        static func outside(_ plan: Planner.Plan) -> String? {
            plan.outside.isEmpty ? nil : "Planned audits outside the cycle, not checked against it: "
                + plan.outside.map { "\($0.id) (fieldwork ends \($0.fieldwork.to))" }.joined(separator: ", ") + "."
        }

        static func text(_ plan: Planner.Plan, years: Int) -> String {
            var lines = ["Programme plan \(plan.from) to \(plan.to) · \(plan.lines.count) items" + (plan.asOf.map { " · as of \($0)" } ?? "")]
            lines += T.wrap("Tiers as of \(plan.tiersAsOf): \(tierSummary(plan, years: years))", indent: 2, first: "")
            lines.append("")
            lines.append("QUARTER  ITEMS  CAPACITY       PLANNED AUDITS")
            let margin = 31, over = Set(plan.overloaded)
            for q in plan.quarters {
                let n = plan.load[q] ?? 0
                let audits = plan.audits.filter { $0.quarter == q }.map { "\($0.id) (\(itemsOf($0)))" }.joined(separator: ", ")
                let row = "\(q)  " + T.padLeft("\(n)", 5) + "  " + T.padLeft("\(plan.capacity)", 8) + (over.contains(q) ? " OVER" : "     ") + "  "
                lines += audits.isEmpty ? [row.trimmingTrailing()] : T.wrap(audits, indent: margin, first: row)
            }
            lines += T.wrap("ITEMS: on the checklists of the quarter's planned audits (those graded, once an audit is over), and proposed in it.",
                            indent: 0, first: "")
            if let outside = outside(plan) {
                lines.append("")
                lines += T.wrap(outside, indent: 2, first: "")
            }
            if !plan.overdue.isEmpty {
                lines.append("")
                lines.append("Overdue at the start of the cycle (last audit longer ago than the tier allows):")
                for l in plan.overdue {
                    lines += T.wrap("tier \(l.tier.rawValue), last audited \(l.item.weight.lastAudited.map(\.description) ?? "never")",
                                    indent: 4, first: "  \(l.item.key)  ")
                }
            }
            let missed = plan.missed
            if !missed.isEmpty {
                lines.append("")
                lines += T.wrap("In the scope of a planned audit that is over, but not graded by it (proposed again): \(missed.count)", indent: 2, first: "")
                for m in missed {
                    lines += T.wrap("\(m.occurrence.missed!.audit) (fieldwork ended \(m.occurrence.missed!.day)), proposed \(m.occurrence.quarter)",
                                    indent: 4, first: "  \(m.item)  ")
                }
            }
            lines.append("")
            if let horizon = plan.horizon {
                let late = plan.late, uncovered = plan.uncovered
                let by = "by \(horizon) (the end of the last planned fieldwork)"
                if !late.isEmpty {
                    lines += T.wrap("Audited late, by a planned audit after its due date: \(late.count)", indent: 2, first: "")
                    for (audit, items) in byAudit(late, plan) {
                        lines += T.wrap("by \(audit.id) (fieldwork ends \(audit.fieldwork.to)): \(items.count)", indent: 4, first: "  ")
                        for l in items { lines += T.wrap(lateness(l.occurrence), indent: 6, first: "    \(l.item)  ") }
                    }
                    lines.append("")
                }
                if uncovered.isEmpty {
                    lines += T.wrap("Every audit due \(by) is in a planned audit"
                                    + (late.isEmpty ? ", in time." : "; \(late.count) of them late (above)."), indent: 2, first: "")
                } else {
                    lines += T.wrap("Due \(by) but in no planned audit: \(uncovered.count)", indent: 2, first: "")
                    for u in uncovered { lines += T.wrap("due \(u.occurrence.due), proposed \(u.occurrence.quarter)", indent: 4, first: "  \(u.item)  ") }
                }
            } else {
                lines.append("The programme plans no audits in this cycle: nothing to check against the plan.")
            }
            let differing = plan.lines.filter { !$0.otherTiers.isEmpty }
            if !differing.isEmpty {
                lines.append("")
                lines += T.wrap("In another tier on a planned audit's checklist, weighed as of its fieldwork "
                                + "(the plan weighs as of \(plan.tiersAsOf) and follows its own tiers): \(differing.count)",
                                indent: 2, first: "")
                for l in differing {
                    let others = l.otherTiers.map { "\($0.audit) \(tier($0.weight)) as of \($0.asOf)" }.joined(separator: ", ")
                    lines += T.wrap("plan \(tier(l.item.weight)); \(others)", indent: 4, first: "  \(l.item.key)  ")
                }
            }
            return lines.joined(separator: "\n")
        }

        static func markdown(_ plan: Planner.Plan, _ programme: Programme, years: Int) -> String {
            var s = "# Audit programme plan, \(programme.organisation.name)\n\n"
            s += "Cycle \(plan.from) to \(plan.to). \(plan.lines.count) items: tier \(tierSummary(plan, years: years)). "
            s += "Tier A is audited every year (at most 12 months apart), B at least twice in three years (18 months), C at least once. "
            s += "Tiers are weighed as of \(plan.tiersAsOf), the cycle's first day; a planned audit's checklist weighs its items "
            s += "as of its own first day of fieldwork, so the time since an item's last audit can put it in another tier there "
            s += "(shown beside the plan's).\n\n"
            if let asOf = plan.asOf {
                s += "As of \(asOf): a planned audit whose fieldwork is over counts the items it graded, not its scope; no audit is proposed in a quarter before \(Quarter(asOf)).\n\n"
            }
            s += "## Quarters\n\nItems: those on the checklists of the quarter's planned audits (those graded, once an audit is over), and those proposed in it.\n\n"
            s += "| Quarter | Items | Capacity | Planned audits |\n|---|---|---|---|\n"
            let over = Set(plan.overloaded)
            for q in plan.quarters {
                let audits = plan.audits.filter { $0.quarter == q }.map { "\($0.id) (\(itemsOf($0)), fieldwork \($0.fieldwork.from) to \($0.fieldwork.to))" }
                s += "| \(q) | \(plan.load[q] ?? 0) | \(plan.capacity)\(over.contains(q) ? " (over)" : "") | \(audits.joined(separator: "; ")) |\n"
            }
            if let outside = outside(plan) { s += "\n\(outside)\n" }
            if !plan.missed.isEmpty {
                s += "\n## Not graded by a planned audit that is over\n\nIn its scope, but without a result: proposed again.\n\n"
                s += plan.missed.map { "- `\($0.item)`, \($0.occurrence.missed!.audit) (fieldwork ended \($0.occurrence.missed!.day)), proposed \($0.occurrence.quarter)\n" }.joined()
            }
            if let horizon = plan.horizon {
                let late = plan.late, uncovered = plan.uncovered
                s += "\n## Audited late\n\nBy a planned audit whose fieldwork ends after the item's due date.\n\n"
                s += late.isEmpty ? "None.\n" : byAudit(late, plan).map { audit, items in
                    "- By \(audit.id) (fieldwork ends \(audit.fieldwork.to)): \(items.count)\n"
                        + items.map { "  - `\($0.item)`, \(lateness($0.occurrence))\n" }.joined()
                }.joined()
                s += "\n## Not covered by a planned audit\n\nDue by \(horizon), the end of the last planned fieldwork.\n\n"
                s += uncovered.isEmpty ? "None.\n" : uncovered.map { "- `\($0.item)`, due \($0.occurrence.due), proposed \($0.occurrence.quarter)\n" }.joined()
            } else {
                s += "\nThe programme plans no audits in this cycle: nothing to check against the plan.\n"
            }
            s += "\n## Items\n\nEach audit of an item: its quarter and the planned audit that covers it, "
            s += "or the quarter proposed; **missing** when it is due by the end of the last planned fieldwork and no planned audit covers it.\n\n"
            s += "| Item | Tier as of \(plan.tiersAsOf) | On a planned audit's checklist | Last audited | Audits |\n|---|---|---|---|---|\n"
            for l in plan.lines {
                let on = l.onAudits.map { a in
                    let t = "\(a.audit): \(tier(a.weight))"
                    return a.weight.tier == l.tier ? t : "**\(t)**"
                }.joined(separator: ", ")
                let qs = l.occurrences.map { occurrence($0, plan) }.joined(separator: "; ")
                s += "| `\(l.item.key)` | \(tier(l.item.weight)) | \(on) | \(l.item.weight.lastAudited.map(\.description) ?? "never")\(l.overdue ? " (overdue)" : "") | \(qs) |\n"
            }
            return s
        }

        static func json(_ plan: Planner.Plan) throws -> String {
            func weight(_ w: Weight) -> [String: Any] { ["tier": w.tier.rawValue, "score": w.score] }
            let object: [String: Any] = [
                "from": plan.from.description, "to": plan.to.description, "capacity": plan.capacity,
                "tiers_as_of": plan.tiersAsOf.description, "horizon": plan.horizon?.description ?? NSNull(),
                "as_of": plan.asOf?.description ?? NSNull(),
                "outcome": plan.outcome.rawValue,
                "items": plan.lines.map { l in
                    ["item": l.item.key.description, "tier": l.tier.rawValue, "score": l.item.weight.score, "overdue": l.overdue,
                     "last_audited": l.item.weight.lastAudited?.description ?? NSNull(),
                     "on_planned_audits": l.onAudits.map { weight($0.weight).merging(["audit": $0.audit, "as_of": $0.asOf.description]) { a, _ in a } },
                     "audits": l.occurrences.map { o in
                         ["due": o.due.description, "quarter": o.quarter.description, "status": plan.status(o).rawValue,
                          "covered_by": o.cover?.audit ?? NSNull(), "fieldwork_ends": o.cover?.day.description ?? NSNull(),
                          "days_late": o.cover.map { $0.daysLate as Any } ?? NSNull(),
                          "missed_by": o.missed?.audit ?? NSNull()] as [String: Any]
                     }] as [String: Any]
                },
                "planned_audits": plan.audits.map { ["audit": $0.id, "quarter": $0.quarter.description, "items": $0.items, "over": $0.over,
                                                     "fieldwork_from": $0.fieldwork.from.description, "fieldwork_to": $0.fieldwork.to.description] as [String: Any] },
                "outside_the_cycle": plan.outside.map { ["audit": $0.id, "fieldwork_to": $0.fieldwork.to.description] },
                "quarters": plan.quarters.map { ["quarter": $0.description, "items": plan.load[$0] ?? 0] as [String: Any] },
                "late": plan.late.map { ["item": $0.item.description, "due": $0.occurrence.due.description,
                                         "audit": $0.occurrence.cover!.audit, "fieldwork_ends": $0.occurrence.cover!.day.description,
                                         "days_late": $0.occurrence.cover!.daysLate] as [String: Any] },
                "missed": plan.missed.map { ["item": $0.item.description, "audit": $0.occurrence.missed!.audit,
                                             "fieldwork_ends": $0.occurrence.missed!.day.description,
                                             "proposed": $0.occurrence.quarter.description] },
                "uncovered": plan.uncovered.map { ["item": $0.item.description, "due": $0.occurrence.due.description,
                                                   "proposed": $0.occurrence.quarter.description] },
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
    }
}
