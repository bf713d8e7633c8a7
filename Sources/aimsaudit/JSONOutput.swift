import AuditCore
import Foundation

/// The stable JSON shapes of `list` and `check` (docs/programme-format.md, CLI spec).
enum JSONOutput {
    struct ListItem: Encodable {
        let key, requirement: String
        let system: String?
        let title: String
        let score: Double
        let tier: String
        let inputs: Inputs
        let owners: [String]
        let auditor: String?
        let grade: String
        let evidence: Int
        let excluded: Bool
        /// Fields set two ways by people who had not seen each other's value (left out when none).
        let conflicts: [ConflictEntry]

        struct Inputs: Encodable {
            let I, C, F: Int
            let T: Double
            let D: Int
        }

        init(_ item: ChecklistItem, state: WorkpaperState) {
            key = item.key.description
            requirement = item.requirement
            system = item.system
            title = item.title
            score = item.weight.score
            tier = item.weight.tier.rawValue
            let w = item.weight
            inputs = Inputs(I: w.I, C: w.C, F: w.F, T: (w.T * 100).rounded() / 100, D: w.D)
            owners = item.owners.map(\.person)
            auditor = item.auditor
            grade = state.record(item.key.description).grade.rawValue
            evidence = state.evidenceCount(on: item.key.description)
            excluded = item.isExclusion
            conflicts = (state.conflicts[item.key.description] ?? []).sorted { $0.field < $1.field }.map(ConflictEntry.init)
        }

        enum CodingKeys: String, CodingKey {
            case key, requirement, system, title, score, tier, inputs, owners, auditor, grade, evidence, excluded, conflicts
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(requirement, forKey: .requirement)
            try c.encode(system, forKey: .system)
            try c.encode(title, forKey: .title)
            try c.encode(score, forKey: .score)
            try c.encode(tier, forKey: .tier)
            try c.encode(inputs, forKey: .inputs)
            try c.encode(owners, forKey: .owners)
            try c.encode(auditor, forKey: .auditor)
            try c.encode(grade, forKey: .grade)
            try c.encode(evidence, forKey: .evidence)
            try c.encode(excluded, forKey: .excluded)
            if !conflicts.isEmpty { try c.encode(conflicts, forKey: .conflicts) }
        }
    }

    struct ConflictEntry: Encodable {
        let field: String
        let values: [Value]
        struct Value: Encodable { let value, actor, time, replica: String }
        init(_ c: FieldConflict) {
            field = c.field
            values = c.values.map { Value(value: $0.value, actor: $0.actor, time: $0.time, replica: $0.replica) }
        }
    }

    struct ListDocument: Encodable {
        let audit: String
        let items: [ListItem]
    }

    struct VerdictEntry: Encodable {
        let auditor, item, level, rule, reason: String
        let justification: Justification?
        /// Who approved the justification (programme format 2); left out otherwise.
        let approvedBy: String?

        enum CodingKeys: String, CodingKey { case auditor, item, level, rule, reason, justification, approvedBy = "approved_by" }
    }

    struct ProblemEntry: Encodable {
        let level, message: String
    }

    struct CheckDocument: Encodable {
        let audit: String
        let verdicts: [VerdictEntry]
        let problems: [ProblemEntry]
    }

    static func list(audit: Audit, items: [ChecklistItem], state: WorkpaperState) throws -> String {
        try encode(ListDocument(audit: audit.id, items: items.map { ListItem($0, state: state) }))
    }

    static func check(_ analysis: AuditAnalysis, state: WorkpaperState) throws -> String {
        try encode(CheckDocument(
            audit: analysis.audit.id,
            verdicts: analysis.verdicts.map {
                VerdictEntry(auditor: $0.auditor, item: $0.item.description, level: $0.level.rawValue,
                             rule: $0.rule.rawValue, reason: $0.reason,
                             justification: $0.level == .warn ? state.record($0.item.description).justifications[$0.auditor] : nil,
                             approvedBy: $0.level == .warn ? state.record($0.item.description).approvals[$0.auditor]?.approver : nil)
            },
            problems: analysis.problems.map { ProblemEntry(level: $0.level.rawValue, message: $0.message) }))
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]   // the same bytes every run
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
