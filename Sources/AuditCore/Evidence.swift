/// Evidence as an auditor cites it: the reference, the file it may name, and changes to it.

public enum EvidenceType: String, CaseIterable, Codable, Sendable {
    case document, record, interview, observation, reperformance, sample
    case dataAnalysis = "data-analysis"
}

/// A local file cited as evidence: hashed when cited so later changes show.
public struct CitedFile: Codable, Hashable, Sendable {
    /// As the auditor named it.
    public var path: String
    /// Where it was found when it was cited.
    public var absolutePath: String
    /// Its path from the workpaper's folder, when it was inside that folder: it is looked for
    /// there, wherever the folder has moved. Files cited before this was kept have none, and are
    /// looked for at `absolutePath`, as are files outside the folder.
    public var relativePath: String?
    public var sha256: String
    public var size: Int64
    /// True when the file itself is kept inside the workpaper (by its SHA-256), and travels with it.
    public var attached: Bool?
    public init(path: String, absolutePath: String, relativePath: String? = nil, sha256: String, size: Int64, attached: Bool? = nil) {
        self.path = path; self.absolutePath = absolutePath; self.relativePath = relativePath
        self.sha256 = sha256; self.size = size; self.attached = attached
    }
}

public struct EvidenceReference: Codable, Hashable, Sendable {
    public var id: Int
    public var item: String
    public var type: EvidenceType
    /// Document id and version, URL, path, system record: what lets someone find it again.
    public var reference: String
    public var description: String?
    public var obtainedFrom: String?
    public var obtainedOn: String?
    public var file: CitedFile?
    public var removed: Bool
    public var removalReason: String?

    public init(id: Int, item: String, type: EvidenceType, reference: String, description: String? = nil,
                obtainedFrom: String? = nil, obtainedOn: String? = nil, file: CitedFile? = nil) {
        self.id = id; self.item = item; self.type = type; self.reference = reference
        self.description = description; self.obtainedFrom = obtainedFrom; self.obtainedOn = obtainedOn
        self.file = file; self.removed = false; self.removalReason = nil
    }

    /// "E3", as auditors cite it.
    public var label: String { "E\(id)" }
}

/// Changes to an evidence reference; nil leaves a field as it is.
public struct EvidenceEdit: Codable, Hashable, Sendable {
    public var type: EvidenceType?
    public var reference: String?
    public var description: String?
    public var obtainedFrom: String?
    public var obtainedOn: String?
    public init(type: EvidenceType? = nil, reference: String? = nil, description: String? = nil,
                obtainedFrom: String? = nil, obtainedOn: String? = nil) {
        self.type = type; self.reference = reference; self.description = description
        self.obtainedFrom = obtainedFrom; self.obtainedOn = obtainedOn
    }
    public var isEmpty: Bool { self == EvidenceEdit() }
}
