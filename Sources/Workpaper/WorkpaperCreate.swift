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

    /// Makes the file; `upToSchema` leaves it at an older schema version (for tests of migration).
    static func build(programmePath: String, auditID: String, at path: String, actor: String? = nil,
                      upToSchema: Int? = nil, carrying: [(ItemKey, CarriedFinding)] = []) throws(WorkpaperError) {
        if FileManager.default.fileExists(atPath: path) {
            throw .exists("\(path) already exists; aimsaudit never overwrites a workpaper (choose another name with -o)")
        }
        let programme: Programme
        do { programme = try ProgrammeLoader.load(path: programmePath) } catch { throw .badProgramme(error) }
        guard let audit = programme.audit(auditID) else {
            let ids = programme.audits.map(\.id)
            throw .usage("unknown audit '\(auditID)' in \(programmePath)\(Suggest.hint(for: auditID, in: ids)); its audits are \(ids.isEmpty ? "none" : ids.joined(separator: ", "))")
        }
        let creator = actor ?? audit.lead
        guard programme.person(creator) != nil else {
            throw .usage("unknown person '\(creator)'\(Suggest.hint(for: creator, in: programme.people.map(\.id)))")
        }
        guard let source = FileManager.default.contents(atPath: programmePath) else {
            throw .noInput("cannot read \(programmePath)")
        }
        let text = String(decoding: source, as: UTF8.self)
        let textSHA = FileHash.sha256(text)
        let name = URL(fileURLWithPath: programmePath).lastPathComponent
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
            let analysis = Derive.analyse(audit, in: programme, adding: carrying.map(\.0))
            try db.write { db in
                try db.execute(sql: "INSERT INTO programme (id, name, sha256, source, audit) VALUES (1, ?, ?, ?, ?)",
                               arguments: [name, textSHA, text, audit.id])
                try DerivedTables.write(analysis, db)
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('created', ?), ('tool', ?), (?, ?)",
                               arguments: [timestamp(), "aimsaudit \(toolVersion)", FirstFrame.metaKey, FirstFrame.header(programme, audit)])
                if upToSchema == nil { try ProgrammeImage.store(programme, of: textSHA, in: db) }
            }
            let file = WorkpaperFile(path: temp, db: db, programme: programme, audit: audit, name: name,
                                     state: WorkpaperState(), head: (0, genesisHash), lock: nil)
            _ = try file.appendUnlocked([.created(.init(audit: audit.id, programmeSHA256: textSHA,
                                                         programmeName: name, tool: "aimsaudit \(toolVersion)"))]
                                        + carrying.map { EventBody.carried(item: $0.0.description, $0.1) },
                                        actor: creator)
            try db.close()
        } catch let error as WorkpaperError {
            throw error
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) }
            throw .cannotCreate("cannot create \(path): \(error)")
        }
        // link() refuses an existing name, so a workpaper that appeared meanwhile is never replaced.
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
