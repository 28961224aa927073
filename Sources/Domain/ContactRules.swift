/// Calls already made to a customer, counted in the customer's local time.
public struct CallCounts: Sendable, Hashable {
    /// Calls on the local calendar day of the proposed call.
    public var today: Int
    /// Calls in the ISO week (Monday to Sunday) of the proposed call.
    public var thisWeek: Int
    /// Calls in the calendar month of the proposed call.
    public var thisMonth: Int

    /// Counts; none may be negative.
    public init(today: Int, thisWeek: Int, thisMonth: Int) {
        precondition(today >= 0 && thisWeek >= 0 && thisMonth >= 0, "negative call count")
        self.today = today
        self.thisWeek = thisWeek
        self.thisMonth = thisMonth
    }

    /// No calls yet.
    public static let none = CallCounts(today: 0, thisWeek: 0, thisMonth: 0)
}

/// Whether a call may be made, and if not, why (a stable code and a message).
public enum ContactDecision: Sendable, Hashable {
    /// The call may be made now.
    case allowed
    /// The call may not be made; `code` is one of the `CONTACT_` codes.
    case refused(code: String, message: String)

    /// True for `.allowed`.
    public var isAllowed: Bool { self == .allowed }

    /// The refusal code, nil when allowed.
    public var code: String? {
        if case .refused(let code, _) = self { return code }
        return nil
    }
}

/// Good collection practice for phone calls: opt-out, quiet days, allowed hours and call limits.
public enum ContactRules {
    /// Codes of `ContactDecision.refused`.
    public enum Code {
        /// The customer opted out of calls.
        public static let optedOut = "CONTACT_OPTED_OUT"
        /// A public holiday or bank closing day.
        public static let holiday = "CONTACT_HOLIDAY"
        /// Outside the allowed window for that day of the week.
        public static let outsideHours = "CONTACT_OUTSIDE_HOURS"
        /// The day's call limit is reached.
        public static let limitDay = "CONTACT_LIMIT_DAY"
        /// The ISO week's call limit is reached.
        public static let limitWeek = "CONTACT_LIMIT_WEEK"
        /// The month's call limit is reached.
        public static let limitMonth = "CONTACT_LIMIT_MONTH"
        /// All refusal codes.
        public static let all = [optedOut, holiday, outsideHours, limitDay, limitWeek, limitMonth]
    }

    /// Days `nextCallWindowStart` looks ahead; the longest run of no-call days (Easter weekend
    /// plus a Sunday) is far shorter.
    public static let searchDaysMax = 14

    /// Whether a call may start at local time `time` in `country`, checked in this order: the
    /// customer opted out; a public holiday or bank closing day (when the policy forbids calls on
    /// them); outside the window for that day of the week (Sundays have none in the standard
    /// rules); the day, week and month limits (`callsSoFar` must count calls in the same local
    /// day, ISO week and calendar month as `time`).
    public static func mayCall(at time: LocalDateTime, country: Country, callsSoFar: CallCounts,
                               optedOut: Bool, rules: ContactPolicy) -> ContactDecision {
        if optedOut {
            return .refused(code: Code.optedOut, message: "the customer has opted out of phone calls")
        }
        if !rules.callsOnHolidays, let name = holidayName(time.day, country: country) {
            return .refused(code: Code.holiday, message: "no calls on \(time.day), \(name) in \(country)")
        }
        let weekday = time.day.weekday
        guard let window = rules.window(on: weekday) else {
            return .refused(code: Code.outsideHours, message: "no calls on \(weekday)s in \(country)")
        }
        guard window.contains(time.minuteOfDay) else {
            return .refused(code: Code.outsideHours,
                            message: "calls on \(weekday)s in \(country) may start from \(ContactPolicy.clock(window.lowerBound)) and before \(ContactPolicy.clock(window.upperBound)), not at \(ContactPolicy.clock(time.minuteOfDay))")
        }
        if callsSoFar.today >= rules.maxCallsPerDay {
            return .refused(code: Code.limitDay, message: "already \(callsSoFar.today) of at most \(rules.maxCallsPerDay) calls today")
        }
        if callsSoFar.thisWeek >= rules.maxCallsPerWeek {
            return .refused(code: Code.limitWeek, message: "already \(callsSoFar.thisWeek) of at most \(rules.maxCallsPerWeek) calls this week")
        }
        if callsSoFar.thisMonth >= rules.maxCallsPerMonth {
            return .refused(code: Code.limitMonth, message: "already \(callsSoFar.thisMonth) of at most \(rules.maxCallsPerMonth) calls this month")
        }
        return .allowed
    }

    /// The earliest local time at or after `time` when a call is allowed by the calendar and the
    /// hours (not by opt-out or limits), for scheduling the next attempt; nil when none within
    /// `searchDaysMax` days.
    public static func nextCallWindowStart(onOrAfter time: LocalDateTime, country: Country,
                                           rules: ContactPolicy) -> LocalDateTime? {
        var day = time.day
        var earliestMinute = time.minuteOfDay
        for _ in 0..<searchDaysMax {
            let quietDay = !rules.callsOnHolidays && holidayName(day, country: country) != nil
            if !quietDay, let window = rules.window(on: day.weekday), !window.isEmpty,
               earliestMinute < window.upperBound {
                return LocalDateTime(day: day, minuteOfDay: Swift.max(earliestMinute, window.lowerBound))
            }
            guard let nextDay = day.advanced(byDays: 1) else { return nil }
            day = nextDay
            earliestMinute = 0
        }
        return nil
    }

    /// The name of the public holiday or bank closing day `day` is in `country`, if any. Calls
    /// follow the bank calendar, which is stricter than the public holidays alone (Christmas Eve,
    /// New Year's Eve and, in Sweden, Midsummer Eve are quiet days too).
    static func holidayName(_ day: Day, country: Country) -> String? {
        guard HolidayCalendar.isNonBankingHoliday(day, country: country) else { return nil }
        return HolidayCalendar.nonBankingDays(country: country, year: day.year)[day]
    }
}
