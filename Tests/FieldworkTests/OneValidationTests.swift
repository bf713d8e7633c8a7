import AuditCore
import Fieldwork
import Foundation
import TestFolders
import Testing
import TerminalKit
import Workpaper

/// One validation for every record: the same cases refused through `record` and through the
/// screen name the same rule.
@Suite struct OneValidationTests {
    struct Case: Sendable, CustomStringConvertible {
        var rule: String
        var actor: String
        var item: String
        var cli: [String]
        /// The keys on the item's screen that ask for the same record.
        var keys: [Key]
        /// The day it is recorded on (a day of fieldwork unless given).
        var day = "2026-11-27"
        var description: String { "\(rule) \(item)" }
    }

    static func grade(_ g: Grade) -> [Key] {
        [.enter, .home] + Array(repeating: Key.down, count: Grade.allCases.firstIndex(of: g)!) + [.enter]
    }

    static func typed(_ text: String) -> [Key] { text.map { Key.char($0) } }

    static let cases: [Case] = [
        Case(rule: "IND-01", actor: "priya", item: "A.7.4@claimsort", cli: ["--grade", "observation"], keys: grade(.observation)),
        Case(rule: "IND-08", actor: "amara", item: "A.5.2", cli: ["--grade", "ofi"], keys: grade(.ofi)),
        Case(rule: "GR-1", actor: "olivia", item: "9.2.2", cli: ["--grade", "major"], keys: grade(.major)),
        Case(rule: "GR-2", actor: "olivia", item: "9.2.1", cli: ["--grade", "conform"], keys: grade(.conform)),
        Case(rule: "GR-3", actor: "olivia", item: "9.2.1", cli: ["--grade", "not-applicable"], keys: grade(.notApplicable)),
        Case(rule: "GR-5", actor: "olivia", item: "9.2.1", cli: ["--grade", "observation"], keys: grade(.observation)),
        Case(rule: "GR-4", actor: "olivia", item: "9.2.1", cli: ["--ca-owner", "kenji"], keys: [.char("c")] + typed("kenji") + [.enter]),
        Case(rule: "SAMPLE", actor: "olivia", item: "9.2.1",
             cli: ["--sample-population", "10", "--sample-method", "judgemental", "--sample-items", "3"],
             keys: [.char("S")] + typed("10") + [.tab, .tab, .right, .right, .tab, .tab] + typed("3") + [.enter]),
        Case(rule: "EVIDENCE", actor: "olivia", item: "9.2.1", cli: ["--add-evidence", "record=plan,on=2026-02-30"],
             keys: [.char("a")] + typed("plan") + [.tab, .tab, .tab] + typed("2026-02-30") + [.enter]),
        // The dates rules ask for a reason: the screen opens the form for it, `record` names --reason.
        Case(rule: "DATE-1", actor: "olivia", item: "9.2.1", cli: ["--add-evidence", "record=plan,on=2026-11-29"],
             keys: [.char("a")] + typed("plan") + [.tab, .tab, .tab] + typed("2026-11-29") + [.enter]),
        Case(rule: "DATE-3", actor: "olivia", item: "9.2.1", cli: ["--add-evidence", "record=plan,on=2026-11-26"],
             keys: [.char("a")] + typed("plan") + [.tab, .tab, .tab] + typed("2026-11-26") + [.enter], day: "2026-12-03"),
    ]

    @Test(arguments: cases) func theCommandLineAndTheScreenRefuseByTheSameRule(_ c: Case) throws {
        let h = try Harness(as: c.actor)
        h.runner.today = Day(iso: c.day)!
        h.open(c.item)
        h.keys(c.keys)
        let shown = h.text.replacingOccurrences(of: "\n", with: " ")
        #expect(shown.contains(c.rule), "\(c): \(h.text)")
        if c.rule == "EVIDENCE" { #expect(shown.contains("2026-02-30"), "the date is what is refused: \(h.text)") }
        if c.rule.hasPrefix("DATE") {
            // With a reason, the record is made.
            #expect(h.text.contains("A reason for the record on \(c.item)"), "\(h.text)")
            h.type("The plan was re-issued after fieldwork and still governs")
            h.keys(.enter)
            #expect(h.workpaper.state.evidence.values.contains { $0.item == c.item && $0.reference == "plan" }, "\(h.text)")
        }
        // The same record through `record`, on a workpaper of its own.
        let dir = try TestFolder.make("one")
        let path = dir.appendingPathComponent("IA.aimsaudit").path
        try WorkpaperFile.create(programmePath: Harness.sample, auditID: "IA-2026-01", at: path).close()
        let (status, stderr) = try Self.record([path, "--as", c.actor, "--item", c.item] + c.cli, on: c.day)
        #expect(status != 0)
        #expect(stderr.hasPrefix("aimsaudit: refused (\(c.rule)):"), "\(c): \(stderr)")
        #expect(!shown.contains("--"), "the screen speaks of its own controls: \(h.text)")
    }

    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("aimsaudit")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return Harness.root.appendingPathComponent(".build/debug/aimsaudit")
    }()

    static func record(_ arguments: [String], on day: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["record"] + arguments
        // Recorded on the case's day, whatever day the tests run (AuditClock).
        p.environment = ProcessInfo.processInfo.environment.merging(["AIMSAUDIT_NOW": "\(day)T15:00:00Z"]) { $1 }
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
