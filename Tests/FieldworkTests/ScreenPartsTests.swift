import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

/// What auditors hit on the screen (issue 14, point 2), each as the screen shows it.
@Suite struct WhatAuditorsHitTests {
    /// Tab on the last field and Shift-Tab on the first stay where they are, and say so.
    @Test func focusDoesNotWrapFromActionToGradeSilently() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(Array(repeating: Key.tab, count: Field.allCases.count - 1))
        #expect(h.lines.contains { $0.hasPrefix(" Action ") }, "\(h.text)")
        h.keys(.tab)
        #expect(h.state.field == .action)
        #expect(h.text.contains("Action is the last field; Shift-Tab goes back"), "\(h.text)")
        #expect(!h.lines.contains { $0.hasPrefix(" Grade ") && $0.contains("not-audited") } || h.state.field == .action)
        h.keys(Array(repeating: Key.backTab, count: Field.allCases.count))
        #expect(h.state.field == .grade)
        #expect(h.text.contains("Grade is the first field; Tab goes on"), "\(h.text)")
    }

    /// Text cut short always ends in "…": a long reference in the references' picker, in the
    /// item's field, and a long input of a form.
    @Test func longFieldsEndInAnEllipsis() throws {
        let long = "AI policy v3 (AIMS-POL-01), section 7.2, retention of event logs for twelve months, approved by the board"
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .document, reference: long))], actor: "olivia")
        }
        h.open("9.2.1")
        let field = try #require(h.lines.first { $0.contains("E1 document: AI policy v3") })
        #expect(field.hasSuffix("…"), "\(field)")
        h.keys(Array(repeating: Key.tab, count: 6) + [.enter])
        let option = try #require(h.lines.first { $0.contains("Edit E1 document: AI policy v3") })
        #expect(option.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(option)")
        h.keys(.down, .enter)   // Edit E1: the reference is the focused input; the description below it is not
        h.keys(.tab)
        let reference = try #require(h.lines.first { $0.contains("Reference") && $0.contains("AI policy v3") })
        #expect(reference.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(reference)")
    }

    /// An excluded item shows why it is excluded: its justification is what is audited.
    @Test func anExcludedItemShowsItsJustification() throws {
        let h = try Harness(as: "olivia")
        let excluded = try #require(h.state.analysis.checklist.first { $0.isExclusion })
        h.open(excluded.key.description)
        let shown = h.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("Excluded in the SoA"), "\(h.text)")
        let justification = try #require(h.state.details[excluded.key.description]?.entry?.justification)
        #expect(shown.contains(String(justification.prefix(60))), "\(h.text)")
    }

    /// A re-test shows the earlier nonconformity behind it as it was recorded: its statement and its action.
    @Test func aReTestShowsTheCarriedFinding() throws {
        let key = "A.7.5@ava"
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.carried(item: key, CarriedFinding(
                audit: "IA-2025-02", workpaper: "IA-2025-02.aimsaudit", journalHash: "ab", date: "2025-11-28", grade: .minor,
                statement: Statement(requirement: "A.7.5: data provenance recorded", evidence: "Corpus v4 used without a record",
                                     gap: "No corpus version"),
                action: CorrectiveAction(action: "Version every corpus", owner: "kenji", due: "2026-03-31")))], actor: "olivia")
        }
        h.open(key)
        let shown = h.text
        #expect(shown.contains("Re-test: minor nonconformity of IA-2025-02 (to 2025-11-28)"), "\(shown)")
        #expect(shown.contains("Kenji Mori by 2026-03-31"), "\(shown)")
        #expect(shown.contains("Requirement: A.7.5: data provenance recorded"), "\(shown)")
        #expect(shown.contains("Evidence: Corpus v4 used without a record"), "\(shown)")
        #expect(shown.contains("Gap: No corpus version"), "\(shown)")
    }

    /// The item says whom it is assigned to; recording on someone else's item says so.
    @Test func theItemSaysWhoItIsAssignedToAndRecordingOnAnothersIsNoted() throws {
        let h = try Harness(as: "olivia", programme: Harness.formatOne)
        // An item the audit assigns to someone else, on which I have no verdict to justify.
        let other = try #require(h.state.analysis.checklist.first { item in
            item.auditor != nil && item.auditor != "olivia" && !h.state.analysis.verdicts.contains { $0.item == item.key && $0.auditor == "olivia" }
        })
        let key = other.key.description, owner = h.state.name(other.auditor!)
        h.open(key)
        #expect(h.text.contains("Auditor: \(owner), not you"), "\(h.text)")
        h.keys(.down, .enter)
        h.type("Clause cited in the plan")
        h.keys(.escape)
        #expect(h.workpaper.state.record(key).statement.requirement == "Clause cited in the plan")
        let shown = h.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("is assigned to \(owner); what you record there is recorded as yours"), "\(h.text)")
        // My own item says so, without a notice.
        h.keys(.escape)
        h.open("9.2.1")
        #expect(h.text.contains("Auditor: you"), "\(h.text)")
    }

    /// A judgemental sample takes the population's own ids (ticket or invoice numbers).
    @Test func aJudgementalSampleTakesThePopulationsOwnIds() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("S"))
        h.keys(Array(repeating: Key.backspace, count: 5))
        h.type("500")
        h.keys(.tab, .tab, .left)   // judgemental
        #expect(h.text.contains("Items chosen"), "\(h.text)")
        h.keys(.tab, .tab)
        h.type("INV-2031, INV-2044, INV-2044, 48213")
        h.keys(.tab)
        h.type("Largest credit notes of the year")
        h.keys(.enter)
        let sample = try #require(h.workpaper.state.record("9.2.1").sample)
        #expect(sample.ids == ["INV-2031", "INV-2044", "48213"] && sample.size == 3 && sample.selected.isEmpty)
        #expect(h.text.contains("judgemental 3 of 500: INV-2031, INV-2044, 48213"), "\(h.text)")
        // Opened again, the form holds the ids as given.
        h.keys(.char("S"))
        #expect(h.state.dialog?.texts[4] == "INV-2031, INV-2044, 48213")
    }

    /// A message (the sort, a refusal) sits above the footer; the footer keeps its key hints.
    @Test func theFooterKeepsItsKeyHints() throws {
        let h = try Harness()
        h.keys(.char("s"))
        #expect(h.lines.last?.contains("Enter open") == true, "\(h.lines.last ?? "")")
        #expect(h.lines[2].contains("sort: clause"))
        h.keys(.escape)   // nothing to clear: says q quits, above the hints
        #expect(h.text.contains("nothing to clear; q quits"))
        #expect(h.lines.last?.contains("Enter open") == true, "\(h.lines.last ?? "")")
        // On the next screen the message is gone and that screen's hints are shown.
        h.keys(.char("F"))
        #expect(!h.text.contains("q quits"))
        #expect(h.lines.last?.contains("Esc back") == true, "\(h.lines.last ?? "")")
    }
}

