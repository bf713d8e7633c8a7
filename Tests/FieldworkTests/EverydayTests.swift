import AuditCore
import Fieldwork
import Foundation
import TestFolders
import Testing
import TerminalKit
import Workpaper

/// Small things a new auditor met on the screen.
@Suite struct EverydayTests {
    @Test func anUnknownCommandSaysSoAndNamesTheCommands() throws {
        let h = try Harness()
        h.keys(.char(":"))
        h.type("bogus")
        h.keys(.enter)
        #expect(h.text.contains("unknown command 'bogus'"), "\(h.text)")
        #expect(h.text.contains("item KEY"), "\(h.text)")
    }
}

extension EverydayTests {
    @Test func exportToTheHomeFolderExpandsTheTilde() throws {
        let h = try Harness()
        let home = try TestFolder.make("home")
        let saved = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", home.path, 1)
        defer { if let saved { setenv("HOME", saved, 1) } }
        h.keys(.char(":"))
        h.type("export ~/my report.md")
        h.keys(.enter)
        let written = home.appendingPathComponent("my report.md").path
        #expect(FileManager.default.fileExists(atPath: written), "\(h.text)")
        #expect(try String(contentsOfFile: written, encoding: .utf8).hasPrefix("# Internal audit report"))
        #expect(h.text.contains("report written to"), "\(h.text)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/~"))
    }
}

extension EverydayTests {
    @Test func theHistoryOfAnItemWithNothingRecordedSaysSo() throws {
        let h = try Harness()
        h.open("A.5.4@talentlens")
        h.keys(.char("h"))
        #expect(h.text.contains("History of A.5.4@talentlens"), "\(h.text)")
        #expect(h.text.contains("Nothing recorded on A.5.4@talentlens yet"), "\(h.text)")
    }

    @Test func aBlockedItemsFooterOffersNoRecording() throws {
        // Priya owns A.7.4 for ClaimSort: she may look but not record.
        let h = try Harness(as: "priya")
        h.open("A.7.4@claimsort")
        #expect(h.text.contains("Blocked — IND-01"))
        h.keys(.tab)   // the message has been read; the footer's hints remain
        let footer = h.lines.last ?? ""
        #expect(footer.contains("blocked"), "\(footer)")
        for offer in ["a reference", "S sample", "c action", "Enter edit"] { #expect(!footer.contains(offer), "\(footer)") }
        let free = try Harness(as: "olivia")
        free.open("A.7.4@claimsort")
        free.keys(.tab)
        #expect((free.lines.last ?? "").contains("a reference"))
    }
}

extension EverydayTests {
    /// Amara has warnings on 9.2.1: `e` asks for the justification first, then goes on to the
    /// editor it was asked for (not the form's own editor).
    @Test func aJustificationGivenForTheEditorGoesOnToTheEditor() throws {
        let h = try Harness(as: "amara", programme: Harness.formatOne)
        h.runner.environment = ["VISUAL": #"sh -c 'printf "Written outside" > "$1"' sh"#,
                                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        h.open("9.2.1")
        for _ in 0..<4 { h.keys(.tab) }
        h.keys(.char("e"))
        #expect(h.text.contains("justify before editing"), "\(h.text)")
        h.type("Lead reviews the plan only")
        h.keys(.enter)
        #expect(h.state.editor == nil)
        #expect(h.workpaper.state.record("9.2.1").note == "Written outside")
        #expect(h.workpaper.state.record("9.2.1").justifications["amara"]?.text == "Lead reviews the plan only")
    }
}

extension EverydayTests {
    /// Esc never quits: it clears the search, then the filter, then says that q quits.
    @Test func escapeOnTheChecklistClearsAndNeverQuits() throws {
        let h = try Harness()
        h.keys(.char("/"))
        h.type("talentlens")
        h.keys(.enter)
        #expect(h.text.contains("shown") && !h.text.contains("59 shown"), "\(h.text)")
        h.keys(.escape)
        #expect(h.text.contains("59 shown"), "\(h.text)")
        #expect(!h.state.quit)
        h.keys(.escape)
        #expect(!h.state.quit)
        #expect(h.text.contains("q quits"), "\(h.text)")
        h.keys(.char("q"))
        #expect(h.state.quit)
    }
}

extension EverydayTests {
    /// S on an item that has a sample opens the form with that sample, not a blank one.
    @Test func theSampleFormOpensWithTheSampleOnRecord() throws {
        let drawn = Sample(description: "daily drift reports", population: 365, size: 5, method: .random, seed: 7,
                           selected: Sampler.draw(population: 365, size: 5, method: .random, seed: 7))
        let h = try Harness(as: "olivia") { wp in try wp.append([.sampled(item: "9.2.1", drawn)], actor: "olivia") }
        h.open("9.2.1")
        h.keys(.char("S"))
        #expect(h.text.contains("on record"), "\(h.text)")
        #expect(h.state.dialog?.texts == ["365", "5", "random", "7", "", "daily drift reports", "", ""])
    }
}

extension EverydayTests {
    /// A refusal inside a form is shown whole at 80 columns, wrapped, with the form's edges clear.
    @Test func aLongRefusalInAFormIsShownWhole() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("c"))
        h.type("kenji")
        h.keys(.enter)
        let message = try #require(h.state.dialog?.error)
        #expect(message.count > 76)
        let shown = h.lines.map { $0.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains(message), "\(h.text)")
        // Beside the form, nothing of the item screen shows through.
        let row = try #require(h.lines.first { $0.contains("Corrective action (10.2)") })
        #expect(row.hasPrefix("  ┌─ Corrective"), "\(row)")
    }
}

