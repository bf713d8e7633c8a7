import ArgumentParser
import AuditCore
import Foundation
import Workpaper

@main
struct AimsAudit: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "aimsaudit",
        abstract: "Internal audit fieldwork under ISO/IEC 42001:2023 (clause 9.2), in the terminal.",
        discussion: """
            Exit codes: 0 ok · 1 the check failed (a blocked assignment, a programme error) · \
            64 usage · 65 bad data in an input file · 66 input missing or unreadable.
            """,
        version: version,
        subcommands: [Check.self, List.self, Synth.self]
    )
}

/// Options shared by the commands that read a programme and pick one of its audits.
struct ProgrammeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The programme file (YAML, aimsaudit/programme@1).", valueName: "PROGRAMME.yaml"))
    var file: String

    @Option(help: ArgumentHelp("The audit of the programme (its `id`); may be left out when there is only one.", valueName: "ID"))
    var audit: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// Loads the programme and picks the audit, or ends the process with a clear message and a sysexits code.
    func load() throws -> (Programme, Audit) {
        let programme: Programme
        do {
            programme = try ProgrammeLoader.load(path: file)
        } catch {
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
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
        return (programme, chosen)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func out(_ text: String) {
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
        let (programme, audit) = try options.load()
        let analysis = Derive.analyse(audit, in: programme)
        switch options.format {
        case .json: Console.out(try JSONOutput.check(analysis))
        case .text: Console.out(TextOutput.check(analysis, programme: programme, path: options.file))
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
        let (programme, audit) = try options.load()
        let items = Derive.checklist(of: audit, in: programme)
        switch options.format {
        case .json: Console.out(try JSONOutput.list(audit: audit, items: items))
        case .text: Console.out(TextOutput.list(audit: audit, items: items, programme: programme))
        }
    }
}
