import AuditCore
import Foundation
import Yams

/// The programme file's entities, each decoded with its place kept for errors.
extension ProgrammeDecoder {
    func decodeOrganisation(_ node: Node) -> Organisation? {
        guard let f = reader.fields(node, "`organisation`", allowed: ["name", "ai_roles", "owner", "top_management"], required: ["name"]) else { return nil }
        let roles = f["ai_roles"].flatMap { reader.list($0, "`ai_roles`") }?
            .compactMap { reader.choice($0, "`ai_roles`", AIRole.self) } ?? []
        var organisation = f["name"].flatMap { reader.text($0, "the organisation's `name`") }.map { Organisation(name: $0, aiRoles: roles) }
        if format2(f, ["owner", "top_management"], in: "`organisation`") {
            organisation?.owner = f["owner"].flatMap { person($0, "the organisation's `owner`") }
            organisation?.topManagement = f["top_management"].flatMap { reader.list($0, "`top_management`") }?
                .compactMap { person($0, "`top_management`") } ?? []
        }
        return organisation
    }

    func decodeSettings(_ node: Node) -> Settings? {
        guard let f = reader.fields(node, "`settings`", allowed: ["cooling_off_months", "small_org_mode", "cycle_start", "retention_years"]) else { return nil }
        var s = Settings()
        if format2(f, ["retention_years"], in: "`settings`"), let n = f["retention_years"] {
            s.retentionYears = reader.integer(n, "`retention_years`", in: Settings.retentionRange)
        }
        if let n = f["cooling_off_months"], let v = reader.integer(n, "`cooling_off_months`", in: Settings.coolingOffRange) { s.coolingOffMonths = v }
        if let n = f["small_org_mode"], let v = reader.bool(n, "`small_org_mode`") { s.smallOrgMode = v }
        if let n = f["cycle_start"] { s.cycleStart = reader.day(n, "`cycle_start`") }
        return s
    }

    func decodeCatalogues(_ node: Node?) -> [Catalogue] {
        guard let node else { return [Catalogue.iso42001] }
        let known = Catalogue.builtIn.keys.sorted()
        return (reader.list(node, "`catalogues`") ?? []).compactMap { item in
            guard let id = reader.text(item, "`catalogues`") else { return nil }
            guard let c = Catalogue.builtIn[id] else {
                error(item, "unknown catalogue '\(id)'\(Suggest.hint(for: id, in: known)): built in are \(known.joined(separator: ", "))")
                return nil
            }
            return c
        }
    }

    func decodePerson(_ node: Node) -> Person? {
        guard let f = reader.fields(node, "a person", allowed: ["id", "name", "unit", "manager", "auditor", "external", "competences", "key",
                                                                "employer", "history"],
                                    required: ["id", "name"]),
              let id = f["id"].flatMap({ reader.identifier($0, "a person's `id`") }),
              let name = f["name"].flatMap({ reader.text($0, "the `name` of \(id)") }) else { return nil }
        var p = Person(id: id, name: name)
        p.unit = f["unit"].flatMap { reader.text($0, "the `unit` of \(id)") }
        if let m = f["manager"] {
            p.manager = reference(m, "the `manager` of \(id)", kind: "manager", in: personIDs)
            if p.manager == id { error(m, "\(id) cannot be their own manager"); p.manager = nil }
        }
        p.auditor = f["auditor"].flatMap { reader.bool($0, "`auditor`") } ?? false
        p.external = f["external"].flatMap { reader.bool($0, "`external`") } ?? false
        if let c = f["competences"] { (p.competences, p.competenceRecords) = decodeCompetences(c, of: id) }
        if format2(f, ["employer", "history"], in: "a person") { decodeFormat2(f, into: &p) }
        // The public key that signs what this person records (see Keys.swift); kept in the snapshot.
        if let k = f["key"], let text = reader.text(k, "the `key` of \(id)"), Keys.publicKey(text) == nil {
            error(k, "the `key` of \(id) is not an Ed25519 public key as `aimsaudit key new` prints it (ed25519:BASE64)")
        }
        return p
    }

