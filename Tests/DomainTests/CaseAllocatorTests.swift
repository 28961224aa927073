import Testing
@testable import Domain

/// The one allocation rule across a case's accounts and its plan (issue 12, defects 4 and 5).
@Suite("Case allocation")
struct CaseAllocatorTests {
    func account(_ number: String, balance: Int64, overdue: Int64, oldest: String?, credit: Int64 = 0) -> AccountPosition {
        AccountPosition(number: number, balance: sek(balance), overdue: sek(overdue), oldestUnpaidDue: oldest.map(day), credit: sek(credit))
    }

    func plan(_ amounts: [Int64]) throws -> PaymentPlan {
        let items = amounts.enumerated().map { (day("2026-12-14").adding(months: $0.offset), sek($0.element)) }
        return PaymentPlan(id: "P", caseId: "C", schedule: try PlanScheduler.explicit(items, country: .se))
    }

    /// The case: the account paid into owes 377 overdue, another account more; a 1 000
    /// payment pays installment 1 and the case's overdue falls by 1 000, not 377.
    @Test func overdueAndPlanMoveByTheSameAmount() throws {
        let accounts = [account("A-1", balance: 500_000, overdue: 37_700, oldest: "2026-10-01"),
                        account("A-2", balance: 900_000, overdue: 200_000, oldest: "2026-09-01")]
        let result = try CaseAllocator.apply(sek(100_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts,
                                             plan: try plan([100_000, 100_000, 100_000]))
        #expect(result.overduePaid == sek(100_000))
        #expect(result.debtPaid == sek(100_000))
        #expect(result.credit == sek(0))
        // Oldest overdue first: A-2's (September) before A-1's (October).
        #expect(result.accounts.map(\.overdue) == [sek(37_700), sek(100_000)])
        #expect(result.accounts.map(\.balance) == [sek(500_000), sek(800_000)])
        #expect(result.planAllocations == [Allocation(installmentSequence: 1, amount: sek(100_000))])
        #expect(result.plan?.paid == result.debtPaid)
    }

    @Test func overdueThenNotYetDueThenCredit() throws {
        let accounts = [account("A-1", balance: 50_000, overdue: 10_000, oldest: "2026-10-01"),
                        account("A-2", balance: 20_000, overdue: 20_000, oldest: "2026-10-01")]
        // Same due date: the account paid into first. Then A-1's 40 000 not yet due; then credit.
        let result = try CaseAllocator.apply(sek(100_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: nil)
        #expect(result.accounts.map(\.balance) == [sek(0), sek(0)])
        #expect(result.accounts.map(\.overdue) == [sek(0), sek(0)])
        #expect(result.accounts.map(\.oldestUnpaidDue) == [nil, nil])
        #expect(result.accounts.map(\.credit) == [sek(30_000), sek(0)])
        #expect(result.debtPaid == sek(70_000) && result.overduePaid == sek(30_000) && result.credit == sek(30_000))

        let partial = try CaseAllocator.apply(sek(15_000), paidInto: "A-2", on: day("2026-12-02"), accounts: accounts, plan: nil)
        #expect(partial.accounts.map(\.overdue) == [sek(10_000), sek(5_000)], "the account paid into first on the same date")
        #expect(partial.accounts[1].oldestUnpaidDue == day("2026-10-01"), "still partly overdue")
    }

    /// Nothing disappears: debt paid + credit = payment, and the plan takes only debt paid.
    @Test func overPaymentBeyondThePlanAndTheDebtIsKeptAsCredit() throws {
        let accounts = [account("A-1", balance: 300_000, overdue: 100_000, oldest: "2026-10-01", credit: 500)]
        let result = try CaseAllocator.apply(sek(350_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts,
                                             plan: try plan([100_000, 100_000]))
        #expect(result.planAllocations.map(\.amount) == [sek(100_000), sek(100_000)])
        #expect(result.plan?.status == .completed(on: day("2026-12-02")))
        #expect(result.debtPaid == sek(300_000))
        #expect(result.credit == sek(50_000))
        #expect(result.accounts[0].credit == sek(50_500), "credit adds to what the account held")
        #expect(try result.debtPaid.adding(result.credit) == sek(350_000))
    }

    @Test func aPlanThatIsNotActiveTakesNothing() throws {
        let accounts = [account("A-1", balance: 300_000, overdue: 100_000, oldest: "2026-10-01")]
        let cancelled = try plan([100_000]).cancel(on: day("2026-12-01"), reason: "test")
        let result = try CaseAllocator.apply(sek(10_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: cancelled)
        #expect(result.plan == nil && result.planAllocations.isEmpty)
        #expect(result.overduePaid == sek(10_000))
    }

    @Test func refusesBadPayments() throws {
        let accounts = [account("A-1", balance: 300_000, overdue: 100_000, oldest: "2026-10-01")]
        #expect(domainError { try CaseAllocator.apply(sek(0), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: nil) }?.code
            == "PAYMENT_NOT_POSITIVE")
        #expect(domainError { try CaseAllocator.apply(nok(5), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: nil) }?.code
            == "PAYMENT_CURRENCY_MISMATCH")
        #expect(domainError { try CaseAllocator.apply(sek(5), paidInto: "A-9", on: day("2026-12-02"), accounts: accounts, plan: nil) }?.code
            == "PAYMENT_CURRENCY_MISMATCH")
        let full = [account("A-1", balance: 0, overdue: 0, oldest: nil, credit: .max - 1)]
        #expect(domainError { try CaseAllocator.apply(sek(5), paidInto: "A-1", on: day("2026-12-02"), accounts: full, plan: nil) }?.code
            == "MONEY_OVERFLOW")
    }

    /// A property: over random cases and payments, the case's money is conserved.
    @Test func conservesMoney() throws {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<2_000 {
            let accounts = (0..<Int.random(in: 1...3, using: &random)).map { index in
                let balance = Int64.random(in: 0...1_000_000, using: &random)
                return account("A-\(index)", balance: balance, overdue: Int64.random(in: 0...balance, using: &random),
                               oldest: ["2026-09-01", "2026-10-01"][Int.random(in: 0...1, using: &random)])
            }
            let payment = sek(Int64.random(in: 1...2_000_000, using: &random))
            let result = try CaseAllocator.apply(payment, paidInto: "A-0", on: day("2026-12-02"), accounts: accounts, plan: nil)
            let owedBefore = accounts.reduce(0) { $0 + $1.balance.minorUnits }
            let owedAfter = result.accounts.reduce(0) { $0 + $1.balance.minorUnits }
            let overdueBefore = accounts.reduce(0) { $0 + $1.overdue.minorUnits }
            let overdueAfter = result.accounts.reduce(0) { $0 + $1.overdue.minorUnits }
            #expect(owedBefore - owedAfter == result.debtPaid.minorUnits)
            #expect(overdueBefore - overdueAfter == min(payment.minorUnits, overdueBefore))
            #expect(result.debtPaid.minorUnits + result.credit.minorUnits == payment.minorUnits)
        }
    }
}
