extension PaymentPlan {
    /// Longest cancellation reason, in characters.
    public static let cancelReasonLengthMax = 500

    /// The plan cancelled on `day` for `reason` (trimmed, 1...`cancelReasonLengthMax` characters).
    /// Refused: a plan that is not active (`PLAN_NOT_ACTIVE`); an empty or overlong reason
    /// (`PLAN_CANCEL_REASON_REQUIRED`).
    public func cancel(on day: Day, reason: String) throws(DomainError) -> PaymentPlan {
        try requireActive("cancelled")
        let trimmed = PaymentPlan.trimmed(reason)
        guard !trimmed.isEmpty, trimmed.count <= PaymentPlan.cancelReasonLengthMax else {
            throw DomainError(code: DomainError.Code.planCancelReasonRequired, fieldPath: "reason",
                              message: "a cancellation needs a reason of 1 to \(PaymentPlan.cancelReasonLengthMax) characters")
        }
        return next(status: .cancelled(on: day, reason: trimmed))
    }

    /// The plan with its unpaid part replaced by `newSchedule`, amended on `day`.
    ///
    /// The amendment rule: fully paid installments stay as they are; a partly paid installment is
    /// closed at what was paid (its amount becomes its paid amount); every unpaid installment is
    /// dropped; `newSchedule` must sum exactly to the plan's outstanding amount, so the agreed
    /// total never changes through an amendment (a new total is a new plan). The new installments
    /// are numbered after the kept ones. The caller validates `newSchedule` against the policy with
    /// `PlanValidator` (total = `outstanding`, today = `day`), and should `evaluate` the plan as of
    /// `day` first so that a plan already broken is not amended.
    ///
    /// Refused: a plan that is not active (`PLAN_NOT_ACTIVE`); nothing outstanding
    /// (`PLAN_NOTHING_OUTSTANDING`); an empty schedule (`PLAN_EMPTY`); amounts in another currency
    /// (`PLAN_CURRENCY_MISMATCH`); a schedule not summing to the outstanding amount
    /// (`PLAN_AMENDMENT_SUM_MISMATCH`).
    public func amend(with newSchedule: [ScheduledInstallment], on day: Day) throws(DomainError) -> PaymentPlan {
        try requireActive("amended")
        let outstanding = self.outstanding
        guard outstanding.isPositive else {
            throw DomainError(code: DomainError.Code.planNothingOutstanding,
                              message: "plan \(id) has nothing outstanding to amend")
        }
        guard !newSchedule.isEmpty else {
            throw DomainError(code: DomainError.Code.planEmpty, fieldPath: "installments",
                              message: "an amendment needs at least 1 installment")
        }
        if let index = newSchedule.firstIndex(where: { $0.amount.currency != currency }) {
            throw DomainError(code: DomainError.Code.planCurrencyMismatch, fieldPath: "installments[\(index)].amount",
                              message: "plan \(id) is in \(currency), got \(newSchedule[index].amount.currency)")
        }
        let newSum = try? Money.sum(newSchedule.map(\.amount), currency: currency)
        guard newSum == outstanding, newSchedule.allSatisfy({ $0.amount.isPositive }) else {
            throw DomainError(code: DomainError.Code.planAmendmentSumMismatch, fieldPath: "installments",
                              message: "the new installments must be positive and sum exactly to the outstanding \(outstanding), they sum to \(newSum.map { "\($0)" } ?? "too much")")
        }

        var kept: [PlanInstallment] = []
        for installment in installments {
            if installment.isPaid {
                kept.append(installment)
            } else if installment.paid.isPositive {
                kept.append(installment.closedAtPaid(on: day))
            }
        }
        for scheduled in newSchedule {
            kept.append(PlanInstallment(sequence: kept.count + 1, dueDate: scheduled.dueDate,
                                        requestedDueDate: scheduled.requestedDueDate, amount: scheduled.amount))
        }
        return next(installments: kept, amended: true)
    }

    /// The plan's state as of `day`: unchanged unless active. Broken when some installment was not
    /// paid in full by its deadline (`deadline(of:…)`) with `broken(on:)` the day after the
    /// earliest such deadline; completed (on the day of the last payment, or `day` when no
    /// payment day is known) when every installment is paid and none was late. Evaluating again,
    /// or later, gives the same answer.
    public func evaluate(asOf day: Day, country: Country, graceBankingDays: Int, pauses: CaseFlags = CaseFlags()) -> PaymentPlan {
        precondition(graceBankingDays >= 0, "grace cannot be negative")
        guard status.isActive else { return self }
        for installment in installments {
            // A pause without an end holds the installment for as long as it lasts.
            guard let deadline = Self.deadline(of: installment.dueDate, country: country, graceBankingDays: graceBankingDays,
                                               pauses: pauses) else { continue }
            // A paid installment without a known payment day counts as paid in time.
            let paidInTime: Bool
            if let paidOn = installment.paidInFullOn { paidInTime = paidOn <= deadline } else { paidInTime = installment.isPaid }
            if !paidInTime, day > deadline {
                return next(status: .broken(on: deadline.adding(days: 1)))
            }
        }
        if installments.allSatisfy(\.isPaid) {
            return next(status: .completed(on: installments.compactMap(\.paidInFullOn).max() ?? day))
        }
        return self
    }

    /// The last day an installment due on `due` may be paid in full: `graceBankingDays` banking
    /// days of `country` after its due date, or, when it falls due during a pause, after the first
    /// day without one; and never a day whose morrow is paused, since a plan does not break while
    /// a pause is in force (`docs/DOMAIN.md`, "Pauses"). Nil while a pause without an end holds it.
    public static func deadline(of due: Day, country: Country, graceBankingDays: Int, pauses: CaseFlags) -> Day? {
        guard let start = pauses.firstDayWithoutPause(onOrAfter: due) else { return nil }
        let graceEnd = HolidayCalendar.addingBankingDays(graceBankingDays, to: start, country: country)
        guard let breakDay = graceEnd.advanced(byDays: 1),
              let firstUnpaused = pauses.firstDayWithoutPause(onOrAfter: breakDay) else { return nil }
        return firstUnpaused.adding(days: -1)
    }

    func requireActive(_ action: String) throws(DomainError) {
        guard status.isActive else {
            throw DomainError(code: DomainError.Code.planNotActive,
                              message: "plan \(id) is \(status.name) and cannot be \(action); only ACTIVE plans can")
        }
    }

    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }
}
