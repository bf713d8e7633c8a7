import Plot

/// A `BarChart` as a figure of inline SVG: a row per bar with its label, the bar, and its
/// figure; a bar with a whole (`of`) drawn as a filled part of a track. Sizes are whole pixels
/// computed from the figures alone, so the same chart always gives the same bytes. Colours
/// come from the page's styles (`tone-…` classes), for screen and print alike.
enum HTMLChart {
    typealias Body = Node<HTML.BodyContext>

    static let labelWidth = 180, barWidth = 170, valueWidth = 70, rowHeight = 22

    static func figure(_ chart: BarChart) -> Body {
        let width = labelWidth + barWidth + valueWidth, height = rowHeight * chart.bars.count + 4
        let scale = max(1, chart.bars.map { max($0.value, $0.of ?? 0) }.max() ?? 1)
        var rows: [Body] = []
        for (i, bar) in chart.bars.enumerated() {
            let y = 2 + i * rowHeight, middle = 2 + i * rowHeight + rowHeight / 2 + 4
            rows.append(svgText(bar.label, x: labelWidth - 6, y: middle, anchor: "end"))
            if let of = bar.of {
                rows.append(rect(x: labelWidth, y: y + 3, width: of * barWidth / scale, height: rowHeight - 6, tone: .none))
            }
            if bar.value > 0 {
                rows.append(rect(x: labelWidth, y: y + 3, width: max(2, bar.value * barWidth / scale), height: rowHeight - 6, tone: bar.tone))
            }
            let figure = bar.of.map { "\(bar.value) of \($0)" } ?? "\(bar.value)"
            let end = labelWidth + (bar.of ?? bar.value) * barWidth / scale
            rows.append(svgText(figure, x: end + 6, y: middle, anchor: "start"))
        }
        return .element(named: "figure", nodes: [
            .class("chart"),
            .element(named: "svg", nodes: [
                .attribute(named: "viewBox", value: "0 0 \(width) \(height)"),
                .attribute(named: "width", value: "\(width)"),
                .attribute(named: "height", value: "\(height)"),
                .attribute(named: "role", value: "img"),
                .element(named: "title", nodes: [HTMLWriter.text(chart.title)]),
            ] + rows),
            .element(named: "figcaption", nodes: [HTMLWriter.text(chart.title)]),
        ])
    }

    static func rect(x: Int, y: Int, width: Int, height: Int, tone: BarChart.Tone) -> Body {
        .selfClosedElement(named: "rect", attributes: [
            Attribute(name: "class", value: "tone-\(tone.rawValue)"),
            Attribute(name: "x", value: "\(x)"), Attribute(name: "y", value: "\(y)"),
            Attribute(name: "width", value: "\(width)"), Attribute(name: "height", value: "\(height)"),
        ])
    }

    static func svgText(_ s: String, x: Int, y: Int, anchor: String) -> Body {
        .element(named: "text", nodes: [
            .attribute(named: "x", value: "\(x)"), .attribute(named: "y", value: "\(y)"),
            .attribute(named: "text-anchor", value: anchor), HTMLWriter.text(s),
        ])
    }
}
