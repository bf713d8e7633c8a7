import AuditCore
import Testing

@Suite struct CatalogueTests {
    let catalogue = Catalogue.iso42001

    @Test func has32ClauseRequirementsInOrder() {
        let ids = catalogue.requirements.filter { $0.kind == .clause }.map(\.id)
        #expect(ids == ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "6.3",
                        "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "8.4", "9.1",
                        "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2"])
    }

    @Test func has38AnnexAControlsInOrder() {
        let ids = catalogue.requirements.filter { $0.kind == .control }.map(\.id)
        #expect(ids.count == 38)
        #expect(ids == ["A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
                        "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4",
                        "A.6.2.5", "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6",
                        "A.8.2", "A.8.3", "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4"])
    }

    @Test func annexGroupsHaveTitles() {
        let top = Dictionary(uniqueKeysWithValues: catalogue.groups.filter { $0.parent == nil && $0.id.hasPrefix("A.") }.map { ($0.id, $0.title) })
        #expect(top.keys.sorted(by: RequirementID.precedes) == ["A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"])
        #expect(top["A.7"] == "Data for AI systems")
        #expect(top["A.10"] == "Third-party and customer relationships")
        let control = catalogue.requirements.first { $0.id == "A.6.2.6" }!
        #expect(catalogue.groupPath(of: control).map(\.id) == ["A.6", "A.6.2"])
        #expect(control.title == "AI system operation and monitoring")
    }

    @Test func everyRequirementHasATitleGroupAndOneLineToLookFor() {
        for r in catalogue.requirements {
            #expect(!r.title.isEmpty)
            #expect(catalogue.groups.contains { $0.id == r.group }, "\(r.id) names an unknown group \(r.group)")
            #expect(!r.lookFor.isEmpty && !r.lookFor.contains("\n") && r.lookFor.count <= 170, "\(r.id)")
        }
        #expect(Set(catalogue.requirements.map(\.id)).count == 70)
    }

    @Test func headingsAreNotRequirements() {
        for heading in ["4", "6.1", "7.5", "9.2", "9.3", "A.6", "A.6.1"] {
            #expect(catalogue.isHeading(heading))
            #expect(!catalogue.requirements.contains { $0.id == heading })
        }
    }

    @Test func naturalOrderOfIds() {
        let ids = ["A.10.2", "10.1", "A.2.2", "9.2.2", "4.1", "A.6.2.10", "A.6.2.9", "hm-ai-01"]
        #expect(ids.sorted(by: RequirementID.precedes) == ["4.1", "9.2.2", "10.1", "A.2.2", "A.6.2.9", "A.6.2.10", "A.10.2", "hm-ai-01"])
        #expect(RequirementID.isWithin("9.2.1", prefix: "9.2"))
        #expect(!RequirementID.isWithin("10.2", prefix: "1"))
        #expect(!RequirementID.isWithin("A.10.2", prefix: "A.1"))
    }

    /// The order as first written (`split` into arrays), which the allocation-free version must keep.
    static func splitOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "."), y = b.split(separator: ".")
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case let (m?, n?): return m < n
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return p < q
            }
        }
        return x.count < y.count
    }

    @Test func naturalOrderAgreesWithSplittingForOddIds() {
        let parts = ["", "1", "2", "10", "09", "-3", "+4", "A", "a", "B", "é", "x1", "99999999999999999999"]
        var rng = SystemRandomNumberGenerator()
        var ids: Set<String> = ["", ".", "..", "A..2", ".4.1", "4.1.", "9.2", "9.2.0", "10"]
        while ids.count < 400 {
            ids.insert((0 ..< Int.random(in: 1 ... 4, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined(separator: "."))
        }
        for a in ids {
            for b in ids where RequirementID.precedes(a, b) != Self.splitOrder(a, b) {
                Issue.record("\(a) vs \(b): \(RequirementID.precedes(a, b)), splitting says \(Self.splitOrder(a, b))")
            }
        }
    }

    @Test func itemKeys() {
        #expect(ItemKey("A.6.2.6@claimsort") == ItemKey(requirement: "A.6.2.6", system: "claimsort"))
        #expect(ItemKey("9.2.2") == ItemKey(requirement: "9.2.2"))
        #expect(ItemKey("A.6.2.6@") == nil)
        #expect(ItemKey("@ava") == nil)
        #expect(ItemKey("a@b@c") == nil)
    }

    /// A key read on its bytes (ASCII) is the key read by characters, as keys were read before:
    /// random texts over `@`, letters, line ends and a combining mark, which joins the `@` before
    /// it into one character (and is not ASCII, so read by characters).
    @Test func itemKeysOnBytesAreItemKeysByCharacters() {
        func byCharacters(_ text: String) -> ItemKey? {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard let first = parts.first, !first.isEmpty, parts.count <= 2 else { return nil }
            if parts.count == 2 { return parts[1].isEmpty ? nil : ItemKey(requirement: String(first), system: String(parts[1])) }
            return ItemKey(requirement: String(first))
        }
        let alphabet = ["@", "@", "A", ".", "6", "a", "\r\n", "\n", " ", "\u{301}", "é"]
        var state: UInt64 = 42
        var ascii = 0
        for _ in 0..<5000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 61) + 1 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += alphabet[Int(state >> 33) % alphabet.count]
            }
            if text.utf8.allSatisfy({ $0 < 0x80 }) { ascii += 1 }
            #expect(ItemKey(text) == byCharacters(text), "\(text.debugDescription)")
        }
        #expect(ascii > 1000)
        #expect(ItemKey("A.6@x\u{301}") == ItemKey(requirement: "A.6", system: "x\u{301}"))
        #expect(ItemKey("A.6@\u{301}x") == ItemKey(requirement: "A.6@\u{301}x"))
    }

    /// Splitting on an ASCII separator gives what splitting by characters gives, empty parts
    /// kept or not (the checklist's owners are split this way).
    @Test func splittingOnBytesIsSplittingByCharacters() {
        let alphabet = [",", ",", "p1", "x", "\u{301}", "é", " "]
        var state: UInt64 = 7
        for _ in 0..<3000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 61) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += alphabet[Int(state >> 33) % alphabet.count]
            }
            for omitting in [true, false] {
                #expect(text.split(ascii: UInt8(ascii: ","), omittingEmptySubsequences: omitting)
                        == text.split(separator: ",", omittingEmptySubsequences: omitting), "\(text.debugDescription)")
            }
        }
    }
}

