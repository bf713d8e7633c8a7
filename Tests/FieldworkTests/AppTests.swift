import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

@Suite struct ChecklistScreenTests {
    @Test func firstScreenIsTheWeightedChecklist() throws {
        let h = try Harness()
        try h.golden("checklist-80x24")
        #expect(h.lines[0].hasPrefix(" aimsaudit · IA-2026-01 · Harbourline Mutual"))
        #expect(h.lines[0].hasSuffix("Amara Nwosu (lead)"))
        #expect(h.lines[1].hasPrefix(" audited 0/59"))
        #expect(h.lines[4].contains("A.5.4@talentlens"))
        #expect(h.lines.allSatisfy { Width.of($0) <= 80 })
    }

    @Test func movingAndOpening() throws {
        let h = try Harness()
        h.keys(.char("j"), .char("j"), .char("j"), .enter)
        #expect(h.state.screen == .item("A.6.2.6@claimsort"))
        #expect(h.lines[1].hasPrefix(" A.6.2.6@claimsort AI system operation and monitoring"))
        h.keys(.escape, .char("G"))
        #expect(h.text.contains("59 of 59"), "\(h.text)")
        #expect(h.state.selectedKey == h.state.visibleItems.last?.key.description)
        // A page is the list's rows less one, so the row selected stays in sight.
        h.keys(.char("g"), .pageDown)
        let rows = h.lines.dropFirst(4).prefix { !$0.hasPrefix("─") }.count
        #expect(h.text.contains("\(rows) of 59"), "\(h.text)")
    }

