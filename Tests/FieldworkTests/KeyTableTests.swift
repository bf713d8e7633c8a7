import Fieldwork
import Foundation
import Testing
import TerminalKit

/// Every key is a row of the binding table; the footer, the help and the README's key table are
/// made from it, so none of them can drift from what a key does.
@Suite struct KeyTableTests {
    static let readme = Harness.root.appendingPathComponent("README.md")
    static let begin = "<!-- keys: the binding table's own words (Help.markdown()); a test keeps them equal -->\n"
    static let end = "<!-- /keys -->"

    /// The README's key table is `Help.markdown()`; AIMSAUDIT_RECORD_GOLDEN=1 writes it there.
    @Test func theReadmesKeyTableIsTheBindingTables() throws {
        var text = try String(contentsOf: Self.readme, encoding: .utf8)
        let start = try #require(text.range(of: Self.begin), "README.md has no key table block")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound ..< text.endIndex))
        if ProcessInfo.processInfo.environment["AIMSAUDIT_RECORD_GOLDEN"] == "1" {
            text.replaceSubrange(start.upperBound ..< stop.lowerBound, with: Help.markdown())
            try text.write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(String(text[start.upperBound ..< stop.lowerBound]) == Help.markdown(), "README.md's key table differs from Help.markdown()")
    }

    /// Each key means one thing where it is read (no two rows of one context share a key), and
    /// every row says what it does.
    @Test func aKeyMeansOneThingInEachContext() {
        for context in Context.allCases {
            var seen: [Key: String] = [:]
            for b in Keymap.bindings where b.context == context {
                #expect(!b.help.isEmpty)
                for key in b.keys {
                    #expect(seen[key] == nil, "\(key) in \(context.rawValue): \(seen[key] ?? "") and \(b.help)")
                    seen[key] = b.help
                }
            }
        }
    }

    /// In the footer a key looks like a key: its cells have the key role, its description the
    /// status line's; a reason that holds hints back (read-only) has no key.
    @Test func theFootersKeysAreDrawnAsKeys() throws {
        let h = try Harness(as: "olivia")
        let frame = Render.frame(h.state)
        let y = frame.height - 1
        let line = frame.lines[y]
        let at = Array(line).firstIndex(of: "?")!
        #expect(frame[at, y].role == .hintKey, "\(line)")
        let keys = Array(line).indices.filter { frame[$0, y].role == .hintKey }.map { Array(line)[$0] }
        #expect(String(keys).contains("/") && String(keys).contains("Enter") && !String(keys).contains("search"), "\(String(keys))")
    }

    /// The footer is made of the table's hints: every hint it shows belongs to a row that does
    /// something now, on each screen and in each form.
    @Test func theFooterShowsOnlyHintsOfTheTable() throws {
        let h = try Harness(as: "olivia")
        let hints = Set(Keymap.bindings.compactMap(\.hint))
        func check(_ what: String) {
            let (shown, always) = Help.footer(h.state)
            for hint in shown + always where !hint.contains("(") {
                #expect(hints.contains(hint), "\(what): \(hint)")
            }
            #expect(always.contains("? keys") || h.state.dialog != nil || h.state.editor != nil || h.state.prompt != nil
                    || h.state.screen == .help, "\(what): \(always)")
        }
        check("checklist")
        h.keys(.char("/"))
        check("search")
        #expect(h.lines.last?.contains("Enter done · Esc cancel") == true, "\(h.lines.last ?? "")")
        h.keys(.escape, .char("F"))
        check("findings")
        h.keys(.escape)
        h.open("9.2.1")
        check("item")
        h.keys(.char("S"))
        check("sample form")
        h.keys(.tab, .tab)
        #expect(h.lines.last?.contains("←→ choose") == true, "the method is a choice: \(h.lines.last ?? "")")
        h.keys(.escape)   // back on the item, on the Sample field
        h.keys(Array(repeating: Key.up, count: Field.sample.rawValue - Field.requirement.rawValue) + [.enter])
        check("editor")
        #expect(h.lines.last?.hasPrefix(" editing Requirement — Esc saves") == true, "\(h.lines.last ?? "")")
    }
}
