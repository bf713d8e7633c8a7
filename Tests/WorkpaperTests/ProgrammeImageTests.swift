import AuditCore
import Foundation
import GRDB
import Testing
@testable import Workpaper

/// The decoded programme kept beside the snapshot, which the screen opens from.
@Suite struct ProgrammeImageTests {
    let sample = try! ProgrammeLoader.load(path: SampleProgrammeTests.path)

    @Test func theSampleComesBackAsParsed() throws {
        // Every section of the format is used by the sample: people, suppliers, systems, own
        // requirements, the register with role histories, all three kinds of conflict, history, audits.
        var p = sample
        p.conflicts.append(Conflict(person: "amara", with: .system("ava"), material: false))
        p.settings.smallOrgMode = true
        p.controls[0].population = 250
        p.controls[0].location = SourceLocation(line: 1_000_000, column: 3)
        let image = ProgrammeImage.encode(p)
        #expect(ProgrammeImage.decode(image) == p)
        #expect(ProgrammeImage.decode(image) != sample)
    }

    @Test func anythingDamagedIsRefusedNotGuessed() {
        let image = ProgrammeImage.encode(sample)
        #expect(ProgrammeImage.decode(Array(image.dropLast())) == nil)
        #expect(ProgrammeImage.decode(image + [0]) == nil)
        #expect(ProgrammeImage.decode([]) == nil)
        var otherFormat = image
        otherFormat[ProgrammeImage.magic.count] = 99
        #expect(ProgrammeImage.decode(otherFormat) == nil)
        // Every single flipped byte is refused, or decodes to a programme within the format (never
        // a crash, never a value the loader would have refused).
        for at in stride(from: 0, to: image.count, by: max(1, image.count / 2000)) {
            var bad = image
            bad[at] ^= 0xFF
            if let decoded = ProgrammeImage.decode(bad) { #expect(decoded.isWithinFormat, "byte \(at)") }
        }
        // Values the loader refuses are refused here too: the screen derives from what it decodes.
        var outside = sample
        outside.settings.coolingOffMonths = 30_000
        #expect(ProgrammeImage.decode(ProgrammeImage.encode(outside)) == nil)
        outside = sample
        outside.controls[0].criticality = 1 << 62
        #expect(ProgrammeImage.decode(ProgrammeImage.encode(outside)) == nil)
    }

    /// An image outside the format (damaged so, or written so) is not used: the screen parses the
    /// snapshot, and verify names the image.
    @Test func anImageOutsideTheFormatIsNotOpened() throws {
        let s = try Scratch()
        try s.recorded()
        let parsed = try WorkpaperFile.open(s.path).programme
        var outside = parsed
        outside.settings.coolingOffMonths = 30_000   // would take the cooling-off window out of the calendar
        outside.systems = outside.systems.map { var x = $0; x.inherentRisk = Int.max; return x }
        let db = try DatabaseQueue(path: s.path)
        let sha = try db.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM programme_image") } ?? ""
        try db.write { db in try ProgrammeImage.store(outside, of: sha, in: db) }
        try db.close()
        let opened = try WorkpaperFile.open(s.path, programmeFrom: .image)
        #expect(opened.programme == parsed)
        opened.close()
        let checked = try WorkpaperFile.open(s.path)
        #expect(checked.verify().problems.contains { $0.hasPrefix("the programme image kept beside the snapshot is damaged") })
        checked.close()
    }

    /// An image made by another version of aimsaudit (which may read the snapshot differently)
    /// is not used, and verify does not call it changed.
    @Test func anImageOfAnotherVersionIsNotUsed() throws {
        let s = try Scratch()
        try s.recorded()
        let parsed = try WorkpaperFile.open(s.path).programme
        var other = parsed
        other.organisation.name = "Read otherwise"
        var body = ProgrammeImage.encode(other)
        let version = Array(WorkpaperFile.toolVersion.utf8)
        let at = try #require((0 ... body.count - version.count).first { Array(body[$0 ..< $0 + version.count]) == version })
        body[at + version.count - 1] ^= 0x01   // 0.2.0 -> 0.2.1
        #expect(ProgrammeImage.madeBy(body) != WorkpaperFile.toolVersion && ProgrammeImage.decode(body) == nil)
        try s.tamper("UPDATE programme_image SET body = x'\(body.map { String(format: "%02x", $0) }.joined())'")
        let opened = try WorkpaperFile.open(s.path, programmeFrom: .image)
        #expect(opened.programme == parsed)
        opened.close()
        let checked = try WorkpaperFile.open(s.path)
        #expect(checked.verify().ok)
        checked.close()
    }

    @Test func theScreenOpensFromTheImageOfItsOwnSnapshotOnly() throws {
        let s = try Scratch()
        try s.recorded()
        let made = try WorkpaperFile.open(s.path, programmeFrom: .image)
        let parsed = made.programme
        made.close()
        // The image is made with the workpaper; changed behind the tool's back (the name of the
        // organisation), the screen shows what the image says and verify names the change.
        try s.tamper("UPDATE programme_image SET body = CAST(replace(CAST(body AS TEXT), 'Test Org', 'Test Orc') AS BLOB)")
        let fromImage = try WorkpaperFile.open(s.path, programmeFrom: .image)
        #expect(fromImage.programme.organisation.name != parsed.organisation.name)
        fromImage.close()
        let checked = try WorkpaperFile.open(s.path)
        #expect(checked.programme == parsed)
        let report = checked.verify()
        #expect(report.problems.contains { $0.hasPrefix("the programme image kept beside the snapshot was changed") }, "\(report.problems)")
        checked.close()
        // An image of another snapshot is not used, and is made again from this one.
        try s.tamper("UPDATE programme_image SET sha256 = 'other'")
        let again = try WorkpaperFile.open(s.path, forWriting: true, programmeFrom: .image)
        #expect(again.programme == parsed)
        again.close()
        let rebuilt = try WorkpaperFile.open(s.path)
        #expect(rebuilt.verify().ok)
        rebuilt.close()
    }

    @Test func aWorkpaperWithoutAnImageGetsOneWhenTheScreenOpensItForWriting() throws {
        let s = try Scratch()
        try s.recorded()
        try s.tamper("DROP TABLE programme_image")
        // Only whoever holds the writer's lock makes it.
        let looking = try WorkpaperFile.open(s.path, programmeFrom: .image)
        looking.close()
        let db = try DatabaseQueue(path: s.path)
        #expect(try db.read { db in try db.tableExists("programme_image") } == false)
        let file = try WorkpaperFile.open(s.path, forWriting: true, programmeFrom: .image)
        let parsed = file.programme
        file.close()
        let body = try db.read { db in try Data.fetchOne(db, sql: "SELECT body FROM programme_image") }
        try db.close()
        #expect(body.map { ProgrammeImage.decode(Array($0)) } == parsed)
    }
}
