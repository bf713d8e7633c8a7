import AuditCore
import Foundation
import GRDB

/// The programme snapshot as decoded, in a compact binary form kept beside the snapshot, so that
/// the screen opens a large workpaper without parsing the YAML again (parsing a 10,000-entry
/// snapshot is about half of a full open, and its node tree most of the memory it takes).
///
/// The image names the SHA-256 of the snapshot text it was made from and is used only for that
/// text; `verify` decodes it and compares it with the snapshot parsed afresh. Commands whose
/// output others rely on (export, check, history, verify) parse the snapshot itself.
///
/// Layout: the magic `AIMSPRG`, a format byte, the version of aimsaudit that decoded the snapshot
/// (an image made by another version is not used: it may read the snapshot differently), then the
/// fields in declaration order. Integers are LEB128 (zig-zag for signed), strings a length and
/// UTF-8, optionals a 0/1 byte, arrays a count.
public enum ProgrammeImage {
    static let magic: [UInt8] = Array("AIMSPRG".utf8)
    static let format: UInt8 = 1

    public static func encode(_ p: Programme) -> [UInt8] {
        var w = Writer()
        w.bytes += magic
        w.bytes.append(format)
        w.string(WorkpaperFile.toolVersion)
        w.string(p.organisation.name)
        w.array(p.organisation.aiRoles) { w, r in w.string(r.rawValue) }
        w.int(p.settings.coolingOffMonths)
        w.bool(p.settings.smallOrgMode)
        w.optional(p.settings.cycleStart) { w, d in w.day(d) }
        w.array(p.people) { w, x in
            w.string(x.id); w.string(x.name); w.optionalString(x.unit); w.optionalString(x.manager)
            w.bool(x.auditor); w.bool(x.external); w.strings(x.competences)
        }
        w.array(p.suppliers) { w, x in w.string(x.id); w.string(x.name) }
        w.array(p.systems) { w, x in
            w.string(x.id); w.string(x.name); w.optionalString(x.purpose); w.string(x.owner)
            w.int(x.inherentRisk); w.optionalString(x.supplier)
        }
        w.array(p.catalogues) { w, c in w.string(c.id) }
        w.array(p.requirements) { w, x in w.string(x.id); w.string(x.title); w.optionalString(x.guidance) }
        w.array(p.controls) { w, x in
            w.string(x.requirement); w.optionalString(x.system); w.bool(x.applicable); w.optionalString(x.justification)
            w.int(x.criticality); w.string(x.change.rawValue); w.optionalString(x.operates?.rawValue)
            w.optional(x.population) { w, n in w.int(n) }
            w.strings(x.needs)
            w.array(x.roles) { w, r in
                w.string(r.person); w.string(r.role.rawValue)
                w.optional(r.from) { w, d in w.day(d) }
                w.optional(r.to) { w, d in w.day(d) }
            }
            w.optional(x.location) { w, l in w.location(l) }
        }
        w.array(p.conflicts) { w, x in
            w.string(x.person)
            switch x.with {
            case .supplier(let id): w.int(0); w.string(id)
            case .system(let id): w.int(1); w.string(id)
            case .person(let id): w.int(2); w.string(id)
            }
            w.bool(x.material); w.optionalString(x.note)
        }
        w.array(p.history) { w, x in
            w.string(x.audit); w.day(x.date); w.key(x.item); w.string(x.grade.rawValue); w.optionalString(x.status?.rawValue)
        }
        w.array(p.audits) { w, a in
            w.string(a.id); w.string(a.title); w.string(a.objectives); w.strings(a.criteria)
            w.optional(a.scope.systems) { w, s in w.strings(s) }
            w.optional(a.scope.requirements) { w, s in w.strings(s) }
            w.day(a.period.from); w.day(a.period.to); w.day(a.fieldwork.from); w.day(a.fieldwork.to)
            w.string(a.lead); w.strings(a.team)
            w.array(a.assign) { w, x in
                w.key(x.item); w.string(x.auditor)
                w.optional(x.location) { w, l in w.location(l) }
            }
            w.strings(a.reportTo)
        }
        return w.bytes
    }

