/// The audit's record beyond its items' findings, as ISO 19011 6.4–6.5 asks of it: the opening
/// and closing meetings, the auditee's response to each finding, the review of the work, the
/// reason an item was not audited, the lead's conclusion and the approval of the report.

/// An opening or closing meeting (ISO 19011 6.4.3, 6.4.10).
public struct Meeting: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable { case opening, closing }
    public var kind: Kind
    /// YYYY-MM-DD, and HH:MM when given.
    public var date: String
    public var time: String?
    /// A location of the audit by its id, or a place in words.
    public var place: String?
    /// People of the programme and guests of the audit, by id.
    public var attendees: [String]
    /// The points raised.
    public var points: String?
    public init(kind: Kind, date: String, time: String? = nil, place: String? = nil, attendees: [String], points: String? = nil) {
        self.kind = kind; self.date = date; self.time = time; self.place = place; self.attendees = attendees; self.points = points
    }

    /// What makes a meeting the same meeting: recorded again, it replaces the one on record.
    public var identity: String { "\(kind.rawValue) \(date) \(time ?? "")" }
    /// "opening meeting 2026-11-23 09:00".
    public var title: String { "\(kind.rawValue) meeting \(date)" + (time.map { " \($0)" } ?? "") }
}

/// The auditee's response to a finding: agreed, or disagreed with the reason. A disagreement
/// that stands is a diverging opinion (ISO 19011 6.4.10), stated in the report with both positions.
public struct AuditeeResponse: Codable, Hashable, Sendable {
    public enum Position: String, Codable, CaseIterable, Sendable { case agreed, disagreed }
    public var position: Position
    /// Who responded: a person of the programme or a guest of the audit.
    public var by: String
    public var reason: String?
    public init(position: Position, by: String, reason: String? = nil) { self.position = position; self.by = by; self.reason = reason }

    /// As a conflict shows it: "agreed by ines", "disagreed by kenji: the policy allows 30 days".
    public var shown: String { "\(position.rawValue) by \(by)" + (reason.map { ": \($0)" } ?? "") }

    /// The response `shown` wrote.
    public init?(shown: String) {
        guard let p = Position.allCases.first(where: { shown.hasPrefix("\($0.rawValue) by ") }) else { return nil }
        let rest = shown.dropFirst("\(p.rawValue) by ".count)
        if let colon = rest.range(of: ": ") {
            self.init(position: p, by: String(rest[..<colon.lowerBound]), reason: String(rest[colon.upperBound...]))
        } else {
            self.init(position: p, by: String(rest))
        }
    }
}

/// The review of an item's work by the lead or an independent reviewer (the preparer and
/// reviewer of audit practice); any later change to the item's work re-opens it.
public struct Review: Codable, Hashable, Sendable {
    public var reviewer: String
    public var notes: String?
    public init(reviewer: String, notes: String? = nil) { self.reviewer = reviewer; self.notes = notes }
}

/// Why an item was not audited, and the audit it moves to.
public struct Deferral: Codable, Hashable, Sendable {
    public var reason: String
    /// The audit's id; nil when none is named yet.
    public var to: String?
    public init(reason: String, to: String? = nil) { self.reason = reason; self.to = to }

    /// As a conflict shows it: "REASON (moves to IA-2027-01)".
    public var shown: String { reason + (to.map { " (moves to \($0))" } ?? "") }

    public init(shown: String) {
        if shown.hasSuffix(")"), let r = shown.range(of: " (moves to ", options: .backwards) {
            self.init(reason: String(shown[..<r.lowerBound]), to: String(shown[r.upperBound...].dropLast()))
        } else {
            self.init(reason: shown)
        }
    }
}

/// The lead's conclusion, written beside the figures the report derives.
public struct Conclusion: Codable, Hashable, Sendable {
    public enum Objectives: String, Codable, CaseIterable, Sendable {
        case met
        case partlyMet = "partly-met"
        case notMet = "not-met"

        /// "partly met".
        public var words: String { rawValue.replacingOccurrences(of: "-", with: " ") }
    }
    public var text: String
    /// How far the audit's objectives were met.
    public var objectives: Objectives
    public init(text: String, objectives: Objectives) { self.text = text; self.objectives = objectives }
}

/// The lead's approval of the report: the report's date, and the journal as approved (its head
/// and how many events it held). Anything recorded after it is an amendment until approved again.
public struct ReportApproval: Codable, Hashable, Sendable {
    public var approver: String
    /// The report's date, YYYY-MM-DD.
    public var date: String
    /// The journal's head (its last event's hash) and its number of events, as approved.
    public var head: String
    public var events: Int
    public init(approver: String, date: String, head: String, events: Int) {
        self.approver = approver; self.date = date; self.head = head; self.events = events
    }
}

