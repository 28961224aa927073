/// Inclusive bounds on a whole number; a missing bound is open. `{min: 1, max: 29}` in a file.
public struct IntBounds: Sendable, Hashable {
    /// Smallest value that matches, nil for no lower bound.
    public var min: Int64?
    /// Largest value that matches, nil for no upper bound.
    public var max: Int64?

    /// Bounds; `min` must not exceed `max` (the parser refuses that).
    public init(min: Int64? = nil, max: Int64? = nil) {
        self.min = min
        self.max = max
    }

    /// Whether `value` lies within the bounds.
    public func contains(_ value: Int64) -> Bool {
        (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
    }

    /// The bounds as a closed range over all of `Int64`.
    var range: ClosedRange<Int64> { (min ?? Int64.min)...(max ?? Int64.max) }
}
