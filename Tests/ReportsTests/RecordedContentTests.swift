import AuditCore
import Workpaper
import Foundation
import Reports
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The report says what was recorded, and only that: every statement part written, who recorded
/// each finding, good practice only when the auditor wrote it as such, never a note; and its
/// words count right. Read back through cmark-gfm as a reader's tools would.
@Suite struct RecordedContentTests {
    static let created = ReportJournalEntry(seq: 1, time: "2026-11-20T09:00:00.000Z", actor: "amara", type: "workpaper.created")

    func render(_ events: [EventBody], recordedBy: [String: Set<String>] = [:],
                journal: [ReportJournalEntry] = [created]) throws -> String {
        let programme = try ProgrammeLoader.load(path: ReportDocumentTests.sample)
        let analysis = Derive.analyse(programme.audit("IA-2026-01")!, in: programme)
        return MarkdownReport(programme: programme, analysis: analysis, state: WorkpaperState.fold(events), journal: journal,
                              head: String(repeating: "b", count: 64),
                              recordedBy: Dictionary(uniqueKeysWithValues: recordedBy.map { (ItemKey($0.key)!, $0.value) }),
                              asOf: Day(iso: "2026-11-27")).render()
    }

    /// The blocks of the document under each heading (to the next heading of any level), by the
    /// heading's text.
    func sections(_ markdown: String) throws -> [(heading: String, blocks: [XMLElement])] {
        let doc = try CMark.xml(markdown)
        let root = try #require(try CMark.elements(doc, "document").first)
        var out: [(heading: String, blocks: [XMLElement])] = []
        for case let block as XMLElement in root.children ?? [] {
            if block.name == "heading" { out.append((CMark.text(block), [])) } else if !out.isEmpty { out[out.count - 1].blocks.append(block) }
        }
        return out
    }

    /// The top-level list items under the first heading that starts with `prefix`.
    func items(_ markdown: String, under prefix: String) throws -> [String] {
        let section = try #require(try sections(markdown).first { $0.heading.hasPrefix(prefix) }, "no heading \(prefix)")
        return section.blocks.filter { $0.name == "list" }.flatMap { list in
            (list.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "item" }.map(CMark.text)
        }
    }

    func rows(_ table: XMLElement) -> [[String]] {
        (table.children ?? []).compactMap { $0 as? XMLElement }.map { row in
            (row.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "table_cell" }.map(CMark.text)
        }
    }

    func table(_ markdown: String, headed first: String) throws -> [[String]] {
        let tables = try CMark.elements(try CMark.xml(markdown), "table").map(rows)
        return try #require(tables.first { $0.first?.first == first }, "no table headed \(first)")
    }

    static func evidence(_ id: Int, _ item: String) -> EventBody {
        .evidenceAdded(EvidenceReference(id: id, item: item, type: .document, reference: "DOC-\(id)"))
    }

    static func major(_ item: String) -> [EventBody] {
        [.statement(item: item, Statement(requirement: "R \(item)", evidence: "E \(item)", gap: "G \(item)")), .graded(item: item, grade: .major)]
    }

    static func minor(_ item: String) -> [EventBody] {
        [.statement(item: item, Statement(requirement: "R \(item)", evidence: "E \(item)", gap: "G \(item)")), .graded(item: item, grade: .minor)]
    }

