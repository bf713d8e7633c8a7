import AuditCore
import Yams

/// Walks a composed YAML tree and reads typed values out of it, collecting every located error
/// instead of stopping at the first one.
final class YAMLReader {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []
    /// What to add to the lines of the nodes being read: set while the elements of a list
    /// composed in pieces are read (see `SafeYAML.Pieces`), whose lines count from their piece.
    var lineOffset = 0

    init(path: String) { self.path = path }

    func error(_ node: Node?, _ message: String) {
        error(at: location(node), message)
    }

    func error(at place: SourceLocation?, _ message: String) {
        diagnostics.append(Diagnostic(path: path, line: place?.line ?? 1, column: place?.column ?? 1, message: message))
    }

    /// Where a node is in the file. Every place the decoder gives is read here, never from a
    /// node's mark, so that it counts the lines of the pieces too.
    func location(_ node: Node?) -> SourceLocation? {
        node?.mark.map { SourceLocation(line: $0.line + lineOffset, column: $0.column) }
    }

    /// "a list", "a mapping", "text 'x'", "nothing".
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull(s) { return "nothing" }
            let text = s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string
            return "'\(text)'"
        }
    }

    static func isNull(_ s: Node.Scalar) -> Bool {
        s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: - Mappings

    /// The keys of a mapping, checked against the allowed and required ones.
    struct Fields {
        let node: Node
        private(set) var values: [String: Node] = [:]
        private(set) var keyNodes: [String: Node] = [:]
        subscript(_ key: String) -> Node? { values[key] }
        func has(_ key: String) -> Bool { values[key] != nil }

        init(node: Node) { self.node = node }
        mutating func set(_ key: String, keyNode: Node, value: Node) {
            values[key] = value
            keyNodes[key] = keyNode
        }
    }

    func fields(_ node: Node, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let mapping = node.mapping else {
            error(node, "expected a mapping for \(what), found \(Self.describe(node))")
            return nil
        }
        var fields = Fields(node: node)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(key, "keys of \(what) must be plain words, found \(Self.describe(key))")
                continue
            }
            if allowed.contains(name) {
                fields.set(name, keyNode: key, value: value)
            } else if name == "<<" {
                error(key, "YAML merge keys (`<<`) are not supported in \(what); write the keys out")
            } else {
                error(key, "unknown key '\(name)' in \(what)\(Suggest.hint(for: name, in: allowed))")
            }
        }
        for key in required where !fields.has(key) {
            error(node, "missing required key '\(key)' in \(what)")
        }
        return fields
    }

    // MARK: - Scalars

    private func scalar(_ node: Node, _ what: String, expected: String) -> Node.Scalar? {
        guard let s = node.scalar, !Self.isNull(s) else {
            error(node, "expected \(expected) for \(what), found \(Self.describe(node))")
            return nil
        }
        return s
    }

    func text(_ node: Node, _ what: String) -> String? {
        guard let s = scalar(node, what, expected: "text") else { return nil }
        return s.string
    }

    func identifier(_ node: Node, _ what: String, upperCase: Bool = false) -> String? {
        guard let s = scalar(node, what, expected: "an identifier") else { return nil }
        if !Self.isIdentifier(s.string, upperCase: upperCase) {
            error(node, "invalid identifier '\(s.string)' for \(what): use \(upperCase ? "letters" : "lower-case letters"), digits, '.', '_' and '-', starting with a letter or digit")
            return nil
        }
        return s.string
    }

    static func isIdentifier(_ text: String, upperCase: Bool = false) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        func ok(_ c: Unicode.Scalar, leading: Bool) -> Bool {
            if ("a"..."z").contains(c) || ("0"..."9").contains(c) { return true }
            if upperCase, ("A"..."Z").contains(c) { return true }
            return !leading && (c == "." || c == "_" || c == "-")
        }
        return ok(first, leading: true) && text.unicodeScalars.dropFirst().allSatisfy { ok($0, leading: false) }
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard let s = scalar(node, what, expected: "true or false") else { return nil }
        switch (s.style, s.string.lowercased()) {
        case (.plain, "true"): return true
        case (.plain, "false"): return false
        default:
            error(node, "expected true or false for \(what), found \(Self.describe(node))")
            return nil
        }
    }

    func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard let s = scalar(node, what, expected: "a whole number") else { return nil }
        guard s.style == .plain, let n = Int(s.string) else {
            error(node, "expected a whole number for \(what), found \(Self.describe(node))")
            return nil
        }
        guard range.contains(n) else {
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            error(node, "\(what) is \(n), out of range: it must be \(bound)")
            return nil
        }
        return n
    }

    func day(_ node: Node, _ what: String) -> Day? {
        guard let s = scalar(node, what, expected: "a date (YYYY-MM-DD)") else { return nil }
        guard let d = Day(iso: s.string) else {
            error(node, "invalid date '\(s.string)' for \(what): write YYYY-MM-DD with a real day, e.g. 2026-11-23")
            return nil
        }
        return d
    }

    func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _: E.Type) -> E? where E.RawValue == String {
        guard let s = scalar(node, what, expected: "one of \(Self.allowedList(E.self))") else { return nil }
        guard let value = E(rawValue: s.string) else {
            let names = E.allCases.map(\.rawValue)
            error(node, "unknown value '\(s.string)' for \(what)\(Suggest.hint(for: s.string, in: names)): expected one of \(Self.allowedList(E.self))")
            return nil
        }
        return value
    }

    static func allowedList<E: RawRepresentable & CaseIterable>(_: E.Type) -> String where E.RawValue == String {
        E.allCases.map(\.rawValue).joined(separator: ", ")
    }

    // MARK: - Lists

    func list(_ node: Node, _ what: String) -> [Node]? {
        if let s = node.scalar, Self.isNull(s) { return [] }
        guard let seq = node.sequence else {
            error(node, "expected a list for \(what), found \(Self.describe(node))")
            return nil
        }
        return Array(seq)
    }

    func texts(_ node: Node, _ what: String) -> [String]? {
        list(node, what)?.compactMap { text($0, "an entry of \(what)") }
    }
}
