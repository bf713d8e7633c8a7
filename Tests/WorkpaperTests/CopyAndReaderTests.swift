import AuditCore
import Foundation
import GRDB
import TestFolders
import Testing
@testable import Workpaper

/// The workpaper while a writer has it open: a copy of the file alone, and a reader beside it.
@Suite struct CopyAndReaderTests {
    /// Copies the `.aimsaudit` file alone (not SQLite's `-wal` beside it), as a user mailing it does.
    func copyAlone(_ s: Scratch) throws -> String {
        let dir = try TestFolder.make("copy")
        let copy = dir.appendingPathComponent("copy.aimsaudit").path
        try FileManager.default.copyItem(atPath: s.path, toPath: copy)
        return copy
    }

    func events(in path: String) throws -> Int {
        let file = try WorkpaperFile.open(path)
        defer { file.close() }
        return file.head.seq
    }

    @Test func aCopyOfTheFileAloneHoldsEverySave() throws {
        let s = try Scratch()
        try s.create().close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        defer { writer.close() }
        for e in Scratch.events {
            try writer.append([e], actor: "amara")
            #expect(writer.fileHoldsAll)
        }
        let synchronous = try writer.db.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2)   // FULL, still
        let copy = try copyAlone(s)
        #expect(try events(in: copy) == 1 + Scratch.events.count)
        let verified = try WorkpaperFile.open(copy, tolerant: true)
        defer { verified.close() }
        #expect(verified.verify().ok, "\(verified.verify().problems)")
        #expect(verified.state.items[Scratch.item]?.grade == .minor)
    }

    /// A reader still on the state from before a save keeps that save in the log; the writer
    /// says so, and puts it into the file once the reader is done.
    @Test func aReaderOfTheOlderStateHoldsBackTheFileUntilItEnds() throws {
        let s = try Scratch()
        try s.create().close()
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        defer { writer.close() }
        // Another program on the state from before the save: its read transaction stays open.
        var config = WorkpaperFile.configuration(readOnly: true)
        config.allowsUnsafeTransactions = true
        let reader = try DatabaseQueue(path: s.path, configuration: config)
        try reader.inDatabase { db in
            try db.execute(sql: "BEGIN")
            _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM journal")
        }
        try writer.append([.graded(item: Scratch.item, grade: .observation)], actor: "amara")
        #expect(!writer.fileHoldsAll)
        #expect(try events(in: try copyAlone(s)) == 1)
        #expect(!writer.catchUp())
        try reader.inDatabase { db in try db.execute(sql: "COMMIT") }
        #expect(writer.catchUp())
        #expect(writer.fileHoldsAll)
        #expect(try events(in: try copyAlone(s)) == 2)
        try reader.close()
    }

    @Test func aReaderTakesInWhatTheWriterSaves() throws {
        let s = try Scratch()
        try s.create().close()
        let reader = try WorkpaperFile.open(s.path, stateFrom: .tables)
        defer { reader.close() }
        #expect(!reader.refresh())
        let writer = try WorkpaperFile.open(s.path, forWriting: true)
        defer { writer.close() }
        for e in Scratch.events { try writer.append([e], actor: "amara") }
        #expect(reader.refresh())
        #expect(reader.state == writer.state)
        #expect(reader.head == writer.head)
        #expect(try reader.recorders() == writer.recorders())
        #expect(!reader.refresh())
    }
}
