import Foundation
import Testing
@testable import ProgrammeTables

@Suite struct CSVTests {
    func read(_ text: String) -> CSVTable { CSVTable(Array(text.utf8)) }

    @Test func quotedCellsHoldSeparatorsLineBreaksAndQuotes() {
        let t = read("id,note\r\na,\"one, two\"\r\nb,\"line 1\r\nline 2\"\r\nc,\"say \"\"hi\"\"\"\r\n")
        #expect(t.problems.isEmpty)
        #expect(t.rows == [["id", "note"], ["a", "one, two"], ["b", "line 1\nline 2"], ["c", "say \"hi\""]])
    }

    @Test func excelsByteOrderMarkAndLineEndsAreTakenAsTheyCome() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\r\nx,Ünal\ry,Zoë\nz,Ana".utf8)
        let t = CSVTable(bytes)
        #expect(t.problems.isEmpty)
        #expect(t.rows == [["id", "name"], ["x", "Ünal"], ["y", "Zoë"], ["z", "Ana"]])
    }

    @Test func theHeadingRowTellsTheSeparator() {
        #expect(read("id;name\na;Smith, Jo\n").rows == [["id", "name"], ["a", "Smith, Jo"]])
        #expect(read("id\tname\na\tb;c\n").rows == [["id", "name"], ["a", "b;c"]])
        #expect(read("\"x;y\",name\na,b\n").rows == [["x;y", "name"], ["a", "b"]])
    }

    @Test func rowsAreNumberedAsASpreadsheetShowsThemWhenCellsHoldLineBreaks() {
        let t = read("id,note\na,\"1\n2\n3\"\nb,\"x\"oops\n")
        #expect(t.problems.map { [$0.row, $0.column] } == [[3, 2]])
        #expect(t.problems.first?.message.hasPrefix("text after the closing quote") == true)
        #expect(t.problems.first?.fatal == false)
    }

    @Test func aQuoteNeverClosedIsReportedWhereItOpens() {
        let t = read("id,note\na,ok\nb,\"never closed\nc,d\n")
        #expect(t.problems.map { [$0.row, $0.column] } == [[3, 2]])
        #expect(t.problems.first?.message == "this quoted cell never ends: its closing quote (\") is missing")
        #expect(t.problems.first?.fatal == true)
    }

    @Test func textInAnotherEncodingIsLocatedAtItsCell() {
        // "José" as Windows-1252, as Excel's plain "CSV" saves it.
        let t = CSVTable(Array("id,name\nj,".utf8) + [0x4A, 0x6F, 0x73, 0xE9] + Array("\n".utf8))
        #expect(t.problems.map { [$0.row, $0.column] } == [[2, 2]])
        #expect(t.problems.first?.message == "not UTF-8 text (byte 0xE9): save the file as CSV UTF-8")
    }

    @Test func whatTheWriterWritesReadsBackCellForCell() {
        let awkward = ["", "plain", "a,b", "\"quoted\"", "two\nlines", "crlf\r\nend", "semi;colon", "tab\there",
                       "Zoë Ünal 漢字 😀", " =1+2", "\"", ",", "\n"]
        let rows = [["h1", "h2"]] + awkward.map { [$0, "x"] }
        let back = CSVTable(CSVWriter.bytes(rows))
        #expect(back.problems.isEmpty)
        // A line break inside a cell reads back as "\n", however it was written.
        #expect(back.rows == rows.map { $0.map { $0.replacingOccurrences(of: "\r\n", with: "\n") } })
    }

    @Test func multiValueCellsTakeSemicolonsBarsAndLineBreaks() {
        #expect(values("a; b|c\nd\r\ne") == ["a", "b", "c", "d", "e"])
        #expect(values(" ;  ") == [])
        #expect(values("a;;b") == ["a", "b"])
        #expect(values("2026-01-31;", positional: true) == ["2026-01-31", ""])
        #expect(values("; 2026-02-01", positional: true) == ["", "2026-02-01"])
        #expect(cell(["2026-01-31", ""]) == "2026-01-31;")
        #expect(cell(["", ""]) == "")
    }
}
