import AuditCore

/// Who recorded what: each event's item, and the people who recorded on each item.
extension WorkpaperFile {
    /// The item an event is about. An edit or a removal of evidence names only the evidence:
    /// its item is found in `state` (the state as of that event, or later: evidence keeps its item).
    public static func item(of body: EventBody, in state: WorkpaperState) -> String? {
        item(of: body) { state.evidence[$0]?.item }
    }

    static func item(of body: EventBody, cited: (Int) -> String?) -> String? {
        switch body {
        case .evidenceEdited(let id, _), .evidenceRemoved(let id, _): body.item ?? cited(id)
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
        // Read as a stream; of the evidence only each reference's item is kept (what an edit or a
        // removal names), not the references themselves (100,000 of them in a large audit).
        // An event that cannot be read is refused, as the open's fold refuses it: what it recorded
        // would be missing from a report.
        var cited: [Int: String] = [:]
        do {
            try db.read { db in
                try TableRows.each(db, "SELECT seq, actor, type, payload FROM journal ORDER BY seq") { c in
                    let body: EventBody
                    do { body = try EventCodec.decode(type: c.text(2), payload: c.text(3)) } catch {
                        throw Self.unreadable(path, event: c.int(0), error)
                    }
                    if case .evidenceAdded(let r) = body { cited[r.id] = r.item }
                    Self.note(body, by: c.text(1), in: &out) { cited[$0] }
                }
            }
        } catch let error as WorkpaperError {
            throw error
        } catch { throw .io("cannot read the journal of \(path): \(error)") }
        knownRecorders = out
        return out
    }

    static func note(_ body: EventBody, by actor: String, in out: inout [ItemKey: Set<String>], state: WorkpaperState) {
        note(body, by: actor, in: &out) { state.evidence[$0]?.item }
    }

    /// The same, the item of a reference found by `cited`.
    static func note(_ body: EventBody, by actor: String, in out: inout [ItemKey: Set<String>], cited: (Int) -> String?) {
        // Carrying a finding over, an approval, a review, why an item was not audited: none is a
        // result recorded on the item (`EventBody.recordsOnItem`).
        guard body.recordsOnItem else { return }
        if let item = item(of: body, cited: cited), let key = ItemKey(item) { out[key, default: []].insert(actor) }
    }
}
