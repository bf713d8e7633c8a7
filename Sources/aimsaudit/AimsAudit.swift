import ArgumentParser
import Foundation
import Workpaper

/// The command line: each command is nested in this type, one file per command or small group.
/// Each command gives its name in its configuration: the name derived from the type's is worked
/// out at every start, at 3 ms of a 10 ms start.
@main
struct AimsAudit: ParsableCommand {
    static let version = WorkpaperFile.toolVersion

    static let configuration = CommandConfiguration(
        commandName: "aimsaudit",
        abstract: "Internal audit fieldwork under ISO/IEC 42001:2023 (clause 9.2), in the terminal.",
        discussion: """
            Exit codes: 0 ok · 1 the check failed (a blocked assignment, a refused record, a broken chain) · \
            64 usage · 65 bad data in an input file · 66 input missing or unreadable · 73 cannot create · \
            74 I/O error · 75 workpaper locked by another process.
            """,
        version: version,
        subcommands: [Demo.self, Open.self, New.self, List.self, Check.self, Plan.self, Assign.self, History.self,
                      Record.self, Export.self, Verify.self,
                      // Several auditors, one audit (TeamCommands.swift).
                      Fork.self, Merge.self, Sync.self, Key.self, Evidence.self]
            + [ProgrammeCommand.self]
    )

    static func main() {
        // Over a file-size limit a write should fail with an error we report, not end the process.
        signal(SIGXFSZ, SIG_IGN)
        main(nil)
    }
}
