import AuditCore
import Foundation
import Workpaper

/// How the audit's words map onto OSCAL's (docs/oscal.md): presentation only, the grades and
/// statuses themselves are AuditCore's.
public enum OSCAL {
    /// The OSCAL version the documents are written against (they use nothing newer, and
    /// compliance-trestle's models of 1.1.3 and of 1.2.1 both take them).
    public static let version = "1.1.3"
    /// The namespace of the properties OSCAL has no word for (the grade, the item key…): a name,
    /// not an address (the reserved `.invalid` domain never resolves).
    public static let namespace = "https://aimsaudit.invalid/ns/oscal"

    /// A finding's target status: satisfied or not-satisfied, with OSCAL's reason, and whether
    /// the objective was judged not applicable.
    public struct TargetStatus: Sendable, Hashable {
        public var state: String
        public var reason: String
        public var notApplicable: Bool
    }

    /// The status of a graded item: majors and minors (the nonconformities) are not satisfied;
    /// conformity, an observation and an improvement opportunity are satisfied (no requirement
    /// is breached); not applicable is satisfied with the implementation status not-applicable.
    /// Nothing for an item not audited: it has no finding.
    public static func status(of grade: Grade) -> TargetStatus? {
        switch grade {
        case .major, .minor: TargetStatus(state: "not-satisfied", reason: "fail", notApplicable: false)
        case .conform, .observation, .ofi: TargetStatus(state: "satisfied", reason: "pass", notApplicable: false)
        case .notApplicable: TargetStatus(state: "satisfied", reason: "other", notApplicable: true)
        case .notAudited: nil
        }
    }

    /// OSCAL's assessment method for a kind of evidence: documents, records and what was seen
    /// are examined, people interviewed, and samples, re-performance and data analysis test.
    public static func method(of type: EvidenceType) -> String {
        switch type {
        case .document, .record, .observation: "EXAMINE"
        case .interview: "INTERVIEW"
        case .reperformance, .sample, .dataAnalysis: "TEST"
        }
    }

    /// A nonconformity's risk status from its corrective action: open until an action is under
    /// way, remediating while it is, closed once verified effective; open again when it was not.
    public static func riskStatus(of action: CorrectiveAction?, on day: Day) -> String {
        switch action?.status(on: day) {
        case nil, .incomplete?, .notEffective?: "open"
        case .planned?, .awaitingVerification?, .overdue?: "remediating"
        case .closed?: "closed"
        }
    }

    /// A requirement's id as an OSCAL control id (a token, which cannot start with a digit):
    /// Annex A controls and the programme's own requirements keep theirs (`A.6.2.8`); clause
    /// requirements are prefixed (`clause-9.2.1`); any other character becomes `_`.
    public static func controlID(_ requirement: String) -> String {
        let safe = String(requirement.unicodeScalars.map { u -> Character in
            (u.properties.isAlphabetic && u.isASCII) || ("0"..."9").contains(u) || "-._".unicodeScalars.contains(u) ? Character(u) : "_"
        })
        guard let first = safe.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return "clause-" + safe }
        return safe
    }

    /// A name-based UUID (RFC 9562 version 5, SHA-1) in the tool's own namespace: the same name
    /// always gives the same UUID, so the same workpaper gives the same document.
    public static func uuid(_ name: String) -> String { NameUUID.v5(namespace: namespaceBytes, name: name) }

    /// The namespace UUID the tool's names are hashed in (b4d3c1e2-0a57-5e1f-9c2d-6a7b8c9d0e1f).
    static let namespaceBytes: [UInt8] = [0xb4, 0xd3, 0xc1, 0xe2, 0x0a, 0x57, 0x5e, 0x1f, 0x9c, 0x2d, 0x6a, 0x7b, 0x8c, 0x9d, 0x0e, 0x1f]

    /// A day as an OSCAL date-time: its start in UTC, or with `end`, its last second.
    static func dateTime(_ day: Day, end: Bool = false) -> String { "\(day)T\(end ? "23:59:59" : "00:00:00")Z" }

    /// Text for a single-line OSCAL string: line breaks become spaces, the ends trimmed; nil when nothing is left.
    static func line(_ text: String?) -> String? {
        guard let text else { return nil }
        if let first = text.first, let last = text.last, !first.isWhitespace, !last.isWhitespace, !text.contains(where: \.isNewline) {
            return text
        }
        let joined = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        return joined.isEmpty ? nil : joined
    }
}

extension AuditExport {
    /// The UUID of what the OSCAL documents name: `kind` ("finding", "party"…) and its id.
    func uuid(_ kind: String, _ id: String = "") -> String { OSCAL.uuid("\(uuidSeed)/\(kind)/\(id)") }
}
