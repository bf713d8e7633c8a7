import AuditCore
import Foundation
import GRDB

/// Evidence files kept inside the workpaper (`record --attach`): stored once by their SHA-256,
/// carried by fork, merge and sync, and written out by `evidence extract`.
extension WorkpaperFile {
    /// The largest file that can be attached (a workpaper is mailed and synced whole).
    public static let maxAttachment: Int64 = 256 << 20

    /// Cites a file and keeps a copy of it inside the workpaper (stored when the record is saved).
    public func attach(_ named: String, from directory: String = FileManager.default.currentDirectoryPath) throws(CiteFailure) -> (CitedFile, Data) {
        var cited = try cite(named, from: directory)
        guard cited.size <= Self.maxAttachment else { throw .unreadable("it is larger than \(Self.maxAttachment >> 20) MiB; cite it without --attach") }
        guard let data = FileManager.default.contents(atPath: cited.absolutePath), FileHash.hex(sha256Digest(data)) == cited.sha256 else {
            throw .unreadable("it changed while it was read")
        }
        cited.attached = true
        return (cited, data)
    }

    /// Stores attached files (those already stored are left as they are).
    public func store(attachments: [Data]) throws(WorkpaperError) {
        guard lock != nil else { throw .usage("\(path) is open read-only") }
        do {
            try db.write { db in for data in attachments { try Self.storeAttachment(data, db) } }
        } catch {
            throw .io("cannot save to \(path): \(FileFault.reason(path) ?? "\(error)")")
        }
    }

    static func storeAttachment(_ data: Data, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO attachment (sha256, size, content) VALUES (?, ?, ?)",
                       arguments: [FileHash.hex(sha256Digest(data)), data.count, data])
    }

    /// An attached file's content, nil when the workpaper does not hold it.
    public func attachment(_ sha256: String) -> Data? {
        (try? db.read { db in try Data.fetchOne(db, sql: "SELECT content FROM attachment WHERE sha256 = ?", arguments: [sha256]) }) ?? nil
    }

    /// Why an attached file is not as it was cited, or nil when it is.
    func attachmentProblem(_ file: CitedFile) -> String? {
        guard let data = attachment(file.sha256) else { return "the attached file \(file.path) is not in the workpaper" }
        guard FileHash.hex(sha256Digest(data)) == file.sha256 else { return "the attached file \(file.path) was changed inside the workpaper" }
        return nil
    }

    /// The SHA-256 of every attached file the workpaper holds.
    func attachmentNames(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("attachment") else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT sha256 FROM attachment"))
    }

    /// Writes the attached files (of one item, or all) into `directory`, as ITEM/E3-NAME; the paths written.
    public func extractAttachments(item: String?, to directory: String) throws(WorkpaperError) -> [String] {
        var written: [String] = []
        for e in state.evidence.values.sorted(by: { $0.id < $1.id }) where !e.removed && (item == nil || e.item == item) {
            guard let file = e.file, file.attached == true else { continue }
            guard let data = attachment(file.sha256) else { throw .notAWorkpaper("\(path): the attached file of \(e.label) on \(e.item) is missing from the workpaper") }
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(e.item.replacingOccurrences(of: "/", with: "_"))
            let target = folder.appendingPathComponent("\(e.label)-\(name)")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try AtomicFile.write(data, to: target.path)
            } catch let error as WorkpaperError { throw error } catch {
                throw .cannotCreate("cannot write \(target.path): \(error.localizedDescription)")
            }
            written.append(target.path)
        }
        return written
    }
}

import Crypto

func sha256Digest(_ data: Data) -> SHA256.Digest { SHA256.hash(data: data) }
