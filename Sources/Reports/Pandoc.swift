import Foundation

/// Word documents made by pandoc, when it is installed, from a document's HTML page (charts left
/// out: Word gets their figures in the tables beside them), styled by a reference document:
/// pandoc takes its styles, page and headers from it (see docs/report-styles.md).
public enum Pandoc {
    public enum Failure: Error, Equatable {
        case notInstalled
        case failed(status: Int32, message: String)
    }

    /// The pandoc on the PATH, or nil.
    public static func find(path: String? = ProcessInfo.processInfo.environment["PATH"]) -> URL? {
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("pandoc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// The document as a .docx file's bytes, styled by the reference document at `reference`.
    public static func docx(_ document: Document, reference: URL) throws(Failure) -> Data {
        guard let pandoc = find() else { throw .notInstalled }
        // The page's title (its <title>) is the document's title, so its level-1 heading is left
        // out, as are the charts; the tables say how wide their columns are.
        let blocks = document.blocks.filter {
            switch $0 {
            case .chart, .heading(1, _): false
            default: true
            }
        }
        let html = HTMLWriter.write(Document(blocks), title: document.title, columnWidths: true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("aimsaudit-docx-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("report.docx"), errors = dir.appendingPathComponent("errors")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = pandoc
            // The report's sections as Heading 1, the findings as Heading 2.
            process.arguments = ["--from=html", "--to=docx", "--shift-heading-level-by=-1",
                                 "--reference-doc=\(reference.path)", "--output=\(output.path)"]
            let input = Pipe()
            let errorFile = try FileHandle(forWritingTo: errors)
            defer { try? errorFile.close() }
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = errorFile
            signal(SIGPIPE, SIG_IGN)
            try process.run()
            try? input.fileHandleForWriting.write(contentsOf: Data(html.utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            guard process.terminationReason == .exit, process.terminationStatus == 0 else {
                throw Failure.failed(status: process.terminationStatus, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return try Data(contentsOf: output)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .failed(status: -1, message: "\(error.localizedDescription)")
        }
    }
}
