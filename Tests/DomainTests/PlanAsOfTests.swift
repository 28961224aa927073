import Testing
@testable import Domain

/// Plans evaluated as of a day from their facts (issue 12, defect 3).
@Suite("Plans as of a day")
struct PlanAsOfTests {
    /// 3 × 1 000 SEK, due 2026-12-04 (a Friday), 2027-01-04 and 2027-02-04.
    func plan() throws -> PaymentPlan {
        let terms = PlanTerms(total: sek(300_000), installmentCount: 3, frequency: .monthly, firstDueDate: day("2026-12-04"))
        return PaymentPlan(id: "P", caseId: "C", schedule: try PlanScheduler.schedule(terms, country: .se))
    }

    func asOf(_ plan: PaymentPlan, _ date: String) -> PaymentPlan { plan.asOf(day(date), country: .se, graceBankingDays: 3) }

    @Test func aPaymentInTimeRecordedLateKeepsThePlan() throws {
        let plan = try plan()
        // Deadline of installment 1: 3 banking days after Friday 4 Dec = Wednesday 9 Dec.
        #expect(asOf(plan, "2026-12-09").status == .active)
        #expect(asOf(plan, "2026-12-12").status == .broken(on: day("2026-12-10")))
        // Recorded on the 12th, paid on the 3rd: allocated as of the 3rd.
        let atPayment = asOf(plan, "2026-12-03")
        #expect(atPayment.status == .active)
        let paid = try PaymentAllocator.allocate(sek(100_000), to: atPayment, on: day("2026-12-03")).plan
        #expect(paid.installments[0].paidInFullOn == day("2026-12-03"))
        #expect(asOf(paid, "2026-12-12").status == .active, "restored: paid within the grace rule")
        // Installment 2 is due Monday 4 Jan; 6 Jan is Epiphany, so its deadline is Friday 8 Jan.
        #expect(asOf(paid, "2027-01-08").status == .active)
        #expect(asOf(paid, "2027-01-20").status == .broken(on: day("2027-01-09")))
    }

    @Test func aStoredBreakIsDrawnAgainFromTheFacts() throws {
        let plan = try plan()
        let storedBroken = plan.evaluate(asOf: day("2027-01-20"), country: .se, graceBankingDays: 3)
        #expect(storedBroken.status == .broken(on: day("2026-12-10")))
        // A verdict stored while a clock ran ahead does not hold on the right day.
        #expect(asOf(storedBroken, "2026-11-20").status == .active)
        #expect(asOf(storedBroken, "2026-11-20").version == storedBroken.version, "reading changes no version")
        // A payment too late does not restore it.
        let late = try PaymentAllocator.allocate(sek(100_000), to: asOf(storedBroken, "2026-12-09"), on: day("2026-12-11")).plan
        #expect(asOf(late, "2026-12-12").status == .broken(on: day("2026-12-10")))
        // Cancellation and completion are facts.
        let cancelled = try plan.cancel(on: day("2026-11-25"), reason: "customer asked")
        #expect(asOf(cancelled, "2026-12-12").status == cancelled.status)
    }
}
