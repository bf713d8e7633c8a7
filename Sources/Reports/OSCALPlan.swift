import AuditCore
import Foundation

/// What the OSCAL results and the plan they import share: the parties and roles, the AI systems
/// as components, and the reviewed controls.
struct OSCALMetadata {
    let x: AuditExport
    typealias M = Markdown
    init(_ export: AuditExport) { x = export }

    func uuid(_ kind: String, _ id: String = "") -> String { x.uuid(kind, id) }

    /// Everyone the documents name: the team and the report's recipients, whoever recorded in
    /// the journal, and the corrective actions' owners and verifiers.
    var people: [String] {
        var ids = [x.audit.lead] + x.audit.team + x.audit.reportTo + x.journal.map(\.actor)
        for item in x.analysis.checklist {
            if let a = x.record(item).action { ids += [a.owner, a.verifiedBy].compactMap { $0 } }
        }
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    func metadata(title: String, lastModified: String, version: String) -> JSONValue {
        let org = x.programme.organisation.name
        var parties: [JSONValue] = [.fields([
            ("uuid", .string(uuid("organisation"))), ("type", .string("organization")),
            ("name", .string(OSCAL.line(org) ?? "-")),
        ])]
        for id in people {
            let p = x.programme.person(id)
            parties.append(.fields([
                ("uuid", .string(uuid("party", id))), ("type", .string("person")),
                ("name", .string(OSCAL.line(p?.name) ?? id)), ("short-name", .string(OSCAL.line(id) ?? "-")),
                ("props", p?.unit.flatMap(OSCAL.line).map { .array([.fields([("name", .string("unit")), ("ns", .string(OSCAL.namespace)), ("value", .string($0))])]) }),
                ("member-of-organizations", p?.external == true ? nil : .array([.string(uuid("organisation"))])),
            ]))
        }
        return .fields([
            ("title", .string(M.inline(OSCAL.line(title) ?? "-", lineStart: true))),
            ("last-modified", .string(lastModified)),
            ("version", .string(version)),
            ("oscal-version", .string(OSCAL.version)),
            ("props", .array([.fields([("name", .string("audit-id")), ("ns", .string(OSCAL.namespace)),
                                       ("value", .string(OSCAL.line(x.audit.id) ?? "-"))])])),
            ("roles", .array([
                .fields([("id", .string("assessment-lead")), ("title", .string("Lead auditor"))]),
                .fields([("id", .string("assessor")), ("title", .string("Auditor"))]),
                .fields([("id", .string("report-recipient")), ("title", .string("Receives the audit report"))]),
            ])),
            ("parties", .array(parties)),
            ("responsible-parties", .array([
                ("assessment-lead", [x.audit.lead]), ("assessor", x.audit.team), ("report-recipient", x.audit.reportTo),
            ].filter { !$0.1.isEmpty }.map { role, ids in
                .fields([("role-id", .string(role)), ("party-uuids", .array(ids.map { .string(uuid("party", $0)) }))])
            })),
        ])
    }

    /// The AI systems the checklist names, as components; nil when it names none.
    func components(of items: [ChecklistItem]) -> JSONValue? {
        let ids = Set(items.compactMap(\.system))
        let systems = x.programme.systems.filter { ids.contains($0.id) }
        guard !systems.isEmpty else { return nil }
        return .array(systems.map { s in
            .fields([
                ("uuid", .string(uuid("system", s.id))),
                ("type", .string("software")),
                ("title", .string(M.inline(OSCAL.line(s.name) ?? s.id, lineStart: true))),
                ("description", .string(M.text(s.purpose ?? "The AI system \(s.name).", startsLine: true))),
                ("props", .array([
                    .fields([("name", .string("ai-system")), ("ns", .string(OSCAL.namespace)), ("value", .string(OSCAL.line(s.id) ?? "-"))]),
                    .fields([("name", .string("inherent-risk")), ("ns", .string(OSCAL.namespace)), ("value", .string(String(s.inherentRisk)))]),
                ])),
                ("status", .fields([("state", .string("operational"))])),
            ])
        })
    }

    /// The requirements and controls of the checklist, each once, in clause order.
    func reviewedControls() -> JSONValue {
        var seen = Set<String>()
        let ids = x.analysis.checklist.map(\.key).sorted().map { OSCAL.controlID($0.requirement) }.filter { seen.insert($0).inserted }
        return .fields([
            ("description", .string(M.text("The checklist of \(x.audit.id): \(x.analysis.checklist.count) items over \(ids.count) requirements and controls.", startsLine: true))),
            ("control-selections", .array([.fields([
                ("include-controls", .array(ids.map { .fields([("control-id", .string($0))]) })),
            ])])),
        ])
    }
}

/// The minimal OSCAL assessment plan the results import: the audit's objectives, criteria,
/// scope and fieldwork dates, as the programme snapshot in the workpaper gives them.
public struct OSCALPlan {
    let x: AuditExport
    typealias M = Markdown
    public init(_ export: AuditExport) { x = export }

