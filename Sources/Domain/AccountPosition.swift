/// What one account of a case owes and holds, as a payment's allocation sees it.
public struct AccountPosition: Sendable, Hashable {
    /// The account number.
    public let number: String
    /// Everything owed on the account (never negative: money beyond it is `credit`).
    public let balance: Money
    /// The part of `balance` past its due date (0 ≤ overdue ≤ balance).
    public let overdue: Money
    /// The oldest unpaid due date; nil when nothing is overdue.
    public let oldestUnpaidDue: Day?
    /// Money received beyond everything owed, kept for a refund (never negative).
    public let credit: Money

    /// An account's position. Amounts must share one currency, with 0 ≤ overdue ≤ balance and
    /// credit ≥ 0 (the store's checks keep them so; anything else is a bug).
    public init(number: String, balance: Money, overdue: Money, oldestUnpaidDue: Day?, credit: Money) {
        precondition(balance.currency == overdue.currency && balance.currency == credit.currency, "an account has one currency")
        precondition(overdue.minorUnits >= 0 && overdue.minorUnits <= balance.minorUnits, "overdue \(overdue) outside 0...\(balance)")
        precondition(credit.minorUnits >= 0, "credit cannot be negative: \(credit)")
        self.number = number
        self.balance = balance
        self.overdue = overdue
        self.oldestUnpaidDue = overdue.isZero ? nil : oldestUnpaidDue
        self.credit = credit
    }

    /// The account's currency.
    public var currency: Currency { balance.currency }

    /// Owed but not yet due.
    public var notYetDue: Money { Money(minorUnits: balance.minorUnits - overdue.minorUnits, currency: currency) }

    /// This account owing `overdue` and `notYetDue` more (a reversed payment's debt back), its
    /// oldest unpaid due date the older of its own and `oldestUnpaidDue` when overdue grows, and
    /// `credit` less held (at most what it holds).
    func owing(overdue addedOverdue: Int64, notYetDue addedNotYetDue: Int64, oldestUnpaidDue day: Day?, credit taken: Int64) throws(DomainError) -> AccountPosition {
        let newOverdue = try overdue.adding(Money(minorUnits: addedOverdue, currency: currency))
        let newBalance = try balance.adding(Money(minorUnits: addedOverdue + addedNotYetDue, currency: currency))
        var oldest = oldestUnpaidDue
        if addedOverdue > 0, let day { oldest = Swift.min(oldest ?? day, day) }
        precondition(taken >= 0 && taken <= credit.minorUnits, "credit taken beyond what is held")
        return AccountPosition(number: number, balance: newBalance, overdue: newOverdue, oldestUnpaidDue: oldest,
                               credit: Money(minorUnits: credit.minorUnits - taken, currency: currency))
    }

    /// This account with `overdue` and `notYetDue` of its debt paid and `credit` more held.
    func paying(overdue paidOverdue: Int64, notYetDue paidNotYetDue: Int64, credit added: Int64) throws(DomainError) -> AccountPosition {
        let newOverdue = overdue.minorUnits - paidOverdue
        let newBalance = balance.minorUnits - paidOverdue - paidNotYetDue
        let newCredit = try credit.adding(Money(minorUnits: added, currency: currency))
        return AccountPosition(number: number, balance: Money(minorUnits: newBalance, currency: currency),
                               overdue: Money(minorUnits: newOverdue, currency: currency),
                               oldestUnpaidDue: oldestUnpaidDue, credit: newCredit)
    }
}
