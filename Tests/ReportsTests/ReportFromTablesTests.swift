import AuditCore
import Foundation
import Reports
import TestFolders
import Testing
import Workpaper

/// `export` writes the report from the workpaper's state tables, reading an item's evidence as
/// the report reaches it instead of holding every reference: it must be the report the journal's
/// fold gives, byte for byte.
@Suite struct ReportFromTablesTests {
    @Test func theTablesGiveTheReportTheJournalGives() throws {
        let path = try TestFolder.make("report-tables").appendingPathComponent("IA.aimsaudit").path
        try WorkpaperFile.create(programmePath: ReportDocumentTests.sample, auditID: "IA-2026-01", at: path).close()
        let writer = try WorkpaperFile.open(path, forWriting: true)
        try writer.append(ReportDocumentTests().hostileEvents(), actor: "amara")
        // Another auditor edits one reference and withdraws another: the edit is hers, on its item.
        try writer.append([.evidenceEdited(id: 2, EvidenceEdit(reference: "Risk register v4, as re-issued")),
                           .evidenceRemoved(id: 3, reason: "superseded")], actor: "olivia")
        writer.close()

        let folded = try WorkpaperFile.open(path), tables = try WorkpaperFile.open(path, stateFrom: .tables)
        defer { folded.close(); tables.close() }
        #expect(tables.readsEvidencePerItem && !folded.readsEvidencePerItem)
        #expect(tables.state.evidence.count == 0)
        let expected = try MarkdownReport(workpaper: folded).render()
        let report = try MarkdownReport(workpaper: tables)
        #expect(try report.reading { report.render() } == expected)
        #expect(expected.contains("E2 (document) Risk register v4, as re-issued"))
        #expect(!expected.contains("E3 (document)"))
        // Who recorded on each item, read as a stream, is what the fold found.
        let recorders = try tables.recorders()
        #expect(recorders == (try folded.recorders()))
        #expect(recorders[ItemKey("9.2.2")!] == ["amara", "olivia"])
    }

    /// A save made while the report is being written (the screen open beside `export`) would mix
    /// two states of the file: the report is refused, to be made again, and made again it holds the save.
    @Test func aSaveMeanwhileIsNotMixedIntoTheReport() throws {
        let path = try TestFolder.make("report-meanwhile").appendingPathComponent("IA.aimsaudit").path
        try WorkpaperFile.create(programmePath: ReportDocumentTests.sample, auditID: "IA-2026-01", at: path).close()
        let opened = try WorkpaperFile.open(path, stateFrom: .tables)
        defer { opened.close() }
        let report = try MarkdownReport(workpaper: opened)
        let writer = try WorkpaperFile.open(path, forWriting: true)
        try writer.append([.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .interview, reference: "Priya Raman"))], actor: "olivia")
        writer.close()
        #expect(throws: WorkpaperError.self) { try report.reading { report.render() } }
        do { _ = try report.reading { report.render() } } catch { #expect(error.exitCode == 75, "\(error)") }
        let again = try WorkpaperFile.open(path, stateFrom: .tables)
        defer { again.close() }
        let made = try MarkdownReport(workpaper: again)
        #expect(try made.reading { made.render() }.contains("Priya Raman"))
    }

    /// The report keeps only the verdicts' reasons it prints (blocks, and warnings a justification
    /// answers): it is the report made from the whole analysis, byte for byte, with a justified
    /// warning among them.
    @Test func theReasonsLetGoAreNoneTheReportPrints() throws {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let audit = try #require(programme.audit("IA-2026-01"))
        let whole = Derive.analyse(audit, in: programme)
        let warned = try #require(whole.verdicts.first { $0.level == .warn })
        #expect(whole.verdicts.contains { $0.level == .block })
        let path = try TestFolder.make("report-reasons").appendingPathComponent("IA.aimsaudit").path
        try WorkpaperFile.create(programmePath: ReportDocumentTests.sample, auditID: "IA-2026-01", at: path).close()
        let writer = try WorkpaperFile.open(path, forWriting: true)
        try writer.append(ReportDocumentTests().hostileEvents(), actor: "amara")
        try writer.append([.justified(item: warned.item.description, Justification(auditor: warned.auditor, text: "Reviewed by a second auditor",
                                                                                    safeguard: "second review"))], actor: warned.auditor)
        writer.close()
        let opened = try WorkpaperFile.open(path, stateFrom: .tables)
        defer { opened.close() }
        let kept = opened.derivedAnalysis { v in v.level == .warn && opened.state.record(v.item.description).justifications[v.auditor] != nil }
        #expect(kept.verdicts.map { [$0.auditor, $0.item.description, $0.rule.rawValue, $0.level.rawValue] }
                == whole.verdicts.map { [$0.auditor, $0.item.description, $0.rule.rawValue, $0.level.rawValue] })
        #expect(kept.verdicts.contains { $0.reason.isEmpty } && kept.verdicts.filter { $0.level == .block }.allSatisfy { !$0.reason.isEmpty })
        var journal = JournalSummary(fieldwork: audit.fieldwork)
        try opened.journalOutline { _, time, _, type in journal.add(time: time, type: type) }
        let folded = try WorkpaperFile.open(path)
        defer { folded.close() }
        let fromWhole = MarkdownReport(programme: programme, analysis: whole, state: folded.state, journal: journal,
                                       head: opened.head.hash, recordedBy: try opened.recorders())
        let report = try MarkdownReport(workpaper: opened)
        let text = try report.reading { report.render() }
        #expect(text == fromWhole.render())
        #expect(text.contains(warned.reason))
    }
}
