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
    /// Cited files recorded on another replica that are not on this machine (a problem only with --strict).
    public var notHere: [String] = []
    /// Fields set two ways and not yet resolved.
    public var conflicts: [FieldConflict] = []
    /// How many replicas the journal holds, and how many events each signer signed.
    public var replicas = 0
    public var signed: [String: Int] = [:]
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
        var expectedSeq = 1
        var chainIntact = true
        // Each replica's chain: its last event seen so far.
        var chains: [String: (rseq: Int, hash: String)] = [:]
        var citedOn: [Int: String] = [:]
        var shared = false
        var team: [TeamEvent] = []
        do {
            shared = try db.read { db in try Self.isShared(db) }
            let entries = try db.read { db in try Self.teamEntries(db) }
            for e in entries {
                if first == nil { first = e }
                last = e
                report.events += 1
                let previous = chains[e.replica] ?? (0, Self.genesisHash)
                if chainIntact, let problem = Self.chainProblem(e, after: previous, expecting: expectedSeq, shared: shared) {
                    report.problems.append(problem)
                    chainIntact = false
                }
                // Events hashed in the first form are the first replica's, named after the first event.
                if chainIntact, e.clock == nil, let first, e.replica != ReplicaName.first(first.hash) {
                    report.problems.append("event \(e.seq) (\(e.type) by \(e.actor) at \(e.time)) names replica \(e.replica), but an event without a record of the other replicas belongs to the first, \(ReplicaName.first(first.hash))")
                    chainIntact = false
                }
                if chainIntact, let clock = e.clock.map({ ReplicaClock.decode($0) }) {
                    if let clock {
                        if let (r, n) = clock.first(where: { ($0.key == e.replica) || (chains[$0.key]?.rseq ?? 0) < $0.value }) {
                            report.problems.append("event \(e.rseq) of replica \(e.replica) (\(e.type) by \(e.actor) at \(e.time)) had seen event \(n) of replica \(r), which the journal does not hold before it")
                            chainIntact = false
                        }
                    } else {
                        report.problems.append("event \(e.rseq) of replica \(e.replica): its record of the other replicas cannot be read")
                        chainIntact = false
                    }
                }
                if let why = signatureProblem(e) { report.problems.append(why) }
                chains[e.replica] = (e.rseq, e.hash)
                expectedSeq += 1
                do {
                    let body = try EventCodec.decode(type: e.type, payload: e.payload)
                    if e.seq == first?.seq, case .created(let c) = body { created = c }
                    if shared {
                        team.append(TeamEvent(stamp: e.stamp, body: body, target: e.target))
                    } else {
                        if case .evidenceAdded(let r) = body { citedOn[r.id] = e.replica }
                        folded.apply(body, by: e.actor)
                    }
                } catch {
                    report.problems.append("event \(e.seq): \(error.description)")
                }
            }
        } catch {
            report.problems.append("the journal cannot be read: \(error)")
            return report
        }
        if shared {
            let fold = TeamState.fold(team)
            folded = fold.state
            citedOn = fold.citedOn
            do {
                let stored = try db.read { db in try Self.storedConflicts(db) }
                if stored != folded.allConflicts {
                    report.problems.append("table conflict does not hold the conflicts the journal gives (\(folded.allConflicts.count) open)")
                }
            } catch {
                report.problems.append("the conflict table cannot be read: \(error)")
            }
        }
        report.conflicts = folded.allConflicts
        report.replicas = chains.count
        let keyed = publicKeys
        if !keyed.isEmpty, let entries = try? db.read({ db in try Self.teamEntries(db) }) {
            for e in entries where keyed[e.actor] != nil && e.sig != nil { report.signed[e.actor, default: 0] += 1 }
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
        let here = replica.name
        for e in folded.evidence.values.sorted(by: { $0.id < $1.id }) where !e.removed {
            guard let file = e.file else { continue }
            report.filesChecked += 1
            if file.attached == true {
                if let problem = attachmentProblem(file) { report.problems.append("\(e.label) on \(e.item): \(problem)") }
                continue
            }
            let location = self.location(of: file)
            let elsewhere = (citedOn[e.id] ?? here) != here
            if elsewhere, !FileManager.default.fileExists(atPath: location) {
                report.notHere.append("\(e.label) on \(e.item): the cited file \(file.path) is not on this machine (cited on another replica)")
                continue
            }
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
    static func chainProblem(_ e: JournalEntry, after previous: (rseq: Int, hash: String), expecting seq: Int, shared: Bool = false) -> String? {
        let what = shared ? "event \(e.rseq) of replica \(e.replica) (\(e.type) by \(e.actor) at \(e.time))" : "event \(e.seq) (\(e.type) by \(e.actor) at \(e.time))"
        if e.seq != seq {
            return "the journal jumps from event \(seq - 1) to event \(e.seq): \(e.seq - seq) event\(e.seq - seq == 1 ? " was" : "s were") deleted"
        }
        if e.prevHash != previous.hash {
            return "\(what) does not follow the event before it (its previous hash is \(e.prevHash.prefix(12))…, the chain expects \(previous.hash.prefix(12))…): an event was deleted, inserted or moved here"
        }
        if e.rseq != previous.rseq + 1 {
            return "\(what) does not follow event \(previous.rseq) of its replica: its place in the chain was changed"
        }
        if e.recomputedHash != e.hash {
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
