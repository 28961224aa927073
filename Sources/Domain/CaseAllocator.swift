/// The one allocation rule for a payment into a case: the account's debt and the plan's
/// installments are two views of the same money, so both move by the same amount.
///
/// 1. The payment settles the case's debt in its currency, oldest first: overdue amounts by
///    oldest unpaid due date (the account paid into first on the same date, then by number), then
///    the part not yet due (the account paid into first, then by number).
/// 2. Exactly what reduced the debt goes to the active plan, oldest open installment first
///    (`PaymentAllocator`); a plan is an agreement about paying that debt, not a second debt.
/// 3. What is left once the case owes nothing is credit on the account paid into: kept, shown,
///    and listed for refund. Nothing disappears: debt paid + credit = payment.
///
/// So after a payment the case's overdue falls by min(payment, overdue), and the plan's paid
/// total rises by min(payment, debt, plan outstanding).
public enum CaseAllocator {
    /// Applies `payment`, with value date `day`, to `accounts` (the case's, in any order; one of
    /// them numbered `paidInto`) and `plan` (already evaluated as of `day`; ignored unless active).
    ///
    /// Refused: a payment that is not positive (`PAYMENT_NOT_POSITIVE`); no account `paidInto` or
    /// one in another currency (`PAYMENT_CURRENCY_MISMATCH`); credit beyond `Int64`
    /// (`MONEY_OVERFLOW`).
    public static func apply(_ payment: Money, paidInto: String, on day: Day, accounts: [AccountPosition],
                             plan: PaymentPlan?) throws(DomainError) -> PaymentApplication {
        guard payment.isPositive else {
            throw DomainError(code: DomainError.Code.paymentNotPositive, fieldPath: "amount",
                              message: "a payment must be above zero, got \(payment)")
        }
        guard let target = accounts.firstIndex(where: { $0.number == paidInto }), accounts[target].currency == payment.currency else {
            throw DomainError(code: DomainError.Code.paymentCurrencyMismatch, fieldPath: "amount",
                              message: "account \(paidInto) does not hold \(payment.currency)")
        }
        let currency = payment.currency
        var left = payment.minorUnits
        var paidOverdue = [Int64](repeating: 0, count: accounts.count)
        var paidNotYetDue = [Int64](repeating: 0, count: accounts.count)
        // Each amount taken is at most `left`, so `left` only falls and stays ≥ 0.
        for index in overdueOrder(accounts, target: target) where left > 0 {
            paidOverdue[index] = Swift.min(left, accounts[index].overdue.minorUnits)
            left -= paidOverdue[index]
        }
        for index in notYetDueOrder(accounts, target: target) where left > 0 {
            paidNotYetDue[index] = Swift.min(left, accounts[index].notYetDue.minorUnits)
            left -= paidNotYetDue[index]
        }
        var after: [AccountPosition] = []
        for index in accounts.indices {
            after.append(try accounts[index].paying(overdue: paidOverdue[index], notYetDue: paidNotYetDue[index],
                                                     credit: index == target ? left : 0))
        }
        let debtPaid = Money(minorUnits: payment.minorUnits - left, currency: currency)
        var planAfter: PaymentPlan?
        var allocations: [Allocation] = []
        if let plan, plan.status.isActive, plan.currency == currency, debtPaid.isPositive {
            let allocated = try PaymentAllocator.allocate(debtPaid, to: plan, on: day)
            planAfter = allocated.plan
            allocations = allocated.allocations
        }
        let parts = accounts.indices.filter { paidOverdue[$0] > 0 || paidNotYetDue[$0] > 0 }.map { index in
            AccountPart(number: accounts[index].number, overdue: Money(minorUnits: paidOverdue[index], currency: currency),
                        notYetDue: Money(minorUnits: paidNotYetDue[index], currency: currency),
                        oldestUnpaidDueBefore: accounts[index].oldestUnpaidDue)
        }
        return PaymentApplication(accounts: after, plan: planAfter, planAllocations: allocations, debtPaid: debtPaid,
                                  overduePaid: Money(minorUnits: paidOverdue.reduce(0, +), currency: currency),
                                  credit: Money(minorUnits: left, currency: currency), parts: parts)
    }

