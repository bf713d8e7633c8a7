import AuditCore
import Foundation
import TerminalKit

public enum Screen: Hashable, Sendable {
    case checklist
    case item(String)
    case findings
    case history(String?)
    case help
    /// The programme's cycle: every item by quarter, planned, done and overdue.
    case programme
    /// The proposed auditor for each item of this audit, with the reasons.
    case assignment
}

public enum SortOrder: String, CaseIterable, Sendable { case weight, clause }

public enum Filter: Hashable, Sendable, CustomStringConvertible {
    case all, notAudited, mine, unassigned, conflicts, retests
    case tier(Tier)
    case grade(Grade)
    case system(String)

    /// The filters offered for an audit: fixed ones, then one per grade and per AI system.
    public static func choices(_ facts: AuditFacts) -> [Filter] {
        [.all, .notAudited, .mine, .unassigned, .conflicts, .retests, .tier(.A), .tier(.B), .tier(.C)]
            + Grade.allCases.filter { $0 != .notAudited }.map { .grade($0) }
            + facts.systems.map { .system($0) }
    }

    public var description: String {
        switch self {
        case .all: "all items"
        case .notAudited: "not audited yet"
        case .mine: "assigned to me"
        case .unassigned: "unassigned"
        case .conflicts: "my blocks and warnings"
        case .retests: "re-tests of earlier nonconformities"
        case .tier(let t): "tier \(t.rawValue)"
        case .grade(let g): "graded \(g.rawValue)"
        case .system(let id): "AI system \(id)"
        }
    }
}

/// The fields of the finding form, in Tab order.
public enum Field: Int, CaseIterable, Sendable {
    case grade, requirement, evidence, gap, note, goodPractice, references, sample, action

    public var label: String {
        switch self {
        case .grade: "Grade"
        case .requirement: "Requirement"
        case .evidence: "Evidence"
        case .gap: "Gap"
        case .note: "Note"
        case .goodPractice: "Good practice"
        case .references: "References"
        case .sample: "Sample"
        case .action: "Action"
        }
    }

    /// Free text edited in place.
    public var isText: Bool { [.requirement, .evidence, .gap, .goodPractice, .note].contains(self) }
}

/// A small window over the screen that takes the keys until it is confirmed or cancelled.
public struct Dialog: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A warned auditor's first edit on an item: why they may audit it (and a safeguard in
        /// small-organisation mode). `then` is the command that goes on once it is recorded.
        case justification(item: String, then: Command?)
        case grade(item: String)
        case filter
        case evidence(item: String)
        /// What to do on the References field: add, edit or remove a reference.
        case references(item: String, ids: [Int])
        case editEvidence(item: String, id: Int)
        case removeEvidence(item: String, id: Int)
        case sample(item: String)
        case action(item: String)
        case command
        case export
        /// Who is auditing, when neither --as, AIMSAUDIT_AUDITOR nor the config file says.
        case whoAmI
    }

    public var kind: Kind
    public var title: String
    /// Labelled text inputs, in order.
    public var labels: [String]
    public var inputs: [TextEditor]
    public var focus = 0
    /// For pickers: the options and the chosen one.
    public var options: [String] = []
    public var choice = 0
    public var error: String?
}

public struct JournalLine: Hashable, Sendable {
    public var seq: Int
    public var time: String
    public var actor: String
    public var item: String?
    public var summary: String
    public init(seq: Int, time: String, actor: String, item: String?, summary: String) {
        self.seq = seq; self.time = time; self.actor = actor; self.item = item; self.summary = summary
    }
}

