import AuditCore
import Fieldwork
import Foundation
import TerminalKit
import Testing
import Workpaper

/// The screen opens from the workpaper's tables alone (the checklist and verdicts kept when it was
/// made, the items' records, the evidence counts; an item's detail and references when it is
/// shown). It must show what the screen made from the programme and the whole journal shows.
@Suite struct OpenFromTablesTests {
    /// Two screens over one workpaper: one opened as the screen opens, one from the snapshot
    /// parsed and the journal folded. Every page of the checklist and every item is the same.
    @Test func tablesAloneShowWhatTheProgrammeAndJournalShow() throws {
        let h = try Harness(as: "amara") { wp in
            try wp.append([.graded(item: "9.2.1", grade: .conform),
                           .evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "Plan v2")),
                           .evidenceAdded(EvidenceReference(id: 2, item: "9.2.1", type: .record, reference: "Plan v1")),
                           .evidenceRemoved(id: 2, reason: "superseded"),
                           .noted(item: "A.6.2.6@claimsort", note: "queue reviewed weekly"),
                           .carried(item: "A.7.5@ava", CarriedFinding(audit: "IA-2025-02", workpaper: "w", journalHash: "ab", date: "2025-11-28",
                                                                      grade: .minor, statement: Statement(), action: nil))], actor: "olivia")
        }
        let full = try WorkpaperFile.open(h.path)
        defer { full.close() }
        let terminal = MemoryTerminal(width: 120, height: 30)
        let derived = try FieldworkRunner(workpaper: full, me: "amara", terminal: terminal, readOnly: true)
        h.runner.send(.resize(120, 30))
        derived.send(.resize(120, 30))
        func same(_ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            // (The second screen is read-only, which its head says: the head and footer are left aside.)
            let a = Render.frame(h.state).lines.dropFirst().dropLast(), b = Render.frame(derived.state).lines.dropFirst().dropLast()
            #expect(a == b, "\(what):\n\(a.joined(separator: "\n"))\n---\n\(b.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
        var seen: [String] = []
        for page in 0..<4 {
            same("page \(page)")
            seen += h.lines
            for runner in [h.runner, derived] { runner.send([.pageDown]) }
        }
        #expect(seen.contains { $0.contains("[re-test]") } && seen.contains { $0.contains("9.2.1") && $0.hasSuffix(" 1") })
        // Every item, opened: the register entry, the owners and their roles, the requirement, the references.
        for item in h.state.analysis.checklist.map(\.key.description) {
            for runner in [h.runner, derived] {
                runner.send([.char(":")])
                runner.send(Array("item \(item)").map { Key.char($0) })
                runner.send([.enter])
            }
            same(item)
            for runner in [h.runner, derived] { runner.send([.char("q")]) }
        }
        // Search reaches notes, and the filters agree.
        for runner in [h.runner, derived] { runner.send([.char("/")] + Array("weekly").map { Key.char($0) } + [.enter]) }
        same("search in notes")
        #expect(h.lines.contains { $0.contains("A.6.2.6") })
    }

    /// A reference of an item not shown yet can still be edited and removed through the one path
    /// (the save reads it from the table first), and the checklist's count follows.
    @Test func referencesNotReadYetAreEditedAsTheTableHoldsThem() throws {
        let h = try Harness(as: "amara") { wp in
            try wp.append([.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "Plan v2")),
                           .evidenceAdded(EvidenceReference(id: 2, item: "9.2.1", type: .record, reference: "Plan v1"))], actor: "amara")
        }
        let reopened = try WorkpaperFile.open(h.path, forWriting: false, stateFrom: .tables)
        #expect(reopened.state.evidence.isEmpty)
        reopened.close()
        h.workpaper.close()
        let writer = try WorkpaperFile.open(h.path, forWriting: true, stateFrom: .tables)
        defer { writer.close() }
        #expect(writer.state.evidence.isEmpty)
        try writer.append([.evidenceRemoved(id: 2, reason: "superseded")], actor: "amara")
        #expect(writer.evidenceCount(on: "9.2.1") == 1)
        #expect(writer.readEvidence(on: "9.2.1").map(\.reference) == ["Plan v2"])
        #expect(writer.verify().ok)
        // A reference added next takes the next id after every one the workpaper holds.
        #expect(writer.state.nextEvidenceID == 3)
    }

    /// Evidence is counted for the rows as they come into view, not at the open: the last row,
    /// reached with G or by a search, shows its count, and a read-only screen beside a writer
    /// counts again what the writer changed.
    @Test func evidenceIsCountedForTheRowsAsTheyComeIntoView() throws {
        let last = try Harness(as: "amara").state.visibleItems.last!.key.description
        let h = try Harness(as: "amara") { wp in
            try wp.append([.evidenceAdded(EvidenceReference(id: 1, item: last, type: .record, reference: "Plan v2")),
                           .evidenceAdded(EvidenceReference(id: 2, item: last, type: .record, reference: "Plan v1")),
                           .evidenceAdded(EvidenceReference(id: 3, item: last, type: .record, reference: "Plan v0")),
                           .evidenceRemoved(id: 3, reason: "superseded")], actor: "amara")
        }
        func row(_ lines: [String]) -> String? { lines.first { $0.contains(" \(last) ") } }
        #expect(row(h.lines) == nil, "the last item is not on the first page")
        // The rows in view are counted; those a page below are what the screen counts next.
        let keys = h.state.visibleItems.map(\.key.description), screen = h.lines
        let inView = keys.prefix { key in screen.contains { $0.contains(" \(key) ") } }.count
        #expect(h.state.uncountedRows().isEmpty)
        #expect(inView > 5 && h.state.uncountedRows(pages: 1) == Array(keys[inView ..< 2 * inView]))
        h.keys(.char("G"))
        #expect(row(h.lines)?.hasSuffix(" 2") == true, "\(h.text)")
        h.keys(.char("g"), .char("/"))
        h.type(last)
        h.keys(.enter)
        #expect(row(h.lines)?.hasSuffix(" 2") == true, "\(h.text)")

        let reader = try WorkpaperFile.open(h.path, forWriting: false, stateFrom: .tables)
        defer { reader.close() }
        let watching = try FieldworkRunner(workpaper: reader, me: "amara", terminal: MemoryTerminal(width: 80, height: 24), readOnly: true)
        watching.send([.char("G")])
        #expect(row(Render.frame(watching.state).lines)?.hasSuffix(" 2") == true)
        try h.workpaper.append([.evidenceRemoved(id: 2, reason: "superseded")], actor: "amara")
        watching.send(.tick(1))
        #expect(row(Render.frame(watching.state).lines)?.hasSuffix(" 1") == true, "\(Render.frame(watching.state).lines.joined(separator: "\n"))")
    }
}
