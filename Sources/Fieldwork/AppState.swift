import AuditCore
import Foundation
import TerminalKit

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
    /// Evidence still cited, per item: of the rows shown so far and the items shown (read as
    /// they come into view: `countEvidence`).
    public var evidenceCounts: [String: Int] = [:]
    /// Items shown so far: what the item screen shows beyond the checklist row.
    public var details: [String: ItemDetail] = [:]
    /// Items shown so far: their results in earlier audits, from the programme's history.
    public var earlier: [String: [EarlierResult]] = [:]
    /// Leaving the editor (or quitting) was asked once while it held text the rules refused:
    /// asked again, the text is left.
    var leavingRefusedText = false
    public private(set) var journal: [JournalLine]
    /// This workpaper's replica: the history marks what was recorded on it.
    public var replica = ""
    /// The journal as it stands: its last event's hash and its number of events (what an approval names).
    public var head: (hash: String, events: Int) = ("", 0)
    /// The replicas the history has met, in the order of their first event, each with who
    /// recorded on it (in the same order): whose laptop each is.
    public private(set) var replicas: [(name: String, people: [String])] = []
    /// Team members the programme lists a key for whose key this machine does not hold, with
    /// why: chosen at the start, they may look but not record.
    public var unsigned: [String: String] = [:]
    public var path: String
    public var me: String
    public var readOnly: Bool
    public var ascii: Bool
    public var size: (width: Int, height: Int)

    public var stack: [Screen] = [.checklist]
    public var sort: SortOrder = .weight { didSet { refreshVisible() } }
    public var filter: Filter = .all { didSet { refreshVisible() } }
    public var search = "" { didSet { refreshVisible() } }
    /// Where each list is (selection and scroll), by screen.
    public var lists: [Screen: ListState] = [:]
    /// The programme's cycle and the assignment proposal, worked out when first shown.
    public var cycle: CycleStatus?
    public var proposal: Assigner.Proposal?
    /// Work going on beside the screen (a proposal, a file being hashed), in words, by its name.
    public var working: [String: String] = [:]

    public var field: Field = .grade
    public var editor: TextEditor?
    public var editorSavedText = ""
    public var lastEdit: Double = 0
    /// A form or a picker over the screen, taking the keys until it is confirmed or cancelled.
    public var dialog: Dialog?
    /// The one-line prompt in the status line: a search, or a command after `:`.
    public var prompt: Prompt?

    public var status = ""
    public var statusIsError = false
    public var lastSaved: String?
    /// Saved, but not yet in the workpaper's file alone (another program was reading the state
    /// from before): a copy of the file made now would lack it. Cleared within a second or so.
    public var waitToCopy = false
    /// Edits made but not yet saved (disk full, file read-only, folder gone); retried.
    public var unsaved = 0
    public var quit = false

    /// My verdicts by item key (their reasons once the item has been shown: see `shown`).
    public private(set) var myVerdicts: [String: [Verdict]] = [:]

    // Derived once, or again only when what they depend on changes, never per key or frame.
    /// The checklist as shown: filtered, searched and sorted.
    public var visibleItems: [ChecklistItem] { visible.map { analysis.checklist[$0] } }
    /// The same, as positions in the checklist (cheap to keep and to page through).
    public internal(set) var visible: [Int] = []
    /// Item keys by checklist position, written with the checklist.
    public private(set) var keys: [String] = []
    /// Each item's risk score by checklist position, written with the checklist (what coverage is weighted by).
    private(set) var scoreAt: [Double] = []
    /// Coverage and the count of each grade, for the checklist's head.
    public internal(set) var summary = Summary(coverage: WorkpaperState().coverage(of: []), grades: [:])
    /// Positions in the checklist by item key.
    private(set) var itemIndex: [String: Int] = [:]
    /// Per checklist position: key, title and owners' names, lower-cased UTF-8, for search; made
    /// at the first search (`makeSearchable`), empty until then.
    var searchText: [[UInt8]] = []
    /// Notes by item, lower-cased UTF-8 for search, beside the note they were made from; made
    /// with `searchText`, then refreshed with the records (only notes that changed are lower-cased again).
    var noteText: FoldedNotes = [:]
    /// Notes by item key, each beside its lower-cased UTF-8.
    typealias FoldedNotes = [String: (source: String, folded: [UInt8])]
    /// Everything search looks at, in one buffer: for each checklist position its `searchText`, a
    /// zero byte, its note, a zero byte (a search never matches across them); `searchFrom[i]` is
    /// where position i begins, and one more entry ends the last. A new search scans the buffer
    /// once with the C library's memchr instead of 10,000 arrays.
    var searchBytes: [UInt8] = []
    var searchFrom: [Int] = []
    /// Per checklist position, refreshed with the records: the grade, whether it is a re-test,
    /// whether it has been reviewed;
    /// and with `me`, my strongest verdict. A key press filters and searches over
    /// these arrays, not through dictionaries.
    var gradeAt: [Grade] = []
    var retestAt: [Bool] = []
    var reviewedAt: [Bool] = []
    var levelAt: [Level?] = []
    /// The search and filter the visible list was last made for: typing more of a search only
    /// narrows that list.
    var visibleFor: (search: String, filter: Filter, sort: SortOrder, records: Int, me: String)?
    /// How many items the checklist shows (with the rows not read yet: see `unread`).
    public var shownCount: Int { visible.count + unread }
    /// Rows of the checklist not read yet: the screen opened on its first rows (`init(first:)`)
    /// until it takes in the rest (`takeRest`).
    public private(set) var unread = 0
    /// Counts changes of the records, so a cached list knows it is stale.
    var recordsVersion = 0
    /// The day follow-up is judged on (overdue actions).
    public var today = Day.today()
    /// The widest item key, in cells.
    public private(set) var keyWidth = 8

    /// What search looks through, made beside the screen after the first frame: each item's
    /// `searchText`, and, made from the records of one `recordsVersion`, the folded notes and the
    /// one buffer (`searchBytes`). Made from texts alone, the rest is made when it is taken.
    public struct Searchable: Sendable {
        let texts: [[UInt8]]
        var made: (version: Int, notes: FoldedNotes, bytes: [UInt8], from: [Int])?

        public init(texts: [[UInt8]]) { self.texts = texts }
    }

    public struct Summary: Sendable {
        public var coverage: Coverage
        public var grades: [Grade: Int]
    }

    public init(tables: ScreenTables, records: WorkpaperState, journal: [JournalLine] = [],
                path: String, me: String, readOnly: Bool = false, ascii: Bool = false, size: (Int, Int) = (80, 24)) {
        facts = tables.facts
        roster = tables.facts.roster
        analysis = tables.analysis
        self.records = records
        self.journal = []
        self.path = path
        self.me = me
        self.readOnly = readOnly
        self.ascii = ascii
        self.size = size
        indexChecklist()
        summarise()
        become(me)
        take(journal: journal)
        if me.isEmpty { dialog = .picker(Picker.whoAmI(self)) }
    }

    /// The screen as it opens on the checklist's first rows (read by position: `FirstRows`), with
    /// the head's totals and the count of every row: a move among those rows is made on them,
    /// anything else once the rest is taken in (`takeRest`). It shows what the whole would.
    public init(first: FirstRows, path: String, me: String, readOnly: Bool = false, ascii: Bool = false, size: (Int, Int) = (80, 24)) {
        self.init(tables: first.tables, records: first.records, path: path, me: me, readOnly: readOnly, ascii: ascii, size: size)
        unread = first.count - keys.count
        summary = Summary(coverage: first.coverage, grades: first.grades)
        keyWidth = Self.widest(first.widestKeys)
    }

    /// Takes every row and record, and what is derived from them, from `whole` (made beside the
    /// screen from this state as it was then, with `takeRest(_:records:)`), keeping what changed
    /// here since: where the lists are, the message, the size, the evidence counted.
    public mutating func takeRest(made whole: AppState) {
        var next = whole
        (next.lists, next.status, next.statusIsError, next.size) = (lists, status, statusIsError, size)
        next.evidenceCounts.merge(evidenceCounts) { _, here in here }
        self = next
    }

    /// Takes in every row of the checklist with my verdicts, and every item's record, read beside
    /// the screen after it opened on its first rows.
    public mutating func takeRest(_ tables: ScreenTables, records: WorkpaperState) {
        analysis = tables.analysis
        self.records = records
        unread = 0
        indexChecklist()
        summarise()
        become(me)
    }

    /// Keys, scores and positions by checklist position, and the widest key, from the checklist.
    private mutating func indexChecklist() {
        keys = analysis.checklist.map(\.key.description)
        scoreAt = analysis.checklist.map(\.weight.score)
        var index: [String: Int] = [:]
        for (i, key) in keys.enumerated() { index[key] = i }
        itemIndex = index
        keyWidth = Self.widest(keys)
    }

    static func widest(_ keys: [String]) -> Int { keys.map { Width.of($0) }.max() ?? 8 }

    /// Takes in lines of the journal read after those held (the history reads it when shown).
    public mutating func take(journal lines: [JournalLine]) {
        journal += lines
        for l in lines where !l.replica.isEmpty {
            if let i = replicas.firstIndex(where: { $0.name == l.replica }) {
                if !replicas[i].people.contains(l.actor) { replicas[i].people.append(l.actor) }
            } else {
                replicas.append((l.replica, [l.actor]))
            }
        }
    }

    /// Whether I am the audit's lead (who resolves conflicts).
    public var isLead: Bool { analysis.audit.lead == me }

    /// Takes in every team member's verdicts on an item being shown, with their reasons (what
    /// the item screen and a refusal say of it, and of who else may audit it; the open read only
    /// my verdicts' rules and levels).
    public mutating func shown(verdicts: [Verdict], on key: String) {
        // Found through the array's storage, where a verdict is looked at in place: a copy of each
        // of 12,000 verdicts to test it cost 6 M instructions an item shown.
        if let item = ItemKey(key) {
            let at = analysis.verdicts.withUnsafeBufferPointer { all in all.indices.filter { all[$0].item == item } }
            // Taken out a run at a time, from the last: the rest slides down as one block of memory.
            for range in RangeSet(at, within: analysis.verdicts).ranges.reversed() { analysis.verdicts.removeSubrange(range) }
        }
        analysis.verdicts += verdicts
        let mine = verdicts.filter { $0.auditor == me }
        myVerdicts[key] = mine.isEmpty ? nil : mine
    }

    /// Works as this auditor from now on.
    public mutating func become(_ id: String) {
        me = id
        // A run of one item's verdicts at a time (they come together, as read and as derived: the
        // result does not depend on it), each item's key made once.
        var mine: [String: [Verdict]] = [:], levels = [Level?](repeating: nil, count: keys.count), run: [Verdict] = []
        func take() {
            guard let first = run.first else { return }
            let key = first.item.description
            mine[key, default: []] += run
            if let i = itemIndex[key] { levels[i] = mine[key]?.map(\.level).min() }
            run.removeAll(keepingCapacity: true)
        }
        for v in analysis.verdicts where v.auditor == id {
            if let last = run.last, last.item != v.item { take() }
            run.append(v)
        }
        take()
        myVerdicts = mine
        levelAt = levels
        refreshVisible()
    }

    /// Works out everything derived from the records, for every item (when the state is made).
    mutating func summarise() {
        recordsVersion += 1
        var grades: [Grade: Int] = [:]
        gradeAt = []
        retestAt = []
        reviewedAt = []
        gradeAt.reserveCapacity(keys.count)
        retestAt.reserveCapacity(keys.count)
        reviewedAt.reserveCapacity(keys.count)
        for key in keys {
            let record = records.items[key]
            let grade = record?.grade ?? .notAudited
            grades[grade, default: 0] += 1
            gradeAt.append(grade)
            retestAt.append(record?.carried != nil)
            reviewedAt.append(record?.review != nil)
        }
        if !searchText.isEmpty { foldNotes(); buildSearchBytes() }
        summary = Summary(coverage: coverage(), grades: grades)
    }

    /// What search looks through, made at the first search: each item's key, title and owners'
    /// names, and the notes, lower-cased, in one buffer.
    public mutating func makeSearchable() {
        guard searchText.isEmpty, !keys.isEmpty else { return }
        take(Searchable(texts: Self.searchText(analysis.checklist, roster)))
    }

    /// Each item's key, title and owners' names, lower-cased: the part of what search looks
    /// through that only the checklist decides.
    public static func searchText(_ checklist: [ChecklistItem], _ names: Roster) -> [[UInt8]] {
        checklist.map { item in
            folded(([item.key.description, item.title] + item.owners.map { names.name($0.person) }).joined(separator: "\n"))
        }
    }

    /// What search looks through, made beside the screen from the checklist and the records as
    /// they are now (see `Searchable`): what to run on another thread. The records are shared
    /// with it, not copied; a save in the few milliseconds it runs copies them once.
    public func searchableMaker() -> @Sendable () -> Searchable {
        let checklist = analysis.checklist, roster = roster, records = records, keys = keys, version = recordsVersion
        return {
            let texts = Self.searchText(checklist, roster), notes = Self.foldedNotes(records)
            var bytes: [UInt8] = [], from: [Int] = []
            Self.searchBytes(texts, notes, keys, into: &bytes, &from)
            var made = Searchable(texts: texts)
            made.made = (version, notes, bytes, from)
            return made
        }
    }

    /// Takes what search looks through, made beside the screen; nothing when search was made
    /// meanwhile (a search begun before it came). Its notes are folded again when the records
    /// changed since it was begun.
    mutating func take(_ made: Searchable) {
        guard searchText.isEmpty, !keys.isEmpty, made.texts.count == analysis.checklist.count else { return }
        searchText = made.texts
        if let m = made.made, m.version == recordsVersion {
            (noteText, searchBytes, searchFrom) = (m.notes, m.bytes, m.from)
        } else {
            foldNotes()
            buildSearchBytes()
        }
    }

    private mutating func foldNotes() { noteText = Self.foldedNotes(records) }

    static func foldedNotes(_ records: WorkpaperState) -> FoldedNotes {
        var notes: FoldedNotes = [:]
        for (key, record) in records.items {
            if let note = record.note { notes[key] = (note, folded(note)) }
        }
        return notes
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
            reviewedAt[i] = record?.review != nil
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

    /// Takes in records made elsewhere whole (another writer's saves, seen by a read-only screen):
    /// evidence is counted again as rows are shown.
    public mutating func replace(records: WorkpaperState) {
        recordsVersion += 1
        self.records = records
        evidenceCounts = [:]
        summarise()
        refreshVisible()
    }

    /// The checklist's rows in view, and `pages` screenfuls above and below them, whose evidence
    /// is not counted yet.
    public func uncountedRows(pages: Int = 0) -> [String] {
        let rows = Render.listRows(self, .checklist)
        let first = list(.checklist).window(count: shownCount, rows: rows).first
        let shown = max(0, first - pages * rows) ..< min(visible.count, first + rows + pages * rows)
        return visible[shown].map { keys[$0] }.filter { evidenceCounts[$0] == nil }
    }

    /// Counts the evidence of the rows coming into view (and of those `pages` away), with `read`
    /// (the workpaper's count; nil when the file cannot be read now: they are counted at the next action).
    public mutating func countEvidence(pages: Int = 0, _ read: ([String]) -> [String: Int]?) {
        let rows = uncountedRows(pages: pages)
        guard !rows.isEmpty, let counts = read(rows) else { return }
        for key in rows { evidenceCounts[key] = counts[key] ?? 0 }
    }

    /// Coverage by weight, from each position's score and grade (going through the checklist's
    /// items instead copied each: 57 M instructions at 10,000 items, at the open and each save).
    func coverage() -> Coverage {
        Coverage(zip(scoreAt, gradeAt).lazy.map { (score: $0, grade: $1) })
    }

    public var screen: Screen { stack.last ?? .checklist }

    /// Whether a search is being typed.
    public var searching: Bool { prompt?.kind == .search }

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

    /// Why I cannot record on an item here, in a few words (for the footer and the help), or nil.
    public func cannotRecord(on key: String) -> String? {
        if readOnly { return "read-only" }
        if isBlocked(key) {
            let rules = (myVerdicts[key] ?? []).filter { $0.level == .block }.map(\.rule.rawValue)
            return "blocked (\(rules.joined(separator: ", "))): read-only"
        }
        return nil
    }

    /// Said when I record on an item the audit assigns to someone else: it is recorded as mine.
    public func assignedElsewhere(_ key: String) -> String? {
        guard let auditor = itemIndex[key].flatMap({ analysis.checklist[$0].auditor }), auditor != me else { return nil }
        return "\(key) is assigned to \(name(auditor)); what you record there is recorded as yours"
    }

    /// A list's place (selection and scroll).
    public func list(_ screen: Screen) -> ListState { lists[screen] ?? ListState() }

    /// The item selected on the checklist, if any.
    public var selectedKey: String? {
        guard let i = list(.checklist).window(count: shownCount, rows: 1).selected, i < visible.count else { return nil }
        return keys[visible[i]]
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
