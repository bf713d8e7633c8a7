import AuditCore
import Foundation

/// A sync folder (a USB stick, a shared drive, a git clone) holds one append-only file per
/// replica, `REPLICA.aimsaudit-events`, written by that replica alone, and the attached files
/// under `attachments/SHA256`, each written once. The format is in docs/team.md:
/// a header line, then one event a line, both JSON objects.
public enum EventFile {
    public static let suffix = ".aimsaudit-events"
    public static let format = "aimsaudit-events"
    public static let version = 1

    struct Header: Codable, Equatable {
        var format: String
        var version: Int
        var audit: String
        var first: String
        var replica: String
        var person: String
    }

    struct Line: Codable {
        var replica: String
        var rseq: Int
        var id: String
        var time: String
        var actor: String
        var type: String
        var payload: String
        var clock: String?
        var target: String?
        var prev: String
        var hash: String
        var sig: String?
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func text<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }

    static func line(_ e: JournalEntry) -> String {
        text(Line(replica: e.replica, rseq: e.rseq, id: e.id, time: e.time, actor: e.actor, type: e.type, payload: e.payload,
                  clock: e.clock, target: e.target, prev: e.prevHash, hash: e.hash, sig: e.sig))
    }

    /// A file's events, checked line by line: its header, each line whole and readable, each
    /// event of the file's replica, in its chain, unchanged since it was recorded. The first
    /// fault refuses the whole file, named as FILE:LINE.
    public static func read(_ data: Data, name: String) throws(WorkpaperError) -> (replica: String, person: String, audit: String, first: String, entries: [JournalEntry]) {
        guard let text = String(data: data, encoding: .utf8) else { throw .notAWorkpaper("\(name):1: not UTF-8 text; not an aimsaudit events file") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() } else if !lines.isEmpty {
            throw .notAWorkpaper("\(name):\(lines.count): the line is cut short (no line end): the file was not written whole; refused")
        }
        guard let headerLine = lines.first, let header = try? JSONDecoder().decode(Header.self, from: Data(headerLine.utf8)),
              header.format == format else {
            throw .notAWorkpaper("\(name):1: not an aimsaudit events file (its first line is not the header)")
        }
        guard header.version == version else {
            throw .notAWorkpaper("\(name):1: events file version \(header.version); this aimsaudit reads version \(version): upgrade aimsaudit")
        }
        guard ReplicaName.valid(header.replica) else { throw .notAWorkpaper("\(name):1: '\(header.replica)' is not a replica's name") }
        var entries: [JournalEntry] = []
        var previous = (rseq: 0, hash: WorkpaperFile.genesisHash)
        for (i, raw) in lines.dropFirst().enumerated() {
            let at = "\(name):\(i + 2)"
            guard let l = try? JSONDecoder().decode(Line.self, from: Data(raw.utf8)) else {
                throw .notAWorkpaper("\(at): not an event (unreadable JSON or a field missing); the file was cut or edited; refused")
            }
            let e = JournalEntry(seq: l.rseq, id: l.id, time: l.time, actor: l.actor, type: l.type, payload: l.payload, prevHash: l.prev,
                                 hash: l.hash, replica: l.replica, rseq: l.rseq, clock: l.clock, target: l.target, sig: l.sig)
            guard e.replica == header.replica else {
                throw .notAWorkpaper("\(at): an event of replica \(e.replica) in the file of replica \(header.replica); refused")
            }
            if let why = WorkpaperFile.chainProblem(e, after: previous, expecting: e.seq, shared: true) {
                throw .notAWorkpaper("\(at): \(why); the file was edited; refused")
            }
            if let clock = e.clock, ReplicaClock.decode(clock) == nil {
                throw .notAWorkpaper("\(at): its record of the other replicas cannot be read; refused")
            }
            previous = (e.rseq, e.hash)
            entries.append(e)
        }
        return (header.replica, header.person, header.audit, header.first, entries)
    }
}

/// What a sync did.
public struct SyncResult: Sendable {
    public var written = 0
    public var merged = MergeResult()
    public var files = 0
    /// Events in the folder left for a later sync: their authors had seen events not there yet.
    public var waiting = 0
}

extension WorkpaperFile {
    /// Writes this replica's events that `directory` lacks into its own file there (replaced
    /// whole by a longer one: what was in it stays as it was), with the files they attach, then
    /// merges every other replica's file found there.
    public func sync(with directory: String) throws(WorkpaperError) -> SyncResult {
        var result = SyncResult()
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw .noInput("cannot sync with \(directory): no such folder")
        }
        let me = replica
        let entries: [JournalEntry]
        do { entries = try db.read { db in try Self.teamEntries(db) } } catch { throw .io("cannot read the journal of \(path): \(error)") }
        guard let first = entries.first else { throw .notAWorkpaper("\(path) has no journal") }
        let dir = URL(fileURLWithPath: directory)
        let own = dir.appendingPathComponent(me.name + EventFile.suffix)
        let mine = entries.filter { $0.replica == me.name }.sorted { $0.rseq < $1.rseq }

