import Testing
@testable import Domain

@Suite("Calendar days")
struct DayTests {
    @Test func knownDaysSinceEpoch() {
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 2000, month: 3, day: 1)?.daysSinceEpoch == 11_017)
        #expect(Day(year: 1, month: 1, day: 1)?.daysSinceEpoch == Day.daysSinceEpochMin)
        #expect(Day(year: 9999, month: 12, day: 31)?.daysSinceEpoch == Day.daysSinceEpochMax)
        #expect(Day(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
    }

    @Test func componentsRoundTripOverTheWholeRange() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<20_000 {
            let n = Int.random(in: Day.daysSinceEpochMin...Day.daysSinceEpochMax, using: &rng)
            let d = Day(daysSinceEpoch: n)!
            #expect(Day(year: d.year, month: d.month, day: d.day) == d)
            #expect(Day(iso8601: d.description) == d)
        }
    }

    @Test func refusesImpossibleDates() {
        #expect(Day(year: 2023, month: 2, day: 29) == nil)
        #expect(Day(year: 2024, month: 2, day: 29) != nil)
        #expect(Day(year: 1900, month: 2, day: 29) == nil)  // century, not leap
        #expect(Day(year: 2000, month: 2, day: 29) != nil)  // divisible by 400
        #expect(Day(year: 2026, month: 4, day: 31) == nil)
        #expect(Day(year: 0, month: 1, day: 1) == nil)
        #expect(Day(year: 10_000, month: 1, day: 1) == nil)
        #expect(Day(year: 2026, month: 13, day: 1) == nil)
        #expect(Day(daysSinceEpoch: Day.daysSinceEpochMax + 1) == nil)
    }

    @Test(arguments: ["2026-1-05", "26-01-05", "2026/01/05", "2026-01-05 ", "2026-02-30", "２０２６-01-05", "", "+026-01-05"])
    func iso8601IsStrict(text: String) {
        #expect(Day(iso8601: text) == nil)
    }

    @Test func weekdays() {
        #expect(day("1970-01-01").weekday == .thursday)
        #expect(day("2026-06-19").weekday == .friday)
        #expect(day("2024-12-24").weekday == .tuesday)
        #expect(day("1969-12-28").weekday == .sunday)
        #expect(day("2026-03-02").startOfWeek == day("2026-03-02"))
        #expect(day("2026-03-08").startOfWeek == day("2026-03-02"))
        #expect(day("2026-03-31").startOfMonth == day("2026-03-01"))
    }

    @Test func addingMonthsClampsToMonthEnd() {
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2024-01-31").adding(months: 1) == day("2024-02-29"))
        #expect(day("2026-03-31").adding(months: 1) == day("2026-04-30"))
        #expect(day("2026-01-31").adding(months: 12) == day("2027-01-31"))
        #expect(day("2026-03-31").adding(months: -1) == day("2026-02-28"))
        #expect(day("2026-11-15").adding(months: 3) == day("2027-02-15"))
        #expect(day("9999-12-01").advanced(byMonths: 1) == nil)
        #expect(day("0001-01-15").advanced(byMonths: -1) == nil)
    }

    @Test func addingDays() {
        #expect(day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(day("2026-03-01").adding(days: -1) == day("2026-02-28"))
        #expect(day("2026-05-14").days(since: day("2026-04-05")) == 39)
        #expect(day("9999-12-31").advanced(byDays: 1) == nil)
    }
}
