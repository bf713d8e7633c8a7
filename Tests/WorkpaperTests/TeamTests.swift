import AuditCore
import Crypto
import Foundation
import GRDB
import TestFolders
import Testing
@testable import Workpaper

/// A programme with a team of three, for replicas of one audit.
let teamProgramme = """
    format: aimsaudit/programme@1
    organisation: {name: Test Org}
    people:
      - {id: amara, name: Amara Nwosu, unit: audit, auditor: true}
      - {id: olivia, name: Olivia Brandt, unit: audit, auditor: true}
      - {id: rita, name: Rita Silva, unit: audit, auditor: true}
      - {id: kenji, name: Kenji Mori, unit: data, auditor: true}
      - {id: ines, name: Ines Varga, unit: data}
    ai_systems:
      - {id: claimsort, name: ClaimSort, owner: ines, inherent_risk: 4}
    controls:
      - {requirement: A.6.2.6, system: claimsort, criticality: 5, roles: [{person: ines, role: owner, from: 2024-01-01}]}
    audits:
      - id: IA-1
        title: Test audit
        objectives: Test.
        criteria: [ISO/IEC 42001]
        scope: {requirements: [A.6.2.6, 9.2.1, 9.2.2, 10.2]}
        period: {from: 2025-10-01, to: 2026-09-30}
        fieldwork: {from: 2026-11-23, to: 2026-11-27}
        lead: amara
        team: [amara, olivia, rita]
      - id: IA-2
        title: Another audit
        objectives: Test.
        criteria: [ISO/IEC 42001]
        scope: {requirements: [9.2.1]}
        period: {from: 2025-10-01, to: 2026-09-30}
        fieldwork: {from: 2026-12-01, to: 2026-12-02}
        lead: amara
        team: [amara, olivia]

    """

/// The lead's workpaper and a fork for each auditor, in a folder of their own.
struct Team {
    let dir: URL
    let programme: String
    func path(_ name: String) -> String { dir.appendingPathComponent("\(name).aimsaudit").path }

    init(programmeText: String = teamProgramme) throws {
        dir = try TestFolder.make("team")
        programme = dir.appendingPathComponent("programme.yaml").path
        try programmeText.write(toFile: programme, atomically: true, encoding: .utf8)
        try WorkpaperFile.create(programmePath: programme, auditID: "IA-1", at: path("amara")).close()
        let lead = try WorkpaperFile.open(path("amara"))
        try lead.fork(for: "olivia", to: path("olivia"))
        try lead.fork(for: "rita", to: path("rita"))
        lead.close()
    }

    func record(_ name: String, _ events: [EventBody], as actor: String? = nil) throws {
        let w = try WorkpaperFile.open(path(name), forWriting: true)
        defer { w.close() }
        try w.append(events, actor: actor ?? name)
    }

    /// Merges `from` into `into`.
    @discardableResult
    func merge(_ into: String, _ from: String...) throws -> MergeResult {
        let target = try WorkpaperFile.open(into, forWriting: true)
        defer { target.close() }
        var last = MergeResult()
        for f in from {
            let source = try WorkpaperFile.open(f)
            defer { source.close() }
            last = try target.merge(try source.incoming())
        }
        return last
    }

    func copy(_ name: String, as copy: String) throws -> String {
        let to = dir.appendingPathComponent(copy).path
        try FileManager.default.copyItem(atPath: path(name), toPath: to)
        return to
    }
}

@Suite struct TeamTests {
    static let items = ["9.2.1", "9.2.2", "10.2"]

