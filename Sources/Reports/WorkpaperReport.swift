import AuditCore
import Foundation
import Workpaper

extension MarkdownReport {
    /// The report of a workpaper as it stands. Throws rather than leave out a journal it cannot
    /// read: a report must never be quietly incomplete.
    public init(workpaper: WorkpaperFile, asOf: Day? = nil) throws(WorkpaperError) {
        var journal = JournalSummary(fieldwork: workpaper.audit.fieldwork)
        try workpaper.journalOutline { _, time, _, type in journal.add(time: time, type: type) }
        self.init(programme: workpaper.programme, analysis: workpaper.analysis, state: workpaper.state,
                  journal: journal, head: workpaper.head.hash, recordedBy: try workpaper.recorders(), asOf: asOf)
        signed = try workpaper.signedCounts()
    }
}
