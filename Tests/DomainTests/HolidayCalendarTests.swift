import Testing
@testable import Domain

@Suite("Public holiday calendars")
struct HolidayCalendarTests {
    @Test(arguments: [
        (1900, "1900-04-15"), (1954, "1954-04-18"), (2000, "2000-04-23"), (2008, "2008-03-23"),
        (2019, "2019-04-21"), (2023, "2023-04-09"), (2024, "2024-03-31"), (2025, "2025-04-20"),
        (2026, "2026-04-05"), (2038, "2038-04-25"), (2100, "2100-03-28"), (2200, "2200-04-06"),
    ])
    func easterSunday(year: Int, expected: String) {
        #expect(HolidayCalendar.easterSunday(year: year) == day(expected))
    }

    @Test func sweden2026() {
        let holidays = HolidayCalendar.publicHolidays(country: .se, year: 2026)
        #expect(Set(holidays.keys) == Set([
            "2026-01-01", "2026-01-06", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14",
            "2026-05-24", "2026-06-06", "2026-06-20", "2026-10-31", "2026-12-25", "2026-12-26",
        ].map(day)))
        #expect(holidays[day("2026-06-20")] == "Midsommardagen")
        let closed = HolidayCalendar.nonBankingDays(country: .se, year: 2026)
        #expect(closed[day("2026-06-19")] == "Midsommarafton")
        #expect(closed[day("2026-12-24")] == "Julafton")
        #expect(closed[day("2026-12-31")] == "Nyårsafton")
        #expect(closed.count == holidays.count + 3)
    }

    @Test func swedishNationalDayReplacedWhitMondayIn2005() {
        let y2004 = HolidayCalendar.publicHolidays(country: .se, year: 2004)
        let y2005 = HolidayCalendar.publicHolidays(country: .se, year: 2005)
        #expect(y2004[day("2004-05-31")] == "Annandag pingst")
        #expect(y2004[day("2004-06-06")] == nil)
        #expect(y2005[day("2005-05-16")] == nil)
        #expect(y2005[day("2005-06-06")] == "Sveriges nationaldag")
    }

    @Test func swedishMidsummerEveIsAFridayBetween19And25June() {
        for year in 1953...2200 {
            let eve = HolidayCalendar.holidays(country: .se, year: year).first { $0.name == "Midsommarafton" }!
            #expect(eve.day.weekday == .friday && (19...25).contains(eve.day.day) && eve.day.month == 6)
            #expect(eve.kind == .bankClosingDay)
        }
        #expect(HolidayCalendar.nonBankingDays(country: .se, year: 2025)[day("2025-06-20")] == "Midsommarafton")
    }

    @Test func norway2026() {
        let holidays = HolidayCalendar.publicHolidays(country: .no, year: 2026)
        #expect(Set(holidays.keys) == Set([
            "2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14",
            "2026-05-17", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26",
        ].map(day)))
        for year in [2024, 2025, 2030] {
            #expect(HolidayCalendar.publicHolidays(country: .no, year: year)[Day(year: year, month: 5, day: 17)!] == "Grunnlovsdag")
        }
        let closed = HolidayCalendar.nonBankingDays(country: .no, year: 2026)
        #expect(closed[day("2026-12-24")] == "Julaften" && closed[day("2026-12-31")] == "Nyttårsaften")
    }

    @Test func denmarkGreatPrayerDayAbolishedFrom2024() {
        #expect(HolidayCalendar.publicHolidays(country: .dk, year: 2023)[day("2023-05-05")] == "Store bededag")
        #expect(HolidayCalendar.publicHolidays(country: .dk, year: 2024)[day("2024-04-26")] == nil)
        #expect(!HolidayCalendar.holidays(country: .dk, year: 2024).contains { $0.name == "Store bededag" })
        #expect(HolidayCalendar.isBankingDay(day("2024-04-26"), country: .dk))
        #expect(!HolidayCalendar.isBankingDay(day("2023-05-05"), country: .dk))
    }

    @Test func denmark2026() {
        let holidays = HolidayCalendar.publicHolidays(country: .dk, year: 2026)
        #expect(Set(holidays.keys) == Set([
            "2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-14",
            "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26",
        ].map(day)))
        let closed = HolidayCalendar.nonBankingDays(country: .dk, year: 2026)
        #expect(closed[day("2026-05-15")] == "Fredag efter Kristi himmelfartsdag")
        #expect(closed[day("2026-06-05")] == "Grundlovsdag")
        #expect(closed[day("2026-12-24")] != nil && closed[day("2026-12-31")] != nil)
    }

    @Test func ascensionIs39DaysAfterEasterEverywhere() {
        for country in Country.allCases {
            #expect(HolidayCalendar.publicHolidays(country: country, year: 2026)[day("2026-05-14")] != nil)
        }
        #expect(HolidayCalendar.publicHolidays(country: .se, year: 2026)[day("2026-05-14")] == "Kristi himmelsfärdsdag")
    }

    @Test func coincidingHolidaysAreMerged() {
        // 2008: Ascension fell on 1 May.
        #expect(HolidayCalendar.publicHolidays(country: .no, year: 2008)[day("2008-05-01")] == "Offentlig høytidsdag / Kristi himmelfartsdag")
        let merged = HolidayCalendar.holidays(country: .se, year: 2008).first { $0.day == day("2008-05-01") }
        #expect(merged?.kind == .publicHoliday)
    }

    @Test func everyYearOfTheSupportedRangeHasItsFixedHolidays() {
        for country in Country.allCases {
            for year in HolidayCalendar.supportedYears {
                let days = HolidayCalendar.publicHolidays(country: country, year: year)
                #expect(days[Day(year: year, month: 1, day: 1)!] != nil)
                #expect(days[Day(year: year, month: 12, day: 25)!] != nil)
                #expect(days.keys.allSatisfy { $0.year == year })
            }
        }
    }
}
