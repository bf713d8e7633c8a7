import ArgumentParser
import ConsoleSupport
import DidYouMean
import Foundation
import ProgrammeTables
import Workpaper

/// `aimsaudit programme import|export`: the programme's people, suppliers, AI systems, control
/// register and history as spreadsheets (CSV), the rest of the file kept as YAML.
extension AimsAudit {
    struct ProgrammeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "programme",
            abstract: "The programme's tables (people, AI systems, register, history…) as CSV files.",
            subcommands: [Import.self, Export.self])

        static var tableNames: String { Table.all.map(\.fileName).joined(separator: ", ") }
    }
}

extension AimsAudit.ProgrammeCommand {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Put CSV tables into a programme file, or make a new one of them.",
            discussion: """
                Each file is named after its table: \(tableNames); a folder gives those it holds. \
                Each table replaces its section whole; the file's other sections and their comments \
                are kept. Problems in any table are reported all at once, as FILE:ROW:COLUMN, and \
                then nothing is written (exit 65).
                """)

        @Argument(help: ArgumentHelp("CSV files named after their table, or folders holding them.", valueName: "CSV|DIR"))
        var sources: [String]

        @Option(help: ArgumentHelp("The programme file to put the tables in (rewritten unless -o says otherwise).", valueName: "PROGRAMME.yaml"))
        var into: String?

        @Option(help: ArgumentHelp("The organisation's name, for a new programme (without --into).", valueName: "NAME"))
        var organisation: String?

        @Option(name: [.customShort("o"), .customLong("output")],
                help: ArgumentHelp("Where to write the programme: by default the --into file, else standard output (-). Never an existing file other than the --into one.", valueName: "FILE"))
        var output: String?

        func run() throws {
            let found = try tables()
            let base: [UInt8], basePath: String
            if let into {
                if organisation != nil {
                    Console.error("aimsaudit: --organisation names a new programme's organisation; \(into) keeps its own")
                    throw ExitCode(64)
                }
                do { base = try ProgrammeLoader.source(path: into) } catch {
                    Console.error(error.description)
                    throw ExitCode(error.exitCode)
                }
                basePath = into
            } else {
                guard let name = organisation, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    let rest = sources.map { ($0 as NSString).appendingPathComponent("programme.yaml") }
                        .first { FileManager.default.fileExists(atPath: $0) }
                    Console.error("aimsaudit: name the programme to add the tables to with --into"
                                  + (rest.map { " (\($0)?)" } ?? "") + ", or a new programme's organisation with --organisation")
                    throw ExitCode(64)
                }
                base = ProgrammeImport.newProgramme(organisation: name)
                basePath = output ?? "-"
            }
            let target = output ?? into ?? "-"
            if target != "-", Self.isRegularFile(target), into.map({ Self.resolved($0) != Self.resolved(target) }) ?? true {
                Console.error("aimsaudit: \(target) exists: -o writes a new file; to put the tables in a programme, name it with --into")
                throw ExitCode(73)
            }
            let imported: ProgrammeImport.Imported
            do {
                imported = try ProgrammeImport.run(found.map { ProgrammeImport.Source(path: $0.path, table: $0.table, bytes: $0.bytes) },
                                                   into: base, path: basePath)
            } catch {
                Console.error(error.description)
                throw ExitCode(error.exitCode)
            }
            try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(imported.bytes), to: target) }
            guard target != "-" else { return }
            let counts = imported.rows.map { "\($0.count) \($0.count == 1 ? $0.table.rowNoun.one : $0.table.rowNoun.many)" }
            Console.out(TextOutput.wrap("wrote \(target): \(counts.joined(separator: ", "))", indent: 2, first: "").joined(separator: "\n"))
        }

        /// The tables named, each read; a usage error for a file no table is named after, or
        /// two files for one table.
        func tables() throws -> [(path: String, table: Table, bytes: [UInt8])] {
            var paths: [(path: String, table: Table)] = []
            for source in sources {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
                    Console.error("aimsaudit: cannot read \(source): no such file")
                    throw ExitCode(66)
                }
                if isFolder.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: source)) ?? []
                    let held = Table.all.compactMap { table in
                        names.sorted().first { Table.named($0) == table }.map { (source == "." ? $0 : (source as NSString).appendingPathComponent($0), table) }
                    }
                    if held.isEmpty {
                        Console.error("aimsaudit: \(source) holds none of \(AimsAudit.ProgrammeCommand.tableNames)")
                        throw ExitCode(66)
                    }
                    paths += held
                } else {
                    let name = (source as NSString).lastPathComponent
                    guard let table = Table.named(name) else {
                        let hint = Suggest.hint(for: name.lowercased(), in: Table.all.map(\.fileName))
                        Console.error("aimsaudit: cannot tell which table \(source) holds\(hint): name it \(AimsAudit.ProgrammeCommand.tableNames)")
                        throw ExitCode(64)
                    }
                    paths.append((source, table))
                }
            }
            for table in Table.all {
                let same = paths.filter { $0.table == table }.map(\.path)
                if same.count > 1 {
                    Console.error("aimsaudit: two files for \(table.fileName): \(same.joined(separator: " and "))")
                    throw ExitCode(64)
                }
            }
            return try paths.map { p in
                guard let data = FileManager.default.contents(atPath: p.path) else {
                    Console.error("aimsaudit: cannot read \(p.path): permission denied or unreadable")
                    throw ExitCode(66)
                }
                guard data.count <= ProgrammeLoader.maxFileBytes else {
                    Console.error("\(p.path):1:1: the file is \(data.count >> 20) MiB; tables are limited to \(ProgrammeLoader.maxFileBytes >> 20) MiB")
                    throw ExitCode(65)
                }
                return (p.path, p.table, Array(data))
            }
        }

        static func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        }

        static func isRegularFile(_ path: String) -> Bool {
            (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        }
    }

    enum TableFormat: String, ExpressibleByArgument, CaseIterable { case csv }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a programme's tables as CSV files, and the rest of it as programme.yaml, in a folder.",
            discussion: """
                Writes \(tableNames) (UTF-8 with a byte-order mark, as spreadsheets open it) and \
                programme.yaml, the programme's other sections. `aimsaudit programme import DIR --into \
                DIR/programme.yaml` puts them together again. The folder is made if need be; files \
                already in it are replaced only with --force.
                """)

        @Argument(help: ArgumentHelp("The programme file.", valueName: "PROGRAMME.yaml")) var file: String
        @Argument(help: ArgumentHelp("The folder to write the files in.", valueName: "DIR")) var folder: String
        @Option(help: "The tables' format.") var format: TableFormat = .csv
        @Flag(help: "Replace files of these names already in the folder.") var force = false

        func run() throws {
            let (programme, source) = try ProgrammeOptions.read(file)
            var files: [(name: String, bytes: [UInt8], note: String)] = []
            do {
                for table in Table.all {
                    let rows = try ProgrammeExport.rows(table, of: programme)
                    let count = rows.count - 1
                    files.append((table.fileName, CSVWriter.bytes(rows), "\(count) \(count == 1 ? table.rowNoun.one : table.rowNoun.many)"))
                }
            } catch {
                Console.error("aimsaudit: \(file): \(error.description)")
                throw ExitCode(65)
            }
            do {
                files.append(("programme.yaml", try ProgrammeExport.rest(source, path: file), "the other sections"))
            } catch {
                Console.error(error.description)
                throw ExitCode(error.exitCode)
            }
            try makeFolder()
            let paths = files.map { (folder as NSString).appendingPathComponent($0.name) }
            let rest = paths[paths.count - 1]
            if FileManager.default.fileExists(atPath: rest), Import.resolved(rest) == Import.resolved(file) {
                Console.error("aimsaudit: \(rest) is the programme being exported: export to another folder")
                throw ExitCode(73)
            }
            let there = paths.filter { FileManager.default.fileExists(atPath: $0) }
            if !there.isEmpty, !force {
                Console.error("aimsaudit: \(there.joined(separator: ", ")) already there: nothing was written; --force replaces them")
                throw ExitCode(73)
            }
            for (path, f) in zip(paths, files) {
                try fail { () throws(WorkpaperError) in try AtomicFile.write(Data(f.bytes), to: path) }
            }
            let width = paths.map(\.count).max() ?? 0
            for (path, f) in zip(paths, files) {
                Console.out(path.padding(toLength: width + 2, withPad: " ", startingAt: 0) + f.note)
            }
            Console.out("Put the programme together again with:\n  aimsaudit programme import \(folder) --into \(rest)")
        }

        func makeFolder() throws {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
                guard isFolder.boolValue else {
                    Console.error("aimsaudit: cannot write to \(folder): it is a file, not a folder")
                    throw ExitCode(73)
                }
                return
            }
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
                Console.error("aimsaudit: cannot create the folder \(folder): \((error as NSError).localizedFailureReason ?? "\(error)")")
                throw ExitCode(73)
            }
        }
    }
}