    @Test func theEvidenceStatementOfAConformingItemAnObservationAndAnOFIIsReported() throws {
        let md = try render([
            Self.evidence(1, "9.2.1"),
            .statement(item: "9.2.1", Statement(evidence: "Plan v2 approved by Paul Renner on 2026-11-02")),
            .graded(item: "9.2.1", grade: .conform),
            .statement(item: "A.6.2.6@claimsort", Statement(evidence: "PSI threshold set by one data scientist", gap: "No rationale documented")),
            .graded(item: "A.6.2.6@claimsort", grade: .observation),
            .statement(item: "9.2.2", Statement(requirement: "9.2.2 b)", evidence: "Competences listed without dates", gap: "Confirm yearly")),
            .graded(item: "9.2.2", grade: .ofi),
        ])
        let observation = try items(md, under: "F-01 Observation: A.6.2.6@claimsort")
        #expect(observation.contains("Evidence: PSI threshold set by one data scientist"), "\(observation)")
        #expect(observation.contains("Finding: No rationale documented"))
        #expect(!observation.contains { $0.hasPrefix("Requirement:") }, "a part not written is not made up")
        let ofi = try items(md, under: "F-02 Opportunity for improvement: 9.2.2")
        #expect(ofi.prefix(4) == ["Recorded by: not known", "Requirement: 9.2.2 b)", "Evidence: Competences listed without dates",
                                  "Finding: Confirm yearly"], "\(ofi)")
        let conforming = try items(md, under: "9.2.1 ")
        #expect(conforming.contains("Evidence: Plan v2 approved by Paul Renner on 2026-11-02"), "\(conforming)")
        #expect(conforming.contains { $0.hasPrefix("Evidence references:") && $0.contains("E1 (document) DOC-1") })
    }

    @Test func notesStayOutAndGoodPracticeIsWhatTheAuditorWroteAsSuch() throws {
        let md = try render(Self.major("A.6.2.8@ava") + [
            .noted(item: "A.6.2.8@ava", note: "PRIVATE-1 ask Kenji again"),
            Self.evidence(1, "A.7.5@claimsort"),
            .noted(item: "A.7.5@claimsort", note: "Good practice: PRIVATE-2 lineage looks great"),
            .graded(item: "A.7.5@claimsort", grade: .conform),
            .statement(item: "9.2.2", Statement(gap: "Confirm competences yearly")),
            .noted(item: "9.2.2", note: "PRIVATE-3 Paul was defensive"),
            .graded(item: "9.2.2", grade: .ofi),
            .noted(item: "A.10.4", note: "PRIVATE-4 start here tomorrow"),
            Self.evidence(2, "9.2.1"),
            .goodPractice(item: "9.2.1", text: "The plan was approved a month ahead, with criteria per item"),
            .graded(item: "9.2.1", grade: .conform),
            // GR-3's reason is the one note the report prints: the rule asks for it as the why.
            .noted(item: "A.10.3@claimsort", note: "Built in-house; no supplier"),
            .graded(item: "A.10.3@claimsort", grade: .notApplicable),
        ])
        #expect(!md.contains("PRIVATE"))
        let section11 = try items(md, under: "11. Good practice")
        #expect(section11 == ["Opportunity for improvement, 9.2.2: Confirm competences yearly",
                              "Good practice, 9.2.1: The plan was approved a month ahead, with criteria per item"], "\(section11)")
        let tables = try CMark.elements(try CMark.xml(md), "table").map(rows)
        #expect(tables.contains { $0.first == ["Item", "Why"] && $0.contains(["A.10.3@claimsort", "Built in-house; no supplier"]) })
    }

    /// A workpaper from before GR-5 may hold an observation with no text: the report says so
    /// rather than print an empty bullet and an empty cell.
    @Test func anObservationWithoutTextSaysSo() throws {
        let md = try render([.noted(item: "A.7.5@ava", note: "seen"), .graded(item: "A.7.5@ava", grade: .observation)])
        #expect(try items(md, under: "11. Good practice") == ["Observation, A.7.5@ava: no text recorded"])
        #expect(try table(md, headed: "No.")[1][4] == "no text recorded")
    }

    @Test func eachFindingNamesWhoRecordedIt() throws {
        let md = try render(Self.major("A.6.2.8@ava") + [
            .statement(item: "A.6.2.6@claimsort", Statement(gap: "No rationale")), .graded(item: "A.6.2.6@claimsort", grade: .observation),
            Self.evidence(1, "9.2.1"), .graded(item: "9.2.1", grade: .conform),
        ], recordedBy: ["A.6.2.8@ava": ["olivia"], "A.6.2.6@claimsort": ["tomasz", "amara"], "9.2.1": ["olivia"]])
        #expect(try items(md, under: "F-01 Major nonconformity: A.6.2.8@ava").first == "Recorded by: Olivia Brandt")
        // The team in its order: the lead first.
        #expect(try items(md, under: "F-02 Observation: A.6.2.6@claimsort").first == "Recorded by: Amara Nwosu, Tomasz Wierzbicki")
        #expect(try items(md, under: "9.2.1 ").first == "Recorded by: Olivia Brandt")
    }

    @Test func theConclusionCountsInTheRightNumber() throws {
        func conclusion(_ events: [EventBody]) throws -> String {
            let md = try render(events)
            let section = try #require(try sections(md).first { $0.heading.hasPrefix("6. ") })
            return try #require(section.blocks.map(CMark.text).first { $0.hasPrefix("Conclusion.") })
        }
        #expect(try conclusion(Self.major("A.6.2.8@ava") + Self.minor("A.6.2.6@ava"))
            .contains("1 major and 1 minor nonconformity were found; the major nonconformity needs"))
        #expect(try conclusion(Self.major("A.6.2.8@ava") + Self.major("A.6.2.4@ava") + Self.minor("A.6.2.6@ava"))
            .contains("2 major nonconformities and 1 minor nonconformity were found; the major nonconformities need"))
        #expect(try conclusion(Self.major("A.6.2.8@ava")).contains("1 major nonconformity was found;"))
        #expect(try conclusion(Self.major("A.6.2.8@ava") + Self.minor("A.6.2.6@ava") + Self.minor("A.6.2.4@ava"))
            .contains("1 major and 2 minor nonconformities were found;"))
    }

    @Test func verifiedByOnlyOnceTheEffectivenessCheckIsRecorded() throws {
        let item = "A.6.2.8@ava"
        let planned = Self.major(item) + [.actionSet(item: item, CorrectiveAction(
            action: "Pipeline check", owner: "kenji", due: "2027-01-31", effectivenessCriteria: "Three monthly checks pass",
            verifiedBy: "ines", verifiedOn: "2027-04-30"))]
        let before = try render(planned)
        #expect(!before.contains("Verified by") && !before.contains("verified by"))
        let followUp = try table(before, headed: "Finding")
        #expect(followUp[0].last == "Effectiveness check")
        #expect(followUp[1].last == "Dr Ines Varga, planned")
        let details = try items(before, under: "F-01 ")
        let action = try #require(details.first { $0.hasPrefix("Corrective action (10.2):") })
        #expect(action.contains("Verifier (planned): Dr Ines Varga") && action.contains("Verification planned for: 2027-04-30"), "\(action)")

        let after = try render(planned + [.actionSet(item: item, CorrectiveAction(effectivenessResult: "Three checks passed", outcome: .effective))])
        #expect(try table(after, headed: "Finding")[1].last == "verified by Dr Ines Varga on 2027-04-30")
        let done = try #require(try items(after, under: "F-01 ").first { $0.hasPrefix("Corrective action (10.2):") })
        #expect(done.contains("Verified by: Dr Ines Varga") && done.contains("Verified on: 2027-04-30"), "\(done)")
    }

    @Test func theJournalLineCountsEventsByWhenTheyWereRecorded() throws {
        func entry(_ seq: Int, _ day: String, _ type: String = "finding.noted") -> ReportJournalEntry {
            ReportJournalEntry(seq: seq, time: "\(day)T10:00:00.000Z", actor: "olivia", type: type)
        }
        let journal = [Self.created, entry(2, "2026-11-21"), entry(3, "2026-11-22"), entry(4, "2026-11-23"), entry(5, "2026-11-25"),
                       entry(6, "2026-11-27"), entry(7, "2026-12-10")]
        let header = try table(try render([], journal: journal), headed: "Audit")
        let row = try #require(header.first { $0.first == "Workpaper journal" })
        #expect(row[1].hasPrefix("7 events: 1 creating the workpaper; recorded 2 before fieldwork, 3 during fieldwork, 1 after fieldwork; last 2026-12-10T10:00:00.000Z"), "\(row)")
        let none = try table(try render([], journal: [Self.created]), headed: "Audit").first { $0.first == "Workpaper journal" }
        #expect(none?[1].hasPrefix("1 event: 1 creating the workpaper; nothing recorded yet;") == true, "\(String(describing: none))")
    }

    /// The first table's header is a row a reader sees, not blank cells (an empty bar in HTML or Word).
    @Test func theFirstTableHasARealHeaderRow() throws {
        let md = try render([])
        let first = try #require(try CMark.elements(try CMark.xml(md), "table").first)
        let header = rows(first)[0]
        #expect(header == ["Audit", "IA-2026-01"])
        let html = try CMark.html(md)
        let th = html.components(separatedBy: "<th>").dropFirst().map { $0.components(separatedBy: "</th>")[0] }
        #expect(!th.isEmpty && th.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty }, "\(th)")
    }
}
