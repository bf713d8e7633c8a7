/// A key press, as the app sees it, whatever terminal it came from.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)      // Ctrl-A … Ctrl-Z, as lower-case letters
    case up, down, left, right, home, end, pageUp, pageDown
    case enter, escape, tab, backTab, backspace, delete
    case function(Int)
    case resize

    /// The name shown in help: "j", "Ctrl-L", "PgDn".
    public var description: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        }
    }

    /// Keys from a string, for tests and scripted input: each character is a key, "\n" Enter,
    /// "\t" Tab, ESC Escape, DEL Backspace, and control characters Ctrl-letters.
    public static func typed(_ text: String) -> [Key] {
        text.map { c -> Key in
            switch c {
            case "\n", "\r": return .enter
            case "\t": return .tab
            case "\u{1B}": return .escape
            case "\u{7F}", "\u{08}": return .backspace
            default:
                if let v = c.asciiValue, v >= 1, v <= 26 { return .ctrl(Character(UnicodeScalar(v + 96))) }
                return .char(c)
            }
        }
    }
}
