/// Where an audit is carried out, and who takes part beside the team: the audit's facts the
/// programme may give (`locations`, `auditees`, `client`, `confidentiality`), which the meetings,
/// the auditees' responses and the report name.

/// A place the audit is carried out: a site, or a remote session (video calls, a shared screen).
public struct AuditLocation: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    /// True for a remote session; nil or false for a site.
    public var remote: Bool?
    public init(id: String, name: String, remote: Bool? = nil) { self.id = id; self.name = name; self.remote = remote }

    public var isRemote: Bool { remote == true }
}

/// Someone audited: a person of the programme (by id), or a guest named with the audit (someone
/// outside the programme's people: a supplier's engineer, a consultant), with an id of their own.
public struct Auditee: Codable, Hashable, Sendable {
    public var id: String
    /// A guest's name, organisation and role; nil for a person of the programme.
    public var guest: Guest?
    public init(id: String, guest: Guest? = nil) { self.id = id; self.guest = guest }

    public struct Guest: Codable, Hashable, Sendable {
        public var name: String
        public var organisation: String?
        public var role: String?
        public init(name: String, organisation: String? = nil, role: String? = nil) {
            self.name = name; self.organisation = organisation; self.role = role
        }
    }
}

extension Audit {
    /// The auditees listed with the audit, people and guests, in the programme's order.
    public var auditeeList: [Auditee] { auditees ?? [] }
    public var locationList: [AuditLocation] { locations ?? [] }

    /// A guest of the audit, by id.
    public func guest(_ id: String) -> Auditee.Guest? { auditees?.first { $0.id == id }?.guest }

    /// Whether someone may be named as taking part (a meeting's attendee, the author of a
    /// response): a person of the programme, or a guest of the audit.
    public func knows(_ id: String, in roster: Roster) -> Bool { roster.knows(id) || guest(id) != nil }

    /// A participant's name: a person's, or a guest's with their organisation.
    public func participantName(_ id: String, in roster: Roster) -> String {
        guard let g = guest(id) else { return roster.name(id) }
        return g.organisation.map { "\(g.name) (\($0))" } ?? g.name
    }

    /// "unknown person 'hanna' (did you mean 'hannah'?)"'s hint, over people and guests.
    public func participantHint(_ id: String, in roster: Roster) -> String {
        Suggest.hint(for: id, in: roster.ids + auditeeList.filter { $0.guest != nil }.map(\.id))
    }

    /// A place as the report names it: a location's name (with "remote") when `place` is the id
    /// of one, else the place as written.
    public func placeName(_ place: String) -> String {
        guard let l = locations?.first(where: { $0.id == place }) else { return place }
        return l.isRemote ? "\(l.name) (remote)" : l.name
    }
}
