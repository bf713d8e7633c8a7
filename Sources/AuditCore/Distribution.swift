/// Who receives an audit report (9.2.2: results are reported to relevant management). The
/// programme's `report_to` list; and when the audit found a major nonconformity, top management
/// and the owners of the nonconformities' corrective actions as well, whether the list names
/// them or not — the report names them, and `export` warns that the list lacks them.
public enum Distribution {
    public struct Recipient: Hashable, Sendable {
        public var person: String
        /// Why the report goes to them, in words ("top management", "owner of the corrective action on A.6.2.8@ava").
        public var reasons: [String]
        /// On the audit's `report_to` list.
        public var listed: Bool
    }

    public struct List: Sendable {
        public var recipients: [Recipient]
        /// Whether the audit found a major nonconformity.
        public var major: Bool
        /// A major was found and the programme names no top management.
        public var noTopManagement: Bool
        /// Recipients the report needs that the programme's list lacks.
        public var missing: [Recipient] { recipients.filter { !$0.listed } }
    }

    public static func of(_ analysis: AuditAnalysis, state: WorkpaperState, topManagement: [String]) -> List {
        let major = analysis.checklist.contains { state.record($0.key.description).grade == .major }
        var recipients = analysis.audit.reportTo.map { Recipient(person: $0, reasons: ["on the programme's distribution list"], listed: true) }
        func add(_ person: String, _ reason: String) {
            if let i = recipients.firstIndex(where: { $0.person == person }) {
                if !recipients[i].reasons.contains(reason) { recipients[i].reasons.append(reason) }
            } else {
                recipients.append(Recipient(person: person, reasons: [reason], listed: false))
            }
        }
        if major {
            for p in topManagement { add(p, "top management (a major nonconformity)") }
            for item in analysis.checklist {
                let r = state.record(item.key.description)
                if r.grade.isNonconformity, let owner = r.action?.owner { add(owner, "owner of the corrective action on \(item.key)") }
            }
        }
        return List(recipients: recipients, major: major, noTopManagement: major && topManagement.isEmpty)
    }

    /// Where the programme would say it: the key, and under programme format 1, that the key is format 2's.
    public static func key(_ key: String, format version: Int) -> String {
        version >= 2 ? key : "\(key), a key of programme format 2"
    }

    /// The retention of workpapers and evidence, as the report states it.
    public static func retention(_ years: Int?, format version: Int) -> String {
        guard let years else {
            return "The programme sets no retention period for workpapers and evidence (\(key("settings.retention_years", format: version)))."
        }
        return "This report, its workpaper and the evidence it cites are kept for \(years) year\(years == 1 ? "" : "s"), as the programme sets."
    }
}
