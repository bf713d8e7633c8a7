import AuditCore
import Foundation
import Testing
@testable import Workpaper

/// Hostile and broken programme files, made by mutating a valid one at random (seeded, so a
/// failure can be replayed): the importer never crashes or hangs, and every error is located.
@Suite struct ImporterFuzzTests {
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static let fragments: [[UInt8]] = ["\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "'", "\"", "\t", "\u{0}",
                                        "\u{FEFF}", "監査", "\u{202E}", "~", "null", "9.2", "@", "#", "? ", "<<: *a"].map { Array($0.utf8) }

    func mutate(_ bytes: [UInt8], _ rng: inout Rng) -> [UInt8] {
        var b = bytes
        for _ in 0..<(1 + rng.below(4)) {
            guard !b.isEmpty else { break }
            let at = rng.below(b.count)
            switch rng.below(5) {
            case 0: b[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.remove(at: at)
            case 2: b.insert(contentsOf: Self.fragments[rng.below(Self.fragments.count)], at: at)
            case 3:
                let end = min(b.count, at + rng.below(200))
                b.insert(contentsOf: b[at..<end], at: at)
            default:
                let end = min(b.count, at + rng.below(80))
                b.removeSubrange(at..<end)
            }
        }
        return b
    }

    @Test func mutatedProgrammesNeverCrashAndErrorsAreLocated() {
        let original = Array(minimalProgramme.utf8)
        var rng = Rng(state: 20261122)
        var accepted = 0, refused = 0
        let start = ContinuousClock.now
        for i in 0..<600 {
            let bytes = mutate(original, &rng)
            do {
                let p = try ProgrammeLoader.parse(bytes, path: "fuzz.yaml")
                _ = p.audits.map { Derive.analyse($0, in: p) }
                accepted += 1
            } catch {
                refused += 1
                guard case let .badData(diagnostics, _) = error else { Issue.record("case \(i): \(error)"); continue }
                #expect(!diagnostics.isEmpty, "case \(i)")
                for d in diagnostics {
                    #expect(d.line >= 1 && d.column >= 1 && !d.message.isEmpty, "case \(i): \(d)")
                    #expect(!d.message.contains("\u{0}"), "case \(i): raw NUL in a message")
                }
            }
        }
        #expect(refused > 100 && accepted > 0, "\(accepted) accepted, \(refused) refused")
        #expect(start.duration(to: .now) < .seconds(60))
    }
}