    @Test func incrementalSearchNarrowsTheList() throws {
        let h = try Harness()
        h.keys(.char("/"))
        h.type("ava")
        let rows = h.lines.dropFirst(4).prefix { !$0.hasPrefix("─") }.filter { !$0.isEmpty }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("@ava") })
        #expect(h.lines[2].contains("search “ava”"))
        h.keys(.enter, .char("n"))
        #expect(h.text.contains("2 of \(h.state.shownCount)"), "\(h.text)")
        h.keys(.char("/"), .escape)
        #expect(h.state.visibleItems.count == 59)
    }

    /// Search matches notes too, ignoring case in any script; narrowing as one types and
    /// widening again on Backspace give the same list as searching afresh.
    @Test func searchFindsNotesAndWidensOnBackspace() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.1", note: "Ablauf der PRÜFUNG geklärt")], actor: "olivia")
        }
        h.keys(.char("/"))
        h.type("prüfung")
        #expect(h.state.visibleItems.map(\.key.description) == ["9.2.1"])
        h.keys(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        #expect(h.state.visibleItems.count == 59)
        h.type("a.6.2")
        let narrowed = h.state.visibleItems.map(\.key.description)
        #expect(!narrowed.isEmpty && narrowed.allSatisfy { $0.hasPrefix("A.6.2") })
        h.keys(.escape)
        h.keys(.char("/"))
        h.type("a.6.2")
        #expect(h.state.visibleItems.map(\.key.description) == narrowed)
    }

    /// What search looks through is made beside the screen after the first frame; a note saved
    /// before it comes in is found by search all the same, and a search begun earlier keeps what
    /// it made.
    @Test func searchTextMadeBesideTheScreenFindsANoteSavedMeanwhile() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "A.6.2.6@claimsort", note: "Warteschlange wöchentlich geprüft")], actor: "olivia")
        }
        // Made as the screen makes it after its first frame: from the records as they are then.
        let make = h.state.searchableMaker()
        h.runner.send(.searchable(make()))
        h.keys(.char("/"))
        h.type("warteschlange")
        #expect(h.state.visibleItems.map(\.key.description) == ["A.6.2.6@claimsort"])
        h.keys(.escape)
        // A note saved after it came is found, in the buffer made again in place, and so is
        // every item after it.
        h.open("9.2.1")
        h.keys(.tab, .tab, .tab, .tab, .enter)   // Note
        h.type(String(repeating: "Terminplan überprüft ", count: 40))
        h.keys(.tab, .escape)
        for (query, found) in [("terminplan", ["9.2.1"]), ("warteschlange", ["A.6.2.6@claimsort"]),
                               (h.state.analysis.checklist.last!.key.description.lowercased(), [h.state.analysis.checklist.last!.key.description])] {
            h.keys(.char("/"))
            h.type(query)
            #expect(h.state.visibleItems.map(\.key.description) == found, "\(query)")
            h.keys(.escape)
        }
        // A note saved while it was being made is found too.
        let fresh = try Harness(as: "olivia")
        let before = fresh.state.searchableMaker()
        fresh.open("9.2.1")
        fresh.keys(.tab, .tab, .tab, .tab, .enter)   // Note
        fresh.type("Zeitplan überprüft")
        fresh.keys(.tab, .escape)
        #expect(fresh.workpaper.state.record("9.2.1").note == "Zeitplan überprüft")
        fresh.runner.send(.searchable(before()))
        fresh.keys(.char("/"))
        fresh.type("zeitplan")
        #expect(fresh.state.visibleItems.map(\.key.description) == ["9.2.1"])
        fresh.keys(.escape)
        // What comes after search was made is ignored.
        let texts = AppState.searchText(fresh.state.analysis.checklist, fresh.state.roster)
        fresh.runner.send(.searchable(AppState.Searchable(texts: texts.map { _ in Array("zeitplan".utf8) })))
        fresh.keys(.char("/"))
        fresh.type("zeitplan")
        #expect(fresh.state.visibleItems.map(\.key.description) == ["9.2.1"])
    }

    /// Upper and lower case are one in Greek (final sigma too), Cyrillic and full-width Latin;
    /// scripts without case match as typed.
    @Test func searchIgnoresCaseInEveryScript() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.1", note: "ΈΛΕΓΧΟΣ κινδύνου · ПРОВЕРКА журнала · ＡＵＤＩＴ 监控日志")], actor: "olivia")
        }
        for query in ["έλεγχος", "έλεγχοσ", "ΚΙΝΔΎΝΟΥ", "проверка", "ЖУРНАЛА", "ａｕｄｉｔ", "监控日志"] {
            h.keys(.char("/"))
            h.type(query)
            #expect(h.state.visibleItems.map(\.key.description) == ["9.2.1"], "\(query)")
            h.keys(.escape)
        }
    }

    /// A search shows exactly the items whose key, title, owners' names or note hold the text,
    /// ignoring case; never one where the text runs from one item into the next.
    @Test func searchMatchesWhatEachItemSaysAndNothingAcross() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.1", note: "Interviewed the programme owner"),
                           .noted(item: "A.6.2.6@claimsort", note: "Queue export reviewed")], actor: "olivia")
        }
        let items = h.state.analysis.checklist
        func said(_ item: ChecklistItem) -> String {
            ([item.key.description, item.title] + item.owners.map { h.state.name($0.person) }).joined(separator: "\n").lowercased()
        }
        var queries = ["a.6", "review", "owner", "ava", "queue", "9.2.1", "zzz"]
        for (a, b) in zip(items, items.dropFirst()) {
            queries.append(String(said(a).suffix(2)) + String(b.key.description.lowercased().prefix(2)))
            queries.append(String(b.title.lowercased().prefix(4)))
            if let note = h.state.records.record(a.key.description).note?.lowercased() {
                queries.append(String(note.suffix(3)) + String(b.key.description.lowercased().prefix(2)))
                queries.append(String(note.suffix(2)) + String(said(b).prefix(2)))
            }
        }
        for q in Set(queries) where !q.contains("\n") {
            h.keys(.char("/"))
            h.type(q)
            let expected = items.filter { said($0).contains(q) || (h.state.records.record($0.key.description).note?.lowercased().contains(q) ?? false) }
            #expect(h.state.visibleItems.map(\.key) == expected.map(\.key), "\(q) typed")
            // Sorted twice over, the whole search is made again at once (not narrowed key by key).
            h.keys(.enter, .char("s"), .char("s"))
            #expect(h.state.visibleItems.map(\.key) == expected.map(\.key), "\(q) searched again")
            h.keys(.char("/"), .escape)
        }
    }

    @Test func filterAndSort() throws {
        let h = try Harness()
        h.keys(.char("f"))
        #expect(h.text.contains("Filter"))
        let tierA = Filter.choices(h.state.facts).firstIndex(of: .tier(.A))!
        h.keys(Array(repeating: Key.down, count: tierA) + [.enter])
        #expect(h.state.visibleItems.count == 3)
        #expect(h.lines[2].contains("filter: tier A"))
        h.keys(.char("f"), .end, .enter)
        #expect(h.state.filter == .system("ava"))
        #expect(h.state.visibleItems.allSatisfy { $0.system == "ava" })
        h.keys(.char("f"), .home, .enter)
        h.keys(.char("s"))
        #expect(h.state.sort == .clause)
        #expect(h.lines[4].contains(" 9.2.1 "))
    }

    @Test func mineShowsMyIndependenceMarks() throws {
        let h = try Harness(as: "daniel")
        let row = try #require(h.lines.first { $0.contains("A.5.4@talentlens") })
        #expect(row.hasPrefix("✖"))
        let warned = try #require(Harness(as: "amara").lines.first { $0.contains("A.6.2.6@claimsort") })
        #expect(warned.hasPrefix("!"))
    }

    @Test func tooSmallSaysSoInsteadOfDrawing() throws {
        let h = try Harness(width: 40, height: 10)
        try h.golden("too-small-40x10")
        #expect(h.lines[0] == "terminal too small (40×10): aimsaudit")
        h.runner.send(.resize(120, 40))
        #expect(h.lines.count == 40)
        #expect(h.lines[3].contains("OWNER"))
    }
}

