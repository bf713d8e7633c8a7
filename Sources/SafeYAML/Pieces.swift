import Yams

extension SafeYAML {
    /// A file composed a piece at a time, for memory: the node tree of a whole file takes about
    /// twenty times its text (41 MB for a 2 MB programme whose register has 10,000 entries), and
    /// nearly all of it is the elements of a few top-level lists, read once each.
    ///
    /// When the file is a block mapping whose keys start lines at column 0, each top-level
    /// block list the caller reads element by element (`lists`) is cut into runs of its elements,
    /// composed one run at a time while they are read; everything else — the outline, the file
    /// with those lists' lines left empty — is composed as one small document. Pieces are composed as they are written (same columns);
    /// an element's lines are its run's lines plus the offset `forEachElement` gives.
    ///
    /// `init` gives nil, and the file is to be composed whole, whenever the layout is not that
    /// simple one: a document marker or directive, a line at column 0 that is not `key:`, a key
    /// given twice, a tab in indentation, a line break other than LF or CRLF, a byte order mark,
    /// an anchor or alias (or anything that looks like one), a block scalar in a list, a line of
    /// a list indented less than its elements, or an outline that does not read as those keys.
    /// A run that does not compose as the elements it should hold sets `failed`: the file is then
    /// composed whole too, so that every message is the one the whole file gives.
    public final class Pieces {
        /// The top-level mapping; a list read in pieces has an empty value here.
        public let root: Node
        /// Whether a run did not compose as its elements.
        public private(set) var failed = false
        private let bytes: [UInt8]
        private var lists: [String: [Run]] = [:]
        /// The lists read to their end.
        private var read: Set<String> = []

        /// Consecutive elements of one list, composed together: the text between `range`,
        /// starting on line `firstLine` of the file.
        struct Run { var range: Range<Int>; var firstLine: Int; var count: Int }

        /// A run holds elements up to this much text (one element at least).
        static let runBytes = 16 << 10
        /// Deeper elements are left to the whole file: libyaml's nesting limit counts the levels
        /// around them, which a piece does not have.
        static let maxDepth = 500

        /// Whether the list under `key` is read in pieces.
        public func isList(_ key: String) -> Bool { lists[key] != nil }

        /// Composes the elements of the list under `key` a run at a time and gives each with the
        /// number to add to its lines; stops, `failed`, at a run that is not its elements.
        public func forEachElement(of key: String, _ body: (_ element: Node, _ lineOffset: Int) -> Void) {
            for run in lists[key] ?? [] {
                guard !failed, let elements = compose(run) else { failed = true; return }
                for element in elements { body(element, run.firstLine - 1) }
            }
            read.insert(key)
        }

        /// Composes the lists not read yet, so that a YAML error anywhere is found, read or not;
        /// false when a run failed.
        public func composeRest() -> Bool {
            for (key, runs) in lists where !read.contains(key) {
                for run in runs where !failed {
                    if compose(run) == nil { failed = true }
                }
            }
            return !failed
        }

        private func compose(_ run: Run) -> [Node]? {
            let text = String(decoding: bytes[run.range], as: UTF8.self)
            guard let node = try? Yams.compose(yaml: text, .basic), let elements = node.sequence,
                  elements.count == run.count, Self.depth(of: node) <= Self.maxDepth else { return nil }
            return Array(elements)
        }

        static func depth(of root: Node) -> Int {
            var deepest = 0
            var stack = [(root, 1)]
            while let (node, depth) = stack.popLast() {
                deepest = max(deepest, depth)
                switch node {
                case .mapping(let m): for (k, v) in m { stack.append((k, depth + 1)); stack.append((v, depth + 1)) }
                case .sequence(let s): stack.append(contentsOf: s.map { ($0, depth + 1) })
                case .scalar, .alias: break
                }
            }
            return deepest
        }

        /// The pieces of a text, its top-level block lists under the keys `lists` read an element
        /// at a time (the other keys' values stay in the outline whatever they are); nil when the
        /// text is not laid out simply enough to be read in pieces (see above).
        public init?(_ text: String, lists: Set<String>) {
            let bytes = Array(text.utf8)
            guard let layout = Layout(bytes, lists: lists), !layout.lists.isEmpty else { return nil }
            // The outline: the file with each list's lines left empty, the line breaks kept.
            var outline: [UInt8] = []
            outline.reserveCapacity(bytes.count - layout.lists.reduce(0) { $0 + $1.value.count })
            var at = 0
            for blank in layout.lists.sorted(by: { $0.value.lowerBound < $1.value.lowerBound }).map(\.value) {
                outline += bytes[at..<blank.lowerBound]
                outline += bytes[blank].filter { $0 == 0x0A }
                at = blank.upperBound
            }
            outline += bytes[at...]
            guard let root = try? Yams.compose(yaml: String(decoding: outline, as: UTF8.self), .basic),
                  let pairs = root.mapping, pairs.count == layout.keys.count else { return nil }
            // The outline must read as the keys found, each on its line, the lists' values empty.
            for ((key, value), (name, line)) in zip(pairs, layout.keys) {
                guard let k = key.scalar, k.style == .plain, k.string == name,
                      key.mark?.line == line, key.mark?.column == 1 else { return nil }
                if layout.lists[name] != nil {
                    guard let v = value.scalar, v.style == .plain, v.string.isEmpty else { return nil }
                }
            }
            self.root = root
            self.bytes = bytes
            for (name, elements) in layout.elements {
                var runs: [Run] = []
                for (start, end, line) in elements {
                    if var last = runs.last, end - last.range.lowerBound <= Self.runBytes {
                        last.range = last.range.lowerBound..<end
                        last.count += 1
                        runs[runs.count - 1] = last
                    } else {
                        runs.append(Run(range: start..<end, firstLine: line, count: 1))
                    }
                }
                self.lists[name] = runs
            }
        }
    }
}

