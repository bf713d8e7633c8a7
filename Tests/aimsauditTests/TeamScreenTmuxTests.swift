import Foundation
import Testing

/// The team's workflow as people do it: the lead and two auditors each on a workpaper of their
/// own, synced through a bare git repository and two clones with real git; the lead's screen, in
/// a real terminal, shows what came in, everyone's work and the conflict, and the lead resolves
/// it there; the report exports and the resolution reaches the others.
@Suite(.serialized) struct TeamScreenTmuxTests {
    static let item = "A.5.4@talentlens"

    func aimsaudit(_ args: [String], env: [String: String] = [:], status: Int32 = 0,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> CLI.Result {
        let r = try CLI.run(args, environment: env)
        #expect(r.status == status, "aimsaudit \(args.joined(separator: " ")): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        return r
    }

    func git(_ args: [String], in dir: URL) throws {
        let r = try CLI.tool(["git", "-c", "user.name=Auditor", "-c", "user.email=a@example.org", "-c", "init.defaultBranch=main"] + args, in: dir)
        #expect(r.status == 0, "git \(args.joined(separator: " ")): \(r.stderr)")
    }

    func push(_ clone: URL, _ message: String) throws {
        try git(["add", "-A"], in: clone)
        try git(["commit", "-m", message], in: clone)
        try git(["push", "origin", "HEAD:main"], in: clone)
    }

    /// Moves a picker down until its chosen line (▸) holds `text`; true when it does.
    func select(_ t: Tmux, _ text: String, tries: Int = 8) -> Bool {
        for _ in 0..<tries {
            if t.screen.split(separator: "\n").contains(where: { $0.contains("▸ ") && $0.contains(text) }) { return true }
            t.keys("j")
            usleep(100_000)
        }
        return t.screen.split(separator: "\n").contains { $0.contains("▸ ") && $0.contains(text) }
    }

    @Test func theLeadsScreenShowsEveryonesWorkAndResolvesTheConflict() throws {
        let top = try CLI.temporaryDirectory()
        // The lead signs: the programme lists a key for her, made on her laptop.
        let leadEnv = ["XDG_CONFIG_HOME": top.appendingPathComponent("lead-config").path]
        let key = try aimsaudit(["key", "new", "--as", "amara"], env: leadEnv).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "key: ", with: "")
        let text = try String(contentsOfFile: CLI.packageRoot.appendingPathComponent("Tests/Fixtures/harbourline-format1.yaml").path, encoding: .utf8)
        let keyed = text.replacingOccurrences(of: "{id: amara, name: Amara Nwosu,", with: "{id: amara, key: \"\(key)\", name: Amara Nwosu,")
        #expect(keyed != text)
        let programme = top.appendingPathComponent("programme.yaml").path
        try keyed.write(toFile: programme, atomically: true, encoding: .utf8)

        // Three laptops, three workpapers.
        let lead = top.appendingPathComponent("amara.aimsaudit").path
        let olivia = top.appendingPathComponent("olivia.aimsaudit").path
        let priya = top.appendingPathComponent("priya.aimsaudit").path
        _ = try aimsaudit(["new", programme, "--audit", "IA-2026-01", "-o", lead], env: leadEnv)
        _ = try aimsaudit(["fork", lead, "--for", "olivia", "-o", olivia])
        _ = try aimsaudit(["fork", lead, "--for", "priya", "-o", priya])
        _ = try aimsaudit(["record", olivia, "--as", "olivia", "--item", Self.item, "--grade", "observation", "--gap", "Olivia: never signed off"])
        _ = try aimsaudit(["record", olivia, "--as", "olivia", "--item", "9.2.1", "--note", "Interviewed the programme owner"])
        _ = try aimsaudit(["record", priya, "--as", "priya", "--item", Self.item, "--grade", "ofi", "--gap", "Priya: sign-off came late"])
        _ = try aimsaudit(["record", priya, "--as", "priya", "--item", "9.2.2", "--note", "Programme read"])
        _ = try aimsaudit(["record", lead, "--as", "amara", "--item", "A.6.2.4@claimsort", "--note", "Test plan reviewed"], env: leadEnv)

        // A bare repository, the lead's clone and the one the auditors share.
        let bare = top.appendingPathComponent("audit.git"), leadClone = top.appendingPathComponent("lead"), team = top.appendingPathComponent("team")
        try git(["init", "--bare", bare.path], in: top)
        try git(["clone", bare.path, leadClone.path], in: top)
        try git(["clone", bare.path, team.path], in: top)
        _ = try aimsaudit(["sync", olivia, team.path])
        try push(team, "olivia")
        _ = try aimsaudit(["sync", priya, team.path])
        try push(team, "priya")
        // Olivia syncs again, sees Priya's grade beside hers, and may not settle it herself.
        _ = try aimsaudit(["sync", olivia, team.path])
        let refused = try aimsaudit(["record", olivia, "--as", "olivia", "--item", Self.item, "--grade", "observation"], status: 1)
        #expect(refused.stderr.contains("refused (CONFLICT)") && refused.stderr.contains("only the lead, Amara Nwosu (amara)"), "\(refused.stderr)")
        try git(["pull", "origin", "main"], in: leadClone)
        _ = try aimsaudit(["sync", lead, leadClone.path], env: leadEnv)
        try push(leadClone, "amara")

        // On a machine without the lead's key the screen will not record as her, and says so.
        let keyless = try aimsaudit(["open", lead, "--as", "amara"], env: ["XDG_CONFIG_HOME": top.appendingPathComponent("elsewhere").path], status: 77)
        #expect(keyless.stderr.contains("the programme lists a key for amara, and this machine has none"), "\(keyless.stderr)")
        #expect(keyless.stderr.contains("--read-only"))

        let oliviaReplica = try CLI.query(olivia, "SELECT value FROM meta WHERE key = 'replica'").first ?? "?"
        let priyaReplica = try CLI.query(priya, "SELECT value FROM meta WHERE key = 'replica'").first ?? "?"
        // The lead's screen: what came in, from whom.
        let t = Tmux([CLI.binary.path, "open", lead, "--as", "amara"], width: 100, height: 30, in: top, env: leadEnv)
        #expect(t.wait(for: "came in since last opened here"), "\(t.screen)")
        // The message as one text, however it wraps.
        let said = t.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(said.contains("3 events from Priya Raman, last "), "\(said)")
        #expect(said.contains("3 events from Olivia Brandt, last "), "\(said)")
        #expect(said.contains("≠ 1 item in conflict (f: conflicts from merging)"), "\(said)")
        // Everyone's work, in the history: who recorded what on which replica.
        t.keys("h")
        #expect(t.wait(for: "History of the workpaper · on 3 replicas"), "\(t.screen)")
        #expect(t.screen.contains("replicas: here Amara Nwosu"), "\(t.screen)")
        for what in ["olivia   \(String(oliviaReplica.prefix(6))) wrote a note on 9.2.1", "priya    \(String(priyaReplica.prefix(6))) wrote a note on 9.2.2",
                     "amara    here   wrote a note on A.6.2.4@claimsort"] { #expect(t.screen.contains(what), "\(what): \(t.screen)") }
        t.keys("q")
        // The conflict, filtered and opened.
        t.keys("f")
        #expect(t.wait(for: "Filter"))
        #expect(select(t, "conflicts from merging"), "\(t.screen)")
        t.keys("Enter")
        #expect(t.wait(for: "1 shown · filter: conflicts from merging"), "\(t.screen)")
        t.keys("Enter")
        #expect(t.wait(for: "≠ grade was set two ways, neither seeing the other:"), "\(t.screen)")
        #expect(t.screen.contains("'observation' — Olivia Brandt") && t.screen.contains("'ofi' — Priya Raman"), "\(t.screen)")
        // Keep Priya's grade; write the finding's text anew.
        t.keys("R")
        #expect(t.wait(for: "Resolve grade of \(Self.item)"), "\(t.screen)")
        #expect(select(t, "Keep 'ofi'"), "\(t.screen)")
        t.keys("Enter")
        #expect(t.wait(for: "conflict resolved: \(Self.item) grade"), "\(t.screen)")
        t.keys("Tab", "Tab", "Tab", "R")
        #expect(t.wait(for: "Resolve gap of \(Self.item)"), "\(t.screen)")
        t.keys("G", "Enter")
        #expect(t.wait(for: "editing Gap"), "\(t.screen)")
        t.keys("C-u")
        t.type("Sign-off came three weeks after go-live (Olivia, Priya)")
        t.keys("Escape")
        // Writing over both auditors' text needs a reason.
        #expect(t.wait(for: "A reason for the record on"), "\(t.screen)")
        t.type("Both accounts checked against the sign-off log")
        t.keys("Enter")
        // (The message is longer now, and wraps after "conflict".)
        #expect(t.wait(for: "resolved: \(Self.item) gap"), "\(t.screen)")
        #expect(!t.screen.contains("≠"), "\(t.screen)")
        t.keys("q", "q")
        #expect(t.waitForExit(), "\(t.screen)")

        // The report exports; the journal verifies, the lead's events signed.
        let report = try aimsaudit(["export", lead]).stdout
        #expect(report.contains("Sign-off came three weeks after go-live (Olivia, Priya)"))
        let verify = try aimsaudit(["verify", lead]).stdout
        #expect(verify.contains("3 replicas, each chain intact") && verify.contains("by amara"), "\(verify)")
        let resolution = try CLI.query(lead, "SELECT actor || '|' || (sig IS NOT NULL) FROM journal ORDER BY seq DESC LIMIT 3")
        #expect(resolution == ["amara|1", "amara|1", "amara|1"], "\(resolution)")

        // The resolution reaches the others at their next sync: everyone's checklist is the same.
        _ = try aimsaudit(["sync", lead, leadClone.path], env: leadEnv)
        try push(leadClone, "resolved")
        try git(["pull", "origin", "main"], in: team)
        _ = try aimsaudit(["sync", olivia, team.path])
        _ = try aimsaudit(["sync", priya, team.path])
        let lists = try [lead, olivia, priya].map { try aimsaudit(["list", $0, "--format", "json"]).stdout }
        #expect(lists[0] == lists[1] && lists[1] == lists[2])
        #expect(!lists[0].contains("\"conflicts\""))
    }
}