@Suite struct ItemScreenTests {
    @Test func itemShowsWeightOwnersAndVerdicts() throws {
        let h = try Harness()
        h.open("A.6.2.6@claimsort")
        try h.golden("item-warned-80x24")
        #expect(h.text.contains("why 63.3: 40.0 importance (I4×C5) + 10.0 findings (F2)"))
        #expect(h.text.contains("WARN IND-07"))
    }

    @Test func blockedItemIsReadOnlyAndSaysWhoCouldAudit() throws {
        let h = try Harness(as: "priya")
        h.open("A.7.4@claimsort")
        try h.golden("item-blocked-80x24")
        let flat = h.lines.joined(separator: " ")
        #expect(flat.contains("Blocked — IND-01: Priya Raman is owner of A.7.4 for ClaimSort since"))
        #expect(flat.contains("Independent in the team: Amara Nwosu, Tomasz Wierzbicki, Olivia"))
        #expect(flat.contains("The form is read-only."))
        h.keys(.enter)
        #expect(h.state.dialog == nil && h.state.editor == nil)
        h.keys(.char("a"))
        #expect(h.state.dialog == nil)
        let refused = h.state.statusIsError
        #expect(refused)
        #expect(try h.workpaper.journal().count == 1)
    }

    /// On a format-1 programme: the dialog asks no safeguard of a warning other than ownership.
    @Test func warnedItemAsksForAJustificationBeforeTheFirstEdit() throws {
        let h = try Harness(programme: Harness.formatOne)
        h.open("A.5.2")
        h.keys(.tab, .tab, .tab, .tab, .enter)   // Note
        #expect(h.text.contains("Independence: IND-08 — justify before editing"), "\(h.text)")
        h.keys(.enter)
        #expect(h.state.dialog?.error == "refused (JUSTIFY): a justification says why you may audit the item despite the warnings — give: a justification")
        h.type("Advice was on the template layout only")
        h.keys(.enter)
        #expect(h.state.dialog == nil)
        #expect(h.state.editor != nil)
        #expect(h.workpaper.state.record("A.5.2").justifications["amara"]?.text == "Advice was on the template layout only")
        h.type("Template reviewed")
        h.keys(.escape)
        #expect(h.workpaper.state.record("A.5.2").note == "Template reviewed")
    }

    /// On a format-2 programme every justification names its safeguard: the dialog asks for one,
    /// whatever the warning, and the justification is recorded with it.
    @Test func underFormatTwoTheJustificationDialogAsksForASafeguard() throws {
        let h = try Harness()
        h.open("A.5.2")
        h.keys(.tab, .tab, .tab, .tab, .enter)   // Note
        #expect(h.text.contains("— justify before editing") && h.text.contains("Safeguard"), "\(h.text)")
        h.type("Advice was on the template layout only")
        h.keys(.tab)
        h.type("Paul Renner reviews the workpaper")
        h.keys(.enter)
        #expect(h.state.dialog == nil, "\(h.text)")
        let j = h.workpaper.state.record("A.5.2").justifications["amara"]
        #expect(j?.text == "Advice was on the template layout only" && j?.safeguard == "Paul Renner reviews the workpaper")
    }

