import Domain
import Store

/// The server's one clock: the wall clock, or the wall clock moved by whole days so that today
/// (in the Nordic time zone all three countries share) is a chosen day (`serve --today`), for
/// scripted tests and training that walk through days.
struct ServerClock {
    /// Days added to the wall clock.
    let offsetDays: Int
    /// Milliseconds since the Unix epoch, as the server sees them.
    let nowMs: @Sendable () -> Int64

    /// The wall clock.
    static let wall = ServerClock(offsetDays: 0)

    private init(offsetDays: Int) {
        self.offsetDays = offsetDays
        let offsetMs = Int64(offsetDays) * 86_400_000
        nowMs = { StoreWriter.wallClockMs() + offsetMs }
    }

    /// The clock on which today is `today` (`YYYY-MM-DD`); nil for a day that does not exist.
    init?(today: String) {
        guard let target = Day(iso8601: today) else { return nil }
        let wallToday = Country.se.localDateTime(unixSeconds: StoreWriter.wallClockMs() / 1_000).day
        self.init(offsetDays: target.daysSinceEpoch - wallToday.daysSinceEpoch)
    }
}