    func uuid(_ kind: String, _ id: String = "") -> String { x.uuid(kind, id) }

    public func render() -> String { document().rendered() }
    public func data() -> Data { document().data() }

    func document() -> JSONValue {
        let meta = OSCALMetadata(x)
        let a = x.audit
        let created = x.state.created
        let programme = created?.programmeName ?? "programme"
        let systems = meta.components(of: x.analysis.checklist)
        var terms: [JSONValue] = [
            part("objectives", "Objectives", a.objectives),
            part("criteria", "Criteria", a.criteria.joined(separator: "\n")),
            part("scope", "Scope", "AI systems: " + (a.scope.systems?.joined(separator: ", ") ?? "all")
                 + "\nRequirements and controls: " + (a.scope.requirements?.joined(separator: ", ") ?? "all")),
        ]
        terms.append(part("period", "Period covered", "\(a.period.from) to \(a.period.to)"))
        return .fields([("assessment-plan", .fields([
            ("uuid", .string(uuid("assessment-plan"))),
            ("metadata", meta.metadata(title: "Internal audit plan: \(a.id) — \(a.title)",
                                       lastModified: x.journal.first?.time ?? OSCAL.dateTime(a.fieldwork.from), version: "1")),
            ("import-ssp", .fields([
                ("href", .string(OSCAL.href(programme))),
                ("remarks", .string(M.text("The audit programme the workpaper was made from (SHA-256 \(created?.programmeSHA256 ?? "not known")). An AI management system has no OSCAL system security plan; the programme describes the organisation, its AI systems and its control register instead.", startsLine: true))),
            ])),
            ("local-definitions", systems.map { .fields([("components", $0)]) }),
            ("terms-and-conditions", .fields([("parts", .array(terms))])),
            ("reviewed-controls", meta.reviewedControls()),
            ("assessment-subjects", systems == nil ? nil : .array([.fields([
                ("type", .string("component")),
                ("include-subjects", .array(x.programme.systems.filter { s in x.analysis.checklist.contains { $0.system == s.id } }.map { s in
                    .fields([("subject-uuid", .string(uuid("system", s.id))), ("type", .string("component"))])
                })),
            ])])),
            ("tasks", .array([.fields([
                ("uuid", .string(uuid("task", "fieldwork"))),
                ("type", .string("action")),
                ("title", .string("Fieldwork")),
                ("timing", .fields([("within-date-range", .fields([
                    ("start", .string(OSCAL.dateTime(a.fieldwork.from))), ("end", .string(OSCAL.dateTime(a.fieldwork.to, end: true))),
                ]))])),
            ])])),
        ]))])
    }

    func part(_ name: String, _ title: String, _ prose: String) -> JSONValue {
        .fields([("name", .string(name)), ("title", .string(title)), ("prose", .string(M.text(prose.isEmpty ? "-" : prose, startsLine: true)))])
    }
}

extension OSCAL {
    /// A file path as a URI reference: characters a path may hold but a URI may not are percent-encoded.
    static func href(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
