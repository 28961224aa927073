/// How much of a payment went to one installment.
public struct Allocation: Sendable, Hashable {
    /// The installment's sequence number.
    public let installmentSequence: Int
    /// Amount applied to it (positive).
    public let amount: Money

    /// An allocation.
    public init(installmentSequence: Int, amount: Money) {
        self.installmentSequence = installmentSequence
        self.amount = amount
    }
}

/// Applies incoming payments to a plan's installments.
public enum PaymentAllocator {
    /// Allocates `payment`, received on `day`, to the oldest open installment first, then the next,
    /// never more than an installment's outstanding amount. What is left after every installment
    /// is paid is returned as `remainder` (to be applied to the account or refunded); the plan
    /// becomes `completed(on: day)` when nothing is outstanding. Invariant: the allocations plus the
    /// remainder equal the payment exactly.
    ///
    /// Callers should `evaluate` the plan as of `day` first, so that a payment after the deadline
    /// does not revive a broken plan.
    ///
    /// Refused: a plan that is not active (`PLAN_NOT_ACTIVE`); a payment that is not positive
    /// (`PAYMENT_NOT_POSITIVE`) or not in the plan's currency (`PAYMENT_CURRENCY_MISMATCH`).
    public static func allocate(_ payment: Money, to plan: PaymentPlan, on day: Day)
        throws(DomainError) -> (plan: PaymentPlan, allocations: [Allocation], remainder: Money)
    {
        try plan.requireActive("paid into")
        guard payment.currency == plan.currency else {
            throw DomainError(code: DomainError.Code.paymentCurrencyMismatch, fieldPath: "amount",
                              message: "plan \(plan.id) is in \(plan.currency), the payment is in \(payment.currency)")
        }
        guard payment.isPositive else {
            throw DomainError(code: DomainError.Code.paymentNotPositive, fieldPath: "amount",
                              message: "a payment must be above zero, got \(payment)")
        }

        var left = payment.minorUnits
        var installments = plan.installments
        var allocations: [Allocation] = []
        // Installments are in due-date order (sequence order), so the first open one is the oldest.
        for index in installments.indices where left > 0 && !installments[index].isPaid {
            let applied = Swift.min(left, installments[index].outstanding.minorUnits)
            let amount = Money(minorUnits: applied, currency: payment.currency)
            installments[index] = installments[index].paying(amount, on: day)
            allocations.append(Allocation(installmentSequence: installments[index].sequence, amount: amount))
            left -= applied
        }
        let allPaid = installments.allSatisfy(\.isPaid)
        let updated = plan.next(status: allPaid ? .completed(on: day) : nil, installments: installments)
        let remainder = Money(minorUnits: left, currency: payment.currency)
        precondition(allocations.reduce(0) { $0 + $1.amount.minorUnits } + left == payment.minorUnits,
                     "allocation must conserve the payment")
        return (updated, allocations, remainder)
    }

    /// The plan without what `allocations` put into it: the inverse of `allocate` for one
    /// payment. Each installment loses exactly its allocation (and its paid-in-full day when no
    /// longer paid in full); a plan the payment completed is active again. Nil when the plan can
    /// no longer take the allocations back (not active or completed, or an installment holds
    /// less than was allocated to it). An amended plan renumbers its installments: the caller
    /// does not give one here.
    public static func unallocate(_ allocations: [Allocation], from plan: PaymentPlan) -> PaymentPlan? {
        switch plan.status {
        case .active, .completed: break
        case .broken, .cancelled: return nil
        }
        var installments = plan.installments
        for allocation in allocations {
            guard allocation.amount.currency == plan.currency,
                  let index = installments.firstIndex(where: { $0.sequence == allocation.installmentSequence }),
                  allocation.amount.isPositive, allocation.amount.minorUnits <= installments[index].paid.minorUnits else { return nil }
            installments[index] = installments[index].unpaying(allocation.amount)
        }
        return plan.next(status: .active, installments: installments)
    }
}
