import AuditCore

/// What the report says of the audit's record beyond findings (ISO 19011 6.4–6.5, DOMAIN.md
/// §4.7 and §4.10): its date, version and status, author, client and approval; locations,
/// auditees and the people interviewed; the meetings; the auditee's responses and the diverging
/// opinions; the review of the work; the lead's conclusion; why items were not audited and the
/// audit they move to; confidentiality and retention. Every user text through `Inline.oneLine`
/// or `Inline.lines`.
extension MarkdownReport {
    var auditRecord: AuditRecord { state.auditRecord }
    /// When the latest approval was recorded (the journal's time of it).
    var approvedAt: String? { journal.approvedAt }

    /// The report's status: a draft asked for, final (approved, nothing since), or not approved
    /// (never, or amended after approval).
    enum Status: Equatable {
        case draft, final, notApproved, amended
    }

    var status: Status {
        if draft { return .draft }
        guard auditRecord.approval != nil else { return .notApproved }
        return auditRecord.isApproved ? .final : .amended
    }

    /// The version: the approvals so far, or the next one while the report is being changed.
    var version: Int { auditRecord.approvals + (status == .final ? 0 : 1) }

    /// Someone taking part, by id: a person of the programme or a guest of the audit.
    func participant(_ id: String) -> String { audit.participantName(id, in: programme.roster) }

    // MARK: - Header

    /// Under the title: why the report is not final, when it is not.
    func statusBlocks() -> [Block] {
        let a = auditRecord
        switch status {
        case .draft, .final:
            return []
        case .notApproved:
            return [.paragraph([.strong(["Not approved."]), " The lead auditor has not approved this report."])]
        case .amended:
            guard let approval = a.approval else { return [] }
            return [.paragraph([.strong(["Amended after approval."]), " \(Self.count(a.sinceApproval, "event was", "events were")) recorded after "]
                + cell(name(approval.approver)) + [" approved version \(a.approvals) (the journal at \(approval.events) events, chain head ", .code(String(approval.head.prefix(16))),
                "); \(a.sinceApproval == 1 ? "it is" : "they are") not approved until the lead approves again."])]
        }
    }

    /// The header's rows on the report itself.
    func reportRows() -> [[[Inline]]] {
        let statusWords: String
        switch status {
        case .draft: statusWords = "draft"
        case .final: statusWords = "final"
        case .notApproved: statusWords = "draft, not approved"
        case .amended: statusWords = "draft, amended after approval of version \(auditRecord.approvals)"
        }
        var rows: [[[Inline]]] = [
            [["Report date"], [.text(status == .final ? auditRecord.approval?.date ?? asOf.description : asOf.description)]],
            [["Version and status"], ["\(version), \(statusWords)"]],
            [["Author"], cell(name(audit.lead)) + [", lead auditor"]],
            [["Audit client"], audit.client.map { cell(name($0)) } ?? ["not named in the programme"]],
        ]
        if let approval = auditRecord.approval {
            let at = approvedAt.map { " at \($0)" } ?? ""
            var line: [Inline] = ["Version \(auditRecord.approvals) approved by "]
            line += cell(name(approval.approver))
            line += [.text(" (lead auditor)\(at), report dated \(approval.date): the journal at \(approval.events) events, chain head "),
                     .code(String(approval.head.prefix(16)))]
            if status == .amended { line.append(.text("; \(Self.count(auditRecord.sinceApproval, "event")) recorded since")) }
            rows.append([["Approval"], line])
        } else {
            rows.append([["Approval"], ["not approved"]])
        }
        return rows
    }

    // MARK: - 4.3 Auditees and people interviewed

