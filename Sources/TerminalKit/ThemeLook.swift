/// How a theme's roles are drawn on a given terminal. One place decides it, for the screen and for
/// the test that measures every style's contrast.
extension Theme {
    /// How a cell of `role` is drawn where the terminal has `colors` colours: the theme's styles at
    /// 256, their 8-colour fallbacks below that (`TERM=xterm` has 8), attributes only at 0.
    /// `emphasis` is the app's bold; `selected`, a cell on the selection bar.
    public func look(_ role: Role, emphasis: Bool = false, selected: Bool = false, colors: Int) -> Style {
        var s = base(role, colors: colors)
        if selected {
            let bar = base(.selection, colors: colors), screen = base(.normal, colors: colors)
            if bar.reverse {
                // A reverse-video bar: every cell keeps its colours, swapped, and so its contrast.
                s.reverse.toggle()
            } else if !s.reverse, s.bg == screen.bg {
                // Only the background changes: a cell's own colour stays, and a chip keeps its own background.
                s.bg = bar.bg
                if s.fg == screen.fg { s.fg = bar.fg }
            }
        }
        if emphasis { s.bold = true }
        // Bold brightens colours 0-7 in xterm and most terminals, so bold black is drawn grey:
        // black stays black as colour 16 where there are 256 colours, else the text is not bold.
        let black = Color.indexed(0)
        if s.bold, s.fg == black || (s.reverse && s.bg == black) {
            if colors >= 256 {
                if s.fg == black { s.fg = .indexed(16) }
                if s.reverse, s.bg == black { s.bg = .indexed(16) }
            } else {
                s.bold = false
            }
        }
        return s
    }

    func base(_ role: Role, colors: Int) -> Style {
        let role = styles[role] == nil ? .normal : role
        if colors >= 256 { return style(role) }
        if colors >= 8 { return basic[role] ?? style(role).nearestBasic }
        return style(role).colourless
    }
}

extension Style {
    /// Each colour as the nearest of the 8 basic ones.
    var nearestBasic: Style {
        var s = self
        s.fg = fg.nearestBasic
        s.bg = bg.nearestBasic
        return s
    }

    /// Without colour: a style with a background of its own is drawn in reverse video.
    var colourless: Style {
        var s = self
        s.reverse = reverse || bg != .terminalDefault
        s.fg = .terminalDefault
        s.bg = .terminalDefault
        return s
    }
}

extension Color {
    /// The nearest of the 8 basic colours: a bright one's plain self, a grey black or white, a
    /// colour of the 6×6×6 cube each of red, green and blue on from its upper half.
    var nearestBasic: Color {
        guard case .indexed(let n) = self else { return self }
        if n < 16 { return .indexed(n % 8) }
        if n >= 232 { return .indexed(n < 244 ? 0 : 7) }
        let v = n - 16
        let r = v / 36, g = (v / 6) % 6, b = v % 6
        return .indexed((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    }
}
