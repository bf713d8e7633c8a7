import AuditCore
import Foundation
import Workpaper

extension MarkdownReport {
    /// The report of a workpaper as it stands. Throws rather than leave out a journal it cannot
    /// read: a report must never be quietly incomplete.
    public init(workpaper: WorkpaperFile, asOf: Day? = nil) throws(WorkpaperError) {
        var journal = JournalSummary(fieldwork: workpaper.audit.fieldwork)
        try workpaper.journalOutline { _, time, _, type in journal.add(time: time, type: type) }
        // Of the verdicts' reasons, the report prints those of blocks and of the warnings a
        // justification answers: the others (8 MB at 10,000 items) are not kept.
        let state = workpaper.state
        let analysis = workpaper.derivedAnalysis { v in v.level == .warn && state.record(v.item.description).justifications[v.auditor] != nil }
        self.init(programme: workpaper.programme, analysis: analysis, state: state,
                  journal: journal, head: workpaper.head.hash, recordedBy: try workpaper.recorders(), asOf: asOf)
        signed = try workpaper.signedCounts()
        // Opened from its tables, the workpaper holds no evidence: it is read an item at a time.
        if workpaper.readsEvidencePerItem {
            let reads = EvidenceReads(workpaper)
            evidenceOn = reads.on
            citedByType = reads.byType
            evidenceReads = reads
        }
    }

    /// Makes the report (`write`, `html`, `document`) within one read of its workpaper, and throws
    /// what kept an item's evidence from being read (the report would be incomplete), or that the
    /// workpaper was saved to meanwhile: the caller keeps what it made only when nothing is thrown.
    public func reading<T>(_ make: () -> T) throws(WorkpaperError) -> T {
        guard let reads = evidenceReads else { return make() }
        let made = try reads.workpaper.withinOneRead(make)
        if let failure = reads.failure { throw failure }
        return made
    }
}

/// A workpaper's evidence read an item at a time as the report is made; a read that fails
/// leaves an empty list or count and is kept for `MarkdownReport.reading` to throw.
final class EvidenceReads {
    let workpaper: WorkpaperFile
    var failure: WorkpaperError?

    init(_ workpaper: WorkpaperFile) { self.workpaper = workpaper }

    func on(_ item: String) -> [EvidenceReference] { kept([]) { () throws(WorkpaperError) in try workpaper.citedEvidence(on: item) } }

    func byType() -> [EvidenceType: Int] { kept([:]) { () throws(WorkpaperError) in try workpaper.citedByType() } }

    /// What `read` gives, or `empty` with its failure kept (the first one).
    private func kept<T>(_ empty: T, _ read: () throws(WorkpaperError) -> T) -> T {
        do { return try read() } catch {
            if failure == nil { failure = error }
            return empty
        }
    }
}
