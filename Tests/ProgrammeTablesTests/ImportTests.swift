import AuditCore
import Foundation
import Testing
import Workpaper
@testable import ProgrammeTables

let samplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("SampleData/harbourline/programme.yaml").path

/// The programme without where its entries were written.
func placeless(_ p: Programme) -> Programme {
    var p = p
    p.controls = p.controls.map { var c = $0; c.location = nil; return c }
    p.audits = p.audits.map { a in
        var a = a
        a.assign = a.assign.map { var x = $0; x.location = nil; return x }
        return a
    }
    return p
}

/// The programme's tables as CSV files, as `programme export` writes them.
func exported(_ p: Programme) throws -> [ProgrammeImport.Source] {
    try Table.all.map { ProgrammeImport.Source(path: $0.fileName, table: $0, bytes: CSVWriter.bytes(try ProgrammeExport.rows($0, of: p))) }
}

func source(_ table: Table, _ text: String) -> ProgrammeImport.Source {
    ProgrammeImport.Source(path: table.fileName, table: table, bytes: Array(text.utf8))
}

/// The messages of a failed import, as printed.
func messages(_ body: () throws(LoadError) -> Void) -> [String] {
    do { try body(); return [] } catch {
        guard case .badData(let d, _) = error else { return ["\(error)"] }
        return d.map(\.description)
    }
}

@Suite struct ImportTests {
    let sampleBytes = Array(FileManager.default.contents(atPath: samplePath)!)
    var sample: Programme { try! ProgrammeLoader.parse(sampleBytes, path: samplePath) }