/// Everything the screen shows, as a value: `update` changes it, `render` draws it.
public struct AppState: Sendable {
    /// The organisation, the audit, who is who: what the workpaper keeps beside its checklist.
    public let facts: AuditFacts
    public let roster: Roster
    /// The programme itself, read only for what needs it (the cycle, a proposal, a verifier
    /// outside the team): the runner reads it when an effect asks.
    public var programme: Programme?
    /// The checklist's rows; my verdicts, and every team member's on the items shown so far
    /// (all of them while nobody is named).
    public private(set) var analysis: AuditAnalysis
    /// The items' records; an item's evidence references once the item has been shown. After a
    /// change, `recorded` brings what is derived from them up to date.
    public var records: WorkpaperState
    /// Evidence still cited, per item.
    public var evidenceCounts: [String: Int]
    /// Items shown so far: what the item screen shows beyond the checklist row.
    public var details: [String: ItemDetail] = [:]
    /// Leaving the editor (or quitting) was asked once while it held text the rules refused:
    /// asked again, the text is left.
    var leavingRefusedText = false
    public var journal: [JournalLine]
    public var path: String
    public var me: String
    public var readOnly: Bool
    public var ascii: Bool
    public var size: (width: Int, height: Int)

    public var stack: [Screen] = [.checklist]
    public var sort: SortOrder = .weight { didSet { refreshVisible() } }
    public var filter: Filter = .all { didSet { refreshVisible() } }
    public var search = "" { didSet { refreshVisible() } }
    public var searching = false
    public var selection = 0
    public var top = 0
    public var listSelection: [Screen: Int] = [:]
    /// The programme's cycle and the assignment proposal, worked out when first shown.
    public var cycle: CycleStatus?
    public var proposal: Assigner.Proposal?

    public var field: Field = .grade
    public var editor: TextEditor?
    public var editorSavedText = ""
    public var lastEdit: Double = 0
    public var dialog: Dialog?

    public var status = ""
    public var statusIsError = false
    public var lastSaved: String?
    /// Saved, but not yet in the workpaper's file alone (another program was reading the state
    /// from before): a copy of the file made now would lack it. Cleared within a second or so.
    public var waitToCopy = false
    /// Edits made but not yet saved (disk full, file read-only, folder gone); retried.
    public var unsaved = 0
    public var quit = false

    /// My verdicts by item key.
    public private(set) var myVerdicts: [String: [Verdict]] = [:]

    // Derived once, or again only when what they depend on changes, never per key or frame.
    /// The checklist as shown: filtered, searched and sorted.
    public var visibleItems: [ChecklistItem] { visible.map { analysis.checklist[$0] } }
    /// The same, as positions in the checklist (cheap to keep and to page through).
    public private(set) var visible: [Int] = []
    /// Item keys by checklist position, written once.
    public let keys: [String]
    /// Coverage and the count of each grade, for the checklist's head.
    public private(set) var summary = Summary(coverage: WorkpaperState().coverage(of: []), grades: [:])
    /// Positions in the checklist by item key.
    let itemIndex: [String: Int]
    /// Per checklist position: key, title and owners' names, lower-cased UTF-8, for search; made
    /// at the first search (`makeSearchable`), empty until then.
    var searchText: [[UInt8]] = []
    /// Notes by item, lower-cased UTF-8 for search, beside the note they were made from; made
    /// with `searchText`, then refreshed with the records (only notes that changed are lower-cased again).
    var noteText: [String: (source: String, folded: [UInt8])] = [:]
    /// Per checklist position, refreshed with the records: the grade, whether it is a re-test;
    /// and with `me`, my strongest verdict. A key press filters and searches over
    /// these arrays, not through dictionaries.
    /// Everything search looks at, in one buffer: for each checklist position its `searchText`, a
    /// zero byte, its note, a zero byte (a search never matches across them); `searchFrom[i]` is
    /// where position i begins, and one more entry ends the last. A new search scans the buffer
    /// once with the C library's memchr instead of 10,000 arrays.
    var searchBytes: [UInt8] = []
    var searchFrom: [Int] = []
    var gradeAt: [Grade] = []
    var retestAt: [Bool] = []
    var levelAt: [Level?] = []
    /// The search and filter the visible list was last made for: typing more of a search only
    /// narrows that list.
    var visibleFor: (search: String, filter: Filter, sort: SortOrder, records: Int, me: String)?
    /// How many items the checklist shows.
    public var shownCount: Int { visible.count }
    /// Counts changes of the records, so a cached list knows it is stale.
    var recordsVersion = 0
    /// The day follow-up is judged on (overdue actions).
    public var today = Day.today()
    /// The widest item key, in cells.
    public let keyWidth: Int

