import Plot

/// A `Document` as one self-contained HTML page: the styles inside it (`HTMLStyle`, with a print
/// stylesheet), charts as inline SVG, nothing fetched from anywhere. Written with Plot, every text
/// a text node made by `text(_:)`, so what a user wrote can never become markup.
public enum HTMLWriter {
    typealias Body = Node<HTML.BodyContext>

    /// `title`: the page's title, if not the document's first level-1 heading. `columnWidths`:
    /// each table says how wide its columns are, from their text (for pandoc, which otherwise makes
    /// every column as wide as the others; a browser finds better widths itself).
    public static func write(_ document: Document, title: String? = nil, columnWidths: Bool = false) -> String {
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [text(title ?? document.title)]),
                .style(HTMLStyle.css)
            ),
            .body(.main(.group(blocks(document, columnWidths: columnWidths).flatMap { [$0, .raw("\n")] })))
        )
        return page.render() + "\n"
    }

    /// The blocks, each heading with an id made of its text (`6-summary-and-conclusion`) so
    /// that a part of the page can be linked to, and a table followed by a chart side by side.
    static func blocks(_ document: Document, columnWidths: Bool) -> [Body] {
        var ids: Set<String> = []
        var out: [Body] = []
        var pending: Block?
        for b in document.blocks {
            if let table = pending {
                pending = nil
                if case .chart = b {
                    out.append(.div(.class("beside"), block(table, columnWidths: columnWidths), block(b)))
                    continue
                }
                out.append(block(table, columnWidths: columnWidths))
            }
            switch b {
            case .table:
                pending = b
            case let .heading(level, content):
                var id = anchor(Inline.plain(content)), n = 1
                while ids.contains(id) { n += 1; id = anchor(Inline.plain(content)) + "-\(n)" }
                ids.insert(id)
                out.append(.element(named: "h\(min(max(level, 1), 6))", nodes: [.id(id)] + inlines(content)))
            default:
                out.append(block(b))
            }
        }
        if let table = pending { out.append(block(table, columnWidths: columnWidths)) }
        return out
    }

    /// A heading's text as an anchor: ASCII letters and digits, lower-cased, the rest as single hyphens.
    public static func anchor(_ text: String) -> String {
        var out = ""
        for u in text.lowercased().unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "0" && u <= "9") { out.unicodeScalars.append(u) } else if !out.isEmpty, !out.hasSuffix("-") { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "section" : out
    }

    /// Text as it reads, as a Plot text node. Plot escapes Character by Character and keeps
    /// character references (a user's `&copy;` would show as ©), and a `<` followed by a combining
    /// mark is one Character it leaves alone; so a Character holding `&`, `<` or `>` is written
    /// as references first, each of its scalars (`&lt;&#x301;`), which Plot leaves as they are.
    static func text<C>(_ s: String) -> Node<C> {
        var out = ""
        for c in s {
            guard c.unicodeScalars.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { out.append(c); continue }
            for u in c.unicodeScalars {
                switch u {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                default: out += "&#x" + String(u.value, radix: 16, uppercase: true) + ";"
                }
            }
        }
        return .text(out)
    }

    /// An attribute's value for the tool's own attributes that carry text (a link's address):
    /// Plot writes attribute values as they are.
    static func attributeValue(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func block(_ block: Block, columnWidths: Bool = false) -> Body {
        switch block {
        case let .heading(level, content):
            return .element(named: "h\(min(max(level, 1), 6))", nodes: inlines(content))
        case .paragraph(let content):
            return .p(.group(inlines(content)))
        case .list(let items):
            return list(items)
        case let .table(header, rows):
            return .table(
                columnWidths ? colgroup(header: header, rows: rows) : .empty,
                .thead(.tr(.group(header.map { .th(.group(inlines($0))) }))),
                .tbody(.group(rows.map { row in .tr(.group(row.map { .td(.group(inlines($0))) })) }))
            )
        case .chart(let chart):
            return HTMLChart.figure(chart)
        }
    }

    /// Each column's share of the table's width, in whole percent, for a line of about 95
    /// characters (a page's width in a table's type): each column at least as wide as its longest
    /// word, the rest of the line shared by how long its texts usually are (the average, at most 60).
    static func colgroup(header: [[Inline]], rows: [[[Inline]]]) -> Node<HTML.TableContext> {
        let line = 95, padding = 2
        let columns = header.indices.map { i -> (least: Int, wanted: Int) in
            let texts = ([header] + rows).compactMap { $0.indices.contains(i) ? Inline.plain($0[i]) : nil }
            let word = texts.flatMap { $0.split(whereSeparator: \.isWhitespace) }.map(\.count).max() ?? 1
            let average = texts.map(\.count).reduce(0, +) / max(1, texts.count)
            return (word + padding, max(word, min(average, 60)) + padding)
        }
        let least = columns.map(\.least).reduce(0, +), wanted = columns.map(\.wanted).reduce(0, +)
        let widths: [Int]
        if wanted <= line || least >= line {
            widths = columns.map { least >= line ? $0.least : $0.wanted }
        } else {
            // Each its least, and what is left of the line as each wants more.
            widths = columns.map { $0.least * (wanted - least) + ($0.wanted - $0.least) * (line - least) }
        }
        let total = max(1, widths.reduce(0, +))
        var percents = widths.map { $0 * 100 / total }
        percents[percents.count - 1] += 100 - percents.reduce(0, +)
        return .element(named: "colgroup", nodes: percents.map { .selfClosedElement(named: "col", attributes: [Attribute(name: "style", value: "width: \($0)%")]) })
    }

    static func list(_ items: [ListItem]) -> Body {
        .ul(.group(items.map { item in
            .li(.group(inlines(item.content)), item.sublist.isEmpty ? .empty : list(item.sublist))
        }))
    }

    static func inlines<C>(_ content: [Inline]) -> [Node<C>] {
        content.map { inline in
            switch inline {
            case .text(let s): text(s)
            case .strong(let x): .element(named: "strong", nodes: inlines(x) as [Node<C>])
            case .emphasis(let x): .element(named: "em", nodes: inlines(x) as [Node<C>])
            case .code(let s): .element(named: "code", nodes: [text(s) as Node<C>])
            case let .link(x, to):
                .element(named: "a", nodes: [.attribute(named: "href", value: attributeValue(to))] + (inlines(x) as [Node<C>]))
            case .lineBreak: .selfClosedElement(named: "br")
            }
        }
    }
}
