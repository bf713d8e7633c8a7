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
    public var description: String { "process \(pid) on \(host) since \(since)" }
}

/// One writer at a time: an advisory `flock` on `FILE.lock`, which the kernel releases when the
/// holder exits or is killed, so a stale lock never needs clearing by hand. The file says who
/// holds it, for the message the next writer gets.
final class WriterLock {
    let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) { self.path = path; self.fd = fd }

    enum Failure: Error { case held(LockHolder), cannotCreate(String) }

    static func acquire(for workpaper: String, now: String) throws(Failure) -> WriterLock {
        let path = workpaper + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotCreate("\(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = readHolder(fd)
            close(fd)
            throw .held(holder)
        }
        let host = ProcessInfo.processInfo.hostName
        let text = "pid=\(getpid())\nhost=\(host)\nsince=\(now)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return WriterLock(path: path, fd: fd)
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
                          since: fields["since"] ?? "an unknown time")
    }

    func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
