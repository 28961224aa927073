/// An agreed payment plan or promise to pay for a case, with its installments and state.
///
/// Values are immutable; every transition (`cancel`, `amend`, `evaluate`, payment allocation)
/// returns a new value with `version + 1` when it changes anything, so the store can check the
/// version it read (optimistic concurrency) and keep the previous value as history.
public struct PaymentPlan: Sendable, Hashable {
    /// Plan identifier.
    public let id: String
    /// The case the plan belongs to.
    public let caseId: String
    /// Current state.
    public let status: PlanStatus
    /// Installments in sequence order (1, 2, ...), oldest due first.
    public let installments: [PlanInstallment]
    /// Incremented by every change.
    public let version: Int64
    /// How many times the plan has been amended.
    public let amendments: Int

    /// A plan as stored. Invariants (a bug if broken): at least one installment, sequences 1...n in
    /// order, one currency, a completed plan is fully paid. An active plan that is fully paid (only
    /// possible in data written outside these transitions) is completed by `evaluate`.
    public init(id: String, caseId: String, status: PlanStatus, installments: [PlanInstallment],
                version: Int64, amendments: Int) {
        precondition(!installments.isEmpty, "a plan has at least one installment")
        precondition(installments.enumerated().allSatisfy { $0.element.sequence == $0.offset + 1 },
                     "installment sequences must be 1...n in order")
        let currency = installments[0].amount.currency
        precondition(installments.allSatisfy { $0.amount.currency == currency }, "a plan has one currency")
        let allPaid = installments.allSatisfy(\.isPaid)
        if case .completed = status { precondition(allPaid, "a completed plan is fully paid") }
        precondition(version >= 1 && amendments >= 0, "version starts at 1")
        self.id = id
        self.caseId = caseId
        self.status = status
        self.installments = installments
        self.version = version
        self.amendments = amendments
    }

    /// A new active plan (version 1) from an agreed schedule.
    public init(id: String, caseId: String, schedule: [ScheduledInstallment]) {
        self.init(id: id, caseId: caseId, status: .active,
                  installments: schedule.map(PlanInstallment.init), version: 1, amendments: 0)
    }

    /// Promise to pay (one installment) or installment plan.
    public var kind: PlanKind { PlanKind(installmentCount: installments.count) }

    /// The plan's currency.
    public var currency: Currency { installments[0].amount.currency }

    /// The agreed total: the sum of all installments.
    public var total: Money { sum(\.amount) }

    /// Paid so far, over all installments.
    public var paid: Money { sum(\.paid) }

    /// Still to pay, over all installments.
    public var outstanding: Money { sum(\.outstanding) }

    /// The installments not yet paid in full, oldest due first.
    public var openInstallments: [PlanInstallment] { installments.filter { !$0.isPaid } }

    /// The due date of the oldest installment not paid in full, nil when all are paid.
    public var oldestUnpaidDueDate: Day? { installments.first { !$0.isPaid }?.dueDate }

    private func sum(_ part: (PlanInstallment) -> Money) -> Money {
        // A plan's amounts were summed when it was validated; overflow here is a bug.
        var total: Int64 = 0
        for installment in installments {
            let (value, overflow) = total.addingReportingOverflow(part(installment).minorUnits)
            precondition(!overflow, "plan sum overflows")
            total = value
        }
        return Money(minorUnits: total, currency: currency)
    }

    /// A copy with the given changes and `version + 1`.
    func next(status: PlanStatus? = nil, installments: [PlanInstallment]? = nil, amended: Bool = false) -> PaymentPlan {
        PaymentPlan(id: id, caseId: caseId, status: status ?? self.status,
                    installments: installments ?? self.installments,
                    version: version + 1, amendments: amendments + (amended ? 1 : 0))
    }
}