/// What the workpaper holds of the audit as a whole: the fold of its meetings, conclusion and
/// approvals.
public struct AuditRecord: Hashable, Sendable {
    /// In the order recorded; one recorded again (same kind, date and time) replaces its earlier self.
    public internal(set) var meetings: [Meeting] = []
    public internal(set) var conclusion: Conclusion?
    /// The latest approval, and how many there have been (the report's version).
    public internal(set) var approval: ReportApproval?
    public internal(set) var approvals = 0
    /// Events recorded after the latest approval that it had not seen: the report is amended.
    public internal(set) var sinceApproval = 0
    public init() {}

    /// Read back from where it was kept.
    public init(meetings: [Meeting], conclusion: Conclusion?, approval: ReportApproval?, approvals: Int, sinceApproval: Int) {
        self.meetings = meetings; self.conclusion = conclusion; self.approval = approval
        self.approvals = approvals; self.sinceApproval = sinceApproval
    }

    public var isEmpty: Bool { self == AuditRecord() }

    /// Approved, and nothing recorded since.
    public var isApproved: Bool { approval != nil && sinceApproval == 0 }

    mutating func apply(_ event: EventBody) {
        switch event {
        case .meeting(let m):
            if let i = meetings.firstIndex(where: { $0.identity == m.identity }) { meetings[i] = m } else { meetings.append(m) }
            count()
        case .concluded(let c):
            conclusion = c
            count()
        case .approvedReport(let a):
            approval = a
            approvals += 1
            sinceApproval = 0
        default:
            count()
        }
    }

    /// One more event after the approval.
    private mutating func count() { if approval != nil { sinceApproval += 1 } }

    /// After an approval folded among events of other replicas: how many of those folded so far it had not seen.
    mutating func approvalMissed(_ events: Int) { sinceApproval = events }
}

extension Grade {
    /// Graded as a finding the auditee responds to: a nonconformity, observation or improvement opportunity.
    public var isFinding: Bool { [.major, .minor, .observation, .ofi].contains(self) }
}

extension ItemRecord {
    /// Whether an event changes the item's work, which re-opens its review: anything but a review,
    /// the auditee's response, the reason that ends a record (the record's own events say), or the
    /// approval of a justification (the lead's oversight, as a review is). An auditor's
    /// disagreement with a change to their result does re-open it: the reviewer looks again.
    static func changesWork(_ event: EventBody) -> Bool {
        switch event {
        case .reviewed, .responded, .meeting, .concluded, .approvedReport, .created, .reasoned, .approved: false
        default: true
        }
    }
}

extension WorkpaperState {
    /// How far the work was reviewed: audited items (graded, not-audited left out) and those whose
    /// review stands.
    public func reviewCoverage(of checklist: [ChecklistItem]) -> (audited: Int, reviewed: Int) {
        var audited = 0, reviewed = 0
        for item in checklist {
            let r = record(item.key.description)
            guard r.grade != .notAudited else { continue }
            audited += 1
            if r.review != nil { reviewed += 1 }
        }
        return (audited, reviewed)
    }

    /// Findings whose auditee disagreed and still does: the diverging opinions.
    public func divergingOpinions(in checklist: [ChecklistItem]) -> [ChecklistItem] {
        findings(in: checklist).filter { record($0.key.description).response?.position == .disagreed }
    }
}

extension Stamp {
    /// Whether the event `rseq` of `replica` was among what this event's author had seen.
    func saw(_ replica: String, _ rseq: Int) -> Bool {
        replica == self.replica ? rseq < self.rseq : rseq <= clock[replica] ?? 0
    }
}

extension TeamState {
    /// Counts an event folded in, and the work it changes.
    mutating func noteFolded(_ e: TeamEvent) {
        defer { folded[e.stamp.replica] = max(folded[e.stamp.replica] ?? 0, e.stamp.rseq) }
        guard ItemRecord.changesWork(e.body) else { return }
        let item: String?
        switch e.body {
        case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): item = state.evidence[number(of: id, target: e.target)]?.item
        default: item = e.body.item
        }
        if let item { lastWork[item, default: [:]][e.stamp.replica] = e.stamp.rseq }
    }

    /// A review stands only when its author had seen every change to the item's work folded in
    /// (one made beside it, unseen, re-opens it); an approval counts what it had not seen of what
    /// is folded in before it as recorded after it.
    mutating func applySeeing(_ e: TeamEvent) {
        switch e.body {
        case .reviewed(let item, _):
            let seen = (lastWork[item] ?? [:]).allSatisfy { e.stamp.saw($0.key, $0.value) }
            if seen { state.apply(e.body, by: e.stamp.actor) }
        case .approvedReport:
            state.apply(e.body, by: e.stamp.actor)
            // `folded` holds the approval itself: its own replica's events up to it were all seen.
            let missed = folded.reduce(0) { $0 + max(0, $1.value - ($1.key == e.stamp.replica ? e.stamp.rseq : e.stamp.clock[$1.key] ?? 0)) }
            state.auditRecord.approvalMissed(missed)
        default:
            state.apply(e.body, by: e.stamp.actor)
        }
    }
}
