/// When and how often a customer may be phoned or sent a message in one country. Written
/// messages (SMS, e-mail) keep the same hours as calls: a text at 04:00 wakes people too.
///
/// Windows are half-open local-time ranges of minutes since midnight: `8*60..<21*60` allows a call
/// starting at 08:00 and at 20:59, not at 21:00. A nil window means no calls on those days.
public struct ContactPolicy: Sendable, Hashable {
    /// Allowed call start times Monday to Friday.
    public var weekdayWindow: Range<Int>?
    /// Allowed call start times on Saturdays.
    public var saturdayWindow: Range<Int>?
    /// Allowed call start times on Sundays.
    public var sundayWindow: Range<Int>?
    /// Whether calls are allowed on public holidays and bank closing days (Christmas Eve etc.).
    public var callsOnHolidays: Bool
    /// Most calls per local calendar day.
    public var maxCallsPerDay: Int
    /// Most calls per ISO week (Monday to Sunday, local time).
    public var maxCallsPerWeek: Int
    /// Most calls per calendar month (local time).
    public var maxCallsPerMonth: Int
    /// Most written messages (SMS and e-mail together) per local calendar day.
    public var maxMessagesPerDay: Int
    /// Most written messages per ISO week (local time).
    public var maxMessagesPerWeek: Int

    /// A policy; windows must lie within one day and limits must be non-negative.
    public init(weekdayWindow: Range<Int>?, saturdayWindow: Range<Int>?, sundayWindow: Range<Int>?,
                callsOnHolidays: Bool, maxCallsPerDay: Int, maxCallsPerWeek: Int, maxCallsPerMonth: Int,
                maxMessagesPerDay: Int = 1, maxMessagesPerWeek: Int = 3) {
        for window in [weekdayWindow, saturdayWindow, sundayWindow].compactMap({ $0 }) {
            precondition(window.lowerBound >= 0 && window.upperBound <= LocalDateTime.minutesPerDay,
                         "contact window outside the day: \(window)")
        }
        precondition(maxCallsPerDay >= 0 && maxCallsPerWeek >= 0 && maxCallsPerMonth >= 0
                     && maxMessagesPerDay >= 0 && maxMessagesPerWeek >= 0, "negative contact limit")
        self.weekdayWindow = weekdayWindow
        self.saturdayWindow = saturdayWindow
        self.sundayWindow = sundayWindow
        self.callsOnHolidays = callsOnHolidays
        self.maxCallsPerDay = maxCallsPerDay
        self.maxCallsPerWeek = maxCallsPerWeek
        self.maxCallsPerMonth = maxCallsPerMonth
        self.maxMessagesPerDay = maxMessagesPerDay
        self.maxMessagesPerWeek = maxMessagesPerWeek
    }

    /// The allowed window on a day of the week, nil when no calls are allowed that day.
    public func window(on weekday: Weekday) -> Range<Int>? {
        switch weekday {
        case .saturday: saturdayWindow
        case .sunday: sundayWindow
        default: weekdayWindow
        }
    }

    /// `hh:mm` for a minute of the day (`24:00` for the end of the day).
    static func clock(_ minuteOfDay: Int) -> String {
        let hour = minuteOfDay / 60, minute = minuteOfDay % 60
        return (hour < 10 ? "0\(hour)" : "\(hour)") + ":" + (minute < 10 ? "0\(minute)" : "\(minute)")
    }
}
