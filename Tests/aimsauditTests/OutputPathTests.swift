import Foundation
import Testing

/// `-o` writes where the user points, as other Unix tools do: a FIFO is written into, not
/// replaced; a symbolic link is followed and stays a link; `-` is standard output; a regular
/// file is replaced whole or not at all.
@Suite struct OutputPathTests {
    let a: WorkpaperCommandTests.Audit
    let expected: String

    init() throws {
        a = try WorkpaperCommandTests.Audit()
        try a.record(["--as", "olivia", "--item", "9.2.1", "--grade", "conform", "--add-evidence", "record=plan"])
        expected = try CLI.run(["export", a.path]).stdout
        #expect(expected.hasPrefix("# Internal audit report"))
    }

    @Test func dashIsStandardOutputAndMakesNoFile() throws {
        let r = try CLI.run(["export", a.path, "-o", "-"], in: a.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == expected)
        #expect(!FileManager.default.fileExists(atPath: a.dir.appendingPathComponent("-").path))
        #expect(!r.stderr.contains("wrote"))
    }

    @Test func aFifoIsWrittenIntoAndStaysAFifo() throws {
        let fifo = a.dir.appendingPathComponent("report.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // A reader on the other end, as `cat report.fifo` would be.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/cat")
        reader.arguments = [fifo]
        let out = Pipe()
        reader.standardOutput = out
        try reader.run()
        let r = try CLI.run(["export", a.path, "-o", fifo])
        let read = out.fileHandleForReading.readDataToEndOfFile()
        reader.waitUntilExit()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(String(decoding: read, as: UTF8.self) == expected)
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the FIFO was replaced")
    }

    @Test func aSymlinkIsFollowedAndStaysALink() throws {
        let target = a.dir.appendingPathComponent("reports/final.md")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("old report\n".utf8).write(to: target)
        chmod(target.path, 0o640)
        let link = a.dir.appendingPathComponent("latest.md").path
        #expect(symlink("reports/final.md", link) == 0)
        let r = try CLI.run(["export", a.path, "-o", "latest.md"], in: a.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == expected)
        var st = stat()
        #expect(lstat(link, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK, "the link was replaced by a file")
        #expect(stat(target.path, &st) == 0 && st.st_mode & 0o777 == 0o640, "the target's permissions changed")
        // A link to a file not made yet makes the file where the link points.
        let dangling = a.dir.appendingPathComponent("next.md").path
        #expect(symlink("reports/next-final.md", dangling) == 0)
        #expect(try CLI.run(["export", a.path, "-o", dangling]).status == 0)
        #expect(try String(contentsOf: a.dir.appendingPathComponent("reports/next-final.md"), encoding: .utf8) == expected)
        #expect(lstat(dangling, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
    }

    @Test func aFolderIsRefusedWithExit73() throws {
        let r = try CLI.run(["export", a.path, "-o", a.dir.path])
        #expect(r.status == 73)
        #expect(r.stderr.contains("it is a folder"), "\(r.stderr)")
    }

    @Test func historyIntoFollowsALinkToTheProgramme() throws {
        let programme = a.dir.appendingPathComponent("programme.yaml")
        try FileManager.default.copyItem(atPath: CLI.sample, toPath: programme.path)
        let link = a.dir.appendingPathComponent("current.yaml").path
        #expect(symlink("programme.yaml", link) == 0)
        let r = try CLI.run(["history", a.path, "--into", "current.yaml"], in: a.dir)
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(lstat(link, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        #expect(try String(contentsOf: programme, encoding: .utf8).contains("IA-2026-01"))
        #expect(try String(contentsOf: programme, encoding: .utf8) != String(contentsOfFile: CLI.sample, encoding: .utf8))
    }
}

extension OutputPathTests {
    /// `-o /dev/stdout` with the shell appending adds to the log, as `>>` means.
    @Test func devStdoutAppendedByTheShellAddsToTheLog() throws {
        let log = a.dir.appendingPathComponent("log.md")
        try Data("earlier entry\n".utf8).write(to: log)
        let r = try CLI.tool(["sh", "-c", "\"$0\" export \"$1\" -o /dev/stdout >> log.md", CLI.binary.path, a.path], in: a.dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: log, encoding: .utf8) == "earlier entry\n" + expected)
    }

    @Test func aWorkpaperIsNeverWrittenToStandardOutput() throws {
        let r = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", "-"], in: a.dir)
        #expect(r.status == 64, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: a.dir.appendingPathComponent("-").path))
    }
}
