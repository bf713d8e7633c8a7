import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

extension AimsAuditDev {
    /// A developer command: writes a large, realistic programme for benchmarks and scale tests.
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a large synthetic programme (for benchmarks).")

        @Option(help: "Register entries.") var entries = 10_000
        @Option(help: "People.") var people = 200
        @Option(help: "AI systems.") var systems = 50
        @Option(help: "Random seed.") var seed: UInt64 = 42
        @Option(name: .shortAndLong, help: "Output file (default: standard output).") var output: String?
        @Option(help: "Also make a workpaper of the audit here (needs -o).") var workpaper: String?
        @Option(help: "Evidence references recorded in the workpaper.") var evidence = 0
        @Option(help: "Items graded in the workpaper (a fifth of them major or minor, with statements).") var findings = 0

        func run() throws {
            let text = SynthProgramme(entries: entries, people: max(people, 10), systems: max(systems, 1), seed: seed).yaml()
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else {
                    Console.error("aimsaudit-dev: cannot create \(output)")
                    throw ExitCode(73)
                }
            } else {
                Console.data(text)
            }
            guard let workpaper else { return }
            guard let output else { Console.error("aimsaudit-dev: --workpaper needs -o for the programme"); throw ExitCode(64) }
            try fail { () throws(WorkpaperError) in try WorkpaperFile.create(programmePath: output, auditID: "IA-2026-01", at: workpaper).close() }
            let file = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(workpaper, forWriting: true) }
            defer { file.close() }
            for batch in SynthProgramme.records(for: file.analysis, evidence: evidence, findings: findings, seed: seed) {
                try fail { () throws(WorkpaperError) in _ = try file.append(batch.events, actor: batch.actor) }
            }
        }
    }
}

extension SynthProgramme {
    /// Findings, statements, notes and evidence spread over the checklist, by the team member
    /// the checklist assigns, in batches of one auditor's edits.
    static func records(for analysis: AuditAnalysis, evidence: Int, findings: Int, seed: UInt64) -> [(actor: String, events: [EventBody])] {
        var rng = SplitMix64(state: seed &+ 1)
        let items = analysis.checklist
        guard !items.isEmpty else { return [] }
        let team = analysis.audit.team
        var concerned: [ItemKey: Set<String>] = [:]
        for v in analysis.verdicts where v.level != .info { concerned[v.item, default: []].insert(v.auditor) }
        var byActor: [String: [EventBody]] = [:]
        // Someone with neither a block nor a warning on the item, so no justification is needed.
        func actor(_ key: ItemKey) -> String? { team.first { !(concerned[key]?.contains($0) ?? false) } }
        // Mostly conformity, a fifth nonconformities (a tenth major).
        let mix: [Grade] = [.conform, .conform, .ofi, .observation, .minor, .conform, .ofi, .major, .conform, .observation]
        let words = ["Prüfung", "監査", "log", "retention", "drift", "évidence", "sample", "approval", "ΑΒΓ", "review"]
        func sentence(_ n: Int) -> String { (0..<n).map { _ in words[rng.below(words.count)] }.joined(separator: " ") }
        for i in 0..<min(findings, items.count) {
            let key = items[(i * 7919) % items.count].key
            guard let who = actor(key) else { continue }
            let item = key.description
            let grade = mix[i % mix.count]
            var events: [EventBody] = [.noted(item: item, note: "note \(i): " + sentence(12))]
            if grade.isNonconformity {
                events.append(.statement(item: item, Statement(requirement: "requirement " + sentence(6), evidence: "seen " + sentence(8), gap: "gap " + sentence(6))))
            }
            byActor[who, default: []] += events
        }
        var nextID = 1
        var cited: [ItemKey: Int] = [:]
        for _ in 0..<evidence {
            let key = items[rng.below(items.count)].key
            guard let who = actor(key) else { continue }
            byActor[who, default: []].append(.evidenceAdded(EvidenceReference(
                id: nextID, item: key.description, type: EvidenceType.allCases[rng.below(EvidenceType.allCases.count)],
                reference: "DOC-\(nextID) v\(1 + rng.below(4))", description: sentence(5), obtainedFrom: "p\(rng.below(50))",
                obtainedOn: "2026-11-2\(3 + rng.below(5))")))
            nextID += 1
            cited[key, default: 0] += 1
        }
        // Grades after evidence, so conformity has some (GR-2).
        for i in 0..<min(findings, items.count) {
            let key = items[(i * 7919) % items.count].key
            guard let who = actor(key) else { continue }
            var grade = mix[i % mix.count]
            if grade == .conform, cited[key, default: 0] == 0 { grade = .observation }
            // An observation or improvement opportunity says what was found (GR-5).
            if grade == .observation || grade == .ofi {
                byActor[who, default: []].append(.statement(item: key.description, Statement(gap: "found " + sentence(8))))
            }
            byActor[who, default: []].append(.graded(item: key.description, grade: grade))
        }
        var out: [(actor: String, events: [EventBody])] = []
        for (who, events) in byActor.sorted(by: { $0.key < $1.key }) {
            stride(from: 0, to: events.count, by: 2000).forEach { out.append((who, Array(events[$0..<min($0 + 2000, events.count)]))) }
        }
        return out
    }
}

