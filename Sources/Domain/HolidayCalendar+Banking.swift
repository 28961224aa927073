extension HolidayCalendar {
    /// The longest run of consecutive non-banking days any calendar produces (Easter in Norway and
    /// Denmark: Thursday to Monday) with margin; walking further means a broken calendar.
    static let nonBankingRunMax = 10

    /// Non-banking days (holidays and bank closing days, not weekends) of the supported years,
    /// by country, as day numbers. Built once, on first use, thread-safely (a global `let`).
    private static let nonBankingTable: [Country: Set<Int>] = {
        var table: [Country: Set<Int>] = [:]
        for country in Country.allCases {
            var days = Set<Int>()
            for year in supportedYears {
                for holiday in holidays(country: country, year: year) { days.insert(holiday.day.daysSinceEpoch) }
            }
            table[country] = days
        }
        return table
    }()

    /// True for a statutory public holiday of `country` (ordinary Sundays excluded).
    public static func isPublicHoliday(_ day: Day, country: Country) -> Bool {
        publicHolidays(country: country, year: day.year)[day] != nil
    }

    /// True when `day` is a holiday or a bank closing day of `country` (weekends excluded).
    public static func isNonBankingHoliday(_ day: Day, country: Country) -> Bool {
        if supportedYears.contains(day.year) {
            return nonBankingTable[country]!.contains(day.daysSinceEpoch)
        }
        return nonBankingDays(country: country, year: day.year)[day] != nil
    }

    /// True when banks in `country` settle payments on `day`: Monday to Friday and neither a
    /// public holiday nor a bank closing day.
    public static func isBankingDay(_ day: Day, country: Country) -> Bool {
        !day.weekday.isWeekend && !isNonBankingHoliday(day, country: country)
    }

    /// `day` itself when it is a banking day, otherwise the next one.
    public static func nextBankingDay(onOrAfter day: Day, country: Country) -> Day {
        var candidate = day
        for _ in 0...nonBankingRunMax {
            if isBankingDay(candidate, country: country) { return candidate }
            candidate = candidate.adding(days: 1)
        }
        preconditionFailure("no banking day within \(nonBankingRunMax) days after \(day) in \(country)")
    }

    /// The `count`-th banking day after `day` (before it when negative); `day` itself for 0,
    /// even when it is not a banking day. Example: 2 banking days after Friday 2026-04-03
    /// (Good Friday) in Sweden is Wednesday 2026-04-08.
    public static func addingBankingDays(_ count: Int, to day: Day, country: Country) -> Day {
        let step = count >= 0 ? 1 : -1
        var remaining = count.magnitude
        var current = day
        while remaining > 0 {
            var walked = 0
            repeat {
                current = current.adding(days: step)
                walked += 1
                precondition(walked <= nonBankingRunMax, "no banking day near \(current) in \(country)")
            } while !isBankingDay(current, country: country)
            remaining -= 1
        }
        return current
    }

    /// Banking days in `country` from `start` (exclusive) to `end` (inclusive); 0 when `end <= start`.
    public static func bankingDays(after start: Day, through end: Day, country: Country) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var day = start.adding(days: 1)
        while day <= end {
            if isBankingDay(day, country: country) { count += 1 }
            day = day.adding(days: 1)
        }
        return count
    }
}
