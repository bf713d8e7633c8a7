import Foundation

/// A file's device and inode: two paths (or one path at two moments) name the same file when
/// these are equal.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init?(_ path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }

    /// The file an open descriptor is on, wherever its name now is (or if it has none).
    init?(fd: Int32) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
    }
}

/// Says in words why a file cannot be written, from what the file system shows now, since
/// SQLite's own codes ("disk I/O error") do not tell an auditor what to do.
public enum FileFault {
    /// Below this much free space a failed write is put down to a full disk.
    static let nearlyFull: UInt64 = 256 << 10

    /// Why the workpaper at `path` may be read but not written, if that is so.
    public static func unwritable(_ path: String) -> String? {
        if let why = folderUnwritable(path) { return why }
        if access(path, W_OK) != 0 { return "the file is not writable" }
        return nil
    }

    /// Why no file can be made beside `path`, if that is so.
    static func folderUnwritable(_ path: String) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var fs = statvfs()
        if statvfs(folder, &fs) == 0, fs.f_flag & UInt(ST_RDONLY) != 0 { return "the file system is read-only" }
        if access(folder, W_OK) != 0 { return "its folder is not writable" }
        return nil
    }

    /// `existing`: the file should be there (a workpaper being saved), rather than about to be made.
    public static func reason(_ path: String, existing: Bool = true) -> String? {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileIdentity(folder) != nil else { return "its folder \(folder) is gone" }
        if existing {
            guard FileIdentity(path) != nil else { return "the file is gone (deleted or moved)" }
            if let why = unwritable(path) { return why }
        } else if let why = folderUnwritable(path) {
            return why
        }
        var fs = statvfs()
        if statvfs(folder, &fs) == 0, UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < nearlyFull { return "the disk is full" }
        return nil
    }

    /// Flushes a file's data to the disk.
    static func sync(_ path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}

/// Writes a whole file or nothing: the bytes go to a temporary file beside it, are flushed to
/// the disk, and only then take the file's name. A full disk or a missing folder leaves any
/// earlier file of that name as it was, and no partial file behind.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws(WorkpaperError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = URL(fileURLWithPath: folder).appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        func failed(_ why: String) -> WorkpaperError {
            unlink(temp)
            return .cannotCreate("cannot write \(path): \(FileFault.reason(path, existing: false) ?? why); nothing was written")
        }
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failed(String(cString: strerror(errno))) }
        var offset = 0
        let ok = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let why = String(cString: strerror(errno))
        let synced = ok && fsync(fd) == 0
        close(fd)
        guard ok, synced else { throw failed(why) }
        guard rename(temp, path) == 0 else { throw failed(String(cString: strerror(errno))) }
        sync(folder)
    }

    static func sync(_ path: String) { FileFault.sync(path) }
}
