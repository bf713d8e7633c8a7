import AuditCore
import Fieldwork
import Foundation
import Testing
import TerminalKit
import Workpaper

/// Slow work runs beside the one loop and comes back into it as an action: the keys never wait.
@Suite(.serialized) struct SlowWorkTests {
    /// The proposal is worked out beside the screen: the screen says so, goes on taking keys, and
    /// shows the proposal once it is back.
    @Test func theProposalIsWorkedOutWhileTheScreenTakesKeys() throws {
        let h = try Harness(as: "olivia")
        h.runner.send([.char("A")])
        #expect(h.text.contains("working out the proposed auditors for 59 items…"), "\(h.text)")
        // Keys while it works: back to the checklist, and down a row.
        h.runner.send([.escape, .char("j")])
        #expect(h.lines[0].contains("Olivia Brandt") && h.text.contains("2 of 59"), "\(h.text)")
        #expect(h.runner.settle(timeout: 60))
        #expect(!h.text.contains("working out"), "\(h.text)")
        h.keys(.char("A"))
        #expect(h.text.contains("load: amara 12 · tomasz 12 · priya 12 · olivia 12 · daniel 11"), "\(h.text)")
    }

    /// A cited file is hashed beside the loop: while the file is still being read (a pipe that
    /// has not been written yet, as a slow network file would be), keys are taken and shown; once
    /// it has been read the reference is saved with its hash.
    @Test func aFileBeingHashedDoesNotHoldUpTheKeys() throws {
        let h = try Harness(as: "olivia")
        let pipe = h.dir.appendingPathComponent("slow-export.csv").path
        #expect(mkfifo(pipe, 0o600) == 0)
        // The writer waits until the keys below have been taken, or ten seconds at most (so that a
        // screen frozen on the read fails the test rather than hanging it).
        let keysTaken = DispatchSemaphore(value: 0)
        let content = "claim,decision\n1,approved\n"
        let writer = Thread {
            _ = keysTaken.wait(timeout: .now() + 10)
            let fd = open(pipe, O_WRONLY)
            _ = content.withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        writer.start()
        h.open("9.2.1")
        h.runner.send([.char("a")])
        h.type("Claims export")
        h.runner.send([.tab, .tab, .tab, .tab])
        h.type(pipe)
        let started = Date()
        h.runner.send([.enter])
        #expect(Date().timeIntervalSince(started) < 5, "the Enter waited for the file")
        #expect(h.text.contains("hashing \(pipe)"), "\(h.text)")
        // The screen goes on: the field moves on from References, the help opens and closes.
        h.runner.send([.tab, .char("?"), .escape])
        #expect(h.state.field == .sample && h.lines.contains { $0.hasPrefix(" Sample ") }, "\(h.text)")
        #expect(h.workpaper.state.evidence(on: "9.2.1").isEmpty)
        keysTaken.signal()
        #expect(h.runner.settle(timeout: 30))
        let e = try #require(h.workpaper.state.evidence(on: "9.2.1").first)
        #expect(e.reference == "Claims export" && e.file?.sha256 == FileHash.sha256(content))
        #expect(!h.text.contains("hashing"), "\(h.text)")
    }

    /// Two references cited one after the other while the first is still being hashed get ids of
    /// their own.
    @Test func referencesCitedWhileAnotherIsHashedAreNumberedAsTheyAreSaved() throws {
        let h = try Harness(as: "olivia")
        let file = h.dir.appendingPathComponent("plan.txt")
        try "the plan".write(to: file, atomically: true, encoding: .utf8)
        h.open("9.2.1")
        for name in ["First", "Second"] {
            h.runner.send([.char("a")])
            h.type(name)
            h.runner.send([.tab, .tab, .tab, .tab])
            h.type(file.path)
            h.runner.send([.enter])
        }
        #expect(h.runner.settle(timeout: 30))
        let refs = h.workpaper.state.evidence(on: "9.2.1")
        #expect(Set(refs.map(\.id)).count == 2 && Set(refs.map(\.reference)) == ["First", "Second"], "\(refs)")
    }
}
