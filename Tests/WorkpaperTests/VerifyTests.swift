import AuditCore
import Foundation
import GRDB
import Testing
@testable import Workpaper

/// `verify` against a workpaper changed with raw SQL behind the tool's back.
@Suite struct VerifyTests {
    func tampered(_ sql: String) throws -> VerifyReport {
        let s = try Scratch()
        try s.recorded()
        #expect(try s.verify().ok)
        try s.tamper(sql)
        return try s.verify()
    }

    @Test func intactWorkpaperVerifies() throws {
        let s = try Scratch()
        try s.recorded()
        let r = try s.verify()
        #expect(r.ok, "\(r.problems)")
        #expect(r.events == 1 + Scratch.events.count)
    }

    @Test(arguments: [
        ("payload", "UPDATE journal SET payload = replace(payload, 'minor', 'ofi') WHERE seq = 10"),
        ("actor", "UPDATE journal SET actor = 'olivia' WHERE seq = 4"),
        ("time", "UPDATE journal SET time = '2026-01-01T00:00:00.000Z' WHERE seq = 3"),
        ("type", "UPDATE journal SET type = 'finding.noted' WHERE seq = 3"),
    ])
    func editedEventIsNamed(field: String, sql: String) throws {
        let r = try tampered(sql)
        let seq = sql.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)
        #expect(r.problems.first?.hasPrefix("event \(seq) (") == true, "\(field): \(r.problems)")
        #expect(r.problems.first?.contains("was changed after it was recorded") == true, "\(field)")
    }

    @Test func deletedEventInTheMiddle() throws {
        let r = try tampered("DELETE FROM journal WHERE seq = 5")
        #expect(r.problems.first == "the journal jumps from event 4 to event 6: 1 event was deleted")
    }

    @Test func deletedLastEvents() throws {
        let r = try tampered("DELETE FROM journal WHERE seq >= 9")
        #expect(r.problems.contains("the journal ends at event 8 but the workpaper recorded 10 events: the last 2 were deleted"))
    }

    @Test func deletedAndRenumberedEventBreaksTheChain() throws {
        let r = try tampered("DELETE FROM journal WHERE seq = 5; UPDATE journal SET seq = seq - 1 WHERE seq > 5")
        #expect(r.problems.first?.hasPrefix("event 5 (") == true)
        #expect(r.problems.first?.contains("does not follow the event before it") == true)
    }

    @Test func insertedEvent() throws {
        let r = try tampered("""
            UPDATE journal SET seq = seq + 100 WHERE seq > 4; UPDATE journal SET seq = seq - 99 WHERE seq > 100;
            INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash)
              SELECT 5, 'forged', time, 'olivia', 'finding.noted', '{"item":"A.6.2.6@claimsort","note":"forged"}', hash, hash
              FROM journal WHERE seq = 4
            """)
        #expect(r.problems.first?.hasPrefix("event 5 (finding.noted by olivia") == true, "\(r.problems)")
    }

    @Test func reorderedEvents() throws {
        let r = try tampered("UPDATE journal SET seq = -1 WHERE seq = 6; UPDATE journal SET seq = 6 WHERE seq = 7; UPDATE journal SET seq = 7 WHERE seq = -1")
        #expect(r.problems.first?.hasPrefix("event 6 (") == true)
        #expect(r.problems.first?.contains("does not follow") == true)
    }

    @Test func stateTableThatDisagreesWithTheJournal() throws {
        let r = try tampered("UPDATE item_state SET grade = 'conform' WHERE item = 'A.6.2.6@claimsort'")
        #expect(r.problems == ["table item_state, row 'A.6.2.6@claimsort': grade is 'conform' but the journal says 'minor'"])
    }

    @Test func stateRowsAddedOrDeleted() throws {
        let added = try tampered("INSERT INTO evidence (id, item, type, reference, removed) VALUES (9, 'A.6.2.6@claimsort', 'record', 'planted', 0)")
        #expect(added.problems == ["table evidence has a row for 9 that no journal event made"])
        let deleted = try tampered("DELETE FROM justification")
        #expect(deleted.problems == ["table justification has no row for 'A.6.2.6@claimsort' / 'amara', which the journal records"])
    }

    @Test func editedProgrammeSnapshot() throws {
        let r = try tampered("UPDATE programme SET source = replace(source, 'owner: ines', 'owner: amara')")
        #expect(r.problems.contains("the programme snapshot was changed after the workpaper was created (its SHA-256 no longer matches event 1)"))
    }

    @Test func changedAndMissingCitedFiles() throws {
        let s = try Scratch()
        let a = s.dir.appendingPathComponent("a.txt"), b = s.dir.appendingPathComponent("b.txt")
        try "first".write(to: a, atomically: true, encoding: .utf8)
        try "second".write(to: b, atomically: true, encoding: .utf8)
        let file = try s.create()
        file.close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        for (id, url) in [(1, a), (2, b)] {
            let (hex, size) = try FileHash.sha256(path: url.path)
            try writer.append([.evidenceAdded(EvidenceReference(id: id, item: Scratch.item, type: .document, reference: "R\(id)",
                file: CitedFile(path: url.lastPathComponent, absolutePath: url.path, sha256: hex, size: size)))], actor: "amara")
        }
        writer.close()
        #expect(try s.verify().ok)
        try "first, changed".write(to: a, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: b)
        let r = try s.verify()
        #expect(r.filesChecked == 2)
        #expect(r.problems.count == 2)
        #expect(r.problems[0].hasPrefix("E1 on A.6.2.6@claimsort: the cited file a.txt changed since it was cited"))
        #expect(r.problems[1].hasPrefix("E2 on A.6.2.6@claimsort: the cited file b.txt is missing"))
    }
}

