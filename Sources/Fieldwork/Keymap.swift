import TerminalKit

/// What a key asks for. One table (`Keymap.bindings`) maps keys to commands per screen and
/// writes the help screen, so the two can never disagree.
public enum Command: Hashable, Sendable {
    case up, down, top, bottom, pageUp, pageDown
    case open, back, cancel, quit
    case search, next, previous, filter, sort
    case nextField, previousField, edit, addEvidence, sample, action, editExternal
    case findings, history, export, help, commandLine, redraw, suspend, programme, assignment
}

public struct Binding: Sendable {
    public enum Context: String, Sendable, CaseIterable { case everywhere, lists, checklist, item }
    public var keys: [Key]
    public var context: Context
    public var command: Command
    public var help: String
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.up, .char("k")], context: .lists, command: .up, help: "move up"),
        Binding(keys: [.down, .char("j")], context: .lists, command: .down, help: "move down"),
        Binding(keys: [.char("g"), .home], context: .lists, command: .top, help: "first row"),
        Binding(keys: [.char("G"), .end], context: .lists, command: .bottom, help: "last row"),
        Binding(keys: [.pageUp, .ctrl("b")], context: .lists, command: .pageUp, help: "page up"),
        Binding(keys: [.pageDown, .ctrl("f"), .char(" ")], context: .lists, command: .pageDown, help: "page down"),
        Binding(keys: [.enter], context: .lists, command: .open, help: "open the item"),
        Binding(keys: [.char("/")], context: .checklist, command: .search, help: "search key, title, owner, notes"),
        Binding(keys: [.char("n")], context: .checklist, command: .next, help: "next match"),
        Binding(keys: [.char("N")], context: .checklist, command: .previous, help: "previous match"),
        Binding(keys: [.char("f")], context: .checklist, command: .filter, help: "filter: grade, tier, mine, unassigned, conflicts"),
        Binding(keys: [.char("s")], context: .checklist, command: .sort, help: "sort by weight or by clause"),
        Binding(keys: [.char("F")], context: .checklist, command: .findings, help: "findings and corrective actions"),
        Binding(keys: [.char("P")], context: .checklist, command: .programme, help: "the programme's cycle: items by quarter"),
        Binding(keys: [.char("A")], context: .checklist, command: .assignment, help: "proposed auditor per item, with reasons"),
        Binding(keys: [.tab, .down, .char("j")], context: .item, command: .nextField, help: "next field"),
        Binding(keys: [.backTab, .up, .char("k")], context: .item, command: .previousField, help: "previous field"),
        Binding(keys: [.enter], context: .item, command: .edit, help: "edit the field (Esc or Tab ends, saves)"),
        Binding(keys: [.char("a")], context: .item, command: .addEvidence, help: "add an evidence reference"),
        Binding(keys: [.char("S")], context: .item, command: .sample, help: "draw a sample"),
        Binding(keys: [.char("c")], context: .item, command: .action, help: "corrective action (major, minor)"),
        Binding(keys: [.char("e")], context: .item, command: .editExternal, help: "edit the text in $VISUAL / $EDITOR"),
        Binding(keys: [.char("h")], context: .everywhere, command: .history, help: "history of the item or workpaper"),
        Binding(keys: [.char("x")], context: .everywhere, command: .export, help: "export the Markdown report"),
        Binding(keys: [.char("?")], context: .everywhere, command: .help, help: "this help"),
        Binding(keys: [.char(":")], context: .everywhere, command: .commandLine, help: "command: item KEY, export, quit"),
        Binding(keys: [.ctrl("l")], context: .everywhere, command: .redraw, help: "redraw"),
        Binding(keys: [.ctrl("z")], context: .everywhere, command: .suspend, help: "suspend to the shell (fg comes back)"),
        Binding(keys: [.escape], context: .everywhere, command: .cancel, help: "back; on the checklist, clear the search or filter"),
        Binding(keys: [.char("q")], context: .everywhere, command: .back, help: "back (quit on the checklist)"),
        Binding(keys: [.ctrl("c")], context: .everywhere, command: .quit, help: "save and quit"),
    ]

    static func contexts(for screen: Screen) -> [Binding.Context] {
        switch screen {
        case .checklist: [.checklist, .lists, .everywhere]
        case .item: [.item, .everywhere]
        case .findings, .history, .programme, .assignment: [.lists, .everywhere]
        case .help: [.lists, .everywhere]
        }
    }

    /// The command a key means on a screen, if any.
    public static func command(for key: Key, on screen: Screen) -> Command? {
        for context in contexts(for: screen) {
            if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.command }
        }
        return nil
    }
}
