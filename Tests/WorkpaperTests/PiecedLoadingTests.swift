import AuditCore
import Foundation
import SafeYAML
import Testing
@testable import Workpaper

/// A large programme is composed a list element at a time (for memory); what it reads, and every
/// message with its place, must be what composing the whole file gives.
@Suite struct PiecedLoadingTests {
    enum Outcome: Equatable {
        case programme(Programme)
        case problems([Diagnostic], more: Int)
        case other(String)
    }

    static func outcome(_ text: String, whole: Bool) -> Outcome {
        do { return .programme(try ProgrammeLoader.parse(Array(text.utf8), path: "p.yaml", whole: whole)) } catch {
            if case let .badData(d, more) = error { return .problems(d, more: more) }
            return .other("\(error)")
        }
    }

    /// Whether the text is read in pieces (its layout allows it and every piece composes).
    static func readInPieces(_ text: String) -> Bool {
        guard let text = try? SafeYAML.checked(Array(text.utf8)), let pieces = SafeYAML.Pieces(text, lists: ProgrammeDecoder.sections) else { return false }
        return pieces.composeRest()
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The minimal programme with `count` more register entries, one per line, each for its own
    /// requirement and system.
    static func programme(controls count: Int) -> String {
        let systems = (0..<(count / 38 + 1)).map { "  - {id: s\($0), name: System \($0), owner: ines, inherent_risk: 3}\n" }.joined()
        let entries = (0..<count).map { i in
            "  - {requirement: \(annexA[i % annexA.count]), system: s\(i / annexA.count), criticality: \(1 + i % 5), roles: [{person: kenji, role: owner}]}\n"
        }.joined()
        return minimalProgramme
            .replacingOccurrences(of: "ai_systems:\n", with: "ai_systems:\n" + systems)
            .replacingOccurrences(of: "controls:\n", with: "controls:\n" + entries)
    }

    static let annexA = ["A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
                         "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
                         "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
                         "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4"]

    static let big = programme(controls: 600)


    @Test(arguments: ["SampleData/harbourline/programme.yaml", "SampleData/harbourline/csv/programme.yaml",
                      "Tests/Fixtures/harbourline-format1.yaml", "Tests/Fixtures/minimal.yaml"])
    func programmesOfTheRepositoryReadTheSameInPieces(_ path: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        #expect(Self.readInPieces(text))
        #expect(Self.outcome(text, whole: false) == Self.outcome(text, whole: true))
    }

    /// Places count from the top of the file, not from the piece: the 500th entry's place,
    /// and a message about it, say its line in the file.
    @Test func placesInsideAListAreLinesOfTheFile() throws {
        let text = Self.big
        #expect(Self.readInPieces(text))
        let programme = try ProgrammeLoader.parse(text, path: "p.yaml")
        #expect(programme.controls.count == 601)
        #expect(programme.controls[499].location == SourceLocation(line: lineOfControl(500, in: text), column: 5))
        #expect(Self.outcome(text, whole: false) == Self.outcome(text, whole: true))

        let wrong = replacingLine(lineOfControl(500, in: text), in: text) { $0.replacingOccurrences(of: "role: owner", with: "role: onwer") }
        guard case let .problems(d, _) = Self.outcome(wrong, whole: false) else { Issue.record("accepted"); return }
        #expect(d.map(\.line) == [lineOfControl(500, in: text)], "\(d)")
        #expect(Self.outcome(wrong, whole: false) == Self.outcome(wrong, whole: true))
    }

    /// A change to a programme of 600 one-line register entries, and whether the file it makes
    /// is read in pieces.
    struct Case: Sendable, CustomTestStringConvertible {
        let what: String
        let inPieces: Bool
        let change: @Sendable (String) -> String
        var testDescription: String { what }

        init(_ what: String, pieces: Bool, _ change: @escaping @Sendable (String) -> String) {
            self.what = what; inPieces = pieces; self.change = change
        }

        /// A change to the line of the `n`th register entry.
        static func entry(_ n: Int, _ what: String, pieces: Bool, _ change: @escaping @Sendable (String) -> String) -> Case {
            Case(what, pieces: pieces) { text in replacingLine(lineOfControl(n, in: text), in: text, change) }
        }
    }

    static let broken: [Case] = [
        .entry(3, "unknown key in the 3rd entry", pieces: true) { $0.replacingOccurrences(of: "criticality", with: "criticalty") },
        Case("a duplicate register entry", pieces: true) { t in
            let fifth = t.split(separator: "\n", omittingEmptySubsequences: false)[lineOfControl(5, in: t) - 1]
            return replacingLine(lineOfControl(400, in: t), in: t) { $0 + "\n" + fifth }
        },
        .entry(500, "an unknown role in the 500th entry", pieces: true) { $0.replacingOccurrences(of: "role: owner", with: "role: onwer") },
        .entry(7, "wrong indentation inside an element", pieces: false) { _ in "  - requirement: A.2.2\n    system: s9\n     criticality: 3" },
        .entry(7, "an element indented under the one before", pieces: false) { _ in "  - requirement: A.2.2\n    system: s9\n   - {requirement: A.2.3}" },
        Case("an anchor and its alias", pieces: false) { t in
            replacingLine(lineOfControl(2, in: t), in: t) { $0.replacingOccurrences(of: "system: s0", with: "system: &s s0") }
                .replacingOccurrences(of: "system: s15", with: "system: *s")
        },
        Case("a flow mapping at the top", pieces: false) { _ in
            "{format: aimsaudit/programme@1, organisation: {name: X}, controls: [{requirement: A.2.2, colour: red}]}\n"
        },
        .entry(20, "a tab in indentation", pieces: false) { "\t" + $0.dropFirst(2) },
        .entry(20, "a tab after the dash", pieces: false) { $0.replacingOccurrences(of: "- {", with: "-\t{") },
        Case("a duplicate top-level key", pieces: false) { $0 + "history:\n  - {audit: IA-0, date: 2025-09-23, item: A.2.2@s0, grade: ofi}\n" },
        .entry(500, "bad YAML in the 500th element", pieces: false) { String($0.dropLast()) },
        .entry(9, "a block scalar in a list", pieces: false) { _ in
            "  - requirement: A.2.2\n    system: s9\n    applicable: false\n    justification: |\n      Not used.\n  - {requirement: A.2.3, system: s9, population: x}"
        },
        Case("comments at column 0 inside a list", pieces: true) { t in
            replacingLine(lineOfControl(30, in: t), in: t) { "# a comment\n" + $0 + "\n#\n   # another\n" }
                .replacingOccurrences(of: "criticality: 4", with: "criticality: 9")
        },
        Case("a list at column 0", pieces: true) { t in
            t.replacingOccurrences(of: "\n  - {requirement", with: "\n- {requirement").replacingOccurrences(of: "system: s15", with: "system: s51")
        },
        .entry(11, "an empty element", pieces: true) { $0 + "\n  -" },
        .entry(3, "an element nested too deep for YAML", pieces: false) { _ in
            "  - " + String(repeating: "[", count: 999) + String(repeating: "]", count: 999)
        },
        Case("CRLF line breaks", pieces: true) { $0.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "criticality: 4", with: "criticality: 7") },
        .entry(50, "a lone carriage return", pieces: false) { $0 + "\r  - {requirement: A.2.2, system: s9}" },
        Case("document markers", pieces: false) { "---\n" + $0 + "...\n" + $0 },
        Case("a key inside quoted text, and an unknown key", pieces: false) {
            $0.replacingOccurrences(of: "{name: Test Org}", with: "{name: \"Test\ncontrols:\n  - x\", colour: red}")
        },
        .entry(11, "an entry running on at column 0 into an unknown key", pieces: false) {
            $0.replacingOccurrences(of: ", roles", with: ",\nrole")
        },
        Case("no line break at the end", pieces: false) { $0 + "  - {requirement: A.2.2, system: s99" },
    ]