    func decodeSupplier(_ node: Node) -> Supplier? {
        guard let f = reader.fields(node, "a supplier", allowed: ["id", "name"], required: ["id", "name"]),
              let id = f["id"].flatMap({ reader.identifier($0, "a supplier's `id`") }),
              let name = f["name"].flatMap({ reader.text($0, "the `name` of \(id)") }) else { return nil }
        return Supplier(id: id, name: name)
    }

    func decodeSystem(_ node: Node) -> AISystem? {
        guard let f = reader.fields(node, "an AI system", allowed: ["id", "name", "purpose", "owner", "inherent_risk", "supplier"],
                                    required: ["id", "name", "owner", "inherent_risk"]),
              let id = f["id"].flatMap({ reader.identifier($0, "an AI system's `id`") }) else { return nil }
        let name = f["name"].flatMap { reader.text($0, "the `name` of \(id)") }
        let owner = f["owner"].flatMap { person($0, "the `owner` of \(id)") }
        let risk = f["inherent_risk"].flatMap { reader.integer($0, "`inherent_risk`", in: AISystem.riskRange) }
        let purpose = f["purpose"].flatMap { reader.text($0, "`purpose`") }
        var supplier: String?
        if let s = f["supplier"] {
            supplier = reference(s, "the `supplier` of \(id)", kind: "supplier", in: supplierIDs)
            if supplier == nil { return nil }
        }
        guard let name, let owner, let risk else { return nil }
        return AISystem(id: id, name: name, purpose: purpose, owner: owner, inherentRisk: risk, supplier: supplier)
    }

    func decodeRequirement(_ node: Node, _ catalogues: [Catalogue]) -> OwnRequirement? {
        guard let f = reader.fields(node, "a requirement", allowed: ["id", "title", "guidance"], required: ["id", "title"]),
              let idNode = f["id"], let id = reader.identifier(idNode, "a requirement's `id`"),
              let title = f["title"].flatMap({ reader.text($0, "the `title` of \(id)") }) else { return nil }
        if let c = catalogues.first(where: { cat in cat.requirements.contains { $0.id == id } || cat.isHeading(id) }) {
            error(idNode, "duplicate requirement id '\(id)': the catalogue \(c.id) already defines it")
            return nil
        }
        return OwnRequirement(id: id, title: title, guidance: f["guidance"].flatMap { reader.text($0, "`guidance`") })
    }

    func decodeControl(_ node: Node) -> ControlEntry? {
        let keys = ["requirement", "system", "applicable", "justification", "criticality", "change", "operates",
                    "population", "needs", "roles"]
        guard let f = reader.fields(node, "a register entry", allowed: keys, required: ["requirement"]),
              let reqNode = f["requirement"] else { return nil }
        let req = requirement(reqNode, "`requirement`")
        var entry = ControlEntry(requirement: req ?? "", location: reader.location(node))
        var ok = req != nil
        if let s = f["system"] {
            entry.system = reference(s, "`system`", kind: "AI system", in: systemIDs)
            ok = ok && entry.system != nil
        }
        if let n = f["applicable"] { entry.applicable = reader.bool(n, "`applicable`") ?? true }
        entry.justification = f["justification"].flatMap { reader.text($0, "`justification`") }
        if !entry.applicable, (entry.justification ?? "").allSatisfy(\.isWhitespace) {
            error(f["applicable"], "`applicable: false` needs a `justification:`: the Statement of Applicability must say why \(req ?? "the control") is excluded")
        }
        if let n = f["criticality"] { entry.criticality = reader.integer(n, "`criticality`", in: ControlEntry.criticalityRange) ?? 3 }
        if let n = f["change"] { entry.change = reader.choice(n, "`change`", Change.self) ?? .none }
        if let n = f["operates"] { entry.operates = reader.choice(n, "`operates`", Operates.self) }
        if let n = f["population"] { entry.population = reader.integer(n, "`population`", in: 0...Int.max) }
        entry.needs = f["needs"].flatMap { reader.texts($0, "`needs`") } ?? []
        entry.roles = f["roles"].flatMap { reader.list($0, "`roles`") }?.compactMap(decodeRole) ?? []
        return ok ? entry : nil
    }

