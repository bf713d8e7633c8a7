import AuditCore

/// The evidence requests to send before fieldwork, per auditee (the owners and operators of the
/// items still to be audited): each item, what the auditor will look for and the sample to be
/// drawn. As Markdown to send, or as CSV (one row per auditee and item). Who is asked and which
/// sample is AuditCore's (`EvidenceRequests`).
public struct RequestsReport {
    let x: AuditExport
    let requests: [EvidenceRequest]
    /// Only this person's requests, when given.
    let auditee: String?
    typealias M = Markdown

    public init(_ export: AuditExport, auditee: String? = nil) {
        x = export
        self.auditee = auditee
        requests = EvidenceRequests.requests(export.analysis, programme: export.programme, state: export.state)
    }

    /// The auditees in the order of their names, each with their requests; then, unless one
    /// auditee was asked for, the items the register names nobody for (under the id "").
    var byAuditee: [(person: String, requests: [(EvidenceRequest, role: String)])] {
        var out: [String: [(EvidenceRequest, role: String)]] = [:]
        for r in requests {
            if r.auditees.isEmpty { out["", default: []].append((r, "")) }
            for a in r.auditees { out[a.person, default: []].append((r, a.what)) }
        }
        if let auditee { return [(auditee, out[auditee] ?? [])] }
        return out.keys.sorted { ($0.isEmpty ? 1 : 0, x.name($0), $0) < ($1.isEmpty ? 1 : 0, x.name($1), $1) }.map { ($0, out[$0]!) }
    }

    // MARK: - Markdown

    public func render() -> String {
        let a = x.audit
        let groups = byAuditee
        var s = "# Evidence requests: \(M.inline(a.id)) — \(M.inline(a.title))\n\n"
        s += M.table(["Audit", M.cell(a.id)], [
            ["Organisation", M.cell(x.programme.organisation.name)],
            ["Fieldwork", "\(a.fieldwork.from) to \(a.fieldwork.to)"],
            ["Evidence from", "\(a.period.from) to \(a.period.to)"],
            ["Lead auditor", M.cell(x.name(a.lead))],
        ])
        s += "\nFor each item below, the auditor will look during fieldwork for what it says, in evidence from \(a.period.from) to \(a.period.to). Please have it ready, and send the lists that samples are drawn from to \(M.inline(x.name(a.lead))) before \(a.fieldwork.from).\n"
        if auditee == nil {
            s += "\n" + M.table(["Auditee", "Items"], groups.map { [M.cell($0.person.isEmpty ? "No owner or operator on record" : x.name($0.person)), "\($0.requests.count)"] })
        }
        for (person, list) in groups {
            s += "\n## " + (person.isEmpty ? "No owner or operator on record" : M.inline(x.name(person))) + "\n\n"
            if person.isEmpty {
                s += "The control register names no owner or operator for these items during fieldwork; the lead auditor asks the programme owner whom to ask.\n"
            } else if list.isEmpty {
                s += "Nothing is asked of \(M.inline(x.name(person))): no item still to be audited names them as owner or operator during fieldwork.\n"
            } else {
                s += "\(MarkdownReport.count(list.count, "item")) to be audited.\n"
            }
            for (r, role) in list {
                s += "\n### \(M.inline(r.item.key.description)) \(M.inline(r.item.title))\n\n"
                if !role.isEmpty { s += "- **Your role:** \(M.inline(role))\n" }
                s += "- **Auditor:** \(r.item.auditor.map { M.inline(x.name($0)) } ?? "to be assigned")\n"
                s += "- **The auditor will look for:** \(M.text(r.lookFor.isEmpty ? "the evidence that the requirement is met" : r.lookFor, indent: 2))\n"
                if let c = x.record(r.item).carried {
                    s += "- **Re-test:** of the \(MarkdownReport.gradeName(c.grade).lowercased()) of \(M.inline(c.audit))"
                        + (c.statement.gap.map { ": \(M.text($0, indent: 2))" } ?? "") + "\n"
                }
                if let sample = r.sample { s += "- **Sample:** \(sampleText(sample))\n" }
            }
        }
        return s
    }

    /// What the auditee prepares for a sample, in words.
    func sampleText(_ sample: RequestedSample) -> String {
        let a = x.audit
        switch sample {
        case .drawn(let s):
            let what = s.description.map { " (\(M.inline($0)))" } ?? ""
            return "a \(s.method.rawValue) sample of \(s.size) of \(s.population)\(what), items \(s.items.map { M.inline($0) }.joined(separator: ", ")); please have them ready"
        case let .toDraw(size, population, operates):
            let of = population.map { "\(size) of its \($0) occurrences" } ?? "\(size) of its occurrences"
            return "the control operates \(operates.rawValue): the auditor will draw \(of) from \(a.period.from) to \(a.period.to); please send the list of all of them"
        }
    }

    // MARK: - CSV

    public static let csvHeader = ["auditee", "auditee_name", "role", "item", "title", "tier", "auditor", "look_for", "sample"]

    /// One row per auditee and item, RFC 4180 with CRLF line ends; an item nobody is named for has an empty auditee.
    public func csv() -> String {
        var rows = [Self.csvHeader]
        for (person, list) in byAuditee {
            for (r, role) in list {
                rows.append([person, person.isEmpty ? "" : x.name(person), role, r.item.key.description, r.item.title,
                             r.item.weight.tier.rawValue, r.item.auditor ?? "", r.lookFor, r.sample.map(plainSample) ?? ""])
            }
        }
        return rows.map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    func plainSample(_ sample: RequestedSample) -> String {
        switch sample {
        case .drawn(let s): "drawn \(s.method.rawValue): items \(s.items.joined(separator: " ")) of \(s.population)"
        case let .toDraw(size, population, operates): "to draw \(size)\(population.map { " of \($0)" } ?? ""), operates \(operates.rawValue)"
        }
    }

    /// A CSV field: quoted when it holds a comma, a quote or a line break; a cell a spreadsheet
    /// would take for a formula (`=`, `+`, `-`, `@` first) starts with an apostrophe instead.
    static func csvField(_ s: String) -> String {
        var v = s
        if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
        guard v.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
