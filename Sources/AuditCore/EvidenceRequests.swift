/// What an audit asks of its auditees before fieldwork: for every item still to be audited, who
/// holds it, what the auditor will look for and the sample that will be drawn.
public struct EvidenceRequest: Sendable, Hashable {
    public var item: ChecklistItem
    /// The people asked, each with the role that makes them so ("owner of A.6.2.8 for Ava").
    public var auditees: [ItemOwner]
    /// What the auditor will look for: the catalogue's paraphrase, the programme's own guidance,
    /// or, for an exclusion in the Statement of Applicability, its justification.
    public var lookFor: String
    public var sample: RequestedSample?
}

/// The sample an auditee prepares for.
public enum RequestedSample: Sendable, Hashable {
    /// Drawn already: the auditee has these items ready.
    case drawn(Sample)
    /// Drawn at fieldwork from the list of occurrences in the period, which the auditee sends
    /// first: `size` of them (of `population` when the register knows it).
    case toDraw(size: Int, population: Int?, operates: Operates)
}

public enum EvidenceRequests {
    /// The items still to be audited (graded nothing yet), in clause order, each with whom to
    /// ask and what for.
    public static func requests(_ analysis: AuditAnalysis, programme: Programme, state: WorkpaperState) -> [EvidenceRequest] {
        let index = programme.requirementIndex()
        return analysis.checklist.filter { state.record($0.key.description).grade == .notAudited }
            .sorted { $0.key < $1.key }
            .map { item in
                let lookFor = item.isExclusion
                    ? "Evidence for excluding it in the Statement of Applicability: \(item.entry?.justification ?? "no justification recorded")"
                    : index[item.requirement]?.lookFor ?? ""
                return EvidenceRequest(item: item, auditees: auditees(of: item, programme: programme, fieldwork: analysis.audit.fieldwork),
                                       lookFor: lookFor, sample: sample(for: item, state: state))
            }
    }

    /// Who provides an item's evidence: the people holding owner or operator on its register
    /// entry during fieldwork, else the owner of its AI system; nobody when the register names
    /// neither (the programme owner then says whom to ask).
    public static func auditees(of item: ChecklistItem, programme: Programme, fieldwork: ClosedDays) -> [ItemOwner] {
        let system = item.system.flatMap(programme.system)
        let what = item.system.map { "\(item.requirement) for \(system?.name ?? $0)" } ?? item.requirement
        var out: [ItemOwner] = []
        for role in item.entry?.roles ?? [] where (role.role == .owner || role.role == .`operator`)
            && role.interval.overlaps(fieldwork.from, fieldwork.to) && !out.contains(where: { $0.person == role.person }) {
            out.append(ItemOwner(person: role.person, what: "\(role.role.rawValue) of \(what)"))
        }
        if out.isEmpty, let system { out.append(ItemOwner(person: system.owner, what: "owner of the AI system \(system.name)")) }
        return out
    }

    /// The sample on record, else the one the register's frequency calls for (as the sample
    /// form suggests it); none for a control that operates once or is not described.
    public static func sample(for item: ChecklistItem, state: WorkpaperState) -> RequestedSample? {
        if let drawn = state.record(item.key.description).sample { return .drawn(drawn) }
        guard let operates = item.entry?.operates, SampleSize.range(operates).upperBound > 1 else { return nil }
        let population = item.entry?.population
        return .toDraw(size: SampleSize.suggested(operates: operates, tier: item.weight.tier, population: population ?? 0),
                       population: population, operates: operates)
    }
}
