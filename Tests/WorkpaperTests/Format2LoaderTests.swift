import AuditCore
import Foundation
import Testing
@testable import Workpaper

/// Reading programme format 2: every new key optional, every value checked and located, and a
/// format-1 file refusing the new keys by name.
@Suite struct Format2LoaderTests {
    static let two = minimalProgramme.replacingOccurrences(of: "format: aimsaudit/programme@1", with: "format: aimsaudit/programme@2")

    /// The minimal programme in format 2, with these lines in place of the people and the firms added.
    static func programme(people: String = "", firms: String = "", organisation: String = "{name: Test Org}") -> String {
        var text = two.replacingOccurrences(of: "organisation: {name: Test Org}", with: "organisation: \(organisation)")
        if !people.isEmpty {
            text = text.replacingOccurrences(of: "  - {id: amara, name: Amara Nwosu, unit: audit, auditor: true}\n", with: people)
        }
        return firms.isEmpty ? text : text + "firms:\n" + firms
    }

    static let olivia = """
          - id: amara
            name: Amara Nwosu
            unit: audit
            auditor: true
            external: true
            employer: northgate
            history:
              - {unit: data, manager: ines, from: 2023-01-01, to: 2025-12-31}
            competences:
              - iso42001
              - {id: lead-auditor, basis: "ISO 42001 LA course 2025", confirmed: 2025-05-02, expires: 2028-05-01}

        """
    static let northgate = """
          - id: northgate
            name: Northgate Assurance LLP
            work: [{kind: advisory, items: ["4.3", "6.1.3", A.6.2.6@claimsort], from: 2025-01-01, to: 2025-06-30}]

        """

