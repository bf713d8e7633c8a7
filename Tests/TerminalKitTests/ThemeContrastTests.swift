import Foundation
import Testing
@testable import TerminalKit

/// Colours as xterm draws them, and WCAG 2's contrast between two of them.
enum Xterm {
    typealias RGB = (r: Double, g: Double, b: Double)
    static let basic: [UInt32] = [0x000000, 0xCD0000, 0x00CD00, 0xCDCD00, 0x0000EE, 0xCD00CD, 0x00CDCD, 0xE5E5E5,
                                  0x7F7F7F, 0xFF0000, 0x00FF00, 0xFFFF00, 0x5C5CFF, 0xFF00FF, 0x00FFFF, 0xFFFFFF]
    static let black: RGB = (0, 0, 0), white: RGB = (255, 255, 255)

    /// Colour `n` of xterm's 256: the 16 above, a 6×6×6 cube, 24 greys.
    static func rgb(_ n: Int) -> RGB {
        if n < 16 { let v = basic[n]; return (Double(v >> 16), Double((v >> 8) & 0xFF), Double(v & 0xFF)) }
        if n < 232 {
            let level = [0.0, 95, 135, 175, 215, 255], v = n - 16
            return (level[v / 36], level[(v / 6) % 6], level[v % 6])
        }
        let grey = Double(8 + 10 * (n - 232))
        return (grey, grey, grey)
    }

    static func luminance(_ c: RGB) -> Double {
        func channel(_ v: Double) -> Double { let s = v / 255; return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    }

    static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let la = luminance(a), lb = luminance(b)
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    /// A terminal's own colours: black on white, or white on black.
    enum Background: String, CaseIterable { case light, dark }

    /// The contrast of text in `style` on a terminal with `background`. `brightBold`: bold
    /// colours 0-7 drawn as 8-15, as xterm and most terminals do (before reverse video swaps
    /// them). Dim is counted as halfway to the background, as VTE draws it (xterm is kinder).
    static func contrast(_ style: Style, on background: Background, brightBold: Bool) -> Double {
        let (ownFg, ownBg) = background == .light ? (black, white) : (white, black)
        func color(_ c: Color, _ own: RGB, bold: Bool) -> RGB {
            guard case .indexed(let n) = c else { return own }
            return rgb(bold && brightBold && n < 8 ? n + 8 : n)
        }
        var fg = color(style.fg, ownFg, bold: style.bold), bg = color(style.bg, ownBg, bold: false)
        if style.reverse { swap(&fg, &bg) }
        if style.dim { fg = ((fg.r + bg.r) / 2, (fg.g + bg.g) / 2, (fg.b + bg.b) / 2) }
        return contrast(fg, bg)
    }

    /// Text drawn black in bold: most terminals draw it grey.
    static func boldBlack(_ style: Style) -> Bool {
        style.bold && (style.reverse ? style.bg : style.fg) == .indexed(0)
    }

    /// Every way a cell of `theme` can be drawn that fails: each role, plain and emphasised, on
    /// the selection bar or not, with 256 colours and with 8, on a light and a dark terminal,
    /// bold drawn bright or not; below 4.5:1, or bold black.
    static func problems(_ theme: Theme) -> [String] {
        var found: [String] = []
        for role in Role.allCases {
            for colors in [256, 8] {
                for emphasis in [false, true] {
                    for selected in [false, true] {
                        let look = theme.look(role, emphasis: emphasis, selected: selected, colors: colors)
                        let what = "\(theme.name) \(role.rawValue) at \(colors) colours\(emphasis ? ", bold" : "")\(selected ? ", selected" : "")"
                        if boldBlack(look) { found.append("\(what): bold black") }
                        for background in Background.allCases {
                            let ratio = [false, true].map { contrast(look, on: background, brightBold: $0) }.min()!
                            if ratio < 4.5 { found.append("\(what) on a \(background) terminal: \(String(format: "%.2f", ratio)):1") }
                        }
                    }
                }
            }
        }
        return found
    }
}

@Suite struct ThemeContrastTests {
    @Test(arguments: Theme.builtInNames)
    func everyStyleReadsAtLeast4_5To1OnLightAndDarkTerminals(_ name: String) throws {
        let problems = Xterm.problems(try Theme.load(name))
        #expect(problems.isEmpty, "\(problems.count) below 4.5:1 or bold black:\n\(problems.prefix(20).joined(separator: "\n"))")
    }

