import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a workpaper for writing.
public struct LockHolder: Sendable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    public var since: String
    /// Said instead, when the holder cannot be read (its lock file belongs to another user).
    public var unknown: String?
    public var description: String { unknown ?? "process \(pid) on \(host) since \(since)" }

    /// False when it names no process running on this machine (or names none at all).
    var isAlive: Bool {
        guard pid > 0 else { return false }
        return host != ProcessInfo.processInfo.hostName || kill(pid, 0) == 0 || errno != ESRCH
    }
}

/// One writer at a time: an advisory `flock` on a lock file named after the workpaper's device
/// and inode, kept in the system's folder for lock files (`/run/lock`, else `/tmp`), never beside
/// the workpaper. The kernel releases it when the holder exits or is killed, so a stale lock
/// never needs clearing by hand; the file says who holds it, for the message the next writer
/// gets. Named by the file, not its path, a workpaper moved or renamed while open stays locked
/// (until its holder writes it back at its path: `restore`).
///
/// The holder removes the lock file when it lets go. A process that opened the file just before
/// that may then get the lock on a file no longer at the name; so a lock counts only when the
/// name still leads to the file locked, and is otherwise taken again from the name. A writer
/// that was killed leaves its file behind (unlocked): the next writer of any workpaper removes
/// such files the same way, holding each one's lock while it does.
final class WriterLock {
    /// The lock file.
    let path: String
    /// The workpaper's device and inode when the lock was taken.
    let workpaper: FileIdentity
    private var fd: Int32

    private init(path: String, workpaper: FileIdentity, fd: Int32) { self.path = path; self.workpaper = workpaper; self.fd = fd }

    enum Failure: Error { case held(LockHolder), cannotCreate(String) }

    /// The folder for lock files: the first of these that every user may write (sticky and
    /// writable by all), so that every process on this machine picks the same one.
    static let folder: String = {
        for candidate in ["/run/lock", "/var/lock", "/tmp"] {
            var st = stat()
            if stat(candidate, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_mode & 0o1777 == 0o1777 { return candidate }
        }
        return NSTemporaryDirectory()
    }()

    /// The lock file of a workpaper with this identity.
    static func path(of workpaper: FileIdentity) -> String {
        "\(folder)/aimsaudit-\(workpaper.device)-\(workpaper.inode).lock"
    }

    static func acquire(for workpaper: String, now: String) throws(Failure) -> WriterLock {
        guard let identity = FileIdentity(workpaper) else { throw .cannotCreate("\(workpaper): \(String(cString: strerror(errno)))") }
        let path = path(of: identity)
        var tries = 0
        while true {
            // Opened as it is, else made new: in a shared sticky folder many systems refuse
            // O_CREAT on another user's file even when it could be opened.
            var fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            if fd < 0, errno == ENOENT {
                fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
                if fd < 0, errno == EEXIST { continue }
            }
            guard fd >= 0 else {
                // Another user's lock file we may not open: someone else holds, or held, it.
                if errno == EACCES || errno == EPERM {
                    throw .held(LockHolder(pid: 0, host: "", since: "", unknown: "another user (its lock file \(path) is theirs)"))
                }
                throw .cannotCreate("\(path): \(String(cString: strerror(errno)))")
            }
            // Any user's writer must be able to take it and say who it is (the umask narrows the mode).
            var st = stat()
            if fstat(fd, &st) == 0, st.st_uid == getuid() { _ = fchmod(fd, 0o666) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let holder = readHolder(fd)
                close(fd)
                // Held by no one alive: a writer taking it has not yet said who it is, or another
                // is removing a file left by a killed writer. A moment later it says.
                tries += 1
                if tries < 50, !holder.isAlive { usleep(2_000); continue }
                throw .held(holder)
            }
            // The holder before may have removed the file after it was opened here.
            guard FileIdentity(fd: fd) == FileIdentity(path) else {
                close(fd)
                continue
            }
            let host = ProcessInfo.processInfo.hostName
            let text = "pid=\(getpid())\nhost=\(host)\nsince=\(now)\n"
            _ = ftruncate(fd, 0)
            _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
            let lock = WriterLock(path: path, workpaper: identity, fd: fd)
            removeLeftovers(besides: path)
            return lock
        }
    }

    /// Removes the lock files killed writers left (no one holds them), as a holder removes its own.
    static func removeLeftovers(besides own: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix("aimsaudit-") && name.hasSuffix(".lock") {
            let path = "\(folder)/\(name)"
            guard path != own else { continue }
            let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { letGo(fd, path) } else { close(fd) }
        }
    }

    private static func readHolder(_ fd: Int32) -> LockHolder {
        var buffer = [UInt8](repeating: 0, count: 512)
        let n = pread(fd, &buffer, buffer.count, 0)
        let text = String(decoding: buffer.prefix(max(0, n)), as: UTF8.self)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return LockHolder(pid: Int32(fields["pid"] ?? "") ?? 0, host: fields["host"] ?? "unknown host",
                          since: fields["since"] ?? "an unknown time", unknown: nil)
    }

    func release() {
        guard fd >= 0 else { return }
        Self.letGo(fd, path)
        fd = -1
    }

    /// Empties the lock file and removes it while still holding its lock (see the type's note),
    /// then lets go.
    private static func letGo(_ fd: Int32, _ path: String) {
        _ = ftruncate(fd, 0)
        if FileIdentity(fd: fd) == FileIdentity(path) { unlink(path) }
        flock(fd, LOCK_UN)
        close(fd)
    }

    deinit { release() }
}