    /// A random record a team member may make: rules kept (an observation has its text).
    static func randomRecord(_ rng: inout SplitMix64, actor: String, state: WorkpaperState, step: Int) -> [EventBody] {
        let item = items[rng.below(items.count)]
        switch rng.below(5) {
        case 0: return [.statement(item: item, Statement(gap: "\(actor) gap \(step)")), .graded(item: item, grade: .observation)]
        case 1: return [.noted(item: item, note: "\(actor) note \(step)")]
        case 2: return [.statement(item: item, Statement(requirement: "\(actor) requirement \(rng.below(3))"))]
        case 3:
            if let e = state.evidence.values.filter({ !$0.removed }).sorted(by: { $0.id < $1.id }).first {
                return [.evidenceEdited(id: e.id, EvidenceEdit(description: "\(actor) says \(rng.below(3))"))]
            }
            fallthrough
        default:
            return [.evidenceAdded(EvidenceReference(id: state.nextEvidenceID, item: item, type: .record, reference: "\(actor) ref \(step)"))]
        }
    }

    /// A record with the reason the rules ask when it changes what another auditor wrote (GR-6).
    static func reasoned(_ events: [EventBody], actor: String, in w: WorkpaperFile) -> [EventBody] {
        guard let key = events.lazy.compactMap({ WorkpaperFile.item(of: $0, in: w.state) }).first.flatMap(ItemKey.init) else { return events }
        return (try? Recorder.withReason("\(actor) takes another view", events, actor: actor, item: key, audit: w.audit,
                                         roster: w.programme.roster, state: w.state, recordedOn: nil)) ?? events
    }

    /// Three replicas record at random (merging now and then), then are merged in every order.
    @Test(arguments: 0..<24)
    func mergedInEveryOrderTheyReachOneState(seed: Int) throws {
        let team = try Team()
        var rng = SplitMix64(state: UInt64(seed) &+ 11)
        let people = ["amara", "olivia", "rita"]
        var recorded: [String] = []
        for step in 0..<(4 + rng.below(10)) {
            let who = people[rng.below(3)]
            if rng.below(5) == 0 {
                try team.merge(team.path(who), team.path(people[(people.firstIndex(of: who)! + 1 + rng.below(2)) % 3]))
                continue
            }
            let w = try WorkpaperFile.open(team.path(who), forWriting: true)
            let events = Self.reasoned(Self.randomRecord(&rng, actor: who, state: w.state, step: step), actor: who, in: w)
            try w.append(events, actor: who)
            recorded += events.compactMap { if case .evidenceAdded(let r) = $0 { r.reference } else { nil } }
            w.close()
        }
        var states: [WorkpaperState] = []
        for (into, a, b) in [("amara", "olivia", "rita"), ("amara", "rita", "olivia"), ("olivia", "amara", "rita"),
                             ("olivia", "rita", "amara"), ("rita", "amara", "olivia"), ("rita", "olivia", "amara")] {
            let target = try team.copy(into, as: "\(into)-\(a)-\(b).aimsaudit")
            try team.merge(target, team.path(a), team.path(b))
            try team.merge(target, team.path(a), team.path(b))   // again: nothing changes
            let merged = try WorkpaperFile.open(target, tolerant: true)
            #expect(merged.verify().problems == [], "seed \(seed) \(into) \(a) \(b)")
            states.append(merged.state)
            // Every reference cited is there; every note no later note had seen is kept.
            let references = merged.state.evidence.values.map(\.reference)
            for r in recorded { #expect(references.contains(r), "seed \(seed): \(r) missing") }
            let notes = try WorkpaperFile.teamEntries(merged).compactMap { e -> (Stamp, String, String)? in
                guard case .noted(let item, let note) = try EventCodec.decode(type: e.type, payload: e.payload) else { return nil }
                return (e.stamp, item, note)
            }
            for (stamp, item, note) in notes where !notes.contains(where: { $0.1 == item && $0.0.saw(stamp) }) {
                #expect(merged.state.record(item).note?.contains(note) == true, "seed \(seed): \(note) lost")
            }
            merged.close()
            // Read from the state tables, as the screen does, it is the same.
            // (Its evidence is read item by item, as the screen shows items.)
            let screen = try WorkpaperFile.open(target, stateFrom: .tables)
            for item in Set(states.last!.evidence.values.map(\.item)) { screen.readEvidence(on: item) }
            #expect(screen.state.items == states.last!.items && screen.state.evidence == states.last!.evidence
                    && screen.state.allConflicts == states.last!.allConflicts)
            screen.close()
        }
        #expect(states.allSatisfy { $0 == states[0] }, "seed \(seed)")
    }

