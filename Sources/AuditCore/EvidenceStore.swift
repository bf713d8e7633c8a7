/// A workpaper's evidence references by id. Ids are given from 1 up, one after another, so each
/// reference is kept in an array at its id: a fold of 78,000 references holds 15 MB here against
/// 26 MB in a dictionary, whose table is rounded up to a power of two and carries the keys. An id
/// far beyond the others (only a journal written by hand has one) is kept in a dictionary beside it.
public struct EvidenceStore: Hashable, Sendable {
    private var dense: [EvidenceReference?] = []
    private var sparse: [Int: EvidenceReference] = [:]
    public private(set) var count = 0

    public init() {}

    public var isEmpty: Bool { count == 0 }

    public subscript(id: Int) -> EvidenceReference? {
        get { id >= 0 && id < dense.count ? dense[id] : sparse[id] }
        set {
            // An id beyond the array goes in it when the ids up to it would leave it mostly full.
            if id >= 0, id < dense.count || (newValue != nil && sparse[id] == nil && id <= 2 * count + 1024) {
                if id >= dense.count { grow(to: id) }
                count += (newValue == nil ? 0 : 1) - (dense[id] == nil ? 0 : 1)
                dense[id] = newValue
            } else {
                count += (newValue == nil ? 0 : 1) - (sparse[id] == nil ? 0 : 1)
                sparse[id] = newValue
            }
        }
    }

    /// The array made long enough for `id`; what the dictionary held of the ids it now covers moves in.
    private mutating func grow(to id: Int) {
        dense += Array(repeating: nil, count: id - dense.count + 1)
        for (k, e) in sparse where k >= 0 && k < dense.count {
            dense[k] = e
            sparse[k] = nil
        }
    }

    /// Room for references up to this many ids.
    public mutating func reserveCapacity(_ references: Int) {
        dense.reserveCapacity(references + 1)
    }

    /// Every reference, by id.
    public var values: Values { Values(store: self) }

    public struct Values: Sequence, IteratorProtocol {
        let store: EvidenceStore
        private var at = 0
        /// The dictionary's references below and beyond the array's, the next one last.
        private var below: [EvidenceReference], beyond: [EvidenceReference]?

        init(store: EvidenceStore) {
            self.store = store
            below = store.sparse.isEmpty ? [] : store.sparse.values.filter { $0.id < 0 }.sorted { $0.id > $1.id }
        }

        public mutating func next() -> EvidenceReference? {
            if let e = below.popLast() { return e }
            while at < store.dense.count {
                defer { at += 1 }
                if let e = store.dense[at] { return e }
            }
            if beyond == nil { beyond = store.sparse.values.filter { $0.id >= 0 }.sorted { $0.id > $1.id } }
            return beyond?.popLast()
        }
    }

    public static func == (a: EvidenceStore, b: EvidenceStore) -> Bool {
        a.count == b.count && a.values.allSatisfy { b[$0.id] == $0 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for e in values { hasher.combine(e) }
    }
}
