import ArgumentParser
import BuiltinThemes
import ConsoleSupport
import Foundation
import Reports
import Workpaper

/// `export --format docx`: the audit report as a Word document, made by pandoc.
extension AimsAudit.Export {
    func docx(_ document: Document) throws {
        let target = output ?? "-"
        // A Word document is no text for a terminal.
        if target == "-", isatty(1) == 1 {
            Console.error("aimsaudit: a Word document is no text for a terminal; name a file with -o FILE.docx")
            throw ExitCode(64)
        }
        let reference: URL
        var builtin: URL?
        defer { if let builtin { try? FileManager.default.removeItem(at: builtin) } }
        if let referenceDoc {
            guard FileManager.default.isReadableFile(atPath: referenceDoc) else {
                Console.error("aimsaudit: \(referenceDoc): no such reference document")
                throw ExitCode(66)
            }
            reference = URL(fileURLWithPath: referenceDoc)
        } else {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("aimsaudit-reference-\(UUID().uuidString).docx")
            try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(BuiltinThemes.reportReference), to: url.path) }
            builtin = url
            reference = url
        }
        let bytes: Data
        do {
            bytes = try Pandoc.docx(document, reference: reference)
        } catch .notInstalled {
            Console.error(TextOutput.wrap("aimsaudit: --format docx needs pandoc, which is not installed here (or not on the PATH); install it (Debian and Ubuntu: apt-get install pandoc), or export --format html and open the page in Word", indent: 2, first: "").joined(separator: "\n"))
            throw ExitCode(69)
        } catch let .failed(status, message) {
            Console.error("aimsaudit: pandoc could not make the Word document (exit \(status))" + (message.isEmpty ? "" : ":\n" + message))
            throw ExitCode(70)
        }
        try emit(bytes)
    }
}
