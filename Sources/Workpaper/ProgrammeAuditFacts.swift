import AuditCore
import Yams

/// An audit's optional facts beyond its plan: who asked for it (`client`), where it is carried
/// out (`locations`), who is audited (`auditees`: people of the programme, or guests named here)
/// and what the report says of its confidentiality.
extension ProgrammeDecoder {
    static let auditFactKeys = ["client", "locations", "auditees", "confidentiality"]

    func decodeAuditFacts(_ f: YAMLReader.Fields, id: String, into audit: inout Audit) {
        audit.client = f["client"].flatMap { person($0, "the `client` of \(id)") }
        audit.confidentiality = f["confidentiality"].flatMap { reader.text($0, "the `confidentiality` of \(id)") }
        if let l = f["locations"], let list = reader.list(l, "the `locations` of \(id)") {
            var seen: [String: Int] = [:]
            audit.locations = list.compactMap { node -> AuditLocation? in
                guard let lf = reader.fields(node, "a location", allowed: ["id", "name", "remote"], required: ["id", "name"]),
                      let lid = lf["id"].flatMap({ reader.identifier($0, "a location's `id`") }),
                      let name = lf["name"].flatMap({ reader.text($0, "the `name` of location \(lid)") }) else { return nil }
                if let line = seen[lid] { error(lf["id"], "duplicate location id '\(lid)' in \(id) (first at line \(line))"); return nil }
                seen[lid] = reader.location(lf["id"])?.line ?? 0
                return AuditLocation(id: lid, name: name, remote: lf["remote"].flatMap { reader.bool($0, "`remote` of location \(lid)") })
            }
        }
        if let a = f["auditees"], let list = reader.list(a, "the `auditees` of \(id)") {
            var seen: [String: Int] = [:]
            audit.auditees = list.compactMap { node -> Auditee? in
                let entry: Auditee?
                if node.mapping == nil {
                    entry = person(node, "the `auditees` of \(id)").map { Auditee(id: $0) }
                } else {
                    guard let gf = reader.fields(node, "a guest auditee", allowed: ["id", "name", "organisation", "role"], required: ["id", "name"]),
                          let gid = gf["id"].flatMap({ reader.identifier($0, "a guest's `id`") }),
                          let name = gf["name"].flatMap({ reader.text($0, "the `name` of guest \(gid)") }) else { return nil }
                    if personIDs.contains(gid) {
                        error(gf["id"], "guest id '\(gid)' is a person of the programme: list the person by id alone, or give the guest another id")
                        return nil
                    }
                    entry = Auditee(id: gid, guest: Auditee.Guest(name: name,
                                                                  organisation: gf["organisation"].flatMap { reader.text($0, "the `organisation` of guest \(gid)") },
                                                                  role: gf["role"].flatMap { reader.text($0, "the `role` of guest \(gid)") }))
                }
                guard let entry else { return nil }
                if let line = seen[entry.id] { error(node, "'\(entry.id)' is listed twice among the `auditees` of \(id) (first at line \(line))"); return nil }
                seen[entry.id] = reader.location(node)?.line ?? 0
                return entry
            }
        }
    }
}
