/// A calendar date without time or zone: days since 1970-01-01 in the proleptic Gregorian
/// calendar, years 1...9999. "Today" is always passed in by the caller; this type has no clock.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// Days since the epoch of 0001-01-01, the first representable day.
    public static let daysSinceEpochMin = -719_162
    /// Days since the epoch of 9999-12-31, the last representable day.
    public static let daysSinceEpochMax = 2_932_896
    /// 1970-01-01.
    public static let epoch = Day(unchecked: 0)

    init(unchecked days: Int) {
        precondition(days >= Day.daysSinceEpochMin && days <= Day.daysSinceEpochMax, "day out of range: \(days)")
        daysSinceEpoch = days
    }

    /// The day `days` after 1970-01-01; nil outside 0001-01-01...9999-12-31.
    public init?(daysSinceEpoch days: Int) {
        guard days >= Day.daysSinceEpochMin, days <= Day.daysSinceEpochMax else { return nil }
        daysSinceEpoch = days
    }

    /// The given date; nil when the parts name no real date in years 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        // Days from civil (H. Hinnant): count years from March so the leap day ends the year.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400  // y >= 0 here
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// The date of `year`-`month` with `day` clamped to the month's last day (31 → 28/29 in
    /// February); nil outside years 1...9999 or for a month outside 1...12 or a day below 1.
    public static func clamped(year: Int, month: Int, day: Int) -> Day? {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return nil }
        return Day(year: year, month: month, day: Swift.min(day, daysIn(month: month, year: year)))
    }

    /// Parses `YYYY-MM-DD` strictly: ASCII digits, four-digit year, two-digit month and day.
    public init?(iso8601 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month (1...12) and day of month (1...31).
    public var components: (year: Int, month: Int, day: Int) {
        // Civil from days (H. Hinnant).
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year (1...9999).
    public var year: Int { components.year }
    /// The month (1...12).
    public var month: Int { components.month }
    /// The day of the month (1...31).
    public var day: Int { components.day }

    /// The day of the week (1970-01-01 was a Thursday).
    public var weekday: Weekday {
        let mondayBased = ((daysSinceEpoch % 7) + 7 + 3) % 7
        return Weekday.allCases[mondayBased]
    }

    /// The day `days` later (earlier when negative); nil when that leaves years 1...9999.
    public func advanced(byDays days: Int) -> Day? {
        let (value, overflow) = daysSinceEpoch.addingReportingOverflow(days)
        return overflow ? nil : Day(daysSinceEpoch: value)
    }

    /// The day `days` later (earlier when negative). Leaving years 1...9999 is a bug in the caller;
    /// use `advanced(byDays:)` for input-driven arithmetic.
    public func adding(days: Int) -> Day {
        guard let day = advanced(byDays: days) else { preconditionFailure("\(self) + \(days) days is out of range") }
        return day
    }

    /// The same day-of-month `months` later (earlier when negative), clamped to the month's end:
    /// 31 Jan + 1 month = 28 Feb (29 in leap years). Nil when that leaves years 1...9999.
    public func advanced(byMonths months: Int, preferredDay: Int? = nil) -> Day? {
        let (year, month, day) = components
        let (index, overflow) = (year * 12 + month - 1).addingReportingOverflow(months)
        guard !overflow, index >= 0 else { return nil }
        return Day.clamped(year: index / 12, month: index % 12 + 1, day: preferredDay ?? day)
    }

    /// `advanced(byMonths:)` for arithmetic that cannot leave the range unless the caller has a bug.
    public func adding(months: Int) -> Day {
        guard let day = advanced(byMonths: months) else { preconditionFailure("\(self) + \(months) months is out of range") }
        return day
    }

    /// Whole days from `other` to `self` (positive when `self` is later).
    public func days(since other: Day) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    /// The Monday of this day's ISO week (weeks run Monday to Sunday).
    public var startOfWeek: Day { adding(days: -weekday.indexFromMonday) }

    /// The first day of this day's month.
    public var startOfMonth: Day { adding(days: 1 - day) }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = components
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: Swift.max(0, width - text.count)) + text
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// True for years divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days in `month` of `year` (28...31).
    public static func daysIn(month: Int, year: Int) -> Int {
        precondition((1...12).contains(month), "month out of range: \(month)")
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
