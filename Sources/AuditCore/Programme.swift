/// A place in the programme file, for messages that point at it.
public struct SourceLocation: Hashable, Sendable, Comparable, Codable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// The audit programme as the programme owner wrote it (`aimsaudit/programme@1` or `@2`).
public struct Programme: Sendable, Equatable {
    /// The format a new programme is written in: the newest this release reads.
    public static let format = formats[formats.count - 1]
    /// The formats this release reads, format 1 first: `formats[version - 1]`.
    public static let formats = ["aimsaudit/programme@1", "aimsaudit/programme@2"]

    /// The programme format's number: 2 adds what a certification auditor also checks
    /// (`Format2.swift`); a format-1 programme keeps format 1's verdicts exactly.
    public var version: Int

    public var organisation: Organisation
    public var settings: Settings
    public var people: [Person]
    public var suppliers: [Supplier]
    public var systems: [AISystem]
    public var catalogues: [Catalogue]
    public var requirements: [OwnRequirement]
    public var controls: [ControlEntry]
    public var conflicts: [Conflict]
    public var history: [HistoryEntry]
    public var audits: [Audit]
    /// Outside organisations that worked on the AIMS (format 2).
    public var firms: [Firm]

    public init(version: Int = 1, organisation: Organisation, settings: Settings = Settings(), people: [Person] = [],
                suppliers: [Supplier] = [], systems: [AISystem] = [], catalogues: [Catalogue] = [Catalogue.iso42001],
                requirements: [OwnRequirement] = [], controls: [ControlEntry] = [], conflicts: [Conflict] = [],
                history: [HistoryEntry] = [], audits: [Audit] = [], firms: [Firm] = []) {
        self.version = version
        self.organisation = organisation
        self.settings = settings
        self.people = people
        self.suppliers = suppliers
        self.systems = systems
        self.catalogues = catalogues
        self.requirements = requirements
        self.controls = controls
        self.conflicts = conflicts
        self.history = history
        self.audits = audits
        self.firms = firms
    }

    /// Whether every value is within what the programme format allows (the loader's ranges and
    /// date order): what a programme from anywhere but the loader (a decoded image) must show
    /// before it is used.
    public var isWithinFormat: Bool {
        Settings.coolingOffRange.contains(settings.coolingOffMonths)
            && settings.retentionYears.map(Settings.retentionRange.contains) ?? true
            && systems.allSatisfy { AISystem.riskRange.contains($0.inherentRisk) }
            && controls.allSatisfy { c in
                ControlEntry.criticalityRange.contains(c.criticality) && (c.population ?? 0) >= 0
                    && c.roles.allSatisfy { r in r.from.flatMap { f in r.to.map { f <= $0 } } ?? true }
            }
            && audits.allSatisfy { $0.period.from <= $0.period.to && $0.fieldwork.from <= $0.fieldwork.to }
    }

    public func person(_ id: String) -> Person? { people.first { $0.id == id } }
    public func system(_ id: String) -> AISystem? { systems.first { $0.id == id } }
    public func supplier(_ id: String) -> Supplier? { suppliers.first { $0.id == id } }
    public func audit(_ id: String) -> Audit? { audits.first { $0.id == id } }
    public func firm(_ id: String) -> Firm? { firms.first { $0.id == id } }

    /// Every requirement the programme can name: the catalogues' and its own, by id.
    public func requirementIndex() -> [String: RequirementInfo] {
        var index: [String: RequirementInfo] = [:]
        for catalogue in catalogues {
            for r in catalogue.requirements {
                index[r.id] = RequirementInfo(id: r.id, title: r.title, kind: r.kind,
                                              group: catalogue.groupPath(of: r).map(\.title).joined(separator: " › "),
                                              lookFor: r.lookFor)
            }
        }
        for r in requirements {
            index[r.id] = RequirementInfo(id: r.id, title: r.title, kind: .own,
                                          group: organisation.name, lookFor: r.guidance ?? "")
        }
        return index
    }
}

public struct Organisation: Sendable, Equatable {
    public var name: String
    public var aiRoles: [AIRole]
    /// The audit programme owner (format 2): never audits 9.2 (IND-09), and approves the lead's
    /// justifications.
    public var owner: String?
    /// Who receives a report with a major nonconformity (format 2).
    public var topManagement: [String]
    public init(name: String, aiRoles: [AIRole] = [], owner: String? = nil, topManagement: [String] = []) {
        self.name = name; self.aiRoles = aiRoles; self.owner = owner; self.topManagement = topManagement
    }
}