@Suite struct DayTests {
    @Test func parsesOnlyRealDaysInIsoForm() {
        #expect(Day(iso: "2026-11-23")?.description == "2026-11-23")
        #expect(Day(iso: "2024-02-29") != nil)
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "2026/01/01", "26-01-01", "2026-01-32", "2026-01-01T00:00"] {
            #expect(Day(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func arithmetic() {
        let d = Day(iso: "2026-03-31")!
        #expect(d.adding(months: -1).description == "2026-02-28")
        #expect(d.adding(months: -12).description == "2025-03-31")
        #expect(d.adding(days: 1).description == "2026-04-01")
        #expect(Day(iso: "2026-11-23")!.days(since: Day(iso: "2025-09-23")!) == 426)
        #expect(Day(ordinal: 0).description == "1970-01-01")
    }

    @Test func spansInWords() {
        #expect(spanInWords(days: 1) == "1 day")
        #expect(spanInWords(days: 20) == "20 days")
        #expect(spanInWords(days: 296) == "10 months")
        #expect(spanInWords(days: 426) == "14 months")
        #expect(spanInWords(days: 1100) == "3 years")
    }

    @Test func suggestsNearMisses() {
        #expect(Suggest.closest(to: "unti", in: ["unit", "name", "manager"]) == "unit")
        #expect(Suggest.closest(to: "pual", in: ["paul", "amara"]) == "paul")
        #expect(Suggest.closest(to: "zzzzzz", in: ["paul", "amara"]) == nil)
    }

    /// A name typed short is suggested too, as the theme loader did with its own rule; a typo
    /// still wins, and two letters are too few to guess from.
    @Test func suggestsANameTypedShort() {
        #expect(Suggest.closest(to: "solarized", in: ["default", "solarized-dark"]) == "solarized-dark")
        #expect(Suggest.closest(to: "Olivi", in: ["amara", "olivia-brandt"]) == "olivia-brandt")
        #expect(Suggest.closest(to: "ama", in: ["amara", "ana"]) == "ana")
        #expect(Suggest.closest(to: "am", in: ["amara"]) == nil)
    }
}
