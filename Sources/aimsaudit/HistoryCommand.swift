import ArgumentParser
import AuditCore
import Foundation
import Workpaper

/// `aimsaudit history`: an audit's results as the programme's `history:` entries, so the next
/// plan and the next checklist's weights see them.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a workpaper's results as history: entries for the programme file.",
        discussion: """
            One entry per graded item (major, minor, observation, ofi, conform), dated the last day \
            of fieldwork. A major or minor nonconformity is closed when its corrective action is \
            recorded as verified effective, else open: change it to closed in the programme once \
            the action is verified later. \
            Items not audited or not applicable give no entry. Append the output under the \
            programme's history: key.
            """)

    @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String

    func run() throws {
        let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
        defer { workpaper.close() }
        Console.out(Self.entries(workpaper.analysis, workpaper.state).joined(separator: "\n"))
    }

    static func entries(_ analysis: AuditAnalysis, _ state: WorkpaperState) -> [String] {
        let audit = analysis.audit
        return ["# results of \(audit.id) (\(audit.fieldwork.from) to \(audit.fieldwork.to)), for the programme's history:"]
            + state.historyEntries(analysis).map { h in
                "  - {audit: \(h.audit), date: \(h.date), item: \(h.item), grade: \(h.grade.rawValue)\(h.status.map { ", status: \($0.rawValue)" } ?? "")}"
            }
    }
}
