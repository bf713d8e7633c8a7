import AuditCore
import GRDB

/// What came in from the other replicas (by `merge` or `sync`) since the screen last had this
/// workpaper open for writing: the screen says so when it opens. The mark is the journal's
/// position when that screen quit, kept in `meta` as `seen_seq`; a fork starts with its own
/// position, so that what it was forked with is not news. Without a mark, everything recorded on
/// other replicas came in.
extension WorkpaperFile {
    /// Events of one author that came in.
    public struct Arrival: Sendable, Hashable {
        public var actor: String
        public var count: Int
        /// The time of the latest of them, as the journal keeps it (UTC).
        public var last: String
    }

    static let seenKey = "seen_seq"

    /// Events recorded on other replicas that came in after the mark, by author (in order of
    /// their latest event, the most recent first); none when they cannot be read.
    public func arrivals() -> [Arrival] {
        let mine = replica.name
        let found = try? db.read { db -> [Arrival] in
            // Read from the mark on (nothing, once it is at the head), and only when another
            // replica's events are there at all (found by index seeks, not a pass over the journal).
            let seen = try Self.seenMark(db) ?? 0
            guard seen < head.seq, try Self.hasReplicas(db), try Self.replicaNames(db).contains(where: { $0 != mine }) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT actor, count(*) AS n, max(time) AS last FROM journal WHERE seq > ? AND replica != ?
                GROUP BY actor ORDER BY last DESC, actor
                """, arguments: [seen, mine]).map { Arrival(actor: $0["actor"], count: $0["n"], last: $0["last"]) }
        }
        return found ?? []
    }

    static func seenMark(_ db: Database) throws -> Int? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [seenKey]).flatMap { Int($0) }
    }

    /// Marks everything in the journal now as seen. Only a writer marks, and only when the mark
    /// moves; a mark that cannot be written (a full disk) is left: the next open says the same again.
    public func markSeen() {
        guard lock != nil, !isGone, ((try? db.read { db in try Self.seenMark(db) }) ?? nil) != head.seq else { return }
        _ = try? db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.seenKey, String(head.seq)])
        }
        catchUp()
    }
}
