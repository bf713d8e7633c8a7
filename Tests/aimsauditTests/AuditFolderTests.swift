import Foundation
import Testing

/// An audit folder — the workpaper and the evidence files it cites — moved or copied whole, as
/// users move and mail them, still verifies.
@Suite struct AuditFolderTests {
    /// `top/audit/IA.aimsaudit` with `top/audit/ev/a.txt` and `ev/b.txt`, and `top/outside.txt`.
    struct Folder {
        let top: URL
        var audit: URL { top.appendingPathComponent("audit") }
        var workpaper: String { audit.appendingPathComponent("IA.aimsaudit").path }

        init() throws {
            top = try CLI.temporaryDirectory()
            try FileManager.default.createDirectory(at: top.appendingPathComponent("audit/ev"), withIntermediateDirectories: true)
            try "retention_days: 30\n".write(to: top.appendingPathComponent("audit/ev/a.txt"), atomically: true, encoding: .utf8)
            try "drift report\n".write(to: top.appendingPathComponent("audit/ev/b.txt"), atomically: true, encoding: .utf8)
            try "kept elsewhere\n".write(to: top.appendingPathComponent("outside.txt"), atomically: true, encoding: .utf8)
            let r = try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", "audit/IA.aimsaudit"], in: top)
            #expect(r.status == 0, "\(r.stderr)")
            // Cited by relative paths: from inside the audit folder, and from the folder above it.
            for (cwd, workpaper, file) in [(audit, "IA.aimsaudit", "ev/a.txt"), (top, "audit/IA.aimsaudit", "audit/ev/b.txt"),
                                           (audit, "IA.aimsaudit", "../outside.txt")] {
                let r = try CLI.run(["record", workpaper, "--as", "olivia", "--item", "9.2.1",
                                     "--add-evidence", "record=\(file),file=\(file)"], in: cwd)
                #expect(r.status == 0, "\(r.stderr)")
            }
        }
    }

    @Test func movedAuditFolderVerifiesFromInsideAndOutside() throws {
        let f = try Folder()
        let moved = f.top.appendingPathComponent("mailed/IA-2026-01")
        try FileManager.default.createDirectory(at: moved.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(try CLI.tool(["mv", "audit", "mailed/IA-2026-01"], in: f.top).status == 0)
        for (cwd, workpaper) in [(moved, "IA.aimsaudit"), (f.top, "mailed/IA-2026-01/IA.aimsaudit"), (URL(fileURLWithPath: "/"), moved.appendingPathComponent("IA.aimsaudit").path)] {
            let r = try CLI.run(["verify", workpaper], in: cwd)
            #expect(r.status == 0, "from \(cwd.path): \(r.stderr)")
            #expect(r.stdout.contains("3 cited files unchanged"), "\(r.stdout)")
        }
        // A copy of the folder verifies too, wherever it is.
        let copy = f.top.appendingPathComponent("copy")
        #expect(try CLI.tool(["cp", "-r", moved.path, copy.path]).status == 0)
        #expect(try CLI.run(["verify", copy.appendingPathComponent("IA.aimsaudit").path]).status == 0)
        // The file from outside the folder is kept where it was: moved away, it is missing as before.
        #expect(try CLI.tool(["mv", "outside.txt", "elsewhere.txt"], in: f.top).status == 0)
        let r = try CLI.run(["verify", copy.appendingPathComponent("IA.aimsaudit").path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("E3 on 9.2.1: the cited file ../outside.txt is missing (\(f.top.appendingPathComponent("outside.txt").path))"), "\(r.stderr)")
    }

    @Test func aChangedFileAndAFileNotFoundHereAreToldApart() throws {
        let f = try Folder()
        let moved = f.top.appendingPathComponent("moved")
        #expect(try CLI.tool(["mv", f.audit.path, moved.path]).status == 0)
        try "retention_days: 365\n".write(to: moved.appendingPathComponent("ev/a.txt"), atomically: true, encoding: .utf8)
        #expect(try CLI.tool(["rm", "ev/b.txt"], in: moved).status == 0)
        let r = try CLI.run(["verify", "moved/IA.aimsaudit"], in: f.top)
        #expect(r.status == 1)
        #expect(r.stderr.contains("E1 on 9.2.1: the cited file ev/a.txt changed since it was cited"), "\(r.stderr)")
        #expect(r.stderr.contains("E2 on 9.2.1: the cited file audit/ev/b.txt is not found here: there is no \(moved.path)/ev/b.txt"), "\(r.stderr)")
        #expect(!r.stderr.contains("E3 on"), "\(r.stderr)")   // (a temporary folder's name may hold "E3")
    }
}

extension AuditFolderTests {
    /// The workpaper copied alone (to mail it) still finds a file cited in its folder where it
    /// was cited; opened through a symbolic link, its folder is the real file's.
    @Test func aCopyOfTheWorkpaperAloneAndALinkToItStillVerify() throws {
        let f = try Folder()
        let mail = try CLI.temporaryDirectory()
        #expect(try CLI.tool(["cp", f.workpaper, mail.appendingPathComponent("IA.aimsaudit").path]).status == 0)
        let copy = try CLI.run(["verify", mail.appendingPathComponent("IA.aimsaudit").path])
        #expect(copy.status == 0, "\(copy.stdout)\(copy.stderr)")
        let link = f.top.appendingPathComponent("current.aimsaudit").path
        #expect(symlink(f.workpaper, link) == 0)
        let r = try CLI.run(["record", link, "--as", "olivia", "--item", "9.2.1", "--add-evidence", "record=c,file=audit/ev/a.txt"], in: f.top)
        #expect(r.status == 0, "\(r.stderr)")
        for path in [link, f.workpaper] {
            let v = try CLI.run(["verify", path])
            #expect(v.status == 0, "\(path): \(v.stdout)\(v.stderr)")
        }
    }
}
