import AuditCore
import Fieldwork
import Foundation
import TestFolders
import Testing
import TerminalKit
import Workpaper

/// The app on an in-memory terminal over a real workpaper of the sample's first audit.
final class Harness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("SampleData/harbourline/programme.yaml").path
    /// The sample as it was in programme format 1, whose justifications need no safeguard.
    static let formatOne = root.appendingPathComponent("Tests/Fixtures/harbourline-format1.yaml").path

    let dir: URL
    let path: String
    let workpaper: WorkpaperFile
    let terminal: MemoryTerminal
    let runner: FieldworkRunner
    var now = 1000.0

    /// `programme`: the programme file (the sample's by default); `programmeText`: a programme of
    /// its own instead (written beside the workpaper).
    init(as me: String = "amara", width: Int = 80, height: Int = 24, programme file: String = Harness.sample,
         programmeText: String? = nil, setUp: ((WorkpaperFile) throws -> Void)? = nil) throws {
        dir = try TestFolder.make("fw")
        path = dir.appendingPathComponent("IA-2026-01.aimsaudit").path
        var programme = file
        if let programmeText {
            programme = dir.appendingPathComponent("programme.yaml").path
            try programmeText.write(toFile: programme, atomically: true, encoding: .utf8)
        }
        try WorkpaperFile.create(programmePath: programme, auditID: "IA-2026-01", at: path).close()
        // As the screen opens it: from the workpaper's tables.
        workpaper = try WorkpaperFile.open(path, forWriting: true, stateFrom: .tables)
        try setUp?(workpaper)
        terminal = MemoryTerminal(width: width, height: height)
        weak var clockOwner: Harness?
        runner = try FieldworkRunner(workpaper: workpaper, me: me, terminal: terminal, clock: { clockOwner?.now ?? 0 })
        clockOwner = self
        // A day of the sample audit's fieldwork (the dates rules judge a record by it); a test of
        // another day sets its own.
        runner.today = Day(iso: "2026-11-25")!
    }

    deinit { workpaper.close() }

    /// Keys, then whatever they started beside the screen (hashing a file, a proposal) taken in.
    func keys(_ keys: Key...) { self.keys(keys) }
    func keys(_ keys: [Key]) {
        runner.send(keys)
        #expect(runner.settle(timeout: 60), "work beside the screen did not finish")
    }
    func type(_ text: String) { runner.send(text.map { Key.char($0) }) }
    func tick(after seconds: Double) {
        now += seconds
        runner.send(.tick(now))
    }

    var state: AppState { runner.state }
    var lines: [String] { Render.frame(runner.state).lines }
    var text: String { lines.joined(separator: "\n") }

    /// Opens an item through the command line, as a user would with `:item KEY`.
    func open(_ key: String) {
        keys(.char(":"))
        type("item \(key)")
        keys(.enter)
    }

    /// Compares the screen with Tests/FieldworkTests/Golden/NAME.txt; AIMSAUDIT_RECORD_GOLDEN=1 rewrites it.
    func golden(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = Self.root.appendingPathComponent("Tests/FieldworkTests/Golden/\(name).txt")
        let screen = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["AIMSAUDIT_RECORD_GOLDEN"] == "1" {
            try screen.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "(no golden screen \(name).txt: run with AIMSAUDIT_RECORD_GOLDEN=1)"
        #expect(screen == expected, "screen \(name) differs from its golden file", sourceLocation: sourceLocation)
    }
}
