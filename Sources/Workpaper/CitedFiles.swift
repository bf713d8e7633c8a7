import AuditCore
import Foundation

/// Local files cited as evidence: hashed when cited, hashed again by `verify`. A file inside the
/// workpaper's folder (or a folder within it) is kept by its path from that folder, so the audit
/// folder — workpaper and evidence together — can be moved or copied and still verifies; a file
/// outside keeps its absolute path.
extension WorkpaperFile {
    public enum CiteFailure: Error, Sendable {
        /// No file of that name (or it is a folder).
        case missing
        /// There, but it could not be read.
        case unreadable(String)
    }

    /// The folder the workpaper is in, as an absolute path (of the file itself, when the
    /// workpaper is opened through a symbolic link).
    var folder: URL { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent() }

    /// Cites a file named as the auditor gave it (absolute, or from `directory`): hashes it in a
    /// stream, `progress` told the bytes read so far and the file's size.
    public func cite(_ named: String, from directory: String = FileManager.default.currentDirectoryPath,
                     progress: ((_ done: Int64, _ total: Int64) -> Void)? = nil) throws(CiteFailure) -> CitedFile {
        try Self.cite(named, workpaper: path, from: directory, progress: progress)
    }

    /// The same for the workpaper at `workpaper`, without the open file: for work done on another
    /// thread (the screen hashes a large file beside its loop).
    public static func cite(_ named: String, workpaper: String, from directory: String,
                            progress: ((_ done: Int64, _ total: Int64) -> Void)? = nil) throws(CiteFailure) -> CitedFile {
        let folder = URL(fileURLWithPath: workpaper).standardizedFileURL.resolvingSymlinksInPath().deletingLastPathComponent()
        let url = URL(fileURLWithPath: named, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { throw .missing }
        let total = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int64) ?? 0
        do {
            let (hex, size) = try FileHash.sha256(path: url.path) { progress?($0, total) }
            return CitedFile(path: named, absolutePath: url.path, relativePath: relative(url, to: folder), sha256: hex, size: size)
        } catch {
            throw .unreadable(error.localizedDescription)
        }
    }

    /// The path of `file` from `folder`, when it is inside it. Symbolic links in the folders on the
    /// way are followed on both sides (a file that is itself a link is where the link is).
    static func relative(_ file: URL, to folder: URL) -> String? {
        let inside = file.deletingLastPathComponent().resolvingSymlinksInPath().pathComponents + [file.lastPathComponent]
        let base = folder.resolvingSymlinksInPath().pathComponents
        guard inside.count > base.count, Array(inside.prefix(base.count)) == base else { return nil }
        return inside.dropFirst(base.count).joined(separator: "/")
    }

    /// Where a cited file is looked for now: in the workpaper's folder wherever that is, for a
    /// file that was inside it — or, when it is not there (the workpaper was copied out of its
    /// folder alone), where it was cited; where it was cited, for any other.
    public func location(of file: CitedFile) -> String {
        guard let relative = file.relativePath else { return file.absolutePath }
        let here = folder.appendingPathComponent(relative).path
        if !FileManager.default.fileExists(atPath: here), FileManager.default.fileExists(atPath: file.absolutePath) {
            return file.absolutePath
        }
        return here
    }
}
