import CNcursesw
import Foundation
import TerminalKit

/// The only code that touches ncurses: keys in through `wget_wch`, frames out by writing only the
/// cells that changed and one `doupdate`, colours from the theme with 256 / 8 / no-colour fallbacks.
public final class CursesTerminal: Terminal {
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal, noTerm, unknownTerm(String), noCursorAddressing(String)
        public var description: String {
            switch self {
            case .notATerminal: "aimsaudit: the screen needs a terminal (standard input and output are not a tty); use list, check, record and export in scripts"
            case .noTerm: "aimsaudit: TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color"
            case .unknownTerm(let t): "aimsaudit: unknown terminal type TERM=\(t); try TERM=xterm-256color"
            case .noCursorAddressing(let t): "aimsaudit: the terminal TERM=\(t) cannot move the cursor; the screen needs a full terminal"
            }
        }
    }

    let screen: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let theme: Theme
    let colors: Int
    public let utf8: Bool
    private var previous: Canvas?
    private var pairs: [Style: Int16] = [:]
    private var nextPair: Int16 = 1

    public static func start(theme: Theme, useColor: Bool) throws(StartError) -> CursesTerminal {
        guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
        guard let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty else { throw .noTerm }
        setlocale(LC_ALL, "")
        // The codeset's name without its dashes (not through Foundation's search: 1 M instructions).
        let utf8 = String(cString: aims_codeset()).uppercased().filter { $0 != "-" } == "UTF8"
        guard let screen = newterm(nil, aims_stdout(), aims_stdin()) else { throw .unknownTerm(term) }
        guard aims_has_cup() != 0 else {
            endwin()
            delscreen(screen)
            throw .noCursorAddressing(term)
        }
        raw()            // Ctrl-C arrives as a key, so the app saves before leaving
        noecho()
        nonl()
        let win = aims_stdscr()!
        keypad(win, true)
        set_escdelay(25)
        var colors = 0
        if useColor, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(aims_colors()) >= 8 ? Int(aims_colors()) : 0
        }
        return CursesTerminal(screen: screen, window: win, theme: theme, colors: colors, utf8: utf8)
    }

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>, theme: Theme, colors: Int, utf8: Bool) {
        self.screen = screen
        self.window = window
        self.theme = theme
        self.colors = colors
        self.utf8 = utf8
    }

    public func stop() {
        curs_set(1)
        endwin()
        delscreen(screen)
    }

    public var size: (width: Int, height: Int) { (Int(aims_getmaxx(window)), Int(aims_getmaxy(window))) }

    public func readKey(timeout: Double?) -> Key? {
        wtimeout(window, timeout.map { Int32($0 * 1000) } ?? -1)
        var ch: wint_t = 0
        let r = wget_wch(window, &ch)
        if r == KEY_CODE_YES {
            switch Int32(ch) {
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_RESIZE: previous = nil; return .resize
            default:
                for n in 1...12 where Int32(ch) == aims_key_f(Int32(n)) { return .function(n) }
                return nil
            }
        }
        guard r == OK else { return nil }
        switch ch {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(UnicodeScalar(UInt8(ch) + 96)))
        default:
            guard let scalar = UnicodeScalar(UInt32(ch)) else { return nil }
            return .char(Character(scalar))
        }
    }

    /// Writes the cells that differ from the last frame, then shows them with one update.
    public func draw(_ canvas: Canvas) {
        // The cells by index (a call into TerminalKit for each cell was a fifth of the first frame).
        let cells = canvas.cells, width = canvas.width
        let old = previous.flatMap { $0.width == width && $0.height == canvas.height ? $0.cells : nil }
        if old == nil { werase(window) }
        /// The bytes of one run, ended by NUL for ncurses; kept from run to run.
        var run: [CChar] = []
        run.reserveCapacity(width * 4 + 1)
        for y in 0..<canvas.height {
            let row = y * width
            // The span of the row that changed, written as runs of one style: one call for each
            // run, not for each cell (a page of the checklist changes most of the screen).
            var lo = 0, hi = width - 1
            if let old {
                while lo < width, old[row + lo] == cells[row + lo] { lo += 1 }
                if lo == width { continue }
                while hi > lo, old[row + hi] == cells[row + hi] { hi -= 1 }
                // A changed continuation cell: its wide character is written again.
                if lo > 0, cells[row + lo].isContinuation { lo -= 1 }
            }
            // The bottom-right cell is written too: ncurses puts it there without scrolling
            // (and reports ERR, as the cursor cannot move on from it).
            var x = lo
            while x <= hi {
                let cell = cells[row + x]
                if cell.isContinuation { x += 1; continue }
                run.removeAll(keepingCapacity: true)
                var end = x + 1
                // A run is ASCII only: where anything else stands, the next cell is placed by its
                // own position, so the grid never depends on the C library's idea of a width.
                if let first = Self.oneCell(cell.text) {
                    run.append(first)
                    while end <= hi {
                        let next = cells[row + end]
                        guard next.role == cell.role, next.bold == cell.bold, next.selected == cell.selected,
                              let byte = Self.oneCell(next.text) else { break }
                        run.append(byte)
                        end += 1
                    }
                } else {
                    for byte in (utf8 ? cell.text : ascii(cell.text)).utf8 { run.append(CChar(bitPattern: byte)) }
                    if !utf8, x + 1 < width, cells[row + x + 1].isContinuation {
                        run.append(0x20)   // a wide character is one "?" without UTF-8: its second cell a space
                    }
                }
                run.append(0)
                apply(cell)
                _ = mvwaddstr(window, Int32(y), Int32(x), run)
                x = end
            }
        }
        if let c = canvas.cursor {
            curs_set(1)
            wmove(window, Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wnoutrefresh(window)
        doupdate()
        previous = canvas
    }

    /// The byte of one printable ASCII character (one cell wherever it is drawn), else nil.
    static func oneCell(_ text: String) -> CChar? {
        guard text.utf8.count == 1, let byte = text.utf8.first, byte >= 0x20, byte < 0x7F else { return nil }
        return CChar(bitPattern: byte)
    }

    private func ascii(_ text: String) -> String { AsciiFallback.cell(text) }

    private func apply(_ cell: Cell) {
        let style = theme.style(of: cell, colors: colors)
        var attrs = aims_a_normal()
        if style.bold { attrs |= aims_a_bold() }
        if style.dim { attrs |= aims_a_dim() }
        if style.underline { attrs |= aims_a_underline() }
        if style.reverse { attrs |= aims_a_reverse() }
        let pair = colors == 0 ? 0 : pairNumber(style)
        wattr_set(window, attrs, pair, nil)
    }

    private func pairNumber(_ style: Style) -> Int16 {
        let key = Style.colorsOnly(style)
        if let p = pairs[key] { return p }
        guard Int32(nextPair) < aims_color_pairs() else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, color(style.fg), color(style.bg))
        pairs[key] = p
        return p
    }

    /// A colour of the theme's look for this terminal (which has already made it one the terminal has).
    private func color(_ c: Color) -> Int16 {
        switch c {
        case .terminalDefault: -1
        case .indexed(let n): Int16(n)
        }
    }

    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    public func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Back from the shell or an editor: the program's terminal modes again, and the next frame
    /// is written whole (ncurses clears the screen first).
    public func resume() {
        reset_prog_mode()
        invalidate()
    }

    public func stopJob() -> Bool {
        // A program that leads its own session (a terminal's own command, no shell) has nowhere to stop to.
        guard getpgrp() != getsid(0) else { return false }
        Job.stop()
        return true
    }
}

extension Style {
    static func colorsOnly(_ s: Style) -> Style {
        var k = Style()
        k.fg = s.fg
        k.bg = s.bg
        return k
    }
}
