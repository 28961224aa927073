import Synchronization

/// Observations counted into fixed buckets (latencies, batch sizes), in integer units: no floating
/// point is kept. `divisor` turns them into the metric's base unit when rendered (1 000 000 for
/// microseconds observed, seconds shown, as Prometheus' conventions ask). Lock-free per bucket.
public final class Histogram: Sendable {
    /// Upper bounds, ascending, in the observed unit; an observation goes to the first bucket
    /// whose bound it does not exceed, or to `+Inf`.
    public let bounds: [Int64]
    /// Observed units per rendered unit (a power of ten, 1 when they are the same).
    public let divisor: Int64
    private let buckets: [Counter]
    private let sum = Atomic<Int64>(0)

    init(bounds: [Int64], divisor: Int64) {
        precondition([1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 1_000_000_000].contains(divisor), "divisor must be a power of ten")
        self.divisor = divisor
        precondition(!bounds.isEmpty && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 }, "bucket bounds must ascend")
        self.bounds = bounds
        buckets = (0...bounds.count).map { _ in Counter() }
    }

    /// Counts one observation of `value`.
    public func observe(_ value: Int64) {
        var low = 0, high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] < value { low = middle + 1 } else { high = middle }
        }
        buckets[low].increment()
        // Saturates rather than traps: a sum is a convenience, and an observation must never
        // take the process down.
        var current = sum.load(ordering: .relaxed)
        while true {
            let (next, overflow) = current.addingReportingOverflow(value)
            let (exchanged, original) = sum.compareExchange(expected: current, desired: overflow ? Int64.max : next, ordering: .relaxed)
            if exchanged { break }
            current = original
        }
    }

    /// Cumulative counts per bound and then `+Inf`, the sum and the count, read now.
    public var snapshot: (cumulative: [Int64], sum: Int64, count: Int64) {
        var running: Int64 = 0
        let cumulative = buckets.map { counter -> Int64 in
            running += counter.current
            return running
        }
        return (cumulative, sum.load(ordering: .relaxed), running)
    }

    /// `value` in the rendered unit, exactly: `420` with divisor 1 000 000 is `0.00042`.
    public func rendered(_ value: Int64) -> String {
        guard divisor > 1 else { return String(value) }
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(divisor), fraction = magnitude % UInt64(divisor)
        var digits = String(fraction)
        let width = String(divisor).count - 1
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return (negative ? "-" : "") + String(whole) + (digits.isEmpty ? "" : "." + digits)
    }

    /// Bounds for latencies in microseconds: 50 µs to 10 s.
    public static let latencyMicroseconds: [Int64] = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
                                                       100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000]
    /// Bounds for sizes that are counts (mutations per batch): 1 to 4 096.
    public static let sizes: [Int64] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 4_096]
}
