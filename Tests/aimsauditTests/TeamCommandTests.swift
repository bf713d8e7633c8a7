import Foundation
import Testing

/// The team's workflow with the real binary and real git: the lead forks for two auditors, each
/// records on their own laptop, all three sync through a bare repository and two clones, the
/// lead sees everyone's work and one conflict, resolves it, and the report exports.
@Suite(.serialized) struct TeamCommandTests {
    static let item = "A.5.3@talentlens"
    static let formatOne = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/harbourline-format1.yaml").path

    func aimsaudit(_ args: [String], env: [String: String] = [:], status: Int32 = 0) throws -> CLI.Result {
        let r = try CLI.run(args, environment: env)
        #expect(r.status == status, "aimsaudit \(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    func git(_ args: [String], in dir: URL) throws {
        let r = try CLI.tool(["git", "-c", "user.name=Auditor", "-c", "user.email=a@example.org", "-c", "init.defaultBranch=main"] + args, in: dir)
        #expect(r.status == 0, "git \(args.joined(separator: " ")): \(r.stderr)")
    }

    @Test func forkRecordSyncThroughGitResolveAndExport() throws {
        let top = try CLI.temporaryDirectory()
        let lead = top.appendingPathComponent("amara.aimsaudit").path
        let olivia = top.appendingPathComponent("olivia.aimsaudit").path
        let priya = top.appendingPathComponent("priya.aimsaudit").path
        // The format-1 copy of the sample: this is about sharing, not the format-2 rules.
        _ = try aimsaudit(["new", Self.formatOne, "--audit", "IA-2026-01", "-o", lead])
        _ = try aimsaudit(["fork", lead, "--for", "olivia", "-o", olivia])
        _ = try aimsaudit(["fork", lead, "--for", "priya", "-o", priya])
        let outsider = try aimsaudit(["fork", lead, "--for", "kenji", "-o", top.appendingPathComponent("k.aimsaudit").path], status: 1)
        #expect(outsider.stderr.contains("kenji is not in the team of IA-2026-01"))

        // Fieldwork on three laptops, none seeing the others.
        let evidence = top.appendingPathComponent("impact-assessment.txt")
        try "TalentLens impact assessment v2\n".write(to: evidence, atomically: true, encoding: .utf8)
        _ = try aimsaudit(["record", olivia, "--as", "olivia", "--item", Self.item, "--grade", "observation", "--gap", "Olivia: no sign-off"])
        _ = try aimsaudit(["record", olivia, "--as", "olivia", "--item", "9.2.1", "--note", "Interviewed the programme owner"])
        _ = try aimsaudit(["record", priya, "--as", "priya", "--item", Self.item, "--grade", "ofi", "--gap", "Priya: sign-off late",
                           "--add-evidence", "document=IA-TL-2,file=\(evidence.path)", "--attach"])
        try FileManager.default.removeItem(at: evidence)
        _ = try aimsaudit(["record", lead, "--as", "amara", "--item", "A.6.2.4@claimsort", "--note", "Test plan reviewed"])

        // A bare repository and two clones: the lead's, and one the auditors share.
        let bare = top.appendingPathComponent("audit.git"), leadClone = top.appendingPathComponent("lead"), team = top.appendingPathComponent("team")
        try git(["init", "--bare", bare.path], in: top)
        try git(["clone", bare.path, leadClone.path], in: top)
        try git(["clone", bare.path, team.path], in: top)
        func push(_ clone: URL, _ message: String) throws {
            try git(["add", "-A"], in: clone)
            try git(["commit", "-m", message], in: clone)
            try git(["push", "origin", "HEAD:main"], in: clone)
        }
        _ = try aimsaudit(["sync", olivia, team.path])
        try push(team, "olivia")
        _ = try aimsaudit(["sync", priya, team.path])
        try push(team, "priya")
        try git(["pull", "origin", "main"], in: leadClone)
        let leadSync = try aimsaudit(["sync", lead, leadClone.path])
        #expect(leadSync.stdout.contains("1 conflict") || leadSync.stdout.contains("2 conflicts"), "\(leadSync.stdout)")
        try push(leadClone, "amara")
        try git(["pull", "origin", "main"], in: team)

        // The lead sees everyone's work, and the conflict on the item both graded.
        let list = try aimsaudit(["list", lead]).stdout
        #expect(list.contains("≠ 2 conflicts"), "\(list)")
        #expect(list.contains("\(Self.item) grade: 'observation' (olivia) / 'ofi' (priya)") || list.contains("\(Self.item) grade: 'ofi' (priya) / 'observation' (olivia)"), "\(list)")
        let json = try aimsaudit(["list", lead, "--format", "json"]).stdout
        #expect(json.contains("\"conflicts\""))
        let refused = try aimsaudit(["export", lead], status: 1)
        #expect(refused.stderr.contains("2 open conflicts") && refused.stderr.contains("\(Self.item) grade"))
        let draft = try aimsaudit(["export", lead, "--draft"]).stdout
        #expect(draft.hasPrefix("# DRAFT — Internal audit report"))

        // The lead keeps one grade and writes the text anew: an event like any other, and a change of
        // what Olivia and Priya wrote, so it carries the lead's reason (GR-6).
        _ = try aimsaudit(["record", lead, "--as", "amara", "--item", Self.item, "--grade", "ofi", "--gap", "Sign-off came late (Olivia, Priya)",
                           "--reason", "Both texts found the same late sign-off; one text says it for both"])
        #expect(!(try aimsaudit(["list", lead]).stdout.contains("≠")))
        let report = try aimsaudit(["export", lead]).stdout
        #expect(report.contains("Interviewed the programme owner") == false)   // a note stays out of the report
        #expect(report.contains("Sign-off came late (Olivia, Priya)"))
        #expect(try aimsaudit(["verify", lead]).stdout.contains("3 replicas, each chain intact"))

        // Priya's attached file comes out on the lead's laptop.
        let out = top.appendingPathComponent("extracted")
        let extracted = try aimsaudit(["evidence", "extract", lead, "--item", Self.item, out.path]).stdout
        let path = extracted.split(separator: "\n").first.map(String.init) ?? ""
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "TalentLens impact assessment v2\n")

