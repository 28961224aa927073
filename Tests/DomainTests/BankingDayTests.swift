import Testing
@testable import Domain

@Suite("Banking-day arithmetic")
struct BankingDayTests {
    @Test func weekendsAndHolidaysAreNotBankingDays() {
        #expect(HolidayCalendar.isBankingDay(day("2026-03-02"), country: .se))  // Monday
        #expect(!HolidayCalendar.isBankingDay(day("2026-03-07"), country: .se))  // Saturday
        #expect(!HolidayCalendar.isBankingDay(day("2026-03-08"), country: .no))  // Sunday
        #expect(!HolidayCalendar.isBankingDay(day("2026-04-03"), country: .dk))  // Good Friday
        #expect(!HolidayCalendar.isBankingDay(day("2026-06-19"), country: .se))  // Midsummer Eve
        #expect(HolidayCalendar.isBankingDay(day("2026-06-19"), country: .no))
        #expect(!HolidayCalendar.isBankingDay(day("2026-05-15"), country: .dk))  // Friday after Ascension
        #expect(HolidayCalendar.isBankingDay(day("2026-05-15"), country: .se))
        #expect(HolidayCalendar.isBankingDay(day("2026-04-02"), country: .se))  // Maundy Thursday: SE works
        #expect(!HolidayCalendar.isBankingDay(day("2026-04-02"), country: .no))
    }

    @Test func nextBankingDay() {
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2026-03-04"), country: .se) == day("2026-03-04"))
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2026-03-07"), country: .se) == day("2026-03-09"))
        // Christmas 2025 in Sweden: Wed 24 to Sun 28 closed, then Mon 29.
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2025-12-24"), country: .se) == day("2025-12-29"))
        // Easter 2026 in Norway: Maundy Thursday to Easter Monday closed.
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2026-04-02"), country: .no) == day("2026-04-07"))
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2026-04-02"), country: .se) == day("2026-04-02"))
        // New Year: 31 Dec and 1 Jan closed.
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2025-12-31"), country: .dk) == day("2026-01-02"))
        #expect(HolidayCalendar.nextBankingDay(onOrAfter: day("2026-05-17"), country: .no) == day("2026-05-18"))
    }

    @Test func addingBankingDays() {
        // Good Friday 2026 in Sweden + 2 banking days: Mon is Easter Monday, so Tue 7 and Wed 8.
        #expect(HolidayCalendar.addingBankingDays(2, to: day("2026-04-03"), country: .se) == day("2026-04-08"))
        #expect(HolidayCalendar.addingBankingDays(0, to: day("2026-04-04"), country: .se) == day("2026-04-04"))
        #expect(HolidayCalendar.addingBankingDays(1, to: day("2026-03-06"), country: .se) == day("2026-03-09"))
        #expect(HolidayCalendar.addingBankingDays(-1, to: day("2026-03-09"), country: .se) == day("2026-03-06"))
        #expect(HolidayCalendar.addingBankingDays(3, to: day("2026-05-13"), country: .dk) == day("2026-05-20"))
        #expect(HolidayCalendar.addingBankingDays(5, to: day("2026-03-02"), country: .no) == day("2026-03-09"))
    }

    @Test func addingBankingDaysAgreesWithCounting() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<2000 {
            let country = Country.allCases.randomElement(using: &rng)!
            let start = day("2020-01-01").adding(days: Int.random(in: 0...3650, using: &rng))
            let n = Int.random(in: 1...30, using: &rng)
            let end = HolidayCalendar.addingBankingDays(n, to: start, country: country)
            #expect(HolidayCalendar.isBankingDay(end, country: country))
            #expect(HolidayCalendar.bankingDays(after: start, through: end, country: country) == n)
            #expect(HolidayCalendar.addingBankingDays(-n, to: end, country: country) <= start)
        }
    }

    @Test func yearsOutsideTheTableAreComputed() {
        #expect(!HolidayCalendar.isBankingDay(day("2301-12-25"), country: .se))
        #expect(HolidayCalendar.isBankingDay(day("1850-03-05"), country: .no))
    }
}
