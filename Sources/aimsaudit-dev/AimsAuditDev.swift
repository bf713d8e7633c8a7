import ArgumentParser
import Foundation
import Workpaper

/// Developer commands, for Scripts/bench.py and scale tests; not part of the installed tool.
/// Built with `swift build --product aimsaudit-dev`.
@main
struct AimsAuditDev: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aimsaudit-dev",
        abstract: "Developer commands of aimsaudit: synthetic programmes and in-process benchmarks.",
        version: WorkpaperFile.toolVersion,
        subcommands: [Synth.self, BenchSave.self, BenchKeys.self, BenchOpen.self, BenchMerge.self]
    )
}
