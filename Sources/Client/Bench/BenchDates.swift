import Domain
import Foundation
import Protocol

/// Dates the load tool's mutations use, in Swedish local time.
enum BenchDates {
    /// Worked out once per run, not per request.
    static let today: CalendarDate = date(offsetDays: 0)
    static let inTwoWeeks: CalendarDate = date(offsetDays: 14)

    static func date(offsetDays: Int) -> CalendarDate {
        let local = Domain.Country.se.localDateTime(unixSeconds: Int64(Date().timeIntervalSince1970))
        return CalendarDate(daysSinceEpoch: Int32(local.day.daysSinceEpoch + offsetDays)) ?? .epoch
    }
}
