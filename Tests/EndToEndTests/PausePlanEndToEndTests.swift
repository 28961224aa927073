import Foundation
import Testing

/// What a pause does to plans, read as of the server's day moved by `serve --today` (issue 12,
/// defect 6): a plan does not break while a pause is in force (an installment due during it has
/// its grace counted from the day after), a dispute freezes amending as well as creating, and a
/// pause lifts on its end date in the case view and in search alike.
@Suite(.serialized) struct PausePlanEndToEndTests {
    let planTests = PlanAsOfEndToEndTests()

    func searchIDs(_ server: ServerProcess, status: String) throws -> [String] {
        let found = try server.json(["case", "search", "--country", "se", "--status", status, "--page-size", "200"])
        return (found["cases"] as? [[String: Any]] ?? []).compactMap { $0["case_id"] as? String }
    }

    @Test func anInstallmentDueDuringAHardshipPauseHasItsGraceAfterThePause() throws {
        let (server, planID, _) = try planTests.serverWithPlan()
        let caseID = try #require(try server.json(["plan", "show", planID]).at("plan.case_id") as? String)
        let paused = try server.collectctl(["case", "flag", "set", caseID, "hardship_pause", "--reason", "sjukskriven, åter i januari",
                                            "--until", "2026-12-20"])
        #expect(paused.status == 0, "\(paused.stderr)")

        // 12 Dec: installment 1 (due 4 Dec, during the pause) is unpaid, but its grace has not begun.
        try planTests.restart(server, today: "2026-12-12")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "ACTIVE", "no break while the pause is in force")
        #expect(try server.json(["case", "show", caseID]).at("view.summary.status") as? String == "PAUSED")
        #expect(try searchIDs(server, status: "paused").contains(caseID))

        // 22 Dec: the pause lifted on its end date without anyone touching the case (the stored
        // status still says PAUSED); grace runs from 21 Dec, so the plan still stands.
        try planTests.restart(server, today: "2026-12-22")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "ACTIVE")
        #expect(try server.json(["case", "show", caseID]).at("view.summary.status") as? String == "IN_PLAN")
        #expect(!(try searchIDs(server, status: "paused").contains(caseID)), "search agrees with the case view as of today")
        #expect(try searchIDs(server, status: "in_plan").contains(caseID))
        let summary = try server.json(["case", "search", "--country", "se", "--status", "in_plan", "--page-size", "200"])
        let row = (summary["cases"] as? [[String: Any]] ?? []).first { $0["case_id"] as? String == caseID }
        #expect(row?["status"] as? String == "IN_PLAN")

        // 5 Jan: three banking days after the pause have passed with installment 1 unpaid.
        try planTests.restart(server, today: "2027-01-05")
        let broken = try server.json(["plan", "show", planID])
        #expect(broken.at("plan.status") as? String == "BROKEN")
        #expect((broken.at("plan.broken_on") as? String ?? "") > "2026-12-23", "the break is counted from the end of the pause")
        #expect(server.stop() == 0)
    }

    @Test func aDisputeFreezesAmendingUntilItLifts() throws {
        let (server, planID, _) = try planTests.serverWithPlan()
        let caseID = try #require(try server.json(["plan", "show", planID]).at("plan.case_id") as? String)
        let disputed = try server.collectctl(["case", "flag", "set", caseID, "dispute", "--reason", "bestrider köpet", "--until", "2026-12-31"])
        #expect(disputed.status == 0, "\(disputed.stderr)")

        let amend = ["plan", "amend", planID, "--total", "3000", "--count", "2", "--first-due", "2027-01-15", "--reason", "kunden bad om färre",
                     "--expected-version", "1"]
        let refused = try server.collectctl(amend)
        #expect(refused.status == 19, "\(refused.stderr)")
        #expect(refused.stderr.contains("CASE_DISPUTED"))
        let unchanged = try server.json(["plan", "show", planID])
        #expect(unchanged.at("plan.version") as? String == "1", "nothing changed")
        #expect((unchanged.at("plan.installments") as? [Any])?.count == 3)

        // 2 Jan: the dispute ended on 31 Dec; installment 1 (due 4 Dec) has grace from 1 Jan, and
        // the plan may be amended again.
        try planTests.restart(server, today: "2027-01-02")
        #expect(try server.json(["plan", "show", planID]).at("plan.status") as? String == "ACTIVE")
        let amended = try server.collectctl(amend)
        #expect(amended.status == 0, "\(amended.stderr)")
        #expect(server.stop() == 0)
    }
}
