extension PaymentPlan {
    /// The plan as its facts stand: a break is a conclusion drawn from the installments (amounts,
    /// due dates, the value dates that paid them in full) as of some day, so a stored break is set
    /// aside and drawn again as of the day asked — a payment made in time but recorded later, or a
    /// verdict stored while a clock ran ahead, can then not keep a plan broken. Completion and
    /// cancellation are facts and stay.
    public func withoutStoredBreak() -> PaymentPlan {
        guard case .broken = status else { return self }
        return PaymentPlan(id: id, caseId: caseId, status: .active, installments: installments, version: version, amendments: amendments)
    }

    /// The plan's state as of `day` from its facts alone (`withoutStoredBreak`, then `evaluate`
    /// with the case's pauses), at this version: what a reader sees on `day`, and what a payment
    /// with value date `day` is allocated against.
    public func asOf(_ day: Day, country: Country, graceBankingDays: Int, pauses: CaseFlags = CaseFlags()) -> PaymentPlan {
        let evaluated = withoutStoredBreak().evaluate(asOf: day, country: country, graceBankingDays: graceBankingDays, pauses: pauses)
        return PaymentPlan(id: id, caseId: caseId, status: evaluated.status, installments: evaluated.installments,
                           version: version, amendments: amendments)
    }
}
