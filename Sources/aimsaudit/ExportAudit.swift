import ArgumentParser
import AuditCore
import ConsoleSupport
import Foundation
import Reports
import Workpaper

/// `export --format json|oscal|requests|requests-csv`: one workpaper, read whole, written where -o says.
extension AimsAudit.Export {
    func exportAudit(_ day: Day?) throws {
        let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(files[0]) }
        defer { workpaper.close() }
        if let auditee, workpaper.programme.person(auditee) == nil {
            Console.error("aimsaudit: unknown person '\(auditee)'\(Suggest.hint(for: auditee, in: workpaper.programme.people.map(\.id)))")
            throw ExitCode(64)
        }
        let x = try fail { () throws(WorkpaperError) in try AuditExport(workpaper: workpaper, asOf: day) }
        switch format {
        case .json: try emit(JSONExport(x).data())
        case .requests: try emit(RequestsReport(x, auditee: auditee).render(), data: false)
        case .requestsCSV: try emit(RequestsReport(x, auditee: auditee).csv(), data: true)
        case .oscal: try oscal(x)
        case .markdown, .html, .docx, .review: break
        }
    }

    /// Writes text to -o, or to standard output (`data`: as it is, for programs; else made visible).
    func emit(_ text: String, data: Bool) throws {
        if output == nil, !data { return Console.out(text) }
        try emit(Data(text.utf8))
    }

    /// Writes bytes for programs to -o, or as they are to standard output.
    func emit(_ bytes: Data) throws {
        let target = output ?? "-"
        try fail { () throws(WorkpaperError) in try AtomicFile.write(bytes, to: target) }
        if target != "-" { Console.error("wrote \(target)") }
    }

    /// The results, and the plan they import beside them (written first, so results never
    /// name a plan that is not there). To standard output, a descriptor, a stream or a device:
    /// the results alone.
    func oscal(_ x: AuditExport) throws {
        let target = output ?? "-"
        guard let plan = Self.planPath(besides: target) else {
            try emit(OSCALResults(x, planFile: "\(x.audit.id).plan.json").data())
            if target == "-" { Console.error("aimsaudit: the plan the results import is written only with -o FILE") }
            return
        }
        let planFile = URL(fileURLWithPath: plan).lastPathComponent
        try fail { () throws(WorkpaperError) in
            try AtomicFile.write(OSCALPlan(x).data(), to: plan)
            try AtomicFile.write(OSCALResults(x, planFile: planFile).data(), to: target)
        }
        Console.error("wrote \(target) and the plan it imports, \(plan)")
    }

    /// Where the plan goes beside results written to `output` (`NAME.json` → `NAME.plan.json`);
    /// nil for standard output, a descriptor, a stream, a device or a folder, which have no beside.
    static func planPath(besides output: String) -> String? {
        if output == "-" || output.hasPrefix("/dev/") || output.hasPrefix("/proc/self/fd/") { return nil }
        var st = stat()
        if stat(output, &st) == 0, st.st_mode & S_IFMT != S_IFREG { return nil }
        let base = output.hasSuffix(".json") ? String(output.dropLast(5)) : output
        return base + ".plan.json"
    }
}