    /// Broken files give the messages, lines and columns the whole file gives, whether they are
    /// read in pieces, or found not to fit them and read whole.
    @Test(arguments: broken)
    func brokenFilesGiveTheSameMessagesEitherWay(_ c: Case) {
        let text = c.change(Self.big)
        let whole = Self.outcome(text, whole: true)
        guard case .problems = whole else { Issue.record("not refused: \(whole)"); return }
        #expect(Self.outcome(text, whole: false) == whole)
        #expect(Self.readInPieces(text) == c.inPieces)
    }

    static let valid: [Case] = [
        Case("comments at column 0 and blank lines inside a list", pieces: true) { t in
            replacingLine(lineOfControl(30, in: t), in: t) { "# a comment\n\n" + $0 + "\n#\n   # another\n    \n" }
        },
        Case("a list at column 0", pieces: true) { $0.replacingOccurrences(of: "\n  - {requirement", with: "\n- {requirement") },
        Case("a list indented four spaces", pieces: true) { $0.replacingOccurrences(of: "\n  - {requirement", with: "\n    - {requirement") },
        Case("CRLF line breaks", pieces: true) { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        Case("comments after the keys", pieces: true) { $0.replacingOccurrences(of: "controls:\n", with: "controls:   # the register\n  # first\n") },
        .entry(9, "block mappings in a list", pieces: true) { _ in
            "  - requirement: A.2.2\n    system: claimsort\n    roles:\n      - person: kenji\n        role: owner"
        },
        .entry(21, "ampersands and asterisks in text", pieces: false) {
            $0.replacingOccurrences(of: "criticality", with: "justification: \"R&D *very* important\", criticality")
        },
        Case("a key inside quoted text", pieces: false) { $0.replacingOccurrences(of: "{name: Test Org}", with: "{name: \"Test\ncontrols:\n  - x\"}") },
        .entry(11, "an entry running on at column 0", pieces: false) { $0.replacingOccurrences(of: ", roles", with: ",\nroles") },
        Case("catalogues as a block list", pieces: true) { $0.replacingOccurrences(of: "controls:\n", with: "catalogues:\n  - iso42001-2023\ncontrols:\n") },
        Case("a block scalar outside the lists", pieces: true) { $0.replacingOccurrences(of: "{name: Test Org}", with: "\n  name: >-\n    Test\n    Org") },
    ]

    /// Valid files laid out in other ways read the same, in pieces when they can be.
    @Test(arguments: valid)
    func validLayoutsReadTheSameEitherWay(_ c: Case) {
        let text = c.change(Self.big)
        let whole = Self.outcome(text, whole: true)
        guard case .programme = whole else { Issue.record("refused: \(whole)"); return }
        #expect(Self.outcome(text, whole: false) == whole)
        #expect(Self.readInPieces(text) == c.inPieces)
    }

    /// Small random changes to a valid programme (a character or a line deleted or added, a
    /// line indented differently) read the same whether in pieces or whole.
    @Test func mutatedProgrammesReadTheSameEitherWay() throws {
        let sample = try String(contentsOf: Self.root.appendingPathComponent("SampleData/harbourline/programme.yaml"), encoding: .utf8)
        let bases = [Self.programme(controls: 80), sample]
        let alphabet: [Character] = [" ", " ", "-", ":", "#", "\n", "{", "}", "[", "]", ",", "'", "\"", "a", "|", ">", "&", "*", "\t", "\r", "é"]
        var rng = SplitMix64(state: 20_261_130)
        func below(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var pieced = 0, accepted = 0
        for trial in 0..<200 {
            var lines = bases[trial % 2].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0...below(2) {
                let l = below(lines.count)
                var line = lines[l]
                switch below(6) {
                case 0 where !line.isEmpty: line.remove(at: line.index(line.startIndex, offsetBy: below(line.count)))
                case 1: line.insert(alphabet[below(alphabet.count)], at: line.index(line.startIndex, offsetBy: below(line.count + 1)))
                case 2: lines.remove(at: l); continue
                case 3: lines.insert(lines[below(lines.count)], at: l); continue
                case 4: line = String(repeating: " ", count: below(5)) + line.drop { $0 == " " }
                default: line = " " + line
                }
                lines[l] = line
            }
            let text = lines.joined(separator: "\n")
            let whole = Self.outcome(text, whole: true)
            #expect(Self.outcome(text, whole: false) == whole, "trial \(trial):\n\(text)")
            if Self.readInPieces(text) { pieced += 1 }
            if case .programme = whole { accepted += 1 }
        }
        // Most changes keep the layout simple, and some keep the programme valid.
        #expect(pieced > 60 && accepted > 20, "\(pieced) read in pieces, \(accepted) accepted")
    }
}

/// The line on which the register entry `n` (from 1) starts, in a programme of one-line entries.
private func lineOfControl(_ n: Int, in text: String) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.hasPrefix("controls:") }! + 1 + n
}

/// The text with the line `line` (from 1) changed.
private func replacingLine(_ line: Int, in text: String, _ change: (String) -> String) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines[line - 1] = change(lines[line - 1])
    return lines.joined(separator: "\n")
}
