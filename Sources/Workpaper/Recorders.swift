import AuditCore

/// Who recorded what: each event's item, and the people who recorded on each item.
extension WorkpaperFile {
    /// The item an event is about. An edit or a removal of evidence names only the evidence:
    /// its item is found in `state` (the state as of that event, or later: evidence keeps its item).
    public static func item(of body: EventBody, in state: WorkpaperState) -> String? {
        switch body {
        case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): body.item ?? state.evidence[id]?.item
        default: body.item
        }
    }

    /// The items and evidence references events change, `state` holding the references (an edit
    /// or a removal of evidence changes its item too).
    public static func touched(by events: [EventBody], in state: WorkpaperState) -> (items: Set<String>, evidence: Set<Int>) {
        var items: Set<String> = [], evidence: Set<Int> = []
        for e in events {
            if let item = e.item { items.insert(item) }
            switch e {
            case .evidenceAdded(let r): evidence.insert(r.id)
            case .evidenceEdited(let id, _), .evidenceRemoved(let id, _):
                evidence.insert(id)
                if let item = state.evidence[id]?.item { items.insert(item) }
            default: break
            }
        }
        return (items, evidence)
    }

    /// Who recorded something on each item, from the journal.
    public func recorders() throws(WorkpaperError) -> [ItemKey: Set<String>] {
        if let knownRecorders { return knownRecorders }
        // A journal of several replicas is read in the fold's order, evidence by its numbers there.
        if let shared = try? db.read({ db in try Self.sharedFold(db, path, tolerant: true) }), let found = shared.2 {
            knownRecorders = found
            return found
        }
        var out: [ItemKey: Set<String>] = [:]
        // Evidence is found by its id in the state as of each event, as the open's fold does.
        var asOf = WorkpaperState()
        for e in try journal() {
            guard let body = try? EventCodec.decode(type: e.type, payload: e.payload) else { continue }
            asOf.apply(body)
            Self.note(body, by: e.actor, in: &out, state: asOf)
        }
        knownRecorders = out
        return out
    }

    static func note(_ body: EventBody, by actor: String, in out: inout [ItemKey: Set<String>], state: WorkpaperState) {
        // Carrying a finding over is the creator's act, an approval the approver's: neither a result.
        guard body.recordsOnItem else { return }
        if let item = item(of: body, in: state), let key = ItemKey(item) { out[key, default: []].insert(actor) }
    }
}
