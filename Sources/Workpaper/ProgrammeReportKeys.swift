import AuditCore
import Yams

/// The two keys of format 2 (`../spec` "Format 2") the audit report reads: who is top
/// management, and how long workpapers and evidence are kept.
extension ProgrammeDecoder {
    /// `organisation.top_management`: person ids.
    func decodeTopManagement(_ node: Node?) -> [String] {
        guard let node, let list = reader.list(node, "`top_management`") else { return [] }
        return list.compactMap { person($0, "`top_management`") }
    }

    /// `settings.retention_years`: whole years.
    func decodeRetention(_ node: Node?) -> Int? {
        node.flatMap { reader.integer($0, "`retention_years`", in: Settings.retentionRange) }
    }
}
