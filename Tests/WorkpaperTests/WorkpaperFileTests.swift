import AuditCore
import Foundation
import GRDB
import TestFolders
import Testing
@testable import Workpaper

/// A workpaper made from the minimal programme in a fresh folder.
struct Scratch {
    let dir: URL
    let programme: String
    var path: String { dir.appendingPathComponent("IA-1.aimsaudit").path }

    init() throws {
        dir = try TestFolder.make("wp")
        programme = dir.appendingPathComponent("programme.yaml").path
        try minimalProgramme.write(toFile: programme, atomically: true, encoding: .utf8)
    }

    func create() throws -> WorkpaperFile {
        try WorkpaperFile.create(programmePath: programme, auditID: "IA-1", at: path)
    }

    /// Raw SQL on the file, as someone editing it behind the tool's back.
    func tamper(_ sql: String) throws {
        let db = try DatabaseQueue(path: path)
        try db.writeWithoutTransaction { try $0.execute(sql: sql) }
        try db.close()
    }

    static let item = "A.6.2.6@claimsort"
    static let events: [EventBody] = [
        .justified(item: item, Justification(auditor: "amara", text: "No tie to Kenji's work")),
        .statement(item: item, Statement(requirement: "A.6.2.6", evidence: "Alert queue: 9 of 14 unassigned", gap: "Alerts not reviewed")),
        .evidenceAdded(EvidenceReference(id: 1, item: item, type: .record, reference: "Alert queue export")),
        .evidenceAdded(EvidenceReference(id: 2, item: item, type: .document, reference: "Wrong document")),
        .evidenceRemoved(id: 2, reason: "cited in error"),
        .evidenceEdited(id: 1, EvidenceEdit(description: "14 alerts")),
        .sampled(item: item, Sample(population: 365, size: 5, method: .random, seed: 7,
                                    selected: Sampler.draw(population: 365, size: 5, method: .random, seed: 7))),
        .actionSet(item: item, CorrectiveAction(owner: "kenji", due: "2027-01-31")),
        .graded(item: item, grade: .minor),
    ]

    /// A workpaper with the events above recorded by amara, closed again.
    func recorded() throws {
        let file = try create()
        file.close()
        let writer = try WorkpaperFile.open(path, forWriting: true)
        for e in Self.events { try writer.append([e], actor: "amara") }
        writer.close()
    }

    func verify() throws -> VerifyReport {
        let file = try WorkpaperFile.open(path, tolerant: true)
        defer { file.close() }
        return file.verify()
    }
}

/// The message of the error `body` throws, or "" when it does not throw.
func failure(_ body: () throws -> Any) -> String {
    do { _ = try body(); return "" } catch { return "\(error)" }
}