    func participants() -> [Block] {
        var blocks: [Block] = [.heading(3, ["4.3 Auditees and people interviewed"])]
        let listed = audit.auditeeList
        if listed.isEmpty {
            let audited = analysis.checklist.filter { record($0).grade != .notAudited }
            var owners: [String] = []
            for item in audited { for o in item.owners where !owners.contains(o.person) { owners.append(o.person) } }
            blocks.append(.paragraph(["The programme lists no auditees for this audit. The owners of the items audited: "]
                + (owners.isEmpty ? ["none"] : [.oneLine(owners.map(name).joined(separator: ", "))]) + ["."]))
        } else {
            blocks.append(.table(["Auditee", "Unit or organisation", "Role"], listed.map { a in
                if let g = a.guest { return [cell(g.name), cell(g.organisation ?? ""), cell(g.role ?? "guest")] }
                return [cell(name(a.id)), cell(programme.person(a.id)?.unit ?? ""), ["person of the programme"]]
            }))
        }
        // Interview evidence names whom the auditor spoke to.
        var interviews: [(who: String, items: [String], on: [String])] = []
        for item in analysis.checklist {
            for e in evidence(item) where e.type == .interview {
                let who = Inline.oneLineText(e.reference)
                if let i = interviews.firstIndex(where: { $0.who == who }) {
                    if !interviews[i].items.contains(item.key.description) { interviews[i].items.append(item.key.description) }
                    if let on = e.obtainedOn, !interviews[i].on.contains(on) { interviews[i].on.append(on) }
                } else {
                    interviews.append((who, [item.key.description], e.obtainedOn.map { [$0] } ?? []))
                }
            }
        }
        if interviews.isEmpty {
            blocks.append(.paragraph(["No interview was cited as evidence."]))
        } else {
            blocks += [.paragraph(["People interviewed (from interview evidence):"]),
                       .table(["Interviewed", "Items", "On"], interviews.map { [[.text($0.who)], cell($0.items.joined(separator: ", ")), cell($0.on.sorted().joined(separator: ", "))] })]
        }
        return blocks
    }

    // MARK: - 5 Locations and meetings

    func locationsAndMeetings() -> [Block] {
        var blocks: [Block] = []
        let locations = audit.locationList
        if locations.isEmpty {
            blocks.append(.paragraph(["Locations: not listed in the programme."]))
        } else {
            blocks += [.paragraph(["Locations:"]), .list(locations.map { ListItem([.oneLine($0.name), $0.isRemote ? " — remote" : " — on site"]) })]
        }
        blocks.append(.heading(3, ["5.1 Opening and closing meetings"]))
        let meetings = auditRecord.meetings.sorted { ($0.date, $0.time ?? "", $0.kind.rawValue) < ($1.date, $1.time ?? "", $1.kind.rawValue) }
        if meetings.isEmpty {
            blocks.append(.paragraph(["No meeting was recorded."]))
            return blocks
        }
        for m in meetings {
            let when = m.date + (m.time.map { " \($0)" } ?? "")
            var list = [ListItem([.strong(["When:"]), .text(" " + when)])]
            if let place = m.place { list.append(ListItem([.strong(["Where:"]), " ", .oneLine(audit.placeName(place))])) }
            list.append(ListItem([.strong(["Attendees:"]), " ", .oneLine(m.attendees.map(participant).joined(separator: ", "))]))
            list.append(ListItem([.strong(["Points raised:"]), " "] + (m.points.map(Inline.lines) ?? ["none recorded"])))
            blocks += [.paragraph([.strong([m.kind == .opening ? "Opening meeting" : "Closing meeting"])]), .list(list)]
        }
        if !meetings.contains(where: { $0.kind == .opening }) { blocks.append(.paragraph(["No opening meeting was recorded."])) }
        if !meetings.contains(where: { $0.kind == .closing }) { blocks.append(.paragraph(["No closing meeting was recorded."])) }
        return blocks
    }

    // MARK: - 6 Conclusion and review

    /// The lead's conclusion, beside the figures the report derives, and how far the work was reviewed.
    func conclusionAndReview() -> [Block] {
        var blocks: [Block] = []
        if let c = auditRecord.conclusion {
            blocks += [.paragraph([.strong(["Lead auditor's conclusion"]), " (", .oneLine(name(audit.lead)), "). Objectives \(c.objectives.words)."]),
                       .paragraph(Inline.lines(c.text))]
        } else {
            blocks.append(.paragraph([.strong(["Lead auditor's conclusion:"]), " not written yet."]))
        }
        let coverage = state.reviewCoverage(of: analysis.checklist)
        var review: [Inline] = [.strong(["Review of the work."]), " \(coverage.reviewed) of \(Self.count(coverage.audited, "audited item")) reviewed"]
        var by: [String] = []
        for item in analysis.checklist { if let r = record(item).review, !by.contains(r.reviewer) { by.append(r.reviewer) } }
        if !by.isEmpty { review += [" (by ", .oneLine(by.map(name).joined(separator: ", ")), ")"] }
        review.append(coverage.audited == coverage.reviewed ? "." : "; a review re-opens when the item's work changes after it.")
        blocks.append(.paragraph(review))
        return blocks
    }

