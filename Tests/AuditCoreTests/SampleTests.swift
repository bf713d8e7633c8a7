import AuditCore
import Foundation
import Testing

/// A sample as an auditor gives it: a judgemental one by the population's own ids or numbers.
@Suite struct SampleTests {
    static func judgemental(_ items: String, population: Int = 500) throws(Refusal) -> Sample {
        try Sample.make(population: population, size: nil, method: .judgemental, seed: nil, chosen: Sample.items(from: items),
                        description: nil, reason: "the largest credit notes")
    }

    @Test func theItemsAreListedWithCommas() {
        #expect(Sample.items(from: " INV-2031 ,INV-2044,, 48213 ") == ["INV-2031", "INV-2044", "48213"])
        #expect(Sample.items(from: "  ").isEmpty)
    }

    @Test func idsOfThePopulationAreKeptAsGivenOnceEach() throws {
        let s = try Self.judgemental("INV-2031, INV-2044, INV-2031, 48213")
        #expect(s.ids == ["INV-2031", "INV-2044", "48213"] && s.selected.isEmpty && s.size == 3)
        #expect(s.items == ["INV-2031", "INV-2044", "48213"])
    }

    @Test func numbersWithinThePopulationAreItsItemsNumbersAsBefore() throws {
        let s = try Self.judgemental("40, 3, 17, 3")
        #expect(s.selected == [3, 17, 40] && s.ids == nil && s.size == 3)
        #expect(s.items == ["3", "17", "40"])
    }

    @Test func aJudgementalSampleNeedsItsItemsNoMoreThanThePopulation() {
        let none = #expect(throws: Refusal.self) { try Self.judgemental(" , ") }
        #expect(none?.rule == "SAMPLE" && none?.message.contains("the population's own ids") == true)
        let many = #expect(throws: Refusal.self) { try Self.judgemental("A, B, C", population: 2) }
        #expect(many?.message == "a judgemental sample of 3 items is larger than its population of 2")
    }

    /// A sample recorded before ids were kept reads as it was, and one with ids reads back whole.
    @Test func samplesOfBothKindsReadBack() throws {
        let old = #"{"population":365,"size":2,"method":"judgemental","selected":[3,17],"reason":"r"}"#
        let read = try JSONDecoder().decode(Sample.self, from: Data(old.utf8))
        #expect(read.items == ["3", "17"] && read.ids == nil)
        // Without ids, written as before: nothing new in the journal's payload.
        #expect(!String(decoding: try JSONEncoder().encode(read), as: UTF8.self).contains("ids"))
        let withIds = try Self.judgemental("INV-1, INV-2")
        #expect(try JSONDecoder().decode(Sample.self, from: JSONEncoder().encode(withIds)) == withIds)
    }
}