    @Test func theSampleComesBackTheSameFromItsTablesAndTheRest() throws {
        let rest = try ProgrammeExport.rest(sampleBytes, path: "programme.yaml")
        let text = String(decoding: rest, as: UTF8.self)
        for table in Table.all { #expect(!text.contains("\n\(table.section):")) }
        #expect(text.contains("\naudits:") && text.contains("\nconflicts:") && text.contains("# Harbourline Mutual"))
        let imported = try ProgrammeImport.run(try exported(sample), into: rest, path: "programme.yaml")
        let back = try ProgrammeLoader.parse(imported.bytes, path: "programme.yaml")
        #expect(placeless(back) == placeless(sample))
        #expect(imported.rows.map(\.count) == [sample.people.count, sample.suppliers.count, sample.systems.count,
                                               sample.requirements.count, sample.controls.count, sample.history.count])
    }

    @Test func theSameTablesGiveTheSameBytesAndImportingAgainChangesNothing() throws {
        let tables = try exported(sample)
        let once = try ProgrammeImport.run(tables, into: sampleBytes, path: "p.yaml").bytes
        #expect(try ProgrammeImport.run(tables, into: sampleBytes, path: "p.yaml").bytes == once)
        #expect(try ProgrammeImport.run(tables, into: once, path: "p.yaml").bytes == once)
    }

    @Test func sectionsWithoutATableKeepEveryLineAndComment() throws {
        let people = ProgrammeImport.Source(path: "people.csv", table: .people, bytes: CSVWriter.bytes(try ProgrammeExport.rows(.people, of: sample)))
        let out = String(decoding: try ProgrammeImport.run([people], into: sampleBytes, path: "p.yaml").bytes, as: UTF8.self)
        // Only people is new (a row a line, its comments gone); every other line is there as it was, in order.
        let before = String(decoding: sampleBytes, as: UTF8.self).components(separatedBy: "\n")
        let after = out.components(separatedBy: "\n")
        let start = try #require(before.firstIndex(of: "people:")), next = try #require(before.firstIndex(of: "suppliers:"))
        let newNext = try #require(after.firstIndex(of: "suppliers:"))
        #expect(Array(after[..<start]) == Array(before[..<start]))
        #expect(Array(after[newNext...]) == Array(before[next...]))
        let rows = after[(start + 1)..<(newNext - 1)]
        #expect(rows.first == "  - {id: james, name: James Whitcombe, unit: executive}")
        #expect(rows.filter { $0.hasPrefix("  - {id: ") }.count == sample.people.count)
        #expect(rows.allSatisfy { $0.hasPrefix("  - {id: ") || $0.hasPrefix("     ") })
    }

    @Test func aSpreadsheetsHabitsAreUnderstood() throws {
        let base = ProgrammeImport.newProgramme(organisation: "Acme: \"AI\" #1")
        // Semicolons (a European Excel), headings as people write them, TRUE from Excel, lists
        // with bars and line breaks, a byte-order mark and CRLF.
        let people = ProgrammeImport.Source(path: "people.csv", table: .people, bytes: [0xEF, 0xBB, 0xBF] + Array(
            "ID;Name;Unit;Manager;Auditor;Competences\r\nana;Ana Ruiz;risk;;TRUE;\"iso42001|ml\r\nrisk\"\r\nbo;Bo, Lee;risk;ana;;\r\n;;;;;\r\n".utf8))
        let systems = source(.systems, "id,name,owner,Inherent Risk,purpose\nbot,Bot,ana,3,\"Answers: \"\"why?\"\" — # all day\n\tand night\"\n")
        let register = source(.register, """
            requirement,system,owner,owner_since,owner_until,operator,operator_since,needs
            A.6.2.6,bot,ana; bo,2023-01-01;2025-01-01,2024-12-31,bo,2020-01-01,ml | risk
            """)
        let p = try ProgrammeLoader.parse(try ProgrammeImport.run([people, systems, register], into: base, path: "p.yaml").bytes, path: "p.yaml")
        #expect(p.organisation.name == "Acme: \"AI\" #1")
        #expect(p.people == [Person(id: "ana", name: "Ana Ruiz", unit: "risk", auditor: true, competences: ["iso42001", "ml", "risk"]),
                             Person(id: "bo", name: "Bo, Lee", unit: "risk", manager: "ana")])
        #expect(p.systems.first?.purpose == "Answers: \"why?\" — # all day\n\tand night")
        let day = { (s: String) in Day(iso: s)! }
        #expect(p.controls.first?.roles == [
            Role(person: "bo", role: .operator, from: day("2020-01-01")),
            Role(person: "ana", role: .owner, from: day("2023-01-01"), to: day("2024-12-31")),
            Role(person: "bo", role: .owner, from: day("2025-01-01")),
        ])
        #expect(p.controls.first?.needs == ["ml", "risk"])
    }

    @Test func valuesYAMLWouldMisreadComeBackAsWritten() throws {
        let names = ["null", "~", "true", "- dash", "-1", "a: b", "x #y", "[list]", "{map}", "'single'", "\"double\"",
                     "50%", "@at", "`tick", "!tag", "&anchor", "*alias", "back\\slash", "zero\u{0}", "bell\u{7}",
                     "line\u{2028}sep", "bom\u{FEFF}", "tab\tin", "漢字 😀", "7.10", "0x1F", "a, b", "?", ":", "|", ">"]
        let csv = "id,name\n" + names.enumerated().map { "s\($0.offset),\(CSVWriter.cell($0.element))" }.joined(separator: "\n")
        // NUL is refused as binary by the CSV reader; the others go through YAML.
        let kept = names.filter { !$0.contains("\u{0}") }
        let csvKept = "id,name\n" + kept.enumerated().map { "s\($0.offset),\(CSVWriter.cell($0.element))" }.joined(separator: "\n")
        #expect(messages { () throws(LoadError) in _ = try ProgrammeImport.run([source(.suppliers, csv)], into: ProgrammeImport.newProgramme(organisation: "O"), path: "p.yaml") }
            == ["suppliers.csv:1:1: this is a binary file, not CSV"])
        let out = try ProgrammeImport.run([source(.suppliers, csvKept)], into: ProgrammeImport.newProgramme(organisation: "O"), path: "p.yaml")
        #expect(try ProgrammeLoader.parse(out.bytes, path: "p.yaml").suppliers.map(\.name) == kept)
    }

    @Test func aProgrammeWrittenWithCRLFKeepsItAndItsMessagesKeepTheirLines() throws {
        let base = "# made on Windows\r\nformat: aimsaudit/programme@1\r\norganisation: {name: O}\r\n\r\n"
            + "audits:\r\n  - {id: IA-1, title: T, objectives: O, criteria: [c], period: {from: 2026-01-01, to: 2026-01-31},\r\n"
            + "     fieldwork: {from: 2026-02-01, to: 2026-02-05}, lead: ana, team: [ana, bo]}\r\n"
        let people = source(.people, "id,name\nana,Ana\n")
        #expect(messages { () throws(LoadError) in _ = try ProgrammeImport.run([people], into: Array(base.utf8), path: "p.yaml") }
            == ["p.yaml:7:76: unknown person 'bo' in the `team` of IA-1"])
        let both = source(.people, "id,name\nana,Ana\nbo,Bo\n")
        let out = String(decoding: try ProgrammeImport.run([both], into: Array(base.utf8), path: "p.yaml").bytes, as: UTF8.self)
        #expect(out == "# made on Windows\r\nformat: aimsaudit/programme@1\r\norganisation: {name: O}\r\n\r\n"
            + "people:\r\n  - {id: ana, name: Ana}\r\n  - {id: bo, name: Bo}\r\n\r\n"
            + String(base.split(separator: "\r\n", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "\r\n")))
    }

    @Test func aTopLevelInFlowStyleCannotHaveItsSectionsReplaced() {
        let base = "{format: aimsaudit/programme@1,\norganisation: {name: O}}\n"
        #expect(messages { () throws(LoadError) in _ = try ProgrammeImport.run([source(.people, "id,name\n")], into: Array(base.utf8), path: "p.yaml") }
            == ["p.yaml:1:2: the programme's top-level keys must each start a line at the left margin (block style) for its sections to be replaced"])
    }

    @Test func exportRefusesValuesThatWouldNotReadBackTheSame() {
        func refusal(_ p: Programme, _ table: Table) -> String? {
            do { _ = try ProgrammeExport.rows(table, of: p); return nil } catch { return error.description }
        }
        var p = Programme(organisation: Organisation(name: "O"), people: [Person(id: "ana", name: "Ana", competences: ["iso42001", "a;b"])])
        #expect(refusal(p, .people) == "cannot write the `competences` of 'ana' to people.csv so that it reads back the same: a cell loses spaces at its ends, and a value in a list may not hold ';', '|' or a line break")
        p.people = [Person(id: "ana", name: " Ana")]
        #expect(refusal(p, .people)?.hasPrefix("cannot write the `name` of 'ana'") == true)
        p.people = [Person(id: "ana", name: "Ana; Bo | \"C\"\nD", competences: ["x y"])]
        #expect(refusal(p, .people) == nil)
    }
}
