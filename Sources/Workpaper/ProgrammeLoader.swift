import AuditCore
import Foundation
import SafeYAML
import Yams

/// Reads a programme file (`aimsaudit/programme@1`) into a `Programme`, or reports every located
/// problem in it at once.
public enum ProgrammeLoader {
    /// At most this many messages are shown for one file.
    public static let maxDiagnostics = 50
    /// Larger files are refused before parsing.
    public static let maxFileBytes = 64 << 20

    public static func load(path: String) throws(LoadError) -> Programme {
        try parse(source(path: path), path: path)
    }

    /// The bytes of a programme file, refused when missing, a directory, too large or unreadable.
    public static func source(path: String) throws(LoadError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .noInput(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .noInput(path: path, reason: "it is a directory, not a programme file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxFileBytes {
            throw .badData([Diagnostic(path: path, line: 1, column: 1,
                                       message: "the file is \(size >> 20) MiB; programme files are limited to \(maxFileBytes >> 20) MiB")], more: 0)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .noInput(path: path, reason: "permission denied or unreadable")
        }
        return Array(data)
    }

    public static func parse(_ text: String, path: String) throws(LoadError) -> Programme {
        try parse(Array(text.utf8), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(LoadError) -> Programme {
        try parse(bytes, path: path, whole: false)
    }

    /// `whole`: compose the file as one tree, never in pieces. A large file is read in pieces
    /// when its layout allows (see `SafeYAML.Pieces`), for memory; the result and every message
    /// are those of the whole file, which is composed instead whenever a piece does not compose.
    static func parse(_ bytes: [UInt8], path: String, whole: Bool) throws(LoadError) -> Programme {
        func fail(_ line: Int, _ column: Int, _ message: String) -> LoadError {
            .badData([Diagnostic(path: path, line: line, column: column, message: message)], more: 0)
        }
        func fail(_ error: SafeYAML.Failure) -> LoadError {
            fail(error.line, error.column, error.message.replacingOccurrences(of: "not YAML", with: "not a YAML programme")
                .replacingOccurrences(of: "save the file as", with: "save the programme as"))
        }
        let text: String
        do { text = try SafeYAML.checked(bytes) } catch { throw fail(error) }
        if !whole, let pieces = SafeYAML.Pieces(text, lists: ProgrammeDecoder.sections) {
            let decoder = ProgrammeDecoder(path: path, pieces: pieces)
            let programme = decoder.decode(pieces.root)
            if pieces.composeRest() { return try result(programme, decoder) }
        }
        let root: Node?
        do { root = try SafeYAML.compose(checked: text) } catch { throw fail(error) }
        guard let root, !(root.scalar.map(YAMLReader.isNull) ?? false) else {
            throw fail(1, 1, "the file is empty: a programme starts with `format: \(Programme.format)`")
        }
        guard root.mapping != nil else {
            throw fail(root.mark?.line ?? 1, root.mark?.column ?? 1,
                       "a programme is a mapping of keys (format, organisation, people, …), but this file holds \(YAMLReader.describe(root))")
        }
        let decoder = ProgrammeDecoder(path: path)
        return try result(decoder.decode(root), decoder)
    }

    /// The programme decoded, or the problems found on the way.
    private static func result(_ programme: Programme?, _ decoder: ProgrammeDecoder) throws(LoadError) -> Programme {
        let diagnostics = decoder.reader.diagnostics
        if let programme, diagnostics.isEmpty { return programme }
        let shown = Array(Set(diagnostics)).sorted().prefix(maxDiagnostics)
        throw .badData(Array(shown), more: max(0, Set(diagnostics).count - shown.count))
    }
}
