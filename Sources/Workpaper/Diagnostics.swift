import AuditCore

/// A located message about an input file: `PATH:LINE:COL: message`.
public struct Diagnostic: Error, Hashable, Sendable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(path: String, line: Int, column: Int, message: String) {
        self.path = path; self.line = line; self.column = column; self.message = message
    }

    public var description: String { "\(path):\(line):\(column): \(message)" }

    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column, a.message) < (b.line, b.column, b.message) }
}

/// Why a programme could not be loaded, and which sysexits code says so.
public enum LoadError: Error, Sendable, CustomStringConvertible {
    /// The file is missing or unreadable (66).
    case noInput(path: String, reason: String)
    /// The file was read but its content is wrong (65). `more` counts the messages left out.
    case badData([Diagnostic], more: Int)

    public var exitCode: Int32 {
        switch self { case .noInput: 66; case .badData: 65 }
    }

    public var description: String {
        switch self {
        case let .noInput(path, reason):
            return "aimsaudit: cannot read \(path): \(reason)"
        case let .badData(diagnostics, more):
            var lines = diagnostics.map(\.description)
            if more > 0 { lines.append("… and \(more) more error\(more == 1 ? "" : "s") (showing the first \(diagnostics.count))") }
            return lines.joined(separator: "\n")
        }
    }
}