    /// The measure itself, on what was seen in a real xterm: the title bar's bold black on cyan
    /// drawn grey (2.0:1), white headings on a light terminal, yellow and cyan text there.
    @Test func theMeasureFindsWhatXtermShowed() throws {
        var boldBlackOnCyan = Style()
        boldBlackOnCyan.fg = .indexed(0); boldBlackOnCyan.bg = .indexed(6); boldBlackOnCyan.bold = true
        #expect(Xterm.boldBlack(boldBlackOnCyan))
        #expect(abs(Xterm.contrast(boldBlackOnCyan, on: .light, brightBold: true) - 2.02) < 0.01)
        #expect(Xterm.contrast(boldBlackOnCyan, on: .light, brightBold: false) > 10)
        let before = try Theme.parse("""
            name: before
            roles:
              normal: {}
              title: {fg: bright-white, bold: true}
              grade-observation: {fg: yellow}
              info: {fg: cyan}
            """, path: "before.yaml")
        let problems = Xterm.problems(before)
        #expect(problems.contains("before title at 256 colours on a light terminal: 1.00:1"), "\(problems)")
        #expect(problems.contains("before grade-observation at 256 colours on a light terminal: 1.70:1"))
        #expect(problems.contains("before info at 256 colours on a light terminal: 1.98:1"))
        #expect(!problems.contains { $0.hasPrefix("before normal ") })
    }

    /// Bold black is never sent: black stays black as colour 16 at 256 colours, and is not bold at 8.
    @Test func emphasisOnBlackKeepsItBlack() throws {
        let theme = try Theme.parse("roles:\n  header: {fg: black, bg: cyan}\n  warn: {fg: yellow, bg: black, reverse: true}\n", path: "t.yaml")
        let at256 = theme.look(.header, emphasis: true, colors: 256)
        #expect(at256.fg == .indexed(16) && at256.bold)
        let at8 = theme.look(.header, emphasis: true, colors: 8)
        #expect(at8.fg == .indexed(0) && !at8.bold)
        #expect(!theme.look(.warn, emphasis: true, colors: 8).bold)
        #expect(theme.look(.warn, emphasis: true, colors: 256).bg == .indexed(16))
    }

    /// With 8 colours (TERM=xterm) each grade that records a finding, each tier, and a form's
    /// field, focused field and dialog, still look different from each other.
    @Test(arguments: Theme.builtInNames)
    func gradesTiersAndFieldsStayApartWithEightColours(_ name: String) throws {
        let theme = try Theme.load(name)
        let groups: [[Role]] = [[.gradeMajor, .gradeMinor, .gradeObservation, .gradeOfi, .gradeConform],
                                [.tierA, .tierB, .tierC], [.field, .fieldFocus, .dialog], [.hintKey, .status, .normal]]
        for colors in [256, 8] {
            for group in groups {
                let looks = group.map { theme.look($0, colors: colors) }
                #expect(Set(looks).count == group.count, "\(name) at \(colors) colours: \(group.map(\.rawValue)) look alike")
            }
        }
    }

    /// Every built-in style that uses more than the 8 basic colours says how it looks with 8.
    @Test(arguments: Theme.builtInNames)
    func everyColouredStyleHasAnExplicitFallback(_ name: String) throws {
        let theme = try Theme.load(name)
        for (role, style) in theme.styles {
            let basic = [style.fg, style.bg].allSatisfy { if case .indexed(let n) = $0 { n < 8 } else { true } }
            #expect(basic || theme.basic[role] != nil, "\(name): \(role.rawValue) has no fallback")
        }
    }
}
