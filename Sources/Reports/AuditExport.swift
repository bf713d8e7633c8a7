import AuditCore
import Workpaper

/// One journal event as the exports list it: who recorded what, when, on which item.
public struct JournalLine: Sendable, Hashable {
    public var seq: Int
    public var id: String
    public var time: String
    public var actor: String
    public var type: String
    /// The item it is about (an edit or removal of evidence: the evidence's item).
    public var item: String?
    /// The evidence it cites, edits or removes.
    public var evidence: Int?
    public var hash: String
    /// What it did, in words ("graded A.6.2.8@ava major").
    public var summary: String
    public init(seq: Int, id: String, time: String, actor: String, type: String, item: String?, evidence: Int?,
                hash: String, summary: String) {
        self.seq = seq; self.id = id; self.time = time; self.actor = actor; self.type = type
        self.item = item; self.evidence = evidence; self.hash = hash; self.summary = summary
    }
}

/// Everything the machine-readable exports (JSON, OSCAL) and the evidence requests are made
/// from: the workpaper's programme snapshot, checklist, state and journal. The same workpaper
/// always gives the same export: nothing here comes from the clock or the file's place.
public struct AuditExport: Sendable {
    public let programme: Programme
    public let analysis: AuditAnalysis
    public let state: WorkpaperState
    public let journal: [JournalLine]
    /// Who recorded something on each item (the journal's actors; carrying a finding over is not a record).
    public let recordedBy: [ItemKey: Set<String>]
    /// The day follow-up statuses are judged on.
    public let asOf: Day

    public init(programme: Programme, analysis: AuditAnalysis, state: WorkpaperState, journal: [JournalLine],
                recordedBy: [ItemKey: Set<String>], asOf: Day? = nil) {
        self.programme = programme; self.analysis = analysis; self.state = state; self.journal = journal
        self.recordedBy = recordedBy
        var cited: [Int: JournalLine] = [:]
        for line in journal where line.type == EventBody.Kind.evidenceAdded.rawValue {
            if let id = line.evidence, cited[id] == nil { cited[id] = line }
        }
        citations = cited
        verdicts = Dictionary(grouping: analysis.verdicts, by: \.item)
        uuidSeed = "\(analysis.audit.id)/\(journal.first?.id ?? "")"
        allEvidence = Dictionary(grouping: state.evidence.values.sorted { $0.id < $1.id }, by: \.item)
        self.asOf = asOf ?? journal.last.flatMap { Day(iso: String($0.time.prefix(10))) } ?? analysis.audit.fieldwork.to
    }

    /// The export of a workpaper as it stands, its journal read row by row. Throws rather than
    /// leave out a journal it cannot read.
    public init(workpaper: WorkpaperFile, asOf: Day? = nil) throws(WorkpaperError) {
        var lines: [JournalLine] = []
        var undecoded: JournalEntry?
        let state = workpaper.state
        try workpaper.eachJournalEntry { e in
            guard let body = try? EventCodec.decode(type: e.type, payload: e.payload) else { undecoded = undecoded ?? e; return }
            var evidence: Int?
            switch body {
            case .evidenceAdded(let r): evidence = r.id
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): evidence = id
            default: break
            }
            lines.append(JournalLine(seq: e.seq, id: e.id, time: e.time, actor: e.actor, type: e.type,
                                     item: WorkpaperFile.item(of: body, in: state), evidence: evidence, hash: e.hash,
                                     summary: body.summary))
        }
        if let e = undecoded { throw .notAWorkpaper("\(workpaper.path): journal event \(e.seq) (\(e.type)) cannot be read") }
        self.init(programme: workpaper.programme, analysis: workpaper.analysis, state: state, journal: lines,
                  recordedBy: try workpaper.recorders(), asOf: asOf)
    }

    public var audit: Audit { analysis.audit }
    public func name(_ person: String) -> String { programme.person(person)?.name ?? person }
    public func record(_ item: ChecklistItem) -> ItemRecord { state.record(item.key.description) }

    /// The journal's last event: its hash is the chain head.
    public var head: JournalLine? { journal.last }

    /// The event that cited each piece of evidence: who, and when.
    public let citations: [Int: JournalLine]
    /// The team's independence verdicts by item, in the analysis's order.
    public let verdicts: [ItemKey: [Verdict]]
    /// What the OSCAL documents' UUIDs are derived from: the audit and the first event of its
    /// workpaper's journal (its creation, which copies and replicas of the workpaper share).
    let uuidSeed: String
    /// Every reference cited on each item, withdrawn ones too, in the order cited.
    public let allEvidence: [String: [EvidenceReference]]

    /// The people an item's record names, the team in its order first.
    public func recorders(of item: ChecklistItem) -> [String] {
        let ids = recordedBy[item.key] ?? []
        return audit.team.filter(ids.contains) + ids.subtracting(audit.team).sorted()
    }
}
