import AuditCore
import Foundation
import Testing

/// The shape of the command line a user sees: the commands `--help` offers, the developer
/// commands kept out of the installed tool, the options of `record`, the user's config file.
@Suite struct CommandLineTests {
    static let userCommands = ["demo", "open", "new", "list", "check", "plan", "assign", "history", "record", "export", "verify"]
    static let devCommands = ["synth", "bench-save", "bench-keys", "bench-open"]

    @Test func helpListsTheUserCommandsAndNoDeveloperCommand() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        let listed = help.stdout.split(separator: "\n").compactMap { line in
            line.hasPrefix("  ") ? line.split(separator: " ").first.map(String.init) : nil
        }
        for command in Self.userCommands { #expect(listed.contains(command), "\(command) in:\n\(help.stdout)") }
        for command in Self.devCommands { #expect(!help.stdout.contains(command), "\(command) in:\n\(help.stdout)") }
    }

    @Test(arguments: devCommands)
    func developerCommandsAreUnknownToTheTool(_ command: String) throws {
        let r = try CLI.run([command])
        #expect(r.status == 64, "\(r.stdout)")
        #expect(r.stderr.contains("'\(command)'"), "\(r.stderr)")
    }

    @Test func developerCommandsAreInTheDeveloperBinary() throws {
        let help = try CLI.run(CLI.devBinary, ["--help"])
        #expect(help.status == 0)
        for command in Self.devCommands { #expect(help.stdout.contains(command), "\(command) in:\n\(help.stdout)") }
    }

    /// One `--ca-NAME` option per field of a corrective action, and the outcome.
    @Test func recordOffersAnOptionForEveryCorrectiveActionField() throws {
        let help = try CLI.run(["record", "--help"])
        #expect(help.status == 0)
        for name in CorrectiveAction.fields.map(\.name) + ["outcome"] {
            #expect(help.stdout.contains("--ca-\(name) <ca-\(name)>"), "--ca-\(name) in:\n\(help.stdout)")
        }
    }

    /// Every field given on the command line is recorded, and the report shows it.
    @Test func everyCorrectiveActionFieldIsRecorded() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", "w.aimsaudit"], in: dir).status == 0)
        var args = ["record", "w.aimsaudit", "--as", "olivia", "--item", "A.6.2.8@ava", "--grade", "minor",
                    "--requirement", "Logs 12 months", "--evidence-text", "retention_days: 30", "--gap", "Logs kept 30 days"]
        var expected: [String] = []
        for (i, field) in CorrectiveAction.fields.enumerated() where !field.isPerson {
            let value = field.isDate ? "2027-0\(field.step)-\(10 + i)" : "\(field.label) given"
            args += ["--ca-\(field.name)", value]
            expected.append(value)
        }
        let r = try CLI.run(args + ["--ca-owner", "kenji"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try CLI.run(["export", "w.aimsaudit"], in: dir).stdout
        for value in expected { #expect(report.contains(value), "\(value) in:\n\(report)") }
    }

    /// A config file that is not YAML is named with its line and column, and left aside.
    @Test func malformedConfigIsALocatedWarning() throws {
        let dir = try CLI.temporaryDirectory()
        #expect(try CLI.run(["new", CLI.sample, "--audit", "IA-2026-01", "-o", "w.aimsaudit"], in: dir).status == 0)
        let config = dir.appendingPathComponent("config/aimsaudit")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        for (text, place, what) in [("# who I am\nauditor: [priya\n", "config.yaml:2:", "not valid YAML"),
                                    ("auditr: priya\n", "config.yaml:1:1:", "did you mean 'auditor'"),
                                    ("- priya\n", "config.yaml:1:1:", "a mapping")] {
            try text.write(to: config.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
            let r = try CLI.run(["open", "w.aimsaudit"], in: dir,
                                environment: ["XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "AIMSAUDIT_AUDITOR": ""])
            // No terminal here: the screen cannot start, but the config was read and judged first.
            #expect(r.status == 64, "\(r.stderr)")
            let warning = r.stderr.split(separator: "\n").first { $0.contains("config.yaml") }.map(String.init) ?? ""
            #expect(warning.hasPrefix("aimsaudit: warning: ") && warning.contains(place) && warning.contains(what), "\(r.stderr)")
        }
    }
}
