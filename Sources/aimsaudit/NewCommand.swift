import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAudit {
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create the workpaper of one planned audit (a SQLite file; never overwrites).",
            discussion: "The workpaper holds a snapshot of the programme, the derived checklist and verdicts, and the journal of everything recorded.")

        @Argument(help: ArgumentHelp("The programme file.", valueName: "PROGRAMME.yaml")) var programme: String
        @Option(help: ArgumentHelp("The audit to create (may be left out when the programme plans one).", valueName: "ID")) var audit: String?
        @Option(name: .shortAndLong, help: ArgumentHelp("The workpaper to create (default: ID.aimsaudit).", valueName: "FILE")) var output: String?
        @Option(name: .customLong("as"), help: ArgumentHelp("Who creates it (default: the audit's lead).", valueName: "PERSON")) var actor: String?
        @Option(help: ArgumentHelp("An earlier audit's workpaper: its open nonconformities become re-test items (repeatable).", valueName: "OLD.aimsaudit"))
        var previous: [String] = []

        func validate() throws {
            if output == "-" { throw ValidationError("a workpaper is a database file and cannot go to standard output; name a file with -o") }
        }

        func run() throws {
            // The programme is read and parsed once, and its audit derived once (with the re-tests
            // carried over): the workpaper is made of exactly what was checked here.
            let planned = try ProgrammeOptions.parse([programme] + (audit.map { ["--audit", $0] } ?? [])).planned()
            let id = planned.audit.id
            let path = output ?? "\(id).aimsaudit"
            // One re-test per item: where several earlier workpapers hold it, the latest speaks for it.
            // A finding its own audit's workpaper now records as closed is not brought back by a copy.
            var latest: [ItemKey: (end: Day, finding: CarriedFinding)] = [:]
            var closed: Set<String> = []
            for path in previous {
                let (end, found, done) = try Self.openNonconformities(of: path, before: planned.audit, in: planned.programme)
                closed.formUnion(done)
                for (key, c) in found where latest[key].map({ $0.end < end }) ?? true { latest[key] = (end, c) }
            }
            let carrying = latest.filter { !closed.contains("\($0.value.finding.audit)|\($0.key)") }
                .map { ($0.key, $0.value.finding) }.sorted { $0.0 < $1.0 }
            let analysis = Derive.analyse(planned.audit, in: planned.programme, adding: carrying.map(\.0))
            let file = try fail { () throws(WorkpaperError) in
                try WorkpaperFile.create(planned.programme, source: String(decoding: planned.source, as: UTF8.self),
                                         name: URL(fileURLWithPath: programme).lastPathComponent, analysis: analysis,
                                         at: path, actor: actor, carrying: carrying)
            }
            defer { file.close() }
            let a = file.analysis
            Console.out("created \(path): \(id), \(a.checklist.count) items, \(a.audit.team.count) auditors, \(a.verdicts.count) independence verdicts; journal head \(file.head.hash.prefix(16))")
            // Made all the same (fieldwork can begin while the programme is put right), but not in silence.
            let errors = analysis.problems.filter { $0.level == .error }
            if !errors.isEmpty {
                Console.error("aimsaudit: warning: `aimsaudit check` fails on \(programme) for \(id) (\(errors.count) error\(errors.count == 1 ? "" : "s")); fix the programme and make the workpaper again before fieldwork:")
                for p in errors { Console.error(TextOutput.problem(p, in: programme).joined(separator: "\n")) }
            }
            if !carrying.isEmpty {
                // Which of them the scope alone leaves out (its items only; no verdicts derived).
                let outside = Set(carrying.map(\.0)).subtracting(Derive.checklist(of: planned.audit, in: planned.programme).map(\.key))
                Console.out("carried over \(carrying.count) open nonconformit\(carrying.count == 1 ? "y" : "ies") to re-test: "
                    + carrying.map { "\($0.0) (\($0.1.grade.rawValue) of \($0.1.audit))" }.joined(separator: ", ")
                    + (outside.isEmpty ? "" : "; added to the checklist beyond the scope: \(outside.sorted().map(\.description).joined(separator: ", "))"))
            }
        }

        /// An earlier workpaper's nonconformities still open when `audit` begins, latest record of each item.
        /// Also the findings of that audit it records as closed, as "audit|item".
        static func openNonconformities(of path: String, before audit: Audit, in programme: Programme) throws -> (Day, [(ItemKey, CarriedFinding)], Set<String>) {
            let old = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path) }
            defer { old.close() }
            guard old.programme.organisation.name == programme.organisation.name else {
                Console.error("aimsaudit: \(path) is a workpaper of \(old.programme.organisation.name), not of \(programme.organisation.name); --previous takes an earlier audit of the same programme")
                throw ExitCode(65)
            }
            guard old.audit.fieldwork.to < audit.fieldwork.from else {
                Console.error("aimsaudit: \(path) is the workpaper of \(old.audit.id), whose fieldwork (to \(old.audit.fieldwork.to)) does not end before \(audit.id) begins (\(audit.fieldwork.from)); --previous takes an earlier audit")
                throw ExitCode(65)
            }
            let closed = old.state.closedNonconformities(in: old.analysis.checklist, on: audit.fieldwork.from).map { "\(old.audit.id)|\($0)" }
            return (old.audit.fieldwork.to,
                    old.state.openNonconformities(in: old.analysis.checklist, audit: old.audit,
                                                  workpaper: URL(fileURLWithPath: path).lastPathComponent,
                                                  journalHash: old.head.hash, on: audit.fieldwork.from),
                    Set(closed))
        }
    }
}
