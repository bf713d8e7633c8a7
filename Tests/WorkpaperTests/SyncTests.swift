import AuditCore
import Foundation
import Testing
@testable import Workpaper

/// Sync through a folder: one events file per replica, written by it alone.
@Suite struct SyncTests {
    func sync(_ team: Team, _ name: String, _ dir: URL) throws -> SyncResult {
        let w = try WorkpaperFile.open(team.path(name), forWriting: true)
        defer { w.close() }
        return try w.sync(with: dir.path)
    }

    /// A folder the three have synced with, after each recorded something.
    func synced() throws -> (Team, URL) {
        let team = try Team()
        let dir = team.dir.appendingPathComponent("sync")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try team.record("olivia", [.noted(item: "9.2.1", note: "Olivia was here")])
        try team.record("rita", [.evidenceAdded(EvidenceReference(id: 1, item: "9.2.2", type: .document, reference: "POL-7 v2"))])
        for name in ["amara", "olivia", "rita"] { _ = try sync(team, name, dir) }
        return (team, dir)
    }

    @Test func everyoneReachesTheSameStateAndTheFilesOnlyGrow() throws {
        let (team, dir) = try synced()
        let before = try Data(contentsOf: dir.appendingPathComponent(try WorkpaperFile.open(team.path("olivia")).replica.name + EventFile.suffix))
        try team.record("olivia", [.noted(item: "9.2.2", note: "more")])
        for name in ["olivia", "amara", "rita", "olivia"] { _ = try sync(team, name, dir) }
        let states = try ["amara", "olivia", "rita"].map { name -> WorkpaperState in
            let w = try WorkpaperFile.open(team.path(name), tolerant: true)
            defer { w.close() }
            #expect(w.verify().ok)
            return w.state
        }
        #expect(states[0] == states[1] && states[1] == states[2])
        #expect(states[0].record("9.2.1").note == "Olivia was here")
        let after = try Data(contentsOf: dir.appendingPathComponent(try WorkpaperFile.open(team.path("olivia")).replica.name + EventFile.suffix))
        #expect(after.prefix(before.count) == before && after.count > before.count)
        // Each file is written by its own replica alone: three files, one each.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(EventFile.suffix) }.count == 3)
    }

    @Test func aFileCutShortIsRefusedNamingTheLine() throws {
        let (team, dir) = try synced()
        let rita = dir.appendingPathComponent(try WorkpaperFile.open(team.path("rita")).replica.name + EventFile.suffix)
        var bytes = try Data(contentsOf: rita)
        bytes.removeLast(20)
        try bytes.write(to: rita)
        try team.record("olivia", [.noted(item: "9.2.2", note: "x")])
        let error = #expect(throws: WorkpaperError.self) { try sync(team, "olivia", dir) }
        #expect(error?.description.contains("\(rita.path):2: the line is cut short") == true, "\(String(describing: error))")
    }

    @Test func anEditedLineIsRefusedNamingTheLine() throws {
        let (team, dir) = try synced()
        let olivia = dir.appendingPathComponent(try WorkpaperFile.open(team.path("olivia")).replica.name + EventFile.suffix)
        let text = try String(contentsOf: olivia, encoding: .utf8).replacingOccurrences(of: "Olivia was here", with: "Someone else")
        try text.write(to: olivia, atomically: true, encoding: .utf8)
        let error = #expect(throws: WorkpaperError.self) { try sync(team, "rita", dir) }
        #expect(error?.description.contains("\(olivia.path):2: event 1 of replica") == true, "\(String(describing: error))")
        #expect(error?.description.contains("was changed after it was recorded") == true)
    }

    /// Seeded random mutations of a real events file: the reader never crashes, and what it
    /// refuses it names by line; what it takes holds only events whose hashes hold.
    @Test func theReaderStandsRandomMutations() throws {
        let (team, dir) = try synced()
        try team.record("olivia", [.statement(item: "9.2.2", Statement(gap: "監査 ✓")), .graded(item: "9.2.2", grade: .observation)])
        _ = try sync(team, "olivia", dir)
        let name = try WorkpaperFile.open(team.path("olivia")).replica.name + EventFile.suffix
        let original = Array(try Data(contentsOf: dir.appendingPathComponent(name)))
        var rng = SplitMix64(state: 42)
        var refused = 0
        for _ in 0..<600 {
            var bytes = original
            for _ in 0...rng.below(3) {
                let at = rng.below(bytes.count)
                switch rng.below(5) {
                case 0: bytes[at] ^= UInt8(1 << rng.below(8))
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(UInt8(rng.below(256)), at: at)
                case 3: bytes = Array(bytes.prefix(at))
                default:
                    let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                    if lines.count > 2 { bytes = Array(lines.shuffled(using: &rng).joined(separator: [UInt8(ascii: "\n")])) }
                }
                if bytes.isEmpty { break }
            }
            do {
                let read = try EventFile.read(Data(bytes), name: "f")
                #expect(read.entries.allSatisfy { $0.recomputedHash == $0.hash })
            } catch {
                refused += 1
                #expect(error.description.hasPrefix("aimsaudit: f:"), "\(error)")
            }
        }
        #expect(refused > 500)
    }
}

extension SplitMix64: RandomNumberGenerator {}
