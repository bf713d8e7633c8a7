import AuditCore
import TerminalKit

/// Forms and pickers, drawn as bordered panels with their titles in the border; a form's inputs
/// on the field role (a tint of the panel), the focused one on the focused-field role.
extension Render {
    /// A panel's width on a screen this wide.
    static func panelWidth(_ screenWidth: Int) -> Int { min(screenWidth - 4, 76) }

    /// A form's labels' column (labels shown whole, up to a third of the panel) and its inputs'.
    static func formColumns(_ form: any FormModel, screenWidth: Int) -> (labels: Int, inputs: Int) {
        let inner = panelWidth(screenWidth) - 4
        let labelW = min(max(15, form.inputs.map { Width.of($0.label) }.max() ?? 0), inner / 3)
        return (labelW, max(10, inner - labelW - 1))
    }

    static func dialogInputWidth(_ form: any FormModel, screenWidth: Int) -> Int { formColumns(form, screenWidth: screenWidth).inputs }

    /// The rows a picker shows its choices in.
    static func pickerRows(_ p: Picker, screenHeight: Int) -> Int { max(1, min(p.options.count, screenHeight - 6)) }

    static func dialog(_ c: inout Canvas, _ s: AppState, _ d: Dialog) {
        switch d {
        case .form(let form): self.form(&c, s, form)
        case .picker(let picker): self.picker(&c, s, picker)
        }
    }

    static func picker(_ c: inout Canvas, _ s: AppState, _ p: Picker) {
        let w = panelWidth(c.width), rows = pickerRows(p, screenHeight: c.height)
        let h = rows + 4
        let panel = Panel(x: (c.width - w) / 2, y: max(1, (c.height - 1 - h) / 2), width: w, height: h, title: p.title,
                          footnote: p.options.count > rows ? p.list.position(count: p.options.count) : "")
        panel.draw(into: &c)
        let inner = panel.inner
        let view = ListView(x: inner.x, y: inner.y + 1, width: inner.width, height: rows)
        let marker = s.ascii ? ">" : "▸"
        view.draw(into: &c, count: p.options.count, state: p.list) { c, row, y in
            c.fill(inner.x, y, inner.width, 1, role: .dialog)
            let chosen = row == p.choice
            c.put(inner.x, y, (chosen ? marker + " " : "  ") + p.options[row], role: .dialog, bold: chosen, maxWidth: inner.width)
        }
    }

    static func form(_ c: inout Canvas, _ s: AppState, _ form: any FormModel) {
        let w = panelWidth(c.width)
        let (labelW, inputW) = formColumns(form, screenWidth: c.width)
        // A refusal is read whole: wrapped over as many lines as it takes (the form gives up rows).
        var errorLines = form.error.map { wrap($0, w - 4) } ?? []
        errorLines = Array(errorLines.prefix(max(1, c.height - 9)))
        let room = c.height - 1 - 6 - (errorLines.isEmpty ? 0 : errorLines.count + 1)
        let rows = max(1, min(form.inputs.count, room))
        let h = rows + 4 + (errorLines.isEmpty ? 0 : errorLines.count + 1)
        // A form taller than the screen scrolls so the focused input shows.
        let window = ListState(selected: form.focus).window(count: form.inputs.count, rows: rows)
        let hidden = form.inputs.count > rows
        let panel = Panel(x: (c.width - w) / 2, y: max(1, (c.height - 1 - h) / 2), width: w, height: h, title: form.title,
                          footnote: hidden ? "field \(form.focus + 1) of \(form.inputs.count)" : "")
        panel.draw(into: &c)
        let inner = panel.inner
        let inputX = inner.x + labelW + 1
        for (i, input) in form.inputs.enumerated().dropFirst(window.first).prefix(rows) {
            let y = inner.y + 1 + i - window.first
            let focused = i == form.focus
            c.put(inner.x, y, Width.pad(input.label, labelW), role: .dialog, bold: focused)
            if focused {
                _ = input.editor.render(into: &c, x: inputX, y: y, width: inputW, height: 1, role: .fieldFocus, focused: true)
            } else {
                // Not being typed in: the start of the text, as it reads, "…" where it goes on.
                c.fill(inputX, y, inputW, 1, role: .field)
                c.put(inputX, y, input.text, role: .field, maxWidth: inputW)
            }
        }
        if hidden {
            if window.first > 0 { c.put(inner.x + inner.width - 1, inner.y + 1, s.ascii ? "^" : "↑", role: .dialog) }
            if window.first + rows < form.inputs.count { c.put(inner.x + inner.width - 1, inner.y + rows, s.ascii ? "v" : "↓", role: .dialog) }
        }
        for (i, line) in errorLines.enumerated() {
            c.put(inner.x, inner.y + rows + 2 + i, line, role: .statusError, maxWidth: inner.width)
        }
    }
}
