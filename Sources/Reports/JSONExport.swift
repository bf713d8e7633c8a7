import AuditCore
import Foundation

/// The whole audit as one JSON document (`aimsaudit/audit@1`, docs/audit-json.md): the audit,
/// every checklist item with its weight, what was recorded on it and by whom, and the journal.
/// Fields are only ever added within a format version; the same workpaper gives the same bytes.
public struct JSONExport {
    public static let format = "aimsaudit/audit@1"
    let x: AuditExport
    public init(_ export: AuditExport) { x = export }

    typealias J = JSONValue

    public func render() -> String { document().rendered() }
    public func data() -> Data { document().data() }

    func document() -> JSONValue {
        let coverage = x.state.coverage(of: x.analysis.checklist)
        return .fields([
            ("format", .string(Self.format)),
            ("audit", audit()),
            ("as_of", .string(x.asOf.description)),
            ("workpaper", workpaper()),
            ("coverage", .fields([("audited", .int(coverage.audited)), ("total", .int(coverage.total)),
                                  ("percent_by_weight", .int(coverage.percent))])),
            ("people", .array(people().map(person))),
            ("items", .each(x.analysis.checklist, item)),
            ("journal", .each(x.journal, journalLine)),
        ])
    }

    func audit() -> JSONValue {
        let a = x.audit
        return .fields([
            ("id", .string(a.id)), ("title", .string(a.title)), ("organisation", .string(x.programme.organisation.name)),
            ("objectives", .string(a.objectives)), ("criteria", J.strings(a.criteria)),
            ("scope", .fields([("systems", a.scope.systems.map(J.strings) ?? .null),
                               ("requirements", a.scope.requirements.map(J.strings) ?? .null)])),
            ("period", days(a.period)), ("fieldwork", days(a.fieldwork)),
            ("lead", .string(a.lead)), ("team", J.strings(a.team)), ("report_to", J.strings(a.reportTo)),
        ])
    }

    func days(_ d: ClosedDays) -> JSONValue { .fields([("from", .string(d.from.description)), ("to", .string(d.to.description))]) }

    func workpaper() -> JSONValue {
        let c = x.state.created
        return .fields([
            ("programme", .string(c?.programmeName)), ("programme_sha256", .string(c?.programmeSHA256)),
            ("tool", .string(c?.tool)), ("events", .int(x.journal.count)),
            ("head", .string(x.head?.hash)), ("last_recorded", .string(x.head?.time)),
        ])
    }

    /// Everyone the document names, in the programme's order.
    func people() -> [Person] {
        var named = Set(x.audit.team + [x.audit.lead] + x.audit.reportTo + x.journal.map(\.actor))
        for item in x.analysis.checklist {
            let r = x.record(item)
            named.formUnion(item.owners.map(\.person))
            if let a = item.auditor { named.insert(a) }
            named.formUnion(r.justifications.keys)
            named.formUnion([r.action?.owner, r.action?.verifiedBy].compactMap { $0 })
        }
        return x.programme.people.filter { named.contains($0.id) }
    }

    func person(_ p: Person) -> JSONValue {
        .fields([("id", .string(p.id)), ("name", .string(p.name)), ("unit", .string(p.unit)), ("external", .bool(p.external))])
    }

    func item(_ item: ChecklistItem) -> JSONValue {
        let r = x.record(item)
        let w = item.weight
        let key = item.key.description
        return .fields([
            ("key", .string(key)), ("requirement", .string(item.requirement)), ("system", .string(item.system)),
            ("title", .string(item.title)), ("kind", .string(item.kind.rawValue)),
            ("excluded", .bool(item.isExclusion)),
            ("exclusion_justification", .string(item.isExclusion ? item.entry?.justification : nil)),
            ("score", .number(w.score)), ("tier", .string(w.tier.rawValue)),
            ("inputs", .fields([("I", .int(w.I)), ("C", .int(w.C)), ("F", .int(w.F)),
                                ("T", .number((w.T * 100).rounded() / 100)), ("D", .int(w.D))])),
            ("last_audited", .string(w.lastAudited?.description)),
            ("owners", .array(item.owners.map { .fields([("person", .string($0.person)), ("what", .string($0.what))]) })),
            ("auditor", .string(item.auditor)),
            ("grade", .string(r.grade.rawValue)),
            ("statement", .fields([("requirement", .string(r.statement.requirement)),
                                   ("evidence", .string(r.statement.evidence)), ("gap", .string(r.statement.gap))])),
            // The note is the auditor's own, as in the report: only a not-applicable item's reason (GR-3) leaves.
            ("not_applicable_reason", .string(r.grade == .notApplicable ? r.note : nil)),
            ("good_practice", .string(r.goodPractice)),
            ("evidence", .array((x.allEvidence[key] ?? []).map(evidence))),
            ("sample", r.sample.map(sample) ?? .null),
            ("action", r.action.map(action) ?? .null),
            ("carried", r.carried.map(carried) ?? .null),
            ("verdicts", .array((x.verdicts[item.key] ?? []).map { v in
                .fields([("auditor", .string(v.auditor)), ("rule", .string(v.rule.rawValue)),
                         ("level", .string(v.level.rawValue)), ("reason", .string(v.reason)),
                         ("justification", r.justifications[v.auditor].flatMap { v.level == .warn ? justification($0) : nil } ?? .null)])
            })),
            ("justifications", .array(r.justifications.values.sorted { $0.auditor < $1.auditor }.map { j in
                // Programme format 2 approves justifications: who did, or null while it awaits approval.
                .fields([("auditor", .string(j.auditor)), ("text", .string(j.text)), ("safeguard", .string(j.safeguard))]
                        + (x.analysis.approvesJustifications ? [("approved_by", .string(r.approvals[j.auditor]?.approver))] : []))
            })),
            ("recorded_by", J.strings(x.recorders(of: item))),
        ])
    }

