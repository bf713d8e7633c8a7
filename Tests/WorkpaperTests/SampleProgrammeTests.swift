import AuditCore
import Foundation
import Testing
import Workpaper

/// The bundled sample (Harbourline Mutual) is the project's demonstration: it must load cleanly,
/// exercise every independence rule of the format, and also show clean assignments.
@Suite struct SampleProgrammeTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("SampleData/harbourline/programme.yaml").path
    let programme = try! ProgrammeLoader.load(path: path)

    func analysis(_ id: String) -> AuditAnalysis { Derive.analyse(programme.audit(id)!, in: programme) }

    @Test func isARealisticOrganisation() {
        #expect(programme.people.count >= 15)
        #expect(programme.systems.map(\.id) == ["claimsort", "talentlens", "ava"])
        #expect(programme.audits.count >= 2)
        #expect(programme.people.allSatisfy { $0.unit != nil })
        #expect(programme.people.filter { $0.manager == nil }.count <= 2)
        #expect(!programme.history.isEmpty && !programme.conflicts.isEmpty)
    }

    @Test func registerDecidesEveryAnnexAControlAndNamesClauseOwners() {
        let decided = Set(programme.controls.map(\.requirement))
        for r in Catalogue.iso42001.requirements {
            #expect(decided.contains(r.id), "\(r.id) is not in the register")
        }
        for r in Catalogue.iso42001.requirements where r.kind == .clause {
            let entry = programme.controls.first { $0.requirement == r.id && $0.system == nil }
            #expect(entry?.roles.contains { $0.role == .owner } == true, "\(r.id) has no owner")
        }
        #expect(programme.controls.contains { !$0.applicable && $0.justification != nil })
    }

    @Test func auditsTogetherTriggerEveryRule() {
        let fired = Set(programme.audits.flatMap { Derive.analyse($0, in: programme).verdicts.map(\.rule) })
        #expect(fired == Set(Rule.allCases))
    }

    @Test func firstAuditHasCleanAssignmentsAndNoProblems() {
        let a = analysis("IA-2026-01")
        #expect(a.audit.assign.count >= 3)
        for assignment in a.audit.assign {
            let verdicts = a.verdicts.filter { $0.item == assignment.item && $0.auditor == assignment.auditor }
            #expect(verdicts.isEmpty, "\(assignment.item) → \(assignment.auditor): \(verdicts.map(\.reason))")
        }
        #expect(a.problems.isEmpty)
    }

    @Test func secondAuditCatchesTheBlockedAssignment() {
        let a = analysis("IA-2026-02")
        let errors = a.problems.filter { $0.level == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("A.9.4@ava is assigned to sofia, who may not audit it (IND-01: Sofia Lindqvist owns the AI system Ava)") == true)
    }

    @Test func eachAuditHasItemsInEveryTier() {
        for audit in programme.audits {
            let tiers = Set(Derive.checklist(of: audit, in: programme).map(\.weight.tier))
            #expect(tiers == [.A, .B, .C], "\(audit.id)")
        }
    }

    @Test func workedExamplesOfTheDomainReference() {
        let items = Derive.checklist(of: programme.audit("IA-2026-01")!, in: programme)
        let claimsort = items.first { $0.key.description == "A.6.2.6@claimsort" }!
        #expect(claimsort.weight.score == 63.3 && claimsort.weight.tier == .B)
        let ava = items.first { $0.key.description == "A.6.2.6@ava" }!
        #expect(ava.weight.score == 60 && ava.weight.tier == .B && ava.weight.D == 2)
    }

    @Test func theStoryBehindTomaszIsToldInWords() {
        let reasons = analysis("IA-2026-02").verdicts.filter { $0.auditor == "tomasz" && $0.rule == .ind03 }.map(\.reason)
        #expect(reasons.contains { $0.hasPrefix("Tomasz Wierzbicki was operator of A.4.4 for ClaimSort until 2026-01-31, 10 months before fieldwork") })
    }
}
