import AuditCore
import Foundation
import Workpaper

extension MarkdownReport {
    /// The report of a workpaper as it stands. Throws rather than leave out a journal it cannot
    /// read: a report must never be quietly incomplete.
    public init(workpaper: WorkpaperFile, asOf: Day? = nil) throws(WorkpaperError) {
        let journal = try workpaper.journalOutline()
        self.init(programme: workpaper.programme, analysis: workpaper.analysis, state: workpaper.state,
                  journal: journal.map { ReportJournalEntry(seq: $0.seq, time: $0.time, actor: $0.actor, type: $0.type) },
                  head: workpaper.head.hash, recordedBy: try workpaper.recorders(), asOf: asOf)
    }
}
