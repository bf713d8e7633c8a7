import Foundation
import Testing

/// A small file system of its own (tmpfs), to fill up or make read-only under a running screen.
/// Mounting needs root, as the test machines and CI run.
final class SmallDisk {
    let dir: URL
    var filler: URL { dir.appendingPathComponent("filler") }

    init(kilobytes: Int) throws {
        dir = try CLI.temporaryDirectory()
        try Self.run(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", dir.path])
    }

    deinit {
        _ = try? Self.run(["umount", "-l", dir.path])
        try? FileManager.default.removeItem(at: dir)
    }

    /// Writes a file until the disk has no room left.
    func fill() throws {
        #expect(FileManager.default.createFile(atPath: filler.path, contents: nil))
        let handle = try FileHandle(forWritingTo: filler)
        defer { try? handle.close() }
        let block = Data(count: 4096)
        while (try? handle.write(contentsOf: block)) != nil {}
    }

    func makeRoom() throws { try FileManager.default.removeItem(at: filler) }

    func readOnly(_ on: Bool) throws { try Self.run(["mount", "-o", "remount,\(on ? "ro" : "rw")", dir.path]) }

    static func run(_ command: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = command
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(command.joined(separator: " ")) failed (tmpfs mounts need root)"])
        }
    }
}

/// The disk fills, the file system turns read-only, the folder disappears: the screen says so,
/// keeps running and keeps the edits, saves them when it can, and exports nothing half-written.
@Suite(.serialized) struct FaultTests {
    /// A workpaper of the sample's first audit at `dir`, open in the screen as Olivia with 9.2.1 shown.
    func screen(in dir: URL, env: [String: String] = [:]) throws -> (Tmux, String) {
        let path = dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", path]).status == 0)
        let t = Tmux([CLI.binary.path, "open", path, "--as", "olivia"], in: dir, env: env, status: true)
        #expect(t.wait(for: "Olivia Brandt"), "\(t.screen)")
        t.open("9.2.1", title: "General")
        #expect(t.screen.contains("9.2.1 General"))
        return (t, path)
    }

    /// Writes a note (the fifth field) and leaves the editor with Esc, which saves it.
    func writeNote(_ t: Tmux, _ text: String) {
        for _ in 0..<4 { t.keys("Tab") }
        t.keys("Enter")
        #expect(t.wait(for: "editing Note"))
        t.type(text)
        t.keys("Escape")
    }

    @Test func fullDiskKeepsTheEditAndSavesItWhenThereIsRoom() throws {
        let disk = try SmallDisk(kilobytes: 2048)
        let (t, path) = try screen(in: disk.dir)
        try disk.fill()
        let note = "written while the disk was full " + String(repeating: "監査 ", count: 60)
        writeNote(t, note)
        #expect(t.wait(for: "NOT SAVED: the disk is full", seconds: 30), "\(t.screen)")
        #expect(t.screen.contains("1 NOT SAVED"))
        // The screen goes on: the note is shown as written, and other items open.
        #expect(t.screen.contains("written while the disk was full"))
        t.open("9.2.2", title: "Internal audit programme")
        t.open("9.2.1", title: "General")
        #expect(t.screen.contains("written while the disk was full"))
        // Quitting now would lose it: the first q only warns.
        t.keys("C-c")
        #expect(t.wait(for: "quit again to put it in a rescue file"), "\(t.screen)")
        #expect(!t.exited)
        try disk.makeRoom()
        #expect(t.wait(for: "saved the kept edit"), "\(t.screen)")
        #expect(!t.screen.contains("NOT SAVED"))
        t.keys("C-c")
        #expect(t.waitForExit())
        #expect(t.exitStatus == "0")
        #expect(try CLI.query(path, "select note from item_state where item='9.2.1'") == [note])
        #expect(try CLI.run(["verify", path]).stdout.contains("ok — 2 events"))
    }

    @Test func editsMadeWhileOneIsWaitingAreSavedInOrder() throws {
        let disk = try SmallDisk(kilobytes: 2048)
        let (t, path) = try screen(in: disk.dir)
        try disk.fill()
        writeNote(t, "first draft")
        #expect(t.wait(for: "NOT SAVED", seconds: 30))
        // A second edit waits behind the first, however it would fare on its own.
        t.keys("Enter", "C-a", "C-k")
        t.type("second")
        t.keys("Escape")
        #expect(t.wait(for: "2 NOT SAVED"), "\(t.screen)")
        try disk.makeRoom()
        #expect(t.wait(for: "saved 2 kept edits"), "\(t.screen)")
        t.keys("C-c")
        #expect(t.waitForExit())
        #expect(try CLI.query(path, "select note from item_state where item='9.2.1'") == ["second"])
        #expect(try CLI.query(path, "select json_extract(payload, '$.note') from journal where type='finding.noted' order by seq") == ["first draft", "second"])
    }

