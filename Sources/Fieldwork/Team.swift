import AuditCore
import Foundation
import TerminalKit
import Workpaper

/// Several auditors, one audit, on the screen: what came in from the others, the conflicts their
/// work left and how the lead resolves them, and the team's progress.
extension Fieldwork {
    /// A journal time as the screen writes it: "2026-12-08 16:40" (UTC, as the history shows it).
    static func minute(_ time: String) -> String { String(time.replacingOccurrences(of: "T", with: " ").prefix(16)) }

    /// What opening says came in from the other replicas: per author, how many events and when
    /// the last; and the conflicts open, if any.
    public static func cameIn(_ arrivals: [WorkpaperFile.Arrival], _ s: AppState) -> String? {
        guard !arrivals.isEmpty else { return nil }
        let parts = arrivals.map { a in
            "\(a.count) event\(a.count == 1 ? "" : "s") from \(s.name(a.actor)), last \(minute(a.last))"
        }
        var out = "came in since last opened here: " + parts.joined(separator: "; ")
        let open = s.records.conflicts.count
        if open > 0 { out += " · ≠ \(open) item\(open == 1 ? "" : "s") in conflict (f: conflicts from merging)" }
        return out
    }

    // MARK: - Conflicts

    /// The open conflict on a field of an item.
    static func conflict(_ s: AppState, _ key: String, _ field: String) -> FieldConflict? {
        s.records.conflicts[key]?.first { $0.field == field }
    }

    /// R on an item: the lead chooses which conflict (when there are several), then the value to
    /// keep or to write anew; anyone else is told who resolves it.
    static func resolve(_ s: inout AppState, _ key: String) -> [Effect] {
        let open = s.records.conflicts[key] ?? []
        guard let first = open.first else { say(&s, "no conflict on \(key): nothing to resolve"); return [] }
        // The focused field's conflict, else the only one, else a choice.
        let here = open.filter { Field(conflict: $0.field) == s.field }
        guard s.isLead else {
            say(&s, words(Resolution.leadOnly(here.first ?? first, audit: s.analysis.audit, roster: s.roster)), error: true)
            return []
        }
        guard mayEdit(&s, key, then: .resolve) else { return [] }
        if let c = here.count == 1 ? here[0] : open.count == 1 ? first : nil {
            s.dialog = .picker(resolving(s, c))
        } else {
            s.dialog = .picker(Picker(.resolveWhich(item: key, fields: open.map(\.field)), title: "Resolve which conflict on \(key)?",
                                      options: open.map { c in c.field + ": " + c.values.map { "\(FieldConflict.short($0.value)) (\(s.name($0.actor)))" }.joined(separator: " / ") }))
        }
        return []
    }

    /// The values a conflict can keep (those that can be recorded again as they stand).
    static func keepable(_ c: FieldConflict) -> [FieldConflict.Value] { c.values.filter { c.keeping($0) != nil } }

    /// The choice of how to resolve one conflict: keep one of its values, or write a new one.
    static func resolving(_ s: AppState, _ c: FieldConflict) -> Picker {
        let keeps = keepable(c).map { v in "Keep \(FieldConflict.short(v.value)) — \(s.name(v.actor)), \(minute(v.time))" }
        let new = Field(conflict: c.field).map { "Write a new value (\($0.label))" }
        return Picker(.resolve(item: c.item, field: c.field), title: "Resolve \(c.field) of \(c.item), set two ways",
                      options: keeps + (new.map { [$0] } ?? []))
    }

    /// Takes a choice of the resolution pickers.
    static func chooseResolution(_ s: inout AppState, _ p: Picker) -> [Effect] {
        switch p.kind {
        case let .resolveWhich(key, fields):
            guard let c = conflict(s, key, fields[p.choice]) else { return [] }
            s.dialog = .picker(resolving(s, c))
        case let .resolve(key, field):
            guard let c = conflict(s, key, field) else { return [] }
            let keeps = keepable(c)
            if p.choice < keeps.count, let event = c.keeping(keeps[p.choice]) {
                // Recorded as `record` records it: AuditCore's one validation, then the journal.
                return record(&s, key, [event])
            }
            guard let f = Field(conflict: field) else { return [] }
            if f == .references, let id = c.evidenceNumber, let e = s.records.evidence[id] {
                s.field = .references
                s.dialog = .form(EvidenceForm(editing: e))
            } else {
                startEditing(&s, key, f)
            }
        default: break
        }
        return []
    }

    // MARK: - The team's progress

    /// One auditor's line on the team screen (nil: the items nobody is assigned).
    public struct TeamRow: Sendable {
        public var auditor: String?
        public var assigned = 0
        public var graded = 0
        /// Majors, minors, observations and improvement opportunities among the assigned.
        public var findings = 0
        public var conflicts = 0
    }

    /// Per team member, in the team's order, the items assigned and how many are graded; then the
    /// items assigned to nobody, if any.
    public static func teamRows(_ s: AppState) -> [TeamRow] {
        var rows = s.analysis.audit.team.map { TeamRow(auditor: $0) }
        var nobody = TeamRow(auditor: nil)
        var at = Dictionary(rows.enumerated().map { ($1.auditor!, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, item) in s.analysis.checklist.enumerated() {
            // Someone assigned who is not in the team (the programme's check says so) has a line too.
            if let a = item.auditor, at[a] == nil {
                at[a] = rows.count
                rows.append(TeamRow(auditor: a))
            }
            func count(_ r: inout TeamRow) {
                r.assigned += 1
                let grade = s.gradeAt[i]
                if grade != .notAudited { r.graded += 1 }
                if grade.isNonconformity || grade == .observation || grade == .ofi { r.findings += 1 }
                if s.records.conflicts[s.keys[i]] != nil { r.conflicts += 1 }
            }
            if let a = item.auditor, let j = at[a] { count(&rows[j]) } else { count(&nobody) }
        }
        return rows + (nobody.assigned > 0 ? [nobody] : [])
    }
}

extension Field {
    /// The form's field a conflict is on (a conflict's field as `EventBody.fieldWrites` names it);
    /// nil for one the form does not show (a justification).
    init?(conflict name: String) {
        switch name {
        case "grade": self = .grade
        case "requirement": self = .requirement
        case "evidence": self = .evidence
        case "gap": self = .gap
        case "note": self = .note
        case "good practice": self = .goodPractice
        case "sample": self = .sample
        default:
            if name.hasPrefix("action ") { self = .action } else if name.hasPrefix("sample result ") { self = .sample } else if FieldConflict(item: "", field: name, values: []).evidenceNumber != nil {
                self = .references
            } else { return nil }
        }
    }
}