    @Test func concurrentGradesAreAConflictUntilTheLeadRecordsOne() throws {
        let team = try Team()
        try team.record("olivia", [.statement(item: "9.2.1", Statement(gap: "Olivia's text")), .graded(item: "9.2.1", grade: .observation)])
        try team.record("rita", [.statement(item: "9.2.1", Statement(gap: "Rita's text")), .graded(item: "9.2.1", grade: .ofi),
                                 .noted(item: "9.2.1", note: "Rita's note")])
        try team.record("olivia", [.noted(item: "9.2.1", note: "Olivia's note")])
        let r = try team.merge(team.path("amara"), team.path("olivia"), team.path("rita"))
        #expect(Set(r.conflicts.map(\.field)) == ["gap", "grade"])
        #expect(r.conflicts.allSatisfy { Set($0.values.map(\.actor)) == ["olivia", "rita"] })
        let lead = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        // Two notes from two people are both kept, never a conflict.
        #expect(lead.state.record("9.2.1").note?.contains("Rita's note") == true)
        #expect(lead.state.record("9.2.1").note?.contains("Olivia's note") == true)
        // Choosing one of the values standing changes no one's result: no reason is asked, and the
        // value stays its author's; a text of the lead's own over theirs needs one (GR-6).
        func judge(_ events: [EventBody]) -> Refusal? {
            Recorder.validate(events, actor: "amara", item: ItemKey("9.2.1")!, analysis: lead.analysis, programme: lead.programme, state: lead.state)
        }
        #expect(judge([.graded(item: "9.2.1", grade: .observation)]) == nil)
        #expect(judge([.statement(item: "9.2.1", Statement(gap: "Rita's text"))]) == nil)
        #expect(judge([.statement(item: "9.2.1", Statement(gap: "The lead's text"))])?.rule == "GR-6")
        try lead.append([.graded(item: "9.2.1", grade: .observation)], actor: "amara")
        #expect(lead.state.allConflicts.map(\.field) == ["gap"])
        try lead.append([.statement(item: "9.2.1", Statement(gap: "Olivia's text"))], actor: "amara")
        #expect(lead.state.allConflicts.isEmpty)
        #expect(lead.state.record("9.2.1").provenance?.authors == ["grade": "olivia", "gap": "olivia"])
        #expect(lead.state.record("9.2.1").provenance?.revisions == [])
        lead.close()
        let again = try WorkpaperFile.open(team.path("amara"), tolerant: true)
        defer { again.close() }
        #expect(again.state.allConflicts.isEmpty)
        #expect(again.verify().ok)
    }

