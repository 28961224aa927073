import Foundation
import Testing

/// Plans evaluated as of each payment's value date, with the server's day moved by `serve --today`
/// (issue 12, defect 3): a payment made in time but recorded late keeps the plan, and a clock that
/// ran ahead stores nothing as true as of a day that has not come.
@Suite(.serialized) struct PlanAsOfEndToEndTests {
    /// A server whose today is `day`, with a three-installment plan (1 000 SEK each, the first due
    /// 2026-12-04) agreed on 2026-11-20.
    func serverWithPlan() throws -> (server: ServerProcess, planID: String, account: String) {
        let server = try ServerProcess(serveArguments: ["--today", "2026-11-20"])
        let (caseID, account, _) = try HandlerWorkflowEndToEndTests().freeSwedishCase(server)
        let created = try server.json(["plan", "create", caseID, "--total", "3000", "--count", "3", "--first-due", "2026-12-04"])
        let planID = try #require(created.at("plan.plan_id") as? String)
        #expect(created.at("plan.installments.0.due_date") as? String == "2026-12-04")
        return (server, planID, account)
    }

    func restart(_ server: ServerProcess, today: String) throws {
        #expect(server.stop() == 0)
        server.serveArguments = ["--today", today]
        try server.start()
    }

    func auditActions(_ server: ServerProcess, planID: String) throws -> [String] {
        let rows = try server.json(["audit", "list", "--entity", "plan", "--id", planID], token: "ida.auditor")
        return (rows["rows"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
    }

    @Test func aPaymentMadeInTimeButRecordedLateRestoresThePlan() throws {
        let (server, planID, account) = try serverWithPlan()
        // 2026-12-12: installment 1's deadline (due 4 Dec + 3 banking days = 9 Dec) has passed.
        try restart(server, today: "2026-12-12")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "BROKEN")

        let paid = try server.json(["payment", "record", account, "--amount", "1000", "--currency", "SEK", "--date", "2026-12-03"])
        let allocations = paid.at("payment.allocations") as? [[String: Any]] ?? []
        #expect(allocations.count == 1, "the payment of 3 Dec goes to installment 1, due 4 Dec")
        #expect(allocations.first?["plan_id"] as? String == planID)
        let plan = try server.json(["plan", "show", planID])
        #expect(plan.at("plan.status") as? String == "ACTIVE")
        #expect(plan.at("plan.installments.0.status") as? String == "PAID")
        #expect(plan.at("plan.installments.0.paid_in_full_on") as? String == "2026-12-03", "the value date, not the day recorded")
        #expect(try server.collectctl(["plan", "show", planID]).stdout.contains("paid on 2026-12-03"))
        #expect(try auditActions(server, planID: planID).contains("plan.restored"), "the restoration is audited")

        // Facts, not verdicts: the same answer after a restart, and weeks later the plan breaks
        // only on installment 2 (due 4 Jan 2027), never on installment 1.
        try restart(server, today: "2026-12-12")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "ACTIVE")
        try restart(server, today: "2027-01-20")
        let later = try server.json(["plan", "show", planID])
        #expect(later.at("plan.status") as? String == "BROKEN")
        #expect(later.at("plan.broken_on") as? String == "2027-01-09", "the day after installment 2's deadline (Friday 8 Jan: 6 Jan is Epiphany)")
        #expect(server.stop() == 0)
    }

    @Test func aClockThatRanAheadLeavesNoFutureVerdict() throws {
        let (server, planID, account) = try serverWithPlan()
        // The clock jumps 60 days ahead; a handler records the payment of the real day.
        try restart(server, today: "2027-01-19")
        let paid = try server.json(["payment", "record", account, "--amount", "100", "--currency", "SEK", "--date", "2026-11-20"])
        #expect((paid.at("payment.allocations") as? [Any])?.count == 1, "as of its value date the plan was in good standing")
        // The clock is right again: the plan is as it was, with the payment on installment 1.
        try restart(server, today: "2026-11-20")
        let plan = try server.json(["plan", "show", planID])
        #expect(plan.at("plan.status") as? String == "ACTIVE")
        #expect(plan.at("plan.installments.0.paid.amount") as? String == "100.00")
        let caseID = try #require(plan.at("plan.case_id") as? String)
        #expect(try server.json(["case", "show", caseID]).at("view.summary.status") as? String == "IN_PLAN",
                "the case view's status is drawn as of the day read, like its plans")
        #expect(!(try auditActions(server, planID: planID).contains("plan.broken")), "no break stored as of a day that had not come")
        #expect(server.stop() == 0)
    }

    @Test func aDayThatDoesNotExistIsRefused() throws {
        let outcome = try ServerProcess.run(ServerProcess.binDirectory + "/collect-server", ["serve", "--plaintext", "--today", "2026-02-30"])
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--today"))
    }
}