    func decodeRole(_ node: Node) -> Role? {
        guard let f = reader.fields(node, "a role", allowed: ["person", "role", "from", "to"], required: ["person", "role"]) else { return nil }
        let who = f["person"].flatMap { person($0, "`person`") }
        let kind = f["role"].flatMap { reader.choice($0, "`role`", RoleKind.self) }
        let from = f["from"].flatMap { reader.day($0, "`from`") }
        let to = f["to"].flatMap { reader.day($0, "`to`") }
        if let from, let to, to < from {
            error(f["to"], "this role ends (\(to)) before it starts (\(from))")
        }
        guard let who, let kind else { return nil }
        return Role(person: who, role: kind, from: from, to: to)
    }

    func decodeConflict(_ node: Node) -> Conflict? {
        guard let f = reader.fields(node, "a conflict", allowed: ["person", "with", "material", "note"],
                                    required: ["person", "with", "material"]) else { return nil }
        let who = f["person"].flatMap { person($0, "`person`") }
        let material = f["material"].flatMap { reader.bool($0, "`material`") }
        let note = f["note"].flatMap { reader.text($0, "`note`") }
        var target: ConflictTarget?
        if let w = f["with"], let wf = reader.fields(w, "`with`", allowed: ["supplier", "system", "person"]) {
            let given = ["supplier", "system", "person"].filter(wf.has)
            if given.count != 1 {
                error(w, "`with` must name exactly one of supplier, system or person; found \(given.isEmpty ? "none" : given.joined(separator: " and "))")
            } else if let n = wf["supplier"] {
                target = reference(n, "`with.supplier`", kind: "supplier", in: supplierIDs).map(ConflictTarget.supplier)
            } else if let n = wf["system"] {
                target = reference(n, "`with.system`", kind: "AI system", in: systemIDs).map(ConflictTarget.system)
            } else if let n = wf["person"] {
                target = person(n, "`with.person`").map(ConflictTarget.person)
                if case .person(let p)? = target, p == who {
                    error(n, "a conflict is declared with someone else, not with oneself")
                    target = nil
                }
            }
        }
        guard let who, let material, let target else { return nil }
        return Conflict(person: who, with: target, material: material, note: note)
    }

    func decodeHistory(_ node: Node) -> HistoryEntry? {
        guard let f = reader.fields(node, "a history entry", allowed: ["audit", "date", "item", "grade", "status"],
                                    required: ["audit", "date", "item", "grade"]) else { return nil }
        let audit = f["audit"].flatMap { reader.identifier($0, "`audit`", upperCase: true) }
        let date = f["date"].flatMap { reader.day($0, "`date`") }
        let item = f["item"].flatMap { itemKey($0, "`item`") }
        let grade = f["grade"].flatMap { reader.choice($0, "`grade`", HistoryGrade.self) }
        var status: FindingStatus?
        if let s = f["status"] { status = reader.choice(s, "`status`", FindingStatus.self) }
        if let grade, Grade(rawValue: grade.rawValue)!.isNonconformity, f["status"] == nil {
            error(node, "missing required key 'status' in a history entry: a \(grade.rawValue) nonconformity is open or closed")
        }
        guard let audit, let date, let item, let grade else { return nil }
        return HistoryEntry(audit: audit, date: date, item: item, grade: Grade(rawValue: grade.rawValue)!, status: status)
    }

