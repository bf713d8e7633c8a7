import AuditCore
import Testing

/// The references by id hold what a dictionary would, whatever the ids: in order, far apart,
/// taken back, and an id far off that the array later reaches.
@Suite struct EvidenceStoreTests {
    @Test func holdsWhatADictionaryHolds() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<200 {
            var store = EvidenceStore(), model: [Int: EvidenceReference] = [:]
            for step in 0..<300 {
                let id: Int
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: id = Int.random(in: 1_000...100_000, using: &rng)      // far beyond the others
                case 1: id = Int.random(in: -5...0, using: &rng)
                default: id = (model.keys.max() ?? 0) + Int.random(in: 1...3, using: &rng)
                }
                let taken = Bool.random(using: &rng) && !model.isEmpty ? model.keys.randomElement(using: &rng) : nil
                if let taken, step % 3 == 0 {
                    store[taken] = nil
                    model[taken] = nil
                } else {
                    let e = EvidenceReference(id: id, item: "A.\(round).\(step)", type: .document, reference: "doc \(step)")
                    store[id] = e
                    model[id] = e
                }
                #expect(store.count == model.count)
            }
            #expect(store.values.map(\.id) == model.keys.sorted(), "round \(round)")
            #expect(Array(store.values) == model.values.sorted { $0.id < $1.id })
            for (id, e) in model { #expect(store[id] == e) }
            #expect(store[123_456_789] == nil)
            // The same references put in another order make an equal store, with the same hash.
            var again = EvidenceStore()
            for e in model.values.shuffled(using: &rng) { again[e.id] = e }
            #expect(again == store && again.hashValue == store.hashValue)
            if let any = model.keys.first {
                again[any] = nil
                #expect(again != store)
            }
        }
    }

    /// A reference far beyond the others is still found once the ones cited after it reach it.
    @Test func aFarIdIsFoundWhenTheOthersReachIt() {
        var store = EvidenceStore()
        func ref(_ id: Int) -> EvidenceReference { EvidenceReference(id: id, item: "9.2.1", type: .record, reference: "r\(id)") }
        store[5000] = ref(5000)
        for id in 1...3000 { store[id] = ref(id) }
        store[6000] = ref(6000)
        #expect(store[5000] == ref(5000) && store.count == 3002)
        #expect(store.values.map(\.id) == Array(1...3000) + [5000, 6000])
        store[5000] = nil
        #expect(store[5000] == nil && store.count == 3001)
    }
}
