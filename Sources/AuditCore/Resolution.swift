/// Resolving a conflict: a field two people set without seeing each other's value keeps both
/// values until the audit's lead records the one to keep, or a new one. The resolution is an
/// event like any other (it has seen both values, so the fold lets it replace them); this is who
/// may record it, and the event that keeps a value as it stands.
public enum Resolution {
    /// The open conflicts these events would resolve: those on a field they set.
    public static func resolved(by events: [EventBody], in state: WorkpaperState) -> [FieldConflict] {
        guard !state.conflicts.isEmpty else { return [] }
        var out: [FieldConflict] = []
        for e in events {
            var item: String?
            if case .evidenceEdited(let id, _) = e { item = state.evidence[id]?.item }
            for w in e.fieldWrites(item: item) {
                if let c = state.conflicts[w.item]?.first(where: { $0.field == w.field }), !out.contains(c) { out.append(c) }
            }
        }
        return out
    }

    /// Why `actor` may not record these events: they set a field in conflict, which only the
    /// audit's lead resolves. Nil when they may (the lead, or no conflict touched).
    public static func refusal(_ events: [EventBody], actor: String, audit: Audit, roster: Roster, state: WorkpaperState) -> Refusal? {
        guard actor != audit.lead, let c = resolved(by: events, in: state).first else { return nil }
        return leadOnly(c, audit: audit, roster: roster)
    }

    /// Why someone other than the lead may not resolve a conflict.
    public static func leadOnly(_ c: FieldConflict, audit: Audit, roster: Roster) -> Refusal {
        let values = c.values.map { "\(FieldConflict.short($0.value)) by \(roster.name($0.actor))" }
        return Refusal(rule: "CONFLICT", "\(c.item) \(c.field) was set two ways without either seeing the other (\(values.joined(separator: ", "))); "
            + "only the lead, \(roster.name(audit.lead)) (\(audit.lead)), resolves a conflict, by keeping one value or writing a new one")
    }
}

extension FieldConflict {
    /// The event that keeps `value` as it stands, or nil when a value cannot be recorded again
    /// from its words alone (a sample: it is drawn again, or written anew, instead).
    public func keeping(_ value: Value) -> EventBody? {
        let v = value.value
        switch field {
        case "grade": return Grade(rawValue: v).map { .graded(item: item, grade: $0) }
        case "requirement": return .statement(item: item, Statement(requirement: v))
        case "evidence": return .statement(item: item, Statement(evidence: v))
        case "gap": return .statement(item: item, Statement(gap: v))
        case "good practice": return .goodPractice(item: item, text: v)
        case "note": return .noted(item: item, note: v)
        case "response": return AuditeeResponse(shown: v).map { .responded(item: item, $0) }
        case "not audited": return .deferred(item: item, Deferral(shown: v))
        case "action outcome":
            if v == "none" { return .actionSet(item: item, CorrectiveAction(clearOutcome: true)) }
            return CorrectiveAction.Effectiveness(rawValue: v).map { .actionSet(item: item, CorrectiveAction(outcome: $0)) }
        default: break
        }
        if field.hasPrefix("action "), let f = CorrectiveAction.fields.first(where: { "action \($0.name)" == field }) {
            var a = CorrectiveAction()
            a[keyPath: f.path] = v
            return .actionSet(item: item, a)
        }
        if field.hasPrefix("justification of ") {
            let auditor = String(field.dropFirst("justification of ".count))
            // As `fieldWrites` shows it: "TEXT (safeguard: SAFEGUARD)".
            if v.hasSuffix(")"), let r = v.range(of: " (safeguard: ", options: .backwards) {
                return .justified(item: item, Justification(auditor: auditor, text: String(v[..<r.lowerBound]),
                                                            safeguard: String(v[r.upperBound...].dropLast())))
            }
            return .justified(item: item, Justification(auditor: auditor, text: v))
        }
        if let id = evidenceNumber {
            switch String(field.drop { $0 != " " }.dropFirst()) {
            case "type": return EvidenceType(rawValue: v).map { .evidenceEdited(id: id, EvidenceEdit(type: $0)) }
            case "reference": return .evidenceEdited(id: id, EvidenceEdit(reference: v))
            case "description": return .evidenceEdited(id: id, EvidenceEdit(description: v))
            case "obtained from": return .evidenceEdited(id: id, EvidenceEdit(obtainedFrom: v))
            case "obtained on": return .evidenceEdited(id: id, EvidenceEdit(obtainedOn: v))
            default: return nil
            }
        }
        return nil
    }

    /// The number of the evidence reference a conflict is on ("E3 description": 3), if it is on one.
    public var evidenceNumber: Int? {
        guard field.hasPrefix("E"), let space = field.firstIndex(of: " ") else { return nil }
        return Int(field[field.index(after: field.startIndex)..<space])
    }
}