@Suite struct WorkpaperFileTests {
    /// Journal times are UTC with milliseconds, in the form the chain hashes.
    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(WorkpaperFile.timestamp(Date(timeIntervalSince1970: 1_795_352_907.256)) == "2026-11-22T13:08:27.256Z")
        #expect(WorkpaperFile.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(WorkpaperFile.timestamp(Date(timeIntervalSince1970: 1_767_225_599.9999)) == "2025-12-31T23:59:59.999Z")
    }

    @Test func newWorkpaperIsIdentifiedWalAndFull() throws {
        let s = try Scratch()
        let file = try s.create()
        defer { file.close() }
        let pragmas = try file.db.read { db in
            [try String.fetchOne(db, sql: "PRAGMA application_id"), try String.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"), try String.fetchOne(db, sql: "PRAGMA synchronous"),
             try String.fetchOne(db, sql: "SELECT count(*) FROM checklist")]
        }
        #expect(pragmas == ["\(Schema.applicationID)", "\(Schema.version)", "wal", "2", "1"])
        #expect(try file.db.read { try String.fetchOne($0, sql: "SELECT source FROM programme") } == minimalProgramme)
        #expect(file.head.seq == 1)
        #expect(file.state.created?.audit == "IA-1")
        #expect(try file.journal().first?.actor == "amara")
    }

    @Test func refusesToOverwrite() throws {
        let s = try Scratch()
        try s.create().close()
        #expect(throws: WorkpaperError.self) { try s.create() }
        do { _ = try s.create() } catch let e as WorkpaperError { #expect(e.exitCode == 73) }
    }

    @Test func opensAFileMadeByTheOlderSchema() throws {
        let s = try Scratch()
        try WorkpaperFile.build(programmePath: s.programme, auditID: "IA-1", at: s.path, upToSchema: 1)
        let raw = try DatabaseQueue(path: s.path)
        #expect(try raw.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)
        #expect(try raw.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'evidence_by_item'") } == 0)
        try raw.close()
        let file = try WorkpaperFile.open(s.path, forWriting: true)
        #expect(try file.db.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == Schema.version)
        #expect(try file.db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'evidence_by_item'") } == 1)
        try file.append(Scratch.events, actor: "amara")
        file.close()
        #expect(try s.verify().ok)
    }

    /// A schema-2 workpaper kept its corrective action as owner and due only: after the upgrade the
    /// full record in the state tables holds them.
    @Test func anActionOfSchema2SurvivesTheUpgrade() throws {
        let s = try Scratch()
        try WorkpaperFile.build(programmePath: s.programme, auditID: "IA-1", at: s.path, upToSchema: 2)
        let raw = try DatabaseQueue(path: s.path)
        try raw.write { db in
            try db.execute(sql: "INSERT INTO item_state (item, grade, action_owner, action_due) VALUES (?, 'minor', 'kenji', '2027-01-31')",
                           arguments: [Scratch.item])
        }
        try raw.close()
        let file = try WorkpaperFile.open(s.path, forWriting: true, stateFrom: .tables)
        #expect(file.state.record(Scratch.item).action == CorrectiveAction(owner: "kenji", due: "2027-01-31"))
        file.close()
    }

    /// Where an older workpaper cannot be upgraded, verify compares the columns it has.
    @Test func stateTablesOfSchema2CompareWithoutTheNewColumns() throws {
        let s = try Scratch()
        try WorkpaperFile.build(programmePath: s.programme, auditID: "IA-1", at: s.path, upToSchema: 2)
        let raw = try DatabaseQueue(path: s.path)
        defer { try? raw.close() }
        var state = WorkpaperState()
        #expect(try raw.read { try StateTables.differences(from: state, $0) } == [])
        state.apply(.graded(item: Scratch.item, grade: .minor))
        #expect(try raw.read { try StateTables.differences(from: state, $0) } == ["table item_state has no row for '\(Scratch.item)', which the journal records"])
    }

    /// A workpaper of schema 5 gets each checklist row's detail and the audit's facts at its next
    /// writable open, derived from its snapshot: the screen then opens from its tables alone.
    @Test func olderWorkpapersGetWhatTheScreenOpensFrom() throws {
        let s = try Scratch()
        try WorkpaperFile.build(programmePath: s.programme, auditID: "IA-1", at: s.path, upToSchema: 5)
        try WorkpaperFile.open(s.path, forWriting: true).close()
        let tables = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { tables.close() }
        let full = try WorkpaperFile.open(s.path)
        defer { full.close() }
        let read = try tables.screenTables(), derived = try full.screenTables()
        #expect(read.facts == derived.facts)
        #expect(read.analysis.checklist.map(\.key) == derived.analysis.checklist.map(\.key))
        // The open reads the verdicts' rules and levels; an item's verdicts come whole when it is shown.
        func levels(_ verdicts: [Verdict]) -> [String] { verdicts.map { "\($0.auditor) \($0.item) \($0.rule) \($0.level)" }.sorted() }
        #expect(levels(read.analysis.verdicts) == levels(derived.analysis.verdicts))
        #expect(read.analysis.verdicts.allSatisfy { $0.reason.isEmpty })
        for item in derived.analysis.checklist {
            #expect(tables.detail(of: item.key.description) == full.detail(of: item.key.description), "\(item.key)")
            let key = item.key.description
            #expect(tables.verdicts(on: key).sorted { "\($0)" < "\($1)" } == full.verdicts(on: key).sorted { "\($0)" < "\($1)" }, "\(key)")
        }
        #expect(!derived.analysis.verdicts.isEmpty && derived.analysis.verdicts.allSatisfy { !$0.reason.isEmpty })
        #expect(try s.verify().ok)
    }

    @Test func refusesNewerSchemaAndForeignFiles() throws {
        let s = try Scratch()
        try s.create().close()
        try s.tamper("PRAGMA user_version = 99")
        #expect(failure { try WorkpaperFile.open(s.path) }.contains("made by a newer aimsaudit (workpaper schema 99"))

        let other = s.dir.appendingPathComponent("other.db").path
        let db = try DatabaseQueue(path: other)
        try db.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        try db.close()
        #expect(failure { try WorkpaperFile.open(other) }.contains("a SQLite database but not an aimsaudit workpaper"))
        #expect(failure { try WorkpaperFile.open(s.programme) }.contains("not an aimsaudit workpaper"))
    }

    @Test func stateSurvivesReopeningAndEqualsTheFoldOfTheJournal() throws {
        let s = try Scratch()
        try s.recorded()
        let file = try WorkpaperFile.open(s.path)
        defer { file.close() }
        let r = file.state.record(Scratch.item)
        #expect(r.grade == .minor)
        #expect(r.statement.gap == "Alerts not reviewed")
        #expect(r.action == CorrectiveAction(owner: "kenji", due: "2027-01-31"))
        #expect(file.state.evidence(on: Scratch.item).map(\.reference) == ["Alert queue export"])
        #expect(file.state.evidence[1]?.description == "14 alerts")
        #expect(r.sample?.selected == Sampler.draw(population: 365, size: 5, method: .random, seed: 7))
        #expect(try file.journal().count == 1 + Scratch.events.count)
        #expect(file.state == WorkpaperState.fold(authored: ([file.state.created.map(EventBody.created)!] + Scratch.events).map { (actor: "amara", body: $0) }))
    }

    /// A save that fails inside its transaction leaves the state in memory as it was, so that
    /// what the screen shows never runs ahead of what is on disk.
    @Test func failedSaveLeavesTheStateAsItWas() throws {
        let s = try Scratch()
        try s.recorded()
        let file = try WorkpaperFile.open(s.path, forWriting: true)
        defer { file.close() }
        // Planted after the open (a workpaper that holds it is not opened for writing).
        try s.tamper("CREATE TRIGGER refuse BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'refused'); END")
        let before = file.state, head = file.head
        let next = file.state.nextEvidenceID
        #expect(throws: WorkpaperError.self) {
            try file.append([.noted(item: Scratch.item, note: "never saved"), .graded(item: "9.2.2", grade: .ofi),
                             .evidenceAdded(EvidenceReference(id: next, item: "9.2.2", type: .document, reference: "never")),
                             .evidenceRemoved(id: 1, reason: "never")], actor: "amara")
        }
        #expect(file.state == before)
        #expect(file.head == head)
        #expect(file.state.nextEvidenceID == next)
    }

    /// The screen's checklist and verdicts, read beside the items' records at the open, are what
    /// a read after the open gives: for the one named, when asked again, and a broken row is said
    /// the same way.
    @Test func screenTablesReadBesideAreTheTablesReadAfter() throws {
        let s = try Scratch()
        try s.recorded()
        func tables(_ file: WorkpaperFile, _ me: String) throws -> (AuditFacts, [ChecklistItem], [Verdict]) {
            let t = try file.screenTables(for: me)
            return (t.facts, t.analysis.checklist, t.analysis.verdicts)
        }
        let after = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { after.close() }
        let beside = try WorkpaperFile.open(s.path, forWriting: true, stateFrom: .tables, screenFor: "amara")
        let (facts, checklist, verdicts) = try tables(beside, "amara")
        let (facts2, checklist2, verdicts2) = try tables(after, "amara")
        #expect(facts == facts2 && checklist == checklist2 && verdicts == verdicts2 && !verdicts.isEmpty)
        #expect(verdicts.allSatisfy { $0.auditor == "amara" })
        // Asked for someone else (nobody named: the whole team's), it is read then.
        let (_, _, everyone) = try tables(beside, "")
        #expect(everyone == (try tables(after, "")).2)
        #expect(try tables(beside, "amara").2 == verdicts)
        beside.close()

        try s.tamper("UPDATE checklist SET item = 'not a key@' WHERE position = 1")
        let broken = try WorkpaperFile.open(s.path, stateFrom: .tables, screenFor: "amara")
        defer { broken.close() }
        #expect { try broken.screenTables(for: "amara") } throws: { "\($0)".contains("a checklist or verdict row is not as aimsaudit writes it") }
    }

    /// The screen starts from the state tables; they must give exactly the fold of the journal:
    /// the items' records at the open, an item's references when it is read.
    @Test func stateReadFromTheTablesEqualsTheFold() throws {
        let s = try Scratch()
        try s.recorded()
        let folded = try WorkpaperFile.open(s.path)
        defer { folded.close() }
        let read = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { read.close() }
        #expect(read.state.items == folded.state.items && read.state.created == folded.state.created)
        #expect(read.state.evidence.isEmpty)
        let items = folded.analysis.checklist.map(\.key.description) + ["no such item"]
        #expect(read.evidenceCounts(on: items) == folded.evidenceCounts(on: items) && read.evidenceCount(on: Scratch.item) == 1)
        #expect(read.evidenceCounts(on: items)?[Scratch.item] == 1 && read.evidenceCounts(on: items)?["no such item"] == 0)
        #expect(read.readEvidence(on: Scratch.item) == folded.state.evidence(on: Scratch.item))
        #expect(read.state.evidence.count == 2 && read.state.evidence[2]?.removed == true)
        #expect(read.state == folded.state)
        #expect(read.head == folded.head)
        #expect(read.state.nextEvidenceID == folded.state.nextEvidenceID)
    }

    @Test func rebuildFromTheJournalGivesIdenticalTables() throws {
        let s = try Scratch()
        try s.recorded()
        func dump() throws -> [String] {
            let db = try DatabaseQueue(path: s.path)
            defer { try? db.close() }
            return try db.read { db in
                try StateTables.all.flatMap { t in
                    try Row.fetchAll(db, sql: "SELECT * FROM \(t.name) ORDER BY 1, 2").map { "\(t.name) \($0)" }
                }
            }
        }
        let before = try dump()
        #expect(before.count == 1 + 1 + 2)   // item_state, justification, evidence × 2
        let file = try WorkpaperFile.open(s.path, forWriting: true)
        try file.rebuildState()
        file.close()
        #expect(try dump() == before)
        #expect(try s.verify().ok)
    }

    @Test func secondWriterIsRefusedNamingTheHolder() throws {
        let s = try Scratch()
        try s.create().close()
        let first = try WorkpaperFile.open(s.path, forWriting: true)
        do {
            _ = try WorkpaperFile.open(s.path, forWriting: true)
            Issue.record("a second writer got in")
        } catch {
            #expect(error.exitCode == 75)
            #expect("\(error)".contains("is open for writing by process \(getpid()) on \(ProcessInfo.processInfo.hostName) since 20"))
        }
        // Readers are not kept out.
        #expect(try WorkpaperFile.open(s.path).state.created != nil)
        first.close()
        try WorkpaperFile.open(s.path, forWriting: true).close()
    }

    @Test func lockLeftByAKilledProcessIsRecovered() throws {
        let s = try Scratch()
        try s.create().close()
        // What a killed writer leaves: the lock file with its details, but no kernel lock on it.
        let lock = WriterLock.path(of: try #require(FileIdentity(s.path)))
        try "pid=999999\nhost=elsewhere\nsince=2026-01-01T00:00:00Z\n".write(toFile: lock, atomically: false, encoding: .utf8)
        let file = try WorkpaperFile.open(s.path, forWriting: true)
        try file.append([.noted(item: Scratch.item, note: "after a crash")], actor: "amara")
        file.close()
        #expect(!FileManager.default.fileExists(atPath: lock))
    }

    /// The lock is kept outside the user's folder, and its file is gone once the writer closes.
    @Test func theLockLeavesNothingInTheWorkpapersFolder() throws {
        let s = try Scratch()
        try s.create().close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        let lock = WriterLock.path(of: try #require(FileIdentity(s.path)))
        #expect(FileManager.default.fileExists(atPath: lock))
        #expect(!lock.hasPrefix(s.dir.path))
        try writer.append([.noted(item: Scratch.item, note: "x")], actor: "amara")
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir.path).allSatisfy { !$0.hasSuffix(".lock") })
        writer.close()
        #expect(!FileManager.default.fileExists(atPath: lock))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.dir.path).sorted() == ["IA-1.aimsaudit", "programme.yaml"])
    }

    /// Writers that take the lock in turns, as fast as they can, are never two at once — even as
    /// each removes the lock file on letting go while another has just opened it, and writers of
    /// another workpaper clear away lock files no one holds. One refused is told a live holder.
    @Test func writersTakingTheLockInTurnsAreNeverTwoAtOnce() throws {
        let workpapers = try [Scratch(), Scratch()]
        for s in workpapers { try s.create().close() }
        let inside = [Counter(), Counter()], overlaps = Counter(), turns = Counter(), deadHolders = Counter()
        // Six writers of one workpaper, two of another.
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            let w = thread < 6 ? 0 : 1
            for _ in 0..<1000 {
                let lock: WriterLock
                do { lock = try WriterLock.acquire(for: workpapers[w].path, now: "now") } catch {
                    if case .held(let holder)? = error as? WriterLock.Failure, holder.pid != getpid() { _ = deadHolders.add(1) }
                    continue
                }
                if inside[w].add(1) > 1 { _ = overlaps.add(1) }
                _ = turns.add(1)
                usleep(20)   // a writer's turn takes a moment
                _ = inside[w].add(-1)
                lock.release()
            }
        }
        #expect(overlaps.value == 0, "\(overlaps.value) of \(turns.value) turns had two writers")
        #expect(deadHolders.value == 0, "\(deadHolders.value) refusals named no live holder")
        #expect(turns.value > 100)
    }

    /// A killed writer's lock file (no one holds it) is removed by the next writer, of any
    /// workpaper; a lock file someone holds is left alone.
    @Test func lockFilesLeftByKilledWritersAreClearedAway() throws {
        let left = try Scratch(), held = try Scratch(), next = try Scratch()
        for s in [left, held, next] { try s.create().close() }
        let leftover = WriterLock.path(of: try #require(FileIdentity(left.path)))
        try "pid=999999\nhost=elsewhere\nsince=2026-01-01T00:00:00Z\n".write(toFile: leftover, atomically: false, encoding: .utf8)
        let holder = try WorkpaperFile.open(held.path, forWriting: true)
        defer { holder.close() }
        let heldLock = WriterLock.path(of: try #require(FileIdentity(held.path)))
        try WorkpaperFile.open(next.path, forWriting: true).close()
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(FileManager.default.fileExists(atPath: heldLock))
        #expect(failure { try WorkpaperFile.open(held.path, forWriting: true) }.contains("is open for writing by process \(getpid())"))
    }

    @Test func readOnlyOpenCannotAppend() throws {
        let s = try Scratch()
        let file = try s.create()
        #expect(throws: WorkpaperError.self) { try file.append([.noted(item: Scratch.item, note: "x")], actor: "amara") }
        file.close()
    }

    @Test func fileHashStreamsAcrossChunks() throws {
        let s = try Scratch()
        let url = s.dir.appendingPathComponent("big.bin")
        var bytes = [UInt8](repeating: 0, count: 3 * (1 << 20) + 123)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        try Data(bytes).write(to: url)
        var calls = 0
        let (hex, size) = try FileHash.sha256(path: url.path) { _ in calls += 1 }
        #expect(size == Int64(bytes.count))
        #expect(calls == 4)
        #expect(hex == FileHash.hex(Array(Data(bytes).sha256Digest)))
    }
}

import Crypto
extension Data {
    var sha256Digest: [UInt8] { Array(SHA256.hash(data: self)) }
}

/// A count shared by threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    /// Adds `d` and returns the new value.
    func add(_ d: Int) -> Int { lock.lock(); defer { lock.unlock() }; n += d; return n }
    var value: Int { add(0) }
}