    @Test func everyNewKeyReads() throws {
        let text = Self.programme(people: Self.olivia, firms: Self.northgate,
                                  organisation: "{name: Test Org, owner: ines, top_management: [ines]}")
            .replacingOccurrences(of: "people:", with: "settings: {retention_years: 6}\npeople:")
        let p = try ProgrammeLoader.parse(text, path: "p.yaml")
        #expect(p.version == 2)
        #expect(p.organisation.owner == "ines" && p.organisation.topManagement == ["ines"])
        #expect(p.settings.retentionYears == 6)
        let amara = try #require(p.person("amara"))
        #expect(amara.employer == "northgate")
        #expect(amara.history == [Spell(unit: "data", manager: "ines", from: Day(iso: "2023-01-01"), to: Day(iso: "2025-12-31")!)])
        #expect(amara.competences == ["iso42001", "lead-auditor"])
        #expect(amara.competenceRecords == ["lead-auditor": Competence(id: "lead-auditor", basis: "ISO 42001 LA course 2025",
                                                                       confirmed: Day(iso: "2025-05-02"), expires: Day(iso: "2028-05-01"))])
        #expect(p.firms == [Firm(id: "northgate", name: "Northgate Assurance LLP",
                                 work: [FirmWork(kind: .advisory, items: ["4.3", "6.1.3", "A.6.2.6@claimsort"],
                                                 from: Day(iso: "2025-01-01"), to: Day(iso: "2025-06-30"))])])
    }

    @Test func everyNewKeyIsOptional() throws {
        let p = try ProgrammeLoader.parse(Self.two, path: "p.yaml")
        #expect(p.version == 2)
        #expect(p.organisation.owner == nil && p.firms.isEmpty && p.settings.retentionYears == nil)
        #expect(p.people.allSatisfy { $0.history.isEmpty && $0.employer == nil && $0.competenceRecords.isEmpty })
    }

    @Test func aFormatOneFileNamesTheFormatOfEachNewKey() {
        let text = minimalProgramme
            .replacingOccurrences(of: "organisation: {name: Test Org}", with: "organisation: {name: Test Org, owner: ines}")
            .replacingOccurrences(of: "{id: amara, name: Amara Nwosu, unit: audit, auditor: true}",
                                  with: "{id: amara, name: Amara Nwosu, unit: audit, auditor: true, competences: [{id: x}]}")
            + "firms: []\n"
        let d = diagnostics(text)
        #expect(d.map { "\($0.line):\($0.column): \($0.message)" } == [
            "2:32: `owner` in `organisation` is a key of programme format 2: write `format: aimsaudit/programme@2` at the top to use it",
            "4:78: a competence with its basis, confirmation or expiry is programme format 2: write `format: aimsaudit/programme@2` at the top, or give the competence's id alone",
            "27:1: `firms` in the programme is a key of programme format 2: write `format: aimsaudit/programme@2` at the top to use it",
        ])
    }

    /// Bad values of the new keys: each a located message, with "did you mean" where a near
    /// match exists, all at once.
    @Test(arguments: [
        ("    employer: northgat\n", "unknown firm 'northgat' in the `employer` of amara (did you mean 'northgate'?)"),
        ("    external: false\n", "`employer` is for external auditors: set `external: true` for amara, or leave `employer` out"),
        ("    history: [{unit: data}]\n", "missing required key 'to' in an entry of the `history` of amara"),
        ("    history: [{from: 2024-01-01, to: 2025-01-01}]\n", "an entry of the `history` of amara names neither a `unit` nor a `manager`: say which the person had until `to`"),
        ("    history: [{manager: inez, to: 2025-01-01}]\n", "unknown manager 'inez' in the `manager` in an entry of the `history` of amara (did you mean 'ines'?)"),
        ("    history: [{manager: amara, to: 2025-01-01}]\n", "amara cannot have been their own manager"),
        ("    history: [{unit: data, from: 2025-02-01, to: 2025-01-01}]\n", "this history entry ends (2025-01-01) before it starts (2025-02-01)"),
        ("    competences: [{id: x, confirmed: 2025-05-02, expires: 2024-05-01}]\n", "the competence x of amara expires (2024-05-01) before it was confirmed (2025-05-02)"),
        ("    competences: [{id: x, expires: 2025-02-30}]\n", "invalid date '2025-02-30' for `expires`: write YYYY-MM-DD with a real day, e.g. 2026-11-23"),
        ("    competences: [{basis: course}]\n", "missing required key 'id' in a competence"),
    ])
    func badPersonValuesAreLocated(line: String, message: String) {
        var person = "  - id: amara\n    name: Amara Nwosu\n    unit: audit\n    auditor: true\n    external: true\n    employer: northgate\n"
        if line.hasPrefix("    employer") || line.hasPrefix("    external") {
            person = person.replacingOccurrences(of: line.hasPrefix("    employer") ? "    employer: northgate\n" : "    external: true\n", with: line)
        } else {
            person += line
        }
        let d = diagnostics(Self.programme(people: person, firms: Self.northgate))
        #expect(d.map(\.message) == [message], "\(d)")
        #expect(d.first.map { $0.line > 3 && $0.column > 1 } == true)
    }

    @Test(arguments: [
        ("{kind: advisry, items: [A.6]}", "unknown value 'advisry' for `kind` (did you mean 'advisory'?): expected one of advisory, implementation"),
        ("{kind: advisory, items: [A.66]}", "unknown requirement or group 'A.66' in `items` (did you mean 'A.6'?)"),
        ("{kind: advisory, items: [A.6.2.6@claimsrot]}", "unknown AI system 'claimsrot' in `items` entry 'A.6.2.6@claimsrot' (did you mean 'claimsort'?)"),
        ("{kind: advisory, items: []}", "`items` of the `work` of northgate is empty: name the items or requirements the firm worked on"),
        ("{kind: implementation, items: [A.6], from: 2025-02-01, to: 2025-01-01}", "this work ends (2025-01-01) before it starts (2025-02-01)"),
        ("{kind: advisory}", "missing required key 'items' in an entry of the `work` of northgate"),
    ])
    func badFirmWorkIsLocated(work: String, message: String) {
        let d = diagnostics(Self.programme(firms: "  - {id: northgate, work: [\(work)]}\n"))
        #expect(d.map(\.message) == [message], "\(d)")
        #expect(d.first?.line == 28)
    }

    @Test func badOrganisationAndSettingsValuesAreLocated() {
        let text = Self.programme(organisation: "{name: Test Org, owner: inez, top_management: [kenij]}")
            .replacingOccurrences(of: "people:", with: "settings: {retention_years: 0}\npeople:")
        #expect(diagnostics(text).map { "\($0.line):\($0.column): \($0.message)" } == [
            "2:39: unknown person 'inez' in the organisation's `owner` (did you mean 'ines'?)",
            "2:62: unknown person 'kenij' in `top_management` (did you mean 'kenji'?)",
            "3:29: `retention_years` is 0, out of range: it must be from 1 to 100",
        ])
        #expect(diagnostics(Self.programme(firms: "  - {id: northgate}\n  - {id: northgate}\n")).map(\.message)
                == ["duplicate firm id 'northgate' (first at line 28)"])
    }
}
