/// Public holidays and bank closing days of Sweden, Norway and Denmark, computed for any year
/// (Easter by the Gregorian computus), and banking-day arithmetic on top of them.
///
/// The rules per country, and the year each changed, are in `docs/DOMAIN.md`. Years in
/// `supportedYears` are checked against known dates; other years are computed with the same rules.
public enum HolidayCalendar {
    /// Years the calendars are maintained for; the scheduler refuses due dates outside them.
    public static let supportedYears = 1900...2200

    /// Statutory public holidays of `country` in `year` (not ordinary Sundays), name by date.
    public static func publicHolidays(country: Country, year: Int) -> [Day: String] {
        var result: [Day: String] = [:]
        for holiday in holidays(country: country, year: year) where holiday.kind == .publicHoliday {
            result[holiday.day] = holiday.name
        }
        return result
    }

    /// Every non-banking day of `country` in `year` other than ordinary weekends: the public
    /// holidays plus the bank closing days (e.g. Christmas Eve), name by date.
    public static func nonBankingDays(country: Country, year: Int) -> [Day: String] {
        var result: [Day: String] = [:]
        for holiday in holidays(country: country, year: year) { result[holiday.day] = holiday.name }
        return result
    }

    /// Public holidays and bank closing days of `country` in `year`, in date order.
    public static func holidays(country: Country, year: Int) -> [Holiday] {
        precondition((1...9999).contains(year), "year out of range: \(year)")
        let easter = easterSunday(year: year)
        var builder = Builder(year: year, easter: easter)
        switch country {
        case .se: builder.addSweden()
        case .no: builder.addNorway()
        case .dk: builder.addDenmark()
        }
        return builder.sorted()
    }

    /// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian algorithm,
    /// Meeus/Jones/Butcher).
    public static func easterSunday(year: Int) -> Day {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: day)!
    }

    /// Collects one year's entries, merging days on which two holidays coincide.
    struct Builder {
        let year: Int
        let easter: Day
        private var byDay: [Day: Holiday] = [:]

        init(year: Int, easter: Day) {
            self.year = year
            self.easter = easter
        }

        mutating func add(_ day: Day, _ name: String, _ kind: Holiday.Kind = .publicHoliday) {
            if let existing = byDay[day] {
                let merged: Holiday.Kind = existing.kind == .publicHoliday || kind == .publicHoliday
                    ? .publicHoliday : .bankClosingDay
                byDay[day] = Holiday(day: day, name: existing.name + " / " + name, kind: merged)
            } else {
                byDay[day] = Holiday(day: day, name: name, kind: kind)
            }
        }

        mutating func add(month: Int, day: Int, _ name: String, _ kind: Holiday.Kind = .publicHoliday) {
            add(Day(year: year, month: month, day: day)!, name, kind)
        }

        mutating func add(easterOffset: Int, _ name: String, _ kind: Holiday.Kind = .publicHoliday) {
            add(easter.adding(days: easterOffset), name, kind)
        }

        /// The first `weekday` on or after `month`/`day` of this year.
        func first(_ weekday: Weekday, onOrAfterMonth month: Int, day: Int) -> Day {
            let start = Day(year: year, month: month, day: day)!
            let ahead = (weekday.indexFromMonday - start.weekday.indexFromMonday + 7) % 7
            return start.adding(days: ahead)
        }

        func sorted() -> [Holiday] { byDay.values.sorted() }
    }
}