    public struct Summary: Sendable {
        public var coverage: Coverage
        public var grades: [Grade: Int]
    }

    public init(tables: ScreenTables, records: WorkpaperState, journal: [JournalLine] = [],
                path: String, me: String, readOnly: Bool = false, ascii: Bool = false, size: (Int, Int) = (80, 24)) {
        facts = tables.facts
        roster = tables.facts.roster
        analysis = tables.analysis
        evidenceCounts = tables.evidenceCounts
        self.records = records
        keys = analysis.checklist.map(\.key.description)
        var index: [String: Int] = [:]
        for (i, key) in keys.enumerated() { index[key] = i }
        itemIndex = index
        keyWidth = keys.map { Width.of($0) }.max() ?? 8
        self.journal = journal
        self.path = path
        self.me = me
        self.readOnly = readOnly
        self.ascii = ascii
        self.size = size
        summarise()
        become(me)
        if me.isEmpty {
            let team = analysis.audit.team
            dialog = Dialog(kind: .whoAmI, title: "Who is auditing? (blocked items in brackets)", labels: [], inputs: [],
                            options: team.map { id in
                                let blocked = Set(analysis.verdicts.filter { $0.auditor == id && $0.level == .block }.map(\.item)).count
                                return "\(roster.name(id)) (\(id)) [\(blocked) blocked]"
                            })
        }
    }

    /// Takes in every team member's verdicts on an item being shown (what the item screen and a
    /// refusal say of who else may audit it).
    public mutating func shown(verdicts: [Verdict], on key: String) {
        analysis.verdicts.removeAll { $0.item.description == key }
        analysis.verdicts += verdicts
    }

    /// Works as this auditor from now on.
    public mutating func become(_ id: String) {
        me = id
        myVerdicts = Dictionary(grouping: analysis.verdicts.filter { $0.auditor == id }, by: { $0.item.description })
        levelAt = keys.map { key in myVerdicts[key]?.map(\.level).min() }
        refreshVisible()
    }

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

    /// Works out everything derived from the records, for every item (when the state is made).
    mutating func summarise() {
        recordsVersion += 1
        var grades: [Grade: Int] = [:]
        gradeAt = []
        retestAt = []
        gradeAt.reserveCapacity(keys.count)
        retestAt.reserveCapacity(keys.count)
        for key in keys {
            let record = records.items[key]
            let grade = record?.grade ?? .notAudited
            grades[grade, default: 0] += 1
            gradeAt.append(grade)
            retestAt.append(record?.carried != nil)
        }
        if !searchText.isEmpty { foldNotes(); buildSearchBytes() }
        summary = Summary(coverage: coverage(), grades: grades)
    }

    /// What search looks through, made at the first search: each item's key, title and owners'
    /// names, and the notes, lower-cased, in one buffer.
    public mutating func makeSearchable() {
        guard searchText.isEmpty, !keys.isEmpty else { return }
        let names = roster
        searchText = analysis.checklist.map { item in
            Self.folded(([item.key.description, item.title] + item.owners.map { names.name($0.person) })
                .joined(separator: "\n"))
        }
        foldNotes()
        buildSearchBytes()
    }

    private mutating func foldNotes() {
        var notes: [String: (source: String, folded: [UInt8])] = [:]
        for (key, record) in records.items {
            if let note = record.note { notes[key] = (note, Self.folded(note)) }
        }
        noteText = notes
    }