    /// Why a payment cannot be reversed automatically (it goes to a handler instead).
    public enum ReversalRefusal: Error, Sendable, Hashable {
        /// An account the payment paid is not among the case's accounts (or not in its currency).
        case accountGone(String)
        /// The plan the payment paid installments of has changed since (cancelled, broken, or
        /// an installment no longer holds what the payment paid into it), or is missing.
        case planChanged
    }

    /// Undoes a payment: the inverse of `apply`, from what `apply` returned for it (`parts`,
    /// `credit`, the plan's `allocations`), on the case as it is now:
    ///
    /// 1. Each account gets back the debt the payment took off it (overdue and not yet due), with
    ///    its oldest unpaid due date as it was before, unless a later one is older.
    /// 2. The credit the payment left on the account paid into is taken back; what of it has
    ///    been used or refunded since is owed again, overdue from the payment's value date.
    /// 3. The plan's installments lose exactly what the payment put into them
    ///    (`PaymentAllocator.unallocate`); a plan it completed is active again.
    ///
    /// So `reverse` after `apply` on an unchanged case gives back the case as it was (tested as a
    /// property). Nil `plan` with allocations, or a changed plan: `.planChanged`.
    public static func reverse(_ amount: Money, paidInto: String, on day: Day, parts: [AccountPart], credit: Money,
                               allocations: [Allocation], accounts: [AccountPosition],
                               plan: PaymentPlan?) throws(DomainError) -> Result<PaymentApplication, ReversalRefusal> {
        let currency = amount.currency
        guard let target = accounts.firstIndex(where: { $0.number == paidInto }), accounts[target].currency == currency else {
            return .failure(.accountGone(paidInto))
        }
        var after = accounts
        for part in parts {
            guard let index = after.firstIndex(where: { $0.number == part.number }), after[index].currency == currency else {
                return .failure(.accountGone(part.number))
            }
            after[index] = try after[index].owing(overdue: part.overdue.minorUnits, notYetDue: part.notYetDue.minorUnits,
                                                  oldestUnpaidDue: part.oldestUnpaidDueBefore, credit: 0)
        }
        // The credit back, as far as the account still holds it; the rest is owed again.
        let held = Swift.min(credit.minorUnits, after[target].credit.minorUnits)
        after[target] = try after[target].owing(overdue: credit.minorUnits - held, notYetDue: 0, oldestUnpaidDue: day, credit: held)
        var planAfter: PaymentPlan?
        if !allocations.isEmpty {
            guard let plan, let undone = PaymentAllocator.unallocate(allocations, from: plan) else { return .failure(.planChanged) }
            planAfter = undone
        }
        let debt = parts.reduce(Int64(0)) { $0 + $1.overdue.minorUnits + $1.notYetDue.minorUnits }
        return .success(PaymentApplication(accounts: after, plan: planAfter, planAllocations: allocations,
                                           debtPaid: Money(minorUnits: debt, currency: currency),
                                           overduePaid: Money(minorUnits: parts.reduce(Int64(0)) { $0 + $1.overdue.minorUnits }, currency: currency),
                                           credit: credit, parts: parts))
    }

    /// Accounts in the payment's currency with something overdue, oldest due date first.
    static func overdueOrder(_ accounts: [AccountPosition], target: Int) -> [Int] {
        let currency = accounts[target].currency
        return accounts.indices.filter { accounts[$0].currency == currency && accounts[$0].overdue.isPositive }.sorted { a, b in
            let dayA = accounts[a].oldestUnpaidDue?.daysSinceEpoch ?? .max, dayB = accounts[b].oldestUnpaidDue?.daysSinceEpoch ?? .max
            if dayA != dayB { return dayA < dayB }
            if (a == target) != (b == target) { return a == target }
            return accounts[a].number < accounts[b].number
        }
    }

    /// Accounts in the payment's currency owing something not yet due, the one paid into first.
    static func notYetDueOrder(_ accounts: [AccountPosition], target: Int) -> [Int] {
        let currency = accounts[target].currency
        return accounts.indices.filter { accounts[$0].currency == currency && accounts[$0].notYetDue.isPositive }.sorted { a, b in
            if (a == target) != (b == target) { return a == target }
            return accounts[a].number < accounts[b].number
        }
    }
}
