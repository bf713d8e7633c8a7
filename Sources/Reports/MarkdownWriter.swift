/// A `Document` as GitHub-flavoured Markdown: every text escaped (`Markdown`), so it renders as
/// exactly that text. Blocks are separated by a blank line; a line break inside a paragraph or
/// list item is a hard break (`\` at the end of the line), inside a table cell `<br>`; charts are
/// left out (their figures are in a table beside them).
public enum MarkdownWriter {
    public static func write(_ document: Document) -> String {
        var out = ""
        write({ document.blocks.forEach($0) }, to: { out += $0 })
        return out
    }

    /// Blocks given one at a time, written one at a time; a table a row at a time (the report's
    /// largest are thousands of rows, megabytes as one text).
    public static func write(_ blocks: ((Block) -> Void) -> Void, to emit: (String) -> Void) {
        var first = true
        withoutActuallyEscaping(emit) { emit in
            blocks { b in
                if case let .table(header, rows) = b {
                    emit((first ? "" : "\n") + Markdown.tableHead(header.map(cell)))
                    for row in rows { emit(Markdown.tableRow(row.map(cell))) }
                } else {
                    guard let text = block(b) else { return }
                    emit(first ? text : "\n" + text)
                }
                first = false
            }
        }
    }

    static func block(_ block: Block) -> String? {
        switch block {
        case let .heading(level, content):
            return String(repeating: "#", count: level) + " " + inlines(content, lineStart: false) + "\n"
        case .paragraph(let content):
            return inlines(content, lineStart: true) + "\n"
        case .list(let items):
            return list(items, depth: 0)
        case let .table(header, rows):
            return Markdown.table(header.map(cell), rows.map { $0.map(cell) })
        case .chart:
            return nil
        }
    }

    static func list(_ items: [ListItem], depth: Int) -> String {
        let pad = String(repeating: " ", count: 2 * depth)
        return items.map { item in
            pad + "- " + inlines(item.content, lineStart: true, breaks: .hard(indent: pad + "  ")) + "\n"
                + list(item.sublist, depth: depth + 1)
        }.joined()
    }

    /// A table cell is one line of Markdown: a line break in it is `<br>`, after which no block can start.
    static func cell(_ content: [Inline]) -> String { inlines(content, lineStart: false, breaks: .cell) }

    /// How a line break is written: a hard break (`\` at the end of the line, the next line
    /// indented to stay in its list item), or `<br>` inside a table cell.
    enum Breaks {
        case hard(indent: String)
        case cell
        var markdown: String {
            switch self {
            case .hard(let indent): "\\\n" + indent
            case .cell: "<br>"
            }
        }
    }

    /// Inlines as Markdown. Adjacent texts are escaped as one (as Markdown reads them);
    /// `lineStart`: the first text begins a line, where `-`, `+`, `=` and `1.` are markup too, as
    /// is every text after a hard line break (`\` and a newline).
    static func inlines(_ content: [Inline], lineStart: Bool, breaks: Breaks = .hard(indent: "")) -> String {
        var out = "", run = "", runStartsLine = lineStart
        func flush() {
            if !run.isEmpty { out += Markdown.escape(run, lineStart: runStartsLine) }
            run = ""
            runStartsLine = false
        }
        for inline in content {
            switch inline {
            case .text(let s):
                run += s
            case .strong(let x):
                flush()
                out += "**" + inlines(x, lineStart: false, breaks: breaks) + "**"
            case .emphasis(let x):
                flush()
                out += "*" + inlines(x, lineStart: false, breaks: breaks) + "*"
            case .code(let s):
                flush()
                out += Markdown.code(s)
            case let .link(x, to):
                flush()
                out += "[" + inlines(x, lineStart: false, breaks: breaks) + "](" + destination(to) + ")"
            case .lineBreak:
                flush()
                out += breaks.markdown
                if case .hard = breaks { runStartsLine = true }
            }
        }
        flush()
        return out
    }

    /// A link's address as a destination: characters that would end or break it percent-encoded.
    static func destination(_ url: String) -> String {
        var out = ""
        for u in url.unicodeScalars {
            if u.value <= 0x20 || u.value == 0x7F || "()<>\\`\"".unicodeScalars.contains(u) {
                let hex = String(u.value, radix: 16, uppercase: true)
                out += (hex.count == 1 ? "%0" : "%") + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
