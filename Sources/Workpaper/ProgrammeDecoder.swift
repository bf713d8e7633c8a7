import AuditCore
import SafeYAML
import Yams

/// Turns the YAML tree of a programme file into a `Programme`, checking every key, type,
/// reference and range, and recording each problem with its place in the file.
final class ProgrammeDecoder {
    let reader: YAMLReader
    var personIDs: Set<String> = []
    var supplierIDs: Set<String> = []
    var systemIDs: Set<String> = []
    var firmIDs: Set<String> = []
    /// The programme format's number, once `format` is read (format 1 when it is left out).
    var version = 1
    var requirementIDs: Set<String> = []
    var headings: Set<String> = []

    /// The file's top-level lists, when they are composed an element at a time.
    let pieces: SafeYAML.Pieces?
    /// The top-level lists read only through `forEachElement`, which may be read in pieces;
    /// the others are read from the top-level mapping.
    static let sections: Set<String> = ["people", "suppliers", "ai_systems", "requirements", "firms", "controls",
                                        "conflicts", "history", "audits"]

    init(path: String, pieces: SafeYAML.Pieces? = nil) {
        reader = YAMLReader(path: path)
        self.pieces = pieces
    }

    func error(_ node: Node?, _ message: String) { reader.error(node, message) }

    func decode(_ root: Node) -> Programme? {
        let topKeys = ["format", "organisation", "settings", "people", "suppliers", "ai_systems", "catalogues",
                       "requirements", "controls", "conflicts", "history", "audits", "firms"]
        // The format decides how the rest reads: a wrong one is the only message worth giving.
        if let formatNode = root.mapping?["format"] {
            guard let format = reader.text(formatNode, "`format`") else { return nil }
            guard let index = Programme.formats.firstIndex(of: format) else {
                let newer = format.hasPrefix("aimsaudit/programme@")
                error(formatNode, "unsupported format '\(format)': this version of aimsaudit reads "
                      + Programme.formats.joined(separator: " and ") + (newer ? "; a newer aimsaudit may read it" : ""))
                return nil
            }
            version = index + 1
        }
        guard let top = reader.fields(root, "the programme", allowed: topKeys, required: ["format", "organisation"]) else { return nil }
        collectIDs(top)

        let organisation = top["organisation"].flatMap(decodeOrganisation)
        let settings = top["settings"].flatMap(decodeSettings) ?? Settings()
        let catalogues = decodeCatalogues(top["catalogues"])
        for c in catalogues {
            requirementIDs.formUnion(c.requirements.map(\.id))
            headings.formUnion(c.groups.map(\.id))
        }
        let people = section(top, "people", "a person", decodePerson)
        checkDuplicates(people, "person")
        checkManagerCycles(people)
        let suppliers = section(top, "suppliers", "a supplier", decodeSupplier)
        checkDuplicates(suppliers, "supplier")
        let systems = section(top, "ai_systems", "an AI system", decodeSystem)
        checkDuplicates(systems, "AI system")
        let requirements = section(top, "requirements", "a requirement", { self.decodeRequirement($0, catalogues) })
        checkDuplicates(requirements, "requirement")
        requirementIDs.formUnion(requirements.map(\.value.id))
        let firms = format2Section(top, "firms", "a firm", decodeFirm)
        checkDuplicates(firms, "firm")
        let controls = section(top, "controls", "a register entry", decodeControl)
        var firstEntry: [ItemKey: Int] = [:]
        for entry in controls {
            if let line = firstEntry[entry.value.key] {
                reader.error(at: entry.place, "duplicate register entry for \(entry.value.key) (first at line \(line)): one entry per requirement and system")
            } else {
                firstEntry[entry.value.key] = entry.place?.line ?? 0
            }
        }
        let conflicts = section(top, "conflicts", "a conflict", decodeConflict)
        let history = section(top, "history", "a history entry", decodeHistory)
        let audits = section(top, "audits", "an audit", decodeAudit)
        checkDuplicates(audits, "audit")

        guard let organisation else { return nil }
        let programme = Programme(
            version: version, organisation: organisation, settings: settings, people: people.map(\.value),
            suppliers: suppliers.map(\.value), systems: systems.map(\.value), catalogues: catalogues,
            requirements: requirements.map(\.value), controls: controls.map(\.value),
            conflicts: conflicts.map(\.value), history: history.map(\.value), audits: audits.map(\.value),
            firms: firms.map(\.value))
        checkAssignments(programme, audits.map(\.value))
        return programme
    }

    // MARK: - Sections

    /// An element of a section, decoded, with the places the checks made after the section
    /// need (its nodes are not kept: a section may be read an element at a time).
    struct Decoded<T> {
        var value: T
        var place: SourceLocation?
        /// Of its `id` (or of the element, without one).
        var idPlace: SourceLocation?
        /// Of its `manager` (or of the element, without one).
        var managerPlace: SourceLocation?
    }

    func section<T>(_ top: YAMLReader.Fields, _ key: String, _ what: String,
                    _ decode: (Node) -> T?) -> [Decoded<T>] {
        var decoded: [Decoded<T>] = []
        forEachElement(top, key, quietly: false) { item in
            guard let value = decode(item) else { return }
            decoded.append(Decoded(value: value, place: reader.location(item),
                                   idPlace: reader.location(item.mapping?["id"] ?? item),
                                   managerPlace: reader.location(item.mapping?["manager"] ?? item)))
        }
        return decoded
    }

