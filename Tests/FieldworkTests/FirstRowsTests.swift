import AuditCore
@testable import Fieldwork
import Foundation
import GRDB
import TerminalKit
import Testing
import Workpaper

/// The screen opens on the checklist's first rows, read by position, and reads the rest beside
/// it: what it shows before then must be what it shows with every row, and a key that needs more
/// than those rows waits for the rest.
@Suite struct FirstRowsTests {
    /// The sample's workpaper with grades, a note and a re-test on rows far down the checklist
    /// (the head counts them), written by `made`; opened by a screen that reads every row first
    /// (`whole`), and by one that opens on its first `rows` rows (`first`), both only looking.
    struct Pair {
        let made: Harness
        let file: WorkpaperFile
        let first: FieldworkRunner
        let whole: FieldworkRunner

        init(rows: Int = 30, width: Int = 120, height: Int = 24) throws {
            made = try Harness(as: "amara", width: width, height: height) { wp in
                let keys = wp.analysis.checklist.map(\.key.description)
                try wp.append(keys.suffix(12).enumerated().map { i, key in .graded(item: key, grade: [.conform, .minor, .ofi][i % 3]) }
                              + [.noted(item: keys[1], note: "reviewed with the data owner"),
                                 .graded(item: keys[0], grade: .major),
                                 .carried(item: keys[keys.count - 3], CarriedFinding(audit: "IA-2025-02", workpaper: "w", journalHash: "ab",
                                                                                     date: "2025-11-28", grade: .minor, statement: Statement(),
                                                                                     action: nil))],
                              actor: "amara")
            }
            file = try WorkpaperFile.open(made.path, stateFrom: .tables, screenFor: "amara", rows: rows)
            first = try FieldworkRunner(workpaper: file, me: "amara", terminal: MemoryTerminal(width: width, height: height),
                                        readOnly: true, first: try file.firstRows())
            whole = try FieldworkRunner(workpaper: try WorkpaperFile.open(made.path, stateFrom: .tables), me: "amara",
                                        terminal: MemoryTerminal(width: width, height: height), readOnly: true)
            for runner in [first, whole] { runner.today = made.runner.today }
        }

        /// Both screens' lines, every one of them.
        func same(_ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
            let a = Render.frame(whole.state).lines, b = Render.frame(first.state).lines
            #expect(a == b, "\(what):\n\(a.joined(separator: "\n"))\n---\n\(b.joined(separator: "\n"))", sourceLocation: sourceLocation)
        }

        func send(_ keys: Key...) { send(keys) }
        func send(_ keys: [Key]) {
            whole.send(keys)
            first.send(keys)
        }
    }

    /// The first frame is the whole's: its totals, its count of rows, the rows, the selected row's
    /// note. Moves that stay within the rows read are made on them, the items' records still
    /// unread; the first move past them takes in the rest, and the screen goes on as the whole.
    @Test func movesWithinTheFirstRowsShowWhatEveryRowWould() throws {
        let p = try Pair()
        let count = p.whole.state.shownCount
        #expect(count > 40 && p.first.state.shownCount == count && p.first.state.unread == count - 30)
        #expect(p.file.opensOnFirstRows && p.first.restToTake)
        p.same("the first frame")
        let text = Render.frame(p.whole.state).lines.joined(separator: "\n")
        #expect(text.contains("\(count) shown") && text.contains("MAJOR 1"))
        let rows = Render.listRows(p.whole.state, .checklist)
        var moves = 0
        for key: Key in [.down, .char("j"), .pageDown, .up, .pageUp, .char("k"), .pageDown, .pageDown, .char("g"), .pageDown, .char("G"), .up] {
            let before = p.first.restToTake
            p.send(key)
            p.same("after \(key)")
            // Made on the first rows exactly while the rows it shows were read.
            let shownTo = p.whole.state.list(.checklist).window(count: count, rows: rows).first + rows
            if before { #expect(p.first.restToTake == (shownTo <= 30), "after \(key)") }
            if p.first.restToTake { moves += 1 }
        }
        #expect(moves >= 3, "some moves were made on the first rows")
        #expect(!p.first.restToTake && !p.file.opensOnFirstRows && p.first.state.unread == 0)
        // With the rest taken in, the screen is the whole's for the keys that need every row.
        for keys: [Key] in [[.char("s")], [.char("f"), .char("j"), .enter], [.char("/"), .char("d"), .char("a"), .char("t"), .enter], [.enter]] {
            p.send(keys)
            p.same("after \(keys)")
        }
    }

    /// A key other than a move takes in the rest first, then does what it does on the whole
    /// (open an item, search, filter, sort, the findings).
    @Test func anyOtherKeyTakesInTheRestFirst() throws {
        for keys: [Key] in [[.enter], [.char("/"), .char("r"), .char("e"), .char("v")], [.char("f"), .char("j"), .enter], [.char("s")], [.char("F")]] {
            let p = try Pair()
            p.first.send(keys)
            p.whole.send(keys)
            #expect(!p.first.restToTake && p.first.state.unread == 0)
            p.same("after \(keys)")
        }
    }

    /// A checklist shorter than the rows the screen opens on is read whole at once, and still
    /// opens with the items' records read beside it.
    @Test func aShortChecklistIsReadWhole() throws {
        let p = try Pair(rows: 500)
        #expect(p.first.state.unread == 0 && p.first.restToTake)
        p.same("the first frame")
        p.send(.char("G"))
        p.same("the last row")
        #expect(p.first.restToTake, "a move within every row needs nothing more")
        p.send(.enter)
        p.same("the last item")
        #expect(!p.first.restToTake)
    }

    /// When the rest cannot be read (a record broken after the screen opened), the screen stops
    /// and says why, as the open would have; nothing is read from it half.
    @Test func aRestThatCannotBeReadStopsTheScreenAndSaysWhy() throws {
        let p = try Pair()
        let last = p.whole.state.keys.last!
        try DatabaseQueue(path: p.made.path).writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE item_state SET grade = 'excellent' WHERE item = ?", arguments: [last])
        }
        p.first.send([.char("G")])
        #expect(p.first.state.quit && p.first.failure != nil)
        #expect(p.first.failure?.description.contains(p.made.path) == true)
        #expect(p.first.failure.map { [65, 74].contains($0.exitCode) } == true, "\(String(describing: p.first.failure))")
    }

