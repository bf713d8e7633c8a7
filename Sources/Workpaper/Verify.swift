import AuditCore
import Foundation
import GRDB

/// What `verify` found: the chain, the state tables, the snapshot and the cited files.
public struct VerifyReport: Sendable {
    /// Problems in words; the first one about the chain names the first broken link.
    public var problems: [String] = []
    public var events = 0
    public var headHash = ""
    public var headTime = ""
    public var filesChecked = 0
    public var ok: Bool { problems.isEmpty }
}

extension WorkpaperFile {
    /// Runs SQLite's integrity check and compares the schema with the one aimsaudit makes;
    /// re-walks the hash chain, folds the journal and compares the state tables with it, checks the
    /// programme snapshot against the hash in the first event, derives the checklist and verdicts
    /// again from it, checks the `meta` rows, and re-hashes every cited local file.
    public func verify() -> VerifyReport {
        var report = VerifyReport()
        // 0. The file as SQLite sees it, and its schema against the one aimsaudit makes.
        report.problems += structureProblems()
        // 1-3. The journal, read as a stream, row by row: the chain up to its first broken link,
        // each event decoded and folded (nothing of it is held all at once).
        var folded = WorkpaperState()
        var first: JournalEntry?, last: JournalEntry?
        var created: EventBody.Created?
        var previous = Self.genesisHash
        var expectedSeq = 1
        var chainIntact = true
        do {
            try db.read { db in
                try RawRows.each(db, "SELECT seq, id, time, actor, type, payload, prev_hash, hash FROM journal ORDER BY seq") { c in
                    let e = JournalEntry(seq: c.int(0), id: c.text(1), time: c.text(2), actor: c.text(3), type: c.text(4),
                                         payload: c.text(5), prevHash: c.text(6), hash: c.text(7))
                    if first == nil { first = e }
                    last = e
                    report.events += 1
                    if chainIntact, let problem = Self.chainProblem(e, after: previous, expecting: expectedSeq) {
                        report.problems.append(problem)
                        chainIntact = false
                    }
                    previous = e.hash
                    expectedSeq += 1
                    do {
                        let body = try EventCodec.decode(type: e.type, payload: e.payload)
                        if e.seq == first?.seq, case .created(let c) = body { created = c }
                        folded.apply(body)
                    } catch {
                        report.problems.append("event \(e.seq): \((error as? EventCodec.DecodeError).map(\.description) ?? "\(error)")")
                    }
                }
            }
        } catch {
            report.problems.append("the journal cannot be read: \(error)")
            return report
        }
        report.headHash = last?.hash ?? Self.genesisHash
        report.headTime = last?.time ?? ""

        // The programme snapshot against the hash its creation event recorded.
        if let created {
            let stored = (try? db.read { db in try String.fetchOne(db, sql: "SELECT source FROM programme WHERE id = 1") }) ?? nil
            if FileHash.sha256(stored ?? "") != created.programmeSHA256 {
                report.problems.append("the programme snapshot was changed after the workpaper was created (its SHA-256 no longer matches event 1)")
            }
        } else {
            report.problems.append("the journal does not start with the workpaper's creation")
        }

        // 4. State tables against the fold of the journal.
        do {
            report.problems += try db.read { db in try StateTables.differences(from: folded, db) }.prefix(20)
        } catch {
            report.problems.append("the state tables cannot be read: \(error)")
        }

        // 5. The checklist and verdicts derived again from the snapshot; the meta and programme
        // rows against the journal and the snapshot.
        report.problems += derivedProblems(ends: (first, last), created: created, folded: folded)

        // 6. Cited local files, re-hashed: those that were in the workpaper's folder where the
        // workpaper is now, the others where they were cited.
        for e in folded.evidence.values.sorted(by: { $0.id < $1.id }) where !e.removed {
            guard let file = e.file else { continue }
            report.filesChecked += 1
            let location = self.location(of: file)
            guard FileManager.default.fileExists(atPath: location) else {
                report.problems.append(file.relativePath == nil
                    ? "\(e.label) on \(e.item): the cited file \(file.path) is missing (\(file.absolutePath))"
                    : "\(e.label) on \(e.item): the cited file \(file.path) is not found here: there is no \(location) (it is looked for in the workpaper's folder, where it was cited)")
                continue
            }
            guard let now = try? FileHash.sha256(path: location) else {
                report.problems.append("\(e.label) on \(e.item): the cited file \(file.path) cannot be read")
                continue
            }
            if now.hex != file.sha256 {
                report.problems.append("\(e.label) on \(e.item): the cited file \(file.path) changed since it was cited (SHA-256 \(file.sha256.prefix(12))… then, \(now.hex.prefix(12))… now; \(file.size) bytes then, \(now.size) now)")
            }
        }
        return report
    }
}