    // MARK: - 8 Per item

    /// An item's response and review, for its record in section 8.
    func recordLines(_ item: ChecklistItem) -> [ListItem] {
        let r = record(item)
        var list: [ListItem] = []
        if r.grade.isFinding {
            if let resp = r.response {
                var line: [Inline] = [.strong(["Auditee's response:"]), " \(resp.position.rawValue) by ", .oneLine(participant(resp.by))]
                if let reason = resp.reason { line += [": "] + Inline.lines(reason) }
                list.append(ListItem(line))
            } else {
                list.append(ListItem([.strong(["Auditee's response:"]), " none recorded"]))
            }
        }
        if let rev = r.review {
            list.append(ListItem([.strong(["Reviewed by:"]), " ", .oneLine(name(rev.reviewer))] + (rev.notes.map { [" — "] + Inline.lines($0) } ?? [])))
        } else {
            list.append(ListItem([.strong(["Reviewed by:"]), " not reviewed"]))
        }
        return list
    }

    // MARK: - 9 Not audited

    /// Why an item was not audited and where it moves: as the lead recorded it, else the next
    /// planned audit whose checklist holds it.
    func notAuditedCells(_ item: ChecklistItem, later: [(id: String, items: Set<ItemKey>)]) -> [[Inline]] {
        let d = record(item).deferral
        let moves: [Inline]
        if let to = d?.to {
            moves = [.oneLine(to)] + (programme.audit(to) == nil ? [" (not yet planned)"] : [])
        } else if let next = later.first(where: { $0.items.contains(item.key) }) {
            moves = [.oneLine(next.id), " (planned, not named by the lead)"]
        } else {
            moves = ["none named"]
        }
        return [d.map { cell($0.reason) } ?? ["no reason recorded"], moves]
    }

    /// The audits the programme plans after this one, in order, with their checklists' keys.
    var laterAudits: [(id: String, items: Set<ItemKey>)] {
        programme.audits.filter { $0.fieldwork.from > audit.fieldwork.to }.sorted { $0.fieldwork.from < $1.fieldwork.from }
            .map { ($0.id, Set(Derive.checklist(of: $0, in: programme).map(\.key))) }
    }

    // MARK: - 10 Responses and diverging opinions

    /// Section 10.1: the auditee's responses, and their disagreements that stand with both positions.
    func responsesAndDiverging() -> [Block] {
        var blocks: [Block] = []
        let numbered = findings
        let responded = numbered.filter { record($0.item).response != nil }
        let agreed = responded.filter { record($0.item).response?.position == .agreed }.count
        if numbered.isEmpty {
            blocks.append(.paragraph(["No finding was recorded, so none could be disputed."]))
            return blocks
        }
        blocks.append(.paragraph(["Auditee's responses: \(agreed) of \(Self.count(numbered.count, "finding")) agreed, \(responded.count - agreed) disagreed, \(numbered.count - responded.count) without a response recorded."]))
        let diverging = numbered.filter { record($0.item).response?.position == .disagreed }
        guard !diverging.isEmpty else {
            blocks.append(.paragraph(["None recorded: no disagreement of the auditee stands."]))
            return blocks
        }
        blocks.append(.paragraph(["Unresolved disagreements, with both positions:"]))
        blocks.append(.table(["Finding", "Item", "Audit team's position", "Auditee's position"], diverging.map { number, item in
            let r = record(item)
            let resp = r.response!
            return [[.text(number)], cell(item.key.description), [.text(Self.gradeName(r.grade) + ": ")] + cell(findingText(r)),
                    cell(participant(resp.by)) + [": "] + cell(resp.reason ?? "")]
        }))
        return blocks
    }

    // MARK: - 13 Confidentiality and retention

    func confidentialityAndRetention() -> [Block] {
        [.heading(3, ["Confidentiality and retention"]),
         .paragraph(["Confidentiality: "] + (audit.confidentiality.map(Inline.lines) ?? ["no statement in the programme."])),
         // How long the audit's records are kept (ISO 19011 6.6), or which key would say it.
         .paragraph([.text(Distribution.retention(programme.settings.retentionYears, format: programme.version))])]
    }
}
