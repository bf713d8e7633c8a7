import AuditCore
import GRDB

/// What came in from the other replicas (by `merge` or `sync`) since the screen last opened this
/// workpaper for writing: the screen says so when it opens. The mark is the journal's position
/// then, kept in `meta` as `seen_seq`; a fork starts with its own position, so that what it was
/// forked with is not news. Without a mark, everything recorded on other replicas came in.
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
            guard try Self.hasReplicas(db) else { return [] }
            let seen = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.seenKey]).flatMap { Int($0) } ?? 0
            return try Row.fetchAll(db, sql: """
                SELECT actor, count(*) AS n, max(time) AS last FROM journal WHERE seq > ? AND replica != ?
                GROUP BY actor ORDER BY last DESC, actor
                """, arguments: [seen, mine]).map { Arrival(actor: $0["actor"], count: $0["n"], last: $0["last"]) }
        }
        return found ?? []
    }

    /// Marks everything in the journal now as seen. Only a writer marks; a mark that cannot be
    /// written (a full disk) is left: the next open says the same again.
    public func markSeen() {
        guard lock != nil, !isGone else { return }
        _ = try? db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [Self.seenKey, String(head.seq)])
        }
        catchUp()
    }
}
