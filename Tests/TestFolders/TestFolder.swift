import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folders the tests write in. Each is made inside one folder of the test process's own in
/// the temporary folder (`aimsaudit-tests-PID-XXXXXX`), which is removed when the process exits:
/// a test may keep a path, or a program it started may hold files there, until the run ends, and
/// the run leaves nothing behind. A run that never reached its exit (interrupted, killed, crashed)
/// leaves its folder; the next run removes it, once no process of that id is running.
public enum TestFolder {
    static let prefix = "aimsaudit-tests-"

    /// The process's folder, made at first use (the temporary folder itself if none can be made,
    /// and then nothing is removed at exit).
    public static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeLeftovers(in: temporary)
        guard let made = make(in: temporary, "\(prefix)\(getpid())") else { return temporary }
        atexit { try? FileManager.default.removeItem(at: TestFolder.root) }
        return made
    }()

    /// A new, empty folder whose name begins with `purpose`.
    public static func make(_ purpose: String) throws -> URL {
        guard let made = make(in: root, purpose) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSLocalizedDescriptionKey: "cannot make a folder in \(root.path): \(String(cString: strerror(errno)))",
            ])
        }
        return made
    }

    /// `name-XXXXXX` in `folder`, made at once under a name no one else has (mkdtemp).
    static func make(in folder: URL, _ name: String) -> URL? {
        var template = Array(folder.appendingPathComponent("\(name)-XXXXXX").path.utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { URL(fileURLWithPath: String(cString: $0), isDirectory: true) }
        }
    }

    /// Removes the folders of earlier runs whose process is no longer running.
    static func removeLeftovers(in temporary: URL) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
