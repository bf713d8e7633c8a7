import ArgumentParser
import AuditCore
import Foundation
import Workpaper
import ConsoleSupport

/// Several auditors, one audit: fork a replica for a team member, merge replicas, sync through a
/// folder, keys that sign, attached evidence written out (docs/team.md).
extension AimsAudit {
    struct Fork: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fork",
            abstract: "Make a team member's workpaper of the same audit, to record on their own laptop.",
            discussion: """
                The fork holds everything recorded so far and every attached file; it is the same audit (programme \
                snapshot, first event) as a replica of its own. Bring the work back together with merge or sync. \
                Refused (1) for someone outside the audit's team or a workpaper whose journal does not verify.
                """)

        @Argument(help: ArgumentHelp("The workpaper to fork.", valueName: "WORKPAPER")) var file: String
        @Option(name: .customLong("for"), help: ArgumentHelp("The team member it is for.", valueName: "PERSON")) var person: String
        @Option(name: .shortAndLong, help: ArgumentHelp("The new workpaper (default: NAME-PERSON.aimsaudit beside it).", valueName: "FILE")) var output: String?

        func run() throws {
            let source = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
            defer { source.close() }
            let base = URL(fileURLWithPath: file)
            let out = output ?? base.deletingPathExtension().path + "-\(person).aimsaudit"
            try fail { () throws(WorkpaperError) in try source.fork(for: person, to: out) }
            Console.out("forked \(file) for \(person): \(out) (\(source.head.seq) events; audit \(source.audit.id))")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Bring into a workpaper every event of other workpapers of the same audit that it lacks.",
            discussion: """
                One transaction per merged workpaper: all of its events or none. Before anything is written each \
                FROM's journal is verified (exit 1 naming the first broken link), it must be the same audit \
                (exit 65 naming both), its schema aimsaudit's (65), and every new event must pass the same rules \
                as one typed, judged on what its author had seen, and carry its author's signature where the \
                programme lists a key (1). Merging again changes nothing. Two people who set the same field \
                without seeing each other's value make a conflict: both values are kept until someone sets it \
                again (record), and a final export waits for it.
                """)

        @Argument(help: ArgumentHelp("The workpaper merged into.", valueName: "INTO")) var into: String
        @Argument(help: ArgumentHelp("The workpapers merged from.", valueName: "FROM")) var from: [String]

        func validate() throws { if from.isEmpty { throw ValidationError("name a workpaper to merge from") } }

        func run() throws {
            let target = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(into, forWriting: true, stateFrom: .tables) }
            _ = try fail { () throws(WorkpaperError) in try target.readProgramme() }
            defer { target.close() }
            for path in from {
                let source = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(path, stateFrom: .tables) }
                _ = try fail { () throws(WorkpaperError) in try source.readProgramme() }
                defer { source.close() }
                let incoming = try fail { () throws(WorkpaperError) in try source.incoming() }
                let result = try fail { () throws(WorkpaperError) in try target.merge(incoming) }
                Console.out("\(path) into \(into): " + Self.describe(result))
            }
        }

        static func describe(_ r: MergeResult) -> String {
            guard r.count > 0 else { return "nothing new" }
            var out = "\(r.count) event\(r.count == 1 ? "" : "s") ("
                + r.added.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ") + "), last \(r.lastTime)"
            if r.attachments > 0 { out += "; \(r.attachments) attached file\(r.attachments == 1 ? "" : "s")" }
            if !r.conflicts.isEmpty {
                out += "\n\(r.conflicts.count) conflict\(r.conflicts.count == 1 ? "" : "s") to resolve (record the value to keep):\n"
                    + r.conflicts.flatMap { TextOutput.wrap($0.summary, indent: 4, first: "  ") }.joined(separator: "\n")
            }
            return out
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Exchange events with a folder: a USB stick, a shared drive, a git clone.",
            discussion: """
                Writes this workpaper's own events that DIR lacks into DIR/REPLICA.aimsaudit-events (each file is \
                written by its own replica alone, only ever made longer, so git never has to merge it), attached \
                files into DIR/attachments, then merges every other replica's file found there, as merge does. \
                A file cut short or edited is refused, naming its line.
                """)

        @Argument(help: ArgumentHelp("The workpaper.", valueName: "WORKPAPER")) var file: String
        @Argument(help: ArgumentHelp("The sync folder.", valueName: "DIR")) var directory: String

        func run() throws {
            let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file, forWriting: true, stateFrom: .tables) }
            _ = try fail { () throws(WorkpaperError) in try workpaper.readProgramme() }
            defer { workpaper.close() }
            let r = try fail { () throws(WorkpaperError) in try workpaper.sync(with: directory) }
            Console.out("wrote \(r.written) event\(r.written == 1 ? "" : "s") to \(directory); read \(r.files) other replica\(r.files == 1 ? "" : "s"): "
                + Merge.describe(r.merged))
            if r.waiting > 0 {
                Console.out("\(r.waiting) event\(r.waiting == 1 ? " waits" : "s wait") for replicas that have not synced to \(directory) yet; sync again later")
            }
        }
    }

    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key",
            abstract: "Keys that prove who recorded what.",
            subcommands: [New.self, Show.self])

        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "new",
                abstract: "Make an Ed25519 key for a person on this machine and print its public line for the programme.",
                discussion: """
                    The private key goes under $XDG_CONFIG_HOME/aimsaudit/keys/ (else ~/.config/aimsaudit/keys/), \
                    readable by you alone. Add the printed line to the person in the programme; every event then \
                    recorded as them is signed, and recording as them without the key is refused.
                    """)
            @Option(name: .customLong("as"), help: ArgumentHelp("The person (their id in the programme).", valueName: "PERSON")) var person: String

            func run() throws {
                let made = try fail { () throws(WorkpaperError) in try Keys.make(for: person) }
                Console.error("wrote \(made.file) (keep it; it is the only copy)")
                Console.out("key: \(made.publicLine)")
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the public line of a person's key on this machine.")
            @Option(name: .customLong("as"), help: ArgumentHelp("The person.", valueName: "PERSON")) var person: String

            func run() throws {
                guard let key = Keys.privateKey(for: person) else {
                    Console.error("aimsaudit: \(person) has no key on this machine (aimsaudit key new --as \(person))")
                    throw ExitCode(66)
                }
                Console.out("key: \(Keys.line(key.publicKey))")
            }
        }
    }

    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "evidence", abstract: "Evidence files kept inside a workpaper.", subcommands: [Extract.self])

        struct Extract: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "extract",
                abstract: "Write out the files attached to a workpaper (record --attach), as DIR/ITEM/E3-NAME.")
            @Argument(help: ArgumentHelp("The workpaper.", valueName: "WORKPAPER")) var file: String
            @Option(help: ArgumentHelp("Only this item's files.", valueName: "KEY")) var item: String?
            @Argument(help: ArgumentHelp("The folder to write into (made if missing).", valueName: "DIR")) var directory: String

            func run() throws {
                let workpaper = try fail { () throws(WorkpaperError) in try WorkpaperFile.open(file) }
                defer { workpaper.close() }
                if let item, !workpaper.analysis.checklist.contains(where: { $0.key.description == item }) {
                    Console.error("aimsaudit: '\(item)' is not on the checklist of \(workpaper.audit.id)")
                    throw ExitCode(64)
                }
                let written = try fail { () throws(WorkpaperError) in try workpaper.extractAttachments(item: item, to: directory) }
                for path in written { Console.out(path) }
                Console.error("wrote \(written.count) attached file\(written.count == 1 ? "" : "s") into \(directory)")
            }
        }
    }
}
