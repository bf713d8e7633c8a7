import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

/// Several auditors, one audit, on the screen: the lead's workpaper after Olivia and Priya graded
/// the same item on their own laptops without seeing each other's work, merged in.
@Suite struct TeamScreenTests {
    static let item = "A.5.4@talentlens"

    /// Forks the lead's workpaper for Olivia and Priya beside it, records on each as its auditor
    /// would, and merges both back, as `merge` does.
    static func mergeTheTeamsWork(into lead: WorkpaperFile) throws {
        let dir = URL(fileURLWithPath: lead.path).deletingLastPathComponent()
        for person in ["olivia", "priya"] { try lead.fork(for: person, to: dir.appendingPathComponent("\(person).aimsaudit").path) }
        try record("olivia", in: dir, [.statement(item: item, Statement(gap: "Olivia: the assessment was never signed off")),
                                       .graded(item: item, grade: .observation)])
        try record("olivia", in: dir, [.noted(item: "9.2.1", note: "Interviewed the programme owner")])
        try record("priya", in: dir, [.statement(item: item, Statement(gap: "Priya: sign-off came late")), .graded(item: item, grade: .ofi)])
        try merge(["olivia", "priya"], in: dir, into: lead)
    }

    static func record(_ person: String, in dir: URL, _ events: [EventBody]) throws {
        let w = try WorkpaperFile.open(dir.appendingPathComponent("\(person).aimsaudit").path, forWriting: true)
        defer { w.close() }
        try w.append(events, actor: person)
    }

    static func merge(_ people: [String], in dir: URL, into lead: WorkpaperFile) throws {
        _ = try lead.readProgramme()
        for person in people {
            let source = try WorkpaperFile.open(dir.appendingPathComponent("\(person).aimsaudit").path)
            defer { source.close() }
            try lead.merge(try source.incoming())
        }
    }

    /// The row of the checklist (or of any list) that holds `text`.
    func row(_ h: Harness, _ text: String) -> String? { h.lines.first { $0.contains(text) } }

    /// Moves a picker to the first choice holding `text` and takes it.
    func choose(_ h: Harness, _ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let options = try #require(h.state.dialog?.options, sourceLocation: sourceLocation)
        let i = try #require(options.firstIndex { $0.contains(text) }, "no choice '\(text)' in \(options)", sourceLocation: sourceLocation)
        h.keys(.char("g"))
        h.keys(Array(repeating: .char("j"), count: i) + [.enter])
    }

    @Test func aMergeConflictIsMarkedFilteredAndShownWithBothValuesAndTheirAuthors() throws {
        let h = try Harness(as: "amara", height: 40, programme: Harness.formatOne, setUp: Self.mergeTheTeamsWork)
        // On the checklist: the item marked, the count in the head, whatever the filter.
        #expect(row(h, Self.item)?.contains("≠") == true, "\(h.text)")
        #expect(h.lines[2].contains("≠ 1 item in conflict"), "\(h.lines[2])")
        // Two filters a user tells apart: independence, and conflicts from merging.
        h.keys(.char("f"))
        let options = h.state.dialog?.options ?? []
        #expect(options.contains("blocked or warned for me") && options.contains("conflicts from merging (set two ways)"), "\(options)")
        try choose(h, "conflicts from merging")
        #expect(h.state.visibleItems.map(\.key.description) == [Self.item])
        #expect(h.lines[2].hasPrefix(" 1 shown · filter: conflicts from merging (set two ways)"), "\(h.lines[2])")
        // The item: each field set two ways, every value with who set it and when.
        h.keys(.enter)
        #expect(h.state.screen == .item(Self.item))
        let entries = try WorkpaperFile.teamEntries(h.workpaper)
        func when(_ actor: String) -> String {
            String((entries.last { $0.actor == actor }?.time ?? "").replacingOccurrences(of: "T", with: " ").prefix(16))
        }
        #expect(h.text.contains("≠ grade was set two ways, neither seeing the other:"), "\(h.text)")
        #expect(h.text.contains("≠ gap was set two ways, neither seeing the other:"), "\(h.text)")
        #expect(h.text.contains("'observation' — Olivia Brandt, \(when("olivia"))"), "\(h.text)")
        #expect(h.text.contains("'ofi' — Priya Raman, \(when("priya"))"), "\(h.text)")
        #expect(h.text.contains("'Priya: sign-off came late' — Priya Raman"), "\(h.text)")
        #expect(h.text.contains("R resolves it: keep one value, or write a new one."), "\(h.text)")
        // The fields in conflict carry the mark; the others do not.
        #expect(h.lines.contains { $0.hasPrefix("≠Grade") } && h.lines.contains { $0.hasPrefix("≠Gap") }, "\(h.text)")
        #expect(h.lines.contains { $0.hasPrefix(" Requirement") })
        #expect(h.lines.last?.contains("R resolve") == true, "the footer offers it to the lead: \(h.lines.last ?? "")")
    }

