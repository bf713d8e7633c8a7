import ArgumentParser
import AuditCore
import Foundation
import Reports
import Workpaper
import ConsoleSupport
import VisibleText

extension AimsAudit {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the audit report (Markdown, a web page or Word), the management review input, the audit as JSON or OSCAL, or the evidence requests.",
            discussion: """
                markdown (the default): the audit report of one workpaper. Follow-up statuses are judged on \
                --as-of, by default the day of the workpaper's last record, so the same workpaper always \
                gives the same bytes. A report with a major nonconformity names top management \
                (organisation.top_management) and the corrective actions' owners in its distribution, with \
                a warning when the audit's report_to lacks them.
                html: the same report as one self-contained web page (styles inside, made for print on A4 \
                or Letter, grades and coverage drawn as charts, nothing fetched).
                docx: the same report as a Word document, made by pandoc (which must be installed; exit \
                69 when it is not), styled by Themes/report-reference.docx or --reference-doc.
                review: the internal-audit inputs to management review (ISO/IEC 42001 9.3.2) over one or \
                more workpapers: results per audit and trend (earlier audits from the programme's history \
                too; a comparison over fewer than \(ManagementReview.fewItems) items audited is said to be no trend), \
                open and overdue nonconformities and corrective actions with how long each has been open \
                (those only the history records as open too), observations and improvement opportunities, \
                coverage of the programme's cycle; all as of one day (workpapers whose fieldwork begins \
                after it are left out). The programme is the snapshot in \
                the latest workpaper unless --programme names the current file; the cycle starts at \
                --from, else the programme's settings.cycle_start, else the earliest audit's period. \
                --as-of defaults to today.
                json: the whole audit as one JSON document (format aimsaudit/audit@1, docs/audit-json.md).
                oscal: OSCAL assessment results, and beside them (-o NAME.json: NAME.plan.json) the \
                assessment plan they import (docs/oscal.md).
                requests, requests-csv: the evidence requests to send before fieldwork, per auditee (the \
                owners and operators of the items still to be audited; --auditee for one of them), as \
                Markdown or CSV.
                Without -o the output goes to standard output.
                """)

        @Argument(help: ArgumentHelp("The workpaper (several for --format review).", valueName: "FILE")) var files: [String]
        @Option(name: .shortAndLong, help: ArgumentHelp("Write the report here (- for standard output; a link is followed, a FIFO or device written into).", valueName: "report.md")) var output: String?
        @Option(help: "What to write (see above).") var format: ReportFormat = .markdown
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The day statuses are judged on.", valueName: "DATE")) var asOf: String?
        @Option(help: ArgumentHelp("review: the programme file for the cycle and history.", valueName: "PROGRAMME.yaml")) var programme: String?
        @Option(help: ArgumentHelp("review: first day of the cycle.", valueName: "DATE")) var from: String?
        @Option(help: "review: years in the cycle.") var years = 3
        @Option(help: ArgumentHelp("requests: only this person's requests.", valueName: "PERSON")) var auditee: String?
        @Flag(help: "markdown, html, docx: a draft, marked as such at the top; written even while conflicts between replicas are open.") var draft = false
        @Option(name: .customLong("reference-doc"), help: ArgumentHelp("docx: the Word document whose styles to use instead of the built-in one.", valueName: "FILE.docx")) var referenceDoc: String?

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
            case markdown, html, docx, review, json, oscal, requests
            case requestsCSV = "requests-csv"

            /// The audit report of one workpaper, in one of its formats.
            var isAuditReport: Bool { [.markdown, .html, .docx].contains(self) }
        }

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name a workpaper") }
            if format != .review, files.count > 1 {
                let what = format.isAuditReport ? "audit report" : "\(format.rawValue) export"
                throw ValidationError("one workpaper per \(what); --format review takes several")
            }
            if referenceDoc != nil, format != .docx { throw ValidationError("--reference-doc goes with --format docx") }
            if auditee != nil, ![.requests, .requestsCSV].contains(format) { throw ValidationError("--auditee goes with --format requests or requests-csv") }
            for (name, value) in [("--as-of", asOf), ("--from", from)] {
                if let value, Day(iso: value) == nil { throw ValidationError("\(name) must be a date, YYYY-MM-DD") }
            }
            guard (1...10).contains(years) else { throw ValidationError("--years must be 1 to 10") }
        }

        func run() throws {
            let day = asOf.flatMap(Day.init(iso:))
            let report: String
            switch format {
            case .markdown, .html, .docx:
                // Opened again when the screen beside saved between the open and the report (see
                // `WorkpaperFile.withinOneRead`); nothing has been written then.
                var attempt = 1
                while true {
                    do { return try auditReport(day) } catch let error as WorkpaperError {
                        if case .changed = error, attempt < 3 { attempt += 1; continue }
                        Console.error(error.description)
                        throw ExitCode(error.exitCode)
                    }
                }
            case .json, .oscal, .requests, .requestsCSV:
                return try exportAudit(day)
            case .review:
                var audits: [ReviewedAudit] = []
                var snapshot: (Day, Programme)?
                for path in files {
                    let w = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path) }
                    defer { w.close() }
                    audits.append(ReviewedAudit(workpaper: URL(fileURLWithPath: path).lastPathComponent, analysis: w.analysis,
                                                state: w.state, head: w.head.hash))
                    if snapshot.map({ $0.0 <= w.audit.fieldwork.to }) ?? true { snapshot = (w.audit.fieldwork.to, w.programme) }
                }
                let current = try programme.map(ProgrammeOptions.programme(at:)) ?? snapshot!.1
                let start = from.flatMap(Day.init(iso:)) ?? current.settings.cycleStart ?? audits.map(\.analysis.audit.period.from).min()!
                report = ReviewReport(programme: current, audits: audits, cycleFrom: start, years: years, asOf: day ?? Day.today()).render()
            }
            guard let output else { return Console.out(report) }
            try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(report.utf8), to: output) }
            if output != "-" { Console.error("wrote \(output)") }
        }

        /// The audit report of one workpaper, from its state tables (`verify` proves them the
        /// journal's fold): each item's evidence is read as the report reaches it, not held.
        func auditReport(_ day: Day?) throws {
            let workpaper = try WorkpaperFile.open(files[0], stateFrom: .tables)
            defer { workpaper.close() }
            // A final report waits until every field set two ways is resolved.
            let open = workpaper.state.allConflicts
            if !open.isEmpty, !draft {
                Console.error("aimsaudit: \(files[0]) has \(open.count) open conflict\(open.count == 1 ? "" : "s"); resolve each with record (the lead keeps one value or writes a new one), or export --draft:")
                for c in open { Console.error(TextOutput.wrap(c.summary, indent: 4, first: "  ").joined(separator: "\n")) }
                throw ExitCode(1)
            }
            var made = try MarkdownReport(workpaper: workpaper, asOf: day)
            made.draft = draft
            switch format {
            case .html:
                let page = try made.reading { made.html() }
                if let output { try AtomicFile.write(Data(page.utf8), to: output) } else { Console.out(page) }
            case .docx:
                try docx(try made.reading { made.document() })
            default:
                // Written a block at a time (to standard output as `Console.out` shows text).
                try AtomicFile.write(to: output ?? "-") { emit throws(WorkpaperError) in
                    try withoutActuallyEscaping(emit) { emit throws(WorkpaperError) in
                        try made.reading { made.write { emit(Data((output == nil ? Visible.text($0) : $0).utf8)) } }
                    }
                }
            }
            if let output, output != "-", format != .docx { Console.error("wrote \(output)") }
            // A major goes to top management and the action owners: said, once the report is
            // written, when the programme's list lacks them.
            warn(made.distributionWarnings)
        }

        /// Warnings about a report written, each wrapped to the terminal's 80 columns.
        func warn(_ warnings: [String]) {
            for w in warnings { Console.error(TextOutput.wrap("aimsaudit: warning: \(w)", indent: 2, first: "").joined(separator: "\n")) }
        }
    }
}