        // The resolution reaches the auditors: everyone's checklist is the same.
        _ = try aimsaudit(["sync", lead, leadClone.path])
        try push(leadClone, "resolved")
        try git(["pull", "origin", "main"], in: team)
        _ = try aimsaudit(["sync", olivia, team.path])
        _ = try aimsaudit(["sync", priya, team.path])
        let lists = try [lead, olivia, priya].map { try aimsaudit(["list", $0, "--format", "json"]).stdout }
        #expect(lists[0] == lists[1] && lists[1] == lists[2])
    }

    @Test func mergeRefusesAnotherAuditAndIsIdempotent() throws {
        let top = try CLI.temporaryDirectory()
        let a = top.appendingPathComponent("a.aimsaudit").path, b = top.appendingPathComponent("b.aimsaudit").path
        let other = top.appendingPathComponent("other.aimsaudit").path
        _ = try aimsaudit(["new", CLI.sample, "--audit", "IA-2026-01", "-o", a])
        _ = try aimsaudit(["new", CLI.sample, "--audit", "IA-2026-01", "-o", other])
        _ = try aimsaudit(["fork", a, "--for", "olivia", "-o", b])
        _ = try aimsaudit(["record", b, "--as", "olivia", "--item", "9.2.1", "--note", "n"])
        let r = try aimsaudit(["merge", a, other], status: 65)
        #expect(r.stderr.contains("is not a workpaper of the same audit as \(a)") && r.stderr.contains("\(other) is IA-2026-01"))
        #expect(try aimsaudit(["merge", a, b]).stdout.contains("1 event (1 by olivia)"))
        #expect(try aimsaudit(["merge", a, b]).stdout.contains("nothing new"))
    }

    /// merge killed at random moments: the workpaper has all of it or none of it, and verifies.
    @Test func aMergeKilledAtAnyMomentLeavesTheWholeOrNothing() throws {
        let top = try CLI.temporaryDirectory()
        let pristine = top.appendingPathComponent("lead.aimsaudit").path, from = top.appendingPathComponent("olivia.aimsaudit").path
        _ = try aimsaudit(["new", CLI.sample, "--audit", "IA-2026-01", "-o", pristine])
        _ = try aimsaudit(["fork", pristine, "--for", "olivia", "-o", from])
        for i in 0..<20 {
            _ = try aimsaudit(["record", from, "--as", "olivia", "--item", "9.2.1", "--note", "note \(i)",
                               "--add-evidence", "record=R-\(i)", "--add-evidence", "document=D-\(i)"])
        }
        let before = try CLI.query(pristine, "SELECT count(*) FROM journal").count
        _ = before
        var rng = SystemRandomNumberGenerator()
        var outcomes: Set<Int> = []
        for round in 0..<12 {
            let into = top.appendingPathComponent("into-\(round).aimsaudit").path
            try FileManager.default.copyItem(atPath: pristine, toPath: into)
            let p = Process()
            p.executableURL = CLI.binary
            p.arguments = ["merge", into, from]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 1_000...60_000, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let verify = try CLI.run(["verify", into])
            #expect(verify.status == 0, "round \(round): \(verify.stderr)")
            let events = Int(try CLI.run(["verify", into]).stdout.split(separator: " ")[3]) ?? -1
            #expect(events == 1 || events == 61, "round \(round): \(events) events")
            outcomes.insert(events)
        }
        #expect(!outcomes.isEmpty)
    }

    @Test func aMergeOnAFullDiskChangesNothingAndSaysSo() throws {
        let top = try CLI.temporaryDirectory()
        let lead = top.appendingPathComponent("lead.aimsaudit").path, from = top.appendingPathComponent("olivia.aimsaudit").path
        // The format-1 copy of the sample: this is about sharing, not the format-2 rules.
        _ = try aimsaudit(["new", Self.formatOne, "--audit", "IA-2026-01", "-o", lead])
        _ = try aimsaudit(["fork", lead, "--for", "olivia", "-o", from])
        let long = String(repeating: "監査 evidence ", count: 2000)
        for i in 0..<10 { _ = try aimsaudit(["record", from, "--as", "olivia", "--item", "9.2.1", "--note", "\(i) \(long)"]) }
        let disk = try SmallDisk(kilobytes: 2048)
        let into = disk.dir.appendingPathComponent("lead.aimsaudit").path
        try FileManager.default.copyItem(atPath: lead, toPath: into)
        // Room to open the workpaper, not to take in what comes.
        let spare = disk.dir.appendingPathComponent("spare")
        try Data(count: 96 << 10).write(to: spare)
        try disk.fill()
        try FileManager.default.removeItem(at: spare)
        let r = try CLI.run(["merge", into, from])
        #expect(r.status == 74, "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("the disk is full") && r.stderr.contains("nothing was merged"), "\(r.stderr)")
        try disk.makeRoom()
        let verify = try CLI.run(["verify", into])
        #expect(verify.status == 0 && verify.stdout.contains("ok — 1 event,"), "\(verify.stdout) \(verify.stderr)")
        #expect(try CLI.run(["merge", into, from]).stdout.contains("10 events (10 by olivia)"))
    }

    @Test func keysSignAndRecordingAsSomeoneElseIsRefused() throws {
        let top = try CLI.temporaryDirectory()
        let config = top.appendingPathComponent("config")
        let env = ["XDG_CONFIG_HOME": config.path]
        let made = try aimsaudit(["key", "new", "--as", "olivia"], env: env)
        #expect(made.stdout.hasPrefix("key: ed25519:"))
        let keyFile = config.appendingPathComponent("aimsaudit/keys/olivia.ed25519").path
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)
        let line = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let programme = top.appendingPathComponent("programme.yaml")
        let text = try String(contentsOfFile: CLI.sample, encoding: .utf8)
        let key = line.replacingOccurrences(of: "key: ", with: "")
        let withKey = text.replacingOccurrences(of: "  - id: olivia\n", with: "  - id: olivia\n    key: \"\(key)\"\n")
        #expect(withKey != text)
        try withKey.write(to: programme, atomically: true, encoding: .utf8)
        let wp = top.appendingPathComponent("a.aimsaudit").path
        _ = try aimsaudit(["new", programme.path, "--audit", "IA-2026-01", "-o", wp])
        _ = try aimsaudit(["record", wp, "--as", "olivia", "--item", "9.2.1", "--note", "signed"], env: env)
        let other = try aimsaudit(["record", wp, "--as", "olivia", "--item", "9.2.1", "--note", "forged"],
                                  env: ["XDG_CONFIG_HOME": top.appendingPathComponent("elsewhere").path], status: 1)
        #expect(other.stderr.contains("this machine has none"))
        #expect(try aimsaudit(["verify", wp]).stdout.contains("signed: 1 by olivia"))
        #expect(try aimsaudit(["export", wp]).stdout.contains("| Signed events | 1 event signed: Olivia"))
    }
}
