import Protocol
import Testing

@Suite struct CalendarDateTests {
    @Test func knownDays() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2026, month: 12, day: 27)?.daysSinceEpoch == 20_814)
        #expect(CalendarDate(year: 1, month: 1, day: 1)?.daysSinceEpoch == CalendarDate.minDays)
        #expect(CalendarDate(year: 9999, month: 12, day: 31)?.daysSinceEpoch == CalendarDate.maxDays)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch - CalendarDate(year: 2000, month: 2, day: 28)!.daysSinceEpoch == 2)
    }

    @Test func invalidDatesAreRefused() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDate(year: 0, month: 1, day: 1) == nil)
        #expect(CalendarDate(daysSinceEpoch: CalendarDate.maxDays + 1) == nil)
    }

    @Test func strictISOParsing() {
        #expect(CalendarDate(iso8601: "2026-12-27")?.description == "2026-12-27")
        #expect(CalendarDate(iso8601: "0001-01-01")?.description == "0001-01-01")
        for bad in ["2026-1-27", "27/12/2026", "2026-12-27T00:00", "2026-12-32", "+026-12-27", "2026–12–27", ""] {
            #expect(CalendarDate(iso8601: bad) == nil, "\(bad)")
        }
    }
}
