import Yams

/// YAML from files people send: read with the guards every loader needs, so that a hostile
/// file gets a located error fast instead of a hang, a crash or an unlocated message.
/// - not UTF-8, NUL bytes: refused with the place of the first bad byte;
/// - complex keys (`? key`, an alias or a flow collection used as a key): refused before
///   composing, since hashing such a key could expand an alias bomb;
/// - aliases expanding past a node budget: refused after composing;
/// - libyaml's errors: one line, with a place inside the file.
public enum SafeYAML {
    public struct Failure: Error, Sendable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// The root node (nil for an empty document), composed without resolving tags.
    public static func compose(_ bytes: [UInt8]) throws(Failure) -> (text: String, root: Node?) {
        let text = try checked(bytes)
        return (text, try compose(checked: text))
    }

    /// The text of a file, once it has passed the guards that come before composing: UTF-8
    /// without NUL bytes (a byte order mark is dropped), and no complex keys.
    public static func checked(_ bytes: [UInt8]) throws(Failure) -> String {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.contains(0) { throw Failure(line: 1, column: 1, message: "this is a binary file, not YAML") }
        let text: String
        switch UTF8Check.validate(bytes) {
        case .valid(let s): text = s
        case let .invalid(line, column, byte):
            throw Failure(line: line, column: column, message: "not UTF-8 text (byte 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))): save the file as UTF-8")
        }
        if let (line, column) = complexKey(in: text) {
            throw Failure(line: line, column: column, message: "complex mapping keys (`?`, or an alias or a [list] or {mapping} used as a key) are not supported")
        }
        return text
    }

    /// The root node of a text `checked` passed (nil for an empty document), composed without
    /// resolving tags; aliases may not expand it past a node budget.
    public static func compose(checked text: String) throws(Failure) -> Node? {
        let root: Node?
        do {
            // Tags are not resolved: every value is read from its text as written (5.2 stays "5.2"),
            // and the basic resolver keeps key hashing free of regular expressions.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            let (mark, message) = describe(error)
            let (line, column) = clamp(mark?.line ?? 1, mark?.column ?? 1, in: text)
            throw Failure(line: line, column: column, message: message)
        } catch {
            throw Failure(line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        // Without an alias (`*`) the node count cannot outgrow the text: only aliases expand.
        if let root, text.utf8.contains(UInt8(ascii: "*")) {
            let budget = 16 * text.utf8.count + 100_000
            if let mark = exceedsNodeBudget(root, budget: budget) {
                throw Failure(line: mark.line, column: mark.column,
                              message: "aliases expand this file to more than \(budget) YAML nodes (an alias bomb?); write the data out instead")
            }
        }
        return root
    }

    /// A place inside the text: libyaml puts the end of a file without a final line break on the
    /// line after the last.
    static func clamp(_ line: Int, _ column: Int, in text: String) -> (Int, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let count = text.hasSuffix("\n") ? lines.count - 1 : lines.count
        guard count > 0, line > count else { return (max(1, line), max(1, column)) }
        return (count, lines[count - 1].count + 1)
    }

    public static func describe(_ error: YamlError) -> (Mark?, String) {
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
    static func exceedsNodeBudget(_ root: Node, budget: Int) -> (line: Int, column: Int)? {
        var count = 0
        var stack = [root]
        while let node = stack.popLast() {
            count += 1
            if count > budget { return node.mark.map { ($0.line, $0.column) } ?? (1, 1) }
            switch node {
            case .mapping(let m): for (k, v) in m { stack.append(k); stack.append(v) }
            case .sequence(let s): stack.append(contentsOf: s)
            case .scalar, .alias: break
            }
        }
        return nil
    }

    /// Where the text uses a complex key — `? key`, `*alias :`, or `[…]:` / `{…}:` — in block or
    /// flow style, outside quotes and comments; such a key could make key hashing expand an
    /// alias bomb before any budget is checked.
    static func complexKey(in text: String) -> (Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}") })
        else { return nil }
        var line = 1, column = 1
        var i = 0
        var previous: UInt8 = UInt8(ascii: "\n")    // the byte before i, outside quotes
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func colonFollows(_ j: Int) -> Bool {
            var k = j
            while k < bytes.count, bytes[k] == 0x20 || bytes[k] == 0x09 { k += 1 }
            return k < bytes.count && bytes[k] == UInt8(ascii: ":")
        }
        func advance() {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            previous = bytes[i]
            i += 1
        }
        /// Bytes after which a token starts: blanks, `,` `[` `{` `-` `:`.
        func startsToken(_ b: UInt8) -> Bool {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "-"), UInt8(ascii: ":"): true
            default: false
            }
        }
        func isAnchorChar(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "#") where isBlank(previous):
                while i < bytes.count, bytes[i] != 0x0A { advance() }
                continue
            case UInt8(ascii: "'") where startsToken(previous), UInt8(ascii: "\"") where startsToken(previous):
                // A quoted scalar: skip to its end ('' and \" escape the quote).
                advance()
                while i < bytes.count {
                    if b == UInt8(ascii: "\""), bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count { advance(); advance(); continue }
                    if bytes[i] == b {
                        if b == UInt8(ascii: "'"), i + 1 < bytes.count, bytes[i + 1] == b { advance(); advance(); continue }
                        break
                    }
                    advance()
                }
                if i < bytes.count { advance() }
                continue
            case UInt8(ascii: "?") where startsToken(previous):
                if i + 1 == bytes.count || isBlank(bytes[i + 1]) { return (line, column) }
            case UInt8(ascii: "*") where startsToken(previous):
                // libyaml's anchor names: letters, digits, '_' and '-'.
                var j = i + 1
                while j < bytes.count, isAnchorChar(bytes[j]) { j += 1 }
                if j > i + 1, colonFollows(j) { return (line, column) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if colonFollows(i + 1) { return (line, column) }
            default: break
            }
            advance()
        }
        return nil
    }
}

/// UTF-8 validation that says where the first bad byte is.
public enum UTF8Check {
    public enum Result { case valid(String), invalid(line: Int, column: Int, byte: UInt8) }

    public static func validate(_ bytes: [UInt8]) -> Result {
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