    func decodeAudit(_ node: Node) -> Audit? {
        let keys = ["id", "title", "objectives", "criteria", "scope", "period", "fieldwork", "lead", "team", "assign", "report_to"]
            + Self.auditFactKeys
        guard let f = reader.fields(node, "an audit", allowed: keys,
                                    required: ["id", "title", "objectives", "criteria", "period", "fieldwork", "lead", "team"]),
              let id = f["id"].flatMap({ reader.identifier($0, "an audit's `id`", upperCase: true) }) else { return nil }
        let title = f["title"].flatMap { reader.text($0, "the `title` of \(id)") }
        let objectives = f["objectives"].flatMap { reader.text($0, "the `objectives` of \(id)") }
        let criteria = f["criteria"].flatMap { reader.texts($0, "the `criteria` of \(id)") }
        let period = f["period"].flatMap { range($0, "the `period` of \(id)") }
        let fieldwork = f["fieldwork"].flatMap { range($0, "the `fieldwork` of \(id)") }
        let scope = f["scope"].flatMap(decodeScope) ?? AuditScope()

        var team: [String] = []
        if let t = f["team"], let members = reader.list(t, "the `team` of \(id)") {
            if members.isEmpty { error(t, "the `team` of \(id) is empty: name at least the lead") }
            for m in members {
                guard let p = person(m, "the `team` of \(id)") else { continue }
                if team.contains(p) { error(m, "duplicate team member '\(p)' in \(id)") } else { team.append(p) }
            }
        }
        var lead: String?
        if let l = f["lead"], let p = person(l, "the `lead` of \(id)") {
            lead = p
            if !team.isEmpty, !team.contains(p) { error(l, "the lead '\(p)' is not a team member of \(id): add them to `team`") }
        }
        var assign: [Assignment] = []
        if let a = f["assign"] {
            for item in reader.list(a, "`assign`") ?? [] {
                guard let af = reader.fields(item, "an assignment", allowed: ["item", "auditor"], required: ["item", "auditor"]) else { continue }
                let key = af["item"].flatMap { itemKey($0, "`item`") }
                var auditor: String?
                if let an = af["auditor"], let p = person(an, "`auditor`") {
                    if team.contains(p) { auditor = p } else if !team.isEmpty {
                        error(an, "'\(p)' is not a team member of \(id): only the team can be assigned items")
                    }
                }
                guard let key, let auditor else { continue }
                if let first = assign.first(where: { $0.item == key }) {
                    error(item, "\(key) is assigned twice in \(id) (first to \(first.auditor) at line \(first.location?.line ?? 0))")
                    continue
                }
                assign.append(Assignment(item: key, auditor: auditor, location: reader.location(item)))
            }
        }
        let reportTo = f["report_to"].flatMap { reader.list($0, "`report_to`") }?.compactMap { person($0, "`report_to`") } ?? []
        guard let title, let objectives, let criteria, let period, let fieldwork, let lead else { return nil }
        var audit = Audit(id: id, title: title, objectives: objectives, criteria: criteria, scope: scope, period: period,
                          fieldwork: fieldwork, lead: lead, team: team, assign: assign, reportTo: reportTo)
        decodeAuditFacts(f, id: id, into: &audit)
        return audit
    }

    func range(_ node: Node, _ what: String) -> ClosedDays? {
        guard let f = reader.fields(node, what, allowed: ["from", "to"], required: ["from", "to"]) else { return nil }
        let from = f["from"].flatMap { reader.day($0, "`from` of \(what)") }
        let to = f["to"].flatMap { reader.day($0, "`to` of \(what)") }
        guard let from, let to else { return nil }
        guard from <= to else {
            error(f["to"], "\(what) ends (\(to)) before it starts (\(from))")
            return nil
        }
        return ClosedDays(from: from, to: to)
    }

    func decodeScope(_ node: Node) -> AuditScope? {
        guard let f = reader.fields(node, "`scope`", allowed: ["systems", "requirements"]) else { return nil }
        var scope = AuditScope()
        if let s = f["systems"] {
            scope.systems = reader.list(s, "`scope.systems`")?.compactMap {
                reference($0, "`scope.systems`", kind: "AI system", in: systemIDs)
            }
        }
        if let r = f["requirements"] {
            scope.requirements = reader.list(r, "`scope.requirements`")?.compactMap { n -> String? in
                guard let prefix = reader.text(n, "`scope.requirements`") else { return nil }
                guard requirementIDs.contains(where: { RequirementID.isWithin($0, prefix: prefix) }) else {
                    error(n, "unknown requirement or group '\(prefix)' in `scope.requirements`\(Suggest.hint(for: prefix, in: (requirementIDs.union(headings)).sorted()))")
                    return nil
                }
                return prefix
            }
        }
        return scope
    }

    /// An assignment must name an item on the audit's checklist.
    func checkAssignments(_ programme: Programme, _ audits: [Audit]) {
        for audit in audits where !audit.assign.isEmpty {
            let onList = Set(Derive.checklist(of: audit, in: programme).map(\.key))
            for a in audit.assign where !onList.contains(a.item) {
                reader.error(at: a.location,
                             "\(a.item) is not on the checklist of \(audit.id): it is outside the audit's scope or the register has no such entry")
            }
        }
    }
}
