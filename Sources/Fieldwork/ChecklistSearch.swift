import AuditCore
import Foundation

/// The checklist as shown: filtered, searched and sorted, over arrays made once (never per key
/// through dictionaries), and a search that scans one buffer with the C library's memchr.
extension AppState {
    /// Lower-cased UTF-8 for search: ASCII byte by byte, anything else scalar by scalar through
    /// Unicode's rules (most scalars of most scripts have no case and are copied as they are), and
    /// Greek final sigma as sigma.
    static func folded(_ text: String) -> [UInt8] {
        var out = Array(text.utf8)
        for (i, b) in out.enumerated() {
            if b >= 0x80 { return foldedScalars(text) }
            if b >= 0x41 && b <= 0x5A { out[i] = b + 0x20 }
        }
        return out
    }

    private static func foldedScalars(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            if s.isASCII {
                let b = UInt8(s.value)
                out.append(b >= 0x41 && b <= 0x5A ? b + 0x20 : b)
            } else if s.value == 0x3C2 {
                out += [0xCF, 0x83]   // final sigma is sigma: "έλεγχος" finds "ΈΛΕΓΧΟΣ"
            } else if s.properties.changesWhenLowercased {
                out += s.properties.lowercaseMapping.utf8
            } else {
                let v = s.value
                switch v {
                case ..<0x800: out.append(UInt8(0xC0 | v >> 6))
                case ..<0x10000: out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | v >> 6 & 0x3F))
                default:
                    out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | v >> 12 & 0x3F)); out.append(UInt8(0x80 | v >> 6 & 0x3F))
                }
                out.append(UInt8(0x80 | v & 0x3F))
            }
        }
        return out
    }

    /// One buffer for search: for each checklist position its `searchText`, a zero byte, its
    /// note, a zero byte.
    mutating func buildSearchBytes() {
        Self.searchBytes(searchText, noteText, keys, into: &searchBytes, &searchFrom)
    }

    /// Made again in the buffer it was made in, which is made with room for notes to grow: at
    /// 10k items it is 2 MB, made beside the screen, and memory let go there is not taken up
    /// again by the loop's own allocations.
    static func searchBytes(_ texts: [[UInt8]], _ notes: FoldedNotes, _ keys: [String],
                            into bytes: inout [UInt8], _ from: inout [Int]) {
        let needed = texts.reduce(0) { $0 + $1.count + 2 } + notes.values.reduce(0) { $0 + $1.folded.count }
        bytes.removeAll(keepingCapacity: true)
        from.removeAll(keepingCapacity: true)
        if bytes.capacity < needed {
            bytes = []
            bytes.reserveCapacity(needed + needed / 8)
        }
        from.reserveCapacity(keys.count + 1)
        for (text, key) in zip(texts, keys) {
            from.append(bytes.count)
            bytes += text
            bytes.append(0)
            if let note = notes[key]?.folded { bytes += note }
            bytes.append(0)
        }
        from.append(bytes.count)
    }

    mutating func refreshVisible() {
        // Until init has set every stored property, there is nothing to show.
        guard levelAt.count == keys.count, gradeAt.count == keys.count, reviewedAt.count == keys.count else { return }
        if !search.isEmpty { makeSearchable() }
        // (Zero bytes part what is searched: a search never holds one.)
        let q = Self.folded(search).filter { $0 != 0 }
        // Typing more of the same search narrows the list already shown.
        let narrowing = visibleFor.map { $0.filter == filter && $0.sort == sort && $0.records == recordsVersion
            && $0.me == me && !$0.search.isEmpty && search.hasPrefix($0.search) } ?? false
        let candidates: [Int] = narrowing ? visible : Array(analysis.checklist.indices)
        // A new search: which positions match, in one pass over everything searched.
        let matches: [Bool]? = q.isEmpty || narrowing ? nil : Self.matching(q, in: searchBytes, from: searchFrom)
        var shownItems: [Int] = []
        shownItems.reserveCapacity(candidates.count)
        for i in candidates {
            if !narrowing {
                let shown: Bool
                switch filter {
                case .all: shown = true
                case .notAudited: shown = gradeAt[i] == .notAudited
                case .notReviewed: shown = gradeAt[i] != .notAudited && !reviewedAt[i]
                case .mine: shown = analysis.checklist[i].auditor == me
                case .unassigned: shown = analysis.checklist[i].auditor == nil
                case .independence: shown = levelAt[i] != nil
                case .mergeConflicts: shown = records.conflicts[keys[i]] != nil
                case .retests: shown = retestAt[i]
                case .tier(let t): shown = analysis.checklist[i].weight.tier == t
                case .grade(let g): shown = gradeAt[i] == g
                case .system(let id): shown = analysis.checklist[i].system == id
                }
                guard shown else { continue }
            }
            if let matches, !matches[i] { continue }
            if narrowing, !q.isEmpty, !Self.contains(q, in: searchBytes, searchFrom[i] ..< searchFrom[i + 1]) { continue }
            shownItems.append(i)
        }
        if sort == .clause, !narrowing { shownItems.sort { analysis.checklist[$0].key < analysis.checklist[$1].key } }
        visible = shownItems
        visibleFor = (search, filter, sort, recordsVersion, me)
    }

    /// Whether `needle` occurs in `haystack` (bytes of lower-cased UTF-8).
    /// Where `needle` next occurs in `h` from `at` on, if it does (memchr finds candidates many bytes at a time).
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in h: UnsafeBufferPointer<UInt8>, from at: Int, to end: Int) -> Int? {
        guard let first = needle.first, let hb = h.baseAddress, let nb = needle.baseAddress, end - at >= needle.count else { return nil }
        var p = hb + at
        let last = hb + (end - needle.count + 1)
        while p < last {
            guard let found = memchr(p, Int32(first), last - p) else { return nil }
            let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if needle.count == 1 || memcmp(candidate + 1, nb + 1, needle.count - 1) == 0 { return candidate - hb }
            p = candidate + 1
        }
        return nil
    }

    /// Whether `needle` occurs in `range` of `haystack` (bytes of lower-cased UTF-8).
    static func contains(_ needle: [UInt8], in haystack: [UInt8], _ range: Range<Int>) -> Bool {
        needle.isEmpty || haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in find(n, in: h, from: range.lowerBound, to: range.upperBound) != nil }
        }
    }

    /// For each position of `from` (all but its last entry), whether `needle` occurs in its part of `haystack`.
    static func matching(_ needle: [UInt8], in haystack: [UInt8], from: [Int]) -> [Bool] {
        var matches = [Bool](repeating: false, count: max(0, from.count - 1))
        haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var at = 0, position = 0
                while let o = find(n, in: h, from: at, to: h.count) {
                    while from[position + 1] <= o { position += 1 }
                    matches[position] = true
                    at = from[position + 1]   // the next position
                }
            }
        }
        return matches
    }
}
