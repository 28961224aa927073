/// How often installments of a generated plan fall due.
public enum PlanFrequency: String, Sendable, Hashable, CaseIterable {
    /// Every 7 days.
    case weekly
    /// Every 14 days.
    case biweekly
    /// The same day of every month, clamped to the month's end.
    case monthly
}

/// A plan with one installment is a promise to pay; more make an installment plan.
public enum PlanKind: String, Sendable, Hashable, CaseIterable {
    /// One installment.
    case promiseToPay = "PROMISE_TO_PAY"
    /// Two or more installments.
    case paymentPlan = "PAYMENT_PLAN"

    /// The kind of a plan with `installmentCount` installments.
    public init(installmentCount: Int) {
        self = installmentCount == 1 ? .promiseToPay : .paymentPlan
    }
}

/// What a handler agrees with a customer: an amount spread over a number of installments.
public struct PlanTerms: Sendable, Hashable {
    /// The agreed amount; installments sum to exactly this.
    public var total: Money
    /// Number of installments (1 makes a promise to pay).
    public var installmentCount: Int
    /// Interval between due dates.
    public var frequency: PlanFrequency
    /// Requested due date of the first installment (before moving to a banking day).
    public var firstDueDate: Day

    /// Terms of a plan.
    public init(total: Money, installmentCount: Int, frequency: PlanFrequency, firstDueDate: Day) {
        self.total = total
        self.installmentCount = installmentCount
        self.frequency = frequency
        self.firstDueDate = firstDueDate
    }

    /// The kind of plan these terms make.
    public var kind: PlanKind { PlanKind(installmentCount: installmentCount) }
}

/// One installment of a schedule that has not been agreed yet.
public struct ScheduledInstallment: Sendable, Hashable {
    /// 1-based position in the schedule.
    public var sequence: Int
    /// The date the installment falls due: `requestedDueDate` or the next banking day after it.
    public var dueDate: Day
    /// The date as agreed (or computed from the terms) before moving to a banking day.
    public var requestedDueDate: Day
    /// Amount due.
    public var amount: Money

    /// An installment.
    public init(sequence: Int, dueDate: Day, requestedDueDate: Day, amount: Money) {
        self.sequence = sequence
        self.dueDate = dueDate
        self.requestedDueDate = requestedDueDate
        self.amount = amount
    }
}