    /// The version of aimsaudit that made the image, if it is an image of this format.
    public static func madeBy(_ bytes: [UInt8]) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var r = Reader(bytes: buffer)
            return try? r.header()
        }
    }

    /// nil for anything not exactly as this version's `encode` writes it (another format or
    /// version, a damaged image), and for a programme outside what the format allows
    /// (`Programme.isWithinFormat`): an image is used only when it is what the loader would give.
    public static func decode(_ bytes: [UInt8]) -> Programme? {
        bytes.withUnsafeBufferPointer { buffer in
            var r = Reader(bytes: buffer)
            do {
                guard try r.header() == WorkpaperFile.toolVersion else { return nil }
                let organisation = Organisation(name: try r.string(), aiRoles: try r.array { r in try r.enumeration(AIRole.self) })
                let settings = Settings(coolingOffMonths: try r.int(), smallOrgMode: try r.bool(),
                                        cycleStart: try r.optional { r in try r.day() })
                let people = try r.array { r in
                    Person(id: try r.string(), name: try r.string(), unit: try r.optionalString(), manager: try r.optionalString(),
                           auditor: try r.bool(), external: try r.bool(), competences: try r.strings())
                }
                let suppliers = try r.array { r in Supplier(id: try r.string(), name: try r.string()) }
                let systems = try r.array { r in
                    AISystem(id: try r.string(), name: try r.string(), purpose: try r.optionalString(), owner: try r.string(),
                             inherentRisk: try r.int(), supplier: try r.optionalString())
                }
                let catalogues = try r.array { r in
                    guard let c = Catalogue.builtIn[try r.string()] else { throw Reader.Malformed() }
                    return c
                }
                let requirements = try r.array { r in
                    OwnRequirement(id: try r.string(), title: try r.string(), guidance: try r.optionalString())
                }
                let controls = try r.array { r in
                    ControlEntry(requirement: try r.string(), system: try r.optionalString(), applicable: try r.bool(),
                                 justification: try r.optionalString(), criticality: try r.int(),
                                 change: try r.enumeration(Change.self),
                                 operates: try r.optional { r in try r.enumeration(Operates.self) },
                                 population: try r.optional { r in try r.int() }, needs: try r.strings(),
                                 roles: try r.array { r in
                                     Role(person: try r.string(), role: try r.enumeration(RoleKind.self),
                                          from: try r.optional { r in try r.day() }, to: try r.optional { r in try r.day() })
                                 },
                                 location: try r.optional { r in try r.location() })
                }
                let conflicts = try r.array { r in
                    let person = try r.string()
                    let with: ConflictTarget
                    switch try r.int() {
                    case 0: with = .supplier(try r.string())
                    case 1: with = .system(try r.string())
                    case 2: with = .person(try r.string())
                    default: throw Reader.Malformed()
                    }
                    return Conflict(person: person, with: with, material: try r.bool(), note: try r.optionalString())
                }
                let history = try r.array { r in
                    HistoryEntry(audit: try r.string(), date: try r.day(), item: try r.key(), grade: try r.enumeration(Grade.self),
                                 status: try r.optional { r in try r.enumeration(FindingStatus.self) })
                }
                let audits = try r.array { r in
                    Audit(id: try r.string(), title: try r.string(), objectives: try r.string(), criteria: try r.strings(),
                          scope: AuditScope(systems: try r.optional { r in try r.strings() },
                                            requirements: try r.optional { r in try r.strings() }),
                          period: ClosedDays(from: try r.day(), to: try r.day()),
                          fieldwork: ClosedDays(from: try r.day(), to: try r.day()),
                          lead: try r.string(), team: try r.strings(),
                          assign: try r.array { r in
                              Assignment(item: try r.key(), auditor: try r.string(), location: try r.optional { r in try r.location() })
                          },
                          reportTo: try r.strings())
                }
                guard r.at == buffer.count else { return nil }
                let programme = Programme(organisation: organisation, settings: settings, people: people, suppliers: suppliers,
                                 systems: systems, catalogues: catalogues, requirements: requirements, controls: controls,
                                 conflicts: conflicts, history: history, audits: audits)
                return programme.isWithinFormat ? programme : nil
            } catch {
                return nil
            }
        }
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func uint(_ value: UInt64) {
            var v = value
            while v >= 0x80 {
                bytes.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            bytes.append(UInt8(v))
        }
        mutating func int(_ value: Int) { uint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))) }
        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
        mutating func string(_ value: String) {
            uint(UInt64(value.utf8.count))
            bytes += value.utf8
        }
        mutating func optional<T>(_ value: T?, _ body: (inout Writer, T) -> Void) {
            guard let value else { bytes.append(0); return }
            bytes.append(1)
            body(&self, value)
        }
        mutating func optionalString(_ value: String?) { optional(value) { w, s in w.string(s) } }
        mutating func array<T>(_ values: [T], _ body: (inout Writer, T) -> Void) {
            uint(UInt64(values.count))
            for v in values { body(&self, v) }
        }
        mutating func strings(_ values: [String]) { array(values) { w, s in w.string(s) } }
        mutating func day(_ d: Day) { int(d.year); int(d.month); int(d.day) }
        mutating func key(_ k: ItemKey) { string(k.requirement); optionalString(k.system) }
        mutating func location(_ l: SourceLocation) { int(l.line); int(l.column) }
    }

    struct Reader {
        struct Malformed: Error {}
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        /// The magic and the format, then the version that wrote the image.
        mutating func header() throws -> String {
            guard Array(bytes.prefix(magic.count)) == magic else { throw Malformed() }
            at = magic.count
            guard try byte() == format else { throw Malformed() }
            return try string()
        }

        mutating func byte() throws -> UInt8 {
            guard at < bytes.count else { throw Malformed() }
            defer { at += 1 }
            return bytes[at]
        }
        mutating func uint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte()
                guard shift < 64 else { throw Malformed() }
                value |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return value }
                shift += 7
            }
        }
        mutating func int() throws -> Int {
            let u = try uint()
            return Int(truncatingIfNeeded: Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
        }
        mutating func count() throws -> Int {
            let n = try uint()
            // Every element takes at least one byte: a larger count is damage, not a reason to allocate.
            guard n <= UInt64(bytes.count - at) else { throw Malformed() }
            return Int(n)
        }
        mutating func bool() throws -> Bool {
            switch try byte() {
            case 0: return false
            case 1: return true
            default: throw Malformed()
            }
        }
        mutating func string() throws -> String {
            let n = try count()
            let slice = UnsafeBufferPointer(rebasing: bytes[at ..< at + n])
            guard let s = String(validating: slice, as: UTF8.self) else { throw Malformed() }
            at += n
            return s
        }
        mutating func optional<T>(_ body: (inout Reader) throws -> T) throws -> T? {
            try bool() ? try body(&self) : nil
        }
        mutating func optionalString() throws -> String? { try optional { r in try r.string() } }
        mutating func array<T>(_ body: (inout Reader) throws -> T) throws -> [T] {
            let n = try count()
            var out: [T] = []
            out.reserveCapacity(min(n, 1 << 12))   // a damaged count must not reserve much
            for _ in 0 ..< n { out.append(try body(&self)) }
            return out
        }
        mutating func strings() throws -> [String] { try array { r in try r.string() } }
        mutating func enumeration<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == String {
            guard let e = E(rawValue: try string()) else { throw Malformed() }
            return e
        }
        mutating func day() throws -> Day {
            guard let d = Day(year: try int(), month: try int(), day: try int()) else { throw Malformed() }
            return d
        }
        mutating func key() throws -> ItemKey { ItemKey(requirement: try string(), system: try optionalString()) }
        mutating func location() throws -> SourceLocation { SourceLocation(line: try int(), column: try int()) }
    }
}