public enum AIRole: String, CaseIterable, Sendable {
    case provider, producer, developer, deployer, customer, partner, user, subject
}

public struct Settings: Sendable, Equatable {
    /// The months a former owner must wait before auditing what they owned.
    public static let coolingOffRange = 0...120
    public var coolingOffMonths: Int
    public var smallOrgMode: Bool
    public var cycleStart: Day?
    /// How long workpapers and evidence are kept, in years (format 2).
    public static let retentionRange = 1...100
    public var retentionYears: Int?
    public init(coolingOffMonths: Int = 12, smallOrgMode: Bool = false, cycleStart: Day? = nil, retentionYears: Int? = nil) {
        self.coolingOffMonths = coolingOffMonths
        self.smallOrgMode = smallOrgMode
        self.cycleStart = cycleStart
        self.retentionYears = retentionYears
    }
}

public struct Person: Sendable, Hashable {
    public var id: String
    public var name: String
    public var unit: String?
    public var manager: String?
    public var auditor: Bool
    public var external: Bool
    /// Competence ids, in the order written (a plain id, or the id of a record with details).
    public var competences: [String]
    /// The competences written with their basis, confirmation and expiry, by id (format 2).
    public var competenceRecords: [String: Competence]
    /// An external auditor's firm, a `Firm` id (format 2).
    public var employer: String?
    /// Earlier units and managers, dated (format 2).
    public var history: [Spell]
    public init(id: String, name: String, unit: String? = nil, manager: String? = nil, auditor: Bool = false,
                external: Bool = false, competences: [String] = [], competenceRecords: [String: Competence] = [:],
                employer: String? = nil, history: [Spell] = []) {
        self.id = id; self.name = name; self.unit = unit; self.manager = manager
        self.auditor = auditor; self.external = external; self.competences = competences
        self.competenceRecords = competenceRecords; self.employer = employer; self.history = history
    }
}

public struct Supplier: Sendable, Hashable {
    public var id: String
    public var name: String
    public init(id: String, name: String) { self.id = id; self.name = name }
}

public struct AISystem: Sendable, Hashable {
    public static let riskRange = 1...5
    public var id: String
    public var name: String
    public var purpose: String?
    public var owner: String
    public var inherentRisk: Int
    public var supplier: String?
    public init(id: String, name: String, purpose: String? = nil, owner: String, inherentRisk: Int, supplier: String? = nil) {
        self.id = id; self.name = name; self.purpose = purpose; self.owner = owner
        self.inherentRisk = inherentRisk; self.supplier = supplier
    }
}

public struct OwnRequirement: Sendable, Hashable {
    public var id: String
    public var title: String
    public var guidance: String?
    public init(id: String, title: String, guidance: String? = nil) { self.id = id; self.title = title; self.guidance = guidance }
}

public enum RoleKind: String, CaseIterable, Sendable, Codable {
    case owner, `operator`, approver, implementer, advisor
    /// The roles that make a person an owner of the item (IND-01, IND-03).
    public var isOwnership: Bool { self == .owner || self == .`operator` || self == .approver }
}

public struct Role: Sendable, Hashable, Codable {
    public var person: String
    public var role: RoleKind
    public var from: Day?
    public var to: Day?
    public init(person: String, role: RoleKind, from: Day? = nil, to: Day? = nil) {
        self.person = person; self.role = role; self.from = from; self.to = to
    }
    public var interval: DayInterval { DayInterval(from: from, to: to) }
}

public enum Change: String, CaseIterable, Sendable, Codable {
    case none, moderate, significant
    /// The weight's D input.
    public var factor: Int {
        switch self { case .none: 0; case .moderate: 1; case .significant: 2 }
    }
}

public enum Operates: String, CaseIterable, Sendable, Codable {
    case annually, quarterly, monthly, weekly, daily, manyDaily = "many-daily", automated
}