/// The top-level layout of a file, line by line: its keys and where the elements of its block
/// lists start and end; nil when it is not the simple layout `Pieces` reads.
private struct Layout {
    /// The top-level keys and their lines, in order.
    var keys: [(String, Int)] = []
    /// Each list's lines, from its first element to the next key.
    var lists: [String: Range<Int>] = [:]
    /// Each list's elements: where they start and end, and the line they start on.
    var elements: [String: [(Int, Int, Int)]] = [:]

    init?(_ bytes: [UInt8], lists names: Set<String>) {
        guard !Self.hasAnchorOrOddBreak(bytes) else { return nil }
        var section: String?
        var listIndent: Int?           // of the current section's elements, when it is a list
        var awaitingValue = false      // the current key line has no value yet
        var starts: [(Int, Int)] = []  // the current list's elements: start and line
        var seen: Set<String> = []
        var line = 0
        var s = 0
        func endSection(at end: Int) {
            guard let name = section, let first = starts.first else { return }
            lists[name] = first.0..<end
            elements[name] = starts.indices.map { i in (starts[i].0, i + 1 < starts.count ? starts[i + 1].0 : end, starts[i].1) }
            starts = []
        }
        while s < bytes.count {
            line += 1
            var e = s
            while e < bytes.count, bytes[e] != 0x0A { e += 1 }
            defer { s = e + 1 }
            var end = e
            if end > s, bytes[end - 1] == 0x0D { end -= 1 }
            var j = s
            while j < end, bytes[j] == 0x20 { j += 1 }
            if j < end, bytes[j] == 0x09 { return nil }
            if j == end || bytes[j] == UInt8(ascii: "#") { continue }     // blank or comment
            let indent = j - s
            let dash = bytes[j] == UInt8(ascii: "-") && (j + 1 == end || bytes[j + 1] == 0x20)
            if indent == 0, !dash {
                guard let (key, bare) = Self.key(bytes[s..<end]), seen.insert(key).inserted else { return nil }
                endSection(at: s)
                keys.append((key, line))
                section = key
                listIndent = nil
                awaitingValue = bare
                continue
            }
            guard let current = section else { return nil }
            if awaitingValue {
                awaitingValue = false
                if dash, names.contains(current) { listIndent = indent }
            }
            if let n = listIndent {
                if indent == n, dash {
                    starts.append((s, line))
                } else if indent <= n {
                    return nil
                }
                if Self.mayStartBlockScalar(bytes[j..<end]) { return nil }
            } else if indent == 0 {
                return nil
            }
        }
        endSection(at: bytes.count)
    }

    /// `key:` at the start of a line, a plain word of letters, digits, `_` and `-`; whether
    /// nothing but a comment follows it.
    static func key(_ line: ArraySlice<UInt8>) -> (String, Bool)? {
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        guard let first = line.first, first != UInt8(ascii: "-"), isWordByte(first),
              let colon = line.firstIndex(where: { !isWordByte($0) }), line[colon] == UInt8(ascii: ":") else { return nil }
        let rest = line[(colon + 1)...]
        guard rest.first.map({ $0 == 0x20 }) ?? true else { return nil }
        let value = rest.drop { $0 == 0x20 }
        let bare = value.isEmpty || value.first == UInt8(ascii: "#")
        return (String(decoding: line[line.startIndex..<colon], as: UTF8.self), bare)
    }

    /// Whether `|` or `>` stands where a block scalar's indicator could (after a blank, with
    /// only indentation or chomping indicators, then a blank or the end of line, after it).
    static func mayStartBlockScalar(_ line: ArraySlice<UInt8>) -> Bool {
        var previous: UInt8 = 0x20
        for i in line.indices {
            let b = line[i]
            if (b == UInt8(ascii: "|") || b == UInt8(ascii: ">")) && previous == 0x20 {
                let after = line[(i + 1)...].drop { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || ($0 >= 0x31 && $0 <= 0x39) }
                if after.first.map({ $0 == 0x20 }) ?? true { return true }
            }
            previous = b
        }
        return false
    }

    /// Anchors and aliases (`&` or `*` before a name's first byte, not after a letter or digit),
    /// a carriage return not before a line feed, the line breaks libyaml knows beyond LF and CR
    /// (NEL, LS, PS) and byte order marks: any of them anywhere, even quoted or in a comment.
    static func hasAnchorOrOddBreak(_ bytes: [UInt8]) -> Bool {
        func isAlnum(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        for i in bytes.indices {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "&"), UInt8(ascii: "*"):
                guard i + 1 < bytes.count else { continue }
                let next = bytes[i + 1]
                if isAlnum(next) || next == UInt8(ascii: "_") || next == UInt8(ascii: "-"), i == 0 || !isAlnum(bytes[i - 1]) { return true }
            case 0x0D:
                if i + 1 == bytes.count || bytes[i + 1] != 0x0A { return true }
            case 0xC2:
                if i + 1 < bytes.count, bytes[i + 1] == 0x85 { return true }
            case 0xE2:
                if i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 { return true }
            case 0xEF:
                if i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF { return true }
            default: break
            }
        }
        return false
    }
}