        // 1. Our own file: what it holds must be our chain's beginning.
        var held = 0
        var text = EventFile.text(EventFile.Header(format: EventFile.format, version: EventFile.version, audit: audit.id,
                                                   first: first.hash, replica: me.name, person: me.person))
        if let data = fm.contents(atPath: own.path) {
            let found = try EventFile.read(data, name: own.path)
            for (i, e) in found.entries.enumerated() where i >= mine.count || mine[i].hash != e.hash {
                throw .notAWorkpaper("\(own.path):\(i + 2): this replica's file holds an event this workpaper does not; it was written by another copy of this workpaper; nothing was synced")
            }
            held = found.entries.count
            text = String(decoding: data, as: UTF8.self)
        }
        // Attached files first: an events file never names a file the folder lacks.
        let attachments = dir.appendingPathComponent("attachments")
        for e in mine.dropFirst(held) {
            guard case .evidenceAdded(let r)? = try? EventCodec.decode(type: e.type, payload: e.payload), let f = r.file, f.attached == true else { continue }
            let target = attachments.appendingPathComponent(f.sha256)
            guard !fm.fileExists(atPath: target.path) else { continue }
            guard let data = attachment(f.sha256) else { throw .notAWorkpaper("\(path): the attached file of \(r.label) is missing from the workpaper") }
            do { try fm.createDirectory(at: attachments, withIntermediateDirectories: true) } catch {
                throw .cannotCreate("cannot create \(attachments.path): \(error.localizedDescription)")
            }
            try AtomicFile.write(data, to: target.path)
        }
        if mine.count > held {
            for e in mine.dropFirst(held) { text += EventFile.line(e) }
            try AtomicFile.write(Data(text.utf8), to: own.path)
            result.written = mine.count - held
        }

        // 2. Everyone else's files.
        let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(EventFile.suffix) && $0 != own.lastPathComponent }.sorted()
        var incoming: [JournalEntry] = []
        for name in names {
            let file = dir.appendingPathComponent(name)
            guard let data = fm.contents(atPath: file.path) else { throw .noInput("cannot read \(file.path)") }
            let found = try EventFile.read(data, name: file.path)
            guard found.first == first.hash else {
                throw .notAWorkpaper("\(file.path):1: it holds events of another audit (\(found.audit), first event \(found.first.prefix(12))…) than \(path) (\(audit.id), first event \(first.hash.prefix(12))…); nothing was synced")
            }
            guard name == found.replica + EventFile.suffix else {
                throw .notAWorkpaper("\(file.path):1: the file of replica \(found.replica) under another name; refused")
            }
            incoming += found.entries
            result.files += 1
        }
        // The first replica's first event is in every workpaper; the others' files need it to be read.
        if !incoming.contains(where: { $0.hash == first.hash }) { incoming.insert(first, at: 0) }
        var blobs: [String: Data] = [:]
        for e in incoming {
            guard case .evidenceAdded(let r)? = try? EventCodec.decode(type: e.type, payload: e.payload), let f = r.file, f.attached == true,
                  let data = fm.contents(atPath: attachments.appendingPathComponent(f.sha256).path) else { continue }
            blobs[f.sha256] = data
        }
        // Events held here already make the others' chains whole (a replica's file may be read
        // before the files of replicas it had seen).
        let known = Set(incoming.map(\.hash))
        let (ready, waiting) = Self.causallyComplete(incoming + entries.filter { !known.contains($0.hash) })
        result.waiting = waiting
        result.merged = try merge(Incoming(source: directory, entries: ready, attachments: blobs))
        return result
    }

    /// The events whose author had seen nothing missing here, and how many wait for events of
    /// replicas whose files are not in the folder yet (a replica met by mail, say, that has not synced).
    static func causallyComplete(_ entries: [JournalEntry]) -> ([JournalEntry], Int) {
        var byReplica: [String: [JournalEntry]] = [:]
        for e in entries { byReplica[e.replica, default: []].append(e) }
        for k in byReplica.keys { byReplica[k]!.sort { $0.rseq < $1.rseq } }
        var taken: [String: Int] = [:]
        var changed = true
        while changed {
            changed = false
            for (name, list) in byReplica {
                var n = taken[name] ?? 0
                while n < list.count, list[n].rseq == n + 1,
                      (list[n].clock.flatMap(ReplicaClock.decode) ?? [:]).allSatisfy({ (taken[$0.key] ?? 0) >= $0.value }) {
                    n += 1
                    changed = true
                }
                taken[name] = n
            }
        }
        let ready = byReplica.flatMap { name, list in list.prefix(taken[name] ?? 0) }
        return (ready, entries.count - ready.count)
    }
}
