import AuditCore
import TerminalKit

/// What the item screen says of a sample as a record: its results and the basis of its size.
extension Render {
    /// "24 as expected, 1 exception, 5 not yet tested"; nil before any result.
    static func sampleTested(_ sm: Sample) -> String? {
        guard let results = sm.results, !results.isEmpty else { return nil }
        let x = sm.exceptions.count, untested = sm.untested.count
        var parts = ["\(results.count - x) as expected", "\(x) exception\(x == 1 ? "" : "s")"]
        if untested > 0 { parts.append("\(untested) not yet tested") }
        return "Results: " + parts.joined(separator: ", ")
            + (x > 0 ? " (" + sm.exceptions.map { $0.occurrence + ($0.evidenceLabel.map { " \($0)" } ?? "") }.joined(separator: ", ") + ")" : "")
    }

    /// Where the size comes from: the tool's table, or the auditor's reason.
    static func sampleSize(_ sm: Sample) -> String? {
        if let reason = sm.sizeReason { return "Size: " + reason + (sm.suggested.map { " (the table suggests \($0))" } ?? "") }
        if let suggested = sm.suggested, suggested == sm.size { return "Size: as the table suggests" }
        return nil
    }
}
