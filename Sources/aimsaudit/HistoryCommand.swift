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
            of fieldwork. A major or minor nonconformity is open (its corrective action is followed \
            up afterwards); change it to closed in the programme once the action is verified. \
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
        var lines = ["# results of \(audit.id) (\(audit.fieldwork.from) to \(audit.fieldwork.to)), for the programme's history:"]
        for item in analysis.checklist {
            let grade = state.record(item.key.description).grade
            guard HistoryEntry.grades.contains(grade) else { continue }
            let status = HistoryEntry.needsStatus(grade) ? ", status: open" : ""
            lines.append("  - {audit: \(audit.id), date: \(audit.fieldwork.to), item: \(item.key), grade: \(grade.rawValue)\(status)}")
        }
        return lines
    }
}