    func justification(_ j: Justification) -> JSONValue {
        .fields([("text", .string(j.text)), ("safeguard", .string(j.safeguard))])
    }

    func evidence(_ e: EvidenceReference) -> JSONValue {
        .fields([
            ("id", .int(e.id)), ("label", .string(e.label)), ("type", .string(e.type.rawValue)),
            ("reference", .string(e.reference)), ("description", .string(e.description)),
            ("obtained_from", .string(e.obtainedFrom)), ("obtained_on", .string(e.obtainedOn)),
            ("file", e.file.map { f in
                .fields([("path", .string(f.path)), ("relative_path", .string(f.relativePath)),
                         ("sha256", .string(f.sha256)), ("size", .int(Int(f.size)))])
            } ?? .null),
            ("cited_by", .string(x.citations[e.id]?.actor)),
            ("removed", .bool(e.removed)), ("removal_reason", .string(e.removalReason)),
        ])
    }

    func sample(_ s: Sample) -> JSONValue {
        .fields([("description", .string(s.description)), ("population", .int(s.population)), ("size", .int(s.size)),
                 ("method", .string(s.method.rawValue)), ("seed", s.seed.map { .string(String($0)) } ?? .null),
                 ("selected", .array(s.selected.map(JSONValue.int))), ("ids", s.ids.map(JSONValue.strings) ?? .null),
                 ("reason", .string(s.reason)), ("suggested", s.suggested.map(JSONValue.int) ?? .null),
                 ("size_reason", .string(s.sizeReason)),
                 ("results", s.results.map { _ in .array(s.resultsInOrder.map { r in
                     .fields([("occurrence", .string(r.occurrence)), ("outcome", .string(r.outcome.rawValue)),
                              ("evidence", r.evidence.map(JSONValue.int) ?? .null), ("note", .string(r.note))])
                 }) } ?? .null)])
    }

    func action(_ a: CorrectiveAction) -> JSONValue {
        var fields: [(String, JSONValue?)] = CorrectiveAction.fields.map { f in (f.name.replacingOccurrences(of: "-", with: "_"), .string(a[keyPath: f.path])) }
        fields.append(("outcome", .string(a.outcome?.rawValue)))
        fields.append(("status", .string(a.status(on: x.asOf).rawValue)))
        return .fields(fields)
    }

    func carried(_ c: CarriedFinding) -> JSONValue {
        .fields([("audit", .string(c.audit)), ("workpaper", .string(c.workpaper)), ("journal_hash", .string(c.journalHash)),
                 ("date", .string(c.date)), ("grade", .string(c.grade.rawValue)),
                 ("statement", .fields([("requirement", .string(c.statement.requirement)),
                                        ("evidence", .string(c.statement.evidence)), ("gap", .string(c.statement.gap))])),
                 ("action", c.action.map(action) ?? .null)])
    }

    func journalLine(_ l: JournalLine) -> JSONValue {
        .fields([("seq", .int(l.seq)), ("time", .string(l.time)), ("actor", .string(l.actor)), ("type", .string(l.type)),
                 ("item", .string(l.item)), ("evidence", l.evidence.map(JSONValue.int) ?? .null),
                 ("summary", .string(l.summary)), ("hash", .string(l.hash))])
    }
}
