/// Where a plan is in its life: active → completed | broken | cancelled. Each final state carries
/// the day it was reached (and, for cancellation, why); nothing else.
public enum PlanStatus: Sendable, Hashable, CustomStringConvertible {
    /// Agreed and being kept; payments are allocated to it.
    case active
    /// Every installment was paid in full; `on` is the day of the last payment.
    case completed(on: Day)
    /// An installment was not paid in full by its due date plus grace; `on` is the first day
    /// after that deadline.
    case broken(on: Day)
    /// Ended by a handler before completion.
    case cancelled(on: Day, reason: String)

    /// Stable name: `ACTIVE`, `COMPLETED`, `BROKEN` or `CANCELLED`.
    public var name: String { stage.rawValue }

    /// Which of the four states, without its day.
    public var stage: PlanStage {
        switch self {
        case .active: .active
        case .completed: .completed
        case .broken: .broken
        case .cancelled: .cancelled
        }
    }

    /// True only for `.active`.
    public var isActive: Bool { self == .active }

    /// The day a final state was reached; nil while active.
    public var endedOn: Day? {
        switch self {
        case .active: nil
        case .completed(let day), .broken(let day), .cancelled(let day, _): day
        }
    }

    /// `NAME` or `NAME on YYYY-MM-DD`.
    public var description: String { endedOn.map { "\(name) on \($0)" } ?? name }
}

/// The four states of a plan by name, as stored beside the day they were reached.
public enum PlanStage: String, Sendable, Hashable, CaseIterable {
    case active = "ACTIVE"
    case completed = "COMPLETED"
    case broken = "BROKEN"
    case cancelled = "CANCELLED"

    /// Active or broken: the plan is the case's latest agreement (a broken plan can still be made
    /// whole by a payment dated within its grace).
    public var isOpen: Bool { self == .active || self == .broken }
}
