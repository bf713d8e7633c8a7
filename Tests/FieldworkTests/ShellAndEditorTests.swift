import Fieldwork
import Foundation
import Testing
import TerminalKit

@Suite struct EditorCommandTests {
    @Test func editorCommandsSplitAsAShellSplitsThem() {
        #expect(ExternalEditor.words("vim") == ["vim"])
        #expect(ExternalEditor.words("code --wait") == ["code", "--wait"])
        #expect(ExternalEditor.words("  vim   -u NONE\t") == ["vim", "-u", "NONE"])
        #expect(ExternalEditor.words(#""/opt/My Editor/bin/edit" -w"#) == ["/opt/My Editor/bin/edit", "-w"])
        #expect(ExternalEditor.words("'/opt/My Editor/edit' --new-window") == ["/opt/My Editor/edit", "--new-window"])
        #expect(ExternalEditor.words(#"/opt/My\ Editor/edit"#) == ["/opt/My Editor/edit"])
        #expect(ExternalEditor.words(#"emacs -nw --eval '(setq x "y")'"#) == ["emacs", "-nw", "--eval", #"(setq x "y")"#])
        // Inside double quotes a backslash escapes only " \ $ and `; elsewhere it stays.
        #expect(ExternalEditor.words(#"ed "a \"b\" \\ \$HOME \n""#) == ["ed", #"a "b" \ $HOME \n"#])
        #expect(ExternalEditor.words(#"ed 'it'"'"'s' x''y"#) == ["ed", "it's", "xy"])
        #expect(ExternalEditor.words(#"ed """#) == ["ed", ""])
        #expect(ExternalEditor.words("$EDITOR ~/x") == ["$EDITOR", "~/x"])   // nothing is expanded
        #expect(ExternalEditor.words("   ") == [])
        #expect(ExternalEditor.words("vim 'oops") == nil)
        #expect(ExternalEditor.words(#"vim "oops"#) == nil)
        #expect(ExternalEditor.words(#"vim \"#) == nil)
    }

    @Test func visualThenEditorThenVi() throws {
        func command(_ env: [String: String]) -> [String]? { try? ExternalEditor.command(env).get().words }
        #expect(command(["VISUAL": "nano -R", "EDITOR": "ed"]) == ["nano", "-R"])
        #expect(command(["VISUAL": "", "EDITOR": "code --wait"]) == ["code", "--wait"])
        #expect(command(["VISUAL": "  ", "EDITOR": "ed"]) == ["ed"])
        #expect(command([:]) == ["vi"])
        guard case .failure(let refusal) = ExternalEditor.command(["EDITOR": "vim 'x"]) else { Issue.record("an open quote was taken"); return }
        #expect(refusal.message == "$EDITOR has a quote that is not closed: vim 'x")
    }
}

/// The runner with real editor processes (they need no terminal: they do not read one).
@Suite(.serialized) struct ExternalEditorTests {
    func onNote(_ editor: String, note: String = "Before") throws -> Harness {
        let h = try Harness(as: "olivia") { wp in try wp.append([.noted(item: "9.2.1", note: note)], actor: "olivia") }
        h.runner.environment = ["VISUAL": editor, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        h.open("9.2.1")
        h.keys(.down, .down, .down, .down)
        #expect(h.state.field == .note)
        return h
    }

    var note: (Harness) -> String? { { $0.workpaper.state.record("9.2.1").note } }

    @Test func whatTheEditorWritesIsSaved() throws {
        // Split as a shell would: the script is one word; the file comes last, as $1.
        let h = try onNote(#"sh -c 'printf "%s\nsecond line\n\n" "$(cat "$1") and more" > "$1"' sh"#)
        h.keys(.char("e"))
        #expect(note(h) == "Before and more\nsecond line")
        #expect(h.state.status == "wrote a note on 9.2.1", "\(h.state.status)")
    }

    @Test func theFileIsPrivateNamedForTheFieldAndRemovedAfterwards() throws {
        let h = try onNote(#"sh -c 'printf "%s %s" "$(stat -c %a "$1")" "$1" > "$1"' sh"#)
        h.keys(.char("e"))
        let words = (note(h) ?? "").split(separator: " ").map(String.init)
        #expect(words.first == "600")
        let path = words.last ?? ""
        let name = URL(fileURLWithPath: path).lastPathComponent
        #expect(name.range(of: #"^aimsaudit-9\.2\.1-note-[A-Za-z0-9]{6}\.txt$"#, options: .regularExpression) != nil, "\(name)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func anEditorThatFailsChangesNothingAndSaysSo() throws {
        let h = try onNote(#"sh -c 'echo changed > "$1"; exit 3' sh"#)
        h.keys(.char("e"))
        #expect(note(h) == "Before")
        #expect(h.state.status == "sh exited with status 3; Note left as it was")
        #expect(h.state.statusIsError)
        #expect(h.text.contains("Note           Before"))
    }

    @Test func aKilledEditorChangesNothingAndSaysSo() throws {
        let h = try onNote(#"sh -c 'echo changed > "$1"; kill -KILL $$' sh"#)
        h.keys(.char("e"))
        #expect(note(h) == "Before")
        #expect(h.state.status == "sh was killed by SIGKILL; Note left as it was")
    }

    @Test func anEditorThatCannotStartIsNamed() throws {
        let h = try onNote("no-such-editor-4711 --wait")
        h.keys(.char("e"))
        #expect(note(h) == "Before")
        #expect(h.state.status == "cannot start the editor no-such-editor-4711 ($VISUAL): No such file or directory; Note left as it was")
    }

    @Test func anUnclosedQuoteIsReported() throws {
        let h = try onNote("vim '-u NONE")
        h.keys(.char("e"))
        #expect(note(h) == "Before")
        #expect(h.state.status == "$VISUAL has a quote that is not closed: vim '-u NONE; Note left as it was")
    }
}

@Suite struct SuspendTests {
    @Test func ctrlZStopsForTheShellAndKeepsWhatIsBeingTyped() throws {
        let h = try Harness(as: "olivia")
        h.open("9.2.1")
        h.keys(.down, .down, .down, .down, .enter)
        h.type("typed before Ctrl-Z")
        h.keys(.ctrl("z"))
        #expect(h.terminal.stops == 1)
        // Still editing, with the text as it was; and it is already saved, in case the job is never continued.
        #expect(h.state.editor?.text == "typed before Ctrl-Z")
        #expect(h.workpaper.state.record("9.2.1").note == "typed before Ctrl-Z")
        h.type(" and after fg")
        h.keys(.escape)
        #expect(h.workpaper.state.record("9.2.1").note == "typed before Ctrl-Z and after fg")
    }

    @Test func ctrlZWorksOverADialogAndTheHelpListsIt() throws {
        let h = try Harness(as: "olivia")
        h.keys(.char(":"))
        h.type("ite")
        h.keys(.ctrl("z"))
        #expect(h.terminal.stops == 1)
        #expect(h.state.prompt?.line.text == "ite")
        // Near the end of the help (the marks come after it): the last page or the one before.
        h.keys(.escape, .char("?"), .char("G"))
        var end = h.text
        h.keys(.pageUp)
        end += "\n" + h.text
        #expect(end.contains("Ctrl-Z                 suspend to the shell, what is typed kept"), "\(end)")
    }
}