    /// A workpaper made before the head's totals were kept in `meta` has them counted from its
    /// tables when the screen opens, with the same first frame; its next save keeps them again,
    /// and each save after that keeps them as the records go (`verify` holds them to the journal).
    @Test func totalsNotKeptAreCountedAtTheOpenAndKeptByTheNextSave() throws {
        let p = try Pair()
        let kept = "SELECT count(*) FROM meta WHERE key IN ('checklist_totals', 'grade_totals')"
        let db = try DatabaseQueue(path: p.made.path)
        #expect(try db.read { db in try Int.fetchOne(db, sql: kept) } == 2)
        try db.writeWithoutTransaction { db in try db.execute(sql: "DELETE FROM meta WHERE key IN ('checklist_totals', 'grade_totals')") }
        let file = try WorkpaperFile.open(p.made.path, stateFrom: .tables, screenFor: "amara", rows: 30)
        let first = try FieldworkRunner(workpaper: file, me: "amara", terminal: MemoryTerminal(width: 120, height: 24),
                                        readOnly: true, first: try file.firstRows())
        first.today = p.made.runner.today
        #expect(Render.frame(first.state).lines == Render.frame(p.whole.state).lines)
        #expect(p.made.workpaper.verify().ok)
        // Saves: a grade given, then one changed to a grade no other item has, one changed from a
        // grade others keep, and a note that leaves the grades be.
        let keys = p.whole.state.keys
        _ = try p.made.workpaper.append([.graded(item: keys[2], grade: .minor)], actor: "amara")
        #expect(try db.read { db in try Int.fetchOne(db, sql: kept) } == 1, "the grades are kept again")
        _ = try p.made.workpaper.append([.graded(item: keys[0], grade: .ofi), .graded(item: keys[keys.count - 12], grade: .minor),
                                         .noted(item: keys[3], note: "seen")], actor: "amara")
        let report = p.made.workpaper.verify()
        #expect(report.ok, "\(report.problems)")
        let again = try WorkpaperFile.open(p.made.path, stateFrom: .tables, screenFor: "amara", rows: 30)
        let lines = Render.frame(try FieldworkRunner(workpaper: again, me: "amara", terminal: MemoryTerminal(width: 120, height: 24),
                                                      readOnly: true, first: try again.firstRows()).state).lines
        let whole = try FieldworkRunner(workpaper: try WorkpaperFile.open(p.made.path, stateFrom: .tables), me: "amara",
                                        terminal: MemoryTerminal(width: 120, height: 24), readOnly: true)
        whole.today = p.made.runner.today
        #expect(lines == Render.frame(whole.state).lines)
        #expect(lines[1].contains("minor 6 ofi 5 conform 3") && !lines[1].contains("major"), "\(lines[1])")
    }
}
