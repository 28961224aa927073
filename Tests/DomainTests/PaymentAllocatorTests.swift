import Testing
@testable import Domain

@Suite("Payment allocation")
struct PaymentAllocatorTests {
    func plan(_ amounts: [Int64], country: Country = .se) throws -> PaymentPlan {
        let items = amounts.enumerated().map { (day("2026-03-16").adding(months: $0.offset), Money(minorUnits: $0.element, currency: country.currency)) }
        return PaymentPlan(id: "P", caseId: "C", schedule: try PlanScheduler.explicit(items, country: country))
    }

    @Test func oldestOpenInstallmentFirstWithPartialPayments() throws {
        let p = try plan([10_000, 10_000, 10_000])
        let first = try PaymentAllocator.allocate(sek(15_000), to: p, on: day("2026-03-16"))
        #expect(first.allocations == [Allocation(installmentSequence: 1, amount: sek(10_000)),
                                      Allocation(installmentSequence: 2, amount: sek(5_000))])
        #expect(first.remainder == sek(0))
        #expect(first.plan.installments.map(\.paid) == [sek(10_000), sek(5_000), sek(0)])
        #expect(first.plan.installments[0].paidInFullOn == day("2026-03-16"))
        #expect(first.plan.installments[1].paidInFullOn == nil)
        #expect(first.plan.version == 2 && first.plan.status == .active)

        let second = try PaymentAllocator.allocate(sek(1), to: first.plan, on: day("2026-03-20"))
        #expect(second.allocations == [Allocation(installmentSequence: 2, amount: sek(1))])
    }

    @Test func overPaymentCompletesThePlanAndReturnsTheRemainder() throws {
        let p = try plan([10_000, 10_000])
        let result = try PaymentAllocator.allocate(sek(25_050), to: p, on: day("2026-04-01"))
        #expect(result.remainder == sek(5_050))
        #expect(result.plan.status == .completed(on: day("2026-04-01")))
        #expect(result.plan.outstanding == sek(0))
        #expect(domainError { try PaymentAllocator.allocate(sek(1), to: result.plan, on: day("2026-04-02")) }?.code == "PLAN_NOT_ACTIVE")
    }

    @Test func refusesBadPayments() throws {
        let p = try plan([10_000])
        #expect(domainError { try PaymentAllocator.allocate(sek(0), to: p, on: day("2026-04-01")) }?.code == "PAYMENT_NOT_POSITIVE")
        #expect(domainError { try PaymentAllocator.allocate(sek(-5), to: p, on: day("2026-04-01")) }?.code == "PAYMENT_NOT_POSITIVE")
        #expect(domainError { try PaymentAllocator.allocate(nok(5), to: p, on: day("2026-04-01")) }?.code == "PAYMENT_CURRENCY_MISMATCH")
    }

    @Test func completedByEvaluationWhenAllPaidInTime() throws {
        let p = try plan([10_000])
        // A completed plan stays completed on evaluation.
        let paid = try PaymentAllocator.allocate(sek(10_000), to: p, on: day("2026-03-16")).plan
        #expect(paid.status == .completed(on: day("2026-03-16")))
        #expect(paid.evaluate(asOf: day("2026-12-01"), country: .se, graceBankingDays: 3) == paid)
    }

    @Test func propertyAllocationConservesMoneyAndCompletesExactlyWhenPaid() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<1500 {
            let country = Country.allCases.randomElement(using: &rng)!
            let count = Int.random(in: 1...12, using: &rng)
            let total = Int64.random(in: Int64(count)...5_000_000, using: &rng)
            var current = PaymentPlan(id: "P", caseId: "C", schedule: try PlanScheduler.schedule(
                PlanTerms(total: Money(minorUnits: total, currency: country.currency), installmentCount: count,
                          frequency: .monthly, firstDueDate: day("2026-03-16")), country: country))
            var paidSoFar: Int64 = 0
            var payDay = day("2026-03-01")
            while current.status == .active {
                let payment = Money(minorUnits: Int64.random(in: 1...(total / 2 + 1), using: &rng), currency: country.currency)
                payDay = payDay.adding(days: Int.random(in: 0...10, using: &rng))
                let before = current
                let result = try PaymentAllocator.allocate(payment, to: current, on: payDay)
                current = result.plan

                let allocated = result.allocations.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
                #expect(allocated + result.remainder.minorUnits == payment.minorUnits)
                #expect(result.allocations.allSatisfy { $0.amount.isPositive })
                #expect(current.installments.allSatisfy { $0.paid.minorUnits <= $0.amount.minorUnits })
                for allocation in result.allocations {
                    let old = before.installments[allocation.installmentSequence - 1]
                    #expect(allocation.amount.minorUnits <= old.outstanding.minorUnits)
                }
                // Allocations go oldest first: every installment before the last one touched is now paid.
                if let last = result.allocations.last?.installmentSequence {
                    #expect(current.installments[0..<(last - 1)].allSatisfy { $0.isPaid })
                }
                paidSoFar += allocated
                #expect(current.paid.minorUnits == paidSoFar)
                #expect(current.total.minorUnits == total)
                #expect((current.status == .completed(on: payDay)) == (paidSoFar == total))
                #expect(result.remainder.isPositive ? paidSoFar == total : true)
            }
        }
    }
}