struct SynthProgramme {
    let entries: Int, people: Int, systems: Int, seed: UInt64

    static let annexA = ["A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
                         "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
                         "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
                         "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4"]
    static let units = ["internal-audit", "risk", "data-science", "ml-platform", "hr", "customer-service",
                        "procurement", "legal", "finance", "it-operations"]
    static let roles = ["owner", "operator", "approver", "implementer", "advisor"]
    static let grades = ["conform", "ofi", "observation", "minor", "major"]
    static let given = ["Amara", "Jonas", "Mei", "Sven", "Aiko", "Lucía", "Farid", "Zofia", "Kwame", "Ingrid", "Yusuf", "Hana"]
    static let family = ["Nwosu", "Brandt", "Tanaka", "Okafor", "Lindqvist", "García", "Haddad", "Nowak", "Mensah", "Berg"]

    func yaml() -> String {
        var rng = SplitMix64(state: seed)
        var out = "format: aimsaudit/programme@1\norganisation: {name: Synthetic Holdings, ai_roles: [provider, deployer]}\n"
        out += "settings: {cooling_off_months: 12}\npeople:\n"
        for p in 0..<people {
            let unit = Self.units[p % Self.units.count]
            let manager = p == 0 ? "" : ", manager: p\(p < 10 ? 0 : p / 10)"
            let auditor = unit == "internal-audit" || p % 17 == 0 ? ", auditor: true" : ""
            let name = "\(Self.given[p % Self.given.count]) \(Self.family[(p / 3) % Self.family.count]) \(p)"
            out += "  - {id: p\(p), name: \(name), unit: \(unit)\(manager)\(auditor)}\n"
        }
        out += "suppliers:\n"
        for s in 0..<max(1, systems / 5) { out += "  - {id: s\(s), name: Supplier \(s)}\n" }
        out += "ai_systems:\n"
        for s in 0..<systems {
            let supplier = s % 2 == 0 ? ", supplier: s\(s % max(1, systems / 5))" : ""
            out += "  - {id: sys\(s), name: System \(s), owner: p\(rng.below(people)), inherent_risk: \(1 + rng.below(5))\(supplier)}\n"
        }
        let perSystem = Self.annexA.count * systems
        let own = max(0, (entries - perSystem + systems - 1) / systems)
        out += "requirements:\n"
        for r in 0..<own { out += "  - {id: own-\(r), title: Own requirement \(r) — 検証 of control \(r)}\n" }
        out += "controls:\n"
        var keys: [String] = []
        var written = 0
        outer: for s in 0..<systems {
            for req in Self.annexA + (0..<own).map({ "own-\($0)" }) {
                if written >= entries { break outer }
                let change = ["none", "moderate", "significant"][rng.below(3)]
                var roles: [String] = []
                for _ in 0..<(1 + rng.below(3)) {
                    let from = "20\(22 + rng.below(3))-0\(1 + rng.below(9))-1\(rng.below(9))"
                    let to = rng.below(3) == 0 ? ", to: 2026-0\(1 + rng.below(9))-2\(rng.below(8))" : ""
                    roles.append("{person: p\(rng.below(people)), role: \(Self.roles[rng.below(Self.roles.count)]), from: \(from)\(to)}")
                }
                out += "  - {requirement: \(req), system: sys\(s), criticality: \(1 + rng.below(5)), change: \(change), roles: [\(roles.joined(separator: ", "))]}\n"
                keys.append("\(req)@sys\(s)")
                written += 1
            }
        }
        out += "conflicts:\n"
        for c in 0..<max(1, people / 20) {
            out += "  - {person: p\(c * 7 % people), with: {system: sys\(c % systems)}, material: \(c % 2 == 0), note: Synthetic conflict \(c)}\n"
        }
        out += "history:\n"
        for h in 0..<(keys.count / 5) {
            let grade = Self.grades[rng.below(Self.grades.count)]
            let status = grade == "major" || grade == "minor" ? ", status: \(rng.below(2) == 0 ? "open" : "closed")" : ""
            out += "  - {audit: IA-2025-0\(1 + h % 2), date: 2025-0\(1 + rng.below(9))-1\(rng.below(9)), item: \(keys[rng.below(keys.count)]), grade: \(grade)\(status)}\n"
        }
        let auditors = (0..<people).filter { Self.units[$0 % Self.units.count] == "internal-audit" }.prefix(8).map { "p\($0)" }
        out += """
            audits:
              - id: IA-2026-01
                title: Synthetic full-scope audit
                objectives: Exercise the engine at scale.
                criteria: [ISO/IEC 42001:2023]
                period: {from: 2025-10-01, to: 2026-09-30}
                fieldwork: {from: 2026-11-23, to: 2026-11-27}
                lead: \(auditors[0])
                team: [\(auditors.joined(separator: ", "))]

            """
        return out
    }
}
