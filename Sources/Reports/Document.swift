import VisibleText

/// A report as a document: headings, paragraphs, lists, tables and charts, their text as a
/// reader should see it. Writers turn it into a format (`MarkdownWriter`, `HTMLWriter`), each
/// escaping every piece of text its own way, so nothing in a document can become markup.
public struct Document: Sendable, Equatable {
    public var blocks: [Block]
    public init(_ blocks: [Block] = []) { self.blocks = blocks }

    /// The text of the first level-1 heading (an HTML page's title).
    public var title: String {
        for case let .heading(1, inlines) in blocks { return Inline.plain(inlines) }
        return ""
    }
}

public enum Block: Sendable, Equatable {
    case heading(Int, [Inline])
    case paragraph([Inline])
    case list([ListItem])
    /// A table with a header row; each cell is a run of inlines.
    case table(header: [[Inline]], rows: [[[Inline]]])
    /// Figures drawn as a chart where the format can draw (HTML); the figures are in a table
    /// beside it too, so a format that cannot draw leaves the chart out.
    case chart(BarChart)
}

public struct ListItem: Sendable, Equatable {
    public var content: [Inline]
    public var sublist: [ListItem]
    public init(_ content: [Inline], sublist: [ListItem] = []) { self.content = content; self.sublist = sublist }
}

public indirect enum Inline: Sendable, Equatable {
    case text(String)
    case strong([Inline])
    case emphasis([Inline])
    /// Identifiers the tool itself wrote (hashes, ids), set in a fixed-width face.
    case code(String)
    /// A link to an anchor of the same document (`#name`) or an address.
    case link([Inline], to: String)
    case lineBreak

    /// The text of a one-line field a user wrote: line breaks as spaces, tabs as spaces,
    /// control characters, bidirectional overrides and zero-width characters in a visible
    /// notation (`Visible`), no spaces at either end.
    public static func oneLine(_ userText: String) -> Inline { .text(oneLineText(userText)) }

    /// A text a user wrote that may have several lines: each line as `oneLine` makes it, with line
    /// breaks between them; blank lines left out.
    public static func lines(_ userText: String) -> [Inline] {
        var out: [Inline] = []
        for line in Markdown.lines(userText) {
            let text = oneLineText(line)
            guard !text.allSatisfy(\.isWhitespace) else { continue }
            if !out.isEmpty { out.append(.lineBreak) }
            out.append(.text(text))
        }
        return out
    }

    static func oneLineText(_ userText: String) -> String {
        let flat = Markdown.lines(userText).joined(separator: " ")
        // Tabs as spaces scalar by scalar (a tab followed by a combining mark is one Character).
        let spaced = String(String.UnicodeScalarView(flat.unicodeScalars.map { $0 == "\t" ? " " : $0 }))
        var text = Substring(Visible.text(spaced))
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }

    /// What a reader sees of some inlines as plain text, line breaks as spaces.
    public static func plain(_ inlines: [Inline]) -> String {
        inlines.map { i -> String in
            switch i {
            case .text(let s), .code(let s): s
            case .strong(let x), .emphasis(let x), .link(let x, _): plain(x)
            case .lineBreak: " "
            }
        }.joined()
    }
}

/// Horizontal bars, one per figure, each drawn against the largest (or against its own `of`,
/// as a filled part of a whole).
public struct BarChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Int
        /// The whole the value is a part of (drawn as the bar's track), if any.
        public var of: Int?
        public var tone: Tone
        public init(_ label: String, _ value: Int, of: Int? = nil, tone: Tone) {
            self.label = label; self.value = value; self.of = of; self.tone = tone
        }
    }

    /// How a bar is coloured: by how grave what it counts is.
    public enum Tone: String, Sendable, CaseIterable {
        case grave, serious, notable, mild, good, neutral, none
    }

    public var title: String
    public var bars: [Bar]
    public init(title: String, bars: [Bar]) { self.title = title; self.bars = bars }
}

/// The tool's own words in a document, written as string literals (`"Recorded by:"`).
extension Inline: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension Block {
    /// A table whose header is the tool's own words.
    public static func table(_ header: [String], _ rows: [[[Inline]]]) -> Block {
        .table(header: header.map { [.text($0)] }, rows: rows)
    }
}

extension Array where Element == Inline {
    /// Runs of inlines with a separator between each two.
    public init(joining parts: [[Inline]], separator: Inline) {
        self = parts.enumerated().flatMap { $0.offset == 0 ? $0.element : [separator] + $0.element }
    }
}
