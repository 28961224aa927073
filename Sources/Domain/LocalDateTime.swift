/// A wall-clock time in a country: the local calendar day and the minute of that day.
///
/// Contact rules reason in local time. `Country.localDateTime(unixSeconds:)` converts from UTC
/// without Foundation: all three countries keep Central European Time (UTC+1) with the EU summer
/// time rule (UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October), in force since 1996. Earlier instants are converted with the same rule.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes in a day.
    public static let minutesPerDay = 1440

    /// The local calendar day.
    public let day: Day
    /// Minutes since local midnight, 0...1439.
    public let minuteOfDay: Int

    /// A local time; `minuteOfDay` must be 0...1439.
    public init(day: Day, minuteOfDay: Int) {
        precondition((0..<LocalDateTime.minutesPerDay).contains(minuteOfDay), "minute of day out of range: \(minuteOfDay)")
        self.day = day
        self.minuteOfDay = minuteOfDay
    }

    /// A local time from hour (0...23) and minute (0...59); nil outside those ranges.
    public init?(day: Day, hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.init(day: day, minuteOfDay: hour * 60 + minute)
    }

    /// Hour of the day, 0...23.
    public var hour: Int { minuteOfDay / 60 }
    /// Minute of the hour, 0...59.
    public var minute: Int { minuteOfDay % 60 }

    /// `YYYY-MM-DD HH:MM`.
    public var description: String {
        let hh = hour < 10 ? "0\(hour)" : "\(hour)"
        let mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return "\(day) \(hh):\(mm)"
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.day, lhs.minuteOfDay) < (rhs.day, rhs.minuteOfDay)
    }
}

extension Country {
    /// The local wall-clock time in this country at `unixSeconds` (seconds since 1970-01-01 UTC).
    /// Instants whose local day falls outside years 1...9999 are a caller bug.
    public func localDateTime(unixSeconds: Int64) -> LocalDateTime {
        let offsetSeconds: Int64 = Country.isEuropeanSummerTime(unixSeconds: unixSeconds) ? 7200 : 3600
        let local = unixSeconds + offsetSeconds
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let second = Int(local - days * 86_400)
        return LocalDateTime(day: Day(unchecked: Int(days)), minuteOfDay: second / 60)
    }

    /// The instant (seconds since 1970-01-01 UTC) of local time `local` in this country. A local
    /// time that occurs twice (the October hour) gives the first; one that does not exist (the
    /// March hour) gives the instant an hour later on the clock.
    public func unixSeconds(of local: LocalDateTime) -> Int64 {
        let wall = Int64(local.day.daysSinceEpoch) * 86_400 + Int64(local.minuteOfDay) * 60
        let summer = wall - 7200
        return Country.isEuropeanSummerTime(unixSeconds: summer) ? summer : wall - 3600
    }

    /// True between 01:00 UTC on the last Sunday of March and 01:00 UTC on the last Sunday of October.
    static func isEuropeanSummerTime(unixSeconds: Int64) -> Bool {
        let utcDays = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let year = Day(unchecked: Int(utcDays)).year
        func switchInstant(month: Int) -> Int64 {
            let lastOfMonth = Day(year: year, month: month, day: 31)!  // March and October have 31 days
            let lastSunday = lastOfMonth.adding(days: -((lastOfMonth.weekday.indexFromMonday + 1) % 7))
            return Int64(lastSunday.daysSinceEpoch) * 86_400 + 3600
        }
        return unixSeconds >= switchInstant(month: 3) && unixSeconds < switchInstant(month: 10)
    }
}
