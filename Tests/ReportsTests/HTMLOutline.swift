import Foundation

/// An HTML page read with Python's html.parser, as a browser would read its structure: the
/// headings and tables with the text a reader sees, the elements used, and anything that would
/// be fetched from elsewhere or run.
struct HTMLOutline: Decodable {
    struct Heading: Decodable, Equatable, CustomStringConvertible {
        var level: Int
        var text: String
        var description: String { "h\(level) \(text)" }
    }
    var headings: [Heading]
    /// Each table as rows of cell texts, header row first.
    var tables: [[[String]]]
    /// Every element name used, in the order first seen.
    var elements: [String]
    /// What would load something from elsewhere or run code: a tag and what it points to.
    var external: [String]
    /// The texts of each inline SVG chart, in order.
    var charts: [[String]]
    /// All text outside <head>, <style>, <title> and SVG, as a reader sees it.
    var text: String

    /// Tests/Support/html-outline.py, which both test targets read pages with.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/html-outline.py").path

    static func of(_ html: String) throws -> HTMLOutline {
        let data = try Tool.run(["python3", script], input: Data(html.utf8))
        return try JSONDecoder().decode(HTMLOutline.self, from: data)
    }
}

/// Runs a program found on the PATH with some input and returns what it wrote.
enum Tool {
    static func run(_ command: [String], input: Data = Data()) throws -> Data {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(command[0]) failed (is it installed?)"])
        }
        return data
    }
}
