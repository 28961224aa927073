/// The state of a case on a day, derived from what holds on that day, never stored as a verdict
/// for later: a pause in force wins, then a plan in force, then whether anything is overdue.
public enum CaseState: String, Sendable, Hashable, CaseIterable {
    /// In treatment: reminders and contacts follow the strategy.
    case open = "OPEN"
    /// An agreed plan or promise is being kept.
    case inPlan = "IN_PLAN"
    /// Paused by a dispute or hardship pause in force.
    case paused = "PAUSED"
    /// Nothing is overdue.
    case closed = "CLOSED"

    /// The state from the facts as of one day: `paused` when a pause is in force on it,
    /// `inPlan` when a plan reads as active on it, else `open` or `closed` by the overdue amount.
    public static func asOf(pauseInForce: Bool, planInForce: Bool, overdueMinorUnits: Int64) -> CaseState {
        if pauseInForce { return .paused }
        if planInForce { return .inPlan }
        return overdueMinorUnits > 0 ? .open : .closed
    }
}
