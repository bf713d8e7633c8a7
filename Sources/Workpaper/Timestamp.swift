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
        return "\(digits(Int(parts.tm_year) + 1900, 4))-\(digits(Int(parts.tm_mon) + 1, 2))-\(digits(Int(parts.tm_mday), 2))T"
            + "\(digits(Int(parts.tm_hour), 2)):\(digits(Int(parts.tm_min), 2)):\(digits(Int(parts.tm_sec), 2)).\(digits(milliseconds, 3))Z"
    }

    /// The local time of day, HH:MM:SS, as the screen says when it saved (by hand too: a
    /// `DateFormatter` brings in megabytes of ICU).
    public static func clockTime() -> String {
        var now = time(nil), parts = tm()
        localtime_r(&now, &parts)
        return "\(digits(Int(parts.tm_hour), 2)):\(digits(Int(parts.tm_min), 2)):\(digits(Int(parts.tm_sec), 2))"
    }
}

/// `n` in decimal, zero-padded to `width` digits.
private func digits(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
