import AuditCore
import Fieldwork
import Foundation
import GRDB
import Testing
import TerminalKit
import Workpaper

/// Two screens on one workpaper, and programs reading it while the screen writes.
@Suite struct BesideTheWriterTests {
    /// The observation these tests grade needs its text first (GR-5).
    static func observationText(_ w: WorkpaperFile) throws {
        try w.append([.statement(item: "9.2.1", Statement(gap: "Plan v3 not yet shown to the committee"))], actor: "olivia")
    }

    /// A read-only screen beside the writer shows the writer's saves at its next tick, on the
    /// item its user is looking at.
    @Test func aReadOnlyScreenShowsWhatTheWriterSaves() throws {
        let writer = try Harness(as: "olivia", setUp: Self.observationText)
        let file = try WorkpaperFile.open(writer.path, stateFrom: .tables)
        defer { file.close() }
        let terminal = MemoryTerminal(width: 80, height: 24)
        let reader = try FieldworkRunner(workpaper: file, me: "amara", terminal: terminal, readOnly: true)
        reader.send([.char(":")] + "item 9.2.1".map { Key.char($0) } + [.enter])
        var text: String { Render.frame(reader.state).lines.joined(separator: "\n") }
        #expect(text.contains("Grade          not-audited"), "\(text)")
        writer.open("9.2.1")
        writer.keys(.enter, .home, .down, .down, .enter)
        #expect(writer.text.contains("graded 9.2.1 observation"), "\(writer.text)")
        reader.send(.tick(1))
        #expect(text.contains("9.2.1 General"), "\(text)")
        #expect(text.contains("Grade          observation"), "\(text)")
        reader.send([.escape])
        #expect(text.contains("audited 1/59"), "\(text)")
    }

    /// While another program still reads the state from before a save, the file alone does not
    /// hold it yet: the status line says to wait before copying, until the next tick after the
    /// reader is done.
    @Test func theStatusLineSaysToWaitWhileTheFileAloneLacksASave() throws {
        let h = try Harness(as: "olivia", setUp: Self.observationText)
        // Another program on the state from before the save: its read transaction stays open.
        var config = Configuration()
        config.readonly = true
        config.allowsUnsafeTransactions = true
        let other = try DatabaseQueue(path: h.path, configuration: config)
        try other.inDatabase { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM journal")
        }
        h.open("9.2.1")
        h.keys(.enter, .home, .down, .down, .enter)
        #expect(h.text.contains("graded 9.2.1 observation"), "\(h.text)")
        #expect(h.lines.last?.range(of: "saved \\d\\d:\\d\\d:\\d\\d, wait to copy", options: .regularExpression) != nil, "\(h.text)")
        h.tick(after: 1)
        #expect(h.lines.last?.contains("wait to copy") == true)
        try other.inDatabase { db in try db.execute(sql: "COMMIT") }
        h.tick(after: 1)
        #expect(h.lines.last?.range(of: "saved \\d\\d:\\d\\d:\\d\\d *$", options: .regularExpression) != nil, "\(h.text)")
        try other.close()
    }
}
