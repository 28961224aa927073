/// Builds installment schedules: from terms, or from an explicit list of dates and amounts.
///
/// Remainder rule: the total is divided in whole minor units; the remainder (fewer minor units
/// than installments) is spread one öre / øre at a time over the first installments. So 100.00
/// over 3 is 33.34, 33.33, 33.33: installments never differ by more than 0.01 and always sum to
/// the total exactly.
///
/// Dates: weekly and every-two-weeks plans step 7 or 14 days from the first requested date;
/// monthly plans keep the first date's day of month, clamped to each month's end (31 Jan → 28/29
/// Feb → 31 Mar). A requested date that is not a banking day of the country moves to the next
/// banking day (`dueDate`); the requested date is kept (`requestedDueDate`) and the next date is
/// always computed from the requested ones, so a moved date never shifts later installments.
public enum PlanScheduler {
    /// Hard ceiling on installments regardless of policy: a bound on work per request. The policy
    /// limit (`PlanPolicy.maxInstallments`) is much lower and checked by `PlanValidator`.
    public static let installmentCountMax = 520

    /// The schedule for `terms` in `country`.
    ///
    /// Refused: fewer than 1 installment (`PLAN_EMPTY`) or more than `installmentCountMax`
    /// (`PLAN_TOO_MANY_INSTALLMENTS`); a total that is not positive (`PLAN_TOTAL_NOT_POSITIVE`) or
    /// not in the country's currency (`PLAN_CURRENCY_MISMATCH`); a due date outside the holiday
    /// calendars' supported years (`PLAN_DATE_OUT_OF_RANGE`).
    public static func schedule(_ terms: PlanTerms, country: Country) throws(DomainError) -> [ScheduledInstallment] {
        let count = terms.installmentCount
        guard count >= 1 else {
            throw DomainError(code: DomainError.Code.planEmpty, fieldPath: "terms.installment_count",
                              message: "a plan needs at least 1 installment, got \(count)")
        }
        guard count <= installmentCountMax else {
            throw DomainError(code: DomainError.Code.planTooManyInstallments, fieldPath: "terms.installment_count",
                              message: "a plan can have at most \(installmentCountMax) installments, got \(count)")
        }
        try requireCurrency(terms.total, country: country, fieldPath: "terms.total")
        guard terms.total.isPositive else {
            throw DomainError(code: DomainError.Code.planTotalNotPositive, fieldPath: "terms.total",
                              message: "the plan total must be above zero, got \(terms.total)")
        }

        let total = terms.total.minorUnits
        let base = total / Int64(count)
        let remainder = Int(total % Int64(count))
        var result: [ScheduledInstallment] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let requested = try requestedDate(index: index, terms: terms)
            let amount = Money(minorUnits: base + (index < remainder ? 1 : 0), currency: terms.total.currency)
            result.append(ScheduledInstallment(
                sequence: index + 1,
                dueDate: HolidayCalendar.nextBankingDay(onOrAfter: requested, country: country),
                requestedDueDate: requested, amount: amount))
        }
        precondition(result.reduce(Int64(0)) { $0 + $1.amount.minorUnits } == total, "schedule does not sum to total")
        return result
    }

    /// A schedule from explicit (requested date, amount) pairs, in the order given, each date
    /// moved to the next banking day of `country`. The sum and order are not checked here (the
    /// validator reports `PLAN_SUM_MISMATCH` and `PLAN_DUE_DATES_NOT_ASCENDING`).
    ///
    /// Refused: no items (`PLAN_EMPTY`), more than `installmentCountMax`
    /// (`PLAN_TOO_MANY_INSTALLMENTS`), an amount not in the country's currency
    /// (`PLAN_CURRENCY_MISMATCH`), a date outside the supported years (`PLAN_DATE_OUT_OF_RANGE`).
    public static func explicit(_ items: [(Day, Money)], country: Country) throws(DomainError) -> [ScheduledInstallment] {
        guard !items.isEmpty else {
            throw DomainError(code: DomainError.Code.planEmpty, fieldPath: "installments",
                              message: "an explicit schedule needs at least 1 installment")
        }
        guard items.count <= installmentCountMax else {
            throw DomainError(code: DomainError.Code.planTooManyInstallments, fieldPath: "installments",
                              message: "a plan can have at most \(installmentCountMax) installments, got \(items.count)")
        }
        var result: [ScheduledInstallment] = []
        result.reserveCapacity(items.count)
        for (index, (requested, amount)) in items.enumerated() {
            try requireCurrency(amount, country: country, fieldPath: "installments[\(index)].amount")
            try requireSupported(requested, fieldPath: "installments[\(index)].due_date")
            result.append(ScheduledInstallment(
                sequence: index + 1,
                dueDate: HolidayCalendar.nextBankingDay(onOrAfter: requested, country: country),
                requestedDueDate: requested, amount: amount))
        }
        return result
    }

    /// The requested (unmoved) due date of installment `index` (0-based).
    static func requestedDate(index: Int, terms: PlanTerms) throws(DomainError) -> Day {
        let first = terms.firstDueDate
        let date: Day?
        switch terms.frequency {
        case .weekly: date = first.advanced(byDays: 7 * index)
        case .biweekly: date = first.advanced(byDays: 14 * index)
        case .monthly: date = first.advanced(byMonths: index, preferredDay: first.day)
        }
        guard let date else { throw outOfRange(fieldPath: "terms.first_due_date") }
        try requireSupported(date, fieldPath: "terms.first_due_date")
        return date
    }

    static func requireSupported(_ day: Day, fieldPath: String) throws(DomainError) {
        guard HolidayCalendar.supportedYears.contains(day.year) else { throw outOfRange(fieldPath: fieldPath) }
    }

    static func outOfRange(fieldPath: String) -> DomainError {
        let years = HolidayCalendar.supportedYears
        return DomainError(code: DomainError.Code.planDateOutOfRange, fieldPath: fieldPath,
                           message: "due dates must lie in the years \(years.lowerBound)...\(years.upperBound)")
    }

    static func requireCurrency(_ amount: Money, country: Country, fieldPath: String) throws(DomainError) {
        guard amount.currency == country.currency else {
            throw DomainError(code: DomainError.Code.planCurrencyMismatch, fieldPath: fieldPath,
                              message: "plans in \(country) are in \(country.currency), got \(amount.currency)")
        }
    }
}
