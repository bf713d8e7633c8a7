import Foundation

/// The program's clock: the time the journal records and the day "today" is. It is the system's
/// clock unless `AIMSAUDIT_NOW` names a UTC time (`2026-11-24T09:00:00Z`) for it to start from,
/// so that a demonstration or a test replays an audit on its own dates; from there it runs on as
/// the system's does. Like any laptop's clock it is the recorder's word (see `verify`).
public enum AuditClock {
    /// The variable that sets where the clock starts.
    public static let variable = "AIMSAUDIT_NOW"

    /// How far the clock is from the system's, read once.
    static let offset: TimeInterval = {
        guard let text = ProcessInfo.processInfo.environment[variable], let start = parse(text) else { return 0 }
        return start.timeIntervalSinceNow
    }()

    /// A time that stands still for the task that sets it (a test of records made in one instant).
    @TaskLocal public static var stopped: Date?

    public static func now() -> Date { stopped ?? Date().addingTimeInterval(offset) }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]Z`, or a bare `YYYY-MM-DD` (its midnight, UTC).
    public static func parse(_ text: String) -> Date? {
        guard let day = Day(iso: String(text.prefix(10))) else { return nil }
        var seconds = Double(day.ordinal) * 86_400
        if text.count == 10 { return Date(timeIntervalSince1970: seconds) }
        let rest = Array(text.dropFirst(10))
        guard rest.count >= 10, rest.first == "T", rest.last == "Z",
              let h = Int(String(rest[1...2])), let m = Int(String(rest[4...5])), let s = Double(String(rest[7..<(rest.count - 1)])),
              rest[3] == ":", rest[6] == ":", (0..<24).contains(h), (0..<60).contains(m), (0..<61).contains(s) else { return nil }
        seconds += Double(h * 3600 + m * 60) + s
        return Date(timeIntervalSince1970: seconds)
    }
}