/// What the chain alone cannot catch, and what a receipt adds.
@Suite struct ReceiptTests {
    /// Rewrites the whole chain after editing one payload, as someone with the tool's code could.
    func rewriteChain(_ s: Scratch, seq: Int, payload: (String) -> String) throws {
        let db = try DatabaseQueue(path: s.path)
        try db.write { db in
            var prev = WorkpaperFile.genesisHash
            for var e in try WorkpaperFile.teamEntries(db) {
                let p = e.seq == seq ? payload(e.payload) : e.payload
                e.payload = p
                e.prevHash = prev
                let h = e.recomputedHash
                try db.execute(sql: "UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", arguments: [p, prev, h, e.seq])
                prev = h
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'head_hash'", arguments: [prev])
            try StateTables.rebuild(WorkpaperState.fold(authored: try WorkpaperFile.journalEntries(db).map { (actor: $0.actor, body: try EventCodec.decode(type: $0.type, payload: $0.payload)) }), db)
        }
        try db.close()
    }

    @Test func receiptProvesOnlyAppendsAndCatchesARewrite() throws {
        let s = try Scratch()
        try s.recorded()
        let file = try WorkpaperFile.open(s.path, tolerant: true)
        let receipt = file.receipt(file.verify())
        file.close()
        #expect(Receipt(receipt.description) == receipt)

        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        try writer.append([.noted(item: Scratch.item, note: "later")], actor: "amara")
        #expect(writer.mismatch(with: receipt) == nil)
        writer.close()

        // A rewritten chain verifies on its own …
        try rewriteChain(s, seq: 3) { $0.replacingOccurrences(of: "Alerts not reviewed", with: "All fine") }
        #expect(try s.verify().ok)
        // … but not against the receipt taken before.
        let after = try WorkpaperFile.open(s.path, tolerant: true)
        defer { after.close() }
        #expect(after.mismatch(with: receipt)?.hasPrefix("event 10 no longer has the hash the receipt") == true)
    }

    @Test func truncatedJournalIsCaught() throws {
        let s = try Scratch()
        try s.recorded()
        let file = try WorkpaperFile.open(s.path, tolerant: true)
        let receipt = file.receipt(file.verify())
        file.close()
        try s.tamper("DELETE FROM journal WHERE seq = 10")
        let after = try WorkpaperFile.open(s.path, tolerant: true)
        defer { after.close() }
        #expect(after.mismatch(with: receipt)?.contains("events were removed since") == true)
    }

    @Test func garbageIsNotAReceipt() {
        #expect(Receipt("hello") == nil)
        #expect(Receipt("aimsaudit-receipt 1\naudit A\nevents x\nhead 00\ntime t\n") == nil)
    }
}

/// Every field of every journal row changed, every row deleted, every row moved: verify catches each.
@Suite struct ExhaustiveTamperTests {
    @Test func everyChangeToEveryRowIsCaught() throws {
        let s = try Scratch()
        try s.recorded()
        let original = try Data(contentsOf: URL(fileURLWithPath: s.path))
        func restore() throws {
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: s.path + suffix) }
            try original.write(to: URL(fileURLWithPath: s.path))
        }
        let rows = 1 + Scratch.events.count
        var cases: [String] = []
        for seq in 1...rows {
            for field in ["id", "time", "actor", "type", "payload", "prev_hash", "hash"] {
                cases.append("UPDATE journal SET \(field) = \(field) || 'x' WHERE seq = \(seq)")
            }
            cases.append("DELETE FROM journal WHERE seq = \(seq)")
            cases.append("UPDATE journal SET seq = \(rows + 5) WHERE seq = \(seq)")
            if seq < rows {
                cases.append("UPDATE journal SET seq = -1 WHERE seq = \(seq); UPDATE journal SET seq = \(seq) WHERE seq = \(seq + 1); UPDATE journal SET seq = \(seq + 1) WHERE seq = -1")
            }
        }
        cases.append("INSERT INTO journal (seq, id, time, actor, type, payload, prev_hash, hash) SELECT \(rows + 1), 'new', time, actor, type, payload, hash, hash FROM journal WHERE seq = \(rows)")
        var missed: [String] = []
        for sql in cases {
            try restore()
            try s.tamper(sql)
            if try s.verify().ok { missed.append(sql) }
        }
        #expect(cases.count == rows * 10 - 1 + 1)
        #expect(missed.isEmpty, "not caught: \(missed)")
    }
}
