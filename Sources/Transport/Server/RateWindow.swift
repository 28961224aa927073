/// Counts events in fixed windows of time: the flood heuristics for RST_STREAM, PING and
/// SETTINGS frames. Pure; the clock is passed in.
struct RateWindow: Equatable {
    /// Most events allowed per window.
    let maxEvents: Int
    /// Window length in nanoseconds.
    let windowNanoseconds: UInt64
    private var windowStart: UInt64 = 0
    private var count = 0

    init(maxEvents: Int, window: Duration) {
        precondition(maxEvents >= 1)
        self.maxEvents = maxEvents
        self.windowNanoseconds = UInt64(max(1, window.nanosecondsClamped))
    }

    /// Records one event at `now`; true when the window now holds more than `maxEvents`.
    mutating func record(now: UInt64) -> Bool {
        if count == 0 || now &- windowStart >= windowNanoseconds {
            windowStart = now
            count = 0
        }
        count += 1
        return count > maxEvents
    }
}
