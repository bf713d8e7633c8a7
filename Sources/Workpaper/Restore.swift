import Foundation
import GRDB

/// A workpaper whose file went away while it was open (its folder removed, the file deleted,
/// moved or replaced): what was saved is still in the open file, and is written back.
extension WorkpaperFile {
    /// True when the path no longer names the file that was opened: its folder was removed, or
    /// the file was deleted, moved or replaced. What was saved is still in the open file.
    public var isGone: Bool { identity != nil && FileIdentity(path) != identity }

    /// Writes the whole open workpaper back to its path once the path is free again (its folder
    /// recreated), and goes on writing there. Refuses while the folder is missing or while
    /// another file is at the path (that file is never overwritten).
    public func restore() throws(WorkpaperError) {
        guard isGone else { return }
        let url = URL(fileURLWithPath: path)
        guard FileIdentity(url.deletingLastPathComponent().path) != nil else { throw .io("the folder of \(path) is gone") }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .io("\(path) is now another file; it is left alone")
        }
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).restoring-\(getpid())").path
        unlink(temp)
        do {
            try db.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [temp]) }
            FileFault.sync(temp)
            // link(2) fails rather than replacing a file that appeared meanwhile.
            guard link(temp, path) == 0 else { throw WorkpaperError.io("cannot write \(path): \(String(cString: strerror(errno)))") }
            unlink(temp)
            let holder = lock != nil
            lock?.release()
            lock = nil
            if holder {
                do { lock = try WriterLock.acquire(for: path, now: Self.timestamp(Date())) } catch {
                    throw WorkpaperError.io("cannot lock \(path) again after writing it back")
                }
            }
            let fresh = try DatabaseQueue(path: path, configuration: Self.configuration())
            try fresh.writeWithoutTransaction { db in try Self.prepareForWriting(db) }
            try? db.close()
            db = fresh
            identity = FileIdentity(path)
        } catch let error as WorkpaperError {
            unlink(temp)
            throw error
        } catch {
            unlink(temp)
            throw .io("cannot write \(path) back: \(FileFault.reason(path) ?? "\(error)")")
        }
    }
}
