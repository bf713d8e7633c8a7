import Plot

/// A `Document` as one self-contained HTML page: the styles inside it (`HTMLStyle`, with a print
/// stylesheet), charts as inline SVG, nothing fetched from anywhere. Written with Plot, every text
/// a text node made by `text(_:)`, so what a user wrote can never become markup.
public enum HTMLWriter {
    typealias Body = Node<HTML.BodyContext>

    public static func write(_ document: Document) -> String {
        let page = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [text(document.title)]),
                .style(HTMLStyle.css)
            ),
            .body(.main(.group(blocks(document).flatMap { [$0, .raw("\n")] })))
        )
        return page.render() + "\n"
    }

    /// The blocks, each heading with an id made of its text (`6-summary-and-conclusion`) so
    /// that a part of the page can be linked to, and a table followed by a chart side by side.
    static func blocks(_ document: Document) -> [Body] {
        var ids: Set<String> = []
        var out: [Body] = []
        var pending: Block?
        for b in document.blocks {
            if let table = pending {
                pending = nil
                if case .chart = b {
                    out.append(.div(.class("beside"), block(table), block(b)))
                    continue
                }
                out.append(block(table))
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
        if let table = pending { out.append(block(table)) }
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

    static func block(_ block: Block) -> Body {
        switch block {
        case let .heading(level, content):
            return .element(named: "h\(min(max(level, 1), 6))", nodes: inlines(content))
        case .paragraph(let content):
            return .p(.group(inlines(content)))
        case .list(let items):
            return list(items)
        case let .table(header, rows):
            return .table(
                .thead(.tr(.group(header.map { .th(.group(inlines($0))) }))),
                .tbody(.group(rows.map { row in .tr(.group(row.map { .td(.group(inlines($0))) })) }))
            )
        case .chart(let chart):
            return HTMLChart.figure(chart)
        }
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
