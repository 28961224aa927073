import Synchronization

/// Background work making way for handlers. The server notes every call it is asked (`note`,
/// on the loop threads: one relaxed atomic add); the daily cycle, between two pages, looks whether
/// calls came in while it worked the page, and if so rests for a share of the page's time before
/// the next one, so that on a small machine handlers' calls get the cores they need. At night,
/// with no calls, it never rests.
public final class CycleYield: Sendable {
    /// The most a rest between two pages lasts.
    public static let restMaxMs = 250
    /// The most `percent` may be (a rest of ten times the page's time).
    public static let percentMax = 1_000

    private let calls = Atomic<Int>(0)
    /// The rest after a busy page, in percent of the page's time (100: as long as the page took,
    /// so the cycle runs about half the time while handlers work; 0: never rest).
    public let percent: Int

    public init(percent: Int = 100) {
        precondition((0...Self.percentMax).contains(percent), "percent in 0...\(Self.percentMax): \(percent)")
        self.percent = percent
    }

    /// A call came in.
    public func note() { calls.add(1, ordering: .relaxed) }

    /// Calls noted so far.
    public var callsNoted: Int { calls.load(ordering: .relaxed) }

    /// The rest after a page that took `pageMs`, given the calls noted before it (`before`) and
    /// now: 0 when none came in, else the page's share, at least 1 ms and at most `restMaxMs`.
    public func restMs(afterPageOf pageMs: Int, callsBefore before: Int) -> Int {
        guard percent > 0, callsNoted != before else { return 0 }
        return Swift.min(Self.restMaxMs, Swift.max(1, pageMs * percent / 100))
    }
}
