import Foundation

/// A calendar day (proleptic Gregorian, no time zone), as programme files write it: `YYYY-MM-DD`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (other separators, missing zeros, 2026-02-30) is nil.
    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func number(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard (48...57).contains(u[i]) else { return nil }
                n = n * 10 + Int(u[i] - 48)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Today in UTC, the day journal times are written in (by the program's `AuditClock`).
    public static func today(_ now: Date = AuditClock.now()) -> Day {
        Day(ordinal: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day `n` months later (earlier for negative `n`), clamped to the month's last day.
    public func adding(months n: Int) -> Day {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))!
    }

    /// Whole days from `other` to `self`.
    public func days(since other: Day) -> Int { ordinal - other.ordinal }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A closed range of days; either end may be open.
public struct DayInterval: Sendable, Hashable {
    public var from: Day?
    public var to: Day?
    public init(from: Day?, to: Day?) { self.from = from; self.to = to }

    public func overlaps(_ start: Day, _ end: Day) -> Bool {
        (from.map { $0 <= end } ?? true) && (to.map { $0 >= start } ?? true)
    }

    /// When, in words: "from 2023-02-01 to 2026-01-31" (`compact`, where room is short:
    /// "2023-02-01–2026-01-31"), "since 2024-03-01", "until 2026-01-31"; nil when open at both ends.
    public func inWords(compact: Bool = false) -> String? {
        switch (from, to) {
        case let (f?, t?): compact ? "\(f)–\(t)" : "from \(f) to \(t)"
        case let (f?, nil): "since \(f)"
        case let (nil, t?): "until \(t)"
        case (nil, nil): nil
        }
    }
}

/// "10 months", "3 weeks", "12 days": a rough span for sentences a person reads.
public func spanInWords(days: Int) -> String {
    let d = abs(days)
    if d < 45 { return d == 1 ? "1 day" : "\(d) days" }
    let months = Int((Double(d) / 30.436875).rounded())
    if months < 24 { return "\(months) months" }
    let years = Double(d) / 365.25
    let rounded = (years * 10).rounded() / 10
    return rounded == rounded.rounded() ? "\(Int(rounded)) years" : "\(rounded) years"
}
