import AuditCore
import Foundation

/// The audit as OSCAL assessment results (docs/oscal.md): the reviewed controls, one observation
/// per evidence reference, one finding per graded item, a risk per nonconformity, and the
/// journal as the assessment log ending at its chain head. UUIDs are derived from the audit,
/// its workpaper and the ids of what they name, and times come from the journal, so the same
/// workpaper always gives the same bytes.
public struct OSCALResults {
    let x: AuditExport
    /// Where the results find the plan they import: a file beside them (as a URI reference).
    let planHref: String
    typealias J = JSONValue
    typealias M = Markdown

    public init(_ export: AuditExport, planFile: String) { x = export; planHref = OSCAL.href(planFile) }

    public func render() -> String { document().rendered() }
    public func data() -> Data { document().data() }

    func uuid(_ kind: String, _ id: String = "") -> String { x.uuid(kind, id) }
    func prop(_ name: String, _ value: String?) -> JSONValue? {
        OSCAL.line(value).map { .fields([("name", .string(name)), ("ns", .string(OSCAL.namespace)), ("value", .string($0))]) }
    }
    func props(_ list: [(String, String?)]) -> JSONValue? {
        let p = list.compactMap { prop($0.0, $0.1) }
        return p.isEmpty ? nil : .array(p)
    }
    /// Markdown for a multi-line OSCAL field, nil when there is nothing to say.
    func prose(_ text: String?) -> JSONValue? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        return .string(M.text(text, startsLine: true))
    }
    func title(_ text: String) -> JSONValue { .string(M.inline(OSCAL.line(text) ?? "-", lineStart: true)) }

    func document() -> JSONValue {
        .fields([("assessment-results", .fields([
            ("uuid", .string(uuid("assessment-results"))),
            ("metadata", OSCALMetadata(x).metadata(
                title: "Internal audit results: \(x.audit.id) — \(x.audit.title)",
                lastModified: x.head?.time ?? OSCAL.dateTime(x.audit.fieldwork.to, end: true),
                version: String(x.head?.seq ?? 0))),
            ("import-ap", .fields([("href", .string(planHref))])),
            ("results", .array([result()])),
            ("back-matter", backMatter()),
        ]))])
    }

    var cited: [EvidenceReference] { x.analysis.checklist.flatMap { x.state.evidence(on: $0.key.description) } }

    func result() -> JSONValue {
        let graded = x.analysis.checklist.filter { OSCAL.status(of: x.record($0).grade) != nil }
        let nonconformities = graded.filter { x.record($0).grade.isNonconformity }
        let evidence = cited
        return .fields([
            ("uuid", .string(uuid("result"))),
            ("title", title("Results of internal audit \(x.audit.id)")),
            ("description", prose(x.audit.objectives) ?? .string("Internal audit \(x.audit.id).")),
            ("start", .string(OSCAL.dateTime(x.audit.fieldwork.from))),
            ("end", .string(OSCAL.dateTime(x.audit.fieldwork.to, end: true))),
            ("props", props([("audit-period", "\(x.audit.period.from)/\(x.audit.period.to)"), ("as-of", x.asOf.description)])),
            ("local-definitions", OSCALMetadata(x).components(of: x.analysis.checklist).map { .fields([("components", $0)]) }),
            ("reviewed-controls", OSCALMetadata(x).reviewedControls()),
            ("assessment-log", .fields([("entries", .elements(count: x.journal.count + 1) { i in
                i < x.journal.count ? logEntry(x.journal[i]) : chainHead()
            })])),
            ("observations", evidence.isEmpty ? nil : .each(evidence, observation)),
            ("risks", nonconformities.isEmpty ? nil : .each(nonconformities, risk)),
            ("findings", graded.isEmpty ? nil : .each(graded, finding)),
            ("remarks", prose("Criteria: " + x.audit.criteria.joined(separator: "; "))),
        ])
    }

    func party(_ person: String) -> String { uuid("party", person) }

    func logEntry(_ l: JournalLine) -> JSONValue {
        .fields([
            ("uuid", .string(uuid("event", l.id))),
            ("title", .string(l.type)),
            ("description", prose(l.summary)),
            ("start", .string(l.time)),
            ("props", props([("journal-seq", String(l.seq)), ("journal-hash", l.hash), ("item", l.item)])),
            ("logged-by", .array([.fields([("party-uuid", .string(party(l.actor)))])])),
        ])
    }

    /// The last entry: the journal's head, which `aimsaudit verify --against` checks a receipt with.
    func chainHead() -> JSONValue {
        let head = x.head
        return .fields([
            ("uuid", .string(uuid("chain-head"))),
            ("title", .string("Journal chain head")),
            ("description", .string("The workpaper's journal of \(x.journal.count) events is hash-chained (SHA-256); its head is \(head?.hash ?? "-"). A receipt of this head, checked with `aimsaudit verify --against`, shows the workpaper was only appended to since.")),
            ("start", .string(head?.time ?? OSCAL.dateTime(x.audit.fieldwork.to, end: true))),
            ("props", props([("journal-events", String(x.journal.count)), ("journal-head", head?.hash)])),
        ])
    }

    func observation(_ e: EvidenceReference) -> JSONValue {
        let item = ItemKey(e.item)
        let collected = e.obtainedOn.flatMap(Day.init(iso:)).map { OSCAL.dateTime($0) }
            ?? x.citations[e.id]?.time ?? OSCAL.dateTime(x.audit.fieldwork.from)
        var relevant: [JSONValue] = [.fields([("description", .string(M.text(e.reference, startsLine: true)))])]
        if let f = e.file {
            relevant.append(.fields([
                ("href", .string("#" + uuid("file", String(e.id)))),
                ("description", .string(M.text("The file \(f.path), \(f.size) bytes, SHA-256 \(f.sha256), as hashed when it was cited.", startsLine: true))),
            ]))
        }
        return .fields([
            ("uuid", .string(uuid("evidence", String(e.id)))),
            ("title", title("\(e.label) \(e.type.rawValue): \(e.reference)")),
            ("description", prose(e.description) ?? .string(M.text(e.reference, startsLine: true))),
            ("props", props([("evidence-type", e.type.rawValue), ("item", e.item), ("obtained-from", e.obtainedFrom)])),
            ("methods", J.strings([OSCAL.method(of: e.type)])),
            ("types", J.strings(["control-objective"])),
            ("origins", x.citations[e.id].map { .array([origin([$0.actor])]) }),
            ("subjects", item?.system.map { s in .array([.fields([("subject-uuid", .string(uuid("system", s))), ("type", .string("component"))])]) }),
            ("relevant-evidence", .array(relevant)),
            ("collected", .string(collected)),
        ])
    }

    /// The people behind an observation or finding, each an assessor when in the team.
    func origin(_ people: [String]) -> JSONValue {
        .fields([("actors", .array(people.map { p in
            .fields([("type", .string("party")), ("actor-uuid", .string(party(p))),
                     ("role-id", x.audit.team.contains(p) ? .string("assessor") : nil)])
        }))])
    }

    func relatedObservations(_ item: ChecklistItem) -> JSONValue? {
        let refs = x.state.evidence(on: item.key.description)
        return refs.isEmpty ? nil : .array(refs.map { .fields([("observation-uuid", .string(uuid("evidence", String($0.id))))]) })
    }

    func finding(_ item: ChecklistItem) -> JSONValue {
        let r = x.record(item)
        let status = OSCAL.status(of: r.grade)!
        var parts: [String] = []
        for (label, part) in [("Requirement", r.statement.requirement), ("Evidence", r.statement.evidence), ("Finding", r.statement.gap)] {
            if let part, !part.allSatisfy(\.isWhitespace) { parts.append("\(label): " + M.text(part, startsLine: false)) }
        }
        if r.grade == .notApplicable { parts.append("Not applicable: " + M.text(r.note ?? "no reason recorded")) }
        let recorders = x.recorders(of: item)
        return .fields([
            ("uuid", .string(uuid("finding", item.key.description))),
            ("title", title("\(item.key) \(item.title): \(MarkdownReport.gradeName(r.grade))")),
            ("description", .string(parts.isEmpty ? MarkdownReport.gradeName(r.grade) + "." : parts.joined(separator: "\n\n"))),
            ("props", props([("grade", r.grade.rawValue), ("item", item.key.description), ("ai-system", item.system),
                             ("tier", item.weight.tier.rawValue), ("score", JSONValue.numberText(item.weight.score))])),
            ("origins", recorders.isEmpty ? nil : .array([origin(recorders)])),
            ("target", .fields([
                ("type", .string("objective-id")),
                ("target-id", .string(OSCAL.controlID(item.requirement))),
                ("title", title(item.title)),
                ("status", .fields([("state", .string(status.state)), ("reason", .string(status.reason))])),
                ("implementation-status", status.notApplicable ? .fields([("state", .string("not-applicable"))]) : nil),
            ])),
            ("related-observations", relatedObservations(item)),
            ("related-risks", r.grade.isNonconformity ? .array([.fields([("risk-uuid", .string(uuid("risk", item.key.description)))])]) : nil),
            ("remarks", r.goodPractice.map { .string("Good practice: " + M.text($0)) }),
        ])
    }

    func risk(_ item: ChecklistItem) -> JSONValue {
        let r = x.record(item)
        let a = r.action
        let statement = [r.statement.requirement.map { "Requirement: " + M.text($0) }, r.statement.evidence.map { "Evidence: " + M.text($0) }]
            .compactMap { $0 }.joined(separator: "\n\n")
        var remediation: JSONValue?
        if let a, let text = a.action {
            remediation = .array([.fields([
                ("uuid", .string(uuid("remediation", item.key.description))),
                ("lifecycle", .string(a.implementedOn == nil ? "planned" : "completed")),
                ("title", .string("Corrective action")),
                ("description", .string(M.text(text, startsLine: true))),
                ("props", props([("owner", a.owner), ("due", a.due), ("implemented-on", a.implementedOn),
                                 ("action-status", a.status(on: x.asOf).rawValue)])),
                ("remarks", prose(a.rootCause.map { "Root cause: " + $0 })),
            ])])
        }
        return .fields([
            ("uuid", .string(uuid("risk", item.key.description))),
            ("title", title("\(MarkdownReport.gradeName(r.grade)) on \(item.key)")),
            ("description", prose(r.statement.gap) ?? .string(MarkdownReport.gradeName(r.grade) + ".")),
            ("statement", .string(statement.isEmpty ? MarkdownReport.gradeName(r.grade) + "." : statement)),
            ("props", props([("grade", r.grade.rawValue), ("item", item.key.description)])),
            ("status", .string(OSCAL.riskStatus(of: a, on: x.asOf))),
            ("deadline", a?.due.flatMap(Day.init(iso:)).map { .string(OSCAL.dateTime($0, end: true)) }),
            ("remediations", remediation),
            ("related-observations", relatedObservations(item)),
        ])
    }

    /// The cited files, each with the SHA-256 it had when cited.
    func backMatter() -> JSONValue? {
        let files = cited.filter { $0.file != nil }
        guard !files.isEmpty else { return nil }
        return .fields([("resources", .array(files.map { e in
            let f = e.file!
            return .fields([
                ("uuid", .string(uuid("file", String(e.id)))),
                ("title", title(f.path)),
                ("description", .string(M.text("Cited as \(e.label) on \(e.item), \(f.size) bytes.", startsLine: true))),
                ("rlinks", .array([.fields([
                    ("href", .string(OSCAL.href(f.relativePath ?? f.absolutePath))),
                    ("hashes", .array([.fields([("algorithm", .string("SHA-256")), ("value", .string(f.sha256))])])),
                ])])),
            ])
        }))])
    }
}
