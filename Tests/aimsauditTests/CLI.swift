import Foundation
import TestFolders

/// Runs the built `aimsaudit` binary as a user would and captures what it says.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary = built("aimsaudit")

    /// The developer commands (`synth`, `bench-*`), built beside the tool but not shipped with it.
    static let devBinary = built("aimsaudit-dev")

    static func built(_ name: String) -> URL {
        // The test runner sits beside the products it was built with.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/\(name)")
    }

    static let sample = packageRoot.appendingPathComponent("SampleData/harbourline/programme.yaml").path

    /// The clock the tests record by: the last afternoon of the sample's IA-2026-01 fieldwork
    /// (2026-11-23 to 2026-11-27), so that the rules on dates see records made during fieldwork,
    /// whatever day the tests run. A test gives its own `AIMSAUDIT_NOW` to record on another day.
    static let fieldworkClock = ["AIMSAUDIT_NOW": "2026-11-27T15:00:00Z"]

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(binary, arguments, in: directory, environment: fieldworkClock.merging(environment) { $1 })
    }

    /// Runs another program a user would use beside aimsaudit (`cp`, `mv`…), found on the PATH.
    static func tool(_ command: [String], in directory: URL? = nil) throws -> Result {
        try run(URL(fileURLWithPath: "/usr/bin/env"), command, in: directory)
    }

    static func run(_ program: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = directory }
        // Files, not pipes: a large output can neither fill a pipe nor stall the test.
        let dir = try temporaryDirectory()
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close(); try? FileManager.default.removeItem(at: dir) }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outURL), errData = try Data(contentsOf: errURL)
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs SQL on a workpaper with Python's sqlite3, as someone changing it behind the tool's back.
    static func sql(_ path: String, _ statement: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", path, statement]
        try p.run()
        p.waitUntilExit()
    }

    /// The first column of every row a query returns, read with Python's sqlite3 (not through aimsaudit).
    static func query(_ path: String, _ select: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sqlite3,sys,json; print(json.dumps([r[0] for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]))", path, select]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A fresh directory for files a test writes, removed when the test run ends.
    static func temporaryDirectory() throws -> URL { try TestFolder.make("test") }

    static func write(_ bytes: [UInt8], name: String = "programme.yaml") throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
}

/// Line and column (1-based) of the first occurrence of `needle`.
func locate(_ needle: String, in text: String, after: String = "") -> (line: Int, column: Int) {
    let start = after.isEmpty ? text.startIndex : (text.range(of: after)?.upperBound ?? text.endIndex)
    guard let range = text.range(of: needle, range: start..<text.endIndex) else { return (0, 0) }
    let before = text[..<range.lowerBound]
    let line = before.filter { $0 == "\n" }.count + 1
    let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex, to: before.endIndex) + 1
    return (line, column)
}

