import Foundation
import Testing

/// `aimsaudit programme export|import`: the programme's tables as CSV files, run as a user would.
@Suite struct ProgrammeTablesCommandTests {
    static let template = CLI.packageRoot.appendingPathComponent("SampleData/harbourline/csv")
    static let files = ["people.csv", "suppliers.csv", "ai_systems.csv", "requirements.csv", "register.csv", "history.csv",
                        "programme.yaml"]

    /// The sample exported to a new folder `csv` in a new temporary folder.
    func exportedSample() throws -> URL {
        let dir = try CLI.temporaryDirectory().appendingPathComponent("csv")
        let r = try CLI.run(["programme", "export", CLI.sample, dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    func bytes(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    /// Sets one cell of a CSV file with Python's csv module (another program writing CSV, without
    /// a byte-order mark and with CRLF); returns the row and column it changed, as a spreadsheet numbers them.
    func edit(_ file: URL, where match: String, _ column: String, _ value: String) throws -> String {
        let script = """
            import csv, sys
            path, match, column, value = sys.argv[1:5]
            rows = list(csv.reader(open(path, encoding='utf-8-sig', newline='')))
            head = rows[0]
            conds = [m.split('=', 1) for m in match.split(',')]
            r = next(i for i, row in enumerate(rows) if i > 0 and all(row[head.index(k)] == v for k, v in conds))
            rows[r][head.index(column)] = value
            csv.writer(open(path, 'w', encoding='utf-8', newline='')).writerows(rows)
            print(f"{r + 1}:{head.index(column) + 1}")
            """
        let r = try CLI.tool(["python3", "-c", script, file.path, match, column, value])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theSampleExportedAndImportedAgainListsAndChecksAsBefore() throws {
        let dir = try exportedSample()
        let out = dir.deletingLastPathComponent().appendingPathComponent("again.yaml").path
        let r = try CLI.run(["programme", "import", dir.path, "--into", dir.appendingPathComponent("programme.yaml").path, "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.replacingOccurrences(of: "\n  ", with: " ")
            == "wrote \(out): 20 people, 3 suppliers, 3 AI systems, 2 own requirements, 120 register entries, 13 history entries\n")
        // A located problem names its file and line, which differ; all else is the same.
        func unplaced(_ text: String) -> String { text.replacing(#/(?m)^(\s*)\S+\.yaml:\d+:\d+: /#) { "\($0.1)FILE: " } }
        for audit in ["IA-2026-01", "IA-2026-02"] {
            for command in [["list"], ["list", "--format", "json"], ["check"], ["check", "--format", "json"]] {
                let before = try CLI.run([command[0], CLI.sample, "--audit", audit] + command.dropFirst())
                let after = try CLI.run([command[0], out, "--audit", audit] + command.dropFirst())
                #expect(after.status == before.status)
                #expect(!before.stdout.isEmpty)
                #expect(unplaced(after.stdout) == unplaced(before.stdout), "\(command) \(audit)")
            }
        }
        // And its tables are the same bytes again.
        let second = dir.deletingLastPathComponent().appendingPathComponent("second")
        #expect(try CLI.run(["programme", "export", out, second.path]).status == 0)
        for name in Self.files.dropLast() {
            #expect(bytes(second.appendingPathComponent(name)) == bytes(dir.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func theTemplateBesideTheSampleIsTheSampleAsCSV() throws {
        let dir = try exportedSample()
        for name in Self.files {
            #expect(bytes(dir.appendingPathComponent(name)) == bytes(Self.template.appendingPathComponent(name)),
                    "\(name): run aimsaudit programme export SampleData/harbourline/programme.yaml SampleData/harbourline/csv --force")
        }
    }

    @Test func badRowsOfEveryKindAreReportedTogetherWithTheirCellAndNothingIsWritten() throws {
        let dir = try exportedSample()
        func file(_ name: String) -> URL { dir.appendingPathComponent(name) }
        let register = file("register.csv"), people = file("people.csv")
        var expected: [String] = []
        func expect(_ f: URL, _ match: String, _ column: String, _ value: String, _ message: String) throws {
            expected.append("\(f.path):\(try edit(f, where: match, column, value)): \(message)")
        }
        try expect(register, "requirement=A.7.4,system=claimsort", "owner", "kenij",
                   "unknown person 'kenij' in `owner` (did you mean 'kenji'?)")
        try expect(register, "requirement=A.6.2.4,system=ava", "system", "avva",
                   "unknown AI system 'avva' in `system` (did you mean 'ava'?)")
        try expect(register, "requirement=A.2.3", "requirement", "A.2",
                   "A.2 is a heading, not an assessable requirement: name one of A.2.2, A.2.3, A.2.4")
        try expect(register, "requirement=A.3.2", "owner_since", "2024-02-30",
                   "invalid date '2024-02-30' for `owner_since`: write YYYY-MM-DD with a real day, e.g. 2026-11-23")
        try expect(register, "requirement=A.3.3", "owner_until", "2024-04-30",
                   "this role ends (2024-04-30) before it starts (2024-05-01)")
        try expect(register, "requirement=A.4.6", "criticality", "6", "`criticality` is 6, out of range: it must be from 1 to 5")
        try expect(register, "requirement=A.8.3", "change", "moderat",
                   "unknown value 'moderat' for `change` (did you mean 'moderate'?): expected one of none, moderate, significant")
        try expect(register, "requirement=A.8.5", "applicable", "false",
                   "`applicable: false` needs a `justification:`: the Statement of Applicability must say why A.8.5 is excluded")
        try expect(register, "requirement=A.9.2", "owner_since", "2024-01-01; 2025-01-01",
                   "2 dates in `owner_since` for 1 person in `owner`: the n-th date is the n-th person's")
        try expect(people, "id=rachel", "manager", "jmes", "unknown manager 'jmes' in the `manager` of rachel (did you mean 'james'?)")
        let first = try edit(people, where: "id=lena", "id", "lena").prefix { $0 != ":" }
        try expect(people, "id=grace", "id", "lena", "duplicate person id 'lena' (first at row \(first))")
        try expect(people, "id=chloe", "name", "", "empty cell in required column 'name' of a person")
        try expect(file("ai_systems.csv"), "id=ava", "inherent_risk", "high", "expected a whole number for `inherent_risk`, found 'high'")
        try expect(file("history.csv"), "item=A.5.3@talentlens", "status", "", "empty cell in required column 'status' of a history entry: a minor nonconformity is open or closed")
        try expect(file("history.csv"), "item=7.4", "item", "7.4@claimsrt",
                   "unknown AI system 'claimsrt' in item key '7.4@claimsrt' (did you mean 'claimsort'?)")

        let rest = file("programme.yaml"), before = bytes(rest)
        // Grace, renamed, is no longer there for the audits: said where the rest of the programme names her.
        let grace = locate("grace", in: String(decoding: before ?? Data(), as: UTF8.self), after: "id: IA-2026-02")
        expected.append("\(rest.path):\(grace.line):\(grace.column): unknown person 'grace' in the `team` of IA-2026-02")
        let out = dir.appendingPathComponent("new.yaml")
        for target in [[], ["-o", out.path]] {
            let r = try CLI.run(["programme", "import", dir.path, "--into", rest.path] + target)
            #expect(r.status == 65)
            let lines = r.stderr.split(separator: "\n").map(String.init)
            for line in expected { #expect(lines.contains(line), "missing: \(line)\nin:\n\(r.stderr)") }
            #expect(r.stdout.isEmpty)
            #expect(bytes(rest) == before)
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
    }

    @Test func importRefusesWhatItCannotDoWellAndSaysWhy() throws {
        let dir = try exportedSample()
        let rest = dir.appendingPathComponent("programme.yaml").path
        var r = try CLI.run(["programme", "import", dir.path])
        #expect(r.status == 64)
        #expect(r.stderr == "aimsaudit: name the programme to add the tables to with --into (\(rest)?), or a new programme's organisation with --organisation\n")

        let existing = dir.deletingLastPathComponent().appendingPathComponent("mine.yaml")
        try Data("keep me\n".utf8).write(to: existing)
        r = try CLI.run(["programme", "import", dir.path, "--into", rest, "-o", existing.path])
        #expect(r.status == 73)
        #expect(bytes(existing) == Data("keep me\n".utf8))

        let staff = dir.deletingLastPathComponent().appendingPathComponent("peeple.csv")
        try Data("id,name\n".utf8).write(to: staff)
        r = try CLI.run(["programme", "import", staff.path, "--into", rest])
        #expect(r.status == 64)
        #expect(r.stderr.contains("cannot tell which table \(staff.path) holds (did you mean 'people.csv'?)"))

        r = try CLI.run(["programme", "import", dir.path, dir.appendingPathComponent("people.csv").path, "--into", rest])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("aimsaudit: two files for people.csv:"))
    }

    @Test func exportReplacesNothingUnlessTold() throws {
        let dir = try exportedSample()
        let people = dir.appendingPathComponent("people.csv")
        try Data("id,name\nmy,Own edits\n".utf8).write(to: people)
        var r = try CLI.run(["programme", "export", CLI.sample, dir.path])
        #expect(r.status == 73)
        #expect(r.stderr.contains("already there: nothing was written; --force replaces them"))
        #expect(bytes(people) == Data("id,name\nmy,Own edits\n".utf8))
        r = try CLI.run(["programme", "export", CLI.sample, dir.path, "--force"])
        #expect(r.status == 0)
        #expect(bytes(people) == bytes(Self.template.appendingPathComponent("people.csv")))

        // Its programme.yaml is never the programme being exported, not even with --force.
        let own = dir.deletingLastPathComponent().appendingPathComponent("own")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let programme = own.appendingPathComponent("programme.yaml")
        try FileManager.default.copyItem(atPath: CLI.sample, toPath: programme.path)
        r = try CLI.run(["programme", "export", programme.path, own.path, "--force"])
        #expect(r.status == 73)
        #expect(bytes(programme) == FileManager.default.contents(atPath: CLI.sample))
    }

    @Test func aNewProgrammeIsMadeOfTheTablesAndAnOrganisation() throws {
        let dir = try exportedSample()
        let tables = Self.files.dropLast().map { dir.appendingPathComponent($0).path }
        // Olivia's employer is a firm, which the programme file lists: the tables alone do not.
        let people = dir.appendingPathComponent("people.csv")
        let employed = try #require(FileManager.default.contents(atPath: people.path))
        let firmless = try CLI.run(["programme", "import"] + tables + ["--organisation", "Harbourline Mutual"])
        let rows = String(decoding: employed, as: UTF8.self).components(separatedBy: "\r\n")
        let row = try #require(rows.firstIndex { $0.hasPrefix("olivia,") }) + 1
        let column = try #require(rows[0].split(separator: ",").firstIndex(of: "employer")) + 1
        #expect(firmless.status == 65)
        #expect(firmless.stderr == "\(people.path):\(row):\(column): unknown firm 'northgate' in the `employer` of olivia\n", "\(firmless.stderr)")
        try Data(String(decoding: employed, as: UTF8.self).replacingOccurrences(of: ",northgate,\"", with: ",,\"").utf8).write(to: people)
        let r = try CLI.run(["programme", "import"] + tables + ["--organisation", "Harbourline Mutual"])
        #expect(r.status == 0, "\(r.stderr)")
        // A new programme is written in the newest format.
        #expect(r.stdout.hasPrefix("format: aimsaudit/programme@2\n\norganisation:\n  name: Harbourline Mutual\n\npeople:\n"))
        let made = dir.deletingLastPathComponent().appendingPathComponent("made.yaml")
        try Data(r.stdout.utf8).write(to: made)
        let again = dir.deletingLastPathComponent().appendingPathComponent("again")
        #expect(try CLI.run(["programme", "export", made.path, again.path]).status == 0)
        for name in Self.files.dropLast() {
            #expect(bytes(again.appendingPathComponent(name)) == bytes(dir.appendingPathComponent(name)), "\(name)")
        }
    }
}
