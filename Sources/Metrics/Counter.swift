import Synchronization

/// A count that only goes up (requests, errors, fsyncs). Lock-free: safe to bump from any thread
/// on a hot path.
public final class Counter: Sendable {
    private let value = Atomic<Int64>(0)

    init() {}

    /// Adds `amount` (not negative).
    public func increment(by amount: Int64 = 1) {
        precondition(amount >= 0, "a counter only goes up")
        value.add(amount, ordering: .relaxed)
    }

    /// The count now.
    public var current: Int64 { value.load(ordering: .relaxed) }
}

/// A value that goes up and down (open connections, queue depth).
public final class Gauge: Sendable {
    private let value = Atomic<Int64>(0)

    init() {}

    /// Adds `amount` (may be negative).
    public func add(_ amount: Int64) { value.add(amount, ordering: .relaxed) }

    /// Sets the value.
    public func set(_ newValue: Int64) { value.store(newValue, ordering: .relaxed) }

    /// The value now.
    public var current: Int64 { value.load(ordering: .relaxed) }
}
