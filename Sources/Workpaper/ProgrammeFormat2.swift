import AuditCore
import Yams

/// The keys programme format 2 adds, read like the rest: every value checked, each problem with
/// its place. In a format-1 file each of them is an error that says which format has it.
extension ProgrammeDecoder {
    /// Whether these keys of `f` may be read: always in format 2; in format 1, each one given is
    /// a located error (the rest of the file still reads).
    func format2(_ f: YAMLReader.Fields, _ keys: [String], in what: String) -> Bool {
        guard version < 2 else { return true }
        for key in keys where f.has(key) {
            error(f.keyNodes[key], "`\(key)` in \(what) is a key of programme format 2: write `format: \(Programme.formats[1])` at the top to use it")
        }
        return false
    }

    /// A top-level section of format 2.
    func format2Section<T>(_ top: YAMLReader.Fields, _ key: String, _ what: String, _ decode: (Node) -> T?) -> [Decoded<T>] {
        format2(top, [key], in: "the programme") ? section(top, key, what, decode) : []
    }

    /// Competences: plain ids, or (format 2) records with their basis, confirmation and expiry.
    func decodeCompetences(_ node: Node, of person: String) -> ([String], [String: Competence]) {
        var ids: [String] = [], records: [String: Competence] = [:]
        for item in reader.list(node, "`competences`") ?? [] {
            guard item.mapping != nil else {
                if let id = reader.text(item, "an entry of `competences`") { ids.append(id) }
                continue
            }
            guard version >= 2 else {
                error(item, "a competence with its basis, confirmation or expiry is programme format 2: write `format: \(Programme.formats[1])` at the top, or give the competence's id alone")
                continue
            }
            guard let f = reader.fields(item, "a competence", allowed: ["id", "basis", "confirmed", "expires"], required: ["id"]),
                  let id = f["id"].flatMap({ reader.text($0, "the `id` of a competence of \(person)") }) else { continue }
            var c = Competence(id: id)
            c.basis = f["basis"].flatMap { reader.text($0, "the `basis` of \(id)") }
            c.confirmed = f["confirmed"].flatMap { reader.day($0, "`confirmed`") }
            c.expires = f["expires"].flatMap { reader.day($0, "`expires`") }
            if let confirmed = c.confirmed, let expires = c.expires, expires < confirmed {
                error(f["expires"], "the competence \(id) of \(person) expires (\(expires)) before it was confirmed (\(confirmed))")
            }
            ids.append(id)
            records[id] = c
        }
        return (ids, records)
    }

    /// A person's `employer` (a firm; for external auditors) and `history` (earlier units and managers).
    func decodeFormat2(_ f: YAMLReader.Fields, into p: inout Person) {
        let id = p.id
        if let e = f["employer"] {
            p.employer = reference(e, "the `employer` of \(id)", kind: "firm", in: firmIDs)
            if p.employer != nil, !p.external {
                error(e, "`employer` is for external auditors: set `external: true` for \(id), or leave `employer` out")
            }
        }
        p.history = f["history"].flatMap { reader.list($0, "the `history` of \(id)") }?.compactMap { decodeSpell($0, of: id) } ?? []
    }

    func decodeSpell(_ node: Node, of person: String) -> Spell? {
        let what = "an entry of the `history` of \(person)"
        guard let f = reader.fields(node, what, allowed: ["unit", "manager", "from", "to"], required: ["to"]) else { return nil }
        let unit = f["unit"].flatMap { reader.text($0, "the `unit` in \(what)") }
        var manager: String?
        if let m = f["manager"] {
            manager = reference(m, "the `manager` in \(what)", kind: "manager", in: personIDs)
            if manager == person { error(m, "\(person) cannot have been their own manager"); manager = nil }
        }
        if !f.has("unit"), !f.has("manager") {
            error(node, "\(what) names neither a `unit` nor a `manager`: say which the person had until `to`")
        }
        let from = f["from"].flatMap { reader.day($0, "`from`") }
        guard let to = f["to"].flatMap({ reader.day($0, "`to`") }) else { return nil }
        if let from, to < from { error(f["to"], "this history entry ends (\(to)) before it starts (\(from))") }
        guard unit != nil || manager != nil else { return nil }
        return Spell(unit: unit, manager: manager, from: from, to: to)
    }

    func decodeFirm(_ node: Node) -> Firm? {
        guard let f = reader.fields(node, "a firm", allowed: ["id", "name", "work"], required: ["id"]),
              let id = f["id"].flatMap({ reader.identifier($0, "a firm's `id`") }) else { return nil }
        var firm = Firm(id: id, name: f["name"].flatMap { reader.text($0, "the `name` of \(id)") })
        firm.work = f["work"].flatMap { reader.list($0, "the `work` of \(id)") }?.compactMap { decodeWork($0, of: id) } ?? []
        return firm
    }

    func decodeWork(_ node: Node, of firm: String) -> FirmWork? {
        let what = "the `work` of \(firm)"
        guard let f = reader.fields(node, "an entry of \(what)", allowed: ["kind", "items", "from", "to"], required: ["kind", "items"]) else { return nil }
        let kind = f["kind"].flatMap { reader.choice($0, "`kind`", WorkKind.self) }
        let listed = f["items"].flatMap { reader.list($0, "`items`") }
        let items = listed?.compactMap(workItem)
        let from = f["from"].flatMap { reader.day($0, "`from`") }
        let to = f["to"].flatMap { reader.day($0, "`to`") }
        if let from, let to, to < from { error(f["to"], "this work ends (\(to)) before it starts (\(from))") }
        if let listed, listed.isEmpty, let n = f["items"] { error(n, "`items` of \(what) is empty: name the items or requirements the firm worked on") }
        guard let kind, let items, !items.isEmpty else { return nil }
        return FirmWork(kind: kind, items: items, from: from, to: to)
    }

    /// An item key or a requirement prefix, a system after `@` narrowing it.
    func workItem(_ node: Node) -> String? {
        guard let text = reader.text(node, "`items`") else { return nil }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, !parts[0].isEmpty, parts.count == 1 || !parts[1].isEmpty else {
            error(node, "invalid entry '\(text)' in `items`: write a requirement id or prefix (A.7, 6.1.3), or an item key such as A.7.4@claimsort")
            return nil
        }
        guard requirementIDs.contains(where: { RequirementID.isWithin($0, prefix: parts[0]) }) else {
            error(node, "unknown requirement or group '\(parts[0])' in `items`\(Suggest.hint(for: parts[0], in: requirementIDs.union(headings).sorted()))")
            return nil
        }
        if parts.count == 2, !systemIDs.contains(parts[1]) {
            error(node, "unknown AI system '\(parts[1])' in `items` entry '\(text)'\(Suggest.hint(for: parts[1], in: systemIDs.sorted()))")
            return nil
        }
        return text
    }
}
