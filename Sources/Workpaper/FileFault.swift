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

/// Writes output where the user points, as a Unix user expects of `-o`:
/// - `-` is standard output;
/// - a regular file or a new name is written whole or not at all: the bytes go to a temporary
///   file beside it, are flushed to the disk, and only then take the file's name (a full disk
///   or a missing folder leaves any earlier file of that name as it was, and no partial file);
///   an existing file keeps its permissions;
/// - a symbolic link is followed, and its target written so (the link stays a link);
/// - a character device, a FIFO, a socket or a descriptor path (`/dev/stdout`, `/dev/fd/N`)
///   is written directly: replacing `/dev/null` or a FIFO with a regular file would break every
///   other program that uses it.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws(WorkpaperError) {
        try write(to: path) { emit in emit(data) }
    }

    /// Writes what `produce` gives, a piece at a time (a long report is never whole in memory), in
    /// the same way as `write(_:to:)`. What `produce` throws leaves a file as it was.
    public static func write(to path: String, _ produce: (_ emit: (Data) -> Void) throws(WorkpaperError) -> Void) throws(WorkpaperError) {
        if path == "-" { return try direct(produce, fd: 1, path: "standard output") }
        // A descriptor of this process is written as it is (appending where the shell opened it
        // to append: `-o /dev/stdout >> log.md` adds to the log).
        if let fd = descriptor(path) { return try direct(produce, fd: fd, path: path) }
        switch Target(path) {
        case .folder:
            throw .cannotCreate("cannot write \(path): it is a folder; nothing was written")
        case .stream:
            let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else { throw .cannotCreate("cannot write \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try direct(produce, fd: fd, path: path)
        case .file(let real, let mode):
            try replace(produce, at: real, shownAs: path, mode: mode)
        }
    }

    /// The descriptor a path names: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N.
    static func descriptor(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// What a path names, links followed.
    enum Target: Equatable {
        /// A regular file (its permissions) or a new name, at this path with every link resolved.
        case file(String, mode_t?)
        case stream
        case folder

        init(_ path: String) {
            var here = path
            for _ in 0..<40 {
                var st = stat()
                guard lstat(here, &st) == 0 else { self = .file(here, nil); return }
                switch st.st_mode & S_IFMT {
                case S_IFLNK:
                    guard let next = Self.link(here) else { self = .file(here, nil); return }
                    here = next
                case S_IFREG: self = .file(here, st.st_mode & 0o7777); return
                case S_IFDIR: self = .folder; return
                default: self = .stream; return
                }
            }
            self = .file(here, nil)   // a loop of links: writing there fails with the system's word for it
        }

        /// Where a symbolic link points, relative to the link's own folder.
        static func link(_ path: String) -> String? {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(path, &buffer, buffer.count - 1)
            guard n > 0 else { return nil }
            let target = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") { return target }
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(target).path
        }
    }

    private static func direct(_ produce: ((Data) -> Void) throws(WorkpaperError) -> Void, fd: Int32, path: String) throws(WorkpaperError) {
        if let why = try written(produce, fd: fd) { throw .io("cannot write \(path): \(why)") }
    }

    /// Writes every piece `produce` gives to a descriptor; the system's word for the first
    /// failure, after which nothing more is written, or nil.
    static func written(_ produce: ((Data) -> Void) throws(WorkpaperError) -> Void, fd: Int32) throws(WorkpaperError) -> String? {
        var failure: String?
        try produce { piece in
            guard failure == nil else { return }
            if !writeAll(piece, fd: fd) { failure = String(cString: strerror(errno)) }
        }
        return failure
    }

    /// Writes all of `data` to a descriptor, again after an interrupted write; false on an error.
    public static func writeAll(_ data: Data, fd: Int32) -> Bool {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }   // an error, or a descriptor that takes nothing more
                offset += n
            }
            return true
        }
    }

    private static func replace(_ produce: ((Data) -> Void) throws(WorkpaperError) -> Void, at path: String, shownAs shown: String, mode: mode_t?) throws(WorkpaperError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = URL(fileURLWithPath: folder).appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        func failed(_ why: String) -> WorkpaperError {
            unlink(temp)
            return .cannotCreate("cannot write \(shown): \(FileFault.reason(path, existing: false) ?? why); nothing was written")
        }
        // Made new (never a file or link someone left at that name in a shared folder).
        unlink(temp)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode ?? 0o644)
        guard fd >= 0 else { throw failed(String(cString: strerror(errno))) }
        if let mode { fchmod(fd, mode) }
        var why: String?
        do { why = try written(produce, fd: fd) } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        if why == nil, fsync(fd) != 0 { why = String(cString: strerror(errno)) }
        close(fd)
        if let why { throw failed(why) }
        guard rename(temp, path) == 0 else { throw failed(String(cString: strerror(errno))) }
        FileFault.sync(folder)
    }

}
