import Glibc

/// A point on the monotonic clock (`CLOCK_MONOTONIC`), in nanoseconds. Deadlines and every timer
/// of the transport use it, so a wall-clock step never fires or delays one.
public struct MonotonicInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since an unspecified start (boot).
    public let nanoseconds: UInt64

    /// Creates an instant from raw nanoseconds.
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The current instant.
    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec))
    }

    /// This instant moved by `nanoseconds` (saturating, never below zero).
    public func advanced(byNanoseconds delta: Int64) -> MonotonicInstant {
        if delta >= 0 {
            let (sum, overflow) = nanoseconds.addingReportingOverflow(UInt64(delta))
            return MonotonicInstant(nanoseconds: overflow ? UInt64.max : sum)
        }
        let magnitude = delta.magnitude
        return MonotonicInstant(nanoseconds: nanoseconds > magnitude ? nanoseconds - magnitude : 0)
    }

    /// This instant moved by `duration`.
    public func advanced(by duration: Duration) -> MonotonicInstant {
        advanced(byNanoseconds: duration.nanosecondsClamped)
    }

    /// True once the current time has reached this instant.
    public var hasPassed: Bool { MonotonicInstant.now() >= self }

    /// Nanoseconds from now until this instant (negative when passed).
    public var nanosecondsFromNow: Int64 {
        let now = MonotonicInstant.now().nanoseconds
        return nanoseconds >= now ? Int64(clamping: nanoseconds - now) : -Int64(clamping: now - nanoseconds)
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "\(nanoseconds)ns" }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64` bounds.
    public var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? (seconds < 0 ? Int64.min : Int64.max) : sum
    }
}
