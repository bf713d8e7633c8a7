import AuditCore
import Foundation
import GRDB

extension WorkpaperFile {
    /// Makes a team member's replica of the audit at `output`: everything recorded so far and
    /// every attached file, the same audit (programme snapshot, first event), a replica of its
    /// own. Only for a member of the audit's team; the source's journal must verify and its
    /// schema be aimsaudit's. A fork of a fork is a replica like any other.
    public func fork(for person: String, to output: String) throws(WorkpaperError) {
        guard programme.person(person) != nil else {
            throw .usage("unknown person '\(person)'\(Suggest.hint(for: person, in: programme.people.map(\.id)))")
        }
        guard audit.team.contains(person) else {
            throw .refused("\(person) is not in the team of \(audit.id) (the team is \(audit.team.joined(separator: ", "))); a workpaper is forked only for a team member")
        }
        let source = try incoming()
        if let why = Self.chainProblem(of: source.entries) { throw .refused("\(path): \(why); it is not forked") }
        if FileManager.default.fileExists(atPath: output) {
            throw .exists("\(output) already exists; aimsaudit never overwrites a workpaper (choose another name with -o)")
        }
        let url = URL(fileURLWithPath: output)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).forking-\(getpid())").path
        func clean() { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temp + suffix) } }
        clean()
        do {
            try db.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temp]) }
            let copy = try DatabaseQueue(path: temp, configuration: Self.configuration())
            try copy.writeWithoutTransaction { db in
                try Self.prepareForWriting(db)
                try Schema.migrate(db)
            }
            try copy.write { db in
                // What the fork holds now is not news to its screen (see `arrivals`).
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('replica', ?), ('replica_person', ?), (?, ?)",
                               arguments: [ReplicaName.fresh(), person, WorkpaperFile.seenKey, String(head.seq)])
            }
            try copy.close()
        } catch {
            clean()
            throw .cannotCreate("cannot create \(output): \(FileFault.reason(temp) ?? "\(error)")")
        }
        try Self.put(temp, at: output)
        clean()
    }
}