extension WorkpaperFileTests {
    /// A workpaper of schema 7 keeps who recorded what only in its journal (every event names its
    /// actor): read where it is, its state has it; its first writer upgrades it (schema 8) and
    /// fills the state tables from the journal; it verifies before and after, and the screen's
    /// open from the tables finds the change made to another auditor's grade.
    @Test func whoGradedWhatOfASchema7WorkpaperComesFromItsJournal() throws {
        let s = try Scratch()
        let file = try s.create()
        file.close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        try writer.append(Array(Scratch.events.prefix(2)) + [.graded(item: Scratch.item, grade: .major)], actor: "olivia")
        // Changed by another auditor before reasons were asked for.
        try writer.append([.graded(item: Scratch.item, grade: .minor)], actor: "amara")
        writer.close()
        let expected = Revision(part: "grade", from: "major", fromBy: "olivia", to: "minor", by: "amara")
        // As schema 7 made it: no author or provenance column.
        try s.tamper("DROP TABLE audit_record; ALTER TABLE item_state DROP COLUMN provenance; ALTER TABLE item_state DROP COLUMN author; ALTER TABLE justification DROP COLUMN approved_by; PRAGMA user_version = 7")
        let old = try WorkpaperFile.open(s.path, tolerant: true)
        #expect(old.state.record(Scratch.item).provenance?.revisions == [expected])
        #expect(old.verify().problems == [])
        old.close()
        try WorkpaperFile.open(s.path, forWriting: true).close()
        let upgraded = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { upgraded.close() }
        #expect(upgraded.state.record(Scratch.item).provenance?.revisions == [expected])
        #expect(upgraded.state.record(Scratch.item).provenance?.authors["grade"] == "amara")
        let checked = try WorkpaperFile.open(s.path, tolerant: true)
        defer { checked.close() }
        #expect(checked.verify().problems == [])
    }

    /// A workpaper of schema 8 has no table for the audit's record beyond findings (it could hold
    /// none of those events): read where it is, it verifies; its first writer upgrades it to
    /// schema 9, keeping what it holds, and a meeting then recorded is in the new table, which the
    /// screen's open reads and verify compares.
    @Test func aSchema8WorkpaperGetsTheAuditsRecordTable() throws {
        let s = try Scratch()
        try s.recorded()
        try s.tamper("DROP TABLE audit_record; PRAGMA user_version = 8")
        let old = try WorkpaperFile.open(s.path, tolerant: true)
        #expect(old.verify().problems == [])
        let before = old.state.record(Scratch.item)
        old.close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        #expect(try writer.db.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 9)
        let meeting = Meeting(kind: .opening, date: "2026-11-23", time: "09:00", attendees: ["amara"])
        try writer.append([.meeting(meeting)], actor: "amara")
        writer.close()
        let tables = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { tables.close() }
        #expect(tables.state.auditRecord.meetings == [meeting])
        #expect(tables.state.record(Scratch.item) == before)
        #expect(try s.verify().problems == [])
    }
}
