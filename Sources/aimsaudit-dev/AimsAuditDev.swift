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
        subcommands: [Synth.self, BenchSave.self, BenchKeys.self, BenchOpen.self]
    )
}

enum Console {
    static func error(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    static func data(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}

/// Runs a workpaper operation; on failure prints its message and exits with its code.
func fail<T>(_ body: () throws(WorkpaperError) -> T) throws -> T {
    do { return try body() } catch {
        Console.error(error.description)
        throw ExitCode(error.exitCode)
    }
}
