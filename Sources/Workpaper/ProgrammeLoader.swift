import AuditCore
import Foundation
import Yams

/// Reads a programme file (`aimsaudit/programme@1`) into a `Programme`, or reports every located
/// problem in it at once.
public enum ProgrammeLoader {
    /// At most this many messages are shown for one file.
    public static let maxDiagnostics = 50
    /// Larger files are refused before parsing.
    public static let maxFileBytes = 64 << 20

    public static func load(path: String) throws(LoadError) -> Programme {
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
        return try parse(Array(data), path: path)
    }

    public static func parse(_ text: String, path: String) throws(LoadError) -> Programme {
        try parse(Array(text.utf8), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(LoadError) -> Programme {
        func fail(_ line: Int, _ column: Int, _ message: String) -> LoadError {
            .badData([Diagnostic(path: path, line: line, column: column, message: message)], more: 0)
        }
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) { throw fail(1, 1, "this is a binary file, not a YAML programme") }
        let text: String
        switch UTF8Check.validate(bytes) {
        case .valid(let s): text = s
        case let .invalid(line, column, byte):
            throw fail(line, column, String(format: "not UTF-8 text (byte 0x%02X): save the programme as UTF-8", byte))
        }
        if let (line, column) = complexKey(in: text) {
            throw fail(line, column, "complex mapping keys (`?` or an alias used as a key) are not supported in programme files")
        }
        let root: Node?
        do {
            // Tags are not resolved: every value is read from its text as written (5.2 stays "5.2"),
            // and the basic resolver keeps key hashing free of regular expressions.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let (mark, message) = describe(error)
            throw fail(mark?.line ?? 1, mark?.column ?? 1, message)
        } catch {
            throw fail(1, 1, "not valid YAML: \(error)")
        }
        guard let root, !(root.scalar.map(YAMLReader.isNull) ?? false) else {
            throw fail(1, 1, "the file is empty: a programme starts with `format: \(Programme.format)`")
        }
        guard root.mapping != nil else {
            throw fail(root.mark?.line ?? 1, root.mark?.column ?? 1,
                       "a programme is a mapping of keys (format, organisation, people, …), but this file holds \(YAMLReader.describe(root))")
        }
        let budget = 16 * bytes.count + 100_000
        if let mark = exceedsNodeBudget(root, budget: budget) {
            throw fail(mark.line, mark.column, "aliases expand this file to more than \(budget) YAML nodes (an alias bomb?); write the data out instead")
        }
        let decoder = ProgrammeDecoder(path: path)
        let programme = decoder.decode(root)
        let diagnostics = decoder.reader.diagnostics.sorted()
        if let programme, diagnostics.isEmpty { return programme }
        let shown = Array(Set(diagnostics)).sorted().prefix(maxDiagnostics)
        throw .badData(Array(shown), more: max(0, Set(diagnostics).count - shown.count))
    }

    static func describe(_ error: YamlError) -> (Mark?, String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            if problem.hasPrefix("Maximum nesting level") {
                return (mark, "the YAML nests deeper than programme files ever need (over 1000 levels)")
            }
            let detail = context.map { " (\($0.text))" } ?? ""
            return (mark, "not valid YAML: \(problem)\(detail)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark, "duplicate key \(names): each key may appear once in a mapping")
        case .reader(let problem, _, _, _):
            return (nil, "not readable as YAML: \(problem)")
        default:
            return (nil, "not valid YAML: \(error)")
        }
    }

    /// Counts nodes, following aliases, and stops at the budget; the mark where it ran out, if it did.
    static func exceedsNodeBudget(_ root: Node, budget: Int) -> SourceLocation? {
        var count = 0
        var stack = [root]
        while let node = stack.popLast() {
            count += 1
            if count > budget { return YAMLReader.location(node) ?? SourceLocation(line: 1, column: 1) }
            switch node {
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .sequence(let s): stack.append(contentsOf: s)
            case .scalar, .alias: break
            }
        }
        return nil
    }

    /// Where the text uses a complex key (`? key` or `*alias : value`), which could make key
    /// hashing expand an alias bomb before any budget is checked.
    static func complexKey(in text: String) -> (Int, Int)? {
        guard text.contains("*") || text.contains("?") else { return nil }
        let space = UInt8(ascii: " "), dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
        let stops: Set<UInt8> = [space, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}")]
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let chars = Array(line)
            var i = 0
            while i < chars.count, chars[i] == space || chars[i] == dash { i += 1 }
            guard i < chars.count else { continue }
            if chars[i] == UInt8(ascii: "?"), i + 1 == chars.count || chars[i + 1] == space { return (lineNumber, i + 1) }
            if chars[i] == UInt8(ascii: "*") {
                var j = i + 1
                while j < chars.count, !stops.contains(chars[j]) { j += 1 }
                var k = j
                while k < chars.count, chars[k] == space { k += 1 }
                if k > j, k < chars.count, chars[k] == colon { return (lineNumber, i + 1) }
            }
        }
        return nil
    }
}

/// UTF-8 validation that says where the first bad byte is.
enum UTF8Check {
    enum Result { case valid(String), invalid(line: Int, column: Int, byte: UInt8) }

    static func validate(_ bytes: [UInt8]) -> Result {
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return .invalid(line: line, column: column, byte: b)
            }
            guard i + length <= bytes.count else { return .invalid(line: line, column: column, byte: b) }
            if length > 1 {
                for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 {
                    return .invalid(line: line, column: column, byte: b)
                }
                let second = bytes[i + 1]
                if (b == 0xE0 && second < 0xA0) || (b == 0xED && second > 0x9F)
                    || (b == 0xF0 && second < 0x90) || (b == 0xF4 && second > 0x8F) {
                    return .invalid(line: line, column: column, byte: b)
                }
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return .valid(String(decoding: bytes, as: UTF8.self))
    }
}
