import Foundation
import Testing

/// How the real screen is coloured in a real terminal (tmux): what a terminal with 8 colours gets,
/// bold black never sent, and the bottom-right cell painted.
@Suite(.serialized) struct ScreenColourTests {
    /// What a cell is drawn with: SGR colours as given ("" the terminal's own, "3" colour 3,
    /// "208" of 256) and attributes.
    struct Pen: Hashable {
        var fg = "", bg = "", bold = false, underline = false, reverse = false
    }

    /// The cells of one line of `tmux capture-pane -e`: each character with the pen it is drawn with.
    static func cells(_ line: String) -> [(char: Character, pen: Pen)] {
        var out: [(Character, Pen)] = [], pen = Pen()
        var i = line.startIndex
        while i < line.endIndex {
            guard line[i] == "\u{1B}", let end = line[i...].firstIndex(of: "m") else {
                out.append((line[i], pen))
                i = line.index(after: i)
                continue
            }
            var p = line[line.index(i, offsetBy: 2)..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
            while let n = p.popFirst() {
                switch n {
                case 0: pen = Pen()
                case 1: pen.bold = true
                case 4: pen.underline = true
                case 7: pen.reverse = true
                case 22: pen.bold = false
                case 24: pen.underline = false
                case 27: pen.reverse = false
                case 30...37: pen.fg = "\(n - 30)"
                case 90...97: pen.fg = "\(n - 90 + 8)"
                case 39: pen.fg = ""
                case 40...47: pen.bg = "\(n - 40)"
                case 100...107: pen.bg = "\(n - 100 + 8)"
                case 49: pen.bg = ""
                case 38, 48:
                    guard p.popFirst() == 5, let c = p.popFirst() else { break }
                    if n == 38 { pen.fg = "\(c)" } else { pen.bg = "\(c)" }
                default: break
                }
            }
            i = line.index(after: end)
        }
        return out
    }

    /// The demo's checklist in tmux with `term` as the terminal type, as lines of cells.
    func checklist(term: String) throws -> (Tmux, [[(char: Character, pen: Pen)]]) {
        let dir = try CLI.temporaryDirectory()
        let t = Tmux(["env", "TERM=\(term)", CLI.binary.path, "demo"], width: 80, height: 24, in: dir)
        // The demo records a whole audit with `record` before the screen opens.
        #expect(t.wait(for: "audited 15/59", seconds: 40), "\(t.screen)")
        return (t, t.tmux(["capture-pane", "-t", "t", "-p", "-e", "-N"]).split(separator: "\n", omittingEmptySubsequences: false)
            .prefix(24).map { Self.cells(String($0)) })
    }

    /// The pen of the first cell where `text` starts on the line holding `row`.
    func pen(of text: String, onLineWith row: String, in lines: [[(char: Character, pen: Pen)]]) -> Pen? {
        let target = Array(text)
        for line in lines where String(line.map(\.char)).contains(row) {
            for i in line.indices where i + target.count <= line.count && line[i..<(i + target.count)].map(\.char) == target {
                return line[i].pen
            }
        }
        return nil
    }

    /// Bold brightens colours 0-7 in xterm and most terminals: bold black comes out grey.
    func boldBlack(_ lines: [[(char: Character, pen: Pen)]]) -> [String] {
        lines.enumerated().flatMap { y, line in
            line.enumerated().compactMap { x, cell in
                let text = cell.pen.reverse ? cell.pen.bg : cell.pen.fg
                return cell.pen.bold && text == "0" && cell.char != " " ? "\(cell.char) at \(x),\(y)" : nil
            }
        }
    }

    /// With TERM=xterm (8 colours) MAJOR, minor and tier A were all red: each has a look of its
    /// own, every colour is one the terminal has, and the title bar is not bold black.
    @Test func withEightColoursGradesAndTierAStayApart() throws {
        let (t, lines) = try checklist(term: "xterm")
        let major = pen(of: "MAJOR ", onLineWith: "A.6.2.8@ava", in: lines)
        let minor = pen(of: "minor ", onLineWith: "A.5.3@talentlens", in: lines)
        let tierA = pen(of: "A ", onLineWith: "A.5.3@talentlens", in: lines)
        #expect(major != nil && minor != nil && tierA != nil, "\(t.screen)")
        #expect(Set([major, minor, tierA]).count == 3, "\(String(describing: major)) \(String(describing: minor)) \(String(describing: tierA))")
        let colours = Set(lines.joined().flatMap { [$0.pen.fg, $0.pen.bg] })
        #expect(colours.isSubset(of: ["", "0", "1", "2", "3", "4", "5", "6", "7"]), "\(colours.sorted())")
        #expect(boldBlack(lines).isEmpty, "\(boldBlack(lines).prefix(5))")
        t.keys("q")
        #expect(t.waitForExit())
    }

    /// With 256 colours the title bar is bold and black all the same: colour 16, which bold leaves alone.
    @Test func withTwoHundredFiftySixColoursBoldIsNeverBlack() throws {
        let (t, lines) = try checklist(term: "xterm-256color")
        let title = try #require(pen(of: "aimsaudit", onLineWith: "Harbourline Mutual", in: lines))
        #expect(title.bold && title.fg == "16", "\(title)")
        #expect(boldBlack(lines).isEmpty, "\(boldBlack(lines).prefix(5))")
        t.keys("q")
        #expect(t.waitForExit())
    }

    /// The status line reaches the bottom-right cell. (screen-256color has no back-colour erase,
    /// so every cell is written as a character and tmux can tell which were.)
    @Test func theStatusLineReachesTheBottomRightCell() throws {
        let (t, lines) = try checklist(term: "screen-256color")
        let last = try #require(lines.last)
        #expect(last.count == 80, "\(last.count) cells: \(String(last.map(\.char)).debugDescription)")
        if last.count == 80 { #expect(last[79].pen == last[0].pen && last[0].pen.bg != "") }
        t.keys("q")
        #expect(t.waitForExit())
    }
}
