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
    /// Where the debt part went, per account it reduced (in the order of `accounts`): what a
    /// reversal of the payment gives back (`CaseAllocator.reverse`).
    public let parts: [AccountPart]
}

/// What one payment took off one account's debt, and the account's oldest unpaid due date before
/// it: kept with the payment, so that a reversal gives back exactly this.
public struct AccountPart: Sendable, Hashable {
    /// The account.
    public let number: String
    /// Overdue debt paid.
    public let overdue: Money
    /// Debt not yet due paid.
    public let notYetDue: Money
    /// The account's oldest unpaid due date before the payment.
    public let oldestUnpaidDueBefore: Day?

    /// A part.
    public init(number: String, overdue: Money, notYetDue: Money, oldestUnpaidDueBefore: Day?) {
        precondition(overdue.currency == notYetDue.currency && overdue.minorUnits >= 0 && notYetDue.minorUnits >= 0, "a part is not negative")
        self.number = number
        self.overdue = overdue
        self.notYetDue = notYetDue
        self.oldestUnpaidDueBefore = oldestUnpaidDueBefore
    }
}