/// The head of a workpaper's journal at one moment, to hand to the programme owner: a later copy
/// of the workpaper whose chain still passes through this head was only appended to since.
public struct Receipt: Hashable, Sendable, CustomStringConvertible {
    public var audit: String
    public var events: Int
    public var head: String
    public var time: String

    public var description: String {
        "aimsaudit-receipt 1\naudit \(audit)\nevents \(events)\nhead \(head)\ntime \(time)\n"
    }

    public init(audit: String, events: Int, head: String, time: String) {
        self.audit = audit; self.events = events; self.head = head; self.time = time
    }

    /// Reads a receipt as `description` writes it; nil for anything else.
    public init?(_ text: String) {
        var fields: [String: String] = [:]
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.first == "aimsaudit-receipt 1" else { return nil }
        for line in lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let audit = fields["audit"], let events = fields["events"].flatMap(Int.init), let head = fields["head"],
              head.count == 64, let time = fields["time"] else { return nil }
        self.init(audit: audit, events: events, head: head, time: time)
    }
}

extension WorkpaperFile {
    /// Why a journal row does not follow the one before it in the chain, or nil when it does.
    static func chainProblem(_ e: JournalEntry, after previous: String, expecting seq: Int) -> String? {
        let what = "event \(e.seq) (\(e.type) by \(e.actor) at \(e.time))"
        if e.seq != seq {
            return "the journal jumps from event \(seq - 1) to event \(e.seq): \(e.seq - seq) event\(e.seq - seq == 1 ? " was" : "s were") deleted"
        }
        if e.prevHash != previous {
            return "\(what) does not follow the event before it (its previous hash is \(e.prevHash.prefix(12))…, the chain expects \(previous.prefix(12))…): an event was deleted, inserted or moved here"
        }
        let recomputed = chainHash(seq: e.seq, id: e.id, time: e.time, actor: e.actor, type: e.type, payload: e.payload, prevHash: e.prevHash)
        if recomputed != e.hash {
            return "\(what) was changed after it was recorded: its content no longer matches its hash (edited payload, actor, time or type)"
        }
        return nil
    }

    public func receipt(_ report: VerifyReport) -> Receipt {
        Receipt(audit: audit.id, events: report.events, head: report.headHash, time: report.headTime)
    }

    /// Why the journal is not the receipt's journal with events appended, or nil when it is.
    public func mismatch(with receipt: Receipt) -> String? {
        guard receipt.audit == audit.id else { return "the receipt is for audit \(receipt.audit), this workpaper is \(audit.id)" }
        // Two rows' worth read, not the journal: its length and the hash at the receipt's head.
        guard let (count, hash) = try? db.read({ db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM journal") ?? 0,
             try String.fetchOne(db, sql: "SELECT hash FROM journal WHERE seq = ?", arguments: [receipt.events]))
        }) else { return "the journal cannot be read" }
        guard count >= receipt.events else {
            return "the journal has \(count) events but the receipt of \(receipt.time) counted \(receipt.events): events were removed since"
        }
        guard receipt.events > 0, hash == receipt.head else {
            return "event \(receipt.events) no longer has the hash the receipt of \(receipt.time) recorded (\(receipt.head.prefix(12))…): the journal was rewritten since"
        }
        return nil
    }
}