    /// The elements of the list under `key`, from the tree, or composed a run at a time when
    /// the file is read in pieces. Quietly: a value that is not a list is passed over without
    /// an error (it is reported where the section is read).
    func forEachElement(_ top: YAMLReader.Fields, _ key: String, quietly: Bool, _ body: (Node) -> Void) {
        guard let node = top[key] else { return }
        if let pieces, pieces.isList(key) {
            pieces.forEachElement(of: key) { item, lineOffset in
                reader.lineOffset = lineOffset
                body(item)
                reader.lineOffset = 0
            }
            return
        }
        let items = quietly ? node.sequence.map(Array.init) : reader.list(node, "`\(key)`")
        items?.forEach(body)
    }

    /// Ids are read up front so references may point forward in the file.
    func collectIDs(_ top: YAMLReader.Fields) {
        func ids(_ key: String) -> Set<String> {
            var ids: Set<String> = []
            forEachElement(top, key, quietly: true) { item in
                if let id = item.mapping?["id"]?.scalar?.string { ids.insert(id) }
            }
            return ids
        }
        personIDs = ids("people")
        supplierIDs = ids("suppliers")
        systemIDs = ids("ai_systems")
        firmIDs = ids("firms")
    }

    func checkDuplicates<T: Identified>(_ list: [Decoded<T>], _ what: String) {
        var seen: [String: Int] = [:]
        for item in list {
            if let line = seen[item.value.id] {
                reader.error(at: item.idPlace, "duplicate \(what) id '\(item.value.id)' (first at line \(line))")
            } else {
                seen[item.value.id] = item.idPlace?.line ?? 0
            }
        }
    }

    func checkManagerCycles(_ people: [Decoded<Person>]) {
        let managers = Dictionary(people.map { ($0.value.id, $0.value.manager) }, uniquingKeysWith: { a, _ in a })
        var reported: Set<String> = []
        for item in people {
            let person = item.value
            var seen: [String] = [person.id]
            var next = person.manager
            while let m = next, personIDs.contains(m) {
                if m == person.id {
                    if !reported.contains(person.id) {
                        reported.formUnion(seen)
                        let loop = (seen + [m]).joined(separator: " → ")
                        reader.error(at: item.managerPlace, "the reporting line of '\(person.id)' goes round in a circle (\(loop))")
                    }
                    break
                }
                if seen.contains(m) { break }
                seen.append(m)
                next = managers[m] ?? nil
            }
        }
    }

    // MARK: - References

    func reference(_ node: Node, _ what: String, kind: String, in known: Set<String>) -> String? {
        guard let id = reader.text(node, what) else { return nil }
        guard known.contains(id) else {
            error(node, "unknown \(kind) '\(id)' in \(what)\(Suggest.hint(for: id, in: known.sorted()))")
            return nil
        }
        return id
    }

    func person(_ node: Node, _ what: String) -> String? { reference(node, what, kind: "person", in: personIDs) }

    func requirement(_ node: Node, _ what: String) -> String? {
        guard let id = reader.text(node, what) else { return nil }
        if headings.contains(id), !requirementIDs.contains(id) {
            let subs = requirementIDs.filter { RequirementID.isWithin($0, prefix: id) }.sorted(by: RequirementID.precedes)
            let shown = subs.prefix(4).joined(separator: ", ") + (subs.count > 4 ? ", …" : "")
            error(node, "\(id) is a heading, not an assessable requirement: name one of \(shown)")
            return nil
        }
        guard requirementIDs.contains(id) else {
            error(node, "unknown requirement '\(id)' in \(what)\(Suggest.hint(for: id, in: requirementIDs.sorted()))")
            return nil
        }
        return id
    }

    func itemKey(_ node: Node, _ what: String) -> ItemKey? {
        guard let text = reader.text(node, what) else { return nil }
        guard let key = ItemKey(text) else {
            error(node, "invalid item key '\(text)' in \(what): write a requirement id, or REQUIREMENT@system such as A.6.2.6@claimsort")
            return nil
        }
        if !requirementIDs.contains(key.requirement) {
            error(node, "unknown requirement '\(key.requirement)' in item key '\(text)'\(Suggest.hint(for: key.requirement, in: requirementIDs.sorted()))")
            return nil
        }
        if let s = key.system, !systemIDs.contains(s) {
            error(node, "unknown AI system '\(s)' in item key '\(text)'\(Suggest.hint(for: s, in: systemIDs.sorted()))")
            return nil
        }
        return key
    }

}

/// Grades an earlier audit can have given.
/// `HistoryEntry.grades`, as the choice the reader offers (a test keeps the two the same).
enum HistoryGrade: String, CaseIterable { case major, minor, observation, ofi, conform }

protocol Identified { var id: String { get } }
extension Person: Identified {}
extension Supplier: Identified {}
extension AISystem: Identified {}
extension OwnRequirement: Identified {}
extension Audit: Identified {}
extension Firm: Identified {}
