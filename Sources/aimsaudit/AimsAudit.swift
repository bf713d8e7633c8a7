import ArgumentParser
import AuditCore
import Foundation
import VisibleText
import Workpaper

@main
struct AimsAudit: ParsableCommand {
    static let version = WorkpaperFile.toolVersion

    static let configuration = CommandConfiguration(
        commandName: "aimsaudit",
        abstract: "Internal audit fieldwork under ISO/IEC 42001:2023 (clause 9.2), in the terminal.",
        discussion: """
            Exit codes: 0 ok · 1 the check failed (a blocked assignment, a refused record, a broken chain) · \
            64 usage · 65 bad data in an input file · 66 input missing or unreadable · 73 cannot create · \
            74 I/O error · 75 workpaper locked by another process.
            """,
        version: version,
        subcommands: [Demo.self, Open.self, New.self, List.self, Check.self, Plan.self, Assign.self, History.self, Record.self, Export.self, Verify.self, Synth.self, BenchSave.self, BenchKeys.self, BenchOpen.self]
    )

    static func main() {
        // Over a file-size limit a write should fail with an error we report, not end the process.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}

/// Options shared by the commands that read a workpaper, or a programme and one of its audits.
struct ProgrammeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A workpaper (.aimsaudit), or a programme file (YAML, aimsaudit/programme@1).", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("The audit of a programme (its `id`); may be left out when there is only one.", valueName: "ID"))
    var audit: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// A programme file, or the end of the process with its located errors and a sysexits code.
    static func programme(at path: String) throws -> Programme {
        do { return try ProgrammeLoader.load(path: path) } catch {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    /// Loads the workpaper, or the programme and the chosen audit, or ends the process with a clear
    /// message and a sysexits code.
    func load() throws -> Loaded {
        if WorkpaperFile.looksLikeWorkpaper(file) {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
            if let audit, audit != workpaper.audit.id {
                Console.error("aimsaudit: \(file) is the workpaper of \(workpaper.audit.id), not \(audit)")
                throw ExitCode(64)
            }
            return Loaded(programme: workpaper.programme, analysis: workpaper.analysis, workpaper: workpaper)
        }
        // A file named as a workpaper that is not one: say that, not what YAML makes of it.
        if file.hasSuffix(".aimsaudit") {
            _ = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
        }
        let programme = try Self.programme(at: file)
        let ids = programme.audits.map(\.id)
        guard let id = audit ?? (ids.count == 1 ? ids[0] : nil) else {
            if ids.isEmpty {
                Console.error("aimsaudit: \(file) plans no audits: add one under `audits:`")
                throw ExitCode(65)
            }
            Console.error("aimsaudit: \(file) plans \(ids.count) audits; choose one with --audit: \(ids.joined(separator: ", "))")
            throw ExitCode(64)
        }
        guard let chosen = programme.audit(id) else {
            Console.error("aimsaudit: unknown audit '\(id)' in \(file)\(Suggest.hint(for: id, in: ids)); its audits are \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
            throw ExitCode(64)
        }
        return Loaded(programme: programme, analysis: Derive.analyse(chosen, in: programme), workpaper: nil)
    }
}

/// What `list` and `check` work on: the derived audit, and what was recorded when it is a workpaper.
struct Loaded {
    var programme: Programme
    var analysis: AuditAnalysis
    var workpaper: WorkpaperFile?
    var state: WorkpaperState { workpaper?.state ?? WorkpaperState() }
}

/// Runs a workpaper operation; on failure prints its message and exits with its code.
func fail<T>(_ body: () throws(WorkpaperError) -> T) throws -> T {
    do { return try body() } catch {
        Console.error(error.description)
        throw ExitCode(error.exitCode)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum Console {
    /// Messages and text output for people carry names and notes from files: their control,
    /// bidi and zero-width characters are written visibly, never sent to the terminal.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((Visible.text(text) + "\n").utf8))
    }

    static func out(_ text: String) { data(Visible.text(text)) }

    /// Output for programs (JSON, generated YAML), written as it is.
    static func data(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a programme and list every independence verdict of an audit's team × checklist.",
        discussion: """
            Each verdict names its rule (IND-01 … IND-11), its level (block, warn, info) and the reason. \
            Exits 1 when an explicit assignment is blocked or the programme has an error for the audit \
            (e.g. an Annex A control in scope that the register never decides).
            """)

    @OptionGroup var options: ProgrammeOptions

    func run() throws {
        let loaded = try options.load()
        var analysis = loaded.analysis
        if let workpaper = loaded.workpaper {
            analysis.problems += RecordedResults.problems(analysis, recordedBy: try fail { () throws(WorkpaperError) in try workpaper.recorders() })
        }
        switch options.format {
        case .json: Console.data(try JSONOutput.check(analysis, state: loaded.state))
        case .text: Console.out(TextOutput.check(analysis, programme: loaded.programme, state: loaded.state, path: options.file))
        }
        if !analysis.passes { throw ExitCode(1) }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
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
