import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

/// `aimsaudit history`: an audit's results as the programme's `history:` entries, so the next
/// plan and the next checklist's weights see them.
extension AimsAudit {
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Print a workpaper's results as history: entries for the programme file.",
            discussion: """
                One entry per graded item (major, minor, observation, ofi, conform), dated the last day \
                of fieldwork. A major or minor nonconformity is closed when its corrective action is \
                recorded as verified effective, else open: change it to closed in the programme once \
                the action is verified later. \
                Items not audited or not applicable give no entry. Append the output under the \
                programme's history: key.
                """)

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "FILE")) var file: String
        @Option(help: ArgumentHelp("Add the entries to this programme file's history: instead of printing them (entries already there are skipped; the file is written only if it still reads).", valueName: "PROGRAMME.yaml"))
        var into: String?

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
            defer { workpaper.close() }
            let results = workpaper.state.historyEntries(workpaper.analysis)
            guard let into else { Console.out(Self.entries(workpaper.analysis, results).joined(separator: "\n")); return }
            let programme = try ProgrammeOptions.programme(at: into)
            let known = Dictionary(programme.history.map { ("\($0.audit)|\($0.item)", $0.status) }, uniquingKeysWith: { a, _ in a })
            let new = results.filter { known["\($0.audit)|\($0.item)"] == nil }.map(Self.line)
            // A nonconformity verified since it went into the history is closed there.
            let closing = results.filter { h in h.status == .closed && known["\(h.audit)|\(h.item)"] == .some(.open) }
            guard !new.isEmpty || !closing.isEmpty else {
                Console.out("\(into): the history already holds every result of \(workpaper.audit.id)")
                return
            }
            guard let text = try? String(contentsOfFile: into, encoding: .utf8) else {
                Console.error("aimsaudit: cannot read \(into)")
                throw ExitCode(66)
            }
            var updated: String
            switch Self.inserting(new, into: text) {
            case .success(let t): updated = t
            case .failure(let why):
                Console.error("aimsaudit: \(into): \(why); print the entries with `aimsaudit history \(file)` and add them by hand")
                throw ExitCode(65)
            }
            var missed: [String] = []
            for h in closing {
                if let t = Self.closing(h, in: updated) { updated = t } else { missed.append("\(h.item)") }
            }
            do { _ = try ProgrammeLoader.parse(updated, path: into) } catch {
                Console.error("aimsaudit: \(into) would no longer read with the entries added, so it was left as it was:\n\(error.description)")
                throw ExitCode(65)
            }
            try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(updated.utf8), to: into) }
            var said: [String] = []
            if !new.isEmpty { said.append("added \(new.count) history entr\(new.count == 1 ? "y" : "ies")") }
            if closing.count > missed.count { said.append("closed \(closing.count - missed.count)") }
            Console.out("\(said.joined(separator: " and ")) of \(workpaper.audit.id) in \(into)")
            if !missed.isEmpty {
                Console.error("aimsaudit: could not find the open entr\(missed.count == 1 ? "y" : "ies") of \(missed.joined(separator: ", ")) on one line to close; set status: closed by hand")
            }
        }

        /// The text with `status: open` made `closed` on the one line holding the entry, if there is one.
        static func closing(_ h: HistoryEntry, in text: String) -> String? {
            let separator = lineSeparator(text)
            var lines = text.components(separatedBy: separator)
            let matches = lines.indices.filter { i in
                let l = lines[i]
                return l.contains("audit: \(h.audit),") && (l.contains("item: \(h.item),") || l.contains("item: \(h.item)}")) && l.contains("status: open")
            }
            guard matches.count == 1, let i = matches.first else { return nil }
            lines[i] = lines[i].replacingOccurrences(of: "status: open", with: "status: closed")
            return lines.joined(separator: separator)
        }

        /// "\r\n" for a file written with CRLF line ends (one Character in Swift, so never split by "\n").
        static func lineSeparator(_ text: String) -> String { text.contains("\r\n") ? "\r\n" : "\n" }

        static func entries(_ analysis: AuditAnalysis, _ results: [HistoryEntry]) -> [String] {
            let audit = analysis.audit
            return ["# results of \(audit.id) (\(audit.fieldwork.from) to \(audit.fieldwork.to)), for the programme's history:"]
                + results.map(line)
        }

        /// One history entry as the programme file writes it.
        static func line(_ h: HistoryEntry) -> String {
            "  - {audit: \(h.audit), date: \(h.date), item: \(h.item), grade: \(h.grade.rawValue)\(h.status.map { ", status: \($0.rawValue)" } ?? "")}"
        }

        struct Refused: Error, CustomStringConvertible { let description: String }

        /// The programme's text with `entries` (lines `  - {…}`) after the last line of its top-level
        /// `history:` block list, re-indented like that list; a `history:` key is added at the end
        /// when there is none.
        static func inserting(_ entries: [String], into text: String) -> Result<String, Refused> {
            guard !entries.isEmpty else { return .success(text) }
            let separator = lineSeparator(text)
            var lines = text.components(separatedBy: separator)
            let body = entries.map { $0.drop { $0 == " " } }
            func blank(_ l: String) -> Bool { l.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            guard let h = lines.firstIndex(where: { $0.hasPrefix("history:") }) else {
                if lines.last.map(blank) ?? false { lines.removeLast() }
                return .success((lines + ["", "history:"] + body.map { "  " + $0 } + [""]).joined(separator: separator))
            }
            let rest = lines[h].dropFirst("history:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            guard rest.isEmpty || rest.hasPrefix("#") else {
                return .failure(Refused(description: "its history: is written on one line (\(rest.prefix(20))…)"))
            }
            // The block runs to the next top-level key (a list may sit at the key's own indentation);
            // entries go after its last line that is neither blank nor a comment.
            func inBlock(_ l: String) -> Bool { blank(l) || l.first == " " || l.first == "#" || l.hasPrefix("- ") || l == "-" }
            var end = h + 1
            while end < lines.count, inBlock(lines[end]) { end += 1 }
            var last = h
            for i in (h + 1)..<end where !blank(lines[i]) && lines[i].first != "#" { last = i }
            let indent = lines[(h + 1)..<end].first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
                .map { String($0.prefix { $0 == " " }) } ?? "  "
            lines.insert(contentsOf: body.map { indent + $0 }, at: last + 1)
            return .success(lines.joined(separator: separator))
        }
    }
}
