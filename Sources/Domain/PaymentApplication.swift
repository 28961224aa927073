/// Where one payment went: the case's accounts, the active plan's installments, and credit.
public struct PaymentApplication: Sendable, Hashable {
    /// Every account of the case as it is after the payment, in the order given.
    public let accounts: [AccountPosition]
    /// The plan after the payment; nil when no active plan took part.
    public let plan: PaymentPlan?
    /// What went to each installment of `plan`, oldest first.
    public let planAllocations: [Allocation]
    /// The part that reduced the case's debt (overdue first, then not yet due).
    public let debtPaid: Money
    /// The part of it that was overdue: the case's overdue fell by exactly this.
    public let overduePaid: Money
    /// The part beyond everything the case owed, kept as credit on the account paid into.
    public let credit: Money
}