    @Test func theLeadResolvesOnScreenByKeepingOneValueOrWritingANewOne() throws {
        let h = try Harness(as: "amara", programme: Harness.formatOne, setUp: Self.mergeTheTeamsWork)
        h.open(Self.item)
        // The grade: keep Priya's.
        h.keys(.char("R"))
        #expect(h.state.dialog?.title == "Resolve grade of \(Self.item), set two ways")
        #expect(h.state.dialog?.options.last == "Write a new value (Grade)")
        try choose(h, "Keep 'ofi' — Priya Raman")
        #expect(h.state.status.contains("conflict resolved: \(Self.item) grade"), "\(h.state.status)")
        #expect(!h.text.contains("≠ grade was set two ways"))
        #expect(h.text.contains("≠ gap was set two ways"))
        // The gap: a new text, written by the lead.
        h.keys(.tab, .tab, .tab)
        #expect(h.state.field == .gap)
        h.keys(.char("R"))
        try choose(h, "Write a new value (Gap)")
        #expect(h.state.editor != nil)
        h.keys(.ctrl("u"))
        h.type("Sign-off came three weeks after go-live (Olivia, Priya)")
        h.keys(.escape)
        // Writing over what two auditors wrote changes their text: the lead says why (GR-6).
        #expect(h.text.contains("A reason for the record on \(Self.item)") && h.text.contains("GR-6"), "\(h.text)")
        h.type("Both accounts checked against the sign-off log")
        h.keys(.enter)
        #expect(h.state.status.contains("conflict resolved: \(Self.item) gap"), "\(h.state.status)")
        #expect(!h.text.contains("≠"), "\(h.text)")
        // Events like any other, recorded by the lead, and the workpaper says so after it is read again.
        let last = try WorkpaperFile.teamEntries(h.workpaper).suffix(3)
        #expect(last.map(\.actor) == ["amara", "amara", "amara"]
                && last.map(\.type) == ["finding.graded", "finding.statement", "record.reason"], "\(last.map(\.type))")
        h.keys(.escape)
        #expect(!h.lines[2].contains("in conflict"))
        let again = try WorkpaperFile.open(h.path, tolerant: true)
        defer { again.close() }
        #expect(again.state.allConflicts.isEmpty)
        #expect(again.state.record(Self.item).grade == .ofi)
        #expect(again.state.record(Self.item).statement.gap == "Sign-off came three weeks after go-live (Olivia, Priya)")
        #expect(again.verify().problems == [])
    }

    @Test func someoneOtherThanTheLeadIsToldWhoResolves() throws {
        let h = try Harness(as: "olivia", programme: Harness.formatOne, setUp: Self.mergeTheTeamsWork)
        h.open(Self.item)
        #expect(h.text.contains("The lead, Amara Nwosu, resolves them."), "\(h.text)")
        #expect(!(h.lines.last ?? "").contains("R resolve"))
        h.keys(.char("R"))
        #expect(h.state.statusIsError)
        #expect(h.state.status.hasPrefix("refused (CONFLICT): \(Self.item) grade was set two ways"), "\(h.state.status)")
        #expect(h.state.status.contains("only the lead, Amara Nwosu (amara), resolves a conflict"), "\(h.state.status)")
        // An edit of a field in conflict would resolve it: refused the same way, nothing recorded.
        let before = h.workpaper.head.seq
        h.keys(.enter)
        try choose(h, "conform")
        #expect(h.state.status.contains("refused (CONFLICT)"), "\(h.state.status)")
        #expect(h.workpaper.head.seq == before)
        // Fields not in conflict are edited as ever.
        h.keys(.tab, .tab, .tab, .tab)
        #expect(h.state.field == .note)
        h.keys(.enter)
        h.type("Asked Priya about her visit")
        h.keys(.escape)
        #expect(h.workpaper.head.seq == before + 1)
    }

    @Test func openingAfterAMergeSaysWhatCameInOnce() throws {
        let h = try Harness(as: "amara", programme: Harness.formatOne, setUp: Self.mergeTheTeamsWork)
        let entries = try WorkpaperFile.teamEntries(h.workpaper)
        func last(_ actor: String) -> String {
            String((entries.last { $0.actor == actor }?.time ?? "").replacingOccurrences(of: "T", with: " ").prefix(16))
        }
        let said = h.state.status
        #expect(said.hasPrefix("came in since last opened here:"), "\(said)")
        #expect(said.contains("3 events from Olivia Brandt, last \(last("olivia"))"), "\(said)")
        #expect(said.contains("2 events from Priya Raman, last \(last("priya"))"), "\(said)")
        #expect(said.contains("≠ 1 item in conflict (f: conflicts from merging)"), "\(said)")
        #expect(h.text.contains("came in since last opened here"), "on the screen: \(h.text)")
        // Said until the screen is left; opened again, nothing new came in, nothing said.
        let again = try FieldworkRunner(workpaper: h.workpaper, me: "amara", terminal: MemoryTerminal(width: 80, height: 24))
        #expect(again.state.status.hasPrefix("came in since last opened here:"))
        h.keys(.char("q"))
        #expect(h.state.quit)
        let second = try FieldworkRunner(workpaper: h.workpaper, me: "amara", terminal: MemoryTerminal(width: 80, height: 24))
        #expect(!Render.frame(second.state).lines.joined().contains("came in"))
        // Olivia records again and syncs: only that is said next time.
        try Self.record("olivia", in: h.dir, [.noted(item: "9.2.2", note: "Programme reviewed")])
        try Self.merge(["olivia"], in: h.dir, into: h.workpaper)
        let third = try FieldworkRunner(workpaper: h.workpaper, me: "amara", terminal: MemoryTerminal(width: 80, height: 24))
        let next = third.state.status
        third.send([.char("q")])
        #expect(next.hasPrefix("came in since last opened here: 1 event from Olivia Brandt, last "), "\(next)")
        #expect(!next.contains("Priya"))
        // A fork's first open says nothing of what it was forked with; the mark is the journal's, and verifies.
        let fork = try WorkpaperFile.open(h.dir.appendingPathComponent("priya.aimsaudit").path, forWriting: true, stateFrom: .tables)
        defer { fork.close() }
        #expect(try FieldworkRunner(workpaper: fork, me: "priya", terminal: MemoryTerminal(width: 80, height: 24)).state.status.isEmpty)
        let check = try WorkpaperFile.open(h.path, tolerant: true)
        defer { check.close() }
        #expect(check.verify().problems == [])
    }

    @Test func theHistorySaysWhoRecordedWhatOnWhichReplica() throws {
        let h = try Harness(as: "amara", programme: Harness.formatOne, setUp: Self.mergeTheTeamsWork)
        let olivia = try WorkpaperFile.open(h.dir.appendingPathComponent("olivia.aimsaudit").path)
        let oliviaReplica = String(olivia.replica.name.prefix(6))
        olivia.close()
        h.keys(.char("h"))
        #expect(h.lines[1].contains("History of the workpaper · on 3 replicas"), "\(h.lines[1])")
        #expect(h.lines[2].contains("replicas: here Amara Nwosu · \(oliviaReplica) Olivia Brandt · "), "\(h.lines[2])")
        #expect(h.lines[2].contains("Priya Raman"), "\(h.lines[2])")
        let graded = try #require(row(h, "graded \(Self.item) observation"), "\(h.text)")
        #expect(graded.contains("olivia") && graded.contains(oliviaReplica), "\(graded)")
        #expect(row(h, "created the workpaper of")?.contains(" here ") == true, "\(h.text)")
        // The selected row whole in the pane: its replica named in full.
        let line = try #require(h.state.journal.last { $0.summary == "graded \(Self.item) observation" })
        let at = try #require(Array(h.state.journal.reversed()).firstIndex(of: line))
        h.keys(.char("g"))
        h.keys(Array(repeating: .char("j"), count: at))
        let pane = h.lines.drop { !$0.hasPrefix("─ #\(line.seq) ") }.dropFirst().prefix(2)
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(pane.contains("Olivia Brandt (olivia) · on replica \(line.replica) · graded \(Self.item) observation"), "\(h.text)")
    }

    @Test func theLeadSeesPerAuditorHowManyAssignedItemsAreGraded() throws {
        var oliviaItem = ""
        let h = try Harness(as: "amara", programme: Harness.formatOne) { wp in
            // An item assigned to Olivia on which she has no verdict: she grades it on her laptop.
            oliviaItem = try #require(wp.analysis.checklist.first { item in
                item.auditor == "olivia" && !wp.analysis.verdicts.contains { $0.item == item.key && $0.auditor == "olivia" }
            }).key.description
            try Self.mergeTheTeamsWork(into: wp)
            try Self.record("olivia", in: URL(fileURLWithPath: wp.path).deletingLastPathComponent(),
                            [.statement(item: oliviaItem, Statement(gap: "Programme not reviewed")), .graded(item: oliviaItem, grade: .ofi)])
            try Self.merge(["olivia"], in: URL(fileURLWithPath: wp.path).deletingLastPathComponent(), into: wp)
        }
        h.keys(.char("T"))
        #expect(h.state.screen == .team)
        #expect(h.lines[1].contains("Team progress"))
        let checklist = h.state.analysis.checklist
        for person in h.state.analysis.audit.team {
            let mine = checklist.filter { $0.auditor == person }
            let graded = mine.filter { h.state.records.record($0.key.description).grade != .notAudited }.count
            let line = try #require(h.lines.dropFirst(4).first { $0.contains(h.state.name(person)) }, "\(h.text)")
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            #expect(numbers.prefix(2) == [mine.count, graded], "\(person): \(line)")
        }
        #expect(row(h, "Amara Nwosu (lead)") != nil)
        // Olivia's line, selected: what is left for her, in words.
        let index = try #require(h.state.analysis.audit.team.firstIndex(of: "olivia"))
        h.keys(Array(repeating: .char("j"), count: index))
        let assigned = checklist.filter { $0.auditor == "olivia" }.count
        #expect(h.text.contains("1 of \(assigned) item\(assigned == 1 ? "" : "s") graded, \(assigned - 1) to do · 1 finding"), "\(h.text)")
        #expect(h.state.records.record(oliviaItem).grade == .ofi)
    }

    /// A public key no machine holds the private half of.
    static let strangerKey = "ed25519:nyubf6Zk8L/m0kkD31i8i7af0Q/aDEC1rALOde2pj4c="

    @Test func someoneWhoseKeyIsNotOnThisMachineMayOnlyLook() throws {
        let text = try String(contentsOfFile: Harness.formatOne, encoding: .utf8)
            .replacingOccurrences(of: "{id: olivia, name: Olivia Brandt,", with: "{id: olivia, key: \"\(Self.strangerKey)\", name: Olivia Brandt,")
        let h = try Harness(as: "", programmeText: text)
        let options = h.state.dialog?.options ?? []
        #expect(options.contains { $0.hasPrefix("Olivia Brandt (olivia)") && $0.hasSuffix("— no key here: read-only") }, "\(options)")
        #expect(options.contains { $0.hasPrefix("Priya Raman (priya)") && !$0.contains("no key") }, "\(options)")
        try choose(h, "Olivia Brandt")
        #expect(h.state.me == "olivia" && h.state.readOnly)
        #expect(h.lines[0].hasSuffix("Olivia Brandt · read-only"), "\(h.lines[0])")
        #expect(h.text.contains("read-only: the programme lists a key for olivia, and this machine has none"), "\(h.text)")
        h.open("9.2.1")
        let before = h.workpaper.head.seq
        h.keys(.enter)
        #expect(h.state.status.hasPrefix("read-only"), "\(h.state.status)")
        #expect(h.workpaper.head.seq == before)
    }
}