    /// Format 2: the lead sees a justification awaiting her approval and approves it with J; the
    /// auditor sees it approved. Anyone else has nothing to approve there.
    @Test func theLeadApprovesAJustificationOnTheScreen() throws {
        let key = "A.7.4@ava"
        let h = try Harness(as: "amara") { wp in
            try wp.append([.noted(item: key, note: "corpus"),
                           .justified(item: key, Justification(auditor: "priya", text: "Not my team", safeguard: "Olivia re-performs"))],
                          actor: "priya")
        }
        h.open(key)
        // The screen's words, its wrapped lines joined.
        var said: String { h.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
        #expect(said.contains("Priya Raman justified (awaiting approval by you, J): Not my team · safeguard: Olivia re-performs"), "\(h.text)")
        #expect(h.lines.last?.contains("J approve") == true, "\(h.lines.last ?? "")")
        h.keys(.char("J"))
        #expect(h.state.dialog?.title == "Approve a justification on \(key)")
        #expect(h.state.dialog?.options == ["Priya Raman: Not my team · safeguard: Olivia re-performs"])
        h.keys(.enter)
        #expect(said.contains("Priya Raman justified (approved by Amara Nwosu): Not my team · safeguard: Olivia re-performs"), "\(h.text)")
        #expect(h.workpaper.state.record(key).approvals["priya"]?.approver == "amara")
        // Nothing more awaits her here: J says so.
        h.keys(.char("J"))
        #expect(h.state.dialog == nil)
        #expect(h.state.status.contains("no justification here awaits your approval") || h.state.status.contains("no justification on"), "\(h.state.status)")
    }

    @Test func typingWideTextIsSavedWhenTheFieldIsLeft() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.tab, .tab, .tab, .tab)
        #expect(h.state.field == .note)
        h.keys(.enter)
        h.type("Prüfung 監査 ✓")
        #expect(h.text.contains("Prüfung 監査 ✓"))
        #expect(h.workpaper.state.record("9.2.1").note == nil)
        h.keys(.tab)
        #expect(h.workpaper.state.record("9.2.1").note == "Prüfung 監査 ✓")
        #expect(h.state.field == .goodPractice)
        #expect(h.state.lastSaved != nil)
    }

    /// Good practice is a field of its own, written for the report; the note beside it stays the
    /// auditor's. An observation needs its text in the Gap field first (GR-5).
    @Test func goodPracticeIsAFieldOfItsOwnAndAnObservationNeedsItsText() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(Array(repeating: Key.tab, count: 5))
        #expect(h.state.field == .goodPractice)
        #expect(h.lines.contains { $0.hasPrefix(" Good practice  —") }, "\(h.text)")
        h.keys(.enter)
        h.type("Plan approved a month ahead")
        h.keys(.escape)
        #expect(h.workpaper.state.record("9.2.1").goodPractice == "Plan approved a month ahead")
        #expect(h.workpaper.state.record("9.2.1").note == nil)
        #expect(h.lines.contains { $0.hasPrefix(" Good practice  Plan approved a month ahead") }, "\(h.text)")
        h.keys(Array(repeating: Key.backTab, count: 5) + [.enter, .home])
        let observation = Grade.allCases.firstIndex(of: .observation)!
        h.keys(Array(repeating: Key.down, count: observation) + [.enter])
        #expect(h.state.status.hasPrefix("refused (GR-5)"), "\(h.state.status)")
        #expect(h.workpaper.state.record("9.2.1").grade == .notAudited)
    }

    @Test func textIsAutosavedAfterASecondIdle() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.down, .enter)
        h.type("ISO/IEC 42001 9.2.1")
        h.tick(after: 0.5)
        #expect(h.workpaper.state.record("9.2.1").statement.requirement == nil)
        h.tick(after: 0.6)
        #expect(h.workpaper.state.record("9.2.1").statement.requirement == "ISO/IEC 42001 9.2.1")
        #expect(h.state.editor != nil)
        h.tick(after: 5)
        #expect(try h.workpaper.journal().count == 2)   // nothing new to save
    }

    @Test func gradeRulesRefuseOnScreenAndEvidenceMakesConformPossible() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.enter, .home)
        let conform = Grade.allCases.firstIndex(of: .conform)!
        h.keys(Array(repeating: Key.down, count: conform) + [.enter])
        let status = h.state.status
        #expect(status.hasPrefix("refused (GR-2)"))
        h.keys(.char("a"))
        try h.golden("dialog-evidence-80x24")
        #expect(h.text.contains("Add a reference to 9.2.1"))
        h.type("IA-2026-01 audit plan v2")
        h.keys(.enter)
        #expect(h.workpaper.state.evidence(on: "9.2.1").map(\.reference) == ["IA-2026-01 audit plan v2"])
        #expect(h.state.field == .references)
        h.keys(Array(repeating: Key.backTab, count: 6) + [.enter, .home])
        h.keys(Array(repeating: Key.down, count: conform) + [.enter])
        #expect(h.workpaper.state.record("9.2.1").grade == .conform)
        let ok = !h.state.statusIsError
        #expect(ok)
    }

    @Test func citingAFileHashesIt() throws {
        let h = try Harness(as: "olivia")
        let file = h.dir.appendingPathComponent("plan.txt")
        try "the plan".write(to: file, atomically: true, encoding: .utf8)
        h.open("9.2.1")
        h.keys(.char("a"))
        h.type("Audit plan")
        h.keys(.tab, .tab, .tab, .tab)
        h.type(file.path)
        h.keys(.enter)
        let e = try #require(h.workpaper.state.evidence(on: "9.2.1").first)
        #expect(e.file?.sha256 == (try FileHash.sha256(path: file.path).hex))
        #expect(h.text.contains("[file \(file.path.prefix(20))"))
    }

    @Test func sampleAndCorrectiveAction() throws {
        let h = try Harness(as: "olivia")
        h.open("A.6.2.8@ava")
        h.keys(.char("S"))
        try h.golden("dialog-sample-80x24")
        #expect(h.text.contains("Sample for A.6.2.8@ava"))
        h.type("365")
        h.keys(.tab, .tab, .tab)
        h.type("7")
        h.keys(.enter)
        let sample = try #require(h.workpaper.state.record("A.6.2.8@ava").sample)
        #expect(sample.seed == 7 && sample.population == 365)
        #expect(sample.selected == Sampler.draw(population: 365, size: sample.size, method: .random, seed: 7))
        h.keys(.char("c"))
        h.type("kenji")
        h.keys(.tab)
        h.type("2027-01-31")
        h.keys(.enter)
        // Refused, the form stays open with what was typed and the refusal in it.
        #expect(h.state.dialog?.error?.hasPrefix("refused (GR-4)") == true)
        #expect(h.text.contains("refused (GR-4)"), "\(h.text)")
        #expect(h.state.dialog?.texts.contains("2027-01-31") == true)
    }

    /// The corrective-action form holds every 10.2 field, scrolls to the focused one on a small
    /// screen, and refuses a verifier who owns the action.
    @Test func correctiveActionFormRecordsThe102Fields() throws {
        let key = "A.6.2.8@ava"
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.graded(item: key, grade: .major),
                           .statement(item: key, Statement(requirement: "r", evidence: "e", gap: "Logs kept 30 days"))], actor: "olivia")
        }
        h.runner.today = Day(iso: "2026-12-01")!
        h.open(key)
        h.keys(.char("c"))
        #expect(h.text.contains("Corrective action (10.2)"))
        h.type("Retention set to 365 days")
        h.keys(.tab, .tab, .tab, .tab, .tab)
        h.type("Pipeline check of retention")
        h.keys(.tab)
        h.type("kenji")
        h.keys(.tab)
        h.type("2027-01-31")
        h.keys(.enter)
        let a = try #require(h.workpaper.state.record(key).action)
        #expect(a == CorrectiveAction(correction: "Retention set to 365 days", action: "Pipeline check of retention",
                                      owner: "kenji", due: "2027-01-31"))
        #expect(h.text.contains("planned · Kenji Mori by 2027-01-31"))
        // On a 20-row screen the form of sixteen inputs scrolls so the focused one shows.
        h.runner.send(.resize(80, 20))
        h.keys(.char("c"))
        // The form's labels start four columns in.
        let label = { (name: String) in h.lines.contains { $0.dropFirst(4).hasPrefix(name) } }
        #expect(label("Correction") && !label("Outcome"))
        for _ in 0..<15 { h.keys(.tab) }
        #expect(label("Outcome") && !label("Correction"))
        h.keys(.backTab, .backTab, .backTab)
        // Until an outcome is recorded, the verifier is who is planned: the form says it as the item does.
        #expect(h.text.contains("Verifier (planned)"))
        h.type("kenji")
        h.keys(.enter)
        #expect(h.text.contains("Kenji Mori owns the corrective action"))
        #expect(h.workpaper.state.record(key).action?.verifiedBy == nil)
        h.keys(.escape)
        // Past its due date the action shows as overdue, in the findings list too.
        h.runner.today = Day(iso: "2027-02-01")!
        h.keys(.escape, .char("F"))
        #expect(h.text.contains("overdue 2027-01-31"))
    }

    @Test func aCarriedNonconformityIsMarkedForReTest() throws {
        let key = "A.7.5@ava"
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.carried(item: key, CarriedFinding(audit: "IA-2025-02", workpaper: "IA-2025-02.aimsaudit", journalHash: "ab",
                                                              date: "2025-11-28", grade: .minor, statement: Statement(gap: "No corpus version"),
                                                              action: nil))], actor: "olivia")
        }
        h.keys(.char("/"))
        h.type("A.7.5@ava")
        h.keys(.enter)
        #expect(h.lines.contains { $0.contains("A.7.5@ava") && $0.contains("[re-test] Data provenance") })
        h.open(key)
        #expect(h.text.contains("Re-test: minor nonconformity of IA-2025-02 (to 2025-11-28)"))
        #expect(h.text.contains("Gap: No corpus version"))
    }

    @Test func controlCharactersAreShownNotSent() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.1", note: "a\u{1B}]52;c;ZXZpbA==\u{07}b \u{202E}x \u{9B}c1 zero\u{200B}width 👩‍💻")], actor: "olivia")
        }
        h.open("9.2.1")
        #expect(h.text.contains("a^[]52;c;ZXZpbA==^Gb <U+202E>x <U+009B>c1 zero<U+200B>width 👩‍💻"))
        #expect(!h.text.contains("\u{1B}"))
    }
}

