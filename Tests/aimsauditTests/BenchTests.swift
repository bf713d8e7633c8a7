import Foundation
import Testing

/// The benchmark command keeps working: a quick run at small sizes prints every row of its table
/// with figures. (The full run, and the figures that count, are in docs/performance.md.)
@Suite struct BenchTests {
    @Test func quickBenchmarkPrintsEveryMeasure() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", CLI.packageRoot.appendingPathComponent("Scripts/bench.py").path, "--quick", "--binary", CLI.binary.path, "--dev-binary", CLI.devBinary.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(errors)")
        for measure in ["open → first frame", "key: scroll (j)", "key: page (PgDn, PgUp)", "key: jump (G, g)", "key: search (typing)",
                        "key: filter (f, j, Enter)", "key: open item (Enter)", "key: type in a note", "peak memory (screen)",
                        "save one edit (WAL, FULL)", "export report", "import + check programme", "aimsaudit --version",
                        "merge two replicas"] {
            let rows = text.split(separator: "\n").filter { $0.hasPrefix(measure) }
            #expect(!rows.isEmpty, "\(measure) missing in:\n\(text)")
            // Each row has a median and a p99 that are numbers.
            for row in rows {
                let numbers = row.dropFirst(measure.count).split(separator: " ").compactMap { Double($0) }
                #expect(numbers.count >= 2, "\(row)")
            }
        }
    }
}
