import ArgumentParser
import AuditCore
import Workpaper
import ConsoleSupport

/// Options shared by the commands that read a workpaper, or a programme and one of its audits.
struct ProgrammeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("A workpaper (.aimsaudit), or a programme file (YAML, aimsaudit/programme@1 or @2).", valueName: "FILE"))
    var file: String

    @Option(help: ArgumentHelp("The audit of a programme (its `id`); may be left out when there is only one.", valueName: "ID"))
    var audit: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// A programme file, or the end of the process with its located errors and a sysexits code.
    static func programme(at path: String) throws -> Programme {
        try read(path).programme
    }

    /// A programme file read once: what it says, and the bytes it says it in.
    static func read(_ path: String) throws -> (programme: Programme, source: [UInt8]) {
        do {
            let source = try ProgrammeLoader.source(path: path)
            return (try ProgrammeLoader.parse(source, path: path), source)
        } catch {
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
        let planned = try planned()
        return Loaded(programme: planned.programme, analysis: Derive.analyse(planned.audit, in: planned.programme), workpaper: nil)
    }

    /// The programme file, read and parsed once, and the audit chosen in it (nothing derived yet).
    func planned() throws -> (programme: Programme, audit: Audit, source: [UInt8]) {
        let (programme, source) = try Self.read(file)
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
        return (programme, chosen, source)
    }
}

/// What `list` and `check` work on: the derived audit, and what was recorded when it is a workpaper.
struct Loaded {
    var programme: Programme
    var analysis: AuditAnalysis
    var workpaper: WorkpaperFile?
    var state: WorkpaperState { workpaper?.state ?? WorkpaperState() }
}
