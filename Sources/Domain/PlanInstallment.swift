/// One installment of an agreed plan and what has been paid towards it.
public struct PlanInstallment: Sendable, Hashable {
    /// 1-based position in the plan; kept across amendments.
    public let sequence: Int
    /// Due date after moving to a banking day.
    public let dueDate: Day
    /// Due date as agreed.
    public let requestedDueDate: Day
    /// Amount due.
    public let amount: Money
    /// Amount paid so far (0 ≤ paid ≤ amount).
    public let paid: Money
    /// The day of the payment that paid it in full; nil while something is outstanding, and nil
    /// for a paid installment whose payment day is not known (a store that does not keep it:
    /// such an installment counts as paid in time).
    public let paidInFullOn: Day?

    /// An installment. `paid` must be in the amount's currency and within 0...amount;
    /// `paidInFullOn` may only be given when `paid == amount`.
    public init(sequence: Int, dueDate: Day, requestedDueDate: Day, amount: Money,
                paid: Money? = nil, paidInFullOn: Day? = nil) {
        let paid = paid ?? Money.zero(amount.currency)
        precondition(sequence >= 1, "installment sequence starts at 1")
        precondition(amount.isPositive, "installment amount must be positive: \(amount)")
        precondition(paid.currency == amount.currency, "paid and amount in different currencies")
        precondition(paid.minorUnits >= 0 && paid.minorUnits <= amount.minorUnits, "paid \(paid) outside 0...\(amount)")
        precondition(paidInFullOn == nil || paid == amount, "paidInFullOn is only set when paid in full")
        self.sequence = sequence
        self.dueDate = dueDate
        self.requestedDueDate = requestedDueDate
        self.amount = amount
        self.paid = paid
        self.paidInFullOn = paidInFullOn
    }

    /// An unpaid installment from a schedule.
    public init(_ scheduled: ScheduledInstallment) {
        self.init(sequence: scheduled.sequence, dueDate: scheduled.dueDate,
                  requestedDueDate: scheduled.requestedDueDate, amount: scheduled.amount)
    }

    /// True when paid in full.
    public var isPaid: Bool { paid == amount }

    /// Amount still to pay (amount − paid, never negative).
    public var outstanding: Money { Money(minorUnits: amount.minorUnits - paid.minorUnits, currency: amount.currency) }

    /// This installment with `payment` more paid on `day`; `payment` must not exceed `outstanding`.
    func paying(_ payment: Money, on day: Day) -> PlanInstallment {
        precondition(payment.isPositive && payment.minorUnits <= outstanding.minorUnits, "over-allocation")
        let newPaid = Money(minorUnits: paid.minorUnits + payment.minorUnits, currency: amount.currency)
        return PlanInstallment(sequence: sequence, dueDate: dueDate, requestedDueDate: requestedDueDate,
                               amount: amount, paid: newPaid, paidInFullOn: newPaid == amount ? day : nil)
    }

    /// This installment with `payment` less paid (a reversed payment's part); `payment` must
    /// not exceed `paid`. No longer paid in full, it has no paid-in-full day.
    func unpaying(_ payment: Money) -> PlanInstallment {
        precondition(payment.isPositive && payment.minorUnits <= paid.minorUnits, "over-reversal")
        let newPaid = Money(minorUnits: paid.minorUnits - payment.minorUnits, currency: amount.currency)
        return PlanInstallment(sequence: sequence, dueDate: dueDate, requestedDueDate: requestedDueDate,
                               amount: amount, paid: newPaid, paidInFullOn: newPaid == amount ? paidInFullOn : nil)
    }

    /// This installment closed at what has been paid: its amount becomes `paid` (used when an
    /// amendment replaces the unpaid part). Only for partly paid installments.
    func closedAtPaid(on day: Day) -> PlanInstallment {
        precondition(paid.isPositive && !isPaid, "only partly paid installments are closed")
        return PlanInstallment(sequence: sequence, dueDate: dueDate, requestedDueDate: requestedDueDate,
                               amount: paid, paid: paid, paidInFullOn: day)
    }
}
