import Testing
@testable import Domain

/// A bank's reversal undoes the payment it reverses through the allocation's own inverse
/// (`CaseAllocator.reverse`, `PaymentAllocator.unallocate`), from what the payment recorded.
@Suite("Payment reversal")
struct PaymentReversalTests {
    func account(_ number: String, balance: Int64, overdue: Int64, oldest: String?, credit: Int64 = 0) -> AccountPosition {
        AccountPosition(number: number, balance: sek(balance), overdue: sek(overdue), oldestUnpaidDue: oldest.map(day), credit: sek(credit))
    }

    func plan(_ amounts: [Int64]) throws -> PaymentPlan {
        let items = amounts.enumerated().map { (day("2026-12-14").adding(months: $0.offset), sek($0.element)) }
        return PaymentPlan(id: "P", caseId: "C", schedule: try PlanScheduler.explicit(items, country: .se))
    }

    func reverse(_ applied: PaymentApplication, _ amount: Int64, paidInto: String, accounts: [AccountPosition],
                 plan: PaymentPlan?) throws -> Result<PaymentApplication, CaseAllocator.ReversalRefusal> {
        try CaseAllocator.reverse(sek(amount), paidInto: paidInto, on: day("2026-12-02"), parts: applied.parts, credit: applied.credit,
                                  allocations: applied.planAllocations, accounts: accounts, plan: plan)
    }

    @Test("apply then reverse gives the case back: overdue, not yet due, oldest due dates, credit and a completed plan")
    func roundTrip() throws {
        let accounts = [account("A-1", balance: 300_000, overdue: 100_000, oldest: "2026-10-01", credit: 500),
                        account("A-2", balance: 50_000, overdue: 50_000, oldest: "2026-09-01")]
        let before = try plan([150_000, 200_000])
        let applied = try CaseAllocator.apply(sek(420_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: before)
        #expect(applied.plan?.status == .completed(on: day("2026-12-02")))
        #expect(applied.parts.map(\.number) == ["A-1", "A-2"])
        #expect(applied.parts[1].oldestUnpaidDueBefore == day("2026-09-01"))
        let undone = try reverse(applied, 420_000, paidInto: "A-1", accounts: applied.accounts, plan: applied.plan).get()
        #expect(undone.accounts == accounts)
        #expect(undone.plan?.installments == before.installments)
        #expect(undone.plan?.status == .active)
    }

    @Test("over many random cases and payments, reverse(apply) is the identity on accounts and installments")
    func roundTripProperty() throws {
        var random = SplitMix64(seed: 18)
        for _ in 0..<500 {
            var accounts: [AccountPosition] = []
            for index in 0..<Int.random(in: 1...3, using: &random) {
                let balance = Int64.random(in: 0...500_000, using: &random)
                let overdue = Int64.random(in: 0...balance, using: &random)
                let oldest = Day(daysSinceEpoch: day("2026-06-01").daysSinceEpoch + Int.random(in: 0...150, using: &random))!
                accounts.append(AccountPosition(number: "A-\(index)", balance: sek(balance), overdue: sek(overdue), oldestUnpaidDue: oldest,
                                                credit: sek(Int64.random(in: 0...1_000, using: &random))))
            }
            var installments = try plan((0..<Int.random(in: 1...4, using: &random)).map { _ in Int64.random(in: 1_000...100_000, using: &random) })
            // Some of the plan paid already, oldest first.
            let prepaid = Int64.random(in: 0...installments.total.minorUnits - 1, using: &random)
            if prepaid > 0 { installments = try PaymentAllocator.allocate(sek(prepaid), to: installments, on: day("2026-11-01")).plan }
            let amount = Int64.random(in: 1...800_000, using: &random)
            let target = accounts[Int.random(in: 0..<accounts.count, using: &random)].number
            let applied = try CaseAllocator.apply(sek(amount), paidInto: target, on: day("2026-12-02"), accounts: accounts, plan: installments)
            let undone = try reverse(applied, amount, paidInto: target, accounts: applied.accounts, plan: applied.plan ?? installments).get()
            #expect(undone.accounts == accounts)
            #expect(undone.plan.map(\.installments) ?? installments.installments == installments.installments)
        }
    }

    @Test("credit used or refunded since is owed again, overdue from the payment's value date")
    func creditSpentSinceIsOwedAgain() throws {
        let accounts = [account("A-1", balance: 10_000, overdue: 0, oldest: nil)]
        let applied = try CaseAllocator.apply(sek(30_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: nil)
        #expect(applied.credit == sek(20_000))
        // 15 000 of the credit paid back to the customer since.
        let now = [account("A-1", balance: 0, overdue: 0, oldest: nil, credit: 5_000)]
        let undone = try reverse(applied, 30_000, paidInto: "A-1", accounts: now, plan: nil).get()
        #expect(undone.accounts[0].credit == sek(0))
        #expect(undone.accounts[0].balance == sek(25_000), "the 10 000 of debt back and the 15 000 refunded owed again")
        #expect(undone.accounts[0].overdue == sek(15_000))
        #expect(undone.accounts[0].oldestUnpaidDue == day("2026-12-02"))
    }

    @Test("a plan amended, cancelled or broken since, or an account gone, is refused for a handler")
    func refusals() throws {
        let accounts = [account("A-1", balance: 300_000, overdue: 100_000, oldest: "2026-10-01")]
        let before = try plan([100_000, 100_000])
        let applied = try CaseAllocator.apply(sek(50_000), paidInto: "A-1", on: day("2026-12-02"), accounts: accounts, plan: before)
        let cancelled = PaymentPlan(id: "P", caseId: "C", status: .cancelled(on: day("2026-12-03"), reason: "x"),
                                    installments: applied.plan!.installments, version: 3, amendments: 0)
        #expect(try reverse(applied, 50_000, paidInto: "A-1", accounts: applied.accounts, plan: cancelled).failure == .planChanged)
        #expect(try reverse(applied, 50_000, paidInto: "A-1", accounts: applied.accounts, plan: nil).failure == .planChanged)
        #expect(try reverse(applied, 50_000, paidInto: "A-1", accounts: applied.accounts, plan: before).failure == .planChanged,
                "the installment no longer holds what the payment put in")
        #expect(try reverse(applied, 50_000, paidInto: "A-9", accounts: applied.accounts, plan: applied.plan).failure == .accountGone("A-9"))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
