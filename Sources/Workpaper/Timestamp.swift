import AuditCore
import Foundation

extension WorkpaperFile {
    /// The one timestamp aimsaudit writes (journal times and the creation time by the program's
    /// `AuditClock`; the writer's lock by the system's): UTC with milliseconds,
    /// `2026-11-23T09:00:00.000Z`, cut (not rounded) to the millisecond.
    /// Written by hand: making an ISO8601DateFormatter costs more than a save costs to commit,
    /// and a shared one is not safe across threads.
    static func timestamp(_ date: Date = AuditClock.now()) -> String {
        let t = date.timeIntervalSince1970
        var seconds = time_t(t.rounded(.down))
        let milliseconds = min(999, Int(((t - t.rounded(.down)) * 1000).rounded(.down)))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), milliseconds)
    }
}