extension ProgrammeImage {
    /// The image's table, made on first use (so a workpaper of any schema version may have it).
    static let tableSQL = """
        CREATE TABLE IF NOT EXISTS programme_image (id INTEGER PRIMARY KEY CHECK (id = 1),
            sha256 TEXT NOT NULL, body BLOB NOT NULL)
        """

    /// Keeps the image of `programme`, decoded from the snapshot whose SHA-256 is `sha256`
    /// (the table is made on first use: workpapers without it simply parse their snapshot).
    static func store(_ programme: Programme, of sha256: String, in db: Database) throws {
        try db.execute(sql: tableSQL)
        try db.execute(sql: "INSERT OR REPLACE INTO programme_image (id, sha256, body) VALUES (1, ?, ?)",
                       arguments: [sha256, Data(encode(programme))])
    }

    /// The image kept in the workpaper, with the SHA-256 of the snapshot it was made from; nil
    /// when there is none.
    static func stored(in db: Database) throws -> (sha256: String, body: [UInt8])? {
        guard try db.tableExists("programme_image"),
              let row = try Row.fetchOne(db, sql: "SELECT sha256, body FROM programme_image WHERE id = 1"),
              let sha: String = row["sha256"], let body: Data = row["body"] else { return nil }
        return (sha, Array(body))
    }
}
