import Foundation
import SafeYAML
import Workpaper
import Yams

/// A programme file's text cut at its top-level keys, so that whole sections can be replaced,
/// added or taken out while every other line — comments included — stays as it was written.
/// A section runs from its key to its last line that is neither blank nor a comment at the
/// left margin; those lines before the next key stay with it (they usually head it).
struct Sections {
    enum Origin: Equatable {
        /// A line of the file, by its number there.
        case file(Int)
        /// A line of a new section: which one, and its line (1-based) in it.
        case new(Int, Int)
    }

    struct Line {
        var text: String
        var origin: Origin
    }

    struct Section {
        var key: String
        /// Blank lines and comments between the previous section and this key.
        var leading: [Line]
        var body: [Line]
    }

    /// The order of the programme file's keys, where a new section goes.
    static let order = ["format", "organisation", "settings", "people", "suppliers", "ai_systems", "catalogues",
                        "requirements", "controls", "conflicts", "history", "audits"]

    var preamble: [Line]
    var sections: [Section]
    var tail: [Line]
    var byteOrderMark: Bool
    /// "\r" when the file's lines end with CRLF.
    var lineEnd: String

    /// The file's sections; a located error when its top level is not one key per line at the
    /// left margin (then its sections cannot be told apart by lines).
    init(_ bytes: [UInt8], path: String) throws(LoadError) {
        func fail(_ line: Int, _ column: Int, _ message: String) -> LoadError {
            .badData([Diagnostic(path: path, line: line, column: column, message: message)], more: 0)
        }
        let composed: (text: String, root: Node?)
        do { composed = try SafeYAML.compose(bytes) } catch {
            throw fail(error.line, error.column, error.message.replacingOccurrences(of: "not YAML", with: "not a YAML programme"))
        }
        guard let mapping = composed.root?.mapping else {
            // Empty, or not a mapping: the loader says so in its words.
            _ = try ProgrammeLoader.parse(bytes, path: path)
            throw fail(1, 1, "a programme is a mapping of keys (format, organisation, people, …)")
        }
        byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        // By bytes: "\r\n" is one Character, which a split at "\n" would not see.
        var lines = Array(composed.text.utf8).split(separator: 10, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        if composed.text.utf8.last == 10 { lines.removeLast() }
        lineEnd = lines.first?.hasSuffix("\r") == true ? "\r" : ""
        let all = lines.enumerated().map { Line(text: $0.element, origin: .file($0.offset + 1)) }

        var starts: [(key: String, index: Int)] = []
        for key in mapping.keys {
            guard let mark = key.mark, mark.column == 1, mark.line > (starts.last.map { $0.index + 1 } ?? 0),
                  let name = key.scalar?.string else {
                throw fail(key.mark?.line ?? 1, key.mark?.column ?? 1,
                           "the programme's top-level keys must each start a line at the left margin (block style) for its sections to be replaced")
            }
            starts.append((name, mark.line - 1))
        }
        func isFiller(_ line: Line) -> Bool {
            let t = line.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty || line.text.hasPrefix("#")
        }
        preamble = Array(all[..<(starts.first?.index ?? all.count)])
        sections = []
        var previousEnd = starts.first?.index ?? all.count
        for (n, start) in starts.enumerated() {
            let next = n + 1 < starts.count ? starts[n + 1].index : all.count
            var end = next
            while end > start.index + 1, isFiller(all[end - 1]) { end -= 1 }
            sections.append(Section(key: start.key, leading: Array(all[previousEnd..<start.index]),
                                    body: Array(all[start.index..<end])))
            previousEnd = end
        }
        tail = Array(all[previousEnd...])
    }

    /// Puts `lines` in place of the section `key`, or adds them as that section where the
    /// programme format orders it.
    mutating func put(_ key: String, _ lines: [String], as number: Int) {
        let body = lines.enumerated().map { Line(text: $0.element + lineEnd, origin: .new(number, $0.offset + 1)) }
        if let i = sections.firstIndex(where: { $0.key == key }) {
            sections[i].body = body
            return
        }
        let rank = Self.order.firstIndex(of: key) ?? Self.order.count
        let after = sections.lastIndex { (Self.order.firstIndex(of: $0.key) ?? Self.order.count) < rank }
        let at = after.map { $0 + 1 } ?? 0
        sections.insert(Section(key: key, leading: [Line(text: lineEnd, origin: .new(number, 0))], body: body), at: at)
    }

    /// Takes out the section `key` with the comment lines right above it.
    mutating func remove(_ key: String) {
        guard let i = sections.firstIndex(where: { $0.key == key }) else { return }
        var leading = sections[i].leading
        while let last = leading.last, last.text.hasPrefix("#") { leading.removeLast() }
        sections.remove(at: i)
        func blank(_ l: Line) -> Bool { l.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        if i < sections.count {
            sections[i].leading = leading + sections[i].leading
            // One blank line where the section was, not two.
            while sections[i].leading.count > 1, blank(sections[i].leading[0]), blank(sections[i].leading[1]) {
                sections[i].leading.removeFirst()
            }
        } else {
            tail = leading + tail
        }
    }

    var lines: [Line] { preamble + sections.flatMap { $0.leading + $0.body } + tail }

    var bytes: [UInt8] {
        (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(lines.map { $0.text + "\n" }.joined().utf8)
    }
}
