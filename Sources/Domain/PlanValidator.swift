/// Checks a proposed schedule against the country's plan policy as of `today`.
///
/// Every rule has its own code; all violated rules are reported, each once (for per-installment
/// rules, at the first installment that breaks it), in the order below. Date limits are checked on
/// the requested dates, because moving a date to a banking day is the bank's convention and not
/// part of what was agreed.
///
/// | code | field | rule |
/// |---|---|---|
/// | `PLAN_TOTAL_NOT_POSITIVE` | `terms.total` | the total is above zero |
/// | `PLAN_CURRENCY_MISMATCH` | `terms.total` / `installments[i].amount` | everything is in the country's currency |
/// | `PLAN_EMPTY` | `installments` | at least one installment |
/// | `PLAN_TOO_MANY_INSTALLMENTS` | `terms.installment_count` | at most `maxInstallments` |
/// | `PLAN_INSTALLMENT_NOT_POSITIVE` | `installments[i].amount` | every installment is above zero |
/// | `PLAN_INSTALLMENT_TOO_SMALL` | `installments[i].amount` | each ≥ `minInstallment`, or ≥ the total when the total is smaller |
/// | `PLAN_SUM_MISMATCH` | `installments` | the installments sum exactly to the total |
/// | `PLAN_DUE_DATES_NOT_ASCENDING` | `installments[i].due_date` | requested dates strictly ascending |
/// | `PLAN_FIRST_DUE_IN_PAST` | `terms.first_due_date` | the first date is today or later |
/// | `PLAN_FIRST_DUE_TOO_LATE` | `terms.first_due_date` | the first date is at most `firstDueWithinDays` after today |
/// | `PLAN_TOO_LONG` | `terms.installment_count` | the last date is at most `maxDurationMonths` after today |
public enum PlanValidator {
    /// The rules `schedule` breaks; empty when it may be agreed.
    public static func violations(_ schedule: [ScheduledInstallment], total: Money, country: Country,
                                  policy: PlanPolicy, today: Day) -> [PlanViolation] {
        precondition(policy.minInstallment.currency == country.currency, "policy of another country")
        var found: [PlanViolation] = []
        func report(_ code: String, _ field: String, _ message: String) {
            found.append(PlanViolation(code: code, fieldPath: field, message: message))
        }
        let currency = country.currency

        if !total.isPositive {
            report(DomainError.Code.planTotalNotPositive, "terms.total", "the plan total must be above zero, got \(total)")
        }
        if total.currency != currency {
            report(DomainError.Code.planCurrencyMismatch, "terms.total", "plans in \(country) are in \(currency), got \(total.currency)")
        }
        guard !schedule.isEmpty else {
            report(DomainError.Code.planEmpty, "installments", "a plan needs at least 1 installment")
            return found
        }
        if schedule.count > policy.maxInstallments {
            report(DomainError.Code.planTooManyInstallments, "terms.installment_count",
                   "at most \(policy.maxInstallments) installments are allowed in \(country), got \(schedule.count)")
        }

        if let index = schedule.firstIndex(where: { $0.amount.currency != currency }) {
            report(DomainError.Code.planCurrencyMismatch, "installments[\(index)].amount",
                   "plans in \(country) are in \(currency), got \(schedule[index].amount.currency)")
        } else {
            checkAmounts(schedule, total: total, policy: policy, report: report)
        }
        checkDates(schedule, policy: policy, today: today, report: report)
        return found
    }

    private static func checkAmounts(_ schedule: [ScheduledInstallment], total: Money, policy: PlanPolicy,
                                     report: (String, String, String) -> Void) {
        if let index = schedule.firstIndex(where: { !$0.amount.isPositive }) {
            report(DomainError.Code.planInstallmentNotPositive, "installments[\(index)].amount",
                   "every installment must be above zero, installment \(index + 1) is \(schedule[index].amount)")
        }
        // A debt smaller than the minimum installment may still be paid in one go.
        let floor = total.currency == policy.minInstallment.currency && total.isPositive
            ? Swift.min(policy.minInstallment.minorUnits, total.minorUnits) : policy.minInstallment.minorUnits
        if let index = schedule.firstIndex(where: { $0.amount.isPositive && $0.amount.minorUnits < floor }) {
            let floorMoney = Money(minorUnits: floor, currency: policy.minInstallment.currency)
            report(DomainError.Code.planInstallmentTooSmall, "installments[\(index)].amount",
                   "installments must be at least \(floorMoney), installment \(index + 1) is \(schedule[index].amount)")
        }
        if total.currency == policy.minInstallment.currency {
            let sum = try? Money.sum(schedule.map(\.amount), currency: total.currency)
            if sum != total {
                let sumText = sum.map { "\($0)" } ?? "more than can be represented"
                report(DomainError.Code.planSumMismatch, "installments",
                       "installments must sum exactly to the total \(total), they sum to \(sumText)")
            }
        }
    }

    private static func checkDates(_ schedule: [ScheduledInstallment], policy: PlanPolicy, today: Day,
                                   report: (String, String, String) -> Void) {
        let dates = schedule.map(\.requestedDueDate)
        if let index = dates.indices.dropFirst().first(where: { dates[$0] <= dates[$0 - 1] }) {
            report(DomainError.Code.planDueDatesNotAscending, "installments[\(index)].due_date",
                   "due dates must be strictly ascending; \(dates[index]) does not come after \(dates[index - 1])")
        }
        let first = dates[0]
        if first < today {
            report(DomainError.Code.planFirstDueInPast, "terms.first_due_date",
                   "the first due date \(first) is before today \(today)")
        }
        if let latestFirst = today.advanced(byDays: policy.firstDueWithinDays), first > latestFirst {
            report(DomainError.Code.planFirstDueTooLate, "terms.first_due_date",
                   "the first due date \(first) must be at most \(policy.firstDueWithinDays) days from today, by \(latestFirst)")
        }
        if let latestLast = today.advanced(byMonths: policy.maxDurationMonths), let last = dates.max(), last > latestLast {
            report(DomainError.Code.planTooLong, "terms.installment_count",
                   "the last installment \(last) must fall due within \(policy.maxDurationMonths) months, by \(latestLast); use fewer installments or a shorter interval")
        }
    }
}
