import AuditCore
import Testing
import Workpaper
@testable import ProgrammeTables

/// People's columns of programme format 2 in `people.csv`: the employer, competence records and
/// history, the n-th values of a column the n-th competence's or history entry's.
@Suite struct PeopleFormat2Tests {
    static let formatTwo = ProgrammeImport.newProgramme(organisation: "O") + Array("firms: [{id: acme}]\n".utf8)
    static let formatOne = Array("format: aimsaudit/programme@1\n\norganisation:\n  name: O\n".utf8)

    func imported(_ csv: String, into base: [UInt8] = formatTwo) throws(LoadError) -> Programme {
        try ProgrammeLoader.parse(try ProgrammeImport.run([source(.people, csv)], into: base, path: "p.yaml").bytes, path: "p.yaml")
    }

    @Test func competenceRecordsAndHistoryComeFromTheirColumns() throws {
        let p = try imported("""
            id,name,manager,external,employer,competences,competence_basis,competence_confirmed,competence_expires,history_unit,history_manager,history_from,history_to
            ana,Ana,,true,acme,iso42001; lead,; LA course,; 2025-05-02,; 2028-05-01,risk; ;audit,bo,; ;2020-01-01,2024-12-31; ;2022-12-31
            bo,Bo,,,,,,,,,,,
            """)
        let ana = try #require(p.person("ana"))
        #expect(ana.employer == "acme")
        #expect(ana.competences == ["iso42001", "lead"])
        #expect(ana.competenceRecords == ["lead": Competence(id: "lead", basis: "LA course", confirmed: Day(iso: "2025-05-02"), expires: Day(iso: "2028-05-01"))])
        // The second place is empty in every history column: no entry.
        #expect(ana.history == [Spell(unit: "risk", manager: "bo", to: Day(iso: "2024-12-31")!),
                                Spell(unit: "audit", from: Day(iso: "2020-01-01"), to: Day(iso: "2022-12-31")!)])
        #expect(p.person("bo")?.history == [] && p.person("bo")?.competenceRecords == [:])
    }

    @Test func problemsAreAtTheirCellsInTheColumnsWords() {
        let found = messages { () throws(LoadError) in
            _ = try imported("""
                id,name,competences,competence_basis,history_unit,history_to,competence_expires
                ana,Ana,iso42001,a; b,risk,2025-02-30,
                bo,Bo,,,risk,,
                cy,Cy,x,,,,2026-01-01; 2027-01-01
                """)
        }
        #expect(found == [
            "people.csv:2:4: 2 values in `competence_basis` for 1 in `competences`: the n-th value is the n-th competence's",
            "people.csv:2:6: invalid date '2025-02-30' for `history_to`: write YYYY-MM-DD with a real day, e.g. 2026-11-23",
            "people.csv:3:6: empty cell in required column 'history_to' of an entry of the `history` of bo",
            "people.csv:4:7: 2 values in `competence_expires` for 1 in `competences`: the n-th value is the n-th competence's",
        ])
    }

    @Test func aFormatOneProgrammeKeepsFormatOnesColumns() throws {
        var p = Programme(organisation: Organisation(name: "O"), people: [Person(id: "ana", name: "Ana", competences: ["iso42001"])])
        #expect(try ProgrammeExport.rows(.people, of: p).first == ["id", "name", "unit", "manager", "auditor", "external", "competences"])
        p.version = 2
        #expect(try ProgrammeExport.rows(.people, of: p).first?.contains("history_to") == true)
        // A format-2 value imported into a format-1 programme is refused at its cell.
        #expect(messages { () throws(LoadError) in _ = try imported("id,name,history_unit,history_to\nana,Ana,risk,2025-01-01\n", into: Self.formatOne) }
                == ["people.csv:2:3: `history` in a person is a key of programme format 2: write `format: aimsaudit/programme@2` at the top to use it"])
    }
}
