import AuditCore
import Foundation
import Testing
@testable import Workpaper

/// The minimal valid programme all malformed cases start from.
let minimalProgramme = try! String(contentsOf: URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/minimal.yaml"), encoding: .utf8)

func diagnostics(_ text: String) -> [Diagnostic] {
    do {
        _ = try ProgrammeLoader.parse(text, path: "p.yaml")
        return []
    } catch {
        if case .badData(let d, _) = error { return d }
        return []
    }
}

@Suite struct ImporterTests {
    /// The history grades the file accepts are the ones AuditCore hands on to history.
    @Test func historyGradesAreAuditCoresOwn() {
        #expect(HistoryGrade.allCases.map(\.rawValue) == HistoryEntry.grades.map(\.rawValue))
    }

    @Test func minimalProgrammeLoads() throws {
        let p = try ProgrammeLoader.parse(minimalProgramme, path: "p.yaml")
        #expect(p.organisation.name == "Test Org")
        #expect(p.people.map(\.id) == ["amara", "ines", "kenji"])
        #expect(p.controls.first?.key == ItemKey("A.6.2.6@claimsort"))
        #expect(p.controls.first?.roles == [Role(person: "kenji", role: .owner, from: Day(iso: "2024-01-01"))])
        #expect(p.conflicts.first?.with == .person("kenji"))
        #expect(p.history.first?.status == .closed)
        #expect(p.audits.first?.fieldwork.from == Day(iso: "2026-11-23"))
        #expect(p.catalogues.map(\.id) == ["iso42001-2023"])
    }

    @Test func unquotedNumericIdsReadExactlyAsWritten() throws {
        let text = minimalProgramme
            .replacingOccurrences(of: "scope: {requirements: [A.6.2.6]}", with: "scope: {requirements: [5.2, 9.2.2, 10.2, 10.1, 7.10]}")
        // 7.10 is not a requirement: as text it must not turn into 7.1.
        #expect(diagnostics(text).map(\.message).contains("unknown requirement or group '7.10' in `scope.requirements` (did you mean '7.1'?)"))
        let ok = minimalProgramme
            .replacingOccurrences(of: "scope: {requirements: [A.6.2.6]}", with: "scope: {requirements: [5.2, 9.2.2, 10.2, 10.1]}")
            .replacingOccurrences(of: "controls:\n", with: "controls:\n  - {requirement: 10.2, roles: [{person: ines, role: owner}]}\n")
        let p = try ProgrammeLoader.parse(ok, path: "p.yaml")
        #expect(p.audits[0].scope.requirements == ["5.2", "9.2.2", "10.2", "10.1"])
        #expect(p.controls.first?.requirement == "10.2")
        let keys = Derive.checklist(of: p.audits[0], in: p).map(\.key.description).sorted(by: RequirementID.precedes)
        #expect(keys == ["5.2", "9.2.2", "10.1", "10.2"])
    }

    @Test func reportsAllErrorsOfAFileAtOnceInOrder() {
        let text = minimalProgramme
            .replacingOccurrences(of: "unit: audit", with: "unti: audit")
            .replacingOccurrences(of: "inherent_risk: 4", with: "inherent_risk: 9")
            .replacingOccurrences(of: "role: owner", with: "role: ownr")
        let d = diagnostics(text)
        #expect(d.count == 3)
        #expect(d == d.sorted())
        #expect(d.map(\.line) == [4, 10, 12])
    }

    @Test func capsTheNumberOfMessages() {
        var text = minimalProgramme
        let people = (0..<70).map { "  - {id: x\($0), name: X, colour: red}\n" }.joined()
        text = text.replacingOccurrences(of: "suppliers:\n", with: people + "suppliers:\n")
        do {
            _ = try ProgrammeLoader.parse(text, path: "p.yaml")
            Issue.record("expected errors")
        } catch {
            guard case let .badData(d, more) = error else { Issue.record("wrong error"); return }
            #expect(d.count == ProgrammeLoader.maxDiagnostics)
            #expect(more == 20)
            #expect(error.description.hasSuffix("… and 20 more errors (showing the first 50)"))
        }
    }

    @Test func managerCycleIsReported() {
        let text = minimalProgramme
            .replacingOccurrences(of: "{id: ines, name: Ines Varga, unit: data}", with: "{id: ines, name: Ines Varga, unit: data, manager: kenji}")
        let d = diagnostics(text)
        #expect(d.count == 1)
        #expect(d.first?.message.contains("goes round in a circle") == true)
    }

    @Test func missingFileIsNoInput() {
        do {
            _ = try ProgrammeLoader.load(path: "/nonexistent/programme.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.exitCode == 66)
        }
    }

    @Test func billionLaughsFailsFast() {
        var text = "format: aimsaudit/programme@1\norganisation: {name: X}\nlol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { text += "lol\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let start = ContinuousClock.now
        let d = diagnostics(text)
        #expect(start.duration(to: .now) < .seconds(5))
        #expect(d.count == 1)
        #expect(d.first?.message.contains("aliases expand this file") == true)
    }

    @Test func aliasAsKeyIsRefusedBeforeParsing() {
        let d = diagnostics("a: &a [x, x]\n*a : 1\n")
        #expect(d.first?.message.hasPrefix("complex mapping keys") == true)
        #expect((d.first?.line, d.first?.column) == (2, 1))
    }

    @Test func smallAliasesStillWork() throws {
        let text = minimalProgramme.replacingOccurrences(of: "criteria: [ISO/IEC 42001]", with: "criteria: &c [ISO/IEC 42001]")
        #expect(try ProgrammeLoader.parse(text, path: "p.yaml").audits[0].criteria == ["ISO/IEC 42001"])
    }

    @Test func headingIsNotARequirement() {
        let text = minimalProgramme.replacingOccurrences(of: "{requirement: A.6.2.6, system", with: "{requirement: 9.2, system")
        #expect(diagnostics(text).first?.message == "9.2 is a heading, not an assessable requirement: name one of 9.2.1, 9.2.2")
    }

    @Test func duplicateRegisterEntry() {
        let line = "  - {requirement: A.6.2.6, system: claimsort, criticality: 5, roles: [{person: kenji, role: owner, from: 2024-01-01}]}\n"
        let text = minimalProgramme.replacingOccurrences(of: "conflicts:\n", with: line + "conflicts:\n")
        let d = diagnostics(text)
        #expect(d.count == 1)
        #expect(d.first?.message == "duplicate register entry for A.6.2.6@claimsort (first at line 12): one entry per requirement and system")
    }

    @Test func ownRequirementsAreNamedAndCannotShadowTheCatalogue() throws {
        let own = "requirements:\n  - {id: hm-ai-01, title: Model inventory, guidance: Reconcile quarterly.}\ncontrols:\n  - {requirement: hm-ai-01}\n"
        let p = try ProgrammeLoader.parse(minimalProgramme.replacingOccurrences(of: "controls:\n", with: own), path: "p.yaml")
        #expect(p.requirementIndex()["hm-ai-01"]?.kind == .own)
        let clash = "requirements:\n  - {id: 4.1, title: Mine}\ncontrols:\n"
        #expect(diagnostics(minimalProgramme.replacingOccurrences(of: "controls:\n", with: clash)).first?.message
            == "duplicate requirement id '4.1': the catalogue iso42001-2023 already defines it")
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(minimalProgramme.utf8)
        #expect(try ProgrammeLoader.parse(bytes, path: "p.yaml").people.count == 3)
    }
}