@Suite struct OtherScreenTests {
    @Test func helpIsGeneratedFromTheKeymap() throws {
        let h = try Harness()
        h.keys(.char("?"))
        #expect(h.state.screen == .help)
        try h.golden("help-80x24")
        // Page by page, the help holds every binding of the table and what each mark means.
        var pages = h.text
        for _ in 0..<12 {
            h.keys(.pageDown)
            pages += "\n" + h.text
        }
        #expect(pages.contains("What the marks mean"))
        for b in Keymap.bindings {
            #expect(pages.contains(b.keyNames + String(repeating: " ", count: max(1, 23 - Width.of(b.keyNames))) + String(b.help.prefix(20))),
                    "\(b.keyNames) \(b.help)")
        }
    }

    @Test func findingsListAndJumpToItem() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.2", note: "Competence dates missing"), .graded(item: "9.2.2", grade: .ofi)], actor: "olivia")
        }
        h.keys(.char("F"))
        try h.golden("findings-80x24")
        #expect(h.text.contains("ofi     9.2.2"))
        h.keys(.enter)
        #expect(h.state.screen == .item("9.2.2"))
    }

    @Test func historyOfAnItem() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.noted(item: "9.2.2", note: "first")], actor: "olivia")
        }
        h.open("9.2.2")
        h.keys(.char("h"))
        #expect(h.text.contains("History of 9.2.2"))
        #expect(h.text.contains("olivia   wrote a note on 9.2.2"))
    }

    @Test func exportWritesTheReportAndSaysWhere() throws {
        let h = try Harness()
        h.keys(.char("x"))
        #expect(h.state.dialog != nil)
        h.keys(.enter)
        let report = h.dir.appendingPathComponent("IA-2026-01-report.md").path
        #expect(FileManager.default.fileExists(atPath: report))
        #expect(h.state.status == "report written to \(report)")
    }

    @Test func commandLine() throws {
        let h = try Harness()
        h.keys(.char(":"))
        h.type("item A.7.4@ava")
        h.keys(.enter)
        #expect(h.state.screen == .item("A.7.4@ava"))
        h.keys(.char(":"))
        h.type("item nope")
        h.keys(.enter)
        #expect(h.state.prompt?.error?.hasPrefix("no item 'nope'") == true)
        #expect(h.text.contains("no item 'nope'"))
        h.keys(.escape, .char(":"))
        h.type("quit")
        h.keys(.enter)
        #expect(h.state.quit)
    }

    @Test func ctrlLRedrawsTheWholeScreen() throws {
        let h = try Harness()
        h.keys(.ctrl("l"))
        #expect(h.terminal.invalidations == 1)
    }

    @Test func pickerAsksWhoIsAuditing() throws {
        let h = try Harness(as: "")
        try h.golden("picker-80x24")
        #expect(h.text.contains("Who is auditing?"))
        #expect(h.text.contains("Daniel Osei (daniel) [18 blocked]"))
        h.keys(.down, .down, .enter)
        #expect(h.state.me == "priya")
        #expect(h.lines[0].hasSuffix("Priya Raman"))
    }

    @Test func quitSavesTextBeingTyped() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.down, .down, .down, .enter)
        h.type("gap typed before Ctrl-C")
        h.keys(.ctrl("c"))
        #expect(h.state.quit)
        #expect(h.workpaper.state.record("9.2.1").statement.gap == "gap typed before Ctrl-C")
    }
}

