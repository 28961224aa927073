import Foundation
import Testing

/// The day an installment was paid in full is a fact that later payments keep: reading a case's
/// plans for a payment dropped it, and the payment stored the plan back without it, so an
/// installment paid on time could later read as paid on an unknown day.
@Suite(.serialized) struct PaidInFullOnEndToEndTests {
    @Test func aSecondPaymentKeepsTheDayTheFirstInstallmentWasPaid() throws {
        let (server, planID, account) = try PlanAsOfEndToEndTests().serverWithPlan()
        let first = try server.collectctl(["payment", "record", account, "--amount", "1000", "--currency", "SEK", "--date", "2026-11-20"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try server.json(["plan", "show", planID]).at("plan.installments.0.paid_in_full_on") as? String == "2026-11-20")
        let second = try server.collectctl(["payment", "record", account, "--amount", "400", "--currency", "SEK", "--date", "2026-11-20"])
        #expect(second.status == 0, "\(second.stderr)")
        let plan = try server.json(["plan", "show", planID])
        #expect(plan.at("plan.installments.0.paid_in_full_on") as? String == "2026-11-20", "kept by the second payment")
        #expect(plan.at("plan.installments.1.paid.amount") as? String == "400.00")
        let caseID = try #require(plan.at("plan.case_id") as? String)
        #expect(try server.json(["case", "show", caseID]).at("view.plans.0.installments.0.paid_in_full_on") as? String == "2026-11-20",
                "the case view reads it too")
        #expect(server.stop() == 0)
    }
}
