import Testing
@testable import Domain

/// A plan does not break while a pause is in force (issue 12, defect 6; `docs/DOMAIN.md`, "Pauses").
@Suite("Plans under a pause")
struct PlanPauseTests {
    let plans = PlanAsOfTests()

    func asOf(_ plan: PaymentPlan, _ date: String, _ flags: [CaseFlag]) -> PaymentPlan {
        plan.asOf(day(date), country: .se, graceBankingDays: 3, pauses: CaseFlags(flags))
    }

    @Test func anInstallmentDueDuringAPauseHasItsGraceFromTheDayAfter() throws {
        let plan = try plans.plan()
        let hardship = [CaseFlag(.hardshipPause, until: day("2026-12-20"), from: day("2026-11-20"))]
        #expect(asOf(plan, "2026-12-12", hardship).status == .active)
        // Grace from Monday 21 Dec: 22, 23 and (24–27 closed) 28 Dec.
        #expect(asOf(plan, "2026-12-28", hardship).status == .active)
        #expect(asOf(plan, "2026-12-30", hardship).status == .broken(on: day("2026-12-29")))
    }

    @Test func aPauseStartedDuringTheGraceHoldsTheBreakUntilItLifts() throws {
        let plan = try plans.plan()
        let dispute = [CaseFlag(.dispute, until: day("2026-12-15"), from: day("2026-12-07"))]
        #expect(asOf(plan, "2026-12-12", dispute).status == .active, "no break while the dispute is in force")
        #expect(asOf(plan, "2026-12-17", dispute).status == .broken(on: day("2026-12-16")))
    }

    @Test func aPauseSetAfterTheBreakDoesNotReachBack() throws {
        let plan = try plans.plan()
        let late = [CaseFlag(.hardshipPause, until: day("2027-01-31"), from: day("2026-12-20"))]
        #expect(asOf(plan, "2026-12-22", late).status == .broken(on: day("2026-12-10")))
    }

    @Test func aPauseWithoutAnEndHoldsTheInstallmentAndOtherFlagsDoNot() throws {
        let plan = try plans.plan()
        #expect(asOf(plan, "2027-06-01", [CaseFlag(.dispute, from: day("2026-11-01"))]).status == .active)
        #expect(asOf(plan, "2026-12-12", [CaseFlag(.vulnerable), CaseFlag(.callOptOut)]).status == .broken(on: day("2026-12-10")))
    }
}
