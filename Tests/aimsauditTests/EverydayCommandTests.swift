import Foundation
import Testing

/// Small things a new auditor met on the command line.
@Suite struct EverydayCommandTests {
    @Test func demoWithoutATerminalSaysSoAtOnceAndLeavesNoFolder() throws {
        let tmp = try CLI.temporaryDirectory()
        let r = try CLI.run(["demo"], environment: ["TMPDIR": tmp.path])
        #expect(r.status == 64)
        #expect(r.stderr.contains("the screen needs a terminal"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).isEmpty)
    }

    @Test func aTextFileNamedAsAWorkpaperIsSaidNotToBeOne() throws {
        let file = try CLI.write(Array("just some notes\n".utf8), name: "notes.aimsaudit")
        for command in ["list", "check"] {
            let r = try CLI.run([command, file.path])
            #expect(r.status == 65)
            #expect(r.stderr.contains("is not an aimsaudit workpaper"), "\(r.stderr)")
            #expect(!r.stderr.contains("mapping"), "\(r.stderr)")
        }
    }

    @Test func newWarnsWhenTheProgrammesCheckFails() throws {
        let dir = try CLI.temporaryDirectory()
        // IA-2026-02 assigns A.9.4@ava to Sofia, who owns Ava: check fails on it.
        let r = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-02"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: `aimsaudit check` fails"), "\(r.stderr)")
        #expect(r.stderr.contains("programme.yaml:") && r.stderr.contains("A.9.4@ava is assigned to sofia"), "\(r.stderr)")
        let clean = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01"], in: dir)
        #expect(clean.status == 0 && clean.stderr.isEmpty, "\(clean.stderr)")
    }

    @Test func recordSaysWhichPartOfTheStatementItWrote() throws {
        let a = try WorkpaperCommandTests.Audit()
        let r = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--evidence-text", "Plan approved on 2026-11-02",
                              "--add-evidence", "record=IA-2026-01 audit plan v2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote the evidence statement of 9.2.1"), "\(r.stdout)")
        #expect(!r.stdout.contains("nonconformity"), "\(r.stdout)")
    }
}

extension EverydayCommandTests {
    /// A workpaper from another laptop may carry a trigger of someone else's: it never runs.
    @Test func aPlantedTriggerIsNamedByVerifyAndNeverRunsOnRecord() throws {
        let a = try WorkpaperCommandTests.Audit()
        try CLI.sql(a.path, "CREATE TABLE spy (n INTEGER); CREATE TRIGGER spy_on AFTER INSERT ON journal BEGIN INSERT INTO spy VALUES (1); END;")
        let r = try a.record(["--as", "olivia", "--item", "9.2.1", "--note", "x"])
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("spy_on"), "\(r.stderr)")
        let v = try CLI.run(["verify", a.path])
        #expect(v.status == 1)
        #expect((v.stdout + v.stderr).contains("spy_on"), "\(v.stdout)\(v.stderr)")
        #expect(try CLI.query(a.path, "select count(*) || '' from spy") == ["0"])
    }
}

extension EverydayCommandTests {
    /// Scripts compare outputs: the same workpaper gives the same JSON bytes every run.
    @Test func jsonOutputIsTheSameBytesEveryRun() throws {
        let a = try WorkpaperCommandTests.Audit()
        for command in ["list", "check"] {
            let runs = try (0..<3).map { _ in try CLI.run([command, a.path, "--format", "json"]).stdout }
            #expect(Set(runs).count == 1, "\(command)")
        }
    }
}

extension EverydayCommandTests {
    /// Commands that read leave the file they read as it was, byte for byte.
    @Test func readingCommandsNeverChangeTheWorkpaper() throws {
        let a = try WorkpaperCommandTests.Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=plan"])
        let before = try Data(contentsOf: URL(fileURLWithPath: a.path))
        for command in [["verify", a.path], ["export", a.path], ["list", a.path], ["check", a.path], ["history", a.path]] {
            _ = try CLI.run(command)
            #expect(try Data(contentsOf: URL(fileURLWithPath: a.path)) == before, "\(command[0]) changed the workpaper")
        }
    }
}

extension EverydayCommandTests {
    /// `record --sample-items` takes the population's own ids; the report and the JSON say them.
    @Test func aJudgementalSampleByTheItemsOwnIds() throws {
        let a = try WorkpaperCommandTests.Audit()
        let r = try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "ofi", "--gap", "Sampling could name its criteria",
                              "--sample-population", "500", "--sample-method", "judgemental",
                              "--sample-items", "INV-2031, INV-2044", "--sample-reason", "largest credit notes"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try CLI.run(["export", a.path, "--format", "json"])
        let compact = json.stdout.filter { !$0.isWhitespace }
        #expect(compact.contains(#""selected":[],"ids":["INV-2031","INV-2044"]"#), "\(json.stdout.prefix(400))")
        let report = try CLI.run(["export", a.path, "-o", "-"])
        #expect(report.stdout.contains("judgemental, 2 of 500; items INV-2031, INV-2044; chosen because largest credit notes"), "\(report.stdout)")
        let refused = try a.record(["--as", "olivia", "--item", "9.2.1", "--sample-population", "1", "--sample-items", "INV-1,INV-2",
                                    "--sample-reason", "r"])
        #expect(refused.status != 0 && refused.stderr.contains("refused (SAMPLE): a judgemental sample of 2 items is larger than its population of 1"), "\(refused.stderr)")
    }
}
