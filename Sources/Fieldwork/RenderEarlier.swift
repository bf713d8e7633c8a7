import AuditCore
import TerminalKit

/// What the item screen says of an item's results in earlier audits.
extension Render {
    /// The item's results in earlier audits, and a repeat flagged for the auditor to consider a
    /// graver grade (AuditCore's `Recurrence` decides what repeats).
    static func earlierResults(_ key: String, _ s: AppState, _ paragraph: (String, TerminalKit.Role, Int, Bool, Int) -> Void) {
        let earlier = Recurrence.earlier(history: s.earlier[key] ?? [], carried: s.records.record(key).carried)
        guard !earlier.isEmpty else { return }
        let list = earlier.map { e in
            "\(e.audit) \(e.date) \(e.grade.rawValue)" + (e.grade.isNonconformity ? e.status.map { " (\($0.rawValue))" } ?? "" : "")
        }
        paragraph("Earlier: " + list.joined(separator: " · "), .muted, 2, false, 0)
        if let r = Recurrence.repeatOf(s.records.record(key).grade, earlier: earlier) {
            paragraph("REPEAT: " + r.words, .warn, 3, true, 0)
        }
    }
}