/// The layout parts (issue 14, point 3).
@Suite struct LayoutTests {
    @Test func aFormIsABorderedPanelWithItsTitleInTheBorder() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("a"))
        let top = try #require(h.lines.first { $0.contains("Add a reference to 9.2.1") })
        #expect(top.trimmingCharacters(in: .whitespaces).hasPrefix("┌─ Add a reference to 9.2.1 ─"), "\(top)")
        #expect(h.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("└") && $0.hasSuffix("┘") })
        // The form's keys are in the footer, not in the panel.
        #expect(h.lines.last?.contains("Enter confirm") == true && h.lines.last?.contains("Esc cancel") == true, "\(h.lines.last ?? "")")
    }

    @Test func theCommandLineIsAPromptInTheStatusLine() throws {
        let h = try Harness()
        h.keys(.char(":"))
        h.type("item A.7")
        #expect(h.lines.last?.hasPrefix(" :item A.7") == true, "\(h.lines.last ?? "")")
        #expect(h.state.dialog == nil)
        #expect(!h.text.contains("┌"))
        h.type("4@nope")
        h.keys(.enter)
        // A mistyped command stays on the line, with why above it.
        #expect(h.lines.last?.hasPrefix(" :item A.74@nope") == true, "\(h.lines.last ?? "")")
        #expect(h.text.contains("no item 'A.74@nope'"), "\(h.text)")
        h.keys(.escape)
        #expect(h.lines.last?.contains("Enter open") == true)
    }

    /// The selection bar changes only the background: MAJOR keeps its colour, a warning its chip.
    @Test func theSelectionBarKeepsTheRowsColoursAndMarks() throws {
        let h = try Harness { wp in
            try wp.append([.statement(item: "A.5.4@talentlens", Statement(requirement: "r", evidence: "e", gap: "g")),
                           .graded(item: "A.5.4@talentlens", grade: .major)], actor: "olivia")
        }
        var canvas = Render.frame(h.state)
        let row = try #require(canvas.lines.firstIndex { $0.contains("A.5.4@talentlens") })
        let major = try #require(canvas.lines[row].range(of: "MAJOR")).lowerBound.utf16Offset(in: canvas.lines[row])
        #expect(canvas[major, row].role == .gradeMajor && canvas[major, row].selected)
        // Down to a warned row: its ! keeps the warning's role under the bar.
        while !(canvas.lines.indices.contains { y in canvas.lines[y].hasPrefix("!") && canvas[0, y].selected }) {
            h.keys(.down)
            canvas = Render.frame(h.state)
        }
        let warned = try #require(canvas.lines.indices.first { canvas.lines[$0].hasPrefix("!") && canvas[0, $0].selected })
        #expect(canvas[0, warned].role == .warn)
    }

    /// One mark for nothing: no auditor, no grade, no evidence, an empty field.
    @Test func emptyIsShownOneWay() throws {
        let h = try Harness()
        let row = try #require(h.lines.first { $0.contains("A.5.4@talentlens") })
        #expect(row.hasSuffix("—        —       —"), "\(row)")
        // No other mark for nothing anywhere in the list (not "·", not "-").
        let rows = h.lines.dropFirst(4).prefix { !$0.hasPrefix("─") }
        #expect(!rows.contains { $0.contains("·") || $0.contains(" - ") }, "\(h.text)")
        h.open("A.5.4@talentlens")
        #expect(h.lines.contains { $0.hasPrefix(" Requirement    —") })
    }

    /// One meaning per mark: the cycle's missed audit is not the checklist's warning; the help says each.
    @Test func eachMarkHasOneMeaningAndTheHelpSaysWhich() throws {
        let h = try Harness(as: "olivia")
        h.runner.today = Day(iso: "2027-08-01")!
        h.keys(.char("P"))
        #expect(h.lines[1].contains("✓ done P planned ✗ missed"), "\(h.lines[1])")
        h.keys(.escape, .char("?"), .char("G"))
        for meaning in ["you have an independence warning on the item", "you may not audit the item (blocked)",
                        "the programme's cycle: an audit done, planned, missed", "nothing recorded, nobody named"] {
            #expect(h.text.contains(meaning.prefix(30)), "\(meaning)\n\(h.text)")
        }
    }

    /// The form's labels are the item's: the corrective action's fields read the same in both.
    @Test func fieldNamesAreTheSameInTheFormAndOnTheItem() throws {
        let key = "A.6.2.8@ava"
        let h = try Harness(as: "olivia") { wp in
            try wp.append([.graded(item: key, grade: .major),
                           .statement(item: key, Statement(requirement: "r", evidence: "e", gap: "g")),
                           .actionSet(item: key, CorrectiveAction(correction: "Retention set", rootCause: "Default kept",
                                                                  effectivenessCriteria: "Three checks pass"))], actor: "olivia")
        }
        h.open(key)
        h.keys(Array(repeating: Key.tab, count: Field.allCases.count - 1))
        let item = h.text
        h.keys(.char("c"))
        for label in ["Correction", "Root cause", "Effectiveness criteria"] {
            #expect(item.contains("\(label): "), "\(label) on the item:\n\(item)")
            #expect(h.lines.contains { $0.contains("│ \(label) ") }, "\(label) in the form:\n\(h.text)")
        }
    }

    /// The selected row's text in full under the list, and where it is in the list.
    @Test func aDetailPaneAndAPositionUnderTheList() throws {
        let h = try Harness()
        #expect(h.text.contains("1 of 59"), "\(h.text)")
        h.keys(.char("G"))
        #expect(h.text.contains("59 of 59"))
        h.keys(.char("g"), .down, .down, .down)
        let selected = try #require(h.state.selectedKey)
        let item = try #require(h.state.item(selected))
        // The title is cut in its column, whole in the pane.
        #expect(h.lines.contains { $0.contains(selected) && $0.contains("…") }, "\(h.text)")
        let pane = h.lines.suffix(4).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(pane.contains(item.title), "\(h.text)")
        #expect(pane.contains("4 of 59"))
    }

    /// Help shows the screen's own keys first, in two columns when wide, with a mark when there is more.
    @Test func helpShowsThisScreensKeysFirstInTwoColumnsWhenWide() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.char("?"))
        #expect(h.lines[3].hasPrefix(" On an item"), "\(h.text)")
        #expect(h.text.contains("↓ more"))
        h.keys(.escape, .escape, .char("?"))
        #expect(h.lines[3].hasPrefix(" On the checklist"), "\(h.text)")
        // Wide, the help is two columns: the second starts where the first leaves off.
        let narrow = h.lines
        h.runner.send(.resize(160, 40))
        let rows = h.lines.dropFirst(3).dropLast()
        #expect(rows.contains { Width.of($0) > 100 && $0.hasPrefix(" ") }, "\(h.text)")
        let left = rows.map { String($0.prefix(80)) }.joined(separator: "\n")
        #expect(left.contains("On the checklist") && !narrow.isEmpty)
    }
}