/// GR-7 on the screen: the auditor whose grade another changed says that they disagree.
@Suite struct DisagreeOnScreenTests {
    @Test func theAuditorWhoseGradeWasChangedRecordsDisagreement() throws {
        let h = try Harness(as: "olivia", programme: Harness.formatOne) { wp in
            try wp.append([.graded(item: "9.2.1", grade: .major),
                           .statement(item: "9.2.1", Statement(requirement: "9.2.2", evidence: "No plan for two audits", gap: "Audits run without a plan"))],
                          actor: "olivia")
            let change: [EventBody] = [.graded(item: "9.2.1", grade: .minor)]
            let given = try Recorder.withReason("The lapse was isolated", change, actor: "amara", item: ItemKey("9.2.1")!,
                                                audit: wp.audit, roster: wp.programme.roster, state: wp.state, recordedOn: nil)
            try wp.append(given, actor: "amara")
        }
        h.open("9.2.1")
        #expect(h.lines.last?.contains("D disagree") == true, "\(h.lines.last ?? "")")
        h.keys(.char("D"))
        #expect(h.text.contains("Disagree on 9.2.1: grade"), "\(h.text)")
        h.keys(.enter)   // nothing said: refused, the form stays
        #expect(h.state.dialog?.error?.contains("GR-7") == true, "\(h.state.dialog?.error ?? "")")
        h.type("Three of five interviews found no audit plan: a breakdown")
        h.keys(.enter)
        #expect(h.state.dialog == nil, "\(h.text)")
        let last = try #require(try h.workpaper.journal().last)
        #expect(last.actor == "olivia" && last.type == "finding.disagreed", "\(last.type)")
    }

    @Test func withNothingChangedThereIsNothingToDisagreeWith() throws {
        let h = try Harness(as: "olivia", programme: Harness.formatOne)
        h.open("9.2.1")
        #expect(h.lines.last?.contains("D disagree") != true)
        h.keys(.char("D"))
        #expect(h.state.dialog == nil)
    }
}