    @Test func evidenceCitedUnderOneNumberOnTwoLaptopsKeepsBothAndEditsFindTheirOwn() throws {
        let team = try Team()
        try team.record("olivia", [.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "Olivia's"))])
        try team.record("rita", [.evidenceAdded(EvidenceReference(id: 1, item: "9.2.2", type: .record, reference: "Rita's"))])
        try team.record("rita", [.evidenceEdited(id: 1, EvidenceEdit(description: "edited by Rita"))])
        try team.merge(team.path("amara"), team.path("rita"), team.path("olivia"))
        let lead = try WorkpaperFile.open(team.path("amara"))
        defer { lead.close() }
        let refs = lead.state.evidence.values.sorted { $0.id < $1.id }
        #expect(refs.count == 2)
        #expect(refs.first { $0.reference == "Rita's" }?.description == "edited by Rita")
        #expect(refs.first { $0.reference == "Olivia's" }?.description == nil)
    }

    @Test func aTamperedForkIsRefusedNamingTheBrokenLink() throws {
        let team = try Team()
        try team.record("olivia", [.noted(item: "9.2.1", note: "first"), .noted(item: "9.2.2", note: "second")])
        let db = try DatabaseQueue(path: team.path("olivia"))
        try db.write { try $0.execute(sql: "UPDATE journal SET payload = replace(payload, 'second', 'forged') WHERE rseq = 2 AND actor = 'olivia'") }
        try db.close()
        let source = try WorkpaperFile.open(team.path("olivia"))
        defer { source.close() }
        let into = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        defer { into.close() }
        let error = #expect(throws: WorkpaperError.self) { try into.merge(try source.incoming()) }
        #expect(error?.exitCode == 1)
        #expect(error?.description.contains("event 2 of replica") == true && error?.description.contains("was changed after it was recorded") == true, "\(String(describing: error))")
        #expect(into.head.seq == 1)
    }

    @Test func anotherAuditsWorkpaperIsRefusedNamingBoth() throws {
        let team = try Team()
        let other = team.dir.appendingPathComponent("other.aimsaudit").path
        try WorkpaperFile.create(programmePath: team.programme, auditID: "IA-2", at: other).close()
        let source = try WorkpaperFile.open(other)
        defer { source.close() }
        let into = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        defer { into.close() }
        let error = #expect(throws: WorkpaperError.self) { try into.merge(try source.incoming()) }
        #expect(error?.exitCode == 65)
        #expect(error?.description.contains("\(other) is IA-2") == true && error?.description.contains("\(team.path("amara")) is IA-1") == true)
    }

    /// A script records in the millisecond the workpaper was made: the lead's creation and her
    /// first record share author and time, but only the record is new to a fork, and it merges.
    @Test func aRecordMadeInTheInstantOfCreationMergesIntoAFork() throws {
        try AuditClock.$stopped.withValue(Date(timeIntervalSince1970: 1_795_791_600)) {
            let team = try Team()
            try team.record("amara", [.noted(item: "9.2.1", note: "made with the workpaper")])
            let r = try team.merge(team.path("olivia"), team.path("amara"))
            #expect(r.count == 1)
            let olivia = try WorkpaperFile.open(team.path("olivia"))
            defer { olivia.close() }
            #expect(olivia.state.record("9.2.1").note?.contains("made with the workpaper") == true)
        }
    }

    @Test func anEventTheRulesRefuseIsNotMerged() throws {
        let team = try Team()
        // kenji is no member of the team: written behind the tool's back, with a hash that holds.
        try team.record("olivia", [.noted(item: "9.2.1", note: "mine")])
        let db = try DatabaseQueue(path: team.path("olivia"))
        try db.write { db in
            var e = try WorkpaperFile.teamEntries(db).last!
            e.actor = "kenji"
            e.hash = e.recomputedHash
            try db.execute(sql: "UPDATE journal SET actor = ?, hash = ? WHERE seq = ?", arguments: [e.actor, e.hash, e.seq])
        }
        try db.close()
        let source = try WorkpaperFile.open(team.path("olivia"))
        defer { source.close() }
        let into = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        defer { into.close() }
        let error = #expect(throws: WorkpaperError.self) { try into.merge(try source.incoming()) }
        #expect(error?.description.contains("(by kenji at") == true && error?.description.contains("TEAM") == true, "\(String(describing: error))")
    }

    @Test func aWorkpaperCarryingATriggerIsNotMerged() throws {
        let team = try Team()
        let db = try DatabaseQueue(path: team.path("olivia"))
        try db.write { try $0.execute(sql: "CREATE TRIGGER spy AFTER INSERT ON journal BEGIN DELETE FROM meta; END") }
        try db.close()
        let source = try WorkpaperFile.open(team.path("olivia"))
        defer { source.close() }
        let into = try WorkpaperFile.open(team.path("amara"), forWriting: true)
        defer { into.close() }
        let error = #expect(throws: WorkpaperError.self) { try into.merge(try source.incoming()) }
        #expect(error?.exitCode == 65)
        #expect(error?.description.contains("trigger spy") == true)
        let fork = #expect(throws: WorkpaperError.self) { try source.fork(for: "rita", to: team.dir.appendingPathComponent("x.aimsaudit").path) }
        #expect(fork?.exitCode == 65)
    }

    @Test func aForgedActorIsRefusedWhenTheProgrammeListsKeys() throws {
        let home = try TestFolder.make("keys")
        setenv("XDG_CONFIG_HOME", home.path, 1)
        defer { unsetenv("XDG_CONFIG_HOME") }
        let olivia = try Keys.make(for: "olivia").publicLine
        let amara = try Keys.make(for: "amara").publicLine
        let text = teamProgramme.replacingOccurrences(of: "{id: olivia, name: Olivia Brandt, unit: audit, auditor: true}",
                                                      with: "{id: olivia, name: Olivia Brandt, unit: audit, auditor: true, key: \"\(olivia)\"}")
            .replacingOccurrences(of: "{id: amara, name: Amara Nwosu, unit: audit, auditor: true}",
                                  with: "{id: amara, name: Amara Nwosu, unit: audit, auditor: true, key: \"\(amara)\"}")
        let team = try Team(programmeText: text)
        try team.record("olivia", [.noted(item: "9.2.1", note: "signed")])
        // rita's laptop has no key of olivia's: recording as olivia there is refused.
        try FileManager.default.removeItem(at: Keys.directory().appendingPathComponent("olivia.ed25519"))
        let refused = #expect(throws: WorkpaperError.self) { try team.record("rita", [.noted(item: "9.2.1", note: "as olivia")], as: "olivia") }
        #expect(refused?.exitCode == 1)
        // The actor of a signed event changed in the file: verify and merge refuse it.
        let db = try DatabaseQueue(path: team.path("olivia"))
        try db.write { db in
            var e = try WorkpaperFile.teamEntries(db).last!
            e.actor = "amara"
            e.hash = e.recomputedHash
            try db.execute(sql: "UPDATE journal SET actor = ?, hash = ? WHERE seq = ?", arguments: [e.actor, e.hash, e.seq])
        }
        try db.close()
        let source = try WorkpaperFile.open(team.path("olivia"), tolerant: true)
        defer { source.close() }
        #expect(source.verify().problems.contains { $0.contains("does not carry amara's signature") })
        let into = try WorkpaperFile.open(team.path("rita"), forWriting: true)
        defer { into.close() }
        let error = #expect(throws: WorkpaperError.self) { try into.merge(try source.incoming()) }
        #expect(error?.description.contains("does not carry amara's signature") == true)
        // The lead's own events are signed and counted.
        let lead = try WorkpaperFile.open(team.path("amara"))
        defer { lead.close() }
        #expect(try lead.signedCounts() == ["amara": 1])
    }

    @Test func anAttachedFileIsExtractedOnTheOtherSide() throws {
        let team = try Team()
        let evidence = team.dir.appendingPathComponent("drift.csv")
        try "day,drift\n1,0.2\n".write(to: evidence, atomically: true, encoding: .utf8)
        let olivia = try WorkpaperFile.open(team.path("olivia"), forWriting: true)
        let (file, data) = try olivia.attach(evidence.path)
        try olivia.store(attachments: [data])
        try olivia.append([.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "drift", file: file))], actor: "olivia")
        olivia.close()
        try FileManager.default.removeItem(at: evidence)
        try team.merge(team.path("amara"), team.path("olivia"))
        let lead = try WorkpaperFile.open(team.path("amara"), tolerant: true)
        defer { lead.close() }
        #expect(lead.verify().ok)
        let out = team.dir.appendingPathComponent("out").path
        let written = try lead.extractAttachments(item: "9.2.1", to: out)
        #expect(written == [out + "/9.2.1/E1-drift.csv"])
        #expect(try String(contentsOfFile: written[0], encoding: .utf8) == "day,drift\n1,0.2\n")
    }

    @Test func aCitedFileFromAnotherLaptopIsNotOnThisMachineYetVerifies() throws {
        let team = try Team()
        let evidence = team.dir.appendingPathComponent("only-on-olivias.txt")
        try "x".write(to: evidence, atomically: true, encoding: .utf8)
        let olivia = try WorkpaperFile.open(team.path("olivia"), forWriting: true)
        let file = try olivia.cite(evidence.path)
        try olivia.append([.evidenceAdded(EvidenceReference(id: 1, item: "9.2.1", type: .record, reference: "r", file: file))], actor: "olivia")
        olivia.close()
        try FileManager.default.removeItem(at: evidence)
        try team.merge(team.path("amara"), team.path("olivia"))
        let lead = try WorkpaperFile.open(team.path("amara"), tolerant: true)
        defer { lead.close() }
        let report = lead.verify()
        #expect(report.ok)
        #expect(report.notHere.count == 1 && report.notHere[0].contains("not on this machine"))
        // On the laptop it was cited on, a missing file is a problem as before.
        let own = try WorkpaperFile.open(team.path("olivia"), tolerant: true)
        defer { own.close() }
        #expect(!own.verify().ok)
    }
}

