import Foundation
import Testing

let minimal = try! String(contentsOf: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/minimal.yaml"), encoding: .utf8)

/// One malformed programme: made by replacing `old` with `new` in the minimal one; the error must
/// sit where `at` is found in the result, and say `message`.
struct Malformed: CustomTestStringConvertible, Sendable {
    let name: String
    let old: String
    let new: String
    let at: String
    let message: String
    /// Where to start looking for `at`, when it also occurs earlier.
    var after: String = ""
    var testDescription: String { name }

    var text: String {
        precondition(minimal.contains(old), "fixture has no '\(old)'")
        return minimal.replacingOccurrences(of: old, with: new)
    }
}

let malformedCases: [Malformed] = [
    Malformed(name: "unknown key", old: "unit: audit", new: "unti: audit", at: "unti",
              message: "unknown key 'unti' in a person (did you mean 'unit'?)"),
    Malformed(name: "unknown top-level key", old: "suppliers:", new: "supplier:", at: "supplier:",
              message: "unknown key 'supplier' in the programme (did you mean 'suppliers'?)"),
    Malformed(name: "wrong type: text for a number", old: "inherent_risk: 4", new: "inherent_risk: high", at: "high",
              message: "expected a whole number for `inherent_risk`, found 'high'"),
    Malformed(name: "wrong type: text for a list", old: "team: [amara]", new: "team: amara_only", at: "amara_only",
              message: "expected a list for the `team` of IA-1, found 'amara_only'"),
    Malformed(name: "wrong type: text for a boolean", old: "auditor: true", new: "auditor: yes", at: "yes",
              message: "expected true or false for `auditor`, found 'yes'"),
    Malformed(name: "missing required key", old: "    title: Test audit\n", new: "", at: "id: IA-1",
              message: "missing required key 'title' in an audit"),
    Malformed(name: "unknown person", old: "owner: ines", new: "owner: inez", at: "inez",
              message: "unknown person 'inez' in the `owner` of claimsort (did you mean 'ines'?)"),
    Malformed(name: "unknown manager", old: "manager: ines", new: "manager: inse", at: "inse",
              message: "unknown manager 'inse' in the `manager` of kenji (did you mean 'ines'?)"),
    Malformed(name: "unknown system", old: "system: claimsort", new: "system: claimsrot", at: "claimsrot",
              message: "unknown AI system 'claimsrot' in `system` (did you mean 'claimsort'?)"),
    Malformed(name: "unknown supplier", old: "supplier: brightpath", new: "supplier: brightpth", at: "brightpth",
              message: "unknown supplier 'brightpth' in the `supplier` of claimsort (did you mean 'brightpath'?)"),
    Malformed(name: "unknown requirement", old: "{requirement: A.6.2.6,", new: "{requirement: A.6.2.66,", at: "A.6.2.66",
              message: "unknown requirement 'A.6.2.66' in `requirement` (did you mean 'A.6.2.6'?)"),
    Malformed(name: "unknown item key", old: "item: A.6.2.6@claimsort", new: "item: A.6.2.6@claimsrt", at: "A.6.2.6@claimsrt",
              message: "unknown AI system 'claimsrt' in item key 'A.6.2.6@claimsrt' (did you mean 'claimsort'?)"),
    Malformed(name: "malformed item key", old: "item: A.6.2.6@claimsort", new: "item: A.6.2.6@", at: "A.6.2.6@,",
              message: "invalid item key 'A.6.2.6@' in `item`: write a requirement id, or REQUIREMENT@system such as A.6.2.6@claimsort"),
    Malformed(name: "lead not in the team", old: "lead: amara", new: "lead: ines", at: "ines\n    team",
              message: "the lead 'ines' is not a team member of IA-1: add them to `team`"),
    Malformed(name: "assignment to someone outside the team", old: "team: [amara]",
              new: "team: [amara]\n    assign:\n      - {item: A.6.2.6@claimsort, auditor: ines}", at: "ines",
              message: "'ines' is not a team member of IA-1: only the team can be assigned items", after: "assign:"),
    Malformed(name: "assignment of an item not on the checklist", old: "team: [amara]",
              new: "team: [amara]\n    assign:\n      - {item: 9.2.2, auditor: amara}", at: "{item: 9.2.2",
              message: "9.2.2 is not on the checklist of IA-1: it is outside the audit's scope or the register has no such entry"),
    Malformed(name: "duplicate id", old: "  - {id: kenji, name: Kenji Mori,", new: "  - {id: ines, name: Kenji Mori,", at: "ines, name: Kenji",
              message: "duplicate person id 'ines' (first at line 5)"),
    Malformed(name: "invalid date", old: "from: 2025-10-01", new: "from: 2025-02-30", at: "2025-02-30",
              message: "invalid date '2025-02-30' for `from` of the `period` of IA-1: write YYYY-MM-DD with a real day, e.g. 2026-11-23"),
    Malformed(name: "range that ends before it starts", old: "to: 2026-11-27", new: "to: 2026-11-20", at: "2026-11-20",
              message: "the `fieldwork` of IA-1 ends (2026-11-20) before it starts (2026-11-23)"),
    Malformed(name: "role that ends before it starts", old: "from: 2024-01-01}", new: "from: 2024-01-01, to: 2023-12-31}", at: "2023-12-31",
              message: "this role ends (2023-12-31) before it starts (2024-01-01)"),
    Malformed(name: "number out of range", old: "criticality: 5", new: "criticality: 6", at: "6, roles",
              message: "`criticality` is 6, out of range: it must be from 1 to 5"),
    Malformed(name: "unknown enum value", old: "role: owner", new: "role: ownr", at: "ownr",
              message: "unknown value 'ownr' for `role` (did you mean 'owner'?): expected one of owner, operator, approver, implementer, advisor"),
    Malformed(name: "exclusion without justification", old: "{requirement: A.6.2.6, system: claimsort,",
              new: "{requirement: A.6.2.6, system: claimsort, applicable: false,", at: "false",
              message: "`applicable: false` needs a `justification:`: the Statement of Applicability must say why A.6.2.6 is excluded"),
    Malformed(name: "conflict with two targets", old: "with: {person: kenji}", new: "with: {person: kenji, supplier: brightpath}", at: "{person: kenji, supplier",
              message: "`with` must name exactly one of supplier, system or person; found supplier and person"),
    Malformed(name: "conflict with no target", old: "with: {person: kenji}", new: "with: {}", at: "{}",
              message: "`with` must name exactly one of supplier, system or person; found none"),
    Malformed(name: "unsupported format", old: "format: aimsaudit/programme@1", new: "format: aimsaudit/programme@3", at: "aimsaudit/",
              message: "unsupported format 'aimsaudit/programme@3': this version of aimsaudit reads aimsaudit/programme@1 and aimsaudit/programme@2; a newer aimsaudit may read it"),
    Malformed(name: "minor without status", old: "grade: minor, status: closed}", new: "grade: minor}", at: "{audit: IA-0",
              message: "missing required key 'status' in a history entry: a minor nonconformity is open or closed"),
    Malformed(name: "invalid identifier", old: "{id: amara,", new: "{id: Amara!,", at: "Amara!",
              message: "invalid identifier 'Amara!' for a person's `id`: use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit"),
    Malformed(name: "duplicate key", old: "title: Test audit", new: "title: Test audit\n    title: Again", at: "title: Test",
              message: "duplicate key 'title': each key may appear once in a mapping"),
]

@Suite struct ImportErrorTests {
    @Test(arguments: malformedCases)
    func malformedProgrammeIsLocatedAndExits65(_ c: Malformed) throws {
        let file = try CLI.write(Array(c.text.utf8))
        let r = try CLI.run(["check", file.path, "--audit", "IA-1"])
        let (line, column) = locate(c.at, in: c.text, after: c.after)
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").contains("\(file.path):\(line):\(column): \(c.message)"), "\(r.stderr)")
    }

    @Test(arguments: [
        ("empty", [UInt8](), "1:1: the file is empty: a programme starts with `format: aimsaudit/programme@2`"),
        ("only comments", Array("# nothing yet\n\n".utf8), "1:1: the file is empty: a programme starts with `format: aimsaudit/programme@2`"),
        ("not YAML", Array("format: aimsaudit/programme@1\npeople: [amara\n".utf8), "2:15: not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
        ("not a mapping", Array("- amara\n- ines\n".utf8), "1:1: a programme is a mapping of keys (format, organisation, people, …), but this file holds a list"),
        ("a bare word", Array("hello\n".utf8), "1:1: a programme is a mapping of keys (format, organisation, people, …), but this file holds 'hello'"),
        ("not UTF-8", Array("format: aimsaudit/programme@1\norganisation: {name: Caf".utf8) + [0xE9] + Array("}\n".utf8),
         "2:25: not UTF-8 text (byte 0xE9): save the programme as UTF-8"),
        ("binary", [0x53, 0x51, 0x4C, 0x69, 0x74, 0x65, 0x00, 0x01, 0x02], "1:1: this is a binary file, not a YAML programme"),
    ] as [(String, [UInt8], String)])
    func unreadableFileGetsOneClearLine(name: String, bytes: [UInt8], expected: String) throws {
        let file = try CLI.write(bytes)
        let r = try CLI.run(["check", file.path, "--audit", "IA-1"])
        #expect(r.status == 65, "\(name)")
        #expect(r.stderr == "\(file.path):\(expected)\n", "\(name)")
    }

    @Test func billionLaughsFailsFastWithExit65() throws {
        var text = "format: aimsaudit/programme@1\norganisation: {name: X}\n"
        text += "people: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { text += "x\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let file = try CLI.write(Array(text.utf8))
        let start = ContinuousClock.now
        let r = try CLI.run(["check", file.path])
        #expect(start.duration(to: .now) < .seconds(10))
        #expect(r.status == 65)
        #expect(r.stderr.contains("aliases expand this file to more than"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func missingFileExits66() throws {
        let r = try CLI.run(["check", "/nonexistent/programme.yaml", "--audit", "IA-1"])
        #expect(r.status == 66)
        #expect(r.stderr == "aimsaudit: cannot read /nonexistent/programme.yaml: no such file\n")
    }

    @Test func unknownAuditIsAUsageErrorWithSuggestion() throws {
        let r = try CLI.run(["list", CLI.sample, "--audit", "IA-2026-1"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("unknown audit 'IA-2026-1'"))
        #expect(r.stderr.contains("(did you mean 'IA-2026-01'?)"))
    }

    @Test func auditMayBeLeftOutOnlyWhenThereIsOne() throws {
        let file = try CLI.write(Array(minimal.utf8))
        #expect(try CLI.run(["list", file.path]).status == 0)
        let r = try CLI.run(["list", CLI.sample])
        #expect(r.status == 64)
        #expect(r.stderr.contains("choose one with --audit: IA-2026-01, IA-2026-02"))
    }

    @Test func allErrorsAreReportedTogether() throws {
        let text = minimal.replacingOccurrences(of: "unit: audit", with: "unti: audit")
            .replacingOccurrences(of: "criticality: 5", with: "criticality: 0")
        let file = try CLI.write(Array(text.utf8))
        let r = try CLI.run(["check", file.path])
        #expect(r.status == 65)
        #expect(r.stderr.split(separator: "\n").count == 2)
    }
}
