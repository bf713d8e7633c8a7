import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// Creates the workpaper of one audit of a programme file. Refuses to overwrite.
    /// `carrying`: earlier audits' open nonconformities, brought in as re-test items.
    @discardableResult
    public static func create(programmePath: String, auditID: String, at path: String, actor: String? = nil,
                              carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) -> WorkpaperFile {
        try build(programmePath: programmePath, auditID: auditID, at: path, actor: actor, carrying: carrying)
        return try open(path)
    }

    /// Creates the workpaper of a programme already read, without reading or deriving it again:
    /// `source` is the text it was parsed from (kept as the snapshot), `name` its file's name, and
    /// `analysis` its audit as `Derive.analyse(_:in:adding:)` gives it with the carried items added.
    @discardableResult
    public static func create(_ programme: Programme, source: String, name: String, analysis: AuditAnalysis,
                              at path: String, actor: String? = nil,
                              carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) -> WorkpaperFile {
        let audit = analysis.audit
        let (state, head) = try make(programme, audit: audit, source: source, name: name, analysis: analysis, at: path,
                                     actor: actor, carrying: carrying)
        do {
            let db = try DatabaseQueue(path: path, configuration: configuration())
            return WorkpaperFile(path: path, db: db, programme: programme, audit: audit, name: name,
                                 state: state, head: head, lock: nil, analysis: analysis)
        } catch {
            throw .io("cannot open \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    /// Makes the file; `upToSchema` leaves it at an older schema version (for tests of migration).
    static func build(programmePath: String, auditID: String, at path: String, actor: String? = nil,
                      upToSchema: Int? = nil, carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) {
        if FileManager.default.fileExists(atPath: path) {
            throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper (choose another name with -o)")
        }
        let programme: Programme, source: [UInt8]
        do {
            source = try ProgrammeLoader.source(path: programmePath)
            programme = try ProgrammeLoader.parse(source, path: programmePath)
        } catch { throw .badProgramme(error) }
        guard let audit = programme.audit(auditID) else {
            let ids = programme.audits.map(\.id)
            throw .usage("unknown audit '\(auditID)' in \(programmePath)\(Suggest.hint(for: auditID, in: ids)); its audits are \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
        }
        try make(programme, audit: audit, source: String(decoding: source, as: UTF8.self),
                 name: URL(fileURLWithPath: programmePath).lastPathComponent,
                 analysis: Derive.analyse(audit, in: programme, adding: carrying.map(\.0)), at: path, actor: actor,
                 upToSchema: upToSchema, carrying: carrying)
    }

    /// Writes the file, then puts it at `path` (never over another); the state and head it was left with.
    @discardableResult
    static func make(_ programme: Programme, audit: Audit, source text: String, name: String, analysis: AuditAnalysis,
                     at path: String, actor: String?, upToSchema: Int? = nil,
                     carrying: [(ItemKey, CarriedFinding)]) throws(WorkpaperError) -> (WorkpaperState, (seq: Int, hash: String)) {
        if FileManager.default.fileExists(atPath: path) {
            throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper (choose another name with -o)")
        }
        let creator = actor ?? audit.lead
        guard programme.person(creator) != nil else {
            throw .usage("unknown person '\(creator)'\(Suggest.hint(for: creator, in: programme.people.map(\.id)))")
        }
        let textSHA = FileHash.sha256(text)
        var made: (WorkpaperState, (seq: Int, hash: String)) = (WorkpaperState(), (0, genesisHash))
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).creating-\(getpid())").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
        do {
            let db = try DatabaseQueue(path: temp, configuration: configuration())
            try db.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                try WorkpaperFile.prepareForWriting(db)
                try Schema.migrate(db, to: upToSchema ?? Schema.version)
            }
            try db.write { db in
                try db.execute(sql: "INSERT INTO programme (id, name, sha256, source, audit) VALUES (1, ?, ?, ?, ?)",
                               arguments: [name, textSHA, text, audit.id])
                try DerivedTables.write(Derivation(programme, analysis), db)
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('created', ?), ('tool', ?)",
                               arguments: [timestamp(), "aimsaudit \(toolVersion)"])
            }
            let file = WorkpaperFile(path: temp, db: db, programme: programme, audit: audit, name: name,
                                     state: WorkpaperState(), head: (0, genesisHash), lock: nil, analysis: analysis)
            _ = try file.appendUnlocked([.created(.init(audit: audit.id, programmeSHA256: textSHA,
                                                         programmeName: name, tool: "aimsaudit \(toolVersion)"))]
                                        + carrying.map { EventBody.carried(item: $0.0.description, $0.1) },
                                        actor: creator)
            made = (file.state, file.head)
            try db.close()
        } catch let error as WorkpaperError {
            throw error
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
            throw .cannotCreate("cannot create \(path): \(error)")
        }
        try put(temp, at: path)
        return made
    }

    /// Puts a finished file at `path`, never over another: link() refuses an existing name, so a
    /// workpaper that appeared meanwhile is never replaced.
    static func put(_ temp: String, at path: String) throws(WorkpaperError) {
        if link(temp, path) != 0 {
            let code = errno
            // Filesystems without hard links: rename, after checking again that the name is free.
            if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP, !FileManager.default.fileExists(atPath: path),
               rename(temp, path) == 0 {
                return
            }
            try? FileManager.default.removeItem(atPath: temp)
            if code == EEXIST { throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper") }
            throw .cannotCreate("cannot create \(path): \(String(cString: strerror(code)))")
        }
        try? FileManager.default.removeItem(atPath: temp)
    }
}