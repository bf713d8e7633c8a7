import AuditCore

/// Who receives the report, and how long it is kept. AuditCore decides the recipients (`Distribution`).
extension MarkdownReport {
    /// Section 13: the programme's list, and with a major nonconformity top management and the
    /// action owners, each with why; then how long the records are kept.
    func distributionBlocks() -> [Block] {
        let list = Distribution.of(analysis, state: state, topManagement: programme.organisation.topManagement)
        var blocks: [Block] = [.heading(2, ["13. Distribution"])]
        if list.recipients.isEmpty {
            blocks.append(.paragraph(["No distribution list in the programme."]))
        } else {
            blocks.append(.list(list.recipients.map { r in
                let extra = r.reasons.filter { $0 != "on the programme's distribution list" }
                var line: [Inline] = [.oneLine(name(r.person))]
                if !extra.isEmpty { line.append(.text(" — " + extra.joined(separator: "; "))) }
                if !r.listed { line.append(" (not on the programme's distribution list)") }
                return ListItem(line)
            }))
        }
        if list.noTopManagement {
            blocks.append(.paragraph([.text("The audit found a major nonconformity, but the programme names no top management to receive this report (\(topManagementKey)).")]))
        }
        return blocks
    }

    var topManagementKey: String { Distribution.key("organisation.top_management", format: programme.version) }

    /// What `export` warns of: recipients the report needs that the programme's list lacks.
    public var distributionWarnings: [String] {
        let list = Distribution.of(analysis, state: state, topManagement: programme.organisation.topManagement)
        guard list.major else { return [] }
        var out: [String] = []
        if list.noTopManagement {
            out.append("\(audit.id) found a major nonconformity and the programme names no top management (\(topManagementKey)) to receive its report")
        }
        let missing = list.missing.map { "\(name($0.person)) (\($0.reasons.joined(separator: "; ")))" }
        if !missing.isEmpty {
            out.append("\(audit.id) found a major nonconformity; its report_to lacks " + missing.joined(separator: ", ") + ": the report names them in its distribution")
        }
        return out
    }
}