extension EverydayTests {
    /// A refusal in the status line is read whole at 80 columns, however long.
    @Test func aLongStatusMessageIsShownWhole() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.2")
        h.keys(.enter, .home)   // the grade picker; major asks for the three-part statement
        h.keys(.enter)
        let message = h.state.status
        #expect(message.hasPrefix("refused (GR-1)") && message.count > 80, "\(message)")
        let shown = h.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains(message), "\(h.text)")
        h.keys(.tab)   // read: the next key brings the form back
        #expect(!h.text.contains("refused"))
    }
}

extension EverydayTests {
    /// Text the rules refuse stays in the editor to be put right; asked twice, it is left.
    @Test func refusedTextStaysInTheEditorUntilLeftOnPurpose() throws {
        // An observation needs its text (GR-5): clearing the gap of one is refused.
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.statement(item: "9.2.1", Statement(gap: "Plan v3 not shown")), .graded(item: "9.2.1", grade: .observation)],
                          actor: "olivia")
        }
        h.open("9.2.1")
        for _ in 0..<3 { h.keys(.tab) }
        h.keys(.enter)
        h.keys(Array(repeating: Key.backspace, count: 20))
        h.keys(.escape)
        #expect(h.state.editor != nil, "\(h.text)")
        #expect(h.text.contains("refused (GR-5)"), "\(h.text)")
        h.type("Plan v3 not yet shown")
        h.keys(.escape)
        #expect(h.state.editor == nil)
        #expect(h.workpaper.state.record("9.2.1").statement.gap == "Plan v3 not yet shown")
        // Refused again and left on purpose: the field stays as it was.
        h.keys(.enter)
        h.keys(Array(repeating: Key.backspace, count: 30))
        h.keys(.escape)
        #expect(h.state.editor != nil)
        h.keys(.escape)
        #expect(h.state.editor == nil)
        #expect(h.workpaper.state.record("9.2.1").statement.gap == "Plan v3 not yet shown")
    }
}

extension EverydayTests {
    /// What the rules refuse from the outside editor is kept in its file, which the message names.
    @Test func aRefusedEditFromTheEditorIsKeptInItsFile() throws {
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.statement(item: "9.2.1", Statement(gap: "Plan v3 not shown")), .graded(item: "9.2.1", grade: .observation)],
                          actor: "olivia")
        }
        // An editor that empties the gap: an observation needs its text (GR-5).
        h.runner.environment = ["VISUAL": #"sh -c ': > "$1"' sh"#, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        h.open("9.2.1")
        for _ in 0..<3 { h.keys(.tab) }
        h.keys(.char("e"))
        let status = h.state.status
        #expect(status.contains("refused (GR-5)") && status.contains("what you wrote is kept in "), "\(status)")
        let path = String(status[status.range(of: "kept in ")!.upperBound...])
        #expect(FileManager.default.fileExists(atPath: path))
        try? FileManager.default.removeItem(atPath: path)
        #expect(h.workpaper.state.record("9.2.1").statement.gap == "Plan v3 not shown")
    }
}

extension EverydayTests {
    /// A mistyped file in the evidence form brings the form back with what was typed.
    @Test func aMistypedFileBringsTheEvidenceFormBack() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("a"))   // the form opens on the reference
        h.type("IA-2026-01 audit plan v2")
        h.keys(.tab, .tab, .tab, .tab)
        h.type("no-such-file.pdf")
        h.keys(.enter)
        #expect(h.text.contains("cannot cite no-such-file.pdf: there is no such file"), "\(h.text)")
        #expect(h.state.dialog?.texts.contains("IA-2026-01 audit plan v2") == true)
        #expect(h.workpaper.state.evidence(on: "9.2.1").isEmpty)
    }
}

extension EverydayTests {
    /// On a small screen the item form scrolls to the field Tab moves to, and says there is more.
    @Test func theItemFormScrollsToTheFocusedFieldOnASmallScreen() throws {
        let h = try Harness(as: "olivia", width: 50, height: 12)
        h.open("9.2.1")
        #expect(h.text.contains("↓"), "\(h.text)")
        for field in Field.allCases.dropFirst() {
            h.keys(.tab)
            #expect(h.lines.contains { $0.hasPrefix(" \(field.label) ") }, "\(field.label) not shown:\n\(h.text)")
        }
        #expect(h.text.contains("↑"), "\(h.text)")
        h.keys(.enter)   // editing the last field, its editor is in sight
        #expect(h.lines.count == 12)
    }
}

extension EverydayTests {
    /// The sampling method is chosen with ←→ like the evidence type, and every label reads whole,
    /// saying what the method chosen asks for.
    @Test func theSampleFormCyclesTheMethodAndShowsItsLabelsWhole() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("S"), .tab, .tab)
        #expect(h.state.dialog?.texts[2] == "random")
        #expect(h.text.contains("Items (judgemental)") && h.text.contains("Description"), "\(h.text)")
        h.keys(.right)
        #expect(h.state.dialog?.texts[2] == "systematic")
        h.keys(.left, .left)
        #expect(h.state.dialog?.texts[2] == "judgemental")
        // The form's own keys: a judgemental sample asks for the items chosen and the reason.
        #expect(h.text.contains("Items chosen") && h.text.contains("Reason") && h.text.contains("Seed (drawn only)"), "\(h.text)")
    }
}
