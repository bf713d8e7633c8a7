import Crypto
import Foundation
import GRDB
import Yams

/// Who recorded it, provably: a person the programme lists with `key: ed25519:BASE64` signs every
/// event recorded as them with the private key kept on their own machine, under
/// `$XDG_CONFIG_HOME/aimsaudit/keys/` (else `~/.config/aimsaudit/keys/`), readable by them alone.
public enum Keys {
    public static let prefix = "ed25519:"

    public static func directory(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return URL(fileURLWithPath: config).appendingPathComponent("aimsaudit/keys")
    }

    static func file(for person: String) -> URL { directory().appendingPathComponent("\(person).ed25519") }

    /// The public key a programme line gives, or nil when it is not one.
    public static func publicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.hasPrefix(prefix), let data = Data(base64Encoded: String(text.dropFirst(prefix.count))) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: data)
    }

    public static func line(_ key: Curve25519.Signing.PublicKey) -> String { prefix + key.rawRepresentation.base64EncodedString() }

    /// Makes a person's key on this machine (never over one they have) and gives the public key's line.
    public static func make(for person: String) throws(WorkpaperError) -> (file: String, publicLine: String) {
        let url = file(for: person)
        if FileManager.default.fileExists(atPath: url.path) {
            throw .exists("\(url.path) already exists: \(person) has a key on this machine (its public line: `aimsaudit key show --as \(person)`)")
        }
        let key = Curve25519.Signing.PrivateKey()
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw WorkpaperError.cannotCreate("cannot create \(url.path): \(String(cString: strerror(errno)))") }
            let text = Array((prefix + key.rawRepresentation.base64EncodedString() + "\n").utf8)
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            fsync(fd)
            close(fd)
            guard written == text.count else { throw WorkpaperError.io("cannot write \(url.path)") }
        } catch let e as WorkpaperError { throw e } catch {
            throw .cannotCreate("cannot create \(url.path): \(error.localizedDescription)")
        }
        return (url.path, line(key.publicKey))
    }

    /// A person's private key on this machine, if they have one.
    public static func privateKey(for person: String) -> Curve25519.Signing.PrivateKey? {
        guard let text = try? String(contentsOf: file(for: person), encoding: .utf8) else { return nil }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix(prefix), let data = Data(base64Encoded: String(line.dropFirst(prefix.count))) else { return nil }
        return try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
    }

    /// The keys a programme's text lists, by person.
    static func listed(inProgramme text: String) -> [String: Curve25519.Signing.PublicKey] {
        // Most programmes list no key: they are not parsed again for none.
        guard text.contains(prefix), let top = (try? Yams.load(yaml: text)) as? [String: Any], let people = top["people"] as? [[String: Any]] else { return [:] }
        var out: [String: Curve25519.Signing.PublicKey] = [:]
        for p in people {
            if let id = p["id"] as? String, let k = (p["key"] as? String).flatMap(publicKey) { out[id] = k }
        }
        return out
    }

    /// Whether the snapshot lists a key (looked for without reading its text out: 2 MB at 10,000 items).
    static func listed(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT instr(source, ?) > 0 FROM programme WHERE id = 1", arguments: [prefix]) ?? false
    }

    static func verify(_ signature: String?, of hash: String, by key: Curve25519.Signing.PublicKey) -> Bool {
        guard let signature, let data = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(data, for: Data(hash.utf8))
    }
}

extension WorkpaperFile {
    /// The public keys the programme snapshot lists, by person.
    public var publicKeys: [String: Curve25519.Signing.PublicKey] {
        if let keyCache { return keyCache }
        // Most programmes list no key: SQLite looks for one before the text is read out.
        let text = (try? db.read { db in
            try String.fetchOne(db, sql: "SELECT source FROM programme WHERE id = 1 AND instr(source, ?) > 0", arguments: [Keys.prefix])
        }) ?? nil
        let keys = Keys.listed(inProgramme: text ?? "")
        keyCache = keys
        return keys
    }

    /// How events recorded as `actor` are signed: nil when the programme lists no key for them.
    /// Refused when it does and this machine does not hold the matching private key.
    func signer(for actor: String) throws(WorkpaperError) -> ((String) -> String)? {
        guard let listed = publicKeys[actor] else { return nil }
        guard let key = Keys.privateKey(for: actor) else {
            throw .refused("the programme lists a key for \(actor), and this machine has none (\(Keys.file(for: actor).path)): only \(actor), on their own machine, can record as \(actor)")
        }
        guard key.publicKey.rawRepresentation == listed.rawRepresentation else {
            throw .refused("the key of \(actor) on this machine (\(Keys.file(for: actor).path)) is not the one the programme lists for \(actor)")
        }
        return { hash in ((try? key.signature(for: Data(hash.utf8))) ?? Data()).base64EncodedString() }
    }

    /// Why an event's signature does not hold, or nil when it does or its author has no key.
    func signatureProblem(_ e: JournalEntry) -> String? {
        guard let key = publicKeys[e.actor] else { return nil }
        if e.sig == nil { return "event \(e.rseq) of replica \(e.replica) (\(e.type) by \(e.actor) at \(e.time)) is not signed, and the programme lists a key for \(e.actor)" }
        if !Keys.verify(e.sig, of: e.hash, by: key) {
            return "event \(e.rseq) of replica \(e.replica) (\(e.type) by \(e.actor) at \(e.time)) does not carry \(e.actor)'s signature: it was not recorded by \(e.actor), or was changed since"
        }
        return nil
    }
}

extension WorkpaperFile {
    /// How many events each person whose key the programme lists signed.
    public func signedCounts() throws(WorkpaperError) -> [String: Int] {
        let keyed = publicKeys
        guard !keyed.isEmpty else { return [:] }
        do {
            var out: [String: Int] = [:]
            for e in try db.read({ db in try Self.teamEntries(db) }) where e.sig != nil && keyed[e.actor] != nil { out[e.actor, default: 0] += 1 }
            return out
        } catch { throw .io("cannot read the journal of \(path): \(error)") }
    }
}

extension WorkpaperFile {
    /// Why `actor` cannot record in this workpaper on this machine (the programme lists their key
    /// and this machine does not hold it), or nil: for the screen to say so when it opens, rather
    /// than at the first save.
    public func signingRefusal(for actor: String) -> String? {
        do { _ = try signer(for: actor); return nil } catch { return error.message }
    }
}