@Suite struct EvidenceOnScreenTests {
    func withTwoReferences() throws -> Harness {
        try Harness(as: "olivia") { wp in
            try wp.append([
                .evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .document, reference: "Audit plan v1")),
                .evidenceAdded(EvidenceReference(id: 2, item: "9.2.1", type: .record, reference: "Wrong record")),
            ], actor: "olivia")
        }
    }

    @Test func typeIsPickedWithLeftAndRight() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("a"), .backTab, .right, .right)
        #expect(h.state.dialog?.texts[0] == "interview")
        h.keys(.left)
        #expect(h.state.dialog?.texts[0] == "record")
        h.keys(.tab)
        h.type("Minutes of the opening meeting")
        h.keys(.enter)
        #expect(h.workpaper.state.evidence(on: "9.2.1").first?.type == .record)
    }

    @Test func referencesAreEditedAndRemovedAsNewEvents() throws {
        let h = try withTwoReferences()
        h.open("9.2.1")
        h.keys(Array(repeating: Key.tab, count: 6))
        #expect(h.state.field == .references)
        h.keys(.enter)
        #expect(h.text.contains("Edit E1 document: Audit plan v1"))
        h.keys(.down, .enter)                     // Edit E1
        #expect(h.text.contains("Edit E1 of 9.2.1"))
        h.keys(.tab)                               // Description
        h.type("Approved plan")
        h.keys(.enter)
        #expect(h.workpaper.state.evidence[1]?.description == "Approved plan")
        h.keys(.enter, .down, .down, .down, .down, .enter)   // Remove E2
        #expect(h.text.contains("Remove E2"))
        h.keys(.enter)
        #expect(h.state.dialog?.error?.hasPrefix("say why") == true)
        h.type("cited in error")
        h.keys(.enter)
        #expect(h.workpaper.state.evidence(on: "9.2.1").map(\.id) == [1])
        #expect(h.workpaper.state.evidence[2]?.removalReason == "cited in error")
        let types = try h.workpaper.journal().map(\.type)
        #expect(types.suffix(2) == ["evidence.edited", "evidence.removed"])
    }
}