    /// After the records of these items changed (a save, a justification, another writer's
    /// events): brings their grades, re-test marks, notes and evidence counts up to date, then the
    /// totals and the list shown, without going through every item's record.
    public mutating func recorded(_ changed: Set<String>) {
        recordsVersion += 1
        var notesChanged = false
        for key in changed {
            guard let i = itemIndex[key] else { continue }
            let record = records.items[key]
            let grade = record?.grade ?? .notAudited
            if gradeAt[i] != grade {
                summary.grades[gradeAt[i], default: 0] -= 1
                if summary.grades[gradeAt[i]] == 0 { summary.grades[gradeAt[i]] = nil }
                summary.grades[grade, default: 0] += 1
                gradeAt[i] = grade
            }
            retestAt[i] = record?.carried != nil
            // Byte for byte: a note rewritten in another Unicode normal form is folded again.
            if !searchText.isEmpty, noteText[key]?.source.utf8.elementsEqual((record?.note ?? "").utf8) != true, noteText[key] != nil || record?.note != nil {
                noteText[key] = record?.note.map { ($0, Self.folded($0)) }
                notesChanged = true
            }
            // An item's references are in the records once it has been shown.
            if details[key] != nil { evidenceCounts[key] = records.evidenceCount(on: key) }
        }
        if notesChanged { buildSearchBytes() }
        summary.coverage = coverage()
        refreshVisible()
    }

    /// Takes in records made elsewhere whole (another writer's saves, seen by a read-only screen).
    public mutating func replace(records: WorkpaperState, evidenceCounts counts: [String: Int]) {
        self.records = records
        evidenceCounts = counts
        summarise()
        refreshVisible()
    }

    /// Coverage by weight, from each position's grade.
    func coverage() -> Coverage {
        Coverage(zip(analysis.checklist, gradeAt).lazy.map { (score: $0.weight.score, grade: $1) })
    }

    /// One buffer for search: for each checklist position its `searchText`, a zero byte, its
    /// note, a zero byte.
    mutating func buildSearchBytes() {
        searchBytes = []
        searchBytes.reserveCapacity(searchText.reduce(0) { $0 + $1.count + 2 } + noteText.values.reduce(0) { $0 + $1.folded.count })
        searchFrom = []
        searchFrom.reserveCapacity(keys.count + 1)
        for (text, key) in zip(searchText, keys) {
            searchFrom.append(searchBytes.count)
            searchBytes += text
            searchBytes.append(0)
            if let note = noteText[key]?.folded { searchBytes += note }
            searchBytes.append(0)
        }
        searchFrom.append(searchBytes.count)
    }

    public var screen: Screen { stack.last ?? .checklist }

    public func name(_ id: String) -> String { roster.name(id) }

    /// The item: its checklist row, whole once the item has been shown (`details`).
    public func item(_ key: String) -> ChecklistItem? {
        itemIndex[key].map { i in details[key].map { $0.item(analysis.checklist[i]) } ?? analysis.checklist[i] }
    }

    public func evidenceCount(on key: String) -> Int { evidenceCounts[key] ?? 0 }

    public func level(of key: String) -> Level? { itemIndex[key].flatMap { levelAt.indices.contains($0) ? levelAt[$0] : nil } }

    public func isBlocked(_ key: String) -> Bool { level(of: key) == .block }

    /// Whether I still need to record a justification before editing this item.
    public func needsJustification(_ key: String) -> Bool {
        guard myVerdicts[key]?.contains(where: { $0.level == .warn }) == true else { return false }
        return records.record(key).justifications[me] == nil
    }

    mutating func refreshVisible() {
        // Until init has set every stored property, there is nothing to show.
        guard levelAt.count == keys.count, gradeAt.count == keys.count else { return }
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
                case .mine: shown = analysis.checklist[i].auditor == me
                case .unassigned: shown = analysis.checklist[i].auditor == nil
                case .conflicts: shown = levelAt[i] != nil
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

    public var selectedKey: String? {
        visible.indices.contains(selection) ? keys[visible[selection]] : nil
    }

    /// The form's text of a field of an item.
    public func text(of field: Field, _ key: String) -> String {
        let r = records.record(key)
        switch field {
        case .requirement: return r.statement.requirement ?? ""
        case .evidence: return r.statement.evidence ?? ""
        case .gap: return r.statement.gap ?? ""
        case .goodPractice: return r.goodPractice ?? ""
        case .note: return r.note ?? ""
        default: return ""
        }
    }
}
