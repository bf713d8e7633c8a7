import AuditCore
import Foundation
import Reports
import Testing
import Workpaper
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Section 13 as programme format 2 asks: the report of an audit with a major nonconformity goes
/// to top management besides its distribution list, and says how long its records are kept; a
/// format-1 programme, which has neither key, is reported as before.
@Suite struct DistributionTests {
    static let formatOne = URL(fileURLWithPath: ReportDocumentTests.sample).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/harbourline-format1.yaml").path
    static let content = RecordedContentTests()

    func render(_ path: String, _ events: [EventBody]) throws -> String {
        let programme = try ProgrammeLoader.load(path: path)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        return MarkdownReport(programme: programme, analysis: analysis, state: WorkpaperState.fold(events),
                              journal: [RecordedContentTests.created], head: String(repeating: "d", count: 64),
                              recordedBy: [:], asOf: Day(iso: "2026-11-27")).render()
    }

    /// The section's list and paragraphs, as a reader gets them.
    func section13(_ markdown: String) throws -> (list: [String], text: [String]) {
        let sections = try Self.content.sections(markdown)
        let list = try Self.content.items(markdown, under: "13. Distribution")
        let retention = try #require(sections.first { $0.heading == "Confidentiality and retention" })
        return (list, retention.blocks.filter { $0.name == "paragraph" }.map(CMark.text))
    }

    @Test func aMajorGoesToTopManagementAndTheRetentionIsTheProgrammes() throws {
        let major = try section13(try render(ReportDocumentTests.sample, RecordedContentTests.major("A.6.2.8@ava")))
        #expect(major.list == ["Helen Achebe", "Paul Renner", "Dr Ines Varga",
                               "James Whitcombe — top management (a major nonconformity) (not on the programme's distribution list)"], "\(major.list)")
        #expect(major.text.contains("This report, its workpaper and the evidence it cites are kept for 6 years, as the programme sets."),
                "\(major.text)")
        // A minor is no reason to go to top management.
        let minor = try section13(try render(ReportDocumentTests.sample, RecordedContentTests.minor("A.6.2.8@ava")))
        #expect(minor.list == ["Helen Achebe", "Paul Renner", "Dr Ines Varga"], "\(minor.list)")
    }

    @Test func aFormat1ProgrammeNamesNoTopManagementAndNoRetentionPeriod() throws {
        let old = try section13(try render(Self.formatOne, RecordedContentTests.major("A.6.2.8@ava")))
        #expect(old.list == ["Helen Achebe", "Paul Renner", "Dr Ines Varga"], "\(old.list)")
        #expect(old.text.contains { $0.hasPrefix("The programme sets no retention period for workpapers and evidence") }, "\(old.text)")
    }
}