    @Test func workpaperOnAReadOnlyFileSystemOpensReadOnlyAndRecordSaysWhy() throws {
        let disk = try SmallDisk(kilobytes: 4096)
        let path = disk.dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", path]).status == 0)
        #expect(try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--note", "before"]).status == 0)
        try disk.readOnly(true)
        let r = try CLI.run(["record", path, "--as", "olivia", "--item", "9.2.1", "--note", "after"])
        #expect(r.status == 74)
        #expect(r.stderr == "aimsaudit: cannot write to \(path): the file system is read-only\n")
        // Reading needs nothing written beside the file.
        #expect(try CLI.run(["verify", path]).stdout.contains("ok — 2 events"))
        #expect(try CLI.run(["export", path]).stdout.hasPrefix("# "))
        let t = Tmux([CLI.binary.path, "open", path, "--as", "olivia"], in: disk.dir)
        #expect(t.wait(for: "read-only: the file system is read-only"), "\(t.screen)")
        t.open("9.2.1", title: "General")
        #expect(t.screen.contains("before"))
        t.keys("C-c")
        #expect(t.waitForExit())
        try disk.readOnly(false)
        #expect(try CLI.query(path, "select note from item_state where item='9.2.1'") == ["before"])
    }

    @Test func vanishedFolderIsWrittenBackWhole() throws {
        let dir = try CLI.temporaryDirectory()
        let (t, path) = try screen(in: dir)
        writeNote(t, "saved before the folder went")
        #expect(t.wait(matching: "saved \\d\\d:\\d\\d:\\d\\d"))
        try FileManager.default.removeItem(at: dir)
        t.keys("Enter")
        #expect(t.wait(for: "editing Note"))
        t.keys("C-e")
        t.type(", and this after")
        t.keys("Escape")
        #expect(t.wait(for: "NOT SAVED: its folder"), "\(t.screen)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(t.wait(for: "saved the kept edit"), "\(t.screen)")
        t.keys("C-c")
        #expect(t.waitForExit())
        #expect(try CLI.run(["verify", path]).stdout.contains("ok — 3 events"))
        #expect(try CLI.query(path, "select note from item_state where item='9.2.1'") == ["saved before the folder went, and this after"])
    }

    @Test func editsStillUnsavedAtTheEndGoToARescueFile() throws {
        let disk = try SmallDisk(kilobytes: 2048)
        let home = try CLI.temporaryDirectory()
        let (t, path) = try screen(in: disk.dir, env: ["HOME": home.path])
        try disk.fill()
        writeNote(t, "rescued " + String(repeating: "y", count: 200))
        #expect(t.wait(for: "NOT SAVED", seconds: 30))
        kill(t.programPid, SIGTERM)
        #expect(t.waitForExit())
        #expect(t.exitStatus == "74")
        let rescue = try #require(try FileManager.default.contentsOfDirectory(atPath: home.path).first { $0.hasPrefix("IA.aimsaudit.unsaved-") })
        let said = t.scrollback.replacingOccurrences(of: "\n", with: "")
        #expect(said.contains("aimsaudit: 1 edit could not be saved to \(path) (the disk is full); they are in \(home.path)/\(rescue)"), "\(said)")
        let line = try String(contentsOf: home.appendingPathComponent(rescue), encoding: .utf8)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(row["type"] == "finding.noted" && row["item"] == "9.2.1" && row["actor"] == "olivia")
        #expect(row["payload"]?.contains("rescued yyyy") == true)
        // What was saved before is intact.
        try disk.makeRoom()
        #expect(try CLI.run(["verify", path]).status == 0)
    }

    @Test func exportToAFullDiskLeavesTheEarlierReportAndNoPartialFile() throws {
        let dir = try CLI.temporaryDirectory()
        let path = dir.appendingPathComponent("IA.aimsaudit").path
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", path]).status == 0)
        let disk = try SmallDisk(kilobytes: 1024)
        let report = disk.dir.appendingPathComponent("report.md")
        try "the earlier report\n".write(to: report, atomically: true, encoding: .utf8)
        try disk.fill()
        let r = try CLI.run(["export", path, "-o", report.path])
        #expect(r.status == 73)
        #expect(r.stderr == "aimsaudit: cannot write \(report.path): the disk is full; nothing was written\n")
        #expect(try String(contentsOf: report, encoding: .utf8) == "the earlier report\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.dir.path).sorted() == ["filler", "report.md"])
        try disk.makeRoom()
        #expect(try CLI.run(["export", path, "-o", report.path]).status == 0)
        #expect(try String(contentsOf: report, encoding: .utf8) == CLI.run(["export", path]).stdout)
    }

    @Test func exportFromTheScreenOnAFullDiskSaysSoAndWritesNothing() throws {
        let disk = try SmallDisk(kilobytes: 2048)
        let (t, _) = try screen(in: disk.dir)
        try disk.fill()
        t.keys(":")
        t.type("export report.md")
        t.keys("Enter")
        #expect(t.wait(for: "report.md: the disk is full; nothing was written"), "\(t.screen)")
        #expect(!FileManager.default.fileExists(atPath: disk.dir.appendingPathComponent("report.md").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.dir.path).allSatisfy { !$0.contains("partial") })
        t.keys("C-c")
        #expect(t.waitForExit())
    }
}