@Suite struct ForkTests {
    @Test func aForkOfAForkIsAReplicaLikeAnyOther() throws {
        let team = try Team()
        try team.record("olivia", [.noted(item: "9.2.1", note: "before the second fork")])
        let second = team.dir.appendingPathComponent("rita-from-olivia.aimsaudit").path
        let olivia = try WorkpaperFile.open(team.path("olivia"))
        try olivia.fork(for: "rita", to: second)
        #expect(throws: WorkpaperError.self) { try olivia.fork(for: "rita", to: second) }   // never over a file
        olivia.close()
        let w = try WorkpaperFile.open(second, forWriting: true)
        #expect(w.state.record("9.2.1").note == "before the second fork")
        #expect(w.replica.person == "rita")
        try w.append([.noted(item: "9.2.2", note: "from the fork of a fork")], actor: "rita")
        w.close()
        try team.merge(team.path("amara"), second)
        let lead = try WorkpaperFile.open(team.path("amara"), tolerant: true)
        defer { lead.close() }
        #expect(lead.verify().ok)
        #expect(lead.state.record("9.2.1").note == "before the second fork")
        #expect(lead.state.record("9.2.2").note == "from the fork of a fork")
        #expect(try lead.replicas().count == 3)
    }

    @Test func aWorkpaperFromBeforeReplicasForksAndMerges() throws {
        let team = try Team()
        // Made at schema 5, recorded in, then forked: its events are the first replica's.
        let old = team.dir.appendingPathComponent("old.aimsaudit").path
        try WorkpaperFile.build(programmePath: team.programme, auditID: "IA-1", at: old, upToSchema: 5)
        let writer = try WorkpaperFile.open(old, forWriting: true)
        try writer.append([.noted(item: "9.2.1", note: "recorded at schema 6")], actor: "amara")
        writer.close()
        let source = try WorkpaperFile.open(old)
        let fork = team.dir.appendingPathComponent("old-olivia.aimsaudit").path
        try source.fork(for: "olivia", to: fork)
        source.close()
        let f = try WorkpaperFile.open(fork, forWriting: true)
        try f.append([.noted(item: "9.2.2", note: "olivia's")], actor: "olivia")
        f.close()
        try team.merge(old, fork)
        let merged = try WorkpaperFile.open(old, tolerant: true)
        defer { merged.close() }
        #expect(merged.verify().ok, "\(merged.verify().problems)")
        #expect(merged.state.record("9.2.2").note == "olivia's")
    }
}