/// The programme's cycle and the assignment proposal, on screen.
@Suite struct ProgrammeScreenTests {
    func row(_ h: Harness, _ key: String) -> String? { h.lines.first { $0.hasPrefix(" \(key) ") } }

    @Test func cycleGridShowsDonePlannedAndMissedQuarters() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.graded(item: "9.2.1", grade: .conform),
                           .evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "Plan v2"))], actor: "olivia")
        }
        h.runner.today = Day(iso: "2026-11-25")!
        h.keys(.char("P"))
        #expect(h.state.screen == .programme)
        #expect(h.lines[1].hasPrefix(" Cycle 2026-01-01 to 2028-12-31 · 120 items · ✓ done P planned ✗ missed"))
        #expect(h.lines[4].contains("Q1 Q2 Q3 Q4 Q1"))
        // Column of a quarter: the grid starts after the key, the tier and a space; three cells each.
        let keyW = min(22, max(8, h.state.keyWidth)), gridX = 1 + keyW + 3
        func mark(_ line: String, quarter index: Int) -> Character {
            Array(line)[gridX + 3 * index + 1]
        }
        // Every row of the grid, by item.
        func rows() -> [String: String] {
            h.keys(.char("G"))
            var seen: [String: String] = [:]
            for _ in 0..<12 {
                for line in h.lines where line.hasPrefix(" ") { seen[String(line.dropFirst().prefix(while: { $0 != " " }))] = line }
                h.keys(.pageUp)
            }
            return seen
        }
        var seen = rows()
        // A.8.4@ava was last audited in March 2025: tier A, due again by March 2026; IA-2026-02 has it
        // in December, late, so it is planned there and overdue since March.
        let overdue = try #require(seen["A.8.4@ava"])
        #expect(overdue.hasSuffix("2026-03-10"))
        #expect(mark(overdue, quarter: 0) == "—" && mark(overdue, quarter: 3) == "P", "\(overdue)")
        // 9.2.1 (tier C, once in the cycle) was just graded in this audit: done in Q4 2026, nothing more due.
        let done = try #require(seen["9.2.1"])
        #expect(mark(done, quarter: 3) == "✓" && done.hasSuffix("done"))
        #expect(!(0..<12).contains { mark(done, quarter: $0) == "P" })
        // A tier-A item never audited: planned once in each year of the cycle.
        let planned = try #require(seen["6.1.2"])
        #expect([0..<4, 4..<8, 8..<12].map { r in r.filter { "P✗".contains(mark(planned, quarter: $0)) }.count } == [1, 1, 1], "\(planned)")
        // Months later, with no result of IA-2026-02: it had the item in scope and graded nothing,
        // so its quarter is missed, and the audit is proposed again from the current quarter
        // (2027-Q3) on, never in one already past.
        h.keys(.escape)
        h.runner.today = Day(iso: "2027-08-01")!
        h.keys(.char("P"))
        seen = rows()
        let missed = try #require(seen["A.8.4@ava"])
        let bangs = (0..<12).filter { mark(missed, quarter: $0) == "✗" }
        #expect(bangs == [3], "\(missed)")
        #expect(!(0..<6).contains { mark(missed, quarter: $0) == "P" } && mark(missed, quarter: 6) == "P", "\(missed)")
    }

    @Test func assignmentProposalWithReasonsAndOpensTheItem() throws {
        let h = try Harness(as: "olivia")
        h.keys(.char("A"))
        #expect(h.state.screen == .assignment)
        // Working it out takes seconds for thousands of items: the screen says so first.
        #expect(h.terminal.frames.contains { $0.lines.contains { $0.contains("working out the proposed auditors for 59 items") } })
        #expect(h.text.contains("Proposed auditors for IA-2026-01"))
        #expect(h.text.contains("load: amara 12 · tomasz 12 · priya 12 · olivia 12 · daniel 11"))
        // The programme's own assignment of 9.2.2 is kept, and said so.
        h.keys(.char("G"))
        var found = false
        for _ in 0..<6 where !found {
            found = h.lines.contains { $0.contains("9.2.2") && $0.contains("Olivia Brandt") && $0.contains("kept: assigned in the programme") }
            if !found { h.keys(.pageUp) }
        }
        #expect(found)
        h.keys(.enter)
        guard case .item = h.state.screen else { Issue.record("Enter did not open the item"); return }
    }
}