/// One line of the control register: a requirement's applicability, weight inputs and who holds which role.
public struct ControlEntry: Sendable, Hashable, Codable {
    public static let criticalityRange = 1...5
    public var requirement: String
    public var system: String?
    public var applicable: Bool
    public var justification: String?
    public var criticality: Int
    public var change: Change
    public var operates: Operates?
    public var population: Int?
    public var needs: [String]
    public var roles: [Role]
    public var location: SourceLocation?
    public init(requirement: String, system: String? = nil, applicable: Bool = true, justification: String? = nil,
                criticality: Int = 3, change: Change = .none, operates: Operates? = nil, population: Int? = nil,
                needs: [String] = [], roles: [Role] = [], location: SourceLocation? = nil) {
        self.requirement = requirement; self.system = system; self.applicable = applicable
        self.justification = justification; self.criticality = criticality; self.change = change
        self.operates = operates; self.population = population; self.needs = needs; self.roles = roles
        self.location = location
    }
    public var key: ItemKey { ItemKey(requirement: requirement, system: system) }
}

public enum ConflictTarget: Sendable, Hashable {
    case supplier(String), system(String), person(String)
}

public struct Conflict: Sendable, Hashable {
    public var person: String
    public var with: ConflictTarget
    public var material: Bool
    public var note: String?
    public init(person: String, with: ConflictTarget, material: Bool, note: String? = nil) {
        self.person = person; self.with = with; self.material = material; self.note = note
    }
}

public enum Grade: String, CaseIterable, Sendable {
    case major, minor, observation, ofi, conform
    case notApplicable = "not-applicable"
    case notAudited = "not-audited"

    /// Major and minor: the grades that are nonconformities, needing the full statement, open
    /// until closed, and alone taking a corrective action.
    public var isNonconformity: Bool { self == .major || self == .minor }
}

public enum FindingStatus: String, CaseIterable, Sendable { case open, closed }

extension HistoryEntry {
    /// The results an audit hands on to the programme's history (not-applicable and not-audited
    /// say nothing about the item's control).
    public static let grades: [Grade] = [.major, .minor, .observation, .ofi, .conform]
}

public struct HistoryEntry: Sendable, Hashable {
    public var audit: String
    public var date: Day
    public var item: ItemKey
    public var grade: Grade
    public var status: FindingStatus?
    public init(audit: String, date: Day, item: ItemKey, grade: Grade, status: FindingStatus? = nil) {
        self.audit = audit; self.date = date; self.item = item; self.grade = grade; self.status = status
    }
}

public struct AuditScope: Sendable, Hashable, Codable {
    /// nil: every system.
    public var systems: [String]?
    /// Ids or id prefixes at a dot boundary; nil: every requirement.
    public var requirements: [String]?
    public init(systems: [String]? = nil, requirements: [String]? = nil) {
        self.systems = systems; self.requirements = requirements
    }

    public func includes(requirement id: String) -> Bool {
        guard let prefixes = requirements else { return true }
        return prefixes.contains { RequirementID.isWithin(id, prefix: $0) }
    }

    public func includes(system id: String) -> Bool {
        systems.map { $0.contains(id) } ?? true
    }
}

public struct Assignment: Sendable, Hashable, Codable {
    public var item: ItemKey
    public var auditor: String
    public var location: SourceLocation?
    public init(item: ItemKey, auditor: String, location: SourceLocation? = nil) {
        self.item = item; self.auditor = auditor; self.location = location
    }
}

public struct Audit: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var objectives: String
    public var criteria: [String]
    public var scope: AuditScope
    public var period: ClosedDays
    public var fieldwork: ClosedDays
    public var lead: String
    public var team: [String]
    public var assign: [Assignment]
    public var reportTo: [String]
    public init(id: String, title: String, objectives: String, criteria: [String], scope: AuditScope = AuditScope(),
                period: ClosedDays, fieldwork: ClosedDays, lead: String, team: [String],
                assign: [Assignment] = [], reportTo: [String] = []) {
        self.id = id; self.title = title; self.objectives = objectives; self.criteria = criteria
        self.scope = scope; self.period = period; self.fieldwork = fieldwork; self.lead = lead
        self.team = team; self.assign = assign; self.reportTo = reportTo
    }
}

/// A range of days with both ends given (`from` ≤ `to`).
public struct ClosedDays: Sendable, Hashable, Codable {
    public var from: Day
    public var to: Day
    public init(from: Day, to: Day) { self.from = from; self.to = to }
}
