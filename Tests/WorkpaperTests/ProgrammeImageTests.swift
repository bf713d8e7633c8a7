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
        // Every single flipped byte either still decodes (to something, never a crash) or is refused.
        var changed = 0
        for at in stride(from: 0, to: image.count, by: max(1, image.count / 2000)) {
            var bad = image
            bad[at] ^= 0xFF
            if ProgrammeImage.decode(bad) != sample { changed += 1 }
        }
        #expect(changed > 0)
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
