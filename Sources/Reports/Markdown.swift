import VisibleText

/// Writing user text into GitHub-flavoured Markdown so that it renders as exactly that text:
/// nothing a user typed becomes markup, a link, an entity or HTML.
public enum Markdown {
    /// Characters that can start or end markup anywhere in a line.
    static let inlineSpecial: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "&", "|", "#", "~", "!", "$"]

    /// `inlineSpecial`, for a byte.
    static func isSpecial(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "#"), UInt8(ascii: "~"),
             UInt8(ascii: "!"), UInt8(ascii: "$"):
            return true
        default:
            return false
        }
    }

    /// Escapes one line of user text for use inside a paragraph, list item or table cell.
    /// `lineStart`: the text begins a line of a block, where `-`, `+`, `=` and `1.` are markup too.
    /// URLs stay plain text: their `://` and `www.` are escaped so the autolink extension does not
    /// turn them into links (whose text would keep the escapes). E-mail addresses may still become
    /// mailto links; their text is unchanged.
    public static func inline(_ text: String, lineStart: Bool = false) -> String {
        if Visible.oneScalarCharacters(text) { return oneScalarInline(text, lineStart: lineStart) }
        return characterInline(text, lineStart: lineStart)
    }

    /// Escapes a text that `Inline` holds (one line, control characters already made visible)
    /// for use where `inline` would be, keeping the spaces at its ends: `lineStart` as there.
    static func escape(_ text: String, lineStart: Bool) -> String {
        let lead = text.prefix { $0 == " " }
        let core = text.dropFirst(lead.count)
        let trail = core.reversed().prefix { $0 == " " }
        return String(lead) + inline(String(core.dropLast(trail.count)), lineStart: lineStart) + String(trail)
    }

    /// `inline` for text whose every scalar is a character of its own, with no control
    /// characters (`Visible.oneScalarCharacters`), on its UTF-8 bytes: what can be markup is
    /// ASCII, and the rest is copied as it is.
    static func oneScalarInline(_ text: String, lineStart: Bool) -> String {
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func isW(_ b: UInt8) -> Bool { b == 0x77 || b == 0x57 }
        var leadingDigits = 0
        while start + leadingDigits < bytes.count, isDigit(bytes[start + leadingDigits]) { leadingDigits += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for i in start ..< bytes.count {
            let b = bytes[i]
            var escape = false
            if b < 0x80 {
                let listMarker = lineStart && i == start && (b == 0x2D || b == 0x2B || b == 0x3D)
                let orderedMarker = lineStart && leadingDigits > 0 && i == start + leadingDigits && (b == 0x2E || b == 0x29)
                let scheme = b == 0x3A && i + 2 < bytes.count && bytes[i + 1] == 0x2F && bytes[i + 2] == 0x2F
                var www = false
                if b == 0x2E, i - 3 >= start, isW(bytes[i - 3]), isW(bytes[i - 2]), isW(bytes[i - 1]) {
                    if i - 3 == start {
                        www = true
                    } else {
                        // The character before "www": its scalar ends at byte i - 4.
                        var first = i - 4
                        while first > start, bytes[first] & 0xC0 == 0x80 { first -= 1 }
                        let c = String(decoding: bytes[first ... i - 4], as: UTF8.self).first ?? " "
                        www = !(c.isLetter || c.isNumber)
                    }
                }
                escape = isSpecial(b) || listMarker || orderedMarker || scheme || www
            }
            if escape { out.append(0x5C) }
            out.append(b)
        }
        // Trailing spaces would make a line break.
        while out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// `inline` Character by Character, for any text.
    static func characterInline(_ text: String, lineStart: Bool) -> String {
        // One line: a line break in a one-line field must not start a block of its own.
        // Tabs as spaces, scalar by scalar (a tab followed by a combining mark is one Character).
        let flat = String(String.UnicodeScalarView(lines(text).joined(separator: " ").unicodeScalars.map { $0 == "\t" ? " " : $0 }))
        let line = Array(Visible.text(flat).drop { $0 == " " })
        // What Markdown sees is the first code point of each Character: `*` followed by a
        // combining accent is still emphasis to cmark, so it is judged (and escaped) by its base.
        let base = line.map { $0.unicodeScalars.first.map(Character.init) ?? $0 }
        let leadingDigits = base.prefix { $0.isASCII && $0.isNumber }.count
        var out = ""
        for (i, c) in line.enumerated() {
            let b = base[i]
            let listMarker = lineStart && i == 0 && (b == "-" || b == "+" || b == "=")
            let orderedMarker = lineStart && leadingDigits > 0 && i == leadingDigits && (b == "." || b == ")")
            let scheme = b == ":" && i + 2 < line.count && base[i + 1] == "/" && base[i + 2] == "/"
            let www = b == "." && i >= 3 && String(base[(i - 3)..<i]).lowercased() == "www"
                && (i == 3 || !(base[i - 4].isLetter || base[i - 4].isNumber))
            if inlineSpecial.contains(b) || listMarker || orderedMarker || scheme || www { out.append("\\") }
            out.append(c)
        }
        // Trailing spaces would make a line break.
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    /// The lines of a text, split at LF, CRLF and a lone CR (a CRLF is one Character in Swift,
    /// so splitting at "\n" alone would leave it whole), empty lines left out.
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" }.map { String(String.UnicodeScalarView($0)) }
    }

    /// User text that may have several lines, as a run of lines joined by hard breaks;
    /// continuation lines are indented by `indent` spaces (to stay inside a list item).
    /// `startsLine`: the first line begins a line of the document.
    public static func text(_ text: String, indent: Int = 0, startsLine: Bool = false) -> String {
        let lines = Self.lines(text)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .enumerated().map { inline($0.element, lineStart: startsLine || $0.offset > 0) }
        let pad = String(repeating: " ", count: indent)
        return lines.enumerated().map { i, l in (i == 0 ? "" : pad) + l }.joined(separator: "\\\n")
    }

    /// User text inside a table cell: one line, breaks shown as `<br>` (the only HTML the report writes).
    public static func cell(_ text: String) -> String {
        lines(text)
            .map { inline($0) }
            .filter { !$0.isEmpty }
            .joined(separator: "<br>")
    }

    /// A table with a header row; cells are already escaped.
    public static func table(_ header: [String], _ rows: [[String]]) -> String {
        rows.reduce(into: tableHead(header)) { $0 += tableRow($1) }
    }

    /// A table's header and the line under it.
    static func tableHead(_ header: [String]) -> String {
        "| " + header.joined(separator: " | ") + " |\n" + "|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
    }

    /// One row of a table.
    static func tableRow(_ row: [String]) -> String {
        "| " + row.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |\n"
    }

    /// Code spans for identifiers the tool itself wrote (hashes, ids): never user text.
    public static func code(_ text: String) -> String { "`\(text.replacingOccurrences(of: "`", with: "'"))`" }
}
